/**
 * When event reminders go out: the pure timing policy. No I/O. The current
 * instant, the registrant count and the send budget are always passed in, so
 * the scheduler (BullMQ delayed "fan-out" jobs), the renderer of
 * "event.reminder" deliveries and the tests all apply the same rules.
 *
 * How the pieces fit (for the wiring):
 * - One fan-out job per (event, offset, start time), with {@link reminderJobId}
 *   and a delay of `fanoutAt − now` from {@link planReminders}. When it runs it
 *   calls `delivery.enqueue(EVENT_REMINDER_KIND, reminderRefId(...), registrantIds)`.
 * - Exactly once per registrant comes from the delivery ref, not from the job:
 *   the deliveries table is unique on (kind, ref, member), so a fan-out job
 *   that runs twice, or is scheduled again after it completed and was
 *   removed, sends nothing twice.
 * - The start time is part of the ref and of the job id. Moving an event gives
 *   new refs (the new reminders are new deliveries, even for members who got
 *   the old ones) and new job ids (the old delayed jobs are not silently kept
 *   by BullMQ's "same id → ignored" rule). The old jobs are removed and the old
 *   refs cancelled (`delivery.cancel(kind, oldRef)`). As a second line of
 *   defence, the renderer checks {@link isReminderRefCurrent} and
 *   {@link isReminderStillUseful} at send time and returns `undefined` (the
 *   delivery is SKIPPED), so a reminder is never sent for an old time, a
 *   cancelled event, or after it stopped making sense (a send held back by a
 *   429 pause or retries can be late).
 */

/** The delivery kind of event reminders (README, "Sending path"). */
export const EVENT_REMINDER_KIND = "event.reminder";

/** Offsets an event gets unless the organiser changes them: 1 day, 1 hour, at the start. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = Object.freeze([24 * 60, 60, 0]);

/**
 * Largest offset accepted: 30 days. Further ahead is not a reminder, and the
 * bound keeps refs short and parse input small. Conversations validate the
 * organiser's input with {@link isValidReminderOffset} before saving.
 */
export const MAX_REMINDER_OFFSET_MINUTES = 30 * 24 * 60;

/** Default safety margin of a fan-out; see {@link PlanOptions.marginSeconds}. */
export const DEFAULT_FANOUT_MARGIN_SECONDS = 30;

/** Event ids are PostgreSQL `int` keys. */
const MAX_EVENT_ID = 2_147_483_647;
/** Start times up to the year 5138 fit in 11 digits of seconds; events are at most 2 years ahead anyway. */
const MAX_STARTS_AT_SECONDS = 99_999_999_999;

const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------
// Validation

/** True for an offset an event may have: a whole number of minutes, 0 … {@link MAX_REMINDER_OFFSET_MINUTES}. */
export function isValidReminderOffset(offsetMinutes: number): boolean {
  return Number.isInteger(offsetMinutes) && offsetMinutes >= 0 && offsetMinutes <= MAX_REMINDER_OFFSET_MINUTES;
}

function checkOffset(offsetMinutes: number): void {
  if (!isValidReminderOffset(offsetMinutes)) {
    throw new RangeError(`Reminder offset must be a whole number of minutes in 0..${MAX_REMINDER_OFFSET_MINUTES}`);
  }
}

function checkEventId(eventId: number): void {
  if (!Number.isInteger(eventId) || eventId < 1 || eventId > MAX_EVENT_ID) {
    throw new RangeError("Event id must be a positive 32-bit integer");
  }
}

/**
 * The start time as whole Unix seconds, the form used in refs and job ids.
 * Event times are whole minutes (shared/date-input.ts); flooring, rather than
 * refusing, a stray millisecond means two readings of one start time always
 * give one ref, and the renderer compares with the same function.
 */
function startsAtSeconds(startsAt: Date): number {
  const ms = startsAt.getTime();
  if (Number.isNaN(ms)) throw new RangeError("startsAt is an invalid date");
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0 || seconds > MAX_STARTS_AT_SECONDS) throw new RangeError("startsAt is out of range");
  return seconds;
}

// ---------------------------------------------------------------------------
// Delivery refs and job ids

/** What a reminder ref names: one reminder of one event, for one start time. */
export interface ReminderRef {
  eventId: number;
  offsetMinutes: number;
  /** The start time the reminder was made for (whole seconds). */
  startsAt: Date;
}

