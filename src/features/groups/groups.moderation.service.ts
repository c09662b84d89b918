/**
 * Community-wide moderation of the linked groups (issue 11, "Keeping groups
 * clean"): warnings, mutes, the one ban list, reports decided by the first
 * moderator, and what the hot path does when a message breaks a rule
 * (antiflood, newcomers). Authorization first in every method a person
 * triggers; each action is audited in the same transaction as its row, counted
 * in the group's statistics and written to the optional log chat.
 *
 * Telegram's side (restrict, ban, delete) goes through the platform's Bot API
 * client: these are the actions, not messages to members, so they do not take
 * the sending path.
 */
import { GrammyError, type Api } from "grammy";
import type { ChatPermissions, Message } from "grammy/types";
import type { Redis } from "ioredis";
import type { Config } from "../../config.js";
import type { Translate, Translator } from "../../bot/i18n.js";
import type { JobQueues } from "../../jobs/queues.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { escapeHtml, trusted, truncate, type TrustedHtml } from "../../shared/html.js";
import type { Logger } from "../../shared/logger.js";
import type { AuditAction, AuditRepository } from "../audit/audit.repository.js";
import type { MembersRepository } from "../members/members.repository.js";
import { isStaff, type MemberState, type StaffMember } from "../members/members.types.js";
import { DeleteBatcher, FloodGuard } from "./groups.flood.js";
import type { GroupModerationRepository, ReportNotice } from "./groups.moderation.repository.js";
import { newcomerViolation } from "./groups.moderation.screen.js";
import type { StaffIds } from "./groups.moderation.staff.js";
import { reportKeyboard, type ReportDecision } from "./groups.moderation.keyboards.js";
import type { GroupsService } from "./groups.service.js";
import { messageLink, type GroupView } from "./groups.types.js";
import { foldWord, inputWords } from "../../shared/input-words.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Warnings count for 30 days. */
export const WARNING_TTL_MS = 30 * DAY;
/** The third active warning mutes. */
export const WARNINGS_TO_MUTE = 3;
/** How long the third warning (and a mute decided on a report) mutes. */
export const WARN_MUTE_MINUTES = 24 * 60;
/** /mute without a duration. */
export const DEFAULT_MUTE_MINUTES = 60;
/** Above this many linked groups a ban is applied by a job, not while the moderator waits. */
const BAN_INLINE_GROUPS = 10;
/** `groups.ban-list`: bans per job (one call after another, each waiting for Telegram's answer and a 429's retry_after). */
export const BAN_LIST_PAGE = 100;
/** `groups.ban-list`: the pause before the next page, so a long ban list goes at ~20 bans a second at most. */
export const BAN_LIST_PAUSE_MS = 5_000;
/** The bot's short notices in groups delete themselves after this long. */
export const NOTICE_TTL_MS = MINUTE;
export const EXCERPT_CHARS = 200;

const MUTED: ChatPermissions = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
};
const UNMUTED: ChatPermissions = Object.fromEntries(Object.keys(MUTED).map((k) => [k, true]));

/** The user a moderator acts on, as the replied-to message shows them. */
export interface ModerationTarget {
  telegramId: bigint;
  /** Their name in Telegram (plain text; escaped where shown). */
  name: string;
}

/** Unit words of a mute's duration as moderators type them (locales/<locale>/input.ftl), in minutes; read on first use. */
let durationUnits: Map<string, number> | undefined;
function durationUnit(word: string): number | undefined {
  durationUnits ??= new Map(
    (
      [
        ["input-unit-minute", 1],
        ["input-unit-hour", 60],
        ["input-unit-day", 1440],
        ["input-unit-week", 10_080],
      ] as const
    ).flatMap(([key, minutes]) => inputWords(key).map((w) => [w, minutes] as const)),
  );
  return durationUnits.get(foldWord(word));
}

/**
 * Reads a duration at the start of a command's arguments: "30m", "2h", "2 часа",
 * "1 день", "1w", or a bare number of minutes; the rest is the reason. Undefined
 * when the arguments do not start with a duration (1 minute to 365 days) — a
 * number followed by a word that is no unit ("5 раз спамил") is not one.
 */
