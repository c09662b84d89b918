import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { GroupStat, GroupView, TelegramGroupChat } from "./groups.types.js";

const GROUP_INCLUDE = { subjects: { select: { subjectCode: true } } } as const;
type GroupRow = Prisma.GroupGetPayload<{ include: typeof GROUP_INCLUDE }>;

export function toGroupView(row: GroupRow): GroupView {
  return {
    id: row.id,
    chatId: row.chatId,
    title: row.title,
    username: row.username,
    chatType: row.chatType,
    isForum: row.isForum,
    isActive: row.isActive,
    missingRights: row.missingRights,
    linked: row.linkedAt !== null,
    isGeneral: row.isGeneral,
    subjects: row.subjects.map((s) => s.subjectCode).sort(),
    locale: row.locale,
    joinPolicy: row.joinPolicy,
    inviteLink: row.inviteLink,
    newcomerHours: row.newcomerHours,
    flood: { messages: row.floodMessages, seconds: row.floodSeconds, muteMinutes: row.floodMuteMinutes },
    welcome: row.welcome,
    announceMaterials: row.announceMaterials,
    announceEvents: row.announceEvents,
    threads: { materials: row.materialsThreadId, events: row.eventsThreadId, questions: row.questionsThreadId },
    rulesMessageId: row.rulesMessageId,
  };
}

/** Settings an admin edits in /groupsettings (and the bot's own bookkeeping of topics and links). */
export type GroupSettingsPatch = Partial<
  Pick<
    Prisma.GroupUncheckedUpdateInput,
    | "locale"
    | "joinPolicy"
    | "inviteLink"
    | "newcomerHours"
    | "floodMessages"
    | "floodSeconds"
    | "floodMuteMinutes"
    | "welcome"
    | "announceMaterials"
    | "announceEvents"
    | "materialsThreadId"
    | "eventsThreadId"
    | "questionsThreadId"
    | "rulesMessageId"
    | "isForum"
    | "title"
    | "username"
  >
>;

