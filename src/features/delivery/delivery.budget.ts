import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * The send budget of one lane, shared by every worker process through Redis
 * (issue 9, item 4): no one-second window, sliding or not, sees more grants
 * than `ratePerSecond`.
 *
 * One Lua script decides every grant atomically, on Redis's clock (TIME), so
 * processes on different machines share one clock and one count:
 *
 * - an exact sliding window: a sorted set holds the time of every grant of
 *   the last second; a grant is made only while it has fewer than
 *   `ratePerSecond` entries. For any window [x, x + 1 s) take its last grant
 *   at t: every grant in the window lies in (t − 1 s, t], which held at most
 *   the budget when t was granted. So no second, sliding or by the clock,
 *   sees more than the budget.
 * - a smooth pace (GCRA, the "virtual scheduling" form of a leaky bucket):
 *   grants are spaced 1/rate apart on average, with at most `burstMs` of
 *   catching up. Without it the window above lets the whole budget go out in
 *   a burst at the start of each second; the requests of two such bursts,
 *   shifted by a few ms of network jitter, would land in one second on
 *   Telegram's side. With it, a shift of d ms adds at most d × rate + the
 *   burst to any second there, which the safety margin of the defaults
 *   covers (see README, "Sending path").
 *
 * BullMQ's limiter is not used: it counts fixed windows that start with the
 * first job after the previous one expired, so a sliding second can see one
 * window more than the budget (1.2 × with 200 ms windows, measured 36 at 30).
 *
 * Written by hand (no maintained library keeps a sliding-window log and a
 * pace in one Redis script across processes). Grants are taken right before
 * the request is made, after the delivery was claimed and rendered, so the
 * time between a grant and Telegram seeing the request is as short as it
 * can be.
 */
export class SendBudget {
  private readonly waiters: Array<{ resolve: (grantedAtMs: number) => void; reject: (error: unknown) => void }> = [];
  private pumping = false;
  private readonly intervalUs: number;
  private readonly burstUs: number;
  private readonly pollMs: number;
  private readonly nonce = randomBytes(6).toString("hex");
  private counter = 0;

  constructor(
    private readonly redis: Redis,
    /** Redis key prefix of this lane's state, e.g. `<REDIS_PREFIX>:budget:send`. */
    private readonly key: string,
    readonly ratePerSecond: number,
    options: { burstMs?: number } = {},
  ) {
    if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1) throw new RangeError("ratePerSecond must be a positive integer");
    this.intervalUs = Math.ceil(1_000_000 / ratePerSecond);
    // Enough catching up to absorb a late timer or a slow Redis round trip, and at least one interval.
    this.burstUs = Math.max(this.intervalUs, (options.burstMs ?? 25) * 1000);
    // How often a process asks again while it waits for the pace: a few grants per call at high rates.
    this.pollMs = Math.max(1, Math.min(5, Math.floor(this.burstUs / 4000)));
  }

  /**
   * Resolves when one send may go out now (FIFO within this process), with the
   * grant's time on Redis's clock (ms). Rejects when Redis fails.
   */
  acquire(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      void this.pump();
    });
  }

  /** Grants nothing, in any process, for `ms` (Telegram's retry_after); a longer pause already set stays. */
  async pause(ms: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.stateKey, String(Math.ceil(ms * 1000)));
  }

  private get logKey(): string {
    return `${this.key}:log`;
  }
  private get stateKey(): string {
    return `${this.key}:state`;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        let granted: number;
        let waitUs: number;
        let at: number;
        try {
          const want = Math.min(this.waiters.length, 1_000);
          const reply = (await this.redis.eval(
            ACQUIRE,
            2,
            this.logKey,
            this.stateKey,
            String(this.ratePerSecond),
            "1000000",
            String(this.intervalUs),
            String(this.burstUs),
            String(want),
            `${this.nonce}:${++this.counter}`,
          )) as [number, number, number];
          [granted, waitUs, at] = reply;
        } catch (error) {
          for (const waiter of this.waiters.splice(0)) waiter.reject(error);
          return;
        }
        for (const waiter of this.waiters.splice(0, granted)) waiter.resolve(at / 1000);
        // Not all granted: ask again when the next grant is due, not at once (an answer of 0 means more are free now).
        if (this.waiters.length > 0 && waitUs > 0) await sleep(Math.max(this.pollMs, Math.ceil(waitUs / 1000)));
      }
    } finally {
      this.pumping = false;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * KEYS[1]: sorted set of the grants of the last window (score: µs); KEYS[2]:
 * hash {tat: the pace's theoretical arrival time, paused: no grant before}.
 * ARGV: budget, window µs, interval µs, burst µs, grants wanted, a unique id.
 * Returns {granted, µs until one more could be granted (when not all were), now µs}.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local budget = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local want = tonumber(ARGV[5])
local paused = tonumber(redis.call('HGET', KEYS[2], 'paused') or '0')
if paused > now then return {0, paused - now, now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local tat = tonumber(redis.call('HGET', KEYS[2], 'tat') or '0')
if tat < now then tat = now end
local granted = 0
while granted < want and used < budget and tat - now <= burst do
  granted = granted + 1
  used = used + 1
  tat = tat + interval
  redis.call('ZADD', KEYS[1], now, ARGV[6] .. ':' .. granted)
end
local wait = 0
if granted < want then
  if used >= budget then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    wait = tonumber(oldest[2]) + window - now
  end
  if tat - now - burst > wait then wait = tat - now - burst end
end
if granted > 0 then
  redis.call('HSET', KEYS[2], 'tat', tat)
  redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
  redis.call('PEXPIRE', KEYS[2], math.floor((tat - now + window) / 1000) + 60000)
end
return {granted, wait, now}
`;

/** KEYS[1]: the lane's state hash; ARGV[1]: pause in µs. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilUs = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if untilUs > paused then
  redis.call('HSET', KEYS[1], 'paused', untilUs)
  redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[1]) / 1000) + 60000)
end
return 1
`;
