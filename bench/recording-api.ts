// The Bot API side of the update benchmark, in two flavours behind one interface:
//
// - "minimal": a small in-process HTTP server that answers every call with a
//   plausible result (a Message for send*/edit*, `true` otherwise), keeps
//   counters and each chat's latest inline keyboard, and nothing else. It is
//   the default because it costs almost no CPU next to the bot.
// - "fake": the strict Bot API fake of the tests (test/support/bot-api-fake.ts),
//   which parses the HTML of every text, validates keyboards and keeps every
//   call and message. It catches more, and costs more CPU and memory in the
//   benchmark process.
//
// Both are reached over HTTP through TELEGRAM_API_ROOT, so grammY's real client
// (serialisation, keep-alive agent, transformers) is part of what is measured.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InlineKeyboardButton, Message, UserFromGetMe } from "grammy/types";
import { startBotApiFake, type BotApiFake } from "../test/support/bot-api-fake.js";

/**
 * minimal: a small HTTP server on loopback; fake: the strict test fake over
 * HTTP; inprocess: the minimal server's answers given to grammY through its
 * `client.fetch` option, with no sockets (the bot's own cost only).
 */
export type ApiKind = "minimal" | "fake" | "inprocess";

/** The newest bot message with an inline keyboard in a chat, in its current state. */
export interface KeyboardMessage {
  message_id: number;
  text: string;
  /** callback_data of every button. */
  data: string[];
}

/** One outgoing call, as the benchmark's checks see it. */
export interface SeenCall {
  method: string;
  payload: Record<string, unknown>;
  ok: boolean;
  description?: string;
}

export interface RecordingApi {
  kind: ApiKind;
  apiRoot: string;
  botInfo: UserFromGetMe;
  /** Id for a message the member sends (ids are per chat and shared with the bot's messages). */
  nextUserMessageId(chatId: number): number;
  keyboardMessage(chatId: number): KeyboardMessage | undefined;
  /** For "inprocess": the fetch grammY calls instead of the network. */
  fetch?: typeof fetch;
  /** Every call answered so far is passed to `observer` exactly once, in order. */
  drain(observer: (call: SeenCall) => void): void;
  close(): Promise<void>;
}

const BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Bench bot",
  username: "teachers_bench_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

function callbackData(markup: unknown): string[] | undefined {
  const rows = (markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard;
  if (!rows) return undefined;
  return rows.flat().flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));
}

export function startRecordingApi(kind: ApiKind): Promise<RecordingApi> {
  return kind === "fake" ? startFakeApi() : startMinimalApi(kind === "inprocess");
}

// ---------------------------------------------------------------------------

interface ChatState {
  lastMessageId: number;
  keyboard?: KeyboardMessage;
}

