/**
 * Rebuilding the announcement jobs after Redis lost its data (src/jobs/resync.ts):
 * PostgreSQL is the record of what is still to post (PENDING rows), so every
 * group with one gets its `groups.announce` job again. A job that still exists
 * keeps its id for the window and the new one is ignored; a job that finds
 * nothing PENDING does nothing. Posted announcements of materials that left the
 * library (or of cancelled events) get their `groups.withdraw` job again.
 */
import type { Reconciler } from "../../jobs/resync.js";
import type { GroupAnnouncements } from "./groups.announce.service.js";

export function groupAnnouncementsReconciler(announcements: Pick<GroupAnnouncements, "reconcile">): Reconciler {
  return { name: "group-announcements", run: () => announcements.reconcile() };
}
