/**
 * A local HTTP fake of the Telegram Bot API for end-to-end tests and benchmarks.
 *
 * The real process (or a grammY `Bot`) talks to it through `client.apiRoot` /
 * `TELEGRAM_API_ROOT`. It answers with realistic Bot API objects, keeps the
 * messages it has "sent" so edits behave like Telegram's (including
 * "message is not modified"), holds long-polling `getUpdates` requests open,
 * and — in strict mode, the default — refuses what the real server refuses:
 * over-long texts and captions, broken HTML, oversized callback data.
 *
 * Deliberate differences from the real server, all on the strict side or
 * out of scope for this project:
 * - a bare `&` in HTML is refused (Telegram's parser keeps it literally, but
 *   its documentation requires `&amp;`, and an unescaped `&` in our output
 *   means user text was not escaped);
 * - MarkdownV2/Markdown texts are not parsed: they are stored and measured as
 *   sent (this project uses HTML and entities);
 * - no automatic entities (urls, mentions) are detected in plain texts;
 * - updates are only delivered through `getUpdates`, never to a webhook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  CallbackQuery,
  Chat,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { createFloodControl, type FloodLimits } from "./bot-api-flood.js";

// ---------------------------------------------------------------------------
// Public types

export interface RecordedCall {
  method: string;
  /** The decoded parameters; uploaded files appear as {@link UploadedFile}. */
  payload: Record<string, unknown>;
  /** `Date.now()` when the fake answered. */
  at: number;
  /** `Date.now()` when the request arrived (before the latency); where flood limits count it. */
  receivedAt?: number;
  token: string;
  /** What the fake answered, so tests can read a sent Message or an error. */
  response: ApiResponse;
}

/** How a multipart file upload is recorded in {@link RecordedCall.payload}. */
export interface UploadedFile {
  kind: "upload";
  /** The multipart field that carried the bytes (grammY uses a random id). */
  field: string;
  filename: string;
  size: number;
  contentType?: string;
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export interface BotApiFakeOptions {
  /** Delay before each answer, getUpdates included. Default 0. */
  latencyMs?: number;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  botUsername?: string;
  botId?: number;
  /** Enforce the real server's validation rules (lengths, HTML, buttons, file ids). Default true. */
  strict?: boolean;
  /** Record getUpdates calls in `calls` too. Default false. */
  recordGetUpdates?: boolean;
  /** When set, requests with another token answer 401 Unauthorized. */
  token?: string;
  /** Up to this many ms added to each answer's latency, uniformly at random. Default 0. */
  latencyJitterMs?: number;
  /**
   * Enforce Telegram's flood limits (test/support/bot-api-flood.ts): `true` for
   * Telegram's, or some of them overridden. A request over a limit answers 429
   * with retry_after. Default off.
   */
  floodLimits?: true | Partial<FloodLimits>;
}

/** A pushed update; the fake assigns `update_id` when absent. */
export type PendingUpdate = Omit<Update, "update_id"> & { update_id?: number };

/** Replaces a built-in method or adds one; return the `result`, or throw {@link BotApiFakeError}. */
export type MethodHandler = (payload: Record<string, unknown>, token: string) => unknown;

export interface BotApiFake {
  /** e.g. http://127.0.0.1:PORT — give it to grammY as `client.apiRoot` or to the app as TELEGRAM_API_ROOT. */
  apiRoot: string;
  /** What getMe answers; pass as `botInfo` to skip the getMe call. */
  botInfo: UserFromGetMe;
  /** Every call in the order answered (getUpdates excluded unless `recordGetUpdates`). */
  calls: RecordedCall[];
  /** Queues an update for getUpdates, waking a pending long poll; returns its update_id. */
  /**
   * Stores the messages of an update handled without the fake (bot.handleUpdate in
   * tests) as if Telegram had delivered it, so the bot can copy or forward them.
   */
  remember(update: PendingUpdate): void;
  pushUpdate(update: PendingUpdate): number;
  /** Calls with this chat_id answer 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number): void;
  unblockChat(chatId: number): void;
  /** The next `count` send*, copy* and forward* calls answer 429 with parameters.retry_after. */
  inject429(count: number, retryAfterSeconds: number): void;
  /** While set, every method (getUpdates included) answers this error: Telegram in trouble. `undefined` ends it. */
  setOutage(error: { error_code: number; description: string } | undefined): void;
  /** The next `count` calls of `method` are carried out, then the connection is dropped before the answer (the caller cannot know it worked). */
  loseResponses(method: string, count: number): void;
  setLatency(ms: number): void;
  setStrict(strict: boolean): void;
  /** Overrides (or adds) a method; `undefined` restores the built-in behaviour. */
  setHandler(method: string, handler: MethodHandler | undefined): void;
  /**
   * Resolves with the first recorded call (already recorded ones included) of
   * `method` that satisfies `predicate`; rejects after `timeoutMs` (default 5000).
   */
  waitForCall(method: string, predicate?: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  callsOf(method: string): RecordedCall[];
  /** The current state of a message the fake knows (sent by the bot or pushed in an update). */
  getMessage(chatId: number, messageId: number): Message | undefined;
  /** Messages the fake knows in a chat, oldest first. */
  messagesIn(chatId: number): Message[];
  /** Makes a file downloadable via getFile + GET /file/bot<token>/<path>. */
  putFile(fileId: string, content: Uint8Array | string, options?: { fileSize?: number; filePath?: string }): void;
  /** The bytes of a file the bot uploaded (by the file_id the fake gave it). */
  fileContent(fileId: string): Buffer | undefined;
  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Update[];
  /** Forgets calls, messages, queued updates, blocks, injected errors, webhook and commands. */
  reset(): void;
  close(): Promise<void>;
}

/** Throw from a {@link MethodHandler} to answer with a Bot API error. */
export class BotApiFakeError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = "BotApiFakeError";
  }
}

// ---------------------------------------------------------------------------
// Update builders

const DEFAULT_BOT_ID = 7_000_000_001; // above 2^32 on purpose: catches int32 storage of Telegram ids
const DEFAULT_BOT_USERNAME = "teachers_test_bot";

// Message ids are shared by the helpers and every fake in the process so a
// hand-built user message never reuses the id of a message the bot sent.
const messageCounters = new Map<string, number>();
function nextMessageId(chatId: number | string): number {
  const key = String(chatId);
  const next = (messageCounters.get(key) ?? 0) + 1;
  messageCounters.set(key, next);
  return next;
}
/** A fresh message id in `chatId`, never one the fake gave a bot message (for hand-built user messages). */
export function newMessageId(chatId: number | string): number {
  return nextMessageId(chatId);
}
function bumpMessageId(chatId: number | string, seen: number): void {
  const key = String(chatId);
  if ((messageCounters.get(key) ?? 0) < seen) messageCounters.set(key, seen);
}
let callbackQueryCounter = 0;

