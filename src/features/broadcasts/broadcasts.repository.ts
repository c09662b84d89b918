import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import { parseAudience, type BroadcastAudience, type BroadcastDraft, type BroadcastView } from "./broadcasts.types.js";

type Row = Prisma.BroadcastGetPayload<{ include: { author: { select: { username: true; profile: { select: { fullName: true } } } } } }>;
const include = { author: { select: { username: true, profile: { select: { fullName: true } } } } } as const;

function view(row: Row): BroadcastView {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.author.profile?.fullName ?? row.author.username ?? null,
    sourceChatId: row.sourceChatId,
    messageIds: row.messageIds,
    summary: row.summary,
    audience: parseAudience(row.audience),
    recipientCount: row.recipientCount,
    status: row.status,
    paid: row.paid,
    scheduledAt: row.scheduledAt,
    startedAt: row.startedAt,
    cursor: row.cursor,
    fannedOutAt: row.fannedOutAt,
    finishedAt: row.finishedAt,
    cancelledAt: row.cancelledAt,
    statusChatId: row.statusChatId,
    statusMessageId: row.statusMessageId,
    createdAt: row.createdAt,
  };
}

/**
 * The SQL condition of an audience over `members m JOIN profiles p`: registered,
 * reachable members matching every dimension given. Each dimension is a
 * parameter, never text pasted into the query.
 */
