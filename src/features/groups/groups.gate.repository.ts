import type { GroupJoinRequestStatus } from "../../generated/prisma/enums.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

/** A moderator's private notice of a manual request (GroupJoinRequest.notices). */
export interface JoinNotice {
  chatId: number;
  messageId: number;
}

/** A join request as the gate works with it. */
export interface JoinRequestRow {
  id: number;
  groupId: number;
  telegramUserId: bigint;
  userChatId: bigint;
  memberId: number | null;
  status: GroupJoinRequestStatus;
  notices: JoinNotice[];
  decidedById: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** What the gate needs to know of a requester: one query, on the raid's path. */
export interface Requester {
  memberId: number | null;
  /** Registered, consented, active and not erased. */
  eligible: boolean;
  banned: boolean;
}

interface RawRow {
  id: number;
  groupId: number;
  telegramUserId: bigint;
  userChatId: bigint;
  memberId: number | null;
  status: GroupJoinRequestStatus;
  notices: unknown;
  decidedById: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const COLUMNS = `id, group_id AS "groupId", telegram_user_id AS "telegramUserId", user_chat_id AS "userChatId", member_id AS "memberId",
  status::text AS status, notices, decided_by_id AS "decidedById", created_at AS "createdAt", decided_at AS "decidedAt"`;

function parseNotices(raw: unknown): JoinNotice[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((n: unknown) => {
    const o = n as Partial<JoinNotice> | null;
    return o && typeof o.chatId === "number" && typeof o.messageId === "number" ? [{ chatId: o.chatId, messageId: o.messageId }] : [];
  });
}

const toRow = (r: RawRow): JoinRequestRow => ({ ...r, notices: parseNotices(r.notices) });

/** The gate's storage: join requests (group_join_requests) and reads of the ban list and of members. */
export class GateRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Whether the user may join a REGISTERED group and whether they are banned, in one round trip. */
  async requester(telegramUserId: bigint): Promise<Requester> {
    const rows = await this.prisma.$queryRaw<{ memberId: number | null; eligible: boolean | null; banned: boolean }[]>`
      SELECT m.id AS "memberId",
             (m.registered_at IS NOT NULL AND m.consent_status = 'GIVEN' AND m.is_active AND m.deleted_at IS NULL) AS eligible,
             EXISTS (SELECT 1 FROM group_bans b WHERE b.telegram_user_id = ${telegramUserId}) AS banned
      FROM (SELECT 1) one LEFT JOIN members m ON m.telegram_id = ${telegramUserId}`;
    const row = rows[0]!;
    return { memberId: row.memberId, eligible: row.eligible === true, banned: row.banned };
  }

  /**
   * Records a request as PENDING: a new one, or again after a decided one (the
   * user asks once more). A request still pending keeps its time (the 48 hours
   * run from the first) and its moderators' notices. Returns the row and
   * whether it was pending already (the same request delivered again).
   */
  async upsertPending(input: {
    groupId: number;
    telegramUserId: bigint;
    userChatId: bigint;
    memberId: number | null;
    at: Date;
  }): Promise<{ row: JoinRequestRow; wasPending: boolean }> {
    const { groupId, telegramUserId, userChatId, memberId, at } = input;
    const rows = await this.prisma.$queryRawUnsafe<(RawRow & { previous: string | null })[]>(
      `WITH prev AS (SELECT status FROM group_join_requests WHERE group_id = $1 AND telegram_user_id = $2),
       up AS (
         INSERT INTO group_join_requests (group_id, telegram_user_id, user_chat_id, member_id, status, created_at)
         VALUES ($1, $2, $3, $4, 'PENDING', $5)
         ON CONFLICT (group_id, telegram_user_id) DO UPDATE SET
           user_chat_id = EXCLUDED.user_chat_id,
           member_id = EXCLUDED.member_id,
           created_at = CASE WHEN group_join_requests.status = 'PENDING' THEN group_join_requests.created_at ELSE EXCLUDED.created_at END,
           notices = CASE WHEN group_join_requests.status = 'PENDING' THEN group_join_requests.notices ELSE NULL END,
           status = 'PENDING', decided_at = NULL, decided_by_id = NULL, confirmed_at = NULL
         RETURNING ${COLUMNS})
       SELECT up.*, (SELECT status::text FROM prev) AS previous FROM up`,
      groupId,
      telegramUserId,
      userChatId,
      memberId,
      at,
    );
    const { previous, ...row } = rows[0]!;
    return { row: toRow(row), wasPending: previous === "PENDING" };
  }

  /**
   * The atomic claim: PENDING → `status`, by one caller only. Undefined when
   * the request is no longer pending (someone else decided it first).
   */
  async claim(
    id: number,
    status: "APPROVED" | "DECLINED",
    decidedById: number | null,
    at: Date,
    /** Written in the claim's transaction when the claim succeeds (a moderator's decision is audited with it). */
    audit?: (tx: Prisma.TransactionClient, row: JoinRequestRow) => Promise<unknown>,
  ): Promise<JoinRequestRow | undefined> {
    const run = async (db: Prisma.TransactionClient | PrismaClient): Promise<JoinRequestRow | undefined> => {
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `UPDATE group_join_requests SET status = $2::"GroupJoinRequestStatus", decided_by_id = $3, decided_at = $4
         WHERE id = $1 AND status = 'PENDING' RETURNING ${COLUMNS}`,
        id,
        status,
        decidedById,
        at,
      );
      return rows[0] ? toRow(rows[0]) : undefined;
    };
    if (!audit) return run(this.prisma);
    return this.prisma.$transaction(async (tx) => {
      const row = await run(tx);
      if (row) await audit(tx, row);
      return row;
    });
  }