export interface FakeUserInput {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

function toUser(from: FakeUserInput): User {
  const user: User = { id: from.id, is_bot: false, first_name: from.first_name ?? `User ${from.id}` };
  if (from.last_name !== undefined) user.last_name = from.last_name;
  if (from.username !== undefined) user.username = from.username;
  if (from.language_code !== undefined) user.language_code = from.language_code;
  return user;
}

function privateChatOf(user: User): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

const unixNow = () => Math.floor(Date.now() / 1000);

/**
 * A text message from `from`, in their private chat unless `chat` is given.
 * A leading "/command" gets its bot_command entity, as Telegram adds it.
 */
export function makeTextUpdate(
  from: FakeUserInput,
  text: string,
  chat?: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat,
): PendingUpdate {
  const user = toUser(from);
  const where = chat ?? privateChatOf(user);
  const message: Message & Update.NonChannel = {
    message_id: nextMessageId(where.id),
    date: unixNow(),
    chat: where,
    from: user,
    text,
  };
  const command = /^\/[^\s]+/.exec(text);
  if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
  return { message };
}

/** What {@link makeCallbackUpdate} needs of the message that carries the button. */
export type CallbackMessageInput = Partial<Message> & { message_id: number };

/**
 * A press on an inline button with `data`, attached to `message` (typically
 * the Message the fake answered to sendMessage; missing fields are filled in
 * as a bot message in `from`'s private chat).
 */
export function makeCallbackUpdate(from: FakeUserInput, data: string, message: CallbackMessageInput): PendingUpdate {
  const user = toUser(from);
  const full = {
    date: unixNow(),
    chat: privateChatOf(user),
    from: { id: DEFAULT_BOT_ID, is_bot: true, first_name: "Test bot", username: DEFAULT_BOT_USERNAME },
    ...message,
  } as Message;
  const callback_query: CallbackQuery = {
    id: String(++callbackQueryCounter),
    from: user,
    chat_instance: `ci${Math.abs(full.chat.id)}`,
    data,
    message: full,
  };
  return { callback_query };
}

// ---------------------------------------------------------------------------
// Telegram HTML (parse_mode "HTML")

export class HtmlParseError extends Error {
  constructor(readonly reason: string) {
    super(`can't parse entities: ${reason}`);
    this.name = "HtmlParseError";
  }
}

const SUPPORTED_TAGS = new Set([
  "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
  "span", "tg-spoiler", "tg-emoji", "code", "pre", "blockquote",
]);

const byteOffset = (s: string, index: number) => Buffer.byteLength(s.slice(0, index), "utf8");
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** Decodes the entity at `s[i] === "&"` like Telegram: 4 named ones and numeric ones, `;` optional. */
function decodeHtmlEntity(s: string, i: number): { char: string; end: number } | undefined {
  let end = i + 1;
  let code: number;
  if (s[end] === "#") {
    end++;
    const hex = s[end] === "x" || s[end] === "X";
    if (hex) end++;
    const start = end;
    while (end < s.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[end] ?? "")) end++;
    if (end === start || end - i >= 10) return undefined;
    code = Number.parseInt(s.slice(start, end), hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  } else {
    while (end < s.length && /[A-Za-z]/.test(s[end] ?? "")) end++;
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const value = named[s.slice(i + 1, end)];
    if (value === undefined) return undefined;
    code = value;
  }
  if (s[end] === ";") end++;
  return { char: String.fromCodePoint(code), end };
}

/**
 * Parses Telegram-flavoured HTML into plain text and entities (UTF-16
 * offsets), with Telegram's error texts. Stricter than Telegram on one point:
 * a bare `&` is refused (see the module comment).
 */
export function parseTelegramHtml(html: string): { text: string; entities: MessageEntity[] } {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: { tag: string; arg: string; expandable: boolean; offset: number }[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === "&") {
      const decoded = decodeHtmlEntity(html, i);
      if (!decoded) {
        throw new HtmlParseError(`bare "&" at byte offset ${byteOffset(html, i)} must be escaped as "&amp;"`);
      }
      out += decoded.char;
      i = decoded.end;
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const at = () => byteOffset(html, begin);
    i++;
    if (html[i] !== "/") {
      while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
      if (i >= html.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${at()}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) throw new HtmlParseError(`Unsupported start tag "${tag}" at byte offset ${at()}`);
      let arg = "";
      let expandable = false;
      while (html[i] !== ">") {
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
        if (html[i] === ">") break;
        const nameStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== "=" && html[i] !== ">") i++;
        const name = html.slice(nameStart, i).toLowerCase();
        if (name === "") throw new HtmlParseError(`Empty attribute name in the tag "${tag}" at byte offset ${at()}`);
        while (i < html.length && isSpace(html[i])) i++;
        if (html[i] !== "=") {
          // Value-less attributes exist only as <blockquote expandable>.
          if (tag === "blockquote" && name === "expandable") {
            expandable = true;
            continue;
          }
          if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
          throw new HtmlParseError(
            `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${at()}`,
          );
        }
        i++;
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
        let value = "";
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          i++;
          while (i < html.length && html[i] !== quote) {
            if (html[i] === "&") {
              const decoded = decodeHtmlEntity(html, i);
              if (decoded) {
                value += decoded.char;
                i = decoded.end;
                continue;
              }
            }
            value += html[i];
            i++;
          }
          if (i >= html.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${at()}`);
          i++;
        } else {
          const tokenStart = i;
          while (i < html.length && /[A-Za-z0-9.-]/.test(html[i] ?? "")) i++;
          value = html.slice(tokenStart, i).toLowerCase();
          if (i < html.length && !isSpace(html[i]) && html[i] !== ">") {
            throw new HtmlParseError(`Unexpected end of name token at byte offset ${byteOffset(html, tokenStart)}`);
          }
        }
        if (tag === "a" && name === "href") arg = value;
        else if (tag === "code" && name === "class" && value.startsWith("language-")) arg = value.slice(9);
        else if (tag === "span" && name === "class" && value.startsWith("tg-")) arg = value.slice(3);
        else if (tag === "tg-emoji" && name === "emoji-id") arg = value;
      }
      i++; // past ">"
      if (tag === "span" && arg !== "spoiler") {
        throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at()}`);
      }
      open.push({ tag, arg, expandable, offset: out.length });
      continue;
    }
    // end tag
    if (open.length === 0) throw new HtmlParseError(`Unexpected end tag at byte offset ${at()}`);
    i++;
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i])) i++;
    if (html[i] !== ">") throw new HtmlParseError(`Unclosed end tag at byte offset ${at()}`);
    i++;
    const top = open.pop()!;
    if (name !== "" && name !== top.tag) {
      throw new HtmlParseError(
        `Unmatched end tag at byte offset ${at()}, expected "</${top.tag}>", found "</${name}>"`,
      );
    }
    const offset = top.offset;
    const length = out.length - offset;
    if (length <= 0) continue;
    switch (top.tag) {
      case "b":
      case "strong":
        entities.push({ type: "bold", offset, length });
        break;
      case "i":
      case "em":
        entities.push({ type: "italic", offset, length });
        break;
      case "u":
      case "ins":
        entities.push({ type: "underline", offset, length });
        break;
      case "s":
      case "strike":
      case "del":
        entities.push({ type: "strikethrough", offset, length });
        break;
      case "span":
      case "tg-spoiler":
        entities.push({ type: "spoiler", offset, length });
        break;
      case "tg-emoji":
        if (!/^[1-9]\d*$/.test(top.arg)) throw new HtmlParseError("Invalid custom emoji identifier specified");
        entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: top.arg });
        break;
      case "a": {
        const url = top.arg === "" ? out.slice(offset) : top.arg;
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
        if (mention) {
          entities.push({ type: "text_mention", offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: "" } });
        } else {
          entities.push({ type: "text_link", offset, length, url });
        }
        break;
      }
      case "code": {
        const last = entities[entities.length - 1];
        // <pre><code class="language-x"> closes code first: the pair becomes one pre entity
        const inPre = open[open.length - 1];
        if (inPre?.tag === "pre" && inPre.offset === offset && top.arg !== "") {
          inPre.arg = top.arg;
        } else if (last?.type === "pre" && last.offset === offset && last.length === length && top.arg !== "") {
          last.language = top.arg;
        } else {
          entities.push({ type: "code", offset, length });
        }
        break;
      }
      case "pre": {
        const last = entities[entities.length - 1];
        if (last?.type === "code" && last.offset === offset && last.length === length) entities.pop();
        const pre: MessageEntity = { type: "pre", offset, length };
        if (top.arg !== "") pre.language = top.arg;
        entities.push(pre);
        break;
      }
      case "blockquote":
        entities.push({ type: top.expandable ? "expandable_blockquote" : "blockquote", offset, length });
        break;
    }
  }
  if (open.length > 0) {
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${open[open.length - 1]!.tag}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}

