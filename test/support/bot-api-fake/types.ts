// The fake's public types, and the error a method answers with.
import type { Message, Update, UserFromGetMe } from "grammy/types";
import type { FloodLimits } from "./flood.js";
import type { FakeGroups } from "./groups.js";

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
  { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

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
   * Enforce Telegram's flood limits (test/support/bot-api-fake/flood.ts): `true` for
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
  /** Turns flood limits on (`true`: Telegram's; or some overridden, e.g. `{ perGroupPerMinute: 20 }`) or off (`undefined`), counting afresh. */
  setFloodLimits(limits: true | Partial<FloodLimits> | undefined): void;
  /**
   * Groups and supergroups (groups.ts): create one, set the bot's and users' memberships,
   * read its state (members, restrictions, bans, topics, pinned, invite links, join
   * requests, deleted messages). Membership updates pushed or remembered change it too.
   */
  groups: FakeGroups;
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

export const bad = (description: string) => new BotApiFakeError(400, `Bad Request: ${description}`);

/** What can change while the fake runs and every part reads: whether Telegram's rules are enforced (setStrict). */
export interface FakeMode {
  strict: boolean;
}
