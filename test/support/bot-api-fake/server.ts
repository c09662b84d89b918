// The fake's HTTP server: routing of /bot<token>/<method> and /file/bot<token>/<path>,
// the update queue and getUpdates long polling, latency, flood limits and the faults
// tests inject (429s, blocked chats, outages, lost responses, method overrides).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update, User, UserFromGetMe } from "grammy/types";
import { createChatState } from "./chat-state.js";
import { createFileStore } from "./files.js";
import { createFloodControl, type FloodControl } from "./flood.js";
import { createGroups } from "./groups.js";
import { createMethods } from "./methods.js";
import { decodeRequest, readBody, type DecodedRequest } from "./request.js";
import {
  BotApiFakeError,
  type ApiResponse,
  type BotApiFake,
  type BotApiFakeOptions,
  type FakeMode,
  type MethodHandler,
  type PendingUpdate,
  type RecordedCall,
} from "./types.js";
import { DEFAULT_BOT_ID, DEFAULT_BOT_USERNAME } from "./updates.js";
import { clone, isRecord } from "./util.js";

const DEFAULT_EXCLUDED_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

interface Poller {
  token: string;
  payload: Record<string, unknown>;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}

/** Starts the fake on 127.0.0.1. Close it with `close()` after stopping the bots that use it. */
export async function startBotApiFake(options: BotApiFakeOptions = {}): Promise<BotApiFake> {
  const mode: FakeMode = { strict: options.strict ?? true };
  let latencyMs = options.latencyMs ?? 0;
  let flood: FloodControl | undefined = options.floodLimits ? createFloodControl(options.floodLimits === true ? {} : options.floodLimits) : undefined;
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
  let closed = false;

  const files = createFileStore(mode);
  const state = createChatState(mode, botUser, files);
  // Updates the fake itself sends (chat_member after an approval, a ban, ...).
  const groups = createGroups(mode, botUser, state, (update) => enqueue(update));
  const methods = createMethods(
    mode,
    botInfo,
    state,
    files,
    {
      pendingCount: () => queue.length,
      dropPending: () => {
        queue = [];
      },
    },
    groups,
  );
  const builtins = methods.builtins;

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
    if (methods.hasWebhook()) {
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

  // --- the update queue ------------------------------------------------------

  /** Queues an update (stores its messages, takes in what it tells about groups) and wakes a pending long poll. */
  function enqueue(input: PendingUpdate): number {
    if (input.update_id !== undefined && input.update_id < nextUpdateId) {
      throw new Error(`update_id ${input.update_id} is not above the last one (${nextUpdateId - 1})`);
    }
    const updateId = input.update_id ?? nextUpdateId;
    nextUpdateId = updateId + 1;
    const update = { ...clone(input), update_id: updateId };
    const u = update as unknown as Record<string, unknown>;
    for (const key of ["message", "edited_message", "channel_post", "edited_channel_post", "business_message"]) {
      state.rememberMessage(u[key]);
    }
    groups.applyUpdate(u);
    if (isRecord(u.callback_query)) {
      state.rememberMessage(u.callback_query.message);
      if (isRecord(u.callback_query.from)) state.rememberPrivateChat(u.callback_query.from as unknown as User);
    }
    queue.push(update);
    // Deferred so several pushes in one tick arrive as one batch, as they would from Telegram.
    setImmediate(flushPoller);
    return updateId;
  }

  // --- HTTP -------------------------------------------------------------------

  async function serveFile(token: string, path: string, res: ServerResponse): Promise<void> {
    if (options.token !== undefined && token !== options.token) return send(res, { ok: false, error_code: 401, description: "Unauthorized" });
    const file = files.byPath(path);
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
      return enqueue(input);
    },
    remember(input) {
      const u = input as unknown as Record<string, unknown>;
      for (const key of ["message", "edited_message", "channel_post", "edited_channel_post", "business_message"]) state.rememberMessage(u[key]);
      groups.applyUpdate(u);
    },
    groups: groups.api,
    setFloodLimits(limits) {
      flood = limits ? createFloodControl(limits === true ? {} : limits) : undefined;
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
      mode.strict = value;
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
      return state.getMessage(chatId, messageId);
    },
    messagesIn(chatId) {
      return state.messagesIn(chatId);
    },
    putFile(fileId, content, opts) {
      files.put(fileId, content, opts);
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
      state.reset();
      groups.reset();
      files.reset();
      methods.reset();
      handlers.clear();
      latencyMs = options.latencyMs ?? 0;
      outage = undefined;
      mode.strict = options.strict ?? true;
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
