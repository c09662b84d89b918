import { GrammyError, type Api } from "grammy";
import type { Update } from "grammy/types";
import type { Redis } from "ioredis";
import type { Logger } from "../shared/logger.js";

/**
 * Long polling with a durable inbox (#9 items 11 and 12), written by hand
 * because @grammyjs/runner's source confirms an update to Telegram (by asking
 * for the next offset) while it may still be in progress, and its fetch goes
 * through whatever retry policy the Api carries (auto-retry's doubling backoff
 * kept the bot deaf for minutes after an outage).
 *
 * - Every batch is written to `<prefix>:inbox` (update id → JSON) before the
 *   next getUpdates confirms it; an update leaves the inbox only once handled.
 *   A crash or a deploy that could not wait leaves the rest there, and the next
 *   start handles them first, in update order. (A re-delivered update that was
 *   already half-handled is recognised per chat: see conversation-storage.ts.)
 * - An update that was started three times without finishing is dropped (a
 *   poison update must not crash every start).
 * - getUpdates goes through a bare Api: after a failure the loop tries again in
 *   0.5 s, doubling up to 5 s, so polling resumes within seconds of Telegram
 *   coming back. 401 (revoked token) and 409 (another instance polling) are
 *   fatal and go to `onFatal`.
 * - `stop(drainMs)` stops fetching, waits up to `drainMs` for the updates in
 *   progress, and leaves the unfinished ones in the inbox.
 *
 * Updates of one chat are ordered by the bot's `sequentialize` middleware;
 * this loop only bounds how many run at once.
 */
export interface PollingOptions {
  /** An Api without retry transformers (createBareApi). */
  api: Api;
  redis: Redis;
  redisPrefix: string;
  /** Handles one update; errors are logged, the update still leaves the inbox. */
  handle: (update: Update) => Promise<void>;
  allowedUpdates: readonly string[];
  logger: Logger;
  /** The loop stopped for good (revoked token, another instance polling). */
  onFatal(error: unknown): void;
  /** Updates in progress at most; the loop waits for a free slot before fetching. Default 200. */
  maxInFlight?: number;
  /** Starts of one update before it is dropped. Default 3. */
  maxAttempts?: number;
  /** Long-poll timeout in seconds. Default 30. */
  timeoutSeconds?: number;
  /** Retry delays after a failed getUpdates (ms). Default 500 … 5000. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export interface PollingHandle {
  isRunning(): boolean;
  /** Updates taken and not yet finished. */
  inFlight(): number;
  /** Stops fetching; waits up to `drainMs` for the updates in progress. Unfinished ones stay in the inbox. */
  stop(drainMs: number): Promise<{ finished: boolean; left: number }>;
}

export function inboxKey(redisPrefix: string): string {
  return `${redisPrefix}:inbox`;
}
export function inboxAttemptsKey(redisPrefix: string): string {
  return `${redisPrefix}:inbox:attempts`;
}