/** The groups slice's storage of groups, their subjects, who joined them and the daily counts. */
export class GroupsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByChatId(chatId: bigint): Promise<GroupView | undefined> {
    const row = await this.prisma.group.findUnique({ where: { chatId }, include: GROUP_INCLUDE });
    return row ? toGroupView(row) : undefined;
  }

  async findById(id: number): Promise<GroupView | undefined> {
    const row = await this.prisma.group.findUnique({ where: { id }, include: GROUP_INCLUDE });
    return row ? toGroupView(row) : undefined;
  }

  /** Records a group the bot is in (or was added to again), with what Telegram says of it now. */
  async upsertSeen(chat: TelegramGroupChat, addedById: number | null): Promise<GroupView> {
    const fields = { title: (chat.title ?? "").slice(0, 255), username: chat.username ?? null, chatType: chat.type, isForum: chat.is_forum ?? false, isActive: true };
    const row = await this.prisma.group.upsert({
      where: { chatId: BigInt(chat.id) },
      create: { chatId: BigInt(chat.id), ...fields, missingRights: [], addedById },
      update: { ...fields, ...(addedById !== null ? { addedById } : {}) },
      include: GROUP_INCLUDE,
    });
    return toGroupView(row);
  }

  async setMissingRights(chatId: bigint, missingRights: string[]): Promise<void> {
    await this.prisma.group.updateMany({ where: { chatId }, data: { missingRights } });
  }

  /** The bot was removed (or left): the group stays linked but inactive, and its join link is gone. */
  async deactivate(chatId: bigint): Promise<void> {
    await this.prisma.group.updateMany({ where: { chatId }, data: { isActive: false, inviteLink: null } });
  }

  /** A group became a supergroup under a new id: everything follows it. */
  async migrate(fromChatId: bigint, toChatId: bigint): Promise<GroupView | undefined> {
    const existing = await this.prisma.group.findUnique({ where: { chatId: toChatId }, select: { id: true, linkedAt: true } });
    const old = await this.prisma.group.findUnique({ where: { chatId: fromChatId }, select: { id: true } });
    if (!old) return this.findByChatId(toChatId);
    await this.prisma.$transaction(async (tx) => {
      // The new chat may have been seen first (its my_chat_member can come before the migration message).
      if (existing && existing.linkedAt === null) await tx.group.delete({ where: { id: existing.id } });
      else if (existing) return;
      // The old link was made for the old chat id and no longer works.
      await tx.group.update({ where: { id: old.id }, data: { chatId: toChatId, chatType: "supergroup", inviteLink: null } });
    });
    return this.findByChatId(toChatId);
  }

  /** Links a group to subjects (or to all, `isGeneral`); `audit` writes the audit row in the same transaction. */
  async link(groupId: number, subjects: readonly string[], isGeneral: boolean, at: Date, audit?: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.groupSubject.deleteMany({ where: { groupId } });
      await tx.groupSubject.createMany({ data: subjects.map((subjectCode) => ({ groupId, subjectCode })) });
      await tx.group.update({ where: { id: groupId }, data: { isGeneral, linkedAt: at } });
      await audit?.(tx);
    });
  }

  /** Undoes the link: no subjects, not linked, the join link forgotten (the caller revokes it). */
  async unlink(groupId: number, audit?: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.groupSubject.deleteMany({ where: { groupId } });
      await tx.group.update({ where: { id: groupId }, data: { isGeneral: false, linkedAt: null, inviteLink: null } });
      await audit?.(tx);
    });
  }

  async updateSettings(groupId: number, patch: GroupSettingsPatch, audit?: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<void> {
    if (!audit) {
      await this.prisma.group.update({ where: { id: groupId }, data: patch });
      return;
    }
    await this.prisma.$transaction(async (tx) => {
      await tx.group.update({ where: { id: groupId }, data: patch });
      await audit(tx);
    });
  }

  /** Linked groups, active first, by title (the directory and /groupsettings). */
  async linked(): Promise<GroupView[]> {
    const rows = await this.prisma.group.findMany({ where: { linkedAt: { not: null } }, include: GROUP_INCLUDE, orderBy: [{ isActive: "desc" }, { title: "asc" }] });
    return rows.map(toGroupView);
  }

  /** Linked, active groups for any of these subjects (or general ones when `general`). */
  async linkedForSubjects(subjects: readonly string[], general: boolean): Promise<GroupView[]> {
    const rows = await this.prisma.group.findMany({
      where: {
        linkedAt: { not: null },
        isActive: true,
        OR: [{ subjects: { some: { subjectCode: { in: [...subjects] } } } }, ...(general ? [{ isGeneral: true }] : [])],
      },
      include: GROUP_INCLUDE,
      orderBy: { id: "asc" },
    });
    return rows.map(toGroupView);
  }

  /** Who joined the group since `since` and is still there (the newcomers). */
  async recentJoins(groupId: number, since: Date): Promise<{ telegramUserId: bigint; joinedAt: Date }[]> {
    return this.prisma.groupMember.findMany({ where: { groupId, joinedAt: { gte: since }, leftAt: null }, select: { telegramUserId: true, joinedAt: true } });
  }

  async memberJoined(groupId: number, telegramUserId: bigint, memberId: number | null, at: Date): Promise<void> {
    await this.prisma.groupMember.upsert({
      where: { groupId_telegramUserId: { groupId, telegramUserId } },
      create: { groupId, telegramUserId, memberId, joinedAt: at },
      update: { memberId, joinedAt: at, leftAt: null },
    });
  }

  async memberLeft(groupId: number, telegramUserId: bigint, at: Date): Promise<void> {
    await this.prisma.groupMember.updateMany({ where: { groupId, telegramUserId, leftAt: null }, data: { leftAt: at } });
  }

  /** Adds buffered counts to the daily rows (one statement for the whole buffer). */
  async addStats(rows: readonly { groupId: number; day: string; counts: Record<GroupStat, number> }[]): Promise<void> {
    if (rows.length === 0) return;
    const col = (f: (r: (typeof rows)[number]) => number) => rows.map(f);
    await this.prisma.$executeRaw`
      INSERT INTO group_daily_stats (group_id, day, joins, leaves, messages, actions)
      SELECT * FROM unnest(${col((r) => r.groupId)}::int[], ${rows.map((r) => r.day)}::date[], ${col((r) => r.counts.joins)}::int[],
                           ${col((r) => r.counts.leaves)}::int[], ${col((r) => r.counts.messages)}::int[], ${col((r) => r.counts.actions)}::int[])
      ON CONFLICT (group_id, day) DO UPDATE SET
        joins = group_daily_stats.joins + EXCLUDED.joins,
        leaves = group_daily_stats.leaves + EXCLUDED.leaves,
        messages = group_daily_stats.messages + EXCLUDED.messages,
        actions = group_daily_stats.actions + EXCLUDED.actions`;
  }

  /** Daily counts of one group since a day (YYYY-MM-DD), newest first. */
  async stats(groupId: number, since: string): Promise<{ day: Date; joins: number; leaves: number; messages: number; actions: number }[]> {
    return this.prisma.groupDailyStat.findMany({
      where: { groupId, day: { gte: new Date(`${since}T00:00:00Z`) } },
      orderBy: { day: "desc" },
      select: { day: true, joins: true, leaves: true, messages: true, actions: true },
    });
  }
}
