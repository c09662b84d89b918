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
 * A repository of its own, in a file of its own, so that this stays apart from
 * the events feature's code (which changes for other reasons).
 */
import type { PrismaClient } from "../../db/prisma.js";
import type { Reconciler } from "../../jobs/resync.js";
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
    return rows
      .filter((e) => e.startsAt.getTime() + (e.durationMinutes + FEEDBACK_DELAY_MINUTES) * MINUTE_MS > now.getTime())
      .map((e) => e.id);
  }
}

/** Schedules again the reminders and feedback requests of every event that may still need them. */
export function eventsReconciler(deps: { repository: EventsReconcileRepository; notices: Pick<EventNotices, "created">; now?: () => Date }): Reconciler {
  return {
    name: "events",
    async run() {
      const ids = await deps.repository.withJobsAhead(deps.now?.() ?? new Date());
      for (const id of ids) await deps.notices.created(id);
      return { events: ids.length };
    },
  };
}
