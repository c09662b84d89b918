import type { BroadcastStatus } from "../../generated/prisma/enums.js";
import { PROFESSIONAL_ROLES, type ProfessionalRole } from "../members/members.types.js";

export type { BroadcastStatus };

/** The delivery kind of broadcasts on the sending path; the ref is `broadcast:<id>`. */
export const BROADCAST_KIND = "broadcast";
export const broadcastRefId = (id: number): string => `broadcast:${id}`;

/** Broadcasts go after event reminders (which have no priority) and before digests. */
export const BROADCAST_PRIORITY = 100;

/** Telegram copies at most 10 messages of an album; more is not an album. */
export const BROADCAST_MAX_MESSAGES = 10;
export const BROADCAST_SUMMARY_MAX = 200;
/** Filters per dimension: enough for any real segment, small enough for a JSON column and a button row. */
export const AUDIENCE_VALUES_MAX = 100;

/**
 * Who gets a broadcast: members matching every dimension given, and any one
 * value within a dimension (subjects: maths OR physics, AND region: Tatarstan).
 * No dimension at all is everyone. Only registered, reachable members count.
 */
export interface BroadcastAudience {
  subjects?: string[];
  grades?: string[];
  regions?: string[];
  /** Professional roles from the profile (teacher, methodologist…). */
  roles?: ProfessionalRole[];
  /** Registrants (registered or waitlisted) of one event. */
  eventId?: number;
}

/** The audience in one canonical form: sorted, deduplicated, empty dimensions left out. */
export function normaliseAudience(audience: BroadcastAudience): BroadcastAudience {
  const list = (values: readonly string[] | undefined) => [...new Set(values ?? [])].sort();
  const out: BroadcastAudience = {};
  const subjects = list(audience.subjects);
  const grades = list(audience.grades);
  const regions = list(audience.regions);
  const roles = list(audience.roles).filter((r): r is ProfessionalRole => (PROFESSIONAL_ROLES as readonly string[]).includes(r));
  if (subjects.length) out.subjects = subjects;
  if (grades.length) out.grades = grades;
  if (regions.length) out.regions = regions;
  if (roles.length) out.roles = roles;
  if (audience.eventId !== undefined) out.eventId = audience.eventId;
  return out;
}

export function isEveryone(audience: BroadcastAudience): boolean {
  return Object.keys(normaliseAudience(audience)).length === 0;
}

/** Reads an audience stored as JSON; anything unexpected is dropped, never trusted. */
export function parseAudience(value: unknown): BroadcastAudience {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
  const eventId = typeof v.eventId === "number" && Number.isSafeInteger(v.eventId) && v.eventId > 0 ? v.eventId : undefined;
  return normaliseAudience({
    subjects: strings(v.subjects),
    grades: strings(v.grades),
    regions: strings(v.regions),
    roles: strings(v.roles) as ProfessionalRole[],
    ...(eventId !== undefined ? { eventId } : {}),
  });
}

export interface BroadcastView {
  id: number;
  authorId: number;
  authorName: string | null;
  sourceChatId: bigint;
  messageIds: number[];
  summary: string;
  audience: BroadcastAudience;
  recipientCount: number;
  status: BroadcastStatus;
  paid: boolean;
  scheduledAt: Date;
  startedAt: Date | null;
  cursor: number;
  fannedOutAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  statusChatId: bigint | null;
  statusMessageId: number | null;
  createdAt: Date;
}

/** What the author composed, ready to be recorded. */
export interface BroadcastDraft {
  sourceChatId: bigint;
  messageIds: number[];
  summary: string;
  audience: BroadcastAudience;
  /** Absent: now. */
  scheduledAt?: Date;
}

/** How a broadcast stands, for its progress message and the history. */
export interface BroadcastStats {
  sent: number;
  failed: number;
  /** Blocked the bot, deactivated, or skipped as unreachable. */
  blocked: number;
  /** Not sent on purpose (cancelled, or the member left meanwhile). */
  skipped: number;
  /** Still to send: queued, being sent, and recipients the fan-out has not reached yet. */
  remaining: number;
  /** Seconds left at the rate achieved so far; undefined before there is a rate. */
  etaSeconds: number | undefined;
  finished: boolean;
}
