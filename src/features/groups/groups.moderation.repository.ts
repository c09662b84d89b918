import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { GroupReportStatus } from "../../generated/prisma/enums.js";

type Tx = Prisma.TransactionClient;

/** A moderator's private notice of a report: where it is, and in which language it was written. */
export interface ReportNotice {
  chatId: string;
  messageId: number;
  locale: string;
}

export interface ReportRow {
  id: number;
  groupId: number;
  messageId: number;
  targetTelegramId: bigint;
  targetMemberId: number | null;
  excerpt: string | null;
  status: GroupReportStatus;
  notices: ReportNotice[];
  decidedById: number | null;
}

function toReport(row: Prisma.GroupReportGetPayload<object>): ReportRow {
  return {
    id: row.id,
    groupId: row.groupId,
    messageId: row.messageId,
    targetTelegramId: row.targetTelegramId,
    targetMemberId: row.targetMemberId,
    excerpt: row.excerpt,
    status: row.status,
    notices: Array.isArray(row.notices) ? (row.notices as unknown as ReportNotice[]) : [],
    decidedById: row.decidedById,
  };
}

/** The groups slice's storage of warnings, the ban list and reports. */
export class GroupModerationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  async isBanned(telegramUserId: bigint): Promise<boolean> {
    const row = await this.prisma.groupBan.findUnique({ where: { telegramUserId }, select: { telegramUserId: true } });
    return row !== null;
  }

  /** A page of the ban list: Telegram ids above `after`, ascending (the cursor of `groups.ban-list`). */
  async bannedAfter(after: bigint, take: number): Promise<bigint[]> {
    const rows = await this.prisma.groupBan.findMany({
      where: { telegramUserId: { gt: after } },
      orderBy: { telegramUserId: "asc" },
      take,
      select: { telegramUserId: true },
    });
    return rows.map((r) => r.telegramUserId);
  }

  /** Adds a warning and returns how many are active (not expired) now, this one included. */
  async addWarning(
    tx: Tx,
    w: { telegramUserId: bigint; memberId: number | null; groupId: number; issuedById: number; reason: string | null; at: Date; expiresAt: Date },
  ): Promise<number> {
    await tx.groupWarning.create({
      data: {
        telegramUserId: w.telegramUserId,
        memberId: w.memberId,
        groupId: w.groupId,
        issuedById: w.issuedById,
        reason: w.reason,
        createdAt: w.at,
        expiresAt: w.expiresAt,
      },
    });
    return tx.groupWarning.count({ where: { telegramUserId: w.telegramUserId, expiresAt: { gt: w.at } } });
  }

  /** Puts a user on the ban list; false when they were on it already. */
  async addBan(tx: Tx, b: { telegramUserId: bigint; memberId: number | null; bannedById: number; reason: string | null }): Promise<boolean> {
    const result = await tx.groupBan.createMany({ data: [b], skipDuplicates: true });
    return result.count > 0;
  }

  /** Takes a user off the ban list; false when they were not on it. */
  async removeBan(tx: Tx, telegramUserId: bigint): Promise<boolean> {
    const result = await tx.groupBan.deleteMany({ where: { telegramUserId } });
    return result.count > 0;
  }

  /** Records a report; undefined when this message was reported already (one report per message). */
  async createReport(r: {
    groupId: number;
    messageId: number;
    threadId: number | null;
    reporterTelegramId: bigint;
    reporterMemberId: number | null;
    targetTelegramId: bigint;
    targetMemberId: number | null;
    excerpt: string | null;
  }): Promise<ReportRow | undefined> {
    try {
      return toReport(await this.prisma.groupReport.create({ data: r }));
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return undefined;
      throw err;
    }
  }

  async setReportNotices(id: number, notices: ReportNotice[]): Promise<void> {
    await this.prisma.groupReport.update({ where: { id }, data: { notices: notices as unknown as Prisma.InputJsonValue } });
  }

  async report(id: number): Promise<ReportRow | undefined> {
    const row = await this.prisma.groupReport.findUnique({ where: { id } });
    return row ? toReport(row) : undefined;
  }

  /** Decides an open report; false when another moderator decided it first. */
  async decideReport(tx: Tx, id: number, status: Exclude<GroupReportStatus, "OPEN">, decidedById: number, at: Date): Promise<boolean> {
    const result = await tx.groupReport.updateMany({ where: { id, status: "OPEN" }, data: { status, decidedById, decidedAt: at } });
    return result.count > 0;
  }
}
