import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { MaterialType } from "../../generated/prisma/enums.js";
import type { DigestFrequency } from "./digests.time.js";

type Db = PrismaClient | Prisma.TransactionClient;

/** A member's digest settings as stored. Empty code lists mean "as in my profile". */
export interface SubscriptionRow {
  memberId: number;
  frequency: DigestFrequency;
  subjectCodes: string[];
  gradeCodes: string[];
  /** End of the window of the last digest handled (sent or found empty). */
  lastDigestAt: Date | null;
  /** NULL when off. */
  nextDueAt: Date | null;
}

/** A subscription whose digest is due, with what the tick needs of its member. */
export interface DueSubscription extends SubscriptionRow {
  nextDueAt: Date;
  /** The profile's zone (NULL when the profile is gone). */
  timezone: string | null;
  isActive: boolean;
  /** Erased (/forgetme) or no longer registered: the row should not exist. */
  erased: boolean;
}

/** What the tick decided for one due subscription. */
export type DueDecision = { memberId: number; lastDigestAt: Date; nextDueAt: Date } | { memberId: number; remove: true };

/** The content window of one member's digest. */
export interface MemberWindow {
  memberId: number;
  from: Date;
  to: Date;
}

export interface DigestMaterial {
  id: number;
  title: string;
  subjectCode: string;
  gradeCodes: string[];
  type: MaterialType;
}

export interface DigestEvent {
  id: number;
  title: string;
  startsAt: Date;
}

/** A digest's content: the first items of each kind and how many there are in all. */
export interface DigestContent {
  materials: DigestMaterial[];
  materialCount: number;
  events: DigestEvent[];
  eventCount: number;
}

/** Who is adopted into the default subscription (and who may keep one). */
const ELIGIBLE = Prisma.sql`m.registered_at IS NOT NULL AND m.deleted_at IS NULL AND m.telegram_id IS NOT NULL
  AND m.consent_status = 'GIVEN' AND m.is_active`;

const SUBSCRIPTION_COLUMNS = Prisma.sql`s.member_id AS "memberId", s.frequency::text AS frequency, s.subject_codes AS "subjectCodes",
  s.grade_codes AS "gradeCodes", s.last_digest_at AS "lastDigestAt", s.next_due_at AS "nextDueAt"`;

/**
 * Each member's window with the subjects and grades their digest follows:
 * the subscription's own lists, or the profile's where those are empty.
 * `windows` must yield (member_id, from_at, to_at).
 */
