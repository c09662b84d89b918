import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../shared/logger.js";
import type { FailureLog } from "../shared/failure-log.js";
import { unavailableService } from "../shared/unavailable.js";
import { QUEUES, RATE_LIMITED_QUEUES, type JobName, type JobPayloads, type JobQueueMap, type QueueName } from "./definitions.js";

export type Processor<J extends JobName> = (payload: JobPayloads[J], job: Job<JobPayloads[J]>, logger: Logger) => Promise<void>;
export type ProcessorRegistry = { [J in JobName]: Processor<J> };

/** Refuses to start when a job name has no processor (or a processor has no job name). */
export function assertRegistryComplete(registry: Partial<Record<string, unknown>>, jobNames: readonly string[]): void {
  const missing = jobNames.filter((name) => typeof registry[name] !== "function");
  const unknown = Object.keys(registry).filter((name) => !jobNames.includes(name));
  if (missing.length || unknown.length) {
    throw new Error(
      `Worker registry mismatch: ${missing.length ? `no processor for ${missing.join(", ")}` : ""}${unknown.length ? ` unknown jobs ${unknown.join(", ")}` : ""}`,
    );
  }
}

/** How the workers of one queue run. */
export interface QueueWorkerSettings {
  /** Jobs one worker process runs at once (default: startWorkers' `concurrency`). */
  concurrency?: number;
  /**
   * BullMQ's rate limiter: at most `max` jobs start per `duration` ms. Its
   * counter lives in Redis, so the limit holds for the queue as a whole,
   * across every worker process, not per process.
   */
  limiter?: { max: number; duration: number };
}
export type QueueSettings = Partial<Record<QueueName, QueueWorkerSettings>>;

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts one worker per queue, dispatching by job name. Refuses to start when
 * a job name has no processor or a send queue has no settings (its
 * concurrency is sized for its send budget).
 */
export function startWorkers(options: {
  connection: Redis;
  prefix: string;
  registry: ProcessorRegistry;
  /** Which queue each job goes to (the container's `jobQueue`). */
  jobQueue: JobQueueMap;
  logger: Logger;
  /** Default jobs at once per queue and process. */
  concurrency?: number;
  /** Per-queue settings (the send queue's budget and concurrency), from the container. */
  queueSettings?: QueueSettings;
  /** When given, outages (Redis or PostgreSQL down) are logged one line per minute instead of once per job and reconnect. */
  failures?: FailureLog;
}): Workers {
  assertRegistryComplete(options.registry, Object.keys(options.jobQueue));
  const unlimited = RATE_LIMITED_QUEUES.filter((name) => !options.queueSettings?.[name]);
  if (unlimited.length) throw new Error(`No settings for send queue ${unlimited.join(", ")}: pass queueSettings from the container`);
  const workers = Object.values(QUEUES).map((queueName) => {
    const settings = options.queueSettings?.[queueName];
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const name = job.name as JobName;
        if (options.jobQueue[name] !== queueName) throw new Error(`Job ${job.name} does not belong to queue ${queueName}`);
        const log = options.logger.child({ queue: queueName, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
        const processor = options.registry[name] as Processor<JobName>;
        await processor(job.data as JobPayloads[JobName], job as Job<JobPayloads[JobName]>, log);
      },
      {
        connection: options.connection,
        prefix: `${options.prefix}:bull`,
        concurrency: settings?.concurrency ?? options.concurrency ?? 4,
        ...(settings?.limiter ? { limiter: settings.limiter } : {}),
      },
    );
    worker.on("failed", (job, err) => {
      const down = options.failures && unavailableService(err);
      if (down) options.failures!.report(`jobs failing: ${down === "redis" ? "Redis" : "PostgreSQL"} unavailable`, err);
      else options.logger.warn({ err, queue: queueName, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade }, "job failed");
    });
    worker.on("error", (err) => {
      if (options.failures) options.failures.report("job workers: Redis unreachable or failing", err);
      else options.logger.error({ err, queue: queueName }, "worker error");
    });
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
