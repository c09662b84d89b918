import type { PrismaClient } from "../../generated/prisma/client.js";
import type { GroupAnnouncementStatus } from "../../generated/prisma/enums.js";

/** What a group announcement is about: "material", "event", or a kind a later slice registered (groups.announce.kinds.ts). */
export type AnnouncementKind = string;

export interface AnnouncementRow {
  id: number;
  groupId: number;
  kind: AnnouncementKind;
  refId: number;
  threadId: number | null;
  messageId: number | null;
  status: GroupAnnouncementStatus;
  sentAt: Date | null;
  createdAt: Date;
}

const SELECT = { id: true, groupId: true, kind: true, refId: true, threadId: true, messageId: true, status: true, sentAt: true, createdAt: true } as const;

/** The storage of group announcements (group_announcements): PostgreSQL is their record, Redis only holds the jobs. */
export class GroupAnnouncementsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Records PENDING announcements of (kind, refId) in these groups; returns the groups that got a new one (unique group+kind+ref). */
  async addPending(kind: AnnouncementKind, refId: number, groupIds: readonly number[]): Promise<number[]> {
    if (groupIds.length === 0) return [];
    const created = await this.prisma.groupAnnouncement.createManyAndReturn({
      data: groupIds.map((groupId) => ({ groupId, kind, refId })),
      skipDuplicates: true,
      select: { groupId: true },
    });
    return created.map((c) => c.groupId);
  }

  /** The PENDING announcements of a group, oldest first. */
  async pending(groupId: number): Promise<AnnouncementRow[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({ where: { groupId, status: "PENDING" }, orderBy: { id: "asc" }, select: SELECT });
    return rows;
  }

  /** The SENT announcements a post carries (one, or several in a combined post), oldest first. */
  async post(groupId: number, messageId: number): Promise<AnnouncementRow[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({ where: { groupId, messageId, status: "SENT" }, orderBy: { id: "asc" }, select: SELECT });
    return rows;
  }

  /** The oldest PENDING announcement of each group that has one recorded before `before` (the sweep). */
  async stuck(before: Date, limit = 1_000): Promise<AnnouncementRow[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({
      where: { status: "PENDING", createdAt: { lt: before } },
      distinct: ["groupId"],
      orderBy: [{ groupId: "asc" }, { id: "asc" }],
      take: limit,
      select: SELECT,
    });
    return rows;
  }

  /** Groups with PENDING announcements (the reconciler). */
  async groupsWithPending(): Promise<number[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({ where: { status: "PENDING" }, distinct: ["groupId"], select: { groupId: true } });
    return rows.map((r) => r.groupId);
  }

  /**
   * SENT announcements of materials no longer in the library and of cancelled events: their
   * withdrawal job was lost (the reconciler). Reads the materials and events tables by id only.
   */
  async orphaned(limit = 1_000): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT a.id FROM group_announcements a JOIN materials m ON m.id = a.ref_id
       WHERE a.kind = 'material' AND a.status = 'SENT' AND (m.status <> 'APPROVED' OR m.hidden_at IS NOT NULL OR m.deleted_at IS NOT NULL)
      UNION ALL
      SELECT a.id FROM group_announcements a JOIN events e ON e.id = a.ref_id
       WHERE a.kind = 'event' AND a.status = 'SENT' AND e.status = 'CANCELLED'
      LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }

  /** Refs of `kind` with a SENT announcement in some group (the reconciler asks the kind which of them are gone). */
  async sentRefs(kind: AnnouncementKind, limit = 1_000): Promise<number[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({
      where: { kind, status: "SENT" },
      distinct: ["refId"],
      orderBy: { refId: "asc" },
      take: limit,
      select: { refId: true },
    });
    return rows.map((r) => r.refId);
  }

  async find(id: number): Promise<AnnouncementRow | undefined> {
    const row = await this.prisma.groupAnnouncement.findUnique({ where: { id }, select: SELECT });
    return row ?? undefined;
  }

  /** Announcements of (kind, refId) still PENDING or SENT, in every group. */
  async live(kind: AnnouncementKind, refId: number): Promise<AnnouncementRow[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({ where: { kind, refId, status: { in: ["PENDING", "SENT"] } }, orderBy: { id: "asc" }, select: SELECT });
    return rows;
  }

  /** The other SENT announcements sharing a post (a combined post), oldest first. */
  async samePost(groupId: number, messageId: number, exceptId: number): Promise<AnnouncementRow[]> {
    const rows = await this.prisma.groupAnnouncement.findMany({
      where: { groupId, messageId, status: "SENT", id: { not: exceptId } },
      orderBy: { id: "asc" },
      select: SELECT,
    });
    return rows;
  }

  /** Records a post: these PENDING announcements are SENT as `messageId`. */
  async markSent(ids: readonly number[], messageId: number, threadId: number | null, at: Date): Promise<void> {
    await this.prisma.groupAnnouncement.updateMany({ where: { id: { in: [...ids] }, status: "PENDING" }, data: { status: "SENT", messageId, threadId, sentAt: at } });
  }

  /** Final states: DELETED (withdrawn, or no longer applies) or FAILED (the group refused it). */
  async finish(ids: readonly number[], status: "DELETED" | "FAILED", from: readonly GroupAnnouncementStatus[] = ["PENDING"]): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.groupAnnouncement.updateMany({ where: { id: { in: [...ids] }, status: { in: [...from] } }, data: { status } });
  }

  /**
   * Where a material was announced (the first group, by id; only SENT posts of active groups): one query,
   * it runs on every card.
   */
  async firstPost(kind: AnnouncementKind, refId: number): Promise<{ messageId: number; threadId: number | null; chatId: bigint; username: string | null } | undefined> {
    const row = await this.prisma.groupAnnouncement.findFirst({
      where: { kind, refId, status: "SENT", messageId: { not: null }, group: { isActive: true, linkedAt: { not: null } } },
      orderBy: { id: "asc" },
      select: { messageId: true, threadId: true, group: { select: { chatId: true, username: true } } },
    });
    return row?.messageId ? { messageId: row.messageId, threadId: row.threadId, chatId: row.group.chatId, username: row.group.username } : undefined;
  }
}
