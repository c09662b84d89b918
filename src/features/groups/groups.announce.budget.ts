import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Telegram lets a bot send at most 20 messages a minute to one group. This is
 * that budget, per group, shared by every worker process through Redis: one
 * Lua script keeps the time (Redis's clock) of each grant of the last minute
 * in a sorted set per group and grants only while it holds fewer than the
 * limit, so no sliding minute sees more. A refusal says how long until the
 * oldest grant leaves the window; the announcement job is then delayed by
 * that much (never dropped).
 *
 * The send lane's SendBudget (src/features/delivery/delivery.budget.ts) is
 * taken as well, after this one: the group budget says "this group may get a
 * message", the lane budget "the bot may send one now".
 */
export class GroupSendBudget {
  private readonly nonce = randomBytes(6).toString("hex");
  private counter = 0;

  constructor(
    private readonly redis: Redis,
    /** `<REDIS_PREFIX>:groups` */
    private readonly prefix: string,
    readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes one grant for the group: 0 when granted, else the ms until one could be. */
  async take(groupId: number): Promise<number> {
    const wait = (await this.redis.eval(TAKE, 1, this.key(groupId), String(this.perMinute), String(this.windowMs), `${this.nonce}:${++this.counter}`)) as number;
    return Number(wait);
  }

  /** Grants of the last window (tests, diagnostics). */
  async used(groupId: number): Promise<number> {
    const t = await this.redis.time();
    const now = Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
    return this.redis.zcount(this.key(groupId), `(${now - this.windowMs}`, "+inf");
  }

  private key(groupId: number): string {
    return `${this.prefix}:budget:${groupId}`;
  }
}

/** KEYS[1]: the group's grants (score: ms). ARGV: limit, window ms, a unique member. Returns 0 (granted) or ms to wait. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`;

/**
 * One worker at a time does a group's Telegram work (posting, deleting,
 * editing announcements), so two jobs never post the same PENDING rows and
 * two withdrawals from one combined post do not undo each other's edit.
 */
export class GroupLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 120_000,
  ) {}

  /** A token when the lock was taken, undefined when another worker holds it. */
  async take(groupId: number): Promise<string | undefined> {
    const token = randomBytes(8).toString("hex");
    const ok = await this.redis.set(this.key(groupId), token, "PX", this.ttlMs, "NX");
    return ok === "OK" ? token : undefined;
  }

  async release(groupId: number, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(groupId), token);
  }

  private key(groupId: number): string {
    return `${this.prefix}:lock:${groupId}`;
  }
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * What each announcement post shows now (a hash of its text and buttons), so a re-rendering that
 * comes out the same (a change of the event's description, a second job of the same change)
 * edits nothing. Lost with Redis's data: then one edit may be repeated ("message is not modified").
 */
export class PostTexts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 60 * 24 * 3600,
  ) {}

  static hash(text: string, markup: unknown): string {
    return createHash("sha1")
      .update(text)
      .update("\u0000")
      .update(JSON.stringify(markup ?? null))
      .digest("hex");
  }

  async same(groupId: number, messageId: number, hash: string): Promise<boolean> {
    return (await this.redis.get(this.key(groupId, messageId))) === hash;
  }

  async remember(groupId: number, messageId: number, hash: string): Promise<void> {
    await this.redis.set(this.key(groupId, messageId), hash, "EX", this.ttlSeconds);
  }

  private key(groupId: number, messageId: number): string {
    return `${this.prefix}:post:${groupId}:${messageId}`;
  }
}