/**
 * The delivery ref of one reminder: `event:<id>:at:<unix seconds>:offset:<minutes>`,
 * e.g. `event:12:at:1798300800:offset:60`.
 *
 * The start time is in the ref on purpose: a SENT ref is never sent again to
 * the same member, so without it a moved event's reminders would be swallowed
 * as duplicates of the old ones; with it they are new deliveries, and the old
 * ones can be cancelled by ref. Ids only, well inside the sending path's
 * `[A-Za-z0-9_:.-]{1,128}`. Throws RangeError on an id, offset or date that
 * cannot be an event's (a programming error, not user input).
 */
export function reminderRefId(eventId: number, offsetMinutes: number, startsAt: Date): string {
  checkEventId(eventId);
  checkOffset(offsetMinutes);
  return `event:${eventId}:at:${startsAtSeconds(startsAt)}:offset:${offsetMinutes}`;
}

// No leading zeros, no signs, bounded digit counts: one spelling per reminder,
// and nothing a hostile or corrupted ref can smuggle through (`../`, spaces, 200 characters).
const REF_PATTERN = /^event:([1-9][0-9]{0,9}):at:(0|[1-9][0-9]{0,10}):offset:(0|[1-9][0-9]{0,5})$/;

/**
 * Reads a ref made by {@link reminderRefId}; `undefined` for anything else,
 * including refs of the right shape with out-of-range parts. Accepts exactly
 * the canonical spelling, so `parse(ref)` → `reminderRefId(...)` gives `ref` back.
 */
export function parseReminderRefId(ref: string): ReminderRef | undefined {
  if (typeof ref !== "string" || ref.length > 64) return undefined;
  const match = REF_PATTERN.exec(ref);
  if (!match) return undefined;
  const eventId = Number(match[1]);
  const seconds = Number(match[2]);
  const offsetMinutes = Number(match[3]);
  if (eventId > MAX_EVENT_ID || !isValidReminderOffset(offsetMinutes)) return undefined;
  return { eventId, offsetMinutes, startsAt: new Date(seconds * 1000) };
}

/**
 * True when a parsed ref still describes the event as it is: same start time
 * (to the second) and an offset the event still has. The renderer checks this
 * at send time so a delivery queued for an old time, or for an offset the
 * organiser removed, is skipped even if cancelling it raced with its send.
 * Pair it with {@link isReminderStillUseful} (timing) and the cancelled flag.
 */
export function isReminderRefCurrent(ref: ReminderRef, event: { startsAt: Date; offsets: readonly number[] }): boolean {
  return (
    !Number.isNaN(event.startsAt.getTime()) &&
    Math.floor(event.startsAt.getTime() / 1000) === Math.floor(ref.startsAt.getTime() / 1000) &&
    event.offsets.includes(ref.offsetMinutes)
  );
}

/**
 * The BullMQ job id of the fan-out job of one reminder:
 * `event-reminder-<id>-<unix seconds>-<minutes>`. Deterministic, so scheduling
 * the same reminder twice (a retried edit, two workers re-planning after a
 * restart) leaves one job: BullMQ ignores an add whose id exists.
 *
 * BullMQ 6 refuses custom ids that read back as an integer (`"123"` would
 * clash with its own counter ids) and ids containing `:` (its Redis key
 * separator; only legacy three-part repeat ids are let through), see
 * `Job.validateOptions` in bullmq/dist/esm/classes/job.js. Hence dashes and
 * a letter prefix, not the delivery ref.
 *
 * The id only de-duplicates while the job exists; with `removeOnComplete` a
 * later add creates a new job. That is harmless (the delivery refs prevent a
 * second send) but the wiring should not rely on the id for exactly-once.
 */
export function reminderJobId(eventId: number, offsetMinutes: number, startsAt: Date): string {
  checkEventId(eventId);
  checkOffset(offsetMinutes);
  return `event-reminder-${eventId}-${startsAtSeconds(startsAt)}-${offsetMinutes}`;
}

// ---------------------------------------------------------------------------
// Which text

/** Which text a reminder uses. */
export type ReminderKind = "day" | "hour" | "start" | "custom";

/**
 * The text variant of an offset: exactly 1 day, exactly 1 hour, at the start,
 * or anything else ("custom", whose text states the time left). Texts should
 * still show the actual start time: an overdue reminder is sent late, and
 * "starts in 1 hour" would then be wrong.
 */
export function reminderKind(offsetMinutes: number): ReminderKind {
  if (offsetMinutes === 0) return "start";
  if (offsetMinutes === 60) return "hour";
  if (offsetMinutes === 24 * 60) return "day";
  return "custom";
}

// ---------------------------------------------------------------------------
// Timing

