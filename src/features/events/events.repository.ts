import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { EventRegistrationStatus } from "../../generated/prisma/enums.js";
import type { EventFields, EventView, RegistrantView, RegistrationView } from "./events.types.js";

type Tx = Prisma.TransactionClient;

const viewInclude = {
  organiser: { select: { deletedAt: true, profile: { select: { fullName: true } } } },
} as const satisfies Prisma.EventInclude;

type Row = Prisma.EventGetPayload<{ include: typeof viewInclude }>;
type RegistrationRow = Prisma.EventRegistrationGetPayload<object>;

function toView(row: Row): EventView {
  return {
    id: row.id,
    organiserId: row.organiserId,
    organiserName: row.organiser.deletedAt ? undefined : row.organiser.profile?.fullName,
    title: row.title,
    kind: row.kind,
    description: row.description,
    subjectCodes: row.subjectCodes,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    timezone: row.timezone,
    onlineUrl: row.onlineUrl,
    capacity: row.capacity,
    registrationDeadline: row.registrationDeadline,
    speakers: row.speakers,
    reminderOffsets: row.reminderOffsets,
    checkinCode: row.checkinCode,
    recordingUrl: row.recordingUrl,
    academicHours: row.academicHours,
    status: row.status,
    sequence: row.sequence,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toRegistration(row: RegistrationRow): RegistrationView {
  return {
    id: row.id,
    eventId: row.eventId,
    memberId: row.memberId,
    status: row.status,
    createdAt: row.createdAt,
    promotedAt: row.promotedAt,
    cancelledAt: row.cancelledAt,
    attendedAt: row.attendedAt,
  };
}

/** An event read under its row lock, with the number of places taken: what registration rules decide on. */
export interface LockedEvent {
  event: EventView;
  registered: number;
}

export interface RegistrationCounts {
  registered: number;
  waitlisted: number;
}

/** Waitlist order: first come, first served; the id breaks ties within a millisecond. */
const QUEUE_ORDER = [{ createdAt: "asc" }, { id: "asc" }] as const satisfies Prisma.EventRegistrationOrderByWithRelationInput[];
const ACTIVE: EventRegistrationStatus[] = ["REGISTERED", "WAITLISTED"];

/**
 * The only place that reads and writes events, registrations and feedback.
 * Everything that changes who holds a place runs in a transaction that first
 * locks the event row (SELECT … FOR UPDATE), so registrations, cancellations
 * and capacity changes of one event are serialised and places are counted
 * exactly; the rules themselves come in as callbacks from the service.
 */
export class EventsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(organiserId: number, fields: EventFields, checkinCode: string, audit: (tx: Tx, eventId: number) => Promise<unknown>): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.event.create({ data: { organiserId, ...fields, checkinCode }, select: { id: true } });
      await audit(tx, row.id);
      return row.id;
    });
  }

  async find(id: number): Promise<EventView | undefined> {
    const row = await this.prisma.event.findUnique({ where: { id }, include: viewInclude });
    return row ? toView(row) : undefined;
  }

  private async lock(tx: Tx, id: number): Promise<LockedEvent | undefined> {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM events WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) return undefined;
    const row = await tx.event.findUniqueOrThrow({ where: { id }, include: viewInclude });
    const registered = await tx.eventRegistration.count({ where: { eventId: id, status: "REGISTERED" } });
    return { event: toView(row), registered };
  }

  /** Moves the first of the waitlist into the free places (all of it when capacity is null). Event row locked. */
  private async promote(tx: Tx, eventId: number, capacity: number | null, registered: number, at: Date): Promise<number[]> {
    const free = capacity === null ? undefined : capacity - registered;
    if (free !== undefined && free <= 0) return [];
    const next = await tx.eventRegistration.findMany({
      where: { eventId, status: "WAITLISTED" },
      orderBy: QUEUE_ORDER,
      take: free,
      select: { id: true, memberId: true },
    });
    if (next.length === 0) return [];
    await tx.eventRegistration.updateMany({
      where: { id: { in: next.map((r) => r.id) }, status: "WAITLISTED" },
      data: { status: "REGISTERED", promotedAt: at },
    });
    return next.map((r) => r.memberId);
  }

  /**
   * Updates an event under its lock: `check` sees the locked row and may throw
   * to refuse; then the update, promotion into any places a larger capacity
   * freed, and `audit`, in one transaction. Undefined if the event is gone.
   */
  async update(
    id: number,
    data: Prisma.EventUncheckedUpdateInput,
    at: Date,
    check: (locked: LockedEvent) => void,
    audit: (tx: Tx) => Promise<unknown>,
  ): Promise<{ event: EventView; promoted: number[] } | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.lock(tx, id);
      if (!locked) return undefined;
      check(locked);
      const row = await tx.event.update({ where: { id }, data, include: viewInclude });
      const promoted = row.status === "SCHEDULED" ? await this.promote(tx, id, row.capacity, locked.registered, at) : [];
      await audit(tx);
      return { event: toView(row), promoted };
    });
  }

  /** Cancels a scheduled event; returns who held a place or waited for one. Undefined if it was not scheduled. */
  async cancel(id: number, at: Date, audit: (tx: Tx) => Promise<unknown>): Promise<number[] | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.event.updateMany({
        where: { id, status: "SCHEDULED" },
        data: { status: "CANCELLED", cancelledAt: at, sequence: { increment: 1 } },
      });
      if (result.count !== 1) return undefined;
      const rows = await tx.eventRegistration.findMany({
        where: { eventId: id, status: { in: ACTIVE } },
        orderBy: QUEUE_ORDER,
        select: { memberId: true },
      });
      await audit(tx);
      return rows.map((r) => r.memberId);
    });
  }

  /**
   * Registers a member under the event lock. `admit` sees the locked event and
   * returns the status to give (or throws to refuse). An active registration is
   * returned as it is; a cancelled one is replaced by a new row, so it goes to
   * the end of the waitlist (the queue is ordered by created_at, then id).
   * `placesTaken` is the number of places taken after it, counted under the lock.
   */
  async register(
    eventId: number,
    memberId: number,
    at: Date,
    admit: (locked: LockedEvent) => "REGISTERED" | "WAITLISTED",
  ): Promise<{ registration: RegistrationView; created: boolean; placesTaken: number } | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.lock(tx, eventId);
      if (!locked) return undefined;
      const existing = await tx.eventRegistration.findUnique({ where: { eventId_memberId: { eventId, memberId } } });
      if (existing && existing.status !== "CANCELLED") return { registration: toRegistration(existing), created: false, placesTaken: locked.registered };
      const status = admit(locked);
      if (existing) await tx.eventRegistration.delete({ where: { id: existing.id } });
      const row = await tx.eventRegistration.create({ data: { eventId, memberId, status, createdAt: at } });
      return { registration: toRegistration(row), created: true, placesTaken: locked.registered + (status === "REGISTERED" ? 1 : 0) };
    });
  }

  /**
   * Cancels a member's registration under the event lock; a place it frees
   * goes to the first of the waitlist in the same transaction. Returns the
   * status it had (undefined: there was none active) and who was promoted.
   */
  async cancelRegistration(
    eventId: number,
    memberId: number,
    at: Date,
    check: (locked: LockedEvent) => void,
  ): Promise<{ previous: EventRegistrationStatus | undefined; promoted: number[] }> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.lock(tx, eventId);
      if (!locked) return { previous: undefined, promoted: [] };
      check(locked);
      const existing = await tx.eventRegistration.findUnique({ where: { eventId_memberId: { eventId, memberId } } });
      if (!existing || existing.status === "CANCELLED") return { previous: undefined, promoted: [] };
      await tx.eventRegistration.update({ where: { id: existing.id }, data: { status: "CANCELLED", cancelledAt: at, promotedAt: null } });
      const promoted =
        existing.status === "REGISTERED" && locked.event.status === "SCHEDULED" ? await this.promote(tx, eventId, locked.event.capacity, locked.registered - 1, at) : [];
      return { previous: existing.status, promoted };
    });
  }

  async registration(eventId: number, memberId: number): Promise<RegistrationView | undefined> {
    const row = await this.prisma.eventRegistration.findUnique({ where: { eventId_memberId: { eventId, memberId } } });
    return row ? toRegistration(row) : undefined;
  }

  /** Records attendance once: true the first time, false when it was already recorded. */
  async markAttended(eventId: number, memberId: number, at: Date): Promise<boolean> {
    const result = await this.prisma.eventRegistration.updateMany({
      where: { eventId, memberId, status: "REGISTERED", attendedAt: null },
      data: { attendedAt: at },
    });
    return result.count === 1;
  }

  /** Takes back a check-in (the organiser annulled it); `audit` runs in the same transaction. False when there was none. */
  async unmarkAttended(eventId: number, memberId: number, audit: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.eventRegistration.updateMany({ where: { eventId, memberId, attendedAt: { not: null } }, data: { attendedAt: null } });
      if (count === 1) await audit(tx);
      return count === 1;
    });
  }

  /** Members who checked in, in the order they did. */
  async attendeeIds(eventId: number): Promise<number[]> {
    const rows = await this.prisma.eventRegistration.findMany({
      where: { eventId, attendedAt: { not: null } },
      orderBy: [{ attendedAt: "asc" }, { id: "asc" }],
      select: { memberId: true },
    });
    return rows.map((r) => r.memberId);
  }

  async setAcademicHours(id: number, hours: number, audit: (tx: Tx) => Promise<unknown>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.event.update({ where: { id }, data: { academicHours: hours } });
      await audit(tx);
    });
  }

  async saveFeedback(eventId: number, memberId: number, score: number, comment: string | null): Promise<void> {
    await this.prisma.eventFeedback.upsert({
      where: { eventId_memberId: { eventId, memberId } },
      create: { eventId, memberId, score, comment },
      update: { score, comment },
    });
  }

  /** Sets the recording link; returns the members with a registration who did not attend. */
  async setRecording(id: number, url: string, audit: (tx: Tx) => Promise<unknown>): Promise<number[]> {
    return this.prisma.$transaction(async (tx) => {
      await tx.event.update({ where: { id }, data: { recordingUrl: url } });
      const rows = await tx.eventRegistration.findMany({
        where: { eventId: id, status: { in: ACTIVE }, attendedAt: null },
        orderBy: QUEUE_ORDER,
        select: { memberId: true },
      });
      await audit(tx);
      return rows.map((r) => r.memberId);
    });
  }

  /** Members of an event with the given statuses, in queue order (e.g. reminder recipients). */
  async memberIds(eventId: number, statuses: readonly EventRegistrationStatus[]): Promise<number[]> {
    const rows = await this.prisma.eventRegistration.findMany({
      where: { eventId, status: { in: [...statuses] } },
      orderBy: QUEUE_ORDER,
      select: { memberId: true },
    });
    return rows.map((r) => r.memberId);
  }

  async counts(eventIds: readonly number[]): Promise<Map<number, RegistrationCounts>> {
    const result = new Map<number, RegistrationCounts>(eventIds.map((id) => [id, { registered: 0, waitlisted: 0 }]));
    if (eventIds.length === 0) return result;
    const groups = await this.prisma.eventRegistration.groupBy({
      by: ["eventId", "status"],
      where: { eventId: { in: [...eventIds] }, status: { in: ACTIVE } },
      _count: { _all: true },
    });
    for (const g of groups) {
      const counts = result.get(g.eventId)!;
      if (g.status === "REGISTERED") counts.registered = g._count._all;
      else counts.waitlisted = g._count._all;
    }
    return result;
  }

  async registrationsOf(memberId: number, eventIds: readonly number[]): Promise<Map<number, RegistrationView>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.prisma.eventRegistration.findMany({ where: { memberId, eventId: { in: [...eventIds] } } });
    return new Map(rows.map((r) => [r.eventId, toRegistration(r)]));
  }

  /**
   * Scheduled events starting after `now`: those for `subjects` (or for every
   * subject) first, then, with `all`, the others; each part by start time.
   * Paged across both parts.
   */
  async upcoming(options: { now: Date; subjects: readonly string[]; all: boolean; limit: number; offset: number }): Promise<{ items: EventView[]; total: number }> {
    const base: Prisma.EventWhereInput = { status: "SCHEDULED", startsAt: { gt: options.now } };
    const orderBy = [{ startsAt: "asc" }, { id: "asc" }] as const satisfies Prisma.EventOrderByWithRelationInput[];
    if (options.subjects.length === 0) {
      const [rows, total] = await Promise.all([
        this.prisma.event.findMany({ where: base, orderBy, skip: options.offset, take: options.limit, include: viewInclude }),
        this.prisma.event.count({ where: base }),
      ]);
      return { items: rows.map(toView), total };
    }
    const forSubjects: Prisma.EventWhereInput = { OR: [{ subjectCodes: { hasSome: [...options.subjects] } }, { subjectCodes: { isEmpty: true } }] };
    const first: Prisma.EventWhereInput = { AND: [base, forSubjects] };
    const rest: Prisma.EventWhereInput = { AND: [base, { NOT: forSubjects }] };
    const [firstTotal, restTotal] = await Promise.all([
      this.prisma.event.count({ where: first }),
      options.all ? this.prisma.event.count({ where: rest }) : Promise.resolve(0),
    ]);
    const items: EventView[] = [];
    if (options.offset < firstTotal) {
      const rows = await this.prisma.event.findMany({ where: first, orderBy, skip: options.offset, take: options.limit, include: viewInclude });
      items.push(...rows.map(toView));
    }
    const remaining = options.limit - items.length;
    if (options.all && remaining > 0) {
      const rows = await this.prisma.event.findMany({
        where: rest,
        orderBy,
        skip: Math.max(0, options.offset - firstTotal),
        take: remaining,
        include: viewInclude,
      });
      items.push(...rows.map(toView));
    }
    return { items, total: firstTotal + restTotal };
  }

  /**
   * Scheduled events the member holds a place for that start between `from`
   * and `to` (both included), soonest first: what /checkin looks at. Queried
   * directly, so the number of other registrations does not matter.
   */
  async placedStartingBetween(memberId: number, from: Date, to: Date): Promise<EventView[]> {
    const rows = await this.prisma.event.findMany({
      where: { status: "SCHEDULED", startsAt: { gte: from, lte: to }, registrations: { some: { memberId, status: "REGISTERED" } } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 50,
      include: viewInclude,
    });
    return rows.map(toView);
  }

  /** Events a member holds a place for or waits for (any status of the event), newest start first. */
  async ofMember(memberId: number, limit: number): Promise<EventView[]> {
    const rows = await this.prisma.event.findMany({
      where: { registrations: { some: { memberId, status: { in: ACTIVE } } } },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take: limit,
      include: viewInclude,
    });
    return rows.map(toView);
  }

  /** Registrations of an event: places in queue order, then the waitlist, then cancellations. */
  async registrants(eventId: number): Promise<RegistrantView[]> {
    const rows = await this.prisma.eventRegistration.findMany({
      where: { eventId },
      orderBy: QUEUE_ORDER,
      include: { member: { select: { username: true, deletedAt: true, profile: { select: { fullName: true } } } } },
    });
    const rank: Record<EventRegistrationStatus, number> = { REGISTERED: 0, WAITLISTED: 1, CANCELLED: 2 };
    return rows
      .map((r) => ({
        memberId: r.memberId,
        name: r.member.deletedAt ? undefined : r.member.profile?.fullName,
        username: r.member.deletedAt ? null : r.member.username,
        status: r.status,
        registeredAt: r.createdAt,
        promotedAt: r.promotedAt,
        attendedAt: r.attendedAt,
      }))
      .sort((a, b) => rank[a.status] - rank[b.status]);
  }

  async feedbackSummary(eventId: number, comments: number): Promise<{ sum: number; count: number; comments: { score: number; comment: string; at: Date }[] }> {
    const [aggregate, rows] = await Promise.all([
      this.prisma.eventFeedback.aggregate({ where: { eventId }, _sum: { score: true }, _count: { _all: true } }),
      this.prisma.eventFeedback.findMany({
        where: { eventId, comment: { not: null } },
        orderBy: { updatedAt: "desc" },
        take: comments,
        select: { score: true, comment: true, updatedAt: true },
      }),
    ]);
    return {
      sum: aggregate._sum.score ?? 0,
      count: aggregate._count._all,
      comments: rows.map((r) => ({ score: r.score, comment: r.comment ?? "", at: r.updatedAt })),
    };
  }
}
