import type { JobSchedulerTemplateOptions } from "bullmq";
import { JOB_QUEUE, QUEUES, type JobName, type JobPayloads, type QueueName } from "./definitions.js";
import type { JobQueues } from "./queues.js";

/** One repeatable job: BullMQ's job scheduler `id` adds job `name` with `payload` every `every` ms. */
export interface ScheduleDefinition<J extends JobName = JobName> {
  /** The job scheduler's id: one scheduler per id, however often it is upserted. */
  id: string;
  name: J;
  every: number;
  payload: JobPayloads[J];
}
type AnySchedule = { [J in JobName]: ScheduleDefinition<J> }[JobName];

/**
 * The one list of repeatable jobs. Adding one: add its job name and payload
 * in definitions.ts, its processor, and its schedule here; worker processes
 * upsert them all at start (ensureSchedules).
 */
export const SCHEDULES: readonly AnySchedule[] = [
  // Deliveries whose job stalled twice (BullMQ fails it without calling the processor) or was lost,
  // and SENDING ones whose outcome is unknown (a worker died mid-send): only the sweep sends those again,
  // so the threshold is what such a member waits; the sweep leaves alone every delivery whose job is alive.
  { id: "delivery.sweep", name: "delivery.sweep", every: 60_000, payload: { staleAfterMs: 2 * 60_000 } },
  // Member digests that are due (each member's 10:00, so a minute's resolution is plenty).
  { id: "digests.tick", name: "digests.tick", every: 60_000, payload: {} },
  // Broadcast fan-outs and progress reports whose job was lost or failed for good.
  { id: "broadcasts.watchdog", name: "broadcasts.watchdog", every: 60_000, payload: {} },
];

/** A scheduled run is not retried (the next one comes soon); a few finished ones are kept for inspection. */
const SCHEDULED_JOB_OPTIONS: JobSchedulerTemplateOptions = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};

/**
 * Creates or updates the job scheduler of every schedule (idempotent: every
 * worker process calls it at start, and there is still one scheduler per
 * schedule), and removes schedulers no longer listed.
 */
export async function ensureSchedules(queues: JobQueues, schedules: readonly AnySchedule[] = SCHEDULES): Promise<void> {
  const wanted = new Map<QueueName, Set<string>>();
  for (const schedule of schedules) {
    const queueName = JOB_QUEUE[schedule.name];
    await queues
      .queue(queueName)
      .upsertJobScheduler(schedule.id, { every: schedule.every }, { name: schedule.name, data: schedule.payload, opts: SCHEDULED_JOB_OPTIONS });
    wanted.set(queueName, (wanted.get(queueName) ?? new Set()).add(schedule.id));
  }
  for (const queueName of Object.values(QUEUES)) {
    const queue = queues.queue(queueName);
    for (const scheduler of await queue.getJobSchedulers()) {
      if (!wanted.get(queueName)?.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
    }
  }
}
