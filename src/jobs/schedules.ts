import type { JobSchedulerTemplateOptions } from "bullmq";
import { QUEUES, type JobName, type JobPayloads, type QueueName } from "./definitions.js";
import type { JobQueues } from "./queues.js";

/** One repeatable job: BullMQ's job scheduler `id` adds job `name` with `payload` every `every` ms. */
export interface ScheduleDefinition<J extends JobName = JobName> {
  /** The job scheduler's id: one scheduler per id, however often it is upserted. */
  id: string;
  name: J;
  every: number;
  payload: JobPayloads[J];
}
export type AnySchedule = { [J in JobName]: ScheduleDefinition<J> }[JobName];

/** A scheduled run is not retried (the next one comes soon); a few finished ones are kept for inspection. */
const SCHEDULED_JOB_OPTIONS: JobSchedulerTemplateOptions = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};

/**
 * Creates or updates the job scheduler of every schedule (the slices' `schedules`,
 * collected by the container) (idempotent: every
 * worker process calls it at start, and there is still one scheduler per
 * schedule), and removes schedulers no longer listed.
 */
export async function ensureSchedules(queues: JobQueues, schedules: readonly AnySchedule[]): Promise<void> {
  const wanted = new Map<QueueName, Set<string>>();
  for (const schedule of schedules) {
    const queue = queues.queueOf(schedule.name);
    const queueName = queue.name as QueueName;
    await queue.upsertJobScheduler(schedule.id, { every: schedule.every }, { name: schedule.name, data: schedule.payload, opts: SCHEDULED_JOB_OPTIONS });
    wanted.set(queueName, (wanted.get(queueName) ?? new Set()).add(schedule.id));
  }
  for (const queueName of Object.values(QUEUES)) {
    const queue = queues.queue(queueName);
    for (const scheduler of await queue.getJobSchedulers()) {
      if (!wanted.get(queueName)?.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
    }
  }
}
