/**
 * Rebuilding the events' jobs after Redis lost its data (src/jobs/resync.ts):
 * every scheduled event whose reminders or feedback request may still be due
 * is scheduled again through EventNotices.created, which uses deterministic job
 * ids (an existing job is left as it is) and whose processors check that what
 * they were made for still matches the event. A reminder whose fan-out time has
 * passed runs at once and queues only the deliveries not yet recorded (the
 * deliveries table is unique per kind, ref and member), or nothing when it is no
 * longer useful.
 *
 * The "events.watchdog" job runs the same every few minutes, for an event whose
 * follow-up was lost while Redis stayed up.
 *
 * A repository of its own, in a file of its own, so that this stays apart from
 * the events feature's code (which changes for other reasons).
 */
import type { PrismaClient } from "../../db/prisma.js";
import type { Reconciler } from "../../jobs/resync.js";
import type { Processor } from "../../jobs/workers.js";
import { FEEDBACK_DELAY_MINUTES } from "./events.jobs.js";
import type { EventNotices } from "./events.notices.js";

const MINUTE_MS = 60_000;
/** Longer events than this are not expected; it only bounds the query. */
const LONGEST_EVENT_MS = 14 * 24 * 60 * MINUTE_MS;

export class EventsReconcileRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Ids of scheduled events whose feedback request (end + delay) is still ahead of `now`. */
  async withJobsAhead(now: Date): Promise<number[]> {
    const rows = await this.prisma.event.findMany({
      where: { status: "SCHEDULED", startsAt: { gt: new Date(now.getTime() - LONGEST_EVENT_MS) } },
      select: { id: true, startsAt: true, durationMinutes: true },
      orderBy: { startsAt: "asc" },
    });
    return rows.filter((e) => e.startsAt.getTime() + (e.durationMinutes + FEEDBACK_DELAY_MINUTES) * MINUTE_MS > now.getTime()).map((e) => e.id);
  }
}

interface RescheduleDeps {
  repository: EventsReconcileRepository;
  notices: Pick<EventNotices, "created">;
  now?: () => Date;
}

/** Schedules again the reminders and feedback requests of every event that may still need them; returns how many events. */
async function rescheduleAhead(deps: RescheduleDeps): Promise<number> {
  const ids = await deps.repository.withJobsAhead(deps.now?.() ?? new Date());
  for (const id of ids) await deps.notices.created(id);
  return ids.length;
}

/** At start and after Redis lost its data. */
export function eventsReconciler(deps: RescheduleDeps): Reconciler {
  return {
    name: "events",
    async run() {
      return { events: await rescheduleAhead(deps) };
    },
  };
}

/**
 * "events.watchdog", every few minutes: the same, for an event whose
 * follow-up after the change was lost while Redis stayed up (a subscriber of
 * "event.created" or "event.registered" that failed, a crash between the
 * commit and the notices). Existing jobs are left as they are, so a run that
 * finds everything in place only reads.
 */
export function eventsWatchdog(deps: RescheduleDeps): Processor<"events.watchdog"> {
  return async (_payload, _job, logger) => {
    logger.debug({ events: await rescheduleAhead(deps) }, "events watchdog: reminders checked");
  };
}