export function parseDurationPrefix(args: string): { minutes: number; rest: string } | undefined {
  const m = /^(\d{1,6})\s*(\p{L}+)?(?=\s|$)/u.exec(args.trim());
  if (!m) return undefined;
  const factor = m[2] === undefined ? 1 : durationUnit(m[2]);
  if (factor === undefined) return undefined;
  const minutes = Number(m[1]) * factor;
  if (minutes < 1 || minutes > 365 * 1440) return undefined;
  return { minutes, rest: args.trim().slice(m[0].length).trim() };
}

/** The first 200 characters of a message's text or caption (empty for media without caption). */
export function excerptOf(message: Pick<Message, "text" | "caption">): string {
  return truncate(message.text ?? message.caption ?? "", EXCERPT_CHARS);
}

/** The forum topic a message is in (undefined outside topics: reply threads of ordinary groups are no place to post). */
export function topicOf(message: Pick<Message, "is_topic_message" | "message_thread_id">): number | undefined {
  return message.is_topic_message ? message.message_thread_id : undefined;
}

/** A mention of a Telegram user by id (HTML), with the escaped name. */
export function mention(telegramId: bigint | number, name: string): string {
  return `<a href="tg://user?id=${telegramId}">${escapeHtml(truncate(name, 64) || "?")}</a>`;
}

/** "This newcomer was told in this chat within the last minute" (one notice a minute, however many links). */
export const newcomerNoticeKey = (prefix: string, chatId: number | bigint, userId: number | bigint): string => `${prefix}:gnotice:${chatId}:${userId}`;

const DECISION_STATUS = { del: "DELETED", warn: "WARNED", mute: "MUTED", ban: "BANNED", dis: "DISMISSED" } as const;

export interface GroupModerationDeps {
  repository: GroupModerationRepository;
  audit: AuditRepository;
  members: MembersRepository;
  groups: GroupsService;
  api: Api;
  queues: JobQueues;
  translator: Translator;
  config: Config;
  logger: Logger;
  redis: Redis;
  now: () => Date;
  staff: StaffIds;
}

/** Community-wide moderation: the rules, the ban list, reports, and the hot path's screening. */
export class GroupModerationService {
  readonly flood: FloodGuard;
  readonly deletes: DeleteBatcher;

  constructor(private readonly d: GroupModerationDeps) {
    this.flood = new FloodGuard(d.redis, d.config.redisPrefix);
    this.deletes = new DeleteBatcher(d.api, d.logger);
  }

  get staff(): StaffIds {
    return this.d.staff;
  }

  /** Whether the user is on the community's ban list (join requests are declined). */
  isBanned(telegramUserId: bigint): Promise<boolean> {
    return this.d.repository.isBanned(telegramUserId);
  }

  /** The "open the message" line of a report notice; empty in a basic group (its messages have no links). */
  private linkLine(t: Translate, group: GroupView, messageId: number): TrustedHtml {
    const url = messageLink({ chatId: group.chatId, username: group.username, messageId });
    return trusted(url ? t("groups-report-link", { url }) : "");
  }

  // ---------------------------------------------------------------- hot path

  /**
   * Screens an ordinary message of a linked group. A clean message costs one
   * Redis round trip (the flood counter) and nothing else: no PostgreSQL, no
   * Bot API call. Staff are never screened (checked only when a rule is
   * broken, from memory).
   */
  async screen(group: GroupView, message: Message): Promise<void> {
    const from = message.from;
    // Anonymous admins and channels post as sender_chat; bots are not screened.
    if (!from || from.is_bot || message.sender_chat) return;
    const userId = BigInt(from.id);
    // Every message counts towards the flood limit, a newcomer's deleted link too (a link spammer gets muted).
    const verdict = await this.flood.check(Number(group.chatId), from.id, message.message_id, message.date * 1000, group.flood);
    if (verdict.kind === "muted") {
      this.deletes.add(Number(group.chatId), [message.message_id]);
      return;
    }
    if (verdict.kind === "mute") {
      if (!(await this.d.staff.has(userId))) {
        await this.floodMute(group, { telegramId: userId, name: [from.first_name, from.last_name].filter(Boolean).join(" ") }, verdict.messageIds, topicOf(message));
        return;
      }
      await this.flood.release(group.chatId, from.id);
    }
    await this.screenNewcomer(group, message, from);
  }

