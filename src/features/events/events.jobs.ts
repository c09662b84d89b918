/**
 * The background side of events: reminder fan-outs and feedback requests as
 * delayed BullMQ jobs, and the renderers of every event delivery on the one
 * rate-limited sending path. The events module subscribes {@link EventNotices}
 * to the domain events EventsService emits after each change (events.events.ts).
 *
 * Nothing extra is stored about scheduled jobs. Moving an event gives new job
 * ids and delivery refs (the start time is in both); the old jobs are found in
 * the small "events" queue and removed, and, as a second line of defence,
 * every processor and renderer checks that what it was made for still matches
 * the event (start, offsets, end, status), so nothing is ever sent for an old
 * time or a cancelled event.
 */
import { InlineKeyboard } from "grammy";
import type { Translator } from "../../bot/i18n.js";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { JobQueues } from "../../jobs/queues.js";
import type { Processor } from "../../jobs/workers.js";
import { truncate } from "../../shared/html.js";
import type { DeliveryRenderers } from "../delivery/delivery.renderers.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { DeliveryRecipient, OutgoingMessage } from "../delivery/delivery.types.js";
import type { MembersRepository } from "../members/members.repository.js";
import { eventIcs } from "./events.service.js";
import type { EventNotices } from "./events.notices.js";
import {
  audienceOutgrewPlan,
  EVENT_REMINDER_KIND,
  isReminderRefCurrent,
  isReminderStillUseful,
  parseReminderRefId,
  plannedAudience,
  planReminders,
  reminderJobId,
  reminderKind,
  reminderRefId,
} from "./events.reminders.js";
import type { EventsRepository } from "./events.repository.js";
import type { EventView } from "./events.types.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /**
     * Queues one event reminder for every registrant; job id `reminderJobId(...)`.
     * `startsAt` (Unix seconds) is the start the reminder was planned for: a moved
     * event's old jobs find it no longer matches and do nothing.
     */
    "events.reminder-fanout": { eventId: number; offsetMinutes: number; startsAt: number };
    /** Asks attendees for feedback after the event; `endsAt` (Unix seconds) is the end it was planned for. */
    "events.feedback-request": { eventId: number; endsAt: number };
    /**
     * Repeatable (SCHEDULES): schedules again the reminders and feedback request
     * of every event that may still need them, so an event whose follow-up failed
     * after it was saved (Redis down, a crash between commit and notices) gets
     * its jobs within minutes, not at the next start (events.reconcile.ts).
     */
    "events.watchdog": Record<string, never>;
  }
}

/** Delivery kinds of the events feature. */
export const EVENT_DELIVERY_KINDS = {
  reminder: EVENT_REMINDER_KIND,
  cancelled: "event.cancelled",
  promoted: "event.promoted",
  recording: "event.recording",
  changed: "event.changed",
  feedback: "event.feedback",
} as const;

/** Feedback is asked this long after the end. */
export const FEEDBACK_DELAY_MINUTES = 10;

const MINUTE_MS = 60_000;
const TITLE_MAX = 200;

/** Buttons of event messages; the events feature (events.keyboards.ts) handles them. */
const evtCb = createCallbackCodec("evt", 1);

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const endOf = (event: Pick<EventView, "startsAt" | "durationMinutes">): Date => new Date(event.startsAt.getTime() + event.durationMinutes * MINUTE_MS);

/**
 * The domain of calendar-file UIDs (`event-<id>@<domain>`): the webhook's host
 * when there is one, else a fixed name. Every .ics of an event must use the
 * same one, or calendar apps do not match an update with the first file.
 */
export function eventsIcsDomain(config: { webhookUrl?: string | undefined }): string {
  if (config.webhookUrl) {
    try {
      const host = new URL(config.webhookUrl).hostname;
      if (/^[A-Za-z0-9.-]+$/.test(host)) return host;
    } catch {
      // Not a URL: the config schema should have refused it; fall through.
    }
  }
  return "events.teachers-bot.invalid";
}

