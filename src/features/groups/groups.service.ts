import type { ChatAdministratorRights } from "grammy/types";
import { DomainError, ForbiddenError } from "../../shared/errors.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { DomainEventPublisher } from "../../shared/domain-events.js";
import type { AuditAction, AuditRepository } from "../audit/audit.repository.js";
import { isAdmin, isStaff, type MemberState } from "../members/members.types.js";
import type { GroupsRegistry, GroupStats } from "./groups.registry.js";
import type { GroupSettingsPatch, GroupsRepository } from "./groups.repository.js";
import { REQUIRED_RIGHTS, type GroupView, type TelegramGroupChat } from "./groups.types.js";
import type {} from "./groups.events.js";

/** The bot's membership in a group as my_chat_member tells it. */
export interface BotMembership {
  status: "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";
  /** The administrator rights, when the status is administrator. */
  rights?: Partial<ChatAdministratorRights>;
}

/** Which of the rights the bot needs it lacks (all of them unless it is an administrator). */
export function missingRights(membership: BotMembership, isForum: boolean): string[] {
  if (membership.status !== "administrator" && membership.status !== "creator") return [...REQUIRED_RIGHTS].filter((r) => r !== "can_manage_topics" || isForum);
  // Topics can only be managed in forums; elsewhere the right does not exist.
  return REQUIRED_RIGHTS.filter((r) => (r === "can_manage_topics" ? isForum : true) && membership.rights?.[r] !== true);
}

/**
 * Groups: which Telegram groups the bot is in, their link to subjects and
 * their settings, who joined them. Authorization first in every method that a
 * person triggers.
 */
export class GroupsService {
  constructor(
    private readonly repository: GroupsRepository,
    readonly registry: GroupsRegistry,
    readonly stats: GroupStats,
    private readonly now: () => Date,
    /** Staff actions (link, unlink, settings) write their audit row here, in their transaction. */
    private readonly audit: AuditRepository,
    /** "group.activated" (groups.events.ts), after commit. */
    private readonly events?: DomainEventPublisher,
  ) {}

  private async activated(groupId: number): Promise<void> {
    await this.events?.emit("group.activated", { groupId, at: this.now().getTime() });
  }

  private auditRow(actor: MemberState, action: AuditAction, details: Prisma.InputJsonObject) {
    return (tx: Prisma.TransactionClient) => this.audit.record({ actorId: actor.id, action, details }, tx);
  }

  /** The group of a chat, from the registry (memory). */
  group(chatId: number | bigint): Promise<GroupView | undefined> {
    return this.registry.byChat(chatId);
  }

  byId(groupId: number): Promise<GroupView | undefined> {
    return this.repository.findById(groupId);
  }

  /**
   * The bot was added, promoted, restricted or removed. Returns the group and
   * the rights it lacks (empty when it has all it needs or was removed).
   */
  async botMembershipChanged(
    chat: TelegramGroupChat,
    membership: BotMembership,
    addedBy: MemberState | undefined,
  ): Promise<{ group: GroupView; missing: string[]; removed: boolean }> {
    const chatId = BigInt(chat.id);
    let result: { group: GroupView; missing: string[]; removed: boolean };
    let activated: boolean;
    try {
      if (membership.status === "left" || membership.status === "kicked") {
        await this.repository.deactivate(chatId);
        const group = (await this.repository.findByChatId(chatId)) ?? (await this.repository.upsertSeen(chat, null));
        if (group.isActive) await this.repository.deactivate(chatId);
        return { group: { ...group, isActive: false }, missing: [], removed: true };
      }
      const before = await this.repository.findByChatId(chatId);
      const group = await this.repository.upsertSeen(chat, addedBy?.id ?? null);
      const missing = missingRights(membership, chat.is_forum ?? false);
      await this.repository.setMissingRights(chatId, missing);
      // A linked group the bot could not act in (removed, or without its rights) and now can.
      activated = group.linked && missing.length === 0 && !(before?.isActive && before.missingRights.length === 0);
      result = { group: { ...group, missingRights: missing }, missing, removed: false };
    } finally {
      this.registry.invalidate(chatId);
    }
    if (activated) await this.activated(result.group.id);
    return result;
  }

  /** The group became a supergroup with a new id (migrate_to_chat_id): its link and settings follow. */
  async migrated(fromChatId: number, toChatId: number): Promise<GroupView | undefined> {
    let group: GroupView | undefined;
    try {
      group = await this.repository.migrate(BigInt(fromChatId), BigInt(toChatId));
    } finally {
      this.registry.invalidate(fromChatId);
      this.registry.invalidate(toChatId);
    }
    // A new chat: the bans of the old one did not come along (a basic group can ban no one anyway).
    if (group?.linked && group.isActive) await this.activated(group.id);
    return group;
  }