/** What the timing rules need of an event. */
export interface ReminderEvent {
  startsAt: Date;
  durationMinutes: number;
  /** A cancelled event gets no reminders (registrants get a cancellation notice instead). */
  cancelled?: boolean;
}

/**
 * Whether a reminder is still worth sending at `now` (after the workers were
 * down, or when a send is late). It is not about whether it is due yet:
 * a reminder that is not due is useful.
 * - Nothing is useful for a cancelled event.
 * - A reminder before the start (offset > 0) is useful until the event
 *   starts: a 1-day reminder two hours late still tells the member it is
 *   tomorrow; once the event runs, "starting in …" is wrong.
 * - The "starting now" reminder (offset 0) is useful while the event runs:
 *   it carries the link and the check-in button, which work only inside the
 *   event window. Never after the end.
 */
export function isReminderStillUseful(offsetMinutes: number, event: ReminderEvent, now: Date): boolean {
  if (event.cancelled) return false;
  const start = event.startsAt.getTime();
  const t = now.getTime();
  if (Number.isNaN(start) || Number.isNaN(t)) return false;
  if (offsetMinutes > 0) return t < start;
  return t < start + event.durationMinutes * MINUTE_MS;
}

/** Options of {@link planReminders}. */
export interface PlanOptions {
  /**
   * Seconds the fan-out ends before the reminder is due, default 30. Covers
   * what the rate alone does not: enqueueing 10,000 deliveries (database and
   * addBulk batches), the limiter's window granularity, a short 429 pause,
   * a retry or two, and worker clocks a little apart.
   */
  marginSeconds?: number;
  /**
   * Share (0 < share ≤ 1) of the global send budget this fan-out may count
   * on, default 1. The budget is shared by every mass-sending feature; if
   * broadcasts or other events' reminders may run at the same time, plan with
   * less than all of it (e.g. 0.5 when two large events can coincide).
   */
  sharePerEvent?: number;
}

/** Why a reminder is not sent. */
export type ReminderSkipReason =
  /** The event was cancelled. */
  | "cancelled"
  /** It no longer makes sense ({@link isReminderStillUseful}). */
  | "too-late"
  /**
   * Overdue, and a later reminder of the same event is overdue too: only the
   * latest of them goes out, so a member is not sent "tomorrow" and "in an
   * hour" in the same minute after downtime.
   */
  | "superseded";

/** One reminder of an event, planned. */
export interface PlannedReminder {
  offsetMinutes: number;
  /** When every registrant should have it: start − offset. */
  dueAt: Date;
  /**
   * When the fan-out job should run (its BullMQ delay is `fanoutAt − now`).
   * Never before `now`: an overdue fan-out runs at once.
   */
  fanoutAt: Date;
  /**
   * "scheduled": the fan-out can start in time to reach everyone by `dueAt`.
   * "overdue-send-now": the fan-out should already have started (downtime, a
   * late edit, a sudden rise in registrations) and the reminder still helps:
   * start it now; some registrants will get it after `dueAt`.
   * "skip": do not send (see `skipReason`); remove its job if one exists.
   */
  status: "scheduled" | "overdue-send-now" | "skip";
  skipReason?: ReminderSkipReason;
}

/**
 * Seconds a fan-out of `registrants` messages takes at `sendRatePerSecond × share`,
 * rounded up. 10,000 at 25/s: 400 s.
 */
export function fanoutDurationSeconds(registrants: number, sendRatePerSecond: number, sharePerEvent = 1): number {
  if (!Number.isInteger(registrants) || registrants < 0) throw new RangeError("registrants must be a non-negative integer");
  if (!(Number.isFinite(sendRatePerSecond) && sendRatePerSecond > 0)) throw new RangeError("sendRatePerSecond must be positive");
  if (!(Number.isFinite(sharePerEvent) && sharePerEvent > 0 && sharePerEvent <= 1)) throw new RangeError("sharePerEvent must be in (0, 1]");
  return Math.ceil(registrants / (sendRatePerSecond * sharePerEvent));
}