/** Job id of an event's feedback request for one end time (a moved end gives a new job). */
export function feedbackJobId(eventId: number, endsAt: Date): string {
  return `event-feedback-${eventId}-${seconds(endsAt)}`;
}

/** Telegram's limit on a caption (visible characters; raw HTML is never shorter). */
const CAPTION_MAX = 1024;

/**
 * A caption with the link line when it fits Telegram's 1,024 characters, else
 * without it (a link may be 2,048 characters; the file itself carries it, and
 * so does the event's card).
 */
export function calendarCaption(withLink: string, withoutLink: string): string {
  return withLink.length <= CAPTION_MAX ? withLink : truncate(withoutLink, CAPTION_MAX);
}

// Refs of the other kinds: ids only, one spelling each.
const promotedRef = (eventId: number, registrationId: number) => `event:${eventId}:promoted:${registrationId}`;
const cancelledRef = (eventId: number) => `event:${eventId}:cancelled`;
const recordingRef = (eventId: number) => `event:${eventId}:recording`;
const changedRef = (eventId: number, sequence: number) => `event:${eventId}:changed:${sequence}`;
const feedbackRef = (eventId: number, endsAt: Date) => `event:${eventId}:feedback:${seconds(endsAt)}`;

const SIMPLE_REF = /^event:([1-9][0-9]{0,9}):(cancelled|recording|promoted|changed|feedback)(?::(0|[1-9][0-9]{0,11}))?$/;

function parseSimpleRef(ref: string): { eventId: number; what: string; arg: number | undefined } | undefined {
  const m = SIMPLE_REF.exec(ref);
  if (!m) return undefined;
  return { eventId: Number(m[1]), what: m[2]!, arg: m[3] === undefined ? undefined : Number(m[3]) };
}

export interface EventJobsDeps {
  events: EventsRepository;
  members: MembersRepository;
  delivery: DeliveryService;
  renderers: DeliveryRenderers;
  queues: JobQueues;
  translator: Translator;
  sendRatePerSecond: number;
  /** Shown when a member has no profile time zone. */
  defaultTimezone: string;
  /** The UID domain of calendar files (`event-<id>@<domain>`); must be the one the events feature uses. */
  icsDomain: string;
  now?: () => Date;
}

/** The background side of events: the EventNotices, the job processors, and the delivery renderers. */
export interface EventJobs {
  notices: EventNotices;
  reminderFanout: Processor<"events.reminder-fanout">;
  feedbackRequest: Processor<"events.feedback-request">;
  /**
   * Plans (or re-plans) an event's reminder fan-outs and feedback request
   * from its live registrant count: adds missing jobs (deterministic ids),
   * moves delayed ones earlier when the count needs it. Idempotent; the entry
   * point for reconciling jobs after a restart or Redis data loss.
   */
  scheduleEventReminders(eventId: number): Promise<void>;
}