  /**
   * An edited message of a linked group: a newcomer who adds a link, media or
   * a forward by editing a clean message is screened like a new message. An
   * edit is not a new message, so it does not count towards the flood limit.
   */
  async screenEdit(group: GroupView, message: Message): Promise<void> {
    const from = message.from;
    if (!from || from.is_bot || message.sender_chat) return;
    await this.screenNewcomer(group, message, from);
  }

  private async screenNewcomer(group: GroupView, message: Message, from: NonNullable<Message["from"]>): Promise<void> {
    const userId = BigInt(from.id);
    if (!this.d.groups.registry.isNewcomer(group, userId)) return;
    const violation = newcomerViolation(message, this.d.config.groupsAllowedDomains);
    if (violation && !(await this.d.staff.has(userId))) await this.newcomerViolated(group, message, from.id, from.first_name);
  }

  private async newcomerViolated(group: GroupView, message: Message, userId: number, name: string): Promise<void> {
    const chatId = Number(group.chatId);
    this.d.groups.stats.add(group.id, "actions");
    // One notice per newcomer a minute, however many messages they post; the messages after the first are deleted in batches.
    const first = await this.d.redis.set(newcomerNoticeKey(this.d.config.redisPrefix, chatId, userId), "1", "PX", NOTICE_TTL_MS, "NX");
    if (first !== "OK") {
      this.deletes.add(chatId, [message.message_id]);
      return;
    }
    await this.deletes.deleteNow(chatId, [message.message_id]);
    const gt = this.d.translator.forLocale(group.locale);
    await this.notice(group, gt("groups-newcomer-notice", { name: trusted(mention(userId, name)), hours: group.newcomerHours }), topicOf(message));
  }

  private async floodMute(group: GroupView, target: ModerationTarget, messageIds: number[], topic: number | undefined): Promise<void> {
    const chatId = Number(group.chatId);
    const minutes = group.flood.muteMinutes;
    const until = new Date(this.d.now().getTime() + minutes * MINUTE);
    await Promise.all([
      this.deletes.deleteNow(chatId, messageIds),
      this.restrict(group, target.telegramId, until).catch((err) => this.telegramFailed(err, "flood mute")),
    ]);
    this.d.groups.stats.add(group.id, "actions");
    await this.d.audit.record({ actorId: null, action: "group.flood-mute", details: this.details(group, target, null, null, { minutes }) });
    await this.logAction("group.flood-mute", group, target, undefined, null);
    const gt = this.d.translator.forLocale(group.locale);
    await this.notice(group, gt("groups-flood-muted", { name: trusted(mention(target.telegramId, target.name)), minutes }), topic);
  }

  // ---------------------------------------------------------------- staff actions

  private async actionable(actor: MemberState | undefined, target: ModerationTarget): Promise<{ actor: StaffMember; targetMember: MemberState | undefined }> {
    if (!isStaff(actor)) throw new ForbiddenError("groups-mod-staff-only");
    if (actor.telegramId === target.telegramId) throw new DomainError("groups-mod-target-self");
    const targetMember = await this.d.members.findState(target.telegramId);
    if (isStaff(targetMember) || this.d.config.adminIds.includes(target.telegramId)) throw new DomainError("groups-mod-target-staff");
    return { actor, targetMember };
  }

  /** Warns a user; the third active warning (30 days) mutes them for 24 hours. */
  async warn(
    actor: MemberState | undefined,
    group: GroupView,
    target: ModerationTarget,
    reason: string | null,
    excerpt: string | null,
  ): Promise<{ count: number; mutedUntil: Date | undefined }> {
    const { actor: staff, targetMember } = await this.actionable(actor, target);
    const at = this.d.now();
    const count = await this.d.repository.transaction(async (tx) => {
      const active = await this.d.repository.addWarning(tx, {
        telegramUserId: target.telegramId,
        memberId: targetMember?.id ?? null,
        groupId: group.id,
        issuedById: staff.id,
        reason,
        at,
        expiresAt: new Date(at.getTime() + WARNING_TTL_MS),
      });
      await this.d.audit.record(
        { actorId: staff.id, action: "group.warn", targetMemberId: targetMember?.id ?? null, details: this.details(group, target, reason, excerpt, { active }) },
        tx,
      );
      if (active >= WARNINGS_TO_MUTE)
        await this.d.audit.record(
          {
            actorId: staff.id,
            action: "group.mute",
            targetMemberId: targetMember?.id ?? null,
            details: this.details(group, target, reason, excerpt, { minutes: WARN_MUTE_MINUTES, warnings: active }),
          },
          tx,
        );
      return active;
    });
    this.d.groups.stats.add(group.id, "actions");
    await this.logAction("group.warn", group, target, staff, reason);
    if (count < WARNINGS_TO_MUTE) return { count, mutedUntil: undefined };
    const until = new Date(at.getTime() + WARN_MUTE_MINUTES * MINUTE);
    await this.restrict(group, target.telegramId, until).catch((err) => this.telegramFailed(err, "mute after warnings"));
    await this.logAction("group.mute", group, target, staff, reason);
    return { count, mutedUntil: until };
  }

