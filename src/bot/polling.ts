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
 *   poison update must not crash every start). Starts are counted when a batch
 *   is stored; a poison update comes back through the inbox at the next start,
 *   where the count is read before it runs. A batch fresh from getUpdates
 *   starts at once, while it is being written (it is confirmed to Telegram
 *   only once written), so the write costs its updates no latency.
 * - Cost per update (#11, thousands of group messages a second): one Redis
 *   command stores a whole batch, and finished updates leave the inbox
 *   together, in one command per turn of the event loop.
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

/** Stores a batch (KEYS: inbox, attempts; ARGV: id, JSON, id, JSON…) and counts one more start of each; returns the counts. */
const STORE_BATCH = `
local counts = {}
for i = 1, #ARGV, 2 do
  redis.call("HSET", KEYS[1], ARGV[i], ARGV[i + 1])
  counts[#counts + 1] = redis.call("HINCRBY", KEYS[2], ARGV[i], 1)
end
return counts`;

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

  /** Finished updates waiting to leave the inbox, and the write that takes them out. */
  let finishedIds: string[] = [];
  let forgetting: Promise<void> | undefined;
  function forget(id: number): Promise<void> {
    finishedIds.push(String(id));
    forgetting ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const ids = finishedIds;
      finishedIds = [];
      forgetting = undefined;
      try {
        await within(
          2000,
          redis
            .multi()
            .hdel(inbox, ...ids)
            .hdel(attemptsKey, ...ids)
            .exec(),
        );
      } catch (err) {
        // They stay in the inbox and come again at the next start, where the
        // per-chat record of handled updates recognises them.
        noteRedis(false, err);
      }
    });
    return forgetting;
  }

  /** `stored`: the write of the update's batch to the inbox; it leaves the inbox only after that. */
  function dispatch(update: Update, attempts: number, stored?: Promise<unknown>): void {
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
      await stored;
      if (abandoned) return;
      await forget(id);
    })().finally(() => {
      running.delete(id);
      slotFreed?.();
    });
    running.set(id, task);
  }

  /** Stores a batch and counts one more start for each update; returns the start counts. */
  async function store(updates: Update[]): Promise<number[]> {
    const args: string[] = [];
    for (const u of updates) args.push(String(u.update_id), JSON.stringify(u));
    const result = (await within(2000, redis.eval(STORE_BATCH, 2, inbox, attemptsKey, ...args))) as number[] | null;
    noteRedis(true);
    return updates.map((_, i) => Number(result?.[i] ?? 1));
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
      const stored = store(updates).catch((err: unknown) => {
        // Without Redis nothing can be kept; members still get an answer
        // (the error boundary says the bot is briefly unavailable).
        noteRedis(false, err);
      });
      for (const update of updates) dispatch(update, 1, stored);
      // Telegram is told the batch arrived (the next offset) only once it is stored.
      await stored;
      offset = updates.at(-1)!.update_id + 1;
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