/**
 * Plans every reminder of an event: when it is due, when its fan-out must
 * start, and whether to schedule it, send it now, or skip it. Offsets are
 * de-duplicated and returned in the order they fall due (largest offset first).
 *
 * fanoutAt = dueAt − ceil(registrants / (rate × share)) s − margin, so that
 * at the assumed budget the last registrant has the reminder no later than
 * `marginSeconds` before `dueAt`. A fan-out of 10,000 at 25/s needs 400 s, so
 * it starts at least 6 min 40 s (plus the margin) before the offset. Starting
 * early means the first registrants get it somewhat before their offset;
 * "no later than" is the promise, not "exactly at".
 *
 * `registrants` should be what the fan-out will send when it runs, not what
 * there is now: plan with the capacity when the event has one, or plan again
 * (new delay for the same job id) when registrations grow, or a small event
 * planned a margin before its offset is late once it is large. Re-planning is
 * cheap and safe: the result depends only on the arguments.
 *
 * Throws RangeError on an invalid offset, date, count, rate or option
 * (programming errors; organiser input is validated in the conversation).
 */
export function planReminders(
  event: ReminderEvent & { offsets: readonly number[] },
  registrants: number,
  sendRatePerSecond: number,
  now: Date,
  options: PlanOptions = {},
): PlannedReminder[] {
  const margin = options.marginSeconds ?? DEFAULT_FANOUT_MARGIN_SECONDS;
  if (!(Number.isFinite(margin) && margin >= 0)) throw new RangeError("marginSeconds must be a non-negative number");
  const leadMs = (fanoutDurationSeconds(registrants, sendRatePerSecond, options.sharePerEvent ?? 1) + margin) * 1000;
  const start = event.startsAt.getTime();
  if (Number.isNaN(start)) throw new RangeError("startsAt is an invalid date");
  if (!(Number.isFinite(event.durationMinutes) && event.durationMinutes > 0)) throw new RangeError("durationMinutes must be positive");
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("now is an invalid date");
  event.offsets.forEach(checkOffset);

  const offsets = [...new Set(event.offsets)].sort((a, b) => b - a);
  const plan: PlannedReminder[] = offsets.map((offsetMinutes) => {
    const dueMs = start - offsetMinutes * MINUTE_MS;
    const fanoutMs = dueMs - leadMs;
    const dueAt = new Date(dueMs);
    if (!isReminderStillUseful(offsetMinutes, event, now)) {
      return { offsetMinutes, dueAt, fanoutAt: new Date(Math.max(fanoutMs, nowMs)), status: "skip", skipReason: event.cancelled ? "cancelled" : "too-late" };
    }
    if (fanoutMs < nowMs) return { offsetMinutes, dueAt, fanoutAt: new Date(nowMs), status: "overdue-send-now" };
    return { offsetMinutes, dueAt, fanoutAt: new Date(fanoutMs), status: "scheduled" };
  });

  // Of several overdue reminders only the latest (smallest offset) is sent:
  // it says everything the earlier ones would, closer to the start.
  let latestOverdue = -1;
  plan.forEach((p, i) => {
    if (p.status === "overdue-send-now") latestOverdue = i;
  });
  for (let i = 0; i < latestOverdue; i++) {
    const p = plan[i]!;
    if (p.status === "overdue-send-now") {
      p.status = "skip";
      p.skipReason = "superseded";
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------
// Planning from the live registrant count

/**
 * The registrant count a fan-out is planned for, given how many hold a place
 * now: the next rung of the ladder 50, 100, 200, 500, 1,000, 2,000, 5,000, …
 * at or above `registrants`, capped by the capacity (more cannot come).
 *
 * Registrations arrive after an event is planned (always: it is announced
 * first). Planning for the rung above the live count leaves headroom, and the
 * plan is made again only when a registration crosses a rung
 * ({@link audienceOutgrewPlan}), so a large event is re-planned a handful of
 * times (log of its size), not once per registration.
 */
export function plannedAudience(registrants: number, capacity: number | null = null): number {
  if (!Number.isInteger(registrants) || registrants < 0) throw new RangeError("registrants must be a non-negative integer");
  // The 1-2-5 series from 50: 50, 100, 200, 500, 1,000, 2,000, 5,000, …
  const rungAt = (i: number): number => [5, 10, 20][i % 3]! * 10 ** (Math.floor(i / 3) + 1);
  let i = 0;
  while (rungAt(i) < registrants) i++;
  const rung = rungAt(i);
  return capacity === null ? rung : Math.max(1, Math.min(capacity, rung));
}

/**
 * True when a registration that took the count from `before` to `after`
 * places crossed a rung of the ladder: the plan made for `before` may no
 * longer deliver on time, so the fan-out must be planned again. Exactly one
 * registration crosses each rung when counts come from under the event's lock.
 */
export function audienceOutgrewPlan(before: number, after: number, capacity: number | null = null): boolean {
  return plannedAudience(after, capacity) > plannedAudience(before, capacity);
}
