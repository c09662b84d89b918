import type { EventKind, EventRegistrationStatus, EventStatus } from "../../generated/prisma/enums.js";

export type { EventKind, EventRegistrationStatus, EventStatus };

export const EVENT_KINDS = [
  "SEMINAR",
  "WEBINAR",
  "MASTER_CLASS",
  "CONFERENCE",
  "PEDAGOGICAL_COUNCIL",
  "PROJECT_FESTIVAL",
  "TELECONFERENCE",
  "OTHER",
] as const satisfies readonly EventKind[];

export const EVENT_TITLE_MIN = 3;
export const EVENT_TITLE_MAX = 200;
export const EVENT_DESCRIPTION_MAX = 2000;
export const EVENT_SPEAKERS_MAX = 500;
export const EVENT_SUBJECTS_MAX = 10;
export const EVENT_CAPACITY_MAX = 100_000;
export const EVENT_DURATION_MAX = 24 * 60;
/** Minutes before the start; a week at most. */
export const REMINDER_OFFSET_MAX = 7 * 24 * 60;
export const REMINDER_OFFSETS_MAX = 5;
/** 1 day before, 1 hour before, at the start. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [1440, 60, 0];
/** Check-in opens this long before the start and closes at the end. */
export const CHECKIN_OPENS_BEFORE_MINUTES = 15;
export const FEEDBACK_COMMENT_MAX = 1000;

/**
 * What an organiser enters. Start, duration and deadline may be given as typed
 * text (parsed in `timeZone` with events.time) or already parsed.
 */
export interface EventDraft {
  title: string;
  kind: EventKind;
  description?: string;
  subjectCodes: string[];
  start: Date | string;
  duration: number | string;
  /** The organiser's IANA zone: typed dates are read in it, and it is kept for display. */
  timeZone: string;
  onlineUrl?: string | null;
  /** null or absent: unlimited. */
  capacity?: number | null;
  /** null or absent: open until the start. */
  registrationDeadline?: Date | string | null;
  speakers?: string;
  /** Minutes before the start; absent: DEFAULT_REMINDER_OFFSETS. */
  reminderOffsets?: number[];
}

/** An edit: any subset of the draft's fields. */
export type EventPatch = Partial<EventDraft>;

/** A validated draft, as stored. */
export interface EventFields {
  title: string;
  kind: EventKind;
  description: string;
  subjectCodes: string[];
  startsAt: Date;
  durationMinutes: number;
  timezone: string;
  onlineUrl: string | null;
  capacity: number | null;
  registrationDeadline: Date | null;
  speakers: string;
  reminderOffsets: number[];
}

/** An event as stored (the check-in code and the online link included: callers decide who sees them). */
export interface EventView extends EventFields {
  id: number;
  organiserId: number;
  organiserName: string | undefined;
  checkinCode: string;
  recordingUrl: string | null;
  /** Academic hours of the participation certificates; null until the organiser sets them. */
  academicHours: number | null;
  status: EventStatus;
  sequence: number;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegistrationView {
  id: number;
  eventId: number;
  memberId: number;
  status: EventRegistrationStatus;
  createdAt: Date;
  promotedAt: Date | null;
  cancelledAt: Date | null;
  attendedAt: Date | null;
}

/** An event as one viewer sees it in a list or on a card. */
export interface EventCard {
  /** `onlineUrl` and `checkinCode` are blanked unless the viewer is registered (or staff). */
  event: EventView;
  registeredCount: number;
  waitlistedCount: number;
  /** null: unlimited. */
  placesLeft: number | null;
  /** The viewer's registration, if any (cancelled ones included). */
  mine: RegistrationView | undefined;
  /** The start has passed (by the service's clock): registration is closed. */
  started: boolean;
  /** The end has passed: no places, waitlist, edits or cancelling to show. */
  ended: boolean;
}

export interface RegistrantView {
  memberId: number;
  name: string | undefined;
  username: string | null;
  status: EventRegistrationStatus;
  registeredAt: Date;
  promotedAt: Date | null;
  attendedAt: Date | null;
}
