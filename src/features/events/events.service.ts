import { randomInt } from "node:crypto";
import type { DomainEventPublisher } from "../../shared/domain-events.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { canonicalTimeZone } from "../../shared/time.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { checkDescription, checkTitle, checkUrl } from "../materials/materials.validation.js";
import { isStaff, type MemberState, type StaffMember } from "../members/members.types.js";
import type {} from "./events.events.js";
import { buildIcs } from "./events.ics.js";
import type { EventsRepository, LockedEvent } from "./events.repository.js";
import { parseDuration, parseEventDateTime } from "./events.time.js";
import {
  CHECKIN_OPENS_BEFORE_MINUTES,
  DEFAULT_REMINDER_OFFSETS,
  EVENT_CAPACITY_MAX,
  EVENT_DESCRIPTION_MAX,
  EVENT_DURATION_MAX,
  EVENT_KINDS,
  EVENT_SPEAKERS_MAX,
  EVENT_SUBJECTS_MAX,
  EVENT_TITLE_MAX,
  EVENT_TITLE_MIN,
  FEEDBACK_COMMENT_MAX,
  REMINDER_OFFSET_MAX,
  REMINDER_OFFSETS_MAX,
  type EventCard,
  type EventDraft,
  type EventFields,
  type EventPatch,
  type EventRegistrationStatus,
  type EventView,
  type RegistrantView,
  type RegistrationView,
} from "./events.types.js";

const MINUTE = 60_000;
const MAX_YEARS_AHEAD = 2;
/** Letters and digits that cannot be mistaken for each other when a speaker reads them out (no 0/O, 1/I/L). */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 6;

/** Fields whose change calendar apps must pick up (they are in the .ics): each bumps `sequence`. */
const CALENDAR_FIELDS = ["title", "description", "startsAt", "durationMinutes", "onlineUrl"] as const satisfies readonly (keyof EventFields)[];

/** What an edit changed, for the caller to act on (updated .ics, moved reminders, promotion notices). */
export interface EventEditResult {
  event: EventView;
  /** Fields whose value changed; empty when the edit changed nothing (nothing was written). */
  changed: (keyof EventFields)[];
  /** Start or duration moved: send the updated .ics and move the reminders. */
  timeChanged: boolean;
  /** Something in the .ics changed (`sequence` was raised). */
  calendarChanged: boolean;
  /** The start or the reminder offsets changed: reschedule reminders. */
  remindersChanged: boolean;
  /** Waitlisted members who got a place because the capacity grew. */
  promoted: number[];
}

export interface UpcomingOptions {
  /** The viewer's subjects: their events (and events for every subject) come first. */
  subjectsFirst: string[];
  /** false: only the events for `subjectsFirst` (all events when it is empty). */
  all: boolean;
  limit: number;
  offset: number;
}

export type CheckInResult = "checked-in" | "already";

export interface FeedbackSummary {
  /** Rounded to one decimal; null without feedback. */
  average: number | null;
  count: number;
  /** The latest comments, newest first. */
  comments: { score: number; comment: string; at: Date }[];
}

/** Academic hours a participation certificate may state at most (a three-day conference is 24–36). */
export const MAX_ACADEMIC_HOURS = 72;

function requireRegistered(member: MemberState | undefined): asserts member is MemberState {
  if (!member?.registered) throw new DomainError("errors-not-registered");
}

function requireStaff(member: MemberState | undefined): asserts member is StaffMember {
  if (!isStaff(member)) throw new ForbiddenError("events-staff-only");
}

function unwrap<T>(c: { ok: true; value: T } | { ok: false; error: string }, rename: Record<string, string> = {}): T {
  if (!c.ok) throw new DomainError(rename[c.error] ?? c.error);
  return c.value;
}

function generateCheckinCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function ends(event: Pick<EventView, "startsAt" | "durationMinutes">): Date {
  return new Date(event.startsAt.getTime() + event.durationMinutes * MINUTE);
}

/**
 * Where `now` is relative to an event's check-in window: from
 * CHECKIN_OPENS_BEFORE_MINUTES before the start to the end, both included.
 */