// ---------------------------------------------------------------------------
// Request decoding

interface DecodedRequest {
  payload: Record<string, unknown>;
  files: Map<string, { upload: UploadedFile; data: Buffer }>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * grammY's multipart bodies are not RFC 7578-clean (`content-disposition:form-data;name="x";filename=a b.txt`,
 * no spaces, filename unquoted), which undici's `Request.formData()` rejects,
 * so they are parsed by hand here.
 */
function parseMultipart(body: Buffer, boundary: string): { name: string; filename?: string; contentType?: string; data: Buffer }[] {
  const parts: { name: string; filename?: string; contentType?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) return parts;
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const next = body.indexOf(separator, pos);
    if (next < 0) break;
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const data = part.subarray(headerEnd + 4);
      const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      const name = /(?:^|;)\s*name="([^"]*)"|(?:^|;)\s*name=([^;\s]*)/i.exec(disposition);
      const filename = /;\s*filename="([^"]*)"|;\s*filename=([^;\r\n]*)/i.exec(disposition);
      const contentType = /content-type\s*:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
      const entry: { name: string; filename?: string; contentType?: string; data: Buffer } = {
        name: name?.[1] ?? name?.[2] ?? "",
        data,
      };
      if (filename) entry.filename = filename[1] ?? filename[2] ?? "";
      if (contentType) entry.contentType = contentType;
      parts.push(entry);
    }
    pos = next + separator.length;
  }
  return parts;
}

const INTEGER_FIELDS = new Set([
  "chat_id", "from_chat_id", "message_id", "message_thread_id", "reply_to_message_id", "user_id",
  "duration", "width", "height", "offset", "limit", "timeout", "cache_time", "max_connections", "until_date",
]);
const STRING_FIELDS = new Set([
  "text", "caption", "title", "description", "performer", "question", "query", "emoji", "parse_mode",
  "caption_parse_mode", "file_name", "callback_query_id", "inline_query_id", "inline_message_id",
]);

/** Form fields arrive as strings; turn them back into what JSON would have carried. */
function coerceFormValue(key: string, value: string): unknown {
  if (STRING_FIELDS.has(key)) return value;
  if ((value.startsWith("{") || value.startsWith("[")) && value.length > 1) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

async function decodeRequest(req: IncomingMessage, url: URL): Promise<DecodedRequest> {
  const payload: Record<string, unknown> = {};
  const files = new Map<string, { upload: UploadedFile; data: Buffer }>();
  for (const [k, v] of url.searchParams) payload[k] = coerceFormValue(k, v);
  const body = await readBody(req);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return { payload, files };
  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(payload, parsed);
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
    const parts = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? "");
    for (const part of parts) {
      if (part.filename !== undefined) {
        const upload: UploadedFile = { kind: "upload", field: part.name, filename: part.filename, size: part.data.length };
        if (part.contentType) upload.contentType = part.contentType;
        files.set(part.name, { upload, data: Buffer.from(part.data) });
      } else {
        payload[part.name] = coerceFormValue(part.name, part.data.toString("utf8"));
      }
    }
    // Resolve "attach://<field>" references (top level and inside InputMedia arrays).
    const resolve = (value: unknown): unknown => {
      if (typeof value === "string" && value.startsWith("attach://")) return files.get(value.slice(9))?.upload ?? value;
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      }
      return value;
    };
    for (const [k, v] of Object.entries(payload)) payload[k] = resolve(v);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) payload[k] = coerceFormValue(k, v);
  }
  return { payload, files };
}

// ---------------------------------------------------------------------------
// The fake

const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current message content and reply markup of the message";
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const DEFAULT_EXCLUDED_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);
const MEDIA_METHODS: Record<string, string> = {
  sendPhoto: "photo",
  sendDocument: "document",
  sendVideo: "video",
  sendAudio: "audio",
  sendVoice: "voice",
  sendAnimation: "animation",
  sendSticker: "sticker",
  sendVideoNote: "video_note",
};
const TRUE_METHODS = [
  "answerCallbackQuery", "deleteMyCommands", "setChatMenuButton", "sendChatAction",
  "deleteMessage", "deleteMessages", "answerInlineQuery", "setMyDescription", "setMyShortDescription",
  "setMyName", "pinChatMessage", "unpinChatMessage", "unpinAllChatMessages", "setMessageReaction",
  "banChatMember", "unbanChatMember", "approveChatJoinRequest", "declineChatJoinRequest", "leaveChat",
  "logOut", "close",
];

interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  size: number;
  name?: string;
  mime?: string;
  data?: Buffer;
}

interface Poller {
  token: string;
  payload: Record<string, unknown>;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const bad = (description: string) => new BotApiFakeError(400, `Bad Request: ${description}`);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);