  /** Someone joined a group (chat_member): counted, and a newcomer for the group's newcomer period. */
  async memberJoined(group: GroupView, telegramUserId: bigint, member: MemberState | undefined): Promise<void> {
    const at = this.now();
    await this.repository.memberJoined(group.id, telegramUserId, member?.registered ? member.id : null, at);
    this.registry.noteJoin(group.id, telegramUserId, at);
    this.stats.add(group.id, "joins");
  }

  async memberLeft(group: GroupView, telegramUserId: bigint): Promise<void> {
    await this.repository.memberLeft(group.id, telegramUserId, this.now());
    this.registry.noteLeave(group.id, telegramUserId);
    this.stats.add(group.id, "leaves");
  }

  /** Changes a group's settings (staff only). */
  async updateSettings(actor: MemberState | undefined, group: GroupView, patch: GroupSettingsPatch): Promise<GroupView> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const details = { groupId: group.id, title: group.title, patch: JSON.parse(JSON.stringify(patch)) as Record<string, string | number | boolean | null> };
    await this.repository.updateSettings(group.id, patch, this.auditRow(actor, "group.settings", details));
    this.registry.invalidate(group.chatId);
    const fresh = await this.repository.findById(group.id);
    if (!fresh) throw new DomainError("groups-not-found");
    return fresh;
  }

  /** The bot's own bookkeeping (topics, join link, pinned rules): no person acts. */
  async record(group: GroupView, patch: GroupSettingsPatch): Promise<void> {
    await this.repository.updateSettings(group.id, patch);
    this.registry.invalidate(group.chatId);
  }

  /**
   * Links a group to subjects, or to every subject (`isGeneral`); running it
   * again changes the subjects. Community staff only, and only in a
   * supergroup (join requests, restrictions and topics need one).
   */
  async link(actor: MemberState | undefined, group: GroupView, subjects: readonly string[], isGeneral: boolean): Promise<GroupView> {
    if (!isStaff(actor)) throw new ForbiddenError("groups-staff-only");
    if (group.chatType !== "supergroup") throw new DomainError("groups-link-not-supergroup");
    const codes = isGeneral ? [] : [...new Set(subjects)];
    if (!isGeneral && codes.length === 0) throw new DomainError("groups-link-nothing-chosen");
    const details = { groupId: group.id, chatId: group.chatId.toString(), title: group.title, subjects: codes, isGeneral, relink: group.linked };
    try {
      await this.repository.link(group.id, codes, isGeneral, this.now(), this.auditRow(actor, "group.link", details));
    } finally {
      this.registry.invalidate(group.chatId);
    }
    const fresh = await this.fresh(group.id);
    // A re-link of a group in use changes its subjects only; the ban list is there already.
    if (!group.linked || !group.isActive) await this.activated(group.id);
    return fresh;
  }

  /** Undoes a link (staff only): no subjects, not linked, no join link. The caller revokes the link in Telegram. */
  async unlink(actor: MemberState | undefined, group: GroupView): Promise<GroupView> {
    if (!isStaff(actor)) throw new ForbiddenError("groups-staff-only");
    if (!group.linked) throw new DomainError("groups-unlink-not-linked");
    const details = { groupId: group.id, chatId: group.chatId.toString(), title: group.title, subjects: group.subjects, isGeneral: group.isGeneral };
    try {
      await this.repository.unlink(group.id, this.auditRow(actor, "group.unlink", details));
    } finally {
      this.registry.invalidate(group.chatId);
    }
    return this.fresh(group.id);
  }

  /** A linked group for its settings screen (community admins only). */
  async forSettings(actor: MemberState | undefined, groupId: number): Promise<GroupView> {
    if (!isAdmin(actor)) throw new ForbiddenError();
    const group = await this.repository.findById(groupId);
    if (!group?.linked) throw new DomainError("groups-not-found");
    return group;
  }

  /** The last `days` days of a group's daily counts (community admins only), the buffered counts included. */
  async statistics(
    actor: MemberState | undefined,
    group: GroupView,
    days = 7,
  ): Promise<{ day: string; joins: number; leaves: number; messages: number; actions: number }[]> {
    if (!isAdmin(actor)) throw new ForbiddenError();
    await this.stats.flush();
    const since = this.stats.day(new Date(this.now().getTime() - (days - 1) * 86_400_000));
    const rows = await this.repository.stats(group.id, since);
    return rows.map((r) => ({ ...r, day: r.day.toISOString().slice(0, 10) }));
  }

  private async fresh(groupId: number): Promise<GroupView> {
    const group = await this.repository.findById(groupId);
    if (!group) throw new DomainError("groups-not-found");
    return group;
  }

  /** Linked groups (the directory, /groupsettings). */
  linked(): Promise<GroupView[]> {
    return this.repository.linked();
  }

  /** Linked, active groups of these subjects (plus general ones when `general`). */
  forSubjects(subjects: readonly string[], general: boolean): Promise<GroupView[]> {
    return this.repository.linkedForSubjects(subjects, general);
  }
}