  /** Mutes a user in the group for `minutes`. */
  async mute(actor: MemberState | undefined, group: GroupView, target: ModerationTarget, minutes: number, reason: string | null, excerpt: string | null): Promise<Date> {
    const { actor: staff, targetMember } = await this.actionable(actor, target);
    const until = new Date(this.d.now().getTime() + minutes * MINUTE);
    await this.restrict(group, target.telegramId, until).catch((err) => this.refused(err));
    await this.d.audit.record({
      actorId: staff.id,
      action: "group.mute",
      targetMemberId: targetMember?.id ?? null,
      details: this.details(group, target, reason, excerpt, { minutes }),
    });
    this.d.groups.stats.add(group.id, "actions");
    await this.logAction("group.mute", group, target, staff, reason);
    return until;
  }

  /** Lifts a mute (a staff mute, the third warning's or the antiflood's). */
  async unmute(actor: MemberState | undefined, group: GroupView, target: ModerationTarget, reason: string | null): Promise<void> {
    const { actor: staff, targetMember } = await this.actionable(actor, target);
    await this.d.api
      .restrictChatMember(Number(group.chatId), Number(target.telegramId), UNMUTED, { use_independent_chat_permissions: true })
      .catch((err: unknown) => this.refused(err));
    await this.flood.release(group.chatId, target.telegramId);
    await this.d.audit.record({
      actorId: staff.id,
      action: "group.unmute",
      targetMemberId: targetMember?.id ?? null,
      details: this.details(group, target, reason, null),
    });
    this.d.groups.stats.add(group.id, "actions");
    await this.logAction("group.unmute", group, target, staff, reason);
  }

  /**
   * Puts a user on the community's ban list and bans them in every linked
   * group (`group`: where it was done, if in a group). Returns in how many groups.
   */
  async ban(
    actor: MemberState | undefined,
    target: ModerationTarget,
    reason: string | null,
    group?: GroupView,
    excerpt: string | null = null,
  ): Promise<{ groups: number; already: boolean }> {
    const { actor: staff, targetMember } = await this.actionable(actor, target);
    const added = await this.d.repository.transaction(async (tx) => {
      const fresh = await this.d.repository.addBan(tx, { telegramUserId: target.telegramId, memberId: targetMember?.id ?? null, bannedById: staff.id, reason });
      if (fresh)
        await this.d.audit.record(
          { actorId: staff.id, action: "group.ban", targetMemberId: targetMember?.id ?? null, details: this.details(group, target, reason, excerpt) },
          tx,
        );
      return fresh;
    });
    const groups = await this.applyBanEverywhere(target.telegramId);
    if (added) {
      if (group) this.d.groups.stats.add(group.id, "actions");
      await this.logAction("group.ban", group, target, staff, reason);
    }
    return { groups, already: !added };
  }

  /** Takes a user off the ban list and unbans them in every linked group. */
  async unban(actor: MemberState | undefined, target: ModerationTarget, reason: string | null, group?: GroupView): Promise<{ groups: number; wasBanned: boolean }> {
    if (!isStaff(actor)) throw new ForbiddenError("groups-mod-staff-only");
    const targetMember = await this.d.members.findState(target.telegramId);
    const removed = await this.d.repository.transaction(async (tx) => {
      const was = await this.d.repository.removeBan(tx, target.telegramId);
      if (was)
        await this.d.audit.record(
          { actorId: actor.id, action: "group.unban", targetMemberId: targetMember?.id ?? null, details: this.details(group, target, reason, null) },
          tx,
        );
      return was;
    });
    const groups = await this.applyBanEverywhere(target.telegramId);
    if (removed) {
      if (group) this.d.groups.stats.add(group.id, "actions");
      await this.logAction("group.unban", group, target, actor, reason);
    }
    return { groups, wasBanned: removed };
  }

