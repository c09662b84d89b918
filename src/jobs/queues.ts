import { Queue, type BulkJobOptions, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES, type JobName, type JobPayloads, type JobQueueMap, type QueueName } from "./definitions.js";

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  // Failed jobs stay for inspection for a week.
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producers: the only way features enqueue jobs. */
export interface JobQueues {
  add<J extends JobName>(name: J, payload: JobPayloads[J], options?: JobsOptions): Promise<void>;
  /** Adds many jobs of one name in one round trip (a fan-out). */
  addBulk<J extends JobName>(name: J, jobs: ReadonlyArray<{ payload: JobPayloads[J]; options?: BulkJobOptions }>): Promise<void>;
  queue(name: QueueName): Queue;
  /** The queue a job goes to. */
  queueOf(name: JobName): Queue;
  close(): Promise<void>;
}

/**
 * `onError` gets the queues' connection errors: without a listener BullMQ
 * prints each one with its stack trace to stderr (every reconnect attempt
 * during a Redis outage).
 */
export function createQueues(connection: Redis, prefix: string, jobQueue: JobQueueMap, onError: (err: Error) => void = () => undefined): JobQueues {
  const queues = new Map<QueueName, Queue>();
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection, prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on("error", onError);
    queues.set(name, queue);
  }
  const get = (name: QueueName): Queue => {
    const q = queues.get(name);
    if (!q) throw new Error(`Unknown queue ${name}`);
    return q;
  };
  const queueOf = (name: JobName): Queue => get(jobQueue[name]);
  return {
    async add(name, payload, options) {
      await queueOf(name).add(name, payload, options);
    },
    async addBulk(name, jobs) {
      if (jobs.length === 0) return;
      await queueOf(name).addBulk(jobs.map((job) => ({ name, data: job.payload, opts: job.options })));
    },
    queue: get,
    queueOf,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
