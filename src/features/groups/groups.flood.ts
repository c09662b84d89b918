/**
 * Antiflood counters (issue 11, "Keeping groups clean"): one Redis round trip
 * per group message, so the hot path stays free of PostgreSQL.
 *
 * Per sender and group, a sorted set holds the ids of the sender's messages of
 * the last `seconds` (scored by the message's time); a second key, set with NX,
 * says "this sender's mute is decided". The Lua script below does both in one
 * step, atomically, so however many of the sender's messages are handled at
 * once (the front runs before per-sender ordering), exactly one of them gets
 * the verdict "mute" (with every id of the window, to delete) and every later
 * one "muted" (delete it too: Telegram may not have applied the mute yet).
 */
import type { Api } from "grammy";
import type { Redis } from "ioredis";
import type { Logger } from "../../shared/logger.js";

const FLOOD_SCRIPT = `
local key = KEYS[1]
local muted = KEYS[2]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
if redis.call('EXISTS', muted) == 1 then return {2} end
redis.call('ZADD', key, now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('PEXPIRE', key, window)
if redis.call('ZCARD', key) <= limit then return {0} end
if redis.call('SET', muted, '1', 'NX', 'PX', tonumber(ARGV[5])) then
  local ids = redis.call('ZRANGE', key, 0, -1)
  redis.call('DEL', key)
  return {1, ids}
end
return {2}
`;

/**
 * A sender's antiflood keys in a chat: the window of their message ids and the
 * "mute decided" flag. Keyed by chat and user, so /forgetme finds a member's
 * keys from the groups table (every chat the bot screens has a row), without a SCAN.
 */
export function floodKeys(prefix: string, chatId: number | bigint, userId: number | bigint): [string, string] {
  return [`${prefix}:gflood:${chatId}:${userId}`, `${prefix}:gmuted:${chatId}:${userId}`];
}

/** The flood settings of a group (GroupView.flood). */
export interface FloodLimit {
  messages: number;
  seconds: number;
  muteMinutes: number;
}

/** ok: nothing to do; mute: this message crossed the limit (delete `messageIds`, mute once); muted: the mute is decided already (delete this message). */
export type FloodVerdict = { kind: "ok" } | { kind: "mute"; messageIds: number[] } | { kind: "muted" };

type FloodRedis = Redis & { groupsFlood(key: string, muted: string, now: number, windowMs: number, limit: number, id: number, muteMs: number): Promise<unknown[]> };

/** Per-sender flood counters of every group, in Redis. */
export class FloodGuard {
  private readonly redis: FloodRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!("groupsFlood" in redis)) redis.defineCommand("groupsFlood", { numberOfKeys: 2, lua: FLOOD_SCRIPT });
    this.redis = redis as FloodRedis;
  }

  private keys(chatId: number | bigint, userId: number | bigint): [string, string] {
    return floodKeys(this.prefix, chatId, userId);
  }

  /** Counts one message (`atMs`: when it was written) and says what to do. */
  async check(chatId: number, userId: number, messageId: number, atMs: number, limit: FloodLimit): Promise<FloodVerdict> {
    const [key, muted] = this.keys(chatId, userId);
    // The mute key outlives the mute by a little: messages in flight when Telegram applies it are still deleted.
    const result = await this.redis.groupsFlood(key, muted, atMs, limit.seconds * 1000, limit.messages, messageId, Math.max(limit.muteMinutes, 1) * 60_000);
    const code = Number(result[0]);
    if (code === 1) return { kind: "mute", messageIds: (result[1] as string[]).map(Number) };
    return code === 2 ? { kind: "muted" } : { kind: "ok" };
  }

  /** Forgets a sender's counters and mute decision (/unmute; a staff member who crossed the limit). */
  async release(chatId: number | bigint, userId: number | bigint): Promise<void> {
    await this.redis.del(...this.keys(chatId, userId));
  }
}

/**
 * Deletes messages in batches: ids collected per chat for `delayMs` (or until
 * 100, Telegram's limit per deleteMessages call) go in one call, so a sender
 * flooding 100 messages a second costs a few calls, not 100.
 */
export class DeleteBatcher {
  private pending = new Map<number, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly delayMs = 300,
  ) {}

  add(chatId: number, messageIds: readonly number[]): void {
    let ids = this.pending.get(chatId);
    if (!ids) this.pending.set(chatId, (ids = []));
    ids.push(...messageIds);
    if (ids.length >= 100) {
      this.pending.delete(chatId);
      this.send(chatId, ids);
    }
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  /** Deletes now, in batches of 100 (awaited). */
  async deleteNow(chatId: number, messageIds: readonly number[]): Promise<void> {
    for (let i = 0; i < messageIds.length; i += 100) {
      const batch = messageIds.slice(i, i + 100);
      try {
        await this.api.deleteMessages(chatId, batch);
      } catch (err) {
        // Deleted already, too old (48 h), or the bot lost the right: nothing to repair.
        this.logger.info({ err: err instanceof Error ? err.message : err, chatId, count: batch.length }, "could not delete group messages");
      }
    }
  }

  private send(chatId: number, ids: number[]): void {
    const run = this.deleteNow(chatId, ids);
    this.inFlight = this.inFlight.then(() => run);
  }

  /** Sends everything collected and waits for every batch (tests; shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    for (const [chatId, ids] of pending) this.send(chatId, ids);
    await this.inFlight;
  }
}
