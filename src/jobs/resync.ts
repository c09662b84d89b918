/**
 * PostgreSQL is the source of truth; everything BullMQ keeps in Redis
 * (schedules, delayed reminders, broadcast fan-outs, queued sends) is derived
 * from it. When Redis loses its data (restarted without persistence, flushed,
 * failed over to an empty replica) nothing used to notice: reminders were
 * dropped for good and the maintenance schedules stayed gone until a restart
 * (#9 item 13).
 *
 * The watcher writes a sentinel key once everything is rebuilt. It looks for
 * it every `intervalMs` and whenever a Redis connection becomes ready again;
 * a missing sentinel means Redis lost its data, and the whole state is rebuilt:
 * the job schedules are upserted and every reconciler re-creates, from the
 * database, the jobs that should exist. The same full rebuild runs at every
 * start. Job ids are deterministic, so rebuilding what is still there is
 * harmless (an add with a taken id is ignored), and several worker processes
 * may do it at the same time.
 */
import type { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import type { FailureLog } from "../shared/failure-log.js";
import type { Logger } from "../shared/logger.js";
import type { JobQueues } from "./queues.js";
import { ensureSchedules, type AnySchedule } from "./schedules.js";

/** Re-creates, from PostgreSQL, the jobs of one feature that should exist in Redis. */
export interface Reconciler {
  name: string;
  /** Idempotent; returns something worth logging (counts). */
  run(): Promise<unknown>;
}

export interface StateWatcher {
  /** Rebuilds everything once (the start), then watches. */
  start(): Promise<void>;
  /** Looks for the sentinel; rebuilds when it is missing. Returns true when it rebuilt. */
  check(): Promise<boolean>;
  /** Upserts the schedules, runs every reconciler, then writes the sentinel. */
  rebuild(reason: string): Promise<void>;
  stop(): void;
}

/** The key whose absence means Redis lost its data. */
export const stateSentinelKey = (prefix: string): string => `${prefix}:state-sentinel`;

export function createStateWatcher(options: {
  /** A fail-fast client (the container's general one) for the sentinel. */
  redis: Redis;
  prefix: string;
  queues: JobQueues;
  /** Repeatable jobs, upserted again at every rebuild. */
  schedules: readonly AnySchedule[];
  reconcilers: readonly Reconciler[];
  logger: Logger;
  failures: FailureLog;
  intervalMs?: number;
  /** Connections whose 'ready' (a reconnect, maybe to an empty Redis) triggers a check. */
  readyEmitters?: readonly EventEmitter[];
}): StateWatcher {
  const key = stateSentinelKey(options.prefix);
  const log = options.logger.child({ component: "redis-state" });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const onReady = () => void watcher.check();

  async function doRebuild(reason: string): Promise<void> {
    const started = Date.now();
    await ensureSchedules(options.queues, options.schedules);
    const results: Record<string, unknown> = {};
    let failed = false;
    for (const reconciler of options.reconcilers) {
      try {
        results[reconciler.name] = await reconciler.run();
      } catch (err) {
        failed = true;
        options.failures.report(`reconcile ${reconciler.name} failed`, err);
      }
    }
    // Without every reconciler done, the sentinel stays missing and the next check tries again.
    if (failed) throw new Error("some reconcilers failed");
    await options.redis.set(key, new Date().toISOString());
    log.info({ reason, ms: Date.now() - started, ...results }, "Redis jobs rebuilt from PostgreSQL");
  }

  const watcher: StateWatcher = {
    rebuild(reason) {
      // One rebuild at a time per process: a 'ready' during a rebuild joins it.
      running ??= doRebuild(reason).finally(() => {
        running = undefined;
      });
      return running;
    },
    async check() {
      if (stopped) return false;
      try {
        if (running) {
          await running;
          return false;
        }
        if ((await options.redis.exists(key)) === 1) return false;
        log.warn({ key }, "Redis lost its data (state sentinel missing): re-creating schedules and jobs from PostgreSQL");
        await watcher.rebuild("redis data lost");
        return true;
      } catch (err) {
        options.failures.report("Redis state check failed", err);
        return false;
      }
    },
    async start() {
      stopped = false;
      try {
        await watcher.rebuild("start");
      } catch (err) {
        options.failures.report("Redis state rebuild at start failed", err);
      }
      timer = setInterval(() => void watcher.check(), options.intervalMs ?? 30_000);
      timer.unref();
      for (const emitter of options.readyEmitters ?? []) emitter.on("ready", onReady);
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const emitter of options.readyEmitters ?? []) emitter.off("ready", onReady);
    },
  };
  return watcher;
}