/** Builds the events' notices and processors, and registers the renderers of every event delivery kind. */
export function createEventJobs(deps: EventJobsDeps): EventJobs {
  const now = deps.now ?? (() => new Date());
  const queue = () => deps.queues.queue("events");

  // ------------------------------------------------------------ scheduling

  /** The fan-outs of an event, planned for the rung of the ladder above its live registrant count. */
  async function plan(event: EventView, at: Date, registered?: number) {
    const count = registered ?? (await deps.events.counts([event.id])).get(event.id)?.registered ?? 0;
    const audience = plannedAudience(count, event.capacity);
    const reminders = planReminders(
      { startsAt: event.startsAt, durationMinutes: event.durationMinutes, offsets: event.reminderOffsets },
      audience,
      deps.sendRatePerSecond,
      at,
    );
    return { audience, reminders };
  }

  /**
   * Puts every fan-out job of the event where the plan from its live count
   * wants it. A missing job is added (deterministic id: a concurrent add is
   * ignored); a delayed one is moved earlier when the plan needs it earlier
   * (never later: "no later than" is the promise, and a shrinking count does
   * not make an early start wrong). With `addOverdue` false (a re-plan), a
   * missing job whose time has passed is not added again: it already ran, and
   * members who registered since get it through {@link catchUp}.
   */
  async function placeFanouts(event: EventView, addOverdue: boolean): Promise<void> {
    if (event.status !== "SCHEDULED") return;
    const at = now();
    const { reminders } = await plan(event, at);
    const startsAt = seconds(event.startsAt);
    for (const p of reminders) {
      if (p.status === "skip") continue;
      const jobId = reminderJobId(event.id, p.offsetMinutes, event.startsAt);
      const wanted = Math.max(0, p.fanoutAt.getTime() - at.getTime());
      const job = await queue().getJob(jobId);
      if (!job) {
        if (p.status === "scheduled" || addOverdue) {
          await deps.queues.add("events.reminder-fanout", { eventId: event.id, offsetMinutes: p.offsetMinutes, startsAt }, { jobId, delay: wanted });
        }
        continue;
      }
      if ((await job.getState()) !== "delayed") continue; // running or done: it runs as it is
      // Compared as time left, so a clock given to the container (tests) agrees with BullMQ's.
      const left = job.timestamp + (job.delay ?? 0) - Date.now();
      if (wanted >= left) continue;
      // Replaced under the same id rather than changeDelay(): that keeps the old timestamp, so
      // timestamp + delay would no longer say when the job runs and the next re-plan would misjudge it.
      // A job a worker took meanwhile is not removed (remove() refuses a locked job): it runs as it is.
      const removed = await job.remove().then(
        () => true,
        () => false,
      );
      if (removed) await deps.queues.add("events.reminder-fanout", { eventId: event.id, offsetMinutes: p.offsetMinutes, startsAt }, { jobId, delay: wanted });
    }
  }

  /**
   * Plans (or re-plans) every reminder of an event from its live registrant
   * count and its feedback request. Idempotent and safe to call at any time:
   * at creation, after an edit, after a restart or after Redis lost its jobs
   * (a reminder whose fan-out time has passed but that still helps is queued
   * to go out now; the deliveries table keeps anyone from getting it twice).
   */
  async function scheduleEventReminders(eventId: number): Promise<void> {
    const event = await deps.events.find(eventId);
    if (!event || event.status !== "SCHEDULED") return;
    await placeFanouts(event, true);
    const endsAt = endOf(event);
    const feedbackAt = endsAt.getTime() + FEEDBACK_DELAY_MINUTES * MINUTE_MS;
    await deps.queues.add(
      "events.feedback-request",
      { eventId: event.id, endsAt: seconds(endsAt) },
      { jobId: feedbackJobId(event.id, endsAt), delay: Math.max(0, feedbackAt - now().getTime()) },
    );
  }

  /**
   * Members who got a place after a fan-out started but before its reminder
   * is due: the fan-out has read its recipients already, so they are queued
   * for that reminder here (once each: the deliveries are unique per member).
   */
  async function catchUp(event: EventView, memberIds: readonly number[], registered?: number): Promise<void> {
    if (event.status !== "SCHEDULED" || memberIds.length === 0) return;
    const at = now();
    const { reminders } = await plan(event, at, registered);
    for (const p of reminders) {
      if (p.status !== "overdue-send-now" || p.dueAt.getTime() <= at.getTime()) continue;
      await deps.delivery.enqueue(EVENT_REMINDER_KIND, reminderRefId(event.id, p.offsetMinutes, event.startsAt), memberIds);
    }
  }

  /**
   * Removes the event's waiting jobs that no longer match it (all of them when
   * it is cancelled). The queue holds a few jobs per upcoming event, so reading
   * its delayed and waiting jobs is cheap; a job already running is not
   * removed, and its processor finds it stale.
   */
  async function removeStaleJobs(event: EventView | undefined, eventId: number): Promise<void> {
    const jobs = await queue().getJobs(["delayed", "waiting", "prioritized"]);
    const current = new Set<string>();
    if (event && event.status === "SCHEDULED") {
      for (const offset of event.reminderOffsets) current.add(reminderJobId(eventId, offset, event.startsAt));
      current.add(feedbackJobId(eventId, endOf(event)));
    }
    await Promise.all(
      jobs.filter((job) => job?.id && (job.data as { eventId?: unknown }).eventId === eventId && !current.has(job.id)).map((job) => job.remove().catch(() => undefined)),
    );
  }

  /** Skips the queued deliveries of reminders made for another start or offset (all when cancelled). */
  async function cancelStaleReminders(event: EventView | undefined, eventId: number): Promise<void> {
    for (const refId of await deps.delivery.queuedRefs(EVENT_REMINDER_KIND, `event:${eventId}:at:`)) {
      const ref = parseReminderRefId(refId);
      const stale = !ref || !event || event.status !== "SCHEDULED" || !isReminderRefCurrent(ref, { startsAt: event.startsAt, offsets: event.reminderOffsets });
      if (stale) await deps.delivery.cancel(EVENT_REMINDER_KIND, refId);
    }
  }

  async function notifyPromoted(eventId: number, memberIds: readonly number[]): Promise<void> {
    const placed: number[] = [];
    for (const memberId of memberIds) {
      const registration = await deps.events.registration(eventId, memberId);
      if (registration?.status !== "REGISTERED") continue;
      placed.push(memberId);
      await deps.delivery.enqueue(EVENT_DELIVERY_KINDS.promoted, promotedRef(eventId, registration.id), [memberId]);
    }
    const event = placed.length > 0 ? await deps.events.find(eventId) : undefined;
    if (!event) return;
    // A larger capacity can promote many at once: the count may have crossed a rung of the plan.
    if (placed.length > 1) await placeFanouts(event, false);
    await catchUp(event, placed);
  }

  const notices: EventNotices = {
    async created(eventId) {
      await scheduleEventReminders(eventId);
    },
    async registered(eventId, memberId, placesTaken) {
      const event = await deps.events.find(eventId);
      if (!event || event.status !== "SCHEDULED") return;
      if (audienceOutgrewPlan(placesTaken - 1, placesTaken, event.capacity)) await placeFanouts(event, false);
      await catchUp(event, [memberId], placesTaken);
    },
    async changed(eventId, change) {
      const event = await deps.events.find(eventId);
      if (!event) return;
      if (change.timeChanged || change.remindersChanged) {
        await removeStaleJobs(event, eventId);
        await cancelStaleReminders(event, eventId);
        await scheduleEventReminders(eventId);
      }
      if (change.calendarChanged && event.status === "SCHEDULED") {
        const notify = await deps.events.memberIds(eventId, ["REGISTERED", "WAITLISTED"]);
        await deps.delivery.enqueue(EVENT_DELIVERY_KINDS.changed, changedRef(eventId, event.sequence), notify);
      }
      await notifyPromoted(eventId, change.promoted);
    },
    async cancelled(eventId, notify) {
      const event = await deps.events.find(eventId);
      await removeStaleJobs(undefined, eventId);
      await cancelStaleReminders(undefined, eventId);
      if (event?.status === "CANCELLED") await deps.delivery.enqueue(EVENT_DELIVERY_KINDS.cancelled, cancelledRef(eventId), notify);
    },
    async promoted(eventId, memberId) {
      await notifyPromoted(eventId, [memberId]);
    },
    async recording(eventId, notify) {
      await deps.delivery.enqueue(EVENT_DELIVERY_KINDS.recording, recordingRef(eventId), notify);
    },
  };

  // ------------------------------------------------------------ processors

  /**
   * "events.reminder-fanout": queues the reminder for every registrant, unless
   * the event was cancelled or moved, the offset removed, or the reminder no
   * longer makes sense (the workers were down past it). Running it twice
   * sends nothing twice: the deliveries table is unique on (kind, ref, member).
   */
  const reminderFanout: Processor<"events.reminder-fanout"> = async ({ eventId, offsetMinutes, startsAt }, _job, logger) => {
    const event = await deps.events.find(eventId);
    const ref = { eventId, offsetMinutes, startsAt: new Date(startsAt * 1000) };
    if (!event || event.status !== "SCHEDULED") return logger.info({ eventId }, "reminder: event gone or cancelled");
    if (!isReminderRefCurrent(ref, { startsAt: event.startsAt, offsets: event.reminderOffsets })) {
      return logger.info({ eventId, offsetMinutes }, "reminder: event moved or offset removed");
    }
    if (!isReminderStillUseful(offsetMinutes, event, now())) return logger.info({ eventId, offsetMinutes }, "reminder: too late to be useful");
    const recipients = await deps.events.memberIds(eventId, ["REGISTERED"]);
    const result = await deps.delivery.enqueue(EVENT_REMINDER_KIND, reminderRefId(eventId, offsetMinutes, event.startsAt), recipients);
    logger.info({ eventId, offsetMinutes, ...result }, "reminder fanned out");
    // A safety net for a re-plan that a crash or a race missed: the later fan-outs follow today's count.
    await placeFanouts(event, false);
  };

  /** "events.feedback-request": asks the event's attendees for feedback, once the event (as planned) has ended. */
  const feedbackRequest: Processor<"events.feedback-request"> = async ({ eventId, endsAt }, _job, logger) => {
    const event = await deps.events.find(eventId);
    if (!event || event.status !== "SCHEDULED" || seconds(endOf(event)) !== endsAt) return logger.info({ eventId }, "feedback: event cancelled or moved");
    const attendees = (await deps.events.registrants(eventId)).filter((r) => r.status === "REGISTERED" && r.attendedAt).map((r) => r.memberId);
    await deps.delivery.enqueue(EVENT_DELIVERY_KINDS.feedback, feedbackRef(eventId, endOf(event)), attendees);
  };

  // ------------------------------------------------------------ renderers

  async function timezoneOf(memberId: number): Promise<string> {
    return (await deps.members.findProfile(memberId))?.timezone ?? deps.defaultTimezone;
  }

  async function common(event: EventView, member: DeliveryRecipient) {
    const t = deps.translator.forLocale(member.locale);
    const time = formatZonedTime(event.startsAt, await timezoneOf(member.id), toLocale(member.locale));
    return { t, vars: { title: truncate(event.title, TITLE_MAX), time, url: event.onlineUrl ?? "" } };
  }

  const text = (body: string, keyboard?: InlineKeyboard): OutgoingMessage => ({
    method: "sendMessage",
    text: body,
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });

  deps.renderers.register(EVENT_REMINDER_KIND, async (refId, member) => {
    const ref = parseReminderRefId(refId);
    if (!ref) return undefined;
    const event = await deps.events.find(ref.eventId);
    if (!event || event.status !== "SCHEDULED") return undefined;
    if (!isReminderRefCurrent(ref, { startsAt: event.startsAt, offsets: event.reminderOffsets })) return undefined;
    if (!isReminderStillUseful(ref.offsetMinutes, event, now())) return undefined;
    const registration = await deps.events.registration(event.id, member.id);
    if (registration?.status !== "REGISTERED") return undefined;
    const { t, vars } = await common(event, member);
    const kind = reminderKind(ref.offsetMinutes);
    const lines = [t(`event-notice-reminder-${kind}`, vars)];
    if (event.onlineUrl) lines.push(t("event-notice-link", vars));
    const keyboard = kind === "start" ? new InlineKeyboard().text(t("event-notice-checkin-button"), evtCb.pack("ci", event.id)) : undefined;
    return text(lines.join("\n\n"), keyboard);
  });

  deps.renderers.register(EVENT_DELIVERY_KINDS.cancelled, async (refId, member) => {
    const ref = parseSimpleRef(refId);
    const event = ref?.what === "cancelled" ? await deps.events.find(ref.eventId) : undefined;
    if (!event || event.status !== "CANCELLED") return undefined;
    const { t, vars } = await common(event, member);
    return text(t("event-notice-cancelled", vars));
  });

  deps.renderers.register(EVENT_DELIVERY_KINDS.promoted, async (refId, member) => {
    const ref = parseSimpleRef(refId);
    const event = ref?.what === "promoted" ? await deps.events.find(ref.eventId) : undefined;
    if (!event || event.status !== "SCHEDULED" || endOf(event).getTime() <= now().getTime()) return undefined;
    const registration = await deps.events.registration(event.id, member.id);
    if (registration?.status !== "REGISTERED" || registration.id !== ref!.arg) return undefined;
    const { t, vars } = await common(event, member);
    // The place comes with what registering gives: the calendar file (and the link).
    const head = t("event-notice-promoted", vars);
    const caption = event.onlineUrl ? calendarCaption(`${head}\n\n${t("event-notice-link", vars)}`, head) : head;
    return {
      method: "sendDocument",
      document: { bytes: new TextEncoder().encode(eventIcs(event, deps.icsDomain, true)), filename: `event-${event.id}.ics` },
      caption,
    };
  });

  deps.renderers.register(EVENT_DELIVERY_KINDS.recording, async (refId, member) => {
    const ref = parseSimpleRef(refId);
    const event = ref?.what === "recording" ? await deps.events.find(ref.eventId) : undefined;
    if (!event?.recordingUrl) return undefined;
    const { t, vars } = await common(event, member);
    return text(t("event-notice-recording", { ...vars, recording: event.recordingUrl }));
  });

  deps.renderers.register(EVENT_DELIVERY_KINDS.changed, async (refId, member) => {
    const ref = parseSimpleRef(refId);
    const event = ref?.what === "changed" ? await deps.events.find(ref.eventId) : undefined;
    // A later change sends its own file; this one would be out of date.
    if (!event || event.status !== "SCHEDULED" || event.sequence !== ref!.arg) return undefined;
    const registration = await deps.events.registration(event.id, member.id);
    if (registration?.status !== "REGISTERED" && registration?.status !== "WAITLISTED") return undefined;
    const { t, vars } = await common(event, member);
    // The waitlist is told, but gets no calendar file: it never had one, and a file reads as a place.
    if (registration.status === "WAITLISTED") return text(t("event-notice-changed-waitlisted", vars));
    const ics = eventIcs(event, deps.icsDomain, true);
    return {
      method: "sendDocument",
      document: { bytes: new TextEncoder().encode(ics), filename: `event-${event.id}.ics` },
      caption: t("event-notice-changed", vars),
    };
  });

  deps.renderers.register(EVENT_DELIVERY_KINDS.feedback, async (refId, member) => {
    const ref = parseSimpleRef(refId);
    const event = ref?.what === "feedback" ? await deps.events.find(ref.eventId) : undefined;
    if (!event || event.status !== "SCHEDULED" || seconds(endOf(event)) !== ref!.arg) return undefined;
    const registration = await deps.events.registration(event.id, member.id);
    if (!registration?.attendedAt) return undefined;
    const { t, vars } = await common(event, member);
    const keyboard = new InlineKeyboard();
    for (let score = 1; score <= 5; score++) keyboard.text(String(score), evtCb.pack("fb", event.id, score));
    return text(t("event-notice-feedback", vars), keyboard);
  });

  return { notices, reminderFanout, feedbackRequest, scheduleEventReminders };
}