function effective(windows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT w.member_id, w.from_at, w.to_at,
           CASE WHEN cardinality(s.subject_codes) > 0 THEN s.subject_codes
                ELSE ARRAY(SELECT ps.subject_code FROM profile_subjects ps WHERE ps.member_id = w.member_id) END AS subjects,
           CASE WHEN cardinality(s.grade_codes) > 0 THEN s.grade_codes
                ELSE ARRAY(SELECT pg.grade_code FROM profile_grades pg WHERE pg.member_id = w.member_id) END AS grades
      FROM (${windows}) w JOIN digest_subscriptions s ON s.member_id = w.member_id`;
}

/**
 * The one definition of "a material for this digest" (`m` a material, `e` a
 * row of effective()): approved and visible, published in the window, in one
 * of the subjects, for one of the grades (a material or member without grades
 * matches any), and not the member's own.
 */
const MATERIAL_MATCH = Prisma.sql`m.status = 'APPROVED' AND m.hidden_at IS NULL AND m.deleted_at IS NULL
  AND m.published_at >= e.from_at AND m.published_at < e.to_at
  AND m.subject_code = ANY(e.subjects)
  AND (cardinality(e.grades) = 0 OR cardinality(m.grade_codes) = 0 OR m.grade_codes && e.grades)
  AND m.author_id <> e.member_id`;

/**
 * The one definition of "an event for this digest" (`ev` an event): created
 * in the window, still scheduled and not started at `now`, for one of the
 * subjects (an event without subjects is for everyone), not the member's own.
 */
function eventMatch(now: Date): Prisma.Sql {
  return Prisma.sql`ev.status = 'SCHEDULED' AND ev.starts_at > ${now}
    AND ev.created_at >= e.from_at AND ev.created_at < e.to_at
    AND (cardinality(ev.subject_codes) = 0 OR ev.subject_codes && e.subjects)
    AND ev.organiser_id <> e.member_id`;
}

function windowsSql(windows: readonly MemberWindow[]): Prisma.Sql {
  const ids = windows.map((w) => w.memberId);
  const froms = windows.map((w) => w.from.toISOString());
  const tos = windows.map((w) => w.to.toISOString());
  return Prisma.sql`SELECT * FROM unnest(${ids}::int[], ${froms}::timestamptz[], ${tos}::timestamptz[]) AS w(member_id, from_at, to_at)`;
}

/** The only place that reads and writes digest subscriptions. */
export class DigestsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(memberId: number, db: Db = this.prisma): Promise<SubscriptionRow | undefined> {
    const rows = await db.$queryRaw<SubscriptionRow[]>`SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions s WHERE s.member_id = ${memberId}`;
    return rows[0];
  }

  /** Creates the default subscription (weekly, as in the profile) unless the member has one; returns the row. */
  async ensure(memberId: number, nextDueAt: Date): Promise<SubscriptionRow> {
    await this.prisma.$executeRaw`
      INSERT INTO digest_subscriptions (member_id, frequency, subject_codes, grade_codes, next_due_at, created_at, updated_at)
      VALUES (${memberId}, 'WEEKLY', '{}', '{}', ${nextDueAt}, now(), now())
      ON CONFLICT (member_id) DO NOTHING`;
    const row = await this.find(memberId);
    if (!row) throw new Error(`Digest subscription of member ${memberId} vanished`);
    return row;
  }

  /**
   * Changes a subscription under its row lock (a tick working on it finishes
   * first): `change` sees the current row and returns the new values, or
   * undefined to leave it. Returns the row as stored afterwards.
   */
  async update(memberId: number, change: (row: SubscriptionRow) => Partial<Omit<SubscriptionRow, "memberId">> | undefined): Promise<SubscriptionRow | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<SubscriptionRow[]>`
        SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions s WHERE s.member_id = ${memberId} FOR UPDATE`;
      const row = locked[0];
      if (!row) return undefined;
      const patch = change(row);
      if (!patch) return row;
      await tx.digestSubscription.update({ where: { memberId }, data: patch });
      return { ...row, ...patch };
    });
  }

  /** Removes a member's subscription (erasure). */
  async remove(memberId: number): Promise<void> {
    await this.prisma.digestSubscription.deleteMany({ where: { memberId } });
  }

  /**
   * Eligible members who have no subscription yet, with their profile zone.
   * A read-only anti-join (about 0.1 s at 100,000 members): the tick runs it
   * every minute, and in the steady state it finds nobody.
   */
  async unadopted(): Promise<Array<{ memberId: number; timezone: string }>> {
    return this.prisma.$queryRaw<Array<{ memberId: number; timezone: string }>>`
      SELECT m.id AS "memberId", p.timezone FROM members m JOIN profiles p ON p.member_id = m.id
       WHERE ${ELIGIBLE} AND NOT EXISTS (SELECT 1 FROM digest_subscriptions s WHERE s.member_id = m.id)
       ORDER BY m.id`;
  }

  /**
   * Gives these members the default subscription (weekly, as in the profile)
   * due at `nextDueAt`, in one statement; one who got a subscription (or was
   * erased) meanwhile is left alone. Returns how many were adopted.
   *
   * The ids come from unadopted() rather than an INSERT … SELECT … NOT EXISTS
   * on the table being filled: on an empty table the planner picks a nested
   * loop whose inner scan walks every row inserted so far (quadratic: 3 minutes
   * for 100,000 members, against 2 s this way).
   */
  async adopt(members: ReadonlyArray<{ memberId: number; nextDueAt: Date }>): Promise<number> {
    if (members.length === 0) return 0;
    return this.prisma.$executeRaw`
      INSERT INTO digest_subscriptions (member_id, frequency, subject_codes, grade_codes, next_due_at, created_at, updated_at)
      SELECT m.id, 'WEEKLY', '{}', '{}', a.due, now(), now()
        FROM unnest(${members.map((a) => a.memberId)}::int[], ${members.map((a) => a.nextDueAt.toISOString())}::timestamptz[]) AS a(member_id, due)
        JOIN members m ON m.id = a.member_id
       WHERE ${ELIGIBLE}
      ON CONFLICT (member_id) DO NOTHING`;
  }

  /**
   * Takes up to `limit` subscriptions due at `now` (earliest first) and locks
   * them for one transaction (SKIP LOCKED: a tick running at the same time
   * takes others); `decide` enqueues their digests and says how to advance
   * each, and the decisions are written in the same transaction. A crash
   * before the commit leaves them due, so the next tick decides again (and
   * enqueues the same deliveries, which the deliveries table does not repeat).
   * Returns how many were taken.
   */
  async processDue(now: Date, limit: number, decide: (due: DueSubscription[], db: Db) => Promise<DueDecision[]>): Promise<number> {
    return this.prisma.$transaction(
      async (tx) => {
        const due = await tx.$queryRaw<DueSubscription[]>`
          SELECT ${SUBSCRIPTION_COLUMNS}, p.timezone, m.is_active AS "isActive",
                 (m.deleted_at IS NOT NULL OR m.registered_at IS NULL OR m.telegram_id IS NULL) AS erased
            FROM digest_subscriptions s
            JOIN members m ON m.id = s.member_id
            LEFT JOIN profiles p ON p.member_id = s.member_id
           WHERE s.next_due_at <= ${now} AND s.frequency <> 'OFF'
           ORDER BY s.next_due_at, s.member_id
           LIMIT ${limit}
             FOR UPDATE OF s SKIP LOCKED`;
        if (due.length === 0) return 0;
        const decisions = await decide(due, tx);
        const advance = decisions.filter((d): d is Extract<DueDecision, { nextDueAt: Date }> => "nextDueAt" in d);
        const remove = decisions.filter((d) => "remove" in d).map((d) => d.memberId);
        if (advance.length > 0) {
          await tx.$executeRaw`
            UPDATE digest_subscriptions s
               SET last_digest_at = u.last_at, next_due_at = u.due, updated_at = now()
              FROM unnest(${advance.map((d) => d.memberId)}::int[], ${advance.map((d) => d.lastDigestAt.toISOString())}::timestamptz[],
                          ${advance.map((d) => d.nextDueAt.toISOString())}::timestamptz[]) AS u(member_id, last_at, due)
             WHERE s.member_id = u.member_id`;
        }
        if (remove.length > 0) await tx.$executeRaw`DELETE FROM digest_subscriptions WHERE member_id = ANY(${remove}::int[])`;
        return due.length;
      },
      // The batch's deliveries are queued inside (a few hundred rows and one addBulk each).
      { maxWait: 10_000, timeout: 120_000 },
    );
  }

  /** Which of these members have anything for a digest in their window. */
  async withContent(windows: readonly MemberWindow[], now: Date, db: Db = this.prisma): Promise<Set<number>> {
    if (windows.length === 0) return new Set();
    const rows = await db.$queryRaw<Array<{ memberId: number }>>`
      WITH e AS (${effective(windowsSql(windows))})
      SELECT e.member_id AS "memberId" FROM e
       WHERE EXISTS (SELECT 1 FROM materials m WHERE ${MATERIAL_MATCH})
          OR EXISTS (SELECT 1 FROM events ev WHERE ${eventMatch(now)})`;
    return new Set(rows.map((r) => r.memberId));
  }

  /** One member's digest: the newest materials and the soonest events of the window, with totals. */
  async content(window: MemberWindow, now: Date, limits: { materials: number; events: number }): Promise<DigestContent> {
    const e = effective(windowsSql([window]));
    const [materials, events] = await Promise.all([
      this.prisma.$queryRaw<Array<DigestMaterial & { total: bigint }>>`
        WITH e AS (${e})
        SELECT m.id, m.title, m.subject_code AS "subjectCode", m.grade_codes AS "gradeCodes", m.type::text AS type, count(*) OVER () AS total
          FROM materials m, e WHERE ${MATERIAL_MATCH}
         ORDER BY m.published_at DESC, m.id DESC
         LIMIT ${limits.materials}`,
      this.prisma.$queryRaw<Array<DigestEvent & { total: bigint }>>`
        WITH e AS (${e})
        SELECT ev.id, ev.title, ev.starts_at AS "startsAt", count(*) OVER () AS total
          FROM events ev, e WHERE ${eventMatch(now)}
         ORDER BY ev.starts_at, ev.id
         LIMIT ${limits.events}`,
    ]);
    return {
      materials: materials.map(({ total: _, ...m }) => m),
      materialCount: Number(materials[0]?.total ?? 0),
      events: events.map(({ total: _, ...ev }) => ev),
      eventCount: Number(events[0]?.total ?? 0),
    };
  }
}