export function checkInWindow(event: Pick<EventView, "startsAt" | "durationMinutes">, now: Date): "too-early" | "open" | "over" {
  const t = now.getTime();
  if (t < event.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MINUTES * MINUTE) return "too-early";
  if (t > ends(event).getTime()) return "over";
  return "open";
}

/**
 * Rules of community events: who organises, who gets a place, who waits,
 * who attended. Times come from `clock` (fixed in tests, `conversation.external`
 * in conversations); nothing here sends messages or schedules jobs: after a
 * change committed it emits a domain event (events.events.ts) saying whom to
 * notify and whether reminders must move, and the subscribers do the rest.
 */
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly audit: AuditRepository,
    private readonly catalogue: CatalogueService,
    private readonly domainEvents: DomainEventPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Refuses anyone but an organiser (a moderator or an admin) before an organiser's screen or questionnaire opens. */
  requireOrganiser(member: MemberState | undefined): void {
    requireStaff(member);
  }

  // ------------------------------------------------------------------ validation

  private checkDate(value: Date, now: Date, pastKey: string): Date {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new DomainError("events-time-invalid");
    if (value.getTime() <= now.getTime()) throw new DomainError(pastKey);
    const limit = new Date(now.getTime());
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
    if (value.getTime() > limit.getTime()) throw new DomainError("events-time-too-far");
    return value;
  }

  private readDate(value: Date | string, timeZone: string, now: Date, pastKey: string): Date {
    if (typeof value === "string") {
      return unwrap(parseEventDateTime(value, { timeZone, now }), { "events-time-past": pastKey });
    }
    return this.checkDate(value, now, pastKey);
  }

  /**
   * Validates a whole draft. `current` is the stored event on an edit: then a
   * start or deadline that did not change is not refused for being past (an
   * event that has started can still get a new description).
   */
  private async validate(draft: EventDraft, now: Date, current?: EventView): Promise<EventFields> {
    const zone = typeof draft.timeZone === "string" ? canonicalTimeZone(draft.timeZone) : undefined;
    if (!zone) throw new DomainError("events-timezone-unknown");
    const timezone = draft.timeZone.trim();

    const title = unwrap(checkTitle(draft.title ?? ""), {
      "materials-title-short": "events-title-short",
      "materials-title-long": "events-title-long",
      "materials-title-letters": "events-title-letters",
    });
    if (Array.from(title).length < EVENT_TITLE_MIN) throw new DomainError("events-title-short");
    if (Array.from(title).length > EVENT_TITLE_MAX) throw new DomainError("events-title-long");
    const description = unwrap(checkDescription(draft.description ?? ""), { "materials-description-long": "events-description-long" });
    if (Array.from(description).length > EVENT_DESCRIPTION_MAX) throw new DomainError("events-description-long");
    if (!EVENT_KINDS.includes(draft.kind)) throw new DomainError("events-kind-bad");

    const codes = [...new Set(draft.subjectCodes ?? [])];
    for (const code of codes) {
      if (typeof code !== "string" || !(await this.catalogue.subject(code))) throw new DomainError("events-subject-unknown");
    }
    if (codes.length > EVENT_SUBJECTS_MAX) throw new DomainError("events-subjects-many");
    const subjectCodes = await this.catalogue.normaliseSubjects(codes);

    const unchangedStart = current && draft.start instanceof Date && sameValue(draft.start, current.startsAt);
    const startsAt = unchangedStart ? current.startsAt : this.readDate(draft.start, zone, now, "events-time-past");

    let durationMinutes: number;
    if (typeof draft.duration === "string") durationMinutes = unwrap(parseDuration(draft.duration));
    else if (Number.isInteger(draft.duration) && draft.duration >= 1 && draft.duration <= EVENT_DURATION_MAX) durationMinutes = draft.duration;
    else throw new DomainError("events-duration-invalid");

    const capacity = draft.capacity ?? null;
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > EVENT_CAPACITY_MAX)) throw new DomainError("events-capacity-invalid");

    let registrationDeadline: Date | null = null;
    const deadline = draft.registrationDeadline ?? null;
    if (deadline !== null) {
      const unchanged = current?.registrationDeadline && deadline instanceof Date && sameValue(deadline, current.registrationDeadline);
      registrationDeadline = unchanged ? current.registrationDeadline : this.readDate(deadline, zone, now, "events-deadline-past");
      if (registrationDeadline!.getTime() > startsAt.getTime()) throw new DomainError("events-deadline-after-start");
    }

    const rawUrl = draft.onlineUrl?.trim() ?? "";
    const onlineUrl = rawUrl === "" ? null : unwrap(checkUrl(rawUrl), { "materials-link-bad": "events-url-bad" });

    const speakers = (draft.speakers ?? "").normalize("NFC").replace(/\s+/gu, " ").trim();
    if (Array.from(speakers).length > EVENT_SPEAKERS_MAX) throw new DomainError("events-speakers-long");

    const offsets = draft.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS;
    if (!offsets.every((m) => Number.isInteger(m) && m >= 0 && m <= REMINDER_OFFSET_MAX)) throw new DomainError("events-reminders-invalid");
    const reminderOffsets = [...new Set(offsets)].sort((a, b) => b - a);
    if (reminderOffsets.length > REMINDER_OFFSETS_MAX) throw new DomainError("events-reminders-invalid");

    return {
      title,
      kind: draft.kind,
      description,
      subjectCodes,
      startsAt,
      durationMinutes,
      timezone,
      onlineUrl,
      capacity,
      registrationDeadline,
      speakers,
      reminderOffsets,
    };
  }

  private async load(id: number): Promise<EventView> {
    const event = await this.events.find(id);
    if (!event) throw new NotFoundError("events-not-found");
    return event;
  }

  // ------------------------------------------------------------------ organising

  /** The service's clock (questionnaires read it through `conversation.external`). */
  now(): Date {
    return this.clock();
  }

  /**
   * Checks a start and registration deadline against the clock now, as
   * `create` will: refuses with `events-time-past`, `events-time-too-far`,
   * `events-deadline-past` or `events-deadline-after-start`. /newevent calls it
   * after every answer, so a time that passes while the organiser is still
   * answering is caught at once, not at «Опубликовать».
   */
  checkSchedule(start: Date, deadline: Date | null): void {
    const now = this.clock();
    const startsAt = this.checkDate(start, now, "events-time-past");
    if (deadline !== null) {
      this.checkDate(deadline, now, "events-deadline-past");
      if (deadline.getTime() > startsAt.getTime()) throw new DomainError("events-deadline-after-start");
    }
  }

  /** Creates an event (moderators and admins). Returns it with its check-in code. */
  async create(actor: MemberState | undefined, draft: EventDraft): Promise<EventView> {
    requireStaff(actor);
    const fields = await this.validate(draft, this.clock());
    const id = await this.events.create(actor.id, fields, generateCheckinCode(), (tx, eventId) =>
      this.audit.record({ actorId: actor.id, action: "event.create", details: { eventId, title: fields.title } }, tx),
    );
    await this.domainEvents.emit("event.created", { eventId: id });
    return this.load(id);
  }

  /**
   * Changes some fields of a scheduled event (moderators and admins). Refuses a
   * capacity below the places already taken; a larger one promotes from the
   * waitlist. Raises `sequence` when something in the calendar file changed.
   */
  async edit(actor: MemberState | undefined, id: number, patch: EventPatch): Promise<EventEditResult> {
    requireStaff(actor);
    const current = await this.load(id);
    if (current.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    const now = this.clock();
    const merged: EventDraft = {
      title: current.title,
      kind: current.kind,
      description: current.description,
      subjectCodes: current.subjectCodes,
      start: current.startsAt,
      duration: current.durationMinutes,
      timeZone: current.timezone,
      onlineUrl: current.onlineUrl,
      capacity: current.capacity,
      registrationDeadline: current.registrationDeadline,
      speakers: current.speakers,
      reminderOffsets: current.reminderOffsets,
      ...stripUndefined(patch),
    };
    const fields = await this.validate(merged, now, current);
    const changed = (Object.keys(fields) as (keyof EventFields)[]).filter((k) => !sameValue(fields[k], current[k]));
    const timeChanged = changed.includes("startsAt") || changed.includes("durationMinutes");
    const calendarChanged = changed.some((k) => (CALENDAR_FIELDS as readonly string[]).includes(k));
    const remindersChanged = changed.includes("startsAt") || changed.includes("reminderOffsets");
    if (changed.length === 0) return { event: current, changed, timeChanged, calendarChanged, remindersChanged, promoted: [] };

    const data = Object.fromEntries(changed.map((k) => [k, fields[k]])) as Partial<EventFields>;
    const result = await this.events.update(
      id,
      { ...data, ...(calendarChanged ? { sequence: { increment: 1 } } : {}) },
      now,
      (locked) => {
        // Guarded under the lock: another organiser may have changed or cancelled it meanwhile.
        if (locked.event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
        if (locked.event.updatedAt.getTime() !== current.updatedAt.getTime()) throw new DomainError("events-changed-meanwhile");
        if (fields.capacity !== null && fields.capacity < locked.registered) {
          throw new DomainError("events-capacity-below-registered", { registered: locked.registered });
        }
      },
      (tx) => this.audit.record({ actorId: actor.id, action: "event.edit", targetMemberId: current.organiserId, details: { eventId: id, fields: changed } }, tx),
    );
    if (!result) throw new NotFoundError("events-not-found");
    await this.domainEvents.emit("event.changed", { eventId: id, timeChanged, remindersChanged, calendarChanged, promoted: result.promoted });
    return { event: result.event, changed, timeChanged, calendarChanged, remindersChanged, promoted: result.promoted };
  }

  /** Cancels a scheduled event (moderators and admins); returns the members to tell (registered and waitlisted). */
  async cancel(actor: MemberState | undefined, id: number): Promise<{ event: EventView; notify: number[] }> {
    requireStaff(actor);
    const current = await this.load(id);
    const notify = await this.events.cancel(id, this.clock(), (tx) =>
      this.audit.record({ actorId: actor.id, action: "event.cancel", targetMemberId: current.organiserId, details: { eventId: id } }, tx),
    );
    if (!notify) throw new DomainError("events-cancelled");
    await this.domainEvents.emit("event.cancelled", { eventId: id, notify });
    return { event: await this.load(id), notify };
  }

  /** Adds or replaces the recording link; returns the registrants who did not attend (to send it to). */
  async setRecording(actor: MemberState | undefined, id: number, url: string): Promise<{ notify: number[] }> {
    requireStaff(actor);
    const event = await this.load(id);
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    const clean = unwrap(checkUrl(url ?? ""), { "materials-link-bad": "events-url-bad" });
    const notify = await this.events.setRecording(id, clean, (tx) =>
      this.audit.record({ actorId: actor.id, action: "event.recording", targetMemberId: event.organiserId, details: { eventId: id } }, tx),
    );
    await this.domainEvents.emit("event.recording-added", { eventId: id, notify });
    return { notify };
  }

  // ------------------------------------------------------------------ taking part

  /**
   * Registers a member: a place while there is one, else the waitlist.
   * Idempotent: an active registration is returned unchanged (`created: false`).
   * `placesTaken` counts the places taken with it (exact: read under the event's
   * lock), for re-planning the reminders ("event.registered").
   */
  async register(member: MemberState | undefined, id: number): Promise<{ registration: RegistrationView; created: boolean; placesTaken: number }> {
    requireRegistered(member);
    const now = this.clock();
    const result = await this.events.register(id, member.id, now, (locked) => {
      this.checkOpen(locked.event, now);
      const full = locked.event.capacity !== null && locked.registered >= locked.event.capacity;
      return full ? "WAITLISTED" : "REGISTERED";
    });
    if (!result) throw new NotFoundError("events-not-found");
    const { registration, created, placesTaken } = result;
    if (created && registration.status === "REGISTERED") await this.domainEvents.emit("event.registered", { eventId: id, memberId: registration.memberId, placesTaken });
    return result;
  }

  private checkOpen(event: EventView, now: Date): void {
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    if (event.startsAt.getTime() <= now.getTime()) throw new DomainError("events-already-started");
    if (event.registrationDeadline && event.registrationDeadline.getTime() < now.getTime()) throw new DomainError("events-registration-closed");
  }

  /**
   * Gives up a place or leaves the waitlist (until the start). A place freed
   * goes to the first on the waitlist in the same transaction; returns that
   * member's id to tell them.
   */
  async cancelRegistration(member: MemberState | undefined, id: number): Promise<{ previous: EventRegistrationStatus; promotedMemberId: number | undefined }> {
    requireRegistered(member);
    const now = this.clock();
    await this.load(id);
    const { previous, promoted } = await this.events.cancelRegistration(id, member.id, now, (locked: LockedEvent) => {
      if (locked.event.status === "SCHEDULED" && locked.event.startsAt.getTime() <= now.getTime()) throw new DomainError("events-already-started");
    });
    if (!previous) throw new DomainError("events-not-registered");
    const promotedMemberId = promoted[0];
    if (promotedMemberId !== undefined) await this.domainEvents.emit("event.promoted", { eventId: id, memberId: promotedMemberId });
    return { previous, promotedMemberId };
  }

  /**
   * Records attendance of a registered member inside the window from 15 minutes
   * before the start to the end (both included). With a code (/checkin CODE) it
   * must be the event's, ignoring case and surrounding spaces.
   */
  async checkIn(member: MemberState | undefined, id: number, options: { code?: string } = {}): Promise<CheckInResult> {
    requireRegistered(member);
    const event = await this.load(id);
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    const registration = await this.events.registration(id, member.id);
    if (registration?.status !== "REGISTERED") throw new DomainError("events-checkin-not-registered");
    if (options.code !== undefined && options.code.trim().toUpperCase() !== event.checkinCode.toUpperCase()) {
      throw new DomainError("events-checkin-code-wrong");
    }
    const now = this.clock();
    const window = checkInWindow(event, now);
    if (window === "too-early") throw new DomainError("events-checkin-too-early");
    if (window === "over") throw new DomainError("events-checkin-over");
    if (registration.attendedAt) return "already";
    return (await this.events.markAttended(id, member.id, now)) ? "checked-in" : "already";
  }

  /**
   * Takes back a member's check-in (a mistake, or someone who checked in
   * without attending). Their participation certificate is revoked by the
   * certificates slice on `event.checkin-annulled`.
   */
  async annulCheckIn(actor: MemberState | undefined, id: number, memberId: number): Promise<void> {
    requireStaff(actor);
    await this.load(id);
    const ok = await this.events.unmarkAttended(id, memberId, (tx) =>
      this.audit.record({ actorId: actor.id, action: "event.checkin-annul", targetMemberId: memberId, details: { eventId: id } }, tx),
    );
    if (!ok) throw new DomainError("events-checkin-annul-none");
    await this.domainEvents.emit("event.checkin-annulled", { eventId: id, memberId, by: actor.id });
  }

  /** Sets the academic hours of an event's participation certificates (1–72; a whole number). */
  async setAcademicHours(actor: MemberState | undefined, id: number, hours: number): Promise<EventView> {
    requireStaff(actor);
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_ACADEMIC_HOURS) throw new DomainError("events-hours-invalid", { max: MAX_ACADEMIC_HOURS });
    const event = await this.load(id);
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    await this.events.setAcademicHours(id, hours, (tx) => this.audit.record({ actorId: actor.id, action: "event.hours", details: { eventId: id, hours } }, tx));
    return { ...event, academicHours: hours };
  }

  /** Members who checked in to an event (staff only). */
  async attendeeIds(actor: MemberState | undefined, id: number): Promise<number[]> {
    requireStaff(actor);
    return this.events.attendeeIds(id);
  }

  /**
   * /checkin CODE: checks the member in to the event whose window is open now
   * and whose code matches. Looks at the member's running events directly
   * (however many other registrations they have). Refuses with
   * `events-checkin-none` when none is running, `events-checkin-code-wrong`
   * when none has this code.
   */
  async checkInByCode(member: MemberState | undefined, code: string): Promise<{ result: CheckInResult; event: EventView }> {
    requireRegistered(member);
    const now = this.clock();
    // A window opens CHECKIN_OPENS_BEFORE_MINUTES before the start and lasts at most the longest duration.
    const from = new Date(now.getTime() - EVENT_DURATION_MAX * MINUTE);
    const to = new Date(now.getTime() + CHECKIN_OPENS_BEFORE_MINUTES * MINUTE);
    const running = (await this.events.placedStartingBetween(member.id, from, to)).filter((e) => checkInWindow(e, now) === "open");
    if (running.length === 0) throw new DomainError("events-checkin-none");
    const wanted = code.trim().toUpperCase();
    const event = running.find((e) => e.checkinCode.toUpperCase() === wanted);
    if (!event) throw new DomainError("events-checkin-code-wrong");
    return { result: await this.checkIn(member, event.id, { code }), event };
  }

  /** An attendee's score (1–5) and optional comment, once the event has started; a second call replaces it. */
  async feedback(member: MemberState | undefined, id: number, score: number, comment?: string): Promise<void> {
    requireRegistered(member);
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError("events-score-bad");
    const clean = unwrap(checkDescription(comment ?? ""), { "materials-description-long": "events-feedback-long" });
    if (Array.from(clean).length > FEEDBACK_COMMENT_MAX) throw new DomainError("events-feedback-long");
    const event = await this.load(id);
    if (this.clock().getTime() < event.startsAt.getTime()) throw new DomainError("events-feedback-too-early");
    const registration = await this.events.registration(id, member.id);
    if (!registration?.attendedAt) throw new DomainError("events-feedback-not-attended");
    await this.events.saveFeedback(id, member.id, score, clean === "" ? null : clean);
  }

  // ------------------------------------------------------------------ reading

  /** Hides what only some may see: the link (registered and staff), the check-in code (staff). */
  private cards(
    viewer: MemberState | undefined,
    events: EventView[],
    counts: Awaited<ReturnType<EventsRepository["counts"]>>,
    mine: Map<number, RegistrationView>,
  ): EventCard[] {
    const staff = isStaff(viewer);
    const now = this.clock().getTime();
    return events.map((event) => {
      const c = counts.get(event.id) ?? { registered: 0, waitlisted: 0 };
      const own = mine.get(event.id);
      const placed = own?.status === "REGISTERED";
      const active = placed || own?.status === "WAITLISTED";
      return {
        event: {
          ...event,
          onlineUrl: staff || placed ? event.onlineUrl : null,
          checkinCode: staff ? event.checkinCode : "",
          recordingUrl: staff || active ? event.recordingUrl : null,
        },
        registeredCount: c.registered,
        waitlistedCount: c.waitlisted,
        placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - c.registered),
        mine: own,
        started: event.startsAt.getTime() <= now,
        ended: ends(event).getTime() <= now,
      };
    });
  }

  private async toCards(viewer: MemberState | undefined, events: EventView[]): Promise<EventCard[]> {
    const ids = events.map((e) => e.id);
    const [counts, mine] = await Promise.all([
      this.events.counts(ids),
      viewer ? this.events.registrationsOf(viewer.id, ids) : Promise.resolve(new Map<number, RegistrationView>()),
    ]);
    return this.cards(viewer, events, counts, mine);
  }

  /** One event as `viewer` may see it (a deep link, a card). Cancelled events are shown (as cancelled). */
  async card(viewer: MemberState | undefined, id: number): Promise<EventCard> {
    const event = await this.load(id);
    return (await this.toCards(viewer, [event]))[0]!;
  }

  /** Scheduled events that have not started yet, the viewer's subjects first, with places left. */
  async upcoming(viewer: MemberState | undefined, options: UpcomingOptions): Promise<{ items: EventCard[]; total: number }> {
    const limit = Math.min(Math.max(1, Math.trunc(options.limit)), 50);
    const offset = Math.max(0, Math.trunc(options.offset));
    const { items, total } = await this.events.upcoming({ now: this.clock(), subjects: options.subjectsFirst, all: options.all, limit, offset });
    return { items: await this.toCards(viewer, items), total };
  }

  /** The member's events (with a place or on the waitlist): upcoming (not yet ended, soonest first) and past (latest first, up to `pastLimit`). */
  async myEvents(member: MemberState | undefined, options: { pastLimit?: number } = {}): Promise<{ upcoming: EventCard[]; past: EventCard[] }> {
    requireRegistered(member);
    const now = this.clock().getTime();
    const events = await this.events.ofMember(member.id, 200);
    const cards = await this.toCards(member, events);
    // A cancelled event stays where its time puts it; the card says it is cancelled.
    const upcoming = cards.filter((c) => ends(c.event).getTime() > now).reverse();
    const past = cards.filter((c) => ends(c.event).getTime() <= now).slice(0, options.pastLimit ?? 20);
    return { upcoming, past };
  }

  /** Who registered, waits, cancelled, and who attended (moderators and admins). */
  async registrants(actor: MemberState | undefined, id: number): Promise<{ event: EventView; registrants: RegistrantView[] }> {
    requireStaff(actor);
    const event = await this.load(id);
    return { event, registrants: await this.events.registrants(id) };
  }

  async feedbackSummary(actor: MemberState | undefined, id: number, options: { comments?: number } = {}): Promise<FeedbackSummary> {
    requireStaff(actor);
    await this.load(id);
    const { sum, count, comments } = await this.events.feedbackSummary(id, options.comments ?? 10);
    return { average: count === 0 ? null : Math.round((sum / count) * 10) / 10, count, comments };
  }

  /**
   * The calendar file of an event, for members holding a place and staff
   * (never the waitlist: a file in the calendar reads as a place). `domain` is the bot's, for the UID
   * `event-<id>@<domain>` that calendar apps match updates by. A cancelled
   * event gives a CANCEL with the raised sequence.
   */
  async ics(viewer: MemberState | undefined, id: number, domain: string): Promise<{ fileName: string; text: string }> {
    requireRegistered(viewer);
    const event = await this.load(id);
    const registration = await this.events.registration(id, viewer.id);
    const staff = isStaff(viewer);
    if (!staff && registration?.status !== "REGISTERED") throw new ForbiddenError("events-ics-registrants-only");
    const text = eventIcs(event, domain, true);
    return { fileName: `event-${event.id}.ics`, text };
  }

  /** The member's place in the waitlist (1 = next to be promoted); undefined when not waitlisted. */
  async waitlistPosition(member: MemberState | undefined, id: number): Promise<number | undefined> {
    requireRegistered(member);
    const index = (await this.events.memberIds(id, ["WAITLISTED"])).indexOf(member.id);
    return index < 0 ? undefined : index + 1;
  }

  /** Members holding a place (reminder recipients), in queue order. For jobs: no viewer check. */
  recipients(id: number): Promise<number[]> {
    return this.events.memberIds(id, ["REGISTERED"]);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The calendar file of an event; the same UID in every copy, so calendar apps
 * replace the entry when the sequence grows. The link only for those with a place.
 */
export function eventIcs(event: EventView, domain: string, withLink: boolean): string {
  return buildIcs({
    uid: `event-${event.id}@${domain}`,
    title: event.title,
    description: event.description,
    ...(withLink && event.onlineUrl ? { url: event.onlineUrl } : {}),
    start: event.startsAt,
    durationMinutes: event.durationMinutes,
    timeZone: event.timezone,
    ...(event.organiserName ? { organizerName: event.organiserName } : {}),
    sequence: event.sequence,
    method: event.status === "CANCELLED" ? "CANCEL" : "PUBLISH",
    updatedAt: event.updatedAt,
  });
}