async function startMinimalApi(inProcess = false): Promise<RecordingApi> {
  const chats = new Map<number, ChatState>();
  const seen: SeenCall[] = [];
  const botUser = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };
  const chatOf = (id: number): ChatState => {
    let chat = chats.get(id);
    if (!chat) chats.set(id, (chat = { lastMessageId: 0 }));
    return chat;
  };
  const now = () => Math.floor(Date.now() / 1000);

  function answer(method: string, p: Record<string, unknown>): unknown {
    const chatId = Number(p.chat_id);
    switch (method) {
      case "sendMessage": {
        const chat = chatOf(chatId);
        const message_id = ++chat.lastMessageId;
        const data = callbackData(p.reply_markup);
        const text = String(p.text ?? "");
        if (data?.length) chat.keyboard = { message_id, text, data };
        const message: Record<string, unknown> = { message_id, date: now(), chat: { id: chatId, type: "private", first_name: "Member" }, from: botUser, text };
        if (data?.length) message.reply_markup = p.reply_markup;
        return message;
      }
      case "editMessageText":
      case "editMessageReplyMarkup": {
        const chat = chatOf(chatId);
        const message_id = Number(p.message_id);
        const data = callbackData(p.reply_markup) ?? [];
        if (chat.keyboard?.message_id === message_id) {
          // Without reply_markup, Telegram drops the keyboard of an edited message.
          if (data.length) chat.keyboard = { message_id, text: typeof p.text === "string" ? p.text : chat.keyboard.text, data };
          else chat.keyboard = undefined;
        } else if (data.length) {
          chat.keyboard = { message_id, text: String(p.text ?? ""), data };
        }
        return { message_id, date: now(), edit_date: now(), chat: { id: chatId, type: "private", first_name: "Member" }, from: botUser, text: String(p.text ?? "") };
      }
      case "getMe":
        return BOT_INFO;
      default:
        return true;
    }
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return {};
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("application/json")) throw new Error(`unsupported content-type ${type}`);
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  }

  const server: Server = createServer((req, res) => {
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? "")?.[1] ?? "unknown";
    readJson(req).then(
      (payload) => {
        const result = answer(method, payload);
        seen.push({ method, payload, ok: true });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
      },
      (error: unknown) => {
        const description = `Bad Request: ${(error as Error).message}`;
        seen.push({ method, payload: {}, ok: false, description });
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 400, description }));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  // In-process: the same answers, handed to grammY as a Response without a socket.
  const inProcessFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(url)?.[1] ?? "unknown";
    const body = init?.body;
    const text = typeof body === "string" ? body : body ? await new Response(body as ConstructorParameters<typeof Response>[0]).text() : "";
    const payload = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const result = answer(method, payload);
    seen.push({ method, payload, ok: true });
    return new Response(JSON.stringify({ ok: true, result }), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    kind: inProcess ? "inprocess" : "minimal",
    apiRoot: `http://127.0.0.1:${port}`,
    fetch: inProcess ? inProcessFetch : undefined,
    botInfo: BOT_INFO,
    nextUserMessageId: (chatId) => ++chatOf(chatId).lastMessageId,
    keyboardMessage: (chatId) => chats.get(chatId)?.keyboard,
    drain(observer) {
      for (const call of seen.splice(0)) observer(call);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------

async function startFakeApi(): Promise<RecordingApi> {
  const fake: BotApiFake = await startBotApiFake({ botId: BOT_INFO.id, botUsername: BOT_INFO.username, latencyMs: 0 });
  // The newest message with a keyboard per chat, found by reading the fake's call log incrementally.
  const latest = new Map<number, number>();
  let scanned = 0;
  let drained = 0;
  const userIds = new Map<number, number>();
  const scan = () => {
    for (; scanned < fake.calls.length; scanned++) {
      const call = fake.calls[scanned]!;
      if (call.method !== "sendMessage" || !call.response.ok) continue;
      if (callbackData(call.payload.reply_markup)?.length) {
        latest.set(Number(call.payload.chat_id), (call.response.result as Message).message_id);
      }
    }
  };
  return {
    kind: "fake",
    apiRoot: fake.apiRoot,
    botInfo: fake.botInfo,
    // Far above the ids the fake gives the bot's messages in the same chat.
    nextUserMessageId(chatId) {
      const next = (userIds.get(chatId) ?? 1_000_000) + 1;
      userIds.set(chatId, next);
      return next;
    },
    keyboardMessage(chatId) {
      scan();
      const id = latest.get(chatId);
      const message = id === undefined ? undefined : fake.getMessage(chatId, id);
      const data = callbackData(message?.reply_markup);
      return message && data?.length ? { message_id: message.message_id, text: message.text ?? "", data } : undefined;
    },
    drain(observer) {
      for (; drained < fake.calls.length; drained++) {
        const c = fake.calls[drained]!;
        observer({ method: c.method, payload: c.payload, ok: c.response.ok, ...(c.response.ok ? {} : { description: c.response.description }) });
      }
    },
    close: () => fake.close(),
  };
}
