// The job system (src/jobs) on the real Redis: producers from createQueues, the worker
// registry from startWorkers, each test under its own key prefix. A test's registry
// records what its processor received instead of calling Telegram.

import { menuSyncJobOptions } from "../../src/features/members/members.jobs.js";
import { Writable } from "node:stream";
import type { Job, JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import { createQueues, type JobQueues } from "../../src/jobs/queues.js";
import { ensureSchedules } from "../../src/jobs/schedules.js";
import { JOB_NAMES, JOB_QUEUE, SCHEDULES } from "../../src/features/index.js";
import { startWorkers, type Processor, type ProcessorRegistry, type Workers } from "../../src/jobs/workers.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";
import { waitUntil } from "../support/wait.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

type Payload = JobPayloads["members.sync-commands"];

/** A promise with its resolve function, to let a test and a processor wait for each other. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A processor for every job the slices declare (a new slice's job needs no edit here). */
const registryOf = (processor: () => Promise<void>) => Object.fromEntries(JOB_NAMES.map((name) => [name, processor])) as unknown as ProcessorRegistry;

describe("jobs on Redis", () => {
  let redis: Redis;
  let prefix: string;
  let queues: JobQueues;
  let workers: Workers | undefined;
  /** Log records of the workers, parsed from pino's JSON lines. */
  let logs: Array<Record<string, unknown>>;
  /** Gates a test's processor may still be waiting on; opened before closing the workers. */
  let gates: Array<() => void>;

  beforeEach(() => {
    prefix = createTestRedisPrefix();
    // BullMQ workers need maxRetriesPerRequest: null (blocking commands), as in the container.
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queues = createQueues(redis, prefix, JOB_QUEUE);
    workers = undefined;
    logs = [];
    gates = [];
  });

  afterEach(async () => {
    for (const open of gates) open();
    await workers?.close();
    await queues.close();
    await cleanRedisPrefix(redis, prefix);
    await redis.quit();
  });

  function start(processor: Processor<"members.sync-commands">): Workers {
    // The other jobs are not under test here; they must still have a processor.
    const unused = async () => {
      throw new Error("not expected in this test");
    };
    const registry = { ...registryOf(unused), "members.sync-commands": processor };
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    workers = startWorkers({
      connection: redis,
      prefix,
      registry,
      jobQueue: JOB_QUEUE,
      queueSettings: { send: { limiter: { max: 25, duration: 1000 } }, "send-paid": { limiter: { max: 25, duration: 1000 } } },
      logger: pino({ level: "info" }, sink),
    });
    return workers;
  }

  const membersQueue = () => queues.queue("members");

  /** Jobs not yet finished (waiting, active, delayed, prioritized). */
  async function pending(): Promise<number> {
    const c = await membersQueue().getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  it("runs a job through the registered processor with its payload", async () => {
    const seen: Array<{ payload: Payload; jobName: string }> = [];
    const done = deferred();
    start(async (payload, job, logger) => {
      logger.info("syncing");
      seen.push({ payload, jobName: job.name });
      done.resolve();
    });

    await queues.add("members.sync-commands", { memberId: 1 });
    await done.promise;

    expect(seen).toEqual([{ payload: { memberId: 1 }, jobName: "members.sync-commands" }]);
    await waitUntil(async () => (await membersQueue().getJobCounts("completed")).completed === 1);
    // The processor's logger says which job it is working on.
    expect(logs).toContainEqual(expect.objectContaining({ msg: "syncing", queue: "members", job: "members.sync-commands", attempt: 1, jobId: expect.any(String) }));
    // Everything lives under the test's prefix.
    expect(await redis.keys(`${prefix}:bull:members:*`)).not.toHaveLength(0);
  });

  it("gives jobs the default retry policy when the producer sets none", async () => {
    await queues.add("members.sync-commands", { memberId: 5 });
    const [job] = await membersQueue().getJobs(["waiting"]);
    expect(job?.data).toEqual({ memberId: 5 });
    expect(job?.opts).toMatchObject({ attempts: 5, backoff: { type: "exponential", delay: 2_000 } });
  });

  it("retries a processor that throws once, after the backoff, and then completes", async () => {
    const attempts: number[] = [];
    const succeeded = deferred<Job>();
    start(async (_payload, job) => {
      attempts.push(job.attemptsMade + 1);
      if (attempts.length === 1) throw new Error("Telegram is down");
      succeeded.resolve(job as Job);
    });

    const options: JobsOptions = { attempts: 2, backoff: { type: "fixed", delay: 10 } };
    await queues.add("members.sync-commands", { memberId: 2 }, options);
    const job = await succeeded.promise;

    expect(attempts).toEqual([1, 2]);
    expect(job.data).toEqual({ memberId: 2 });
    await waitUntil(async () => (await membersQueue().getJobCounts("completed")).completed === 1);
    expect((await membersQueue().getJobCounts("failed")).failed).toBe(0);
    // The failed attempt was logged with its error.
    expect(logs).toContainEqual(expect.objectContaining({ msg: "job failed", err: expect.objectContaining({ message: "Telegram is down" }) }));
  });

  it("fails a job for good once its attempts are used up", async () => {
    let calls = 0;
    start(async () => {
      calls++;
      throw new Error("still down");
    });
    await queues.add("members.sync-commands", { memberId: 3 }, { attempts: 2, backoff: { type: "fixed", delay: 10 } });
    await waitUntil(async () => (await membersQueue().getJobCounts("failed")).failed === 1);
    expect(calls).toBe(2);
  });

  it("keeps one job when the same deduplication id is added twice while the first is waiting", async () => {
    // No workers yet: the first job stays waiting.
    await queues.add("members.sync-commands", { memberId: 1 }, { deduplication: { id: "x" } });
    await queues.add("members.sync-commands", { memberId: 2 }, { deduplication: { id: "x" } });
    expect(await membersQueue().getJobCounts("waiting")).toEqual({ waiting: 1 });

    const seen: Payload[] = [];
    start(async (payload) => {
      seen.push(payload);
    });
    await waitUntil(async () => (await membersQueue().getJobCounts("completed")).completed === 1);
    expect(seen).toEqual([{ memberId: 1 }]);

    // Once that job has finished, the id is free again.
    await queues.add("members.sync-commands", { memberId: 3 }, { deduplication: { id: "x" } });
    await waitUntil(async () => (await membersQueue().getJobCounts("completed")).completed === 2);
    expect(seen).toEqual([{ memberId: 1 }, { memberId: 3 }]);
  });

  /**
   * Adds a job, holds its processor while active, adds a second job with the same
   * deduplication options, then lets both run. Returns the payloads processed.
   */
  async function addWhileActive(deduplication: JobsOptions["deduplication"]): Promise<Payload[]> {
    const seen: Payload[] = [];
    const started = deferred();
    const gate = deferred();
    gates.push(() => gate.resolve());
    start(async (payload) => {
      seen.push(payload);
      if (seen.length === 1) {
        started.resolve();
        await gate.promise;
      }
    });
    await queues.add("members.sync-commands", { memberId: 1 }, { deduplication });
    await started.promise;
    await queues.add("members.sync-commands", { memberId: 1 }, { deduplication });
    gate.resolve();
    await waitUntil(async () => ((await membersQueue().getJobCounts("completed")).completed ?? 0) >= 1);
    await waitUntil(async () => (await pending()) === 0);
    return seen;
  }

  // Regression: plain deduplication also dropped an add while the first job was active,
  // so a role change made while a menu sync ran was lost.
  it("runs a second job when the same id is added while the first is active (the app's options)", async () => {
    expect(await addWhileActive(menuSyncJobOptions(1).deduplication)).toHaveLength(2);
  });

  it("with keepLastIfActive, an add while the first job is active runs once more afterwards", async () => {
    expect(await addWhileActive({ id: "sync-commands-1", keepLastIfActive: true })).toEqual([{ memberId: 1 }, { memberId: 1 }]);
  });

  it("refuses to start workers while a job name has no processor", () => {
    expect(() => startWorkers({ connection: redis, prefix, jobQueue: JOB_QUEUE, registry: {} as ProcessorRegistry, logger: pino({ level: "silent" }) })).toThrow(
      /no processor for members\.sync-commands/,
    );
  });

  // Without its settings a send queue would run at the default concurrency, sized for nothing.
  it("refuses to start a send queue without its settings", () => {
    const noop = async () => {};
    const registry = registryOf(noop);
    expect(() => startWorkers({ connection: redis, prefix, jobQueue: JOB_QUEUE, registry, logger: pino({ level: "silent" }) })).toThrow(
      /No settings for send queue send, send-paid/,
    );
    expect(() =>
      startWorkers({ connection: redis, prefix, jobQueue: JOB_QUEUE, registry, queueSettings: { send: { concurrency: 8 } }, logger: pino({ level: "silent" }) }),
    ).toThrow(/No settings for send queue send-paid/);
  });
  it("ensureSchedules is idempotent: run twice (two worker processes), one scheduler per schedule", async () => {
    await ensureSchedules(queues, SCHEDULES);
    await ensureSchedules(queues, SCHEDULES);
    const maintenance = queues.queue("maintenance");
    expect(await maintenance.getJobSchedulersCount()).toBe(SCHEDULES.length);
    expect(await maintenance.getJobScheduler("delivery.sweep")).toMatchObject({ name: "delivery.sweep", every: 60_000 });
    // Housekeeping is not on the send queue, where it would use the send budget.
    expect(await queues.queue("send").getJobSchedulersCount()).toBe(0);
    // One next run per schedule is waiting (delayed), with the schedule's payload.
    const next = await maintenance.getJobs(["delayed", "waiting", "prioritized"]);
    expect(next.map((job) => [job.name, job.data]).sort()).toEqual(SCHEDULES.map((s) => [s.name, s.payload]).sort());
  });

  it("ensureSchedules removes a scheduler no longer listed", async () => {
    await queues.queue("maintenance").upsertJobScheduler("retired", { every: 1_000 }, { name: "delivery.sweep", data: { staleAfterMs: 1 } });
    await ensureSchedules(queues, SCHEDULES);
    expect((await queues.queue("maintenance").getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
  });
});
