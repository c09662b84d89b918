/**
 * When digests are due: at a fixed wall-clock time in the member's own zone
 * (10:00 every Monday for weekly digests, 10:00 every day for daily ones).
 * Pure functions: the instant and the zone are always passed in.
 *
 * Wall time → UTC goes through `wallTimeToUtc` (shared/time.ts), so a slot is
 * DST-exact: 10:00 in New York is 14:00 UTC in summer and 15:00 UTC in winter,
 * and the week that contains a clock change is 167 or 169 hours long. A
 * "slot" is one such due instant; consecutive slots are one local day or one
 * local week apart, never a fixed number of milliseconds.
 */
import { addDays, canonicalTimeZone, wallTimeAt, wallTimeToUtc, weekdayOf, type LocalDate } from "../../shared/time.js";

/** How often digests come; OFF has no slots. */
export type DigestFrequency = "DAILY" | "WEEKLY" | "OFF";
export type ActiveFrequency = Exclude<DigestFrequency, "OFF">;

/** Local hour (and minute) of every digest. */
export const DIGEST_HOUR = 10;
export const DIGEST_MINUTE = 0;
/** Weekly digests come on this day (Date#getUTCDay numbering: 1 = Monday). */
export const DIGEST_WEEKDAY = 1;

/**
 * After a digest, the next one is not due sooner than this, whatever the
 * member changes (a zone further west, daily after weekly): no second digest
 * an hour after the first.
 */
export const MIN_GAP_MS = 12 * 3_600_000;

/** The longest window one digest covers (after long downtime or a long pause). */
export const MAX_WINDOW_MS = 28 * 86_400_000;

const DAY_MS = 86_400_000;

/** The calendar date an instant falls on in `zone`. */
function localDate(instant: Date, zone: string): LocalDate {
  const { year, month, day } = wallTimeAt(instant.getTime(), zone);
  return { year, month, day };
}

function isSlotDay(frequency: ActiveFrequency, date: LocalDate): boolean {
  return frequency === "DAILY" || weekdayOf(date) === DIGEST_WEEKDAY;
}

function slotOn(date: LocalDate, zone: string): Date {
  return wallTimeToUtc({ ...date, hour: DIGEST_HOUR, minute: DIGEST_MINUTE }, zone);
}

/**
 * The zone digests use for a member: their profile's when the runtime knows
 * it, else the community default (a stored zone that no longer resolves must
 * not stop the digests of everyone else in the batch).
 */
export function digestZone(profileZone: string | null | undefined, defaultZone: string): string {
  return (profileZone && canonicalTimeZone(profileZone)) || canonicalTimeZone(defaultZone) || "UTC";
}

/** The first slot strictly after `after`. */
export function nextSlotAfter(frequency: ActiveFrequency, zone: string, after: Date): Date {
  // From the day before (a slot of the previous local day cannot be after
  // `after`, but starting early costs nothing and survives any offset).
  let date = addDays(localDate(after, zone), -1);
  for (let i = 0; i < 10; i++, date = addDays(date, 1)) {
    if (!isSlotDay(frequency, date)) continue;
    const slot = slotOn(date, zone);
    if (slot.getTime() > after.getTime()) return slot;
  }
  throw new Error(`No digest slot found after ${after.toISOString()} in ${zone}`);
}

/** The last slot at or before `at`. */
export function latestSlotAtOrBefore(frequency: ActiveFrequency, zone: string, at: Date): Date {
  let date = addDays(localDate(at, zone), 1);
  for (let i = 0; i < 10; i++, date = addDays(date, -1)) {
    if (!isSlotDay(frequency, date)) continue;
    const slot = slotOn(date, zone);
    if (slot.getTime() <= at.getTime()) return slot;
  }
  throw new Error(`No digest slot found before ${at.toISOString()} in ${zone}`);
}

/** The slot one period (a local day or week) before the slot `slot`. */
export function previousSlot(frequency: ActiveFrequency, zone: string, slot: Date): Date {
  return latestSlotAtOrBefore(frequency, zone, new Date(slot.getTime() - 1));
}

/** The content window of a digest: [from, to), `to` a slot. */
export interface DigestWindow {
  from: Date;
  to: Date;
}

/**
 * The window of the digest a subscription due at `dueAt` gets when the tick
 * runs at `now` (≥ dueAt). It ends at the latest slot that has passed (so
 * after downtime of several periods one digest covers them all, not one per
 * missed period) and starts where the previous digest ended; a first digest
 * covers one period back, and no digest more than MAX_WINDOW_MS.
 */
export function digestWindow(frequency: ActiveFrequency, zone: string, sub: { lastDigestAt: Date | null; dueAt: Date }, now: Date): DigestWindow {
  // The due time was computed in the zone of that moment; a zone changed since
  // (without the profile hook) must not move the end before it.
  const latest = latestSlotAtOrBefore(frequency, zone, now);
  const to = latest.getTime() > sub.dueAt.getTime() ? latest : sub.dueAt;
  const first = sub.lastDigestAt ?? previousSlot(frequency, zone, to);
  const from = new Date(Math.max(first.getTime(), to.getTime() - MAX_WINDOW_MS));
  return { from, to };
}

/** When the next digest is due once the one ending at `lastDigestAt` has been handled at `now`. */
export function dueAfterDigest(frequency: ActiveFrequency, zone: string, lastDigestAt: Date, now: Date): Date {
  return nextSlotAfter(frequency, zone, new Date(Math.max(now.getTime(), lastDigestAt.getTime() + MIN_GAP_MS - 1)));
}

/**
 * The next due time after the member chose `frequency` at `now`: the next
 * slot, but not within MIN_GAP_MS of the last digest.
 */
export function dueAfterFrequencyChange(frequency: ActiveFrequency, zone: string, lastDigestAt: Date | null, now: Date): Date {
  const notBefore = lastDigestAt ? lastDigestAt.getTime() + MIN_GAP_MS - 1 : 0;
  return nextSlotAfter(frequency, zone, new Date(Math.max(now.getTime(), notBefore)));
}

/**
 * The due time after the member's zone changed: the slot of the new zone
 * nearest to the old due time (the same Monday 10:00, now in the new zone),
 * so moving east does not skip this week's digest and moving west does not
 * add one; not within MIN_GAP_MS of the last digest. The result may be in the
 * past (the new zone's 10:00 has already come): the next tick sends it.
 */
export function dueAfterZoneChange(frequency: ActiveFrequency, zone: string, oldDueAt: Date, lastDigestAt: Date | null): Date {
  const before = latestSlotAtOrBefore(frequency, zone, oldDueAt);
  const after = nextSlotAfter(frequency, zone, oldDueAt);
  const nearest = oldDueAt.getTime() - before.getTime() <= after.getTime() - oldDueAt.getTime() ? before : after;
  if (lastDigestAt && nearest.getTime() < lastDigestAt.getTime() + MIN_GAP_MS) {
    return nextSlotAfter(frequency, zone, new Date(lastDigestAt.getTime() + MIN_GAP_MS - 1));
  }
  return nearest;
}

/** Approximate length of a period, for texts and for sizing (never for due times). */
export function periodMs(frequency: ActiveFrequency): number {
  return frequency === "DAILY" ? DAY_MS : 7 * DAY_MS;
}