function audienceWhere(audience: BroadcastAudience): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`m.is_active AND m.telegram_id IS NOT NULL AND m.deleted_at IS NULL AND m.registered_at IS NOT NULL`];
  if (audience.subjects?.length) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM profile_subjects ps WHERE ps.member_id = m.id AND ps.subject_code = ANY(${audience.subjects}::varchar[]))`);
  }
  if (audience.grades?.length) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM profile_grades pg WHERE pg.member_id = m.id AND pg.grade_code = ANY(${audience.grades}::varchar[]))`);
  }
  if (audience.regions?.length) parts.push(Prisma.sql`p.region_code = ANY(${audience.regions}::varchar[])`);
  if (audience.roles?.length) parts.push(Prisma.sql`p.professional_role::text = ANY(${audience.roles}::text[])`);
  if (audience.eventId !== undefined) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = ${audience.eventId} AND r.member_id = m.id AND r.status IN ('REGISTERED', 'WAITLISTED'))`,
    );
  }
  return Prisma.join(parts, " AND ");
}

/** The only place that reads and writes broadcasts. */
export class BroadcastsRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit: AuditRepository,
  ) {}

  /** How many members the audience reaches right now. */
  async countAudience(audience: BroadcastAudience): Promise<number> {
    const rows = await this.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM members m JOIN profiles p ON p.member_id = m.id WHERE ${audienceWhere(audience)}`;
    return Number(rows[0]?.n ?? 0);
  }

  /** The next `limit` recipients after member id `cursor`, in id order (the fan-out's page). */
  async audiencePage(audience: BroadcastAudience, cursor: number, limit: number): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<Array<{ id: number }>>`
      SELECT m.id FROM members m JOIN profiles p ON p.member_id = m.id
       WHERE m.id > ${cursor} AND ${audienceWhere(audience)}
       ORDER BY m.id LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }

  /** Records a broadcast and its audit entry in one transaction. */
  async create(authorId: number, draft: BroadcastDraft & { recipientCount: number; paid: boolean; scheduledAt: Date; scheduled: boolean }): Promise<BroadcastView> {
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.broadcast.create({
        data: {
          authorId,
          sourceChatId: draft.sourceChatId,
          messageIds: draft.messageIds,
          summary: draft.summary,
          audience: draft.audience as Prisma.InputJsonValue,
          recipientCount: draft.recipientCount,
          status: "SCHEDULED",
          paid: draft.paid,
          scheduledAt: draft.scheduledAt,
        },
        include,
      });
      await this.audit.record(
        {
          actorId: authorId,
          action: "broadcast.create",
          details: { broadcastId: created.id, recipients: draft.recipientCount, scheduled: draft.scheduled, audience: draft.audience as Prisma.InputJsonValue },
        },
        tx,
      );
      return created;
    });
    return view(row);
  }

  async find(id: number): Promise<BroadcastView | undefined> {
    const row = await this.prisma.broadcast.findUnique({ where: { id }, include });
    return row ? view(row) : undefined;
  }

  /** A broadcast of this message that is not cancelled (so the same message is not sent twice by mistake). */
  async findActiveOf(sourceChatId: bigint, firstMessageId: number): Promise<number | undefined> {
    const row = await this.prisma.broadcast.findFirst({
      where: { sourceChatId, messageIds: { has: firstMessageId }, status: { not: "CANCELLED" } },
      select: { id: true },
    });
    return row?.id;
  }

  async page(page: number, pageSize: number): Promise<{ items: BroadcastView[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.broadcast.findMany({ orderBy: { id: "desc" }, skip: page * pageSize, take: pageSize, include }),
      this.prisma.broadcast.count(),
    ]);
    return { items: rows.map(view), total };
  }

  async setStatusMessage(id: number, chatId: bigint, messageId: number): Promise<void> {
    await this.prisma.broadcast.update({ where: { id }, data: { statusChatId: chatId, statusMessageId: messageId } });
  }

  /** SCHEDULED → SENDING; false when it was not SCHEDULED (cancelled, or already started by another run). */
  async start(id: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.broadcast.updateMany({ where: { id, status: "SCHEDULED" }, data: { status: "SENDING", startedAt: at } });
    return count === 1;
  }

  /** Moves the fan-out's cursor forward (never back), while the broadcast is still SENDING. */
  async advanceCursor(id: number, cursor: number): Promise<boolean> {
    const { count } = await this.prisma.broadcast.updateMany({ where: { id, status: "SENDING", cursor: { lt: cursor } }, data: { cursor } });
    return count === 1;
  }

  async markFannedOut(id: number, at: Date): Promise<void> {
    await this.prisma.broadcast.updateMany({ where: { id, status: "SENDING", fannedOutAt: null }, data: { fannedOutAt: at } });
  }

  /**
   * Records the end, once: SENDING becomes DONE, a CANCELLED broadcast gets
   * its finish time. True for the one caller that did it (who sends the final report).
   */
  async finish(id: number, at: Date): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<Array<{ id: number }>>`
      UPDATE broadcasts
         SET status = CASE WHEN status = 'SENDING' THEN 'DONE'::"BroadcastStatus" ELSE status END,
             finished_at = ${at}, updated_at = now()
       WHERE id = ${id} AND finished_at IS NULL AND status IN ('SENDING', 'CANCELLED')
      RETURNING id`;
    return rows.length === 1;
  }

  /** SCHEDULED or SENDING → CANCELLED, with its audit entry; the status it had, or undefined when it could not be cancelled. */
  async cancel(id: number, actorId: number, at: Date): Promise<"SCHEDULED" | "SENDING" | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ previous: "SCHEDULED" | "SENDING" }>>`
        UPDATE broadcasts b SET status = 'CANCELLED', cancelled_at = ${at}, cancelled_by_id = ${actorId}, updated_at = now()
          FROM (SELECT id, status FROM broadcasts WHERE id = ${id} FOR UPDATE) old
         WHERE b.id = old.id AND old.status IN ('SCHEDULED', 'SENDING')
        RETURNING old.status::text AS previous`;
      const previous = rows[0]?.previous;
      if (previous) await this.audit.record({ actorId, action: "broadcast.cancel", details: { broadcastId: id, previous } }, tx);
      return previous;
    });
  }

  /** Broadcasts that should be running but whose fan-out may be lost: due SCHEDULED ones and SENDING ones not fanned out. */
  async needingFanout(now: Date): Promise<number[]> {
    const rows = await this.prisma.broadcast.findMany({
      where: {
        OR: [
          { status: "SCHEDULED", scheduledAt: { lte: now } },
          { status: "SENDING", fannedOutAt: null },
        ],
      },
      select: { id: true },
      take: 100,
    });
    return rows.map((r) => r.id);
  }

  /** SENDING, or CANCELLED without a final report yet: their progress chain should be alive. */
  async unfinished(): Promise<number[]> {
    const rows = await this.prisma.broadcast.findMany({
      where: { finishedAt: null, status: { in: ["SENDING", "CANCELLED"] }, startedAt: { not: null } },
      select: { id: true },
      take: 100,
    });
    return rows.map((r) => r.id);
  }
}