  /**
   * Makes every linked, active group agree with the ban list for one user
   * (banned: banChatMember; not banned: unbanChatMember only_if_banned). Many
   * groups go to a job (`groups.ban-sync`), which calls this again.
   */
  async applyBanEverywhere(telegramUserId: bigint, inJob = false): Promise<number> {
    const groups = (await this.d.groups.linked()).filter((g) => g.isActive);
    if (!inJob && groups.length > BAN_INLINE_GROUPS) {
      await this.d.queues.add("groups.ban-sync", { telegramUserId: telegramUserId.toString() });
      return groups.length;
    }
    const banned = await this.d.repository.isBanned(telegramUserId);
    for (const g of groups) {
      const call = banned
        ? this.d.api.banChatMember(Number(g.chatId), Number(telegramUserId))
        : this.d.api.unbanChatMember(Number(g.chatId), Number(telegramUserId), { only_if_banned: true });
      await call.catch((err: unknown) => this.telegramFailed(err, banned ? "ban in a group" : "unban in a group", { groupId: g.id }));
    }
    return groups.length;
  }

  /**
   * A linked group became active ("group.activated": linked, or the bot is
   * back with its rights): the whole ban list is applied there by
   * `groups.ban-list` jobs, a page each. The job id names the group and the
   * moment, so the same activation delivered twice is one job.
   */
  async scheduleBanList(groupId: number, at: number): Promise<void> {
    await this.d.queues.add("groups.ban-list", { groupId, since: at }, { jobId: `group-ban-list-${groupId}-${at}`, removeOnComplete: true });
  }

  /**
   * Bans one page of the ban list (Telegram ids above `after`) in one group,
   * if it is still linked and active. Returns the cursor of the next page, if
   * there may be one. Idempotent: banning someone banned already is a no-op
   * at Telegram, so a job that runs twice bans nobody twice in effect. A user
   * Telegram refuses to ban (400: an administrator, a deleted account) is
   * skipped; a 403 (the bot was removed) ends the run.
   */
  async applyBanList(groupId: number, after = 0n): Promise<bigint | undefined> {
    const group = await this.d.groups.byId(groupId);
    if (!group?.linked || !group.isActive) return undefined;
    const page = await this.d.repository.bannedAfter(after, BAN_LIST_PAGE);
    for (const telegramUserId of page) {
      try {
        await this.d.api.banChatMember(Number(group.chatId), Number(telegramUserId));
      } catch (err) {
        if (!(err instanceof GrammyError) || (err.error_code !== 400 && err.error_code !== 403)) throw err;
        this.telegramFailed(err, "ban from the ban list in a group", { groupId });
        if (err.error_code === 403) return undefined;
      }
    }
    return page.length === BAN_LIST_PAGE ? page[page.length - 1] : undefined;
  }

  // ---------------------------------------------------------------- reports