  /** Telegram carried out the claimed decision (or had nothing left to decide). */
  async confirm(id: number, at: Date): Promise<void> {
    await this.prisma.$executeRawUnsafe(`UPDATE group_join_requests SET confirmed_at = $2 WHERE id = $1 AND status <> 'PENDING'`, id, at);
  }

  /**
   * Decisions claimed before `before` and never confirmed: the process died
   * between the claim and Telegram's answer (or PostgreSQL failed right after).
   */
  async unconfirmed(before: Date, afterId: number, limit: number): Promise<JoinRequestRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `SELECT ${COLUMNS} FROM group_join_requests
       WHERE confirmed_at IS NULL AND status <> 'PENDING' AND decided_at < $1 AND id > $2 ORDER BY id LIMIT $3`,
      before,
      afterId,
      limit,
    );
    return rows.map(toRow);
  }

  /**
   * Requests pending since before `before` that should have been approved (an
   * eligible member in a REGISTERED group, anyone not banned in an ANYONE
   * group): their approval failed for a passing reason and was released.
   */
  async approvable(before: Date, limit: number): Promise<JoinRequestRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `SELECT r.id, r.group_id AS "groupId", r.telegram_user_id AS "telegramUserId", r.user_chat_id AS "userChatId", r.member_id AS "memberId",
              r.status::text AS status, r.notices, r.decided_by_id AS "decidedById", r.created_at AS "createdAt", r.decided_at AS "decidedAt"
       FROM group_join_requests r
       JOIN groups g ON g.id = r.group_id
       LEFT JOIN members m ON m.telegram_id = r.telegram_user_id
       WHERE r.status = 'PENDING' AND r.created_at < $1 AND g.linked_at IS NOT NULL AND g.is_active
         AND (g.join_policy = 'ANYONE' OR (g.join_policy = 'REGISTERED' AND m.registered_at IS NOT NULL
              AND m.consent_status = 'GIVEN' AND m.is_active AND m.deleted_at IS NULL))
         AND NOT EXISTS (SELECT 1 FROM group_bans b WHERE b.telegram_user_id = r.telegram_user_id)
       ORDER BY r.id LIMIT $2`,
      before,
      limit,
    );
    return rows.map(toRow);
  }

  /** Undoes a claim whose Telegram call failed (only that claim: same status and time). */
  async release(id: number, status: "APPROVED" | "DECLINED", at: Date): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      `UPDATE group_join_requests SET status = 'PENDING', decided_by_id = NULL, decided_at = NULL
       WHERE id = $1 AND status = $2::"GroupJoinRequestStatus" AND decided_at = $3`,
      id,
      status,
      at,
    );
  }

  /**
   * Claims up to `limit` requests pending since before `before` (id order,
   * after `afterId`) as DECLINED in one statement; rows locked by another
   * sweep are skipped, so two sweeps never decide the same request.
   */
  async claimExpired(before: Date, afterId: number, limit: number, at: Date): Promise<JoinRequestRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `UPDATE group_join_requests SET status = 'DECLINED', decided_at = $4, decided_by_id = NULL
       WHERE id IN (SELECT id FROM group_join_requests WHERE status = 'PENDING' AND created_at < $1 AND id > $2
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      before,
      afterId,
      limit,
      at,
    );
    return rows.map(toRow).sort((a, b) => a.id - b.id);
  }

  async find(id: number): Promise<JoinRequestRow | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(`SELECT ${COLUMNS} FROM group_join_requests WHERE id = $1`, id);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async findByGroupAndUser(groupId: number, telegramUserId: bigint): Promise<JoinRequestRow | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `SELECT ${COLUMNS} FROM group_join_requests WHERE group_id = $1 AND telegram_user_id = $2`,
      groupId,
      telegramUserId,
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** A user's pending requests (approved when they finish registering). */
  async pendingOf(telegramUserId: bigint): Promise<JoinRequestRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `SELECT ${COLUMNS} FROM group_join_requests WHERE telegram_user_id = $1 AND status = 'PENDING' ORDER BY id`,
      telegramUserId,
    );
    return rows.map(toRow);
  }

  async setNotices(id: number, notices: JoinNotice[]): Promise<void> {
    await this.prisma.groupJoinRequest.update({ where: { id }, data: { notices: notices.map((n) => ({ chatId: n.chatId, messageId: n.messageId })) } });
  }

  async setMember(ids: number[], memberId: number): Promise<void> {
    if (ids.length) await this.prisma.groupJoinRequest.updateMany({ where: { id: { in: ids } }, data: { memberId } });
  }
}
