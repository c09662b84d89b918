// The Bot API side of the update benchmark: a small HTTP server on loopback
// that the real bot process reaches through TELEGRAM_API_ROOT, as it would
// reach Telegram.
//
// - Every method except getUpdates is answered after a jittered latency
//   (default 30–60 ms, uniform, seeded), like a Bot API a few milliseconds of
//   network away. The answer is a plausible result (a Message for send*/edit*,
//   `true` otherwise); the server keeps each chat's newest inline keyboard so
//   that the members can tap its buttons.
// - getUpdates is a real long poll: updates offered by the benchmark are
//   queued, a waiting request is answered as soon as one is queued, and an
//   update stays queued until an `offset` confirms it, as Telegram does. The
//   answer travels half the latency each way. The moment an update first
//   leaves in a getUpdates answer is its delivery time, where the bot's
//   latency starts.
// - Every call is timed (arrival of the request, departure of the answer) and
//   attributed to a chat (chat_id, the chat of a callback query id, or a
//   command scope's chat), so that the benchmark can tell when the bot made
//   its last call for an update and how long of that it spent waiting on the
//   Bot API.
//
// It costs little CPU next to the bot (no HTML parsing, no message store):
// it shares the machine with the bot, PostgreSQL and Redis.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { InlineKeyboardButton, Update, UserFromGetMe } from "grammy/types";
import { createFloodControl, type FloodLimits } from "../test/support/bot-api-fake/flood.js";
import { prng } from "../test/support/prng.js";

/** The newest bot message with an inline keyboard in a chat, in its current state. */
export interface KeyboardMessage {
  message_id: number;
  text: string;
  /** callback_data of every button. */
  data: string[];
}

/** One call of the bot, as the benchmark sees it (times from performance.now() of this process). */
export interface ApiCall {
  method: string;
  /** The chat the call is about, when it names one. */
  chatId?: number;
  /** When the request arrived. */
  arrived: number;
  /** When the answer left (arrived + the latency for every method but getUpdates). */
  answered: number;
  ok: boolean;
  /** `text` of sendMessage / editMessageText / answerCallbackQuery, for the checks. */
  text?: string;
  description?: string;
  /** The decoded parameters (read them; they are not copied). */
  payload?: Record<string, unknown>;
  /** 429 answered by the flood limits: seconds to wait. */
  retryAfter?: number;
}

export interface BenchApiOptions {
  /** Jittered latency of every answer but getUpdates: uniform in [min, max] ms. */
  latencyMinMs: number;
  latencyMaxMs: number;
  seed?: number;
  /**
   * Telegram's flood limits (test/support/bot-api-fake/flood.ts): `true` for
   * Telegram's, or some overridden. A send over a limit answers 429 with
   * retry_after, after the same latency. Default off.
   */
  floodLimits?: true | Partial<FloodLimits>;
}

export interface BenchApi {
  apiRoot: string;
  botInfo: UserFromGetMe;
  /** Queues an update for getUpdates (waking a waiting long poll); update ids must grow. */
  offer(update: Update): void;
  /** When update `id` first left in a getUpdates answer. */
  deliveredAt(id: number): number | undefined;
  /** Called once for every call but getUpdates, when its answer leaves. */
  onCall(listener: (call: ApiCall) => void): void;
  /** Id for a message the member sends (ids are per chat and shared with the bot's messages). */
  nextUserMessageId(chatId: number): number;
  keyboardMessage(chatId: number): KeyboardMessage | undefined;
  stats(): { getUpdates: number; delivered: number; maxBatch: number; queued: number; refused429: number };
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

/** Callback query ids are made by the benchmark as `<chat id>-<update id>`. */
function chatOfCall(method: string, p: Record<string, unknown>): number | undefined {
  if (p.chat_id !== undefined) return Number(p.chat_id);
  if (method === "answerCallbackQuery" && typeof p.callback_query_id === "string") {
    const chat = Number(p.callback_query_id.split("-")[0]);
    return Number.isFinite(chat) ? chat : undefined;
  }
  const scope = p.scope as { chat_id?: unknown } | undefined;
  if (scope?.chat_id !== undefined) return Number(scope.chat_id);
  return undefined;
}

interface ChatState {
  lastMessageId: number;
  keyboard?: KeyboardMessage;
}

interface Waiting {
  res: ServerResponse;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
}

export async function startBenchApi(options: BenchApiOptions): Promise<BenchApi> {
  const random = prng(options.seed ?? 1);
  const latency = () => options.latencyMinMs + random() * (options.latencyMaxMs - options.latencyMinMs);
  const chats = new Map<number, ChatState>();
  const botUser = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };
  const listeners: Array<(call: ApiCall) => void> = [];
  const chatOf = (id: number): ChatState => {
    let chat = chats.get(id);
    if (!chat) chats.set(id, (chat = { lastMessageId: 0 }));
    return chat;
  };
  const now = () => Math.floor(Date.now() / 1000);