  /**
   * A member reported a message: one report per message; every moderator the
   * bot can write to gets a private notice with the decision buttons.
   */
  async report(
    reporter: { telegramId: bigint; member: MemberState | undefined },
    group: GroupView,
    reported: { messageId: number; threadId: number | null; target: ModerationTarget; excerpt: string },
  ): Promise<"sent" | "duplicate" | "no-moderators"> {
    const targetMember = await this.d.members.findState(reported.target.telegramId);
    const report = await this.d.repository.createReport({
      groupId: group.id,
      messageId: reported.messageId,
      threadId: reported.threadId,
      reporterTelegramId: reporter.telegramId,
      reporterMemberId: reporter.member?.id ?? null,
      targetTelegramId: reported.target.telegramId,
      targetMemberId: targetMember?.id ?? null,
      excerpt: reported.excerpt || null,
    });
    if (!report) return "duplicate";
    const moderators = await this.d.members.reachableStaff();
    const notices: ReportNotice[] = [];
    for (const m of moderators) {
      const t = this.d.translator.forLocale(m.locale);
      const text = t("groups-report-notice", {
        group: group.title,
        target: trusted(mention(reported.target.telegramId, reported.target.name)),
        excerpt: reported.excerpt || t("groups-report-no-text"),
        link: this.linkLine(t, group, reported.messageId),
      });
      try {
        const sent = await this.d.api.sendMessage(Number(m.telegramId), text, {
          parse_mode: "HTML",
          reply_markup: reportKeyboard(t, report.id),
          link_preview_options: { is_disabled: true },
        });
        notices.push({ chatId: m.telegramId.toString(), messageId: sent.message_id, locale: m.locale });
      } catch (err) {
        if (err instanceof GrammyError && err.error_code === 403) await this.d.members.setActiveByTelegramId(m.telegramId, false);
        else this.d.logger.warn({ err: err instanceof Error ? err.message : err, memberId: m.id }, "could not send a report notice");
      }
    }
    await this.d.repository.setReportNotices(report.id, notices);
    return notices.length > 0 ? "sent" : "no-moderators";
  }