/** Key-order-independent JSON, for comparing markups and entities. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}
function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}
function guessMime(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const known: Record<string, string> = {
    pdf: "application/pdf", txt: "text/plain", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png",
    doc: "application/msword", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip: "application/zip",
    mp4: "video/mp4", mp3: "audio/mpeg", ogg: "audio/ogg",
  };
  return ext ? known[ext] : undefined;
}

/** Starts the fake on 127.0.0.1. Close it with `close()` after stopping the bots that use it. */
export async function startBotApiFake(options: BotApiFakeOptions = {}): Promise<BotApiFake> {
  let strict = options.strict ?? true;
  let latencyMs = options.latencyMs ?? 0;
  const flood = options.floodLimits ? createFloodControl(options.floodLimits === true ? {} : options.floodLimits) : undefined;
  let outage: { error_code: number; description: string } | undefined;
  const lostResponses = new Map<string, number>();
  const botInfo: UserFromGetMe = {
    id: options.botId ?? DEFAULT_BOT_ID,
    is_bot: true,
    first_name: "Test bot",
    username: options.botUsername ?? DEFAULT_BOT_USERNAME,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const botUser: User = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };

  const calls: RecordedCall[] = [];
  const waiters: { method: string; predicate?: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  const handlers = new Map<string, MethodHandler>();
  let queue: Update[] = [];
  let nextUpdateId = 1;
  let poller: Poller | undefined;
  let allowedUpdates: string[] = [];
  let blocked = new Set<string>();
  let pending429: { count: number; retryAfter: number } = { count: 0, retryAfter: 0 };
  let messages = new Map<string, Message>();
  let chats = new Map<string, Chat>();
  let files = new Map<string, StoredFile>();
  let webhook: { url: string; secret?: string; maxConnections: number; allowedUpdates?: string[] } | undefined;
  let commands = new Map<string, unknown[]>();
  let menuButtons = new Map<string, unknown>();
  let fileCounter = 0;
  let closed = false;

  const messageKey = (chatId: number | string, messageId: number) => `${chatId}:${messageId}`;

  function record(method: string, payload: Record<string, unknown>, token: string, response: ApiResponse, receivedAt?: number): void {
    const call: RecordedCall = { method, payload, at: Date.now(), token, response, ...(receivedAt !== undefined ? { receivedAt } : {}) };
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.method === method && (!w.predicate || w.predicate(call))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  }

  function send(res: ServerResponse, response: ApiResponse): void {
    if (res.writableEnded || res.destroyed) return;
    const status = response.ok ? 200 : response.error_code;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (!response.ok && response.parameters?.retry_after !== undefined) {
      headers["retry-after"] = String(response.parameters.retry_after);
    }
    res.writeHead(status, headers);
    res.end(JSON.stringify(response));
  }

  // --- files ---------------------------------------------------------------

  function newFile(kind: string, size: number, name?: string, mime?: string, data?: Buffer): StoredFile {
    const n = ++fileCounter;
    const ext = name && /\.[A-Za-z0-9]+$/.exec(name)?.[0];
    const file: StoredFile = {
      fileId: `fake-${kind}-${n}-${Math.random().toString(36).slice(2, 10)}`,
      uniqueId: `u${kind.slice(0, 2)}${n}`,
      path: `${kind}s/file_${n}${ext ?? ""}`,
      size,
    };
    if (name !== undefined) file.name = name;
    if (mime !== undefined) file.mime = mime;
    if (data !== undefined) file.data = data;
    files.set(file.fileId, file);
    return file;
  }

  function rememberFile(fileId: unknown, uniqueId: unknown, size: unknown, kind: string): void {
    if (typeof fileId !== "string" || files.has(fileId)) return;
    files.set(fileId, {
      fileId,
      uniqueId: typeof uniqueId === "string" ? uniqueId : `u${fileId.slice(0, 8)}`,
      path: `${kind}s/${fileId.replace(/[^A-Za-z0-9_-]/g, "_")}`,
      size: typeof size === "number" ? size : 0,
    });
  }

  /** Turns an InputFile value (upload, file_id or URL) into a stored file. */
  function resolveInputFile(value: unknown, kind: string, decoded: DecodedRequest): StoredFile {
    if (isRecord(value) && value.kind === "upload") {
      const upload = value as unknown as UploadedFile;
      const data = decoded.files.get(upload.field)?.data;
      if (strict && upload.size > MAX_UPLOAD_BYTES) throw new BotApiFakeError(413, "Request Entity Too Large");
      if (strict && upload.size === 0) throw bad("file must be non-empty");
      return newFile(kind, upload.size, upload.filename, upload.contentType && upload.contentType !== "application/octet-stream" ? upload.contentType : guessMime(upload.filename), data);
    }
    if (typeof value === "string" && value !== "") {
      const known = files.get(value);
      if (known) return known;
      if (/^https?:\/\//.test(value)) {
        const name = decodeURIComponent(new URL(value).pathname.split("/").pop() || "file");
        return newFile(kind, 1024, name, guessMime(name));
      }
      if (!strict) {
        rememberFile(value, undefined, 1024, kind);
        return files.get(value)!;
      }
      throw bad("wrong file identifier/HTTP URL specified");
    }
    throw bad(`there is no ${kind} in the request`);
  }

  function mediaObject(kind: string, file: StoredFile): unknown {
    const base = { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size };
    switch (kind) {
      case "photo":
        return [
          { ...base, file_id: `${file.fileId}-s`, file_unique_id: `${file.uniqueId}s`, file_size: Math.min(file.size, 1500), width: 90, height: 90 },
          { ...base, width: 800, height: 800 },
        ];
      case "document":
      case "audio":
      case "animation": {
        const obj: Record<string, unknown> = { ...base, file_name: file.name ?? `file.${kind === "audio" ? "mp3" : "dat"}` };
        if (file.mime) obj.mime_type = file.mime;
        if (kind === "audio") obj.duration = 1;
        if (kind === "animation") Object.assign(obj, { width: 320, height: 240, duration: 1 });
        return obj;
      }
      case "video":
        return { ...base, width: 640, height: 360, duration: 1, file_name: file.name, mime_type: file.mime ?? "video/mp4" };
      case "voice":
        return { ...base, duration: 1, mime_type: "audio/ogg" };
      case "video_note":
        return { ...base, length: 240, duration: 1 };
      case "sticker":
        return { ...base, type: "regular", width: 512, height: 512, is_animated: false, is_video: false };
      default:
        return base;
    }
  }

  // --- chats and messages ---------------------------------------------------

  function rememberChat(chat: unknown): void {
    if (isRecord(chat) && typeof chat.id === "number") chats.set(String(chat.id), clone(chat) as unknown as Chat);
  }

  function resolveChat(chatId: unknown): Chat {
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      const existing = [...chats.values()].find((c) => "username" in c && `@${c.username}` === chatId);
      if (existing) return existing;
      const chat = { id: -1001000000000 - chats.size, type: "channel", title: chatId.slice(1), username: chatId.slice(1) } as Chat;
      chats.set(String(chat.id), chat);
      return chat;
    }
    const id = typeof chatId === "number" ? chatId : typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : NaN;
    if (!Number.isSafeInteger(id) || id === 0) throw bad(chatId === undefined ? "chat_id is empty" : "chat not found");
    const known = chats.get(String(id));
    if (known) return known;
    if (id > 0) return { id, type: "private", first_name: `User ${id}` };
    if (id <= -1000000000000) return { id, type: "supergroup", title: `Supergroup ${-id}` };
    return { id, type: "group", title: `Group ${-id}` };
  }

  function rememberMessage(message: unknown): void {
    if (!isRecord(message) || typeof message.message_id !== "number" || !isRecord(message.chat)) return;
    const chat = message.chat;
    rememberChat(chat);
    if (isRecord(message.from) && typeof message.from.id === "number" && !message.from.is_bot) {
      if (!chats.has(String(message.from.id))) rememberChat(privateChatOf(message.from as unknown as User));
    }
    bumpMessageId(chat.id as number, message.message_id);
    messages.set(messageKey(chat.id as number, message.message_id), clone(message) as unknown as Message);
    for (const kind of ["document", "audio", "video", "voice", "animation", "video_note", "sticker"]) {
      const media = message[kind];
      if (isRecord(media)) rememberFile(media.file_id, media.file_unique_id, media.file_size, kind);
    }
    if (Array.isArray(message.photo)) {
      for (const size of message.photo) if (isRecord(size)) rememberFile(size.file_id, size.file_unique_id, size.file_size, "photo");
    }
    if (isRecord(message.reply_to_message)) rememberMessage(message.reply_to_message);
  }

  function storeSent(chat: Chat, fields: Record<string, unknown>, payload: Record<string, unknown>): Message {
    const message: Record<string, unknown> = {
      message_id: nextMessageId(chat.id),
      from: botUser,
      chat,
      date: unixNow(),
    };
    if (typeof payload.message_thread_id === "number") message.message_thread_id = payload.message_thread_id;
    const replyTo = isRecord(payload.reply_parameters) ? payload.reply_parameters.message_id : payload.reply_to_message_id;
    if (typeof replyTo === "number") {
      const original = messages.get(messageKey(chat.id, replyTo));
      if (original) {
        const { reply_to_message: _nested, ...rest } = original as Message & { reply_to_message?: unknown };
        message.reply_to_message = rest;
      } else if (strict && !(isRecord(payload.reply_parameters) && payload.reply_parameters.allow_sending_without_reply)) {
        throw bad("message to be replied not found");
      }
    }
    Object.assign(message, fields);
    const markup = inlineMarkupOf(payload.reply_markup);
    if (markup) message.reply_markup = markup;
    messages.set(messageKey(chat.id, message.message_id as number), clone(message) as unknown as Message);
    return message as unknown as Message;
  }

  // --- validation -----------------------------------------------------------

  /** Text and entities as Telegram would store them; validates in strict mode. */
  function formatted(
    raw: unknown,
    parseMode: unknown,
    entities: unknown,
    what: "text" | "caption",
  ): { text: string; entities?: MessageEntity[] } {
    const source = typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : String(raw);
    let text = source;
    let parsed: MessageEntity[] | undefined;
    if (Array.isArray(entities)) {
      parsed = entities as MessageEntity[];
    } else if (typeof parseMode === "string" && parseMode.toLowerCase() === "html") {
      try {
        ({ text, entities: parsed } = parseTelegramHtml(source));
      } catch (error) {
        if (!(error instanceof HtmlParseError)) throw error;
        if (strict) throw bad(error.message);
        text = source;
      }
    } else if (typeof parseMode === "string" && parseMode !== "" && !/^markdown(v2)?$/i.test(parseMode)) {
      if (strict) throw bad(`unsupported parse_mode`);
    }
    if (strict) {
      if (what === "text" && text.trim() === "") throw bad("message text is empty");
      if (what === "text" && text.length > MAX_TEXT) throw bad("message is too long");
      if (what === "caption" && text.length > MAX_CAPTION) throw bad("message caption is too long");
    }
    const result: { text: string; entities?: MessageEntity[] } = { text };
    if (parsed && parsed.length > 0) result.entities = parsed;
    return result;
  }

  function inlineMarkupOf(markup: unknown): InlineKeyboardMarkup | undefined {
    let value = markup;
    if (typeof markup === "string") {
      try {
        value = JSON.parse(markup) as unknown;
      } catch {
        throw bad("can't parse reply keyboard markup JSON object");
      }
    }
    if (!isRecord(value) || value.inline_keyboard === undefined) return undefined;
    const rows = value.inline_keyboard;
    if (!Array.isArray(rows)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    if (strict) {
      for (const row of rows) {
        if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
        for (const button of row) {
          if (!isRecord(button) || typeof button.text !== "string") throw bad("can't parse inline keyboard button: Field \"text\" must be of type String");
          const actions = Object.keys(button).filter((k) => k !== "text" && k !== "style" && k !== "icon_custom_emoji_id");
          if (actions.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
          if (typeof button.callback_data === "string") {
            const bytes = Buffer.byteLength(button.callback_data, "utf8");
            if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) throw bad("BUTTON_DATA_INVALID");
          }
        }
      }
    }
    if (rows.every((row) => Array.isArray(row) && row.length === 0)) return undefined;
    return clone(value) as unknown as InlineKeyboardMarkup;
  }

  function findMessage(payload: Record<string, unknown>, notFound: string): { key: string; message: Message } | undefined {
    if (typeof payload.inline_message_id === "string") return undefined;
    const chat = resolveChat(payload.chat_id);
    const messageId = payload.message_id;
    if (typeof messageId !== "number") throw bad("message identifier is not specified");
    const key = messageKey(chat.id, messageId);
    const existing = messages.get(key);
    if (existing) return { key, message: existing };
    if (strict) throw bad(notFound);
    const created = { message_id: messageId, from: botUser, chat, date: unixNow(), text: "" } as Message;
    messages.set(key, created);
    return { key, message: created };
  }

  function applyEdit(key: string, current: Message, changes: Record<string, unknown>, markup: InlineKeyboardMarkup | undefined): Message {
    const next = { ...clone(current), ...changes, edit_date: unixNow() } as Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete next[k];
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    messages.set(key, next as unknown as Message);
    return clone(next) as unknown as Message;
  }

  // --- methods --------------------------------------------------------------

  type Builtin = (payload: Record<string, unknown>, decoded: DecodedRequest) => unknown;

  const sendText: Builtin = (p) => {
    const chat = resolveChat(p.chat_id);
    const body = formatted(p.text, p.parse_mode, p.entities, "text");
    const fields: Record<string, unknown> = { text: body.text };
    if (body.entities) fields.entities = body.entities;
    if (isRecord(p.link_preview_options)) fields.link_preview_options = p.link_preview_options;
    return storeSent(chat, fields, p);
  };

  const sendMedia =
    (kind: string): Builtin =>
    (p, decoded) => {
      const chat = resolveChat(p.chat_id);
      const file = resolveInputFile(p[kind], kind, decoded);
      const fields: Record<string, unknown> = { [kind]: mediaObject(kind, file) };
      if (p.caption !== undefined && kind !== "sticker") {
        const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption");
        if (caption.text !== "") fields.caption = caption.text;
        if (caption.entities) fields.caption_entities = caption.entities;
      }
      return storeSent(chat, fields, p);
    };

  /** Content fields of a stored message that copying or forwarding carries over. */
  function contentOf(message: Message): Record<string, unknown> {
    const source = message as unknown as Record<string, unknown>;
    const content: Record<string, unknown> = {};
    for (const k of ["text", "entities", "caption", "caption_entities", "photo", "document", "video", "audio", "voice", "animation", "sticker", "video_note", "contact", "location", "poll"]) {
      if (source[k] !== undefined) content[k] = clone(source[k]);
    }
    return content;
  }

  function sourceMessage(p: Record<string, unknown>): Message {
    const fromChat = resolveChat(p.from_chat_id);
    const id = p.message_id;
    const found = typeof id === "number" ? messages.get(messageKey(fromChat.id, id)) : undefined;
    if (found) return found;
    if (strict) throw bad(typeof id === "number" ? "message to copy not found" : "message identifier is not specified");
    return { message_id: Number(id), chat: fromChat, date: unixNow(), text: "(unknown message)" };
  }

  const builtins: Record<string, Builtin> = {
    getMe: () => botInfo,
    sendMessage: sendText,
    ...Object.fromEntries(Object.entries(MEDIA_METHODS).map(([method, kind]) => [method, sendMedia(kind)])),
    sendMediaGroup: (p, decoded) => {
      const chat = resolveChat(p.chat_id);
      const media = p.media;
      if (!Array.isArray(media) || (strict && (media.length < 2 || media.length > 10))) {
        throw bad("wrong number of media specified; must be between 2 and 10");
      }
      const groupId = String(Date.now()) + String(++fileCounter);
      return media.map((item) => {
        if (!isRecord(item) || typeof item.type !== "string") throw bad("can't parse InputMedia");
        const kind = item.type;
        const file = resolveInputFile(item.media, kind, decoded);
        const fields: Record<string, unknown> = { media_group_id: groupId, [kind]: mediaObject(kind, file) };
        if (item.caption !== undefined) {
          const caption = formatted(item.caption, item.parse_mode, item.caption_entities, "caption");
          if (caption.text !== "") fields.caption = caption.text;
          if (caption.entities) fields.caption_entities = caption.entities;
        }
        return storeSent(chat, fields, { ...p, reply_markup: undefined });
      });
    },
    copyMessage: (p) => {
      const source = sourceMessage(p);
      const chat = resolveChat(p.chat_id);
      const content = contentOf(source);
      if (p.caption !== undefined) {
        const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption");
        delete content.caption_entities;
        if (caption.text !== "") content.caption = caption.text;
        else delete content.caption;
        if (caption.entities) content.caption_entities = caption.entities;
      }
      const sent = storeSent(chat, content, p);
      // As in the real API: copyMessage answers a MessageId, not a Message.
      return { message_id: sent.message_id };
    },
    copyMessages: (p) => {
      const ids = p.message_ids;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100 || !ids.every((id) => typeof id === "number")) {
        throw bad("message identifiers are not specified");
      }
      if (strict && ids.some((id, i) => i > 0 && id <= (ids[i - 1] as number))) throw bad("message identifiers must be in a strictly increasing order");
      const chat = resolveChat(p.chat_id);
      const sources = ids.map((id) => sourceMessage({ ...p, message_id: id }));
      const groupId = sources.some((m) => m.media_group_id) ? String(Date.now()) + String(++fileCounter) : undefined;
      // As in the real API: an array of MessageId; albums stay albums.
      return sources.map((source) => {
        const content = contentOf(source);
        if (groupId && source.media_group_id) content.media_group_id = groupId;
        if (p.remove_caption === true) {
          delete content.caption;
          delete content.caption_entities;
        }
        return { message_id: storeSent(chat, content, { ...p, reply_markup: undefined }).message_id };
      });
    },
    forwardMessage: (p) => {
      const source = sourceMessage(p);
      const chat = resolveChat(p.chat_id);
      const origin = source.from
        ? { type: "user", sender_user: source.from, date: source.date }
        : { type: "chat", sender_chat: source.chat, date: source.date };
      return storeSent(chat, { ...contentOf(source), forward_origin: origin }, { ...p, reply_markup: undefined });
    },
    editMessageText: (p) => {
      const body = formatted(p.text, p.parse_mode, p.entities, "text");
      const markup = inlineMarkupOf(p.reply_markup);
      const found = findMessage(p, "message to edit not found");
      if (!found) return true;
      const current = found.message as Message & { text?: string };
      if (current.text === undefined) throw bad("there is no text in the message to edit");
      if (
        current.text === body.text &&
        canonical(current.entities ?? []) === canonical(body.entities ?? []) &&
        canonical(current.reply_markup ?? null) === canonical(markup ?? null)
      ) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return applyEdit(found.key, current, { text: body.text, entities: body.entities }, markup);
    },
    editMessageCaption: (p) => {
      const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption");
      const markup = inlineMarkupOf(p.reply_markup);
      const found = findMessage(p, "message to edit not found");
      if (!found) return true;
      const current = found.message as Message & { caption?: string };
      if ((current as { text?: string }).text !== undefined) throw bad("there is no caption in the message to edit");
      if (
        (current.caption ?? "") === caption.text &&
        canonical(current.caption_entities ?? []) === canonical(caption.entities ?? []) &&
        canonical(current.reply_markup ?? null) === canonical(markup ?? null)
      ) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return applyEdit(found.key, current, { caption: caption.text === "" ? undefined : caption.text, caption_entities: caption.entities }, markup);
    },
    editMessageReplyMarkup: (p) => {
      const markup = inlineMarkupOf(p.reply_markup);
      const found = findMessage(p, "message to edit not found");
      if (!found) return true;
      if (canonical(found.message.reply_markup ?? null) === canonical(markup ?? null)) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return applyEdit(found.key, found.message, {}, markup);
    },
    answerInlineQuery: (p) => {
      // Inline results carry captions and message texts too: held to the same rules as sent messages.
      let results = p.results;
      if (typeof results === "string") results = JSON.parse(results) as unknown;
      if (!Array.isArray(results)) throw bad("results must be an Array");
      if (strict && results.length > 50) throw bad("RESULT_TOO_MUCH");
      for (const r of results) {
        if (!isRecord(r) || typeof r.id !== "string" || (strict && (r.id === "" || Buffer.byteLength(r.id) > 64))) throw bad("RESULT_ID_INVALID");
        if (r.caption !== undefined) formatted(r.caption, r.parse_mode, r.caption_entities, "caption");
        const content = r.input_message_content;
        if (isRecord(content) && content.message_text !== undefined) formatted(content.message_text, content.parse_mode, content.entities, "text");
        if (r.reply_markup !== undefined) inlineMarkupOf(r.reply_markup);
      }
      return true;
    },
    deleteMessage: (p) => {
      const chat = resolveChat(p.chat_id);
      if (typeof p.message_id === "number") messages.delete(messageKey(chat.id, p.message_id));
      return true;
    },
    setMyCommands: (p) => {
      const list = p.commands;
      if (!Array.isArray(list)) throw bad("commands must be an Array");
      if (strict) {
        if (list.length > 100) throw bad("too many commands specified");
        for (const c of list) {
          if (!isRecord(c) || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
          if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
            throw bad("command description must be 1-256 characters long");
          }
        }
      }
      commands.set(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""]), clone(list));
      return true;
    },
    getMyCommands: (p) => commands.get(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""])) ?? [],
    deleteMyCommands: (p) => {
      commands.delete(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""]));
      return true;
    },
    setChatMenuButton: (p) => {
      menuButtons.set(String(p.chat_id ?? "default"), p.menu_button ?? { type: "default" });
      return true;
    },
    getChatMenuButton: (p) => menuButtons.get(String(p.chat_id ?? "default")) ?? { type: "commands" },
    setWebhook: (p) => {
      const url = typeof p.url === "string" ? p.url : "";
      if (url === "") {
        webhook = undefined;
        return true;
      }
      if (strict && !url.startsWith("https://")) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
      if (strict && p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
        throw bad("secret token contains unallowed characters");
      }
      webhook = { url, maxConnections: typeof p.max_connections === "number" ? p.max_connections : 40 };
      if (typeof p.secret_token === "string") webhook.secret = p.secret_token;
      if (Array.isArray(p.allowed_updates)) webhook.allowedUpdates = p.allowed_updates as string[];
      if (p.drop_pending_updates === true) queue = [];
      return true;
    },
    deleteWebhook: (p) => {
      webhook = undefined;
      if (p.drop_pending_updates === true) queue = [];
      return true;
    },
    getWebhookInfo: () => {
      const info: Record<string, unknown> = { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: queue.length };
      if (webhook) {
        info.max_connections = webhook.maxConnections;
        info.ip_address = "127.0.0.1";
        if (webhook.allowedUpdates) info.allowed_updates = webhook.allowedUpdates;
      }
      return info;
    },
    getFile: (p) => {
      const file = typeof p.file_id === "string" ? files.get(p.file_id) : undefined;
      if (!file) throw bad("invalid file_id");
      if (file.size > MAX_DOWNLOAD_BYTES) throw bad("file is too big");
      return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
    },
    getChat: (p) => {
      const chat = resolveChat(p.chat_id);
      return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false } };
    },
  };
  for (const method of TRUE_METHODS) builtins[method] ??= () => true;
  const canonicalNames = new Map<string, string>();
  const canonicalName = (method: string) => {
    for (const name of [...Object.keys(builtins), ...handlers.keys(), "getUpdates"]) canonicalNames.set(name.toLowerCase(), name);
    return canonicalNames.get(method.toLowerCase()) ?? method;
  };

  function blockedDescription(chatId: string): string {
    return Number(chatId) > 0 ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the group chat";
  }

  function dispatch(method: string, decoded: DecodedRequest, token: string): ApiResponse {
    const handler = handlers.get(method);
    const builtin = builtins[method];
    if (!handler && !builtin) return { ok: false, error_code: 404, description: "Not Found: method not found" };
    const p = decoded.payload;
    try {
      if (/^(send|copy|forward)/.test(method) && pending429.count > 0) {
        pending429.count--;
        const retry_after = pending429.retryAfter;
        return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry_after}`, parameters: { retry_after } };
      }
      if (p.chat_id !== undefined && blocked.has(String(p.chat_id))) {
        return { ok: false, error_code: 403, description: blockedDescription(String(p.chat_id)) };
      }
      const result = handler ? handler(p, token) : builtin!(p, decoded);
      return { ok: true, result: clone(result) };
    } catch (error) {
      if (error instanceof BotApiFakeError) {
        const response: ApiResponse = { ok: false, error_code: error.errorCode, description: error.description };
        if (error.parameters) response.parameters = error.parameters;
        return response;
      }
      return { ok: false, error_code: 500, description: `Internal Server Error: ${(error as Error).message}` };
    }
  }

  // --- long polling ---------------------------------------------------------

  const isAllowed = (update: Update) => {
    const type = updateType(update);
    return allowedUpdates.length === 0 ? !DEFAULT_EXCLUDED_UPDATES.has(type) : allowedUpdates.includes(type);
  };

  /** Drops updates the bot did not ask for, as Telegram never stores them; returns what is deliverable. */
  function deliverable(limit: number): Update[] {
    queue = queue.filter(isAllowed);
    return queue.slice(0, limit);
  }

  function answerPoll(p: Poller, response: ApiResponse): void {
    clearTimeout(p.timer);
    if (poller === p) poller = undefined;
    if (options.recordGetUpdates) record("getUpdates", p.payload, p.token, response);
    send(p.res, response);
  }

  function flushPoller(): void {
    if (!poller) return;
    const updates = deliverable(poller.limit);
    if (updates.length > 0) answerPoll(poller, { ok: true, result: clone(updates) });
  }

  function getUpdates(p: Record<string, unknown>, token: string, res: ServerResponse): void {
    const reply = (response: ApiResponse) => {
      if (options.recordGetUpdates) record("getUpdates", p, token, response);
      send(res, response);
    };
    if (webhook) {
      return reply({
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    if (poller) {
      answerPoll(poller, {
        ok: false,
        error_code: 409,
        description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }
    const offset = typeof p.offset === "number" ? p.offset : 0;
    if (offset > 0) queue = queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) queue = queue.slice(offset);
    if (Array.isArray(p.allowed_updates)) allowedUpdates = p.allowed_updates.filter((t): t is string => typeof t === "string");
    const limit = typeof p.limit === "number" && p.limit >= 1 && p.limit <= 100 ? p.limit : 100;
    const timeout = typeof p.timeout === "number" && p.timeout > 0 ? p.timeout : 0;
    const updates = deliverable(limit);
    if (updates.length > 0 || timeout === 0) return reply({ ok: true, result: clone(updates) });
    if (res.destroyed) return; // the client gave up while the latency was applied
    const current: Poller = {
      token,
      payload: p,
      limit,
      res,
      timer: setTimeout(() => answerPoll(current, { ok: true, result: [] }), timeout * 1000),
    };
    poller = current;
    // grammY aborts its pending poll on bot.stop(); the connection closes under us.
    res.on("close", () => {
      if (poller === current) {
        clearTimeout(current.timer);
        poller = undefined;
      }
    });
  }

  // --- HTTP -------------------------------------------------------------------

  async function serveFile(token: string, path: string, res: ServerResponse): Promise<void> {
    if (options.token !== undefined && token !== options.token) return send(res, { ok: false, error_code: 401, description: "Unauthorized" });
    const file = [...files.values()].find((f) => f.path === path);
    if (!file?.data) return send(res, { ok: false, error_code: 404, description: "Not Found" });
    res.writeHead(200, { "content-type": file.mime ?? "application/octet-stream", "content-length": String(file.data.length) });
    res.end(file.data);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // When the request arrived, before its body was read: where Telegram's flood limits count it.
    const receivedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch && (req.method === "GET" || req.method === "HEAD")) {
      if (latencyMs > 0) await sleep(latencyMs);
      return serveFile(decodeURIComponent(fileMatch[1]!), decodeURIComponent(fileMatch[2]!), res);
    }
    const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!match) {
      await readBody(req);
      return send(res, { ok: false, error_code: 404, description: "Not Found" });
    }
    const token = decodeURIComponent(match[1]!);
    const method = canonicalName(match[2]!);
    let decoded: DecodedRequest;
    try {
      decoded = await decodeRequest(req, url);
    } catch {
      return send(res, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    const flooded = flood?.admit(method, decoded.payload, receivedAt);
    const delay = latencyMs + (options.latencyJitterMs ? Math.random() * options.latencyJitterMs : 0);
    if (delay > 0) await sleep(delay);
    if (closed) return;
    if (flooded) {
      record(method, decoded.payload, token, flooded, receivedAt);
      return send(res, flooded);
    }
    if (options.token !== undefined && token !== options.token) {
      const response: ApiResponse = { ok: false, error_code: 401, description: "Unauthorized" };
      record(method, decoded.payload, token, response);
      return send(res, response);
    }
    if (outage) {
      const response: ApiResponse = { ok: false, ...outage };
      if (method !== "getUpdates" || options.recordGetUpdates) record(method, decoded.payload, token, response);
      return send(res, response);
    }
    if (method === "getUpdates") return getUpdates(decoded.payload, token, res);
    const response = dispatch(method, decoded, token);
    record(method, decoded.payload, token, response, receivedAt);
    const lose = lostResponses.get(method) ?? 0;
    if (lose > 0) {
      lostResponses.set(method, lose - 1);
      res.socket?.destroy();
      return;
    }
    send(res, response);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { ok: false, error_code: 500, description: `Internal Server Error: ${(error as Error).message}` });
    });
  });
  // Long polls last up to `timeout` seconds; Node's default request timeouts must not cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const fake: BotApiFake = {
    apiRoot: `http://127.0.0.1:${port}`,
    botInfo,
    calls,
    pushUpdate(input) {
      if (input.update_id !== undefined && input.update_id < nextUpdateId) {
        throw new Error(`update_id ${input.update_id} is not above the last one (${nextUpdateId - 1})`);
      }
      const updateId = input.update_id ?? nextUpdateId;
      nextUpdateId = updateId + 1;
      const update = { ...clone(input), update_id: updateId };
      const u = update as unknown as Record<string, unknown>;
      for (const key of ["message", "edited_message", "channel_post", "edited_channel_post", "business_message"]) {
        rememberMessage(u[key]);
      }
      if (isRecord(u.callback_query)) {
        rememberMessage(u.callback_query.message);
        if (isRecord(u.callback_query.from)) {
          const from = u.callback_query.from as unknown as User;
          if (!chats.has(String(from.id))) rememberChat(privateChatOf(from));
        }
      }
      queue.push(update);
      // Deferred so several pushes in one tick arrive as one batch, as they would from Telegram.
      setImmediate(flushPoller);
      return updateId;
    },
    remember(input) {
      const u = input as unknown as Record<string, unknown>;
      for (const key of ["message", "edited_message", "channel_post", "edited_channel_post", "business_message"]) rememberMessage(u[key]);
    },
    blockChat(chatId) {
      blocked.add(String(chatId));
    },
    unblockChat(chatId) {
      blocked.delete(String(chatId));
    },
    inject429(count, retryAfterSeconds) {
      pending429 = { count, retryAfter: retryAfterSeconds };
    },
    loseResponses(method, count) {
      lostResponses.set(method, count);
    },
    setOutage(error) {
      outage = error;
      // A long poll held open when the outage starts fails too.
      if (error && poller) answerPoll(poller, { ok: false, ...error });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setStrict(value) {
      strict = value;
    },
    setHandler(method, handler) {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    waitForCall(method, predicate, timeoutMs = 5000) {
      const existing = calls.find((c) => c.method === method && (!predicate || predicate(c)));
      if (existing) return Promise.resolve(existing);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter = {
          method,
          resolve: (c: RecordedCall) => {
            clearTimeout(timer);
            resolve(c);
          },
          ...(predicate ? { predicate } : {}),
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const seen = calls.map((c) => c.method).join(", ") || "none";
          reject(new Error(`No ${method} call matched within ${timeoutMs} ms (calls so far: ${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    callsOf(method) {
      return calls.filter((c) => c.method === method);
    },
    getMessage(chatId, messageId) {
      const found = messages.get(messageKey(chatId, messageId));
      return found && clone(found);
    },
    messagesIn(chatId) {
      return [...messages.values()].filter((m) => m.chat.id === chatId).sort((a, b) => a.message_id - b.message_id).map(clone);
    },
    putFile(fileId, content, opts = {}) {
      const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
      files.set(fileId, {
        fileId,
        uniqueId: `u${fileId.slice(0, 12)}`,
        path: opts.filePath ?? `documents/${fileId.replace(/[^A-Za-z0-9_-]/g, "_")}`,
        size: opts.fileSize ?? data.length,
        data,
      });
    },
    fileContent(fileId) {
      return files.get(fileId)?.data;
    },
    pendingUpdates() {
      return clone(queue);
    },
    reset() {
      calls.length = 0;
      queue = [];
      allowedUpdates = [];
      blocked = new Set();
      pending429 = { count: 0, retryAfter: 0 };
      messages = new Map();
      chats = new Map();
      files = new Map();
      webhook = undefined;
      commands = new Map();
      menuButtons = new Map();
      handlers.clear();
      latencyMs = options.latencyMs ?? 0;
      outage = undefined;
      strict = options.strict ?? true;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (poller) answerPoll(poller, { ok: true, result: [] });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