/** Fails after `ms` instead of waiting for an unreachable Redis (its offline queue would hold the loop). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export function startPolling(options: PollingOptions): PollingHandle {
  const { api, redis, handle, logger } = options;
  const maxInFlight = options.maxInFlight ?? 200;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryMin = options.retryMinMs ?? 500;
  const retryMax = options.retryMaxMs ?? 5000;
  const inbox = inboxKey(options.redisPrefix);
  const attemptsKey = inboxAttemptsKey(options.redisPrefix);
  const log = logger.child({ component: "polling" });

  const abort = new AbortController();
  const running = new Map<number, Promise<void>>();
  let running_ = true;
  /** Set when stop() gave up waiting: updates finishing after that stay in the inbox, to be handled again. */
  let abandoned = false;
  let slotFreed: (() => void) | undefined;
  let offset = 0;
  let redisDown = false;

  const noteRedis = (ok: boolean, err?: unknown) => {
    if (!ok && !redisDown) log.warn({ err }, "the update inbox is unavailable; handling updates without it until Redis answers");
    if (ok && redisDown) log.info("the update inbox is available again");
    redisDown = !ok;
  };

  function dispatch(update: Update, attempts: number): void {
    const id = update.update_id;
    if (running.has(id)) return;
    const task = (async () => {
      if (attempts > maxAttempts) {
        log.error({ updateId: id, attempts: attempts - 1 }, "dropping an update that failed to finish several times");
      } else {
        try {
          await handle(update);
        } catch (err) {
          log.error({ err, updateId: id }, "update handler failed");
        }
      }
      log.debug({ updateId: id }, "update finished");
      if (abandoned) return;
      try {
        await within(2000, redis.multi().hdel(inbox, String(id)).hdel(attemptsKey, String(id)).exec());
      } catch (err) {
        // It stays in the inbox and comes again at the next start, where the
        // per-chat record of handled updates recognises it.
        noteRedis(false, err);
      }
    })().finally(() => {
      running.delete(id);
      slotFreed?.();
    });
    running.set(id, task);
  }

  /** Stores a batch and counts one more start for each update; returns the start counts. */
  async function store(updates: Update[]): Promise<number[]> {
    const multi = redis.multi();
    multi.hset(inbox, Object.fromEntries(updates.map((u) => [String(u.update_id), JSON.stringify(u)])));
    for (const u of updates) multi.hincrby(attemptsKey, String(u.update_id), 1);
    const result = await within(2000, multi.exec());
    noteRedis(true);
    return updates.map((_, i) => Number(result?.[i + 1]?.[1] ?? 1));
  }

  async function replayInbox(): Promise<void> {
    let stored: Record<string, string>;
    try {
      stored = await within(5000, redis.hgetall(inbox));
    } catch (err) {
      noteRedis(false, err);
      return;
    }
    const updates = Object.values(stored)
      .map((json) => JSON.parse(json) as Update)
      .sort((a, b) => a.update_id - b.update_id);
    if (updates.length === 0) return;
    log.info({ count: updates.length }, "handling updates left unfinished by the previous run");
    const attempts = await store(updates).catch(() => updates.map(() => 1));
    // Telegram must not send them again: confirm everything up to the newest.
    offset = updates.at(-1)!.update_id + 1;
    updates.forEach((u, i) => dispatch(u, attempts[i]!));
  }

  async function loop(): Promise<void> {
    await replayInbox();
    let delay = retryMin;
    while (running_) {
      if (running.size >= maxInFlight) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        slotFreed = undefined;
        continue;
      }
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          { offset, limit: 100, timeout: options.timeoutSeconds ?? 30, allowed_updates: [...options.allowedUpdates] as never },
          // grammY types its signal with the abort-controller shim; Node's is the same at run time.
          abort.signal as Parameters<Api["getUpdates"]>[1],
        );
      } catch (err) {
        if (!running_) break;
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 409)) {
          running_ = false;
          log.error({ code: err.error_code, description: err.description }, "polling stopped: Telegram refused getUpdates");
          options.onFatal(err);
          break;
        }
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        const wait = retryAfter !== undefined ? Math.min(retryAfter * 1000, 60_000) : delay;
        log.warn({ err: err instanceof Error ? err.message : err, retryInMs: wait }, "getUpdates failed");
        await sleep(wait, abort.signal);
        delay = Math.min(delay * 2, retryMax);
        continue;
      }
      delay = retryMin;
      if (updates.length === 0) continue;
      log.debug({ ids: updates.map((u) => u.update_id) }, "updates received");
      let attempts: number[];
      try {
        attempts = await store(updates);
      } catch (err) {
        // Without Redis nothing can be kept; members still get an answer
        // (the error boundary says the bot is briefly unavailable).
        noteRedis(false, err);
        attempts = updates.map(() => 1);
      }
      offset = updates.at(-1)!.update_id + 1;
      for (const [i, update] of updates.entries()) dispatch(update, attempts[i]!);
    }
  }

  const done = loop().catch((err: unknown) => {
    running_ = false;
    log.error({ err }, "polling loop failed");
    options.onFatal(err);
  });

  return {
    isRunning: () => running_,
    inFlight: () => running.size,
    async stop(drainMs) {
      running_ = false;
      abort.abort();
      slotFreed?.();
      await done;
      const all = Promise.allSettled([...running.values()]).then(() => true);
      const finished = await Promise.race([all, sleep(drainMs).then(() => false)]);
      const left = running.size;
      if (!finished) {
        abandoned = true;
        log.warn({ left }, "updates still in progress at shutdown stay in the inbox for the next start");
      }
      return { finished, left };
    },
  };
}