  /**
   * A moderator's decision on a report. The first decision wins (an atomic
   * transition from OPEN); every moderator's notice is then edited to show who
   * decided what. `won: false`: someone else decided first.
   */
  async decide(actor: MemberState | undefined, reportId: number, decision: ReportDecision): Promise<{ won: boolean; byName: string; decision: ReportDecision }> {
    if (!isStaff(actor)) throw new ForbiddenError("groups-mod-staff-only");
    const report = await this.d.repository.report(reportId);
    if (!report) throw new NotFoundError();
    if (report.status !== "OPEN") return { won: false, byName: await this.nameOf(report.decidedById), decision: decisionOf(report.status) };
    const group = await this.d.groups.byId(report.groupId);
    if (!group) throw new NotFoundError();
    const targetHit = report.targetMemberId ? await this.d.members.hit(report.targetMemberId) : undefined;
    const target: ModerationTarget = { telegramId: report.targetTelegramId, name: targetHit?.fullName ?? targetHit?.username ?? `id ${report.targetTelegramId}` };
    // Refused before the report is taken (a moderator reported, a bot's message…).
    if (decision !== "dis" && decision !== "del") await this.actionable(actor, target);
    const won = await this.d.repository.transaction(async (tx) => {
      const ok = await this.d.repository.decideReport(tx, report.id, DECISION_STATUS[decision], actor.id, this.d.now());
      if (ok)
        await this.d.audit.record(
          {
            actorId: actor.id,
            action: "group.report-decided",
            targetMemberId: report.targetMemberId,
            details: this.details(group, target, null, report.excerpt, { decision }),
          },
          tx,
        );
      return ok;
    });
    if (!won) {
      const fresh = await this.d.repository.report(report.id);
      return { won: false, byName: await this.nameOf(fresh?.decidedById ?? null), decision: fresh ? decisionOf(fresh.status) : decision };
    }
    // The decision is taken: whatever Telegram says to the action, every notice is updated.
    let refusal: DomainError | undefined;
    try {
      if (decision !== "dis") await this.deletes.deleteNow(Number(group.chatId), [report.messageId]);
      if (decision === "warn") await this.warn(actor, group, target, null, report.excerpt);
      if (decision === "mute") await this.mute(actor, group, target, WARN_MUTE_MINUTES, null, report.excerpt);
      if (decision === "ban") await this.ban(actor, target, null, group, report.excerpt);
      if (decision === "del") this.d.groups.stats.add(group.id, "actions");
      // Warn, mute and ban log themselves; a deletion or dismissal is logged as the decision.
      if (decision === "del" || decision === "dis") {
        const t = this.d.translator.forLocale(this.d.config.defaultLocale);
        await this.logAction("group.report-decided", group, target, actor, t(`groups-report-decision-${decision}`));
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      refusal = err;
    }
    const byName = await this.nameOf(actor.id);
    for (const notice of report.notices) {
      const t = this.d.translator.forLocale(notice.locale);
      const text = t("groups-report-decided", {
        group: group.title,
        excerpt: report.excerpt ?? t("groups-report-no-text"),
        link: this.linkLine(t, group, report.messageId),
        by: byName,
        decision: t(`groups-report-decision-${decision}`),
      });
      await this.d.api
        .editMessageText(Number(notice.chatId), notice.messageId, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } })
        .catch((err: unknown) => this.d.logger.info({ err: err instanceof Error ? err.message : err }, "could not update a report notice"));
    }
    if (refusal) throw refusal;
    return { won: true, byName, decision };
  }

  // ---------------------------------------------------------------- helpers

  /** Sends a short notice to the group that deletes itself after a minute. */
  async notice(group: GroupView, text: string, threadId?: number): Promise<void> {
    try {
      const sent = await this.d.api.sendMessage(Number(group.chatId), text, {
        parse_mode: "HTML",
        ...(threadId ? { message_thread_id: threadId } : {}),
        link_preview_options: { is_disabled: true },
      });
      await this.selfDestruct(group.chatId, sent.message_id, NOTICE_TTL_MS);
    } catch (err) {
      this.d.logger.info({ err: err instanceof Error ? err.message : err, groupId: group.id }, "could not post a notice in a group");
    }
  }

  /** Deletes one of the bot's messages later (a delayed job; ids only). */
  async selfDestruct(chatId: bigint | number, messageId: number, delayMs: number): Promise<void> {
    await this.d.queues.add("groups.delete-message", { chatId: chatId.toString(), messageId }, { delay: delayMs, attempts: 3, removeOnComplete: true });
  }

  private restrict(group: GroupView, telegramUserId: bigint, until: Date): Promise<true> {
    return this.d.api.restrictChatMember(Number(group.chatId), Number(telegramUserId), MUTED, {
      until_date: Math.floor(until.getTime() / 1000),
      use_independent_chat_permissions: true,
    });
  }

  private telegramFailed(err: unknown, what: string, extra: Record<string, unknown> = {}): void {
    this.d.logger.warn({ err: err instanceof Error ? err.message : err, ...extra }, `Telegram refused: ${what}`);
  }

  /** Telegram refused a moderator's action (the target is a group admin, left, …): told as a domain error. */
  private refused(err: unknown): never {
    if (err instanceof GrammyError && err.error_code === 400) throw new DomainError("groups-mod-telegram-refused", { reason: err.description.slice(0, 200) });
    throw err;
  }

  private async nameOf(memberId: number | null): Promise<string> {
    if (memberId === null) return "—";
    const hit = await this.d.members.hit(memberId);
    return hit?.fullName ?? (hit?.username ? `@${hit.username}` : `#${memberId}`);
  }

  private details(group: GroupView | undefined, target: ModerationTarget, reason: string | null, excerpt: string | null, extra: Record<string, string | number> = {}) {
    return {
      ...(group ? { groupId: group.id, groupTitle: group.title } : {}),
      targetTelegramId: target.telegramId.toString(),
      targetName: truncate(target.name, 100),
      ...(reason ? { reason: truncate(reason, 500) } : {}),
      ...(excerpt ? { excerpt: truncate(excerpt, EXCERPT_CHARS) } : {}),
      ...extra,
    };
  }

  /** One line in the log chat (GROUPS_LOG_CHAT_ID), if there is one; failures are logged only. */
  private async logAction(
    action: AuditAction,
    group: GroupView | undefined,
    target: ModerationTarget,
    actor: MemberState | undefined,
    reason: string | null,
  ): Promise<void> {
    const chatId = this.d.config.groupsLogChatId;
    if (chatId === undefined) return;
    const t = this.d.translator.forLocale(this.d.config.defaultLocale);
    try {
      const text = t("groups-log-line", {
        action: t(`audit-${action.replace(/\./g, "-")}`),
        group: group?.title ?? t("groups-log-everywhere"),
        target: trusted(mention(target.telegramId, target.name)),
        actor: actor ? await this.nameOf(actor.id) : t("groups-log-bot"),
        reason: reason ?? "—",
      });
      await this.d.api.sendMessage(Number(chatId), text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    } catch (err) {
      this.d.logger.info({ err: err instanceof Error ? err.message : err }, "could not write to the moderation log chat");
    }
  }
}

function decisionOf(status: string): ReportDecision {
  const found = (Object.entries(DECISION_STATUS) as [ReportDecision, string][]).find(([, s]) => s === status);
  return found?.[0] ?? "dis";
}