  // getUpdates state
  const queue: Update[] = []; // not yet confirmed, in update_id order
  const delivered = new Map<number, number>();
  let lastUpdateId = 0;
  let waiting: Waiting | undefined;
  const stats = { getUpdates: 0, delivered: 0, maxBatch: 0, refused429: 0 };
  const flood = options.floodLimits ? createFloodControl(options.floodLimits === true ? {} : options.floodLimits) : undefined;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

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
      case "getMyCommands":
        return [];
      default:
        return true;
    }
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  /** Answers a getUpdates request with what is queued from `offset` on (after half the latency back). */
  function deliver(w: Waiting): boolean {
    const batch: Update[] = [];
    for (const update of queue) {
      if (update.update_id < w.offset) continue;
      batch.push(update);
      if (batch.length >= w.limit) break;
    }
    if (batch.length === 0) return false;
    clearTimeout(w.timer);
    const back = latency() / 2;
    later(back, () => {
      const at = performance.now();
      for (const update of batch) {
        if (!delivered.has(update.update_id)) {
          delivered.set(update.update_id, at);
          stats.delivered++;
        }
      }
      stats.maxBatch = Math.max(stats.maxBatch, batch.length);
      send(w.res, 200, { ok: true, result: batch });
    });
    return true;
  }

  function getUpdates(p: Record<string, unknown>, res: ServerResponse): void {
    stats.getUpdates++;
    const offset = Number(p.offset ?? 0);
    // An offset confirms every update below it.
    while (queue.length > 0 && queue[0]!.update_id < offset) queue.shift();
    if (waiting) {
      // Telegram ends the older request when a newer one comes.
      clearTimeout(waiting.timer);
      send(waiting.res, 409, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request" });
      waiting = undefined;
    }
    const timeoutMs = Math.min(50, Number(p.timeout ?? 0)) * 1000;
    const w: Waiting = { res, offset, limit: Math.min(100, Math.max(1, Number(p.limit ?? 100))), timer: undefined as unknown as NodeJS.Timeout };
    if (deliver(w)) return;
    w.timer = setTimeout(() => {
      if (waiting === w) waiting = undefined;
      send(res, 200, { ok: true, result: [] });
    }, timeoutMs);
    waiting = w;
    res.once("close", () => {
      if (waiting === w) {
        clearTimeout(w.timer);
        waiting = undefined;
      }
    });
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
    const arrived = performance.now();
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? "")?.[1] ?? "unknown";
    readJson(req).then(
      (payload) => {
        if (method === "getUpdates") {
          later(latency() / 2, () => getUpdates(payload, res));
          return;
        }
        const text = typeof payload.text === "string" ? payload.text : undefined;
        const refused = flood?.admit(method, payload, arrived);
        if (refused && !refused.ok) {
          stats.refused429++;
          later(latency(), () => {
            send(res, refused.error_code, refused);
            const call: ApiCall = {
              method,
              chatId: chatOfCall(method, payload),
              arrived,
              answered: performance.now(),
              ok: false,
              text,
              description: refused.description,
              payload,
              retryAfter: refused.parameters?.retry_after,
            };
            for (const listener of listeners) listener(call);
          });
          return;
        }
        const result = answer(method, payload);
        later(latency(), () => {
          send(res, 200, { ok: true, result });
          const call: ApiCall = { method, chatId: chatOfCall(method, payload), arrived, answered: performance.now(), ok: true, text, payload };
          for (const listener of listeners) listener(call);
        });
      },
      (error: unknown) => {
        const description = `Bad Request: ${(error as Error).message}`;
        send(res, 400, { ok: false, error_code: 400, description });
        const call: ApiCall = { method, arrived, answered: performance.now(), ok: false, description };
        for (const listener of listeners) listener(call);
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    botInfo: BOT_INFO,
    offer(update) {
      if (update.update_id <= lastUpdateId) throw new Error(`update ids must grow: ${update.update_id} after ${lastUpdateId}`);
      lastUpdateId = update.update_id;
      queue.push(update);
      if (waiting && deliver(waiting)) waiting = undefined;
    },
    deliveredAt: (id) => delivered.get(id),
    onCall: (listener) => void listeners.push(listener),
    nextUserMessageId: (chatId) => ++chatOf(chatId).lastMessageId,
    keyboardMessage: (chatId) => chats.get(chatId)?.keyboard,
    stats: () => ({ ...stats, queued: queue.length }),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      if (waiting) clearTimeout(waiting.timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
