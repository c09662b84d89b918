/**
 * The gate of the groups (issue 11, "Only registered teachers get in"): every
 * `chat_join_request` of a linked group is decided here, by the group's policy.
 *
 * Exactly once. A request is stored first (one row per group and user, a
 * repeated request updates it), then decided by an atomic claim in
 * PostgreSQL (`UPDATE … SET status = APPROVED|DECLINED WHERE status =
 * 'PENDING' RETURNING`) and only then by the Telegram call: of two moderators
 * racing, two raid workers, the expiry sweep and the member's own
 * registration, one caller wins and only the winner calls Telegram.
 *
 * A failed call must not leave the request half-done:
 * - Telegram says the request is gone (400 HIDE_REQUESTER_MISSING: the user
 *   withdrew it or someone decided it in the group's settings;
 *   USER_ALREADY_PARTICIPANT; …): the claim stands, the request is decided,
 *   nobody is told "you are in".
 * - Any other failure (network, 5xx or a 429 longer than the client waits,
 *   the bot lost its rights): the claim is released (back to PENDING, only
 *   if it is still this claim), the error goes up, and the next attempt (the
 *   expiry job, which approves such requests after 10 minutes, the member's
 *   link, a moderator's tap) decides it. If the
 *   failed call did reach Telegram, the next call gets one of the "gone"
 *   answers, so deciding twice at Telegram is harmless.
 * - The process dies between the claim and Telegram's answer (or PostgreSQL
 *   fails right after it): the row says decided, but `confirmed_at`, set
 *   once Telegram answered, stays NULL. `groups.expire-requests` carries out
 *   such decisions again after 10 minutes (longer than any call of ours
 *   waits); a call that had reached Telegram gets a "gone" answer then, so
 *   the request is decided once at Telegram either way.
 *
 * Raids: the decision path costs three short queries and one Bot API call;
 * private messages to requesters are messages (Telegram's ~30/s), so they
 * never hold a decision up: see {@link RequesterInvites}. Measured by
 * test/integration/groups-gate.test.ts on the 2-core machine (real
 * PostgreSQL, Redis and workers, 50 requests in flight): 500 requests, half
 * of them from registered members, all decided in 4–5 s; after a 429 on the
 * first invitations, the 250 invitations were out by ~12 s at the default
 * 25/s send budget, well inside the 5 minutes of `user_chat_id`.
 * MANUAL groups page every moderator from the handler (a few messages per
 * request); a raid on a MANUAL group waits on Telegram's 429s there.
 */
import { GrammyError, type Api } from "grammy";
import type { User } from "grammy/types";
import type { Translator } from "../../bot/i18n.js";
import type { JobQueues } from "../../jobs/queues.js";
import { ForbiddenError } from "../../shared/errors.js";
import type { Logger } from "../../shared/logger.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import { isStaff, type MemberState } from "../members/members.types.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { GateRepository, JoinRequestRow } from "./groups.gate.repository.js";
import { decidedKeyboard, manualRequestKeyboard, openGroupKeyboard, registerKeyboard } from "./groups.gate.keyboards.js";
import type { GroupsService } from "./groups.service.js";
import type { GroupView } from "./groups.types.js";

/** Requests still pending after this long are declined by `groups.expire-requests`. */
export const JOIN_REQUEST_TTL_MS = 48 * 3_600_000;
/** A claimed decision not confirmed after this long was cut short (every call of ours gives up well before). */
export const UNCONFIRMED_AFTER_MS = 10 * 60_000;
/** Telegram lets the bot write through `user_chat_id` for this long after the request. */
export const USER_CHAT_WINDOW_MS = 5 * 60_000;

/** The Bot API calls of the gate (the retrying client: a 429 is waited for). */
export type GateApi = Pick<Api, "approveChatJoinRequest" | "declineChatJoinRequest" | "sendMessage" | "editMessageReplyMarkup">;

/** A `chat_join_request` as the gate needs it. */
export interface JoinRequestInput {
  chatId: number;
  user: Pick<User, "id" | "first_name" | "last_name" | "username" | "language_code">;
  /** Where the bot may write to the requester for 5 minutes. */
  userChatId: number;
  /** The bot's @username (ctx.me.username), for the registration link. */
  botUsername: string;
}

export type JoinDecision =
  /** Let in now. */
  | "approved"
  /** Refused now (banned). */
  | "declined"
  /** Stored, waiting for registration (the requester was written to) or for moderators. */
  | "pending"
  /** Decided already by someone else, or gone at Telegram. */
  | "already"
  /** Not a linked, active group: left alone. */
  | "ignored";

/** What a moderator's tap did. */
export type ManualOutcome =
  | { kind: "decided"; status: "APPROVED" | "DECLINED"; gone: boolean }
  | { kind: "already"; status: "APPROVED" | "DECLINED" | "PENDING"; decider: string | null }
  | { kind: "missing" };

/** What the `join_<group>` link found for a registered member. */
export type JoinLinkOutcome =
  | { kind: "unknown" }
  | { kind: "admitted"; group: GroupView }
  | { kind: "member"; group: GroupView }
  | { kind: "waiting"; group: GroupView }
  | { kind: "banned"; group: GroupView }
  | { kind: "not-eligible"; group: GroupView }
  | { kind: "request"; group: GroupView };

const GONE = /HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT|INVITE_REQUEST_SENT|USER_CHANNELS_TOO_MUCH|CHANNELS_TOO_MUCH/i;

/** Telegram says there is no request to decide any more (withdrawn, decided elsewhere, user already in). */
export function requestGone(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && GONE.test(err.description);
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The registration invitation to a requester (inline when the budget allows it, else through `groups.join-invite`). */
export interface Invite {
  requestId: number;
  chatId: number;
  groupId: number;
  title: string;
  locale: string;
  bot: string;
  createdAt: Date;
}

/**
 * Private messages to requesters who are not registered members. In a raid
 * (500 requests in 10 s) they are 500 messages against Telegram's ~30/s, so
 * they must not be sent in the update handlers with waits for 429s (the
 * polling loop has a bounded number of updates in flight, and approvals
 * would queue behind them). The first few go out at once through the
 * non-retrying client (up to `inlinePerSecond` per process, nothing after a
 * 429 until its retry_after passed); the rest become `groups.join-invite`
 * jobs, which take grants of the sending path's budget (the `send` lane,
 * shared by every process) and respect 429s there. The 5 minutes of
 * `user_chat_id` are enough for 500 at 25/s. Inline sends take no grant (a
 * grant may have to be waited for); should they and the lane together meet a
 * 429, the lane pauses and the invitations move to the queue.
 */
export class RequesterInvites {
  private cooldownUntil = 0;
  private readonly recent: number[] = [];

  constructor(
    private readonly api: Pick<Api, "sendMessage">,
    private readonly queues: Pick<JobQueues, "add">,
    private readonly translator: Translator,
    private readonly logger: Logger,
    private readonly options: { inlinePerSecond: number; clock?: () => number } = { inlinePerSecond: 10 },
  ) {}

  private get clock(): number {
    return this.options.clock?.() ?? Date.now();
  }

  /** The invitation's text and button. */
  render(invite: Invite) {
    const t = this.translator.forLocale(invite.locale);
    return { text: t("groups-gate-register-first", { group: invite.title }), reply_markup: registerKeyboard(t, invite.bot, invite.groupId) };
  }

  /** Sends the invitation now if this process may, else queues it. */
  async send(invite: Invite): Promise<"sent" | "queued" | "failed"> {
    const now = this.clock;
    while (this.recent.length && this.recent[0]! <= now - 1000) this.recent.shift();
    if (now >= this.cooldownUntil && this.recent.length < this.options.inlinePerSecond) {
      this.recent.push(now);
      try {
        const { text, reply_markup } = this.render(invite);
        await this.api.sendMessage(invite.chatId, text, { reply_markup });
        return "sent";
      } catch (err) {
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        if (retryAfter === undefined) {
          // 403/400: the requester cannot be written to (blocked the bot, the window closed). Nothing to retry.
          this.logger.info({ err: errText(err), requestId: invite.requestId }, "could not write to a join requester");
          return "failed";
        }
        this.cooldownUntil = this.clock + retryAfter * 1000;
        return this.enqueue(invite, retryAfter * 1000);
      }
    }
    return this.enqueue(invite, Math.max(0, this.cooldownUntil - now));
  }

  private async enqueue(invite: Invite, delay: number): Promise<"queued"> {
    await this.queues.add(
      "groups.join-invite",
      { requestId: invite.requestId, locale: invite.locale, bot: invite.bot },
      {
        // One invitation per request (a request asked again gets a new time, hence a new id).
        jobId: `gate-invite-${invite.requestId}-${invite.createdAt.getTime()}`,
        delay,
        attempts: 6,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { count: 100 },
      },
    );
    return "queued";
  }
}

/**
 * Decides join requests of linked groups (policy REGISTERED, ANYONE or
 * MANUAL), lets members in once they registered, and declines what waited
 * 48 hours. `handleJoinRequest` is the whole decision of one update (also
 * what the raid benchmark drives).
 */
export class GateService {
  constructor(
    private readonly repository: GateRepository,
    private readonly groups: Pick<GroupsService, "group" | "byId">,
    private readonly members: Pick<MembersRepository, "findStateById" | "reachableStaff" | "hit">,
    private readonly api: GateApi,
    readonly invites: RequesterInvites,
    private readonly translator: Translator,
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** Moderators' decisions of MANUAL requests are audited in the claim's transaction. */
    private readonly audit: Pick<AuditRepository, "record">,
  ) {}

  /** Decides one `chat_join_request` by the group's policy. */
  async handleJoinRequest(input: JoinRequestInput): Promise<{ decision: JoinDecision; requestId?: number }> {
    const group = await this.groups.group(input.chatId);
    if (!group?.linked || !group.isActive) {
      this.logger.info({ chatId: input.chatId, known: group !== undefined }, "join request in a group that is not linked: left alone");
      return { decision: "ignored" };
    }
    const telegramUserId = BigInt(input.user.id);
    const who = await this.repository.requester(telegramUserId);
    const { row, wasPending } = await this.repository.upsertPending({
      groupId: group.id,
      telegramUserId,
      userChatId: BigInt(input.userChatId),
      memberId: who.memberId,
      at: this.now(),
    });
    const requestId = row.id;
    if (who.banned) return { decision: await this.decideNow(group, row, "DECLINED"), requestId };
    if (group.joinPolicy === "ANYONE" || (group.joinPolicy === "REGISTERED" && who.eligible)) {
      return { decision: await this.decideNow(group, row, "APPROVED"), requestId };
    }
    if (group.joinPolicy === "MANUAL") {
      // The same request delivered again keeps its notices (and does not page the moderators twice).
      if (!wasPending || row.notices.length === 0) await this.notifyStaff(group, row, input.user);
      return { decision: "pending", requestId };
    }
    await this.invites.send({
      requestId,
      chatId: input.userChatId,
      groupId: group.id,
      title: group.title,
      locale: this.translator.fromTelegram(input.user.language_code),
      bot: input.botUsername,
      createdAt: row.createdAt,
    });
    return { decision: "pending", requestId };
  }

  private async decideNow(group: GroupView, row: JoinRequestRow, status: "APPROVED" | "DECLINED"): Promise<JoinDecision> {
    const claimed = await this.repository.claim(row.id, status, null, this.now());
    if (!claimed) return "already";
    const result = await this.execute(group, claimed, status);
    if (result === "gone") return "already";
    return status === "APPROVED" ? "approved" : "declined";
  }

  /** The Telegram call of a claimed request; see the header for what a failure does. */
  private async execute(group: GroupView, claimed: JoinRequestRow, status: "APPROVED" | "DECLINED"): Promise<"done" | "gone"> {
    const chatId = Number(group.chatId);
    const userId = Number(claimed.telegramUserId);
    try {
      if (status === "APPROVED") await this.api.approveChatJoinRequest(chatId, userId);
      else await this.api.declineChatJoinRequest(chatId, userId);
    } catch (err) {
      if (!requestGone(err)) {
        await this.repository.release(claimed.id, status, claimed.decidedAt!);
        throw err;
      }
      this.logger.info({ requestId: claimed.id, status, err: errText(err) }, "join request already gone at Telegram; recorded as decided");
      await this.repository.confirm(claimed.id, this.now());
      return "gone";
    }
    await this.repository.confirm(claimed.id, this.now());
    return "done";
  }

  /** MANUAL: every moderator and admin the bot can write to gets the request with Approve / Decline. */
  private async notifyStaff(group: GroupView, row: JoinRequestRow, user: JoinRequestInput["user"]): Promise<void> {
    const staff = await this.members.reachableStaff();
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
    const notices = [];
    for (const s of staff) {
      const t = this.translator.forLocale(s.locale);
      try {
        const text = t("groups-gate-manual-notice", { name, username: user.username ? `@${user.username}` : "—", id: user.id, group: group.title });
        const sent = await this.api.sendMessage(Number(s.telegramId), text, { reply_markup: manualRequestKeyboard(t, row.id) });
        notices.push({ chatId: sent.chat.id, messageId: sent.message_id });
      } catch (err) {
        this.logger.info({ err: errText(err), memberId: s.id }, "could not notify a moderator of a join request");
      }
    }
    await this.repository.setNotices(row.id, notices);
  }

  /**
   * A moderator's Approve or Decline. The first decision wins (atomic claim);
   * a later tap learns who decided. Every moderator's notice then shows it.
   */
  async decideManual(actor: MemberState | undefined, requestId: number, status: "APPROVED" | "DECLINED"): Promise<ManualOutcome> {
    if (!isStaff(actor)) throw new ForbiddenError();
    // The decision and its audit row commit together (a claim released after Telegram refused keeps the row: the moderator did decide).
    let group: GroupView | undefined;
    const claimed = await this.repository.claim(requestId, status, actor.id, this.now(), async (tx, row) => {
      group = await this.groups.byId(row.groupId);
      await this.audit.record(
        {
          actorId: actor.id,
          action: status === "APPROVED" ? "group.join-approve" : "group.join-decline",
          targetMemberId: row.memberId,
          details: { groupId: row.groupId, ...(group ? { groupTitle: group.title } : {}), targetTelegramId: row.telegramUserId.toString(), requestId: row.id },
        },
        tx,
      );
    });
    if (!claimed) {
      const row = await this.repository.find(requestId);
      if (!row) return { kind: "missing" };
      return { kind: "already", status: row.status, decider: row.decidedById ? await this.deciderName(row.decidedById) : null };
    }
    const result = group?.isActive ? await this.execute(group, claimed, status) : "gone";
    const decider = await this.deciderName(actor.id);
    await this.markNotices(claimed, status, decider);
    if (group && status === "APPROVED" && result === "done") {
      const requester = claimed.memberId !== null ? await this.members.findStateById(claimed.memberId) : undefined;
      await this.tellAdmitted(claimed.telegramUserId, group, requester?.locale);
    }
    return { kind: "decided", status, gone: result === "gone" };
  }

  /** A moderator as the others' notices name them: profile name, else @username, else the member number. */
  private async deciderName(memberId: number): Promise<string> {
    const hit = await this.members.hit(memberId);
    return hit?.fullName ?? (hit?.username ? `@${hit.username}` : `#${memberId}`);
  }

  /** Replaces the buttons of every moderator's notice of a decided request with who decided (none: the bot, after 48 h). */
  private async markNotices(row: JoinRequestRow, status: "APPROVED" | "DECLINED", decider: string | null): Promise<void> {
    if (row.notices.length === 0) return;
    const locales = new Map((await this.members.reachableStaff()).map((s) => [Number(s.telegramId), s.locale]));
    for (const notice of row.notices) {
      const t = this.translator.forLocale(locales.get(notice.chatId) ?? this.translator.defaultLocale);
      await this.api
        .editMessageReplyMarkup(notice.chatId, notice.messageId, { reply_markup: decidedKeyboard(t, row.id, status, decider) })
        .catch((err: unknown) => this.logger.info({ err: errText(err), requestId: row.id }, "could not update a moderator's notice"));
    }
  }

  /** "You are in: <group>" in private (best effort: the member may have blocked the bot). */
  private async tellAdmitted(telegramUserId: bigint, group: GroupView, locale: string | undefined): Promise<void> {
    const t = this.translator.forLocale(locale ?? this.translator.defaultLocale);
    const keyboard = openGroupKeyboard(t, group);
    await this.api
      .sendMessage(Number(telegramUserId), t("groups-gate-you-are-in", { group: group.title }), keyboard ? { reply_markup: keyboard } : {})
      .catch((err: unknown) => this.logger.info({ err: errText(err) }, "could not tell a member they were let in"));
  }

  /**
   * Approves a registered, eligible user's pending requests in groups whose
   * policy is REGISTERED (MANUAL ones stay with the moderators). Returns the
   * groups they are in now.
   */
  async admitPending(telegramUserId: bigint): Promise<GroupView[]> {
    const who = await this.repository.requester(telegramUserId);
    if (!who.eligible || who.banned || who.memberId === null) return [];
    const rows = await this.repository.pendingOf(telegramUserId);
    await this.repository.setMember(
      rows.map((r) => r.id),
      who.memberId,
    );
    const admitted: GroupView[] = [];
    for (const row of rows) {
      const group = await this.groups.byId(row.groupId);
      if (!group?.linked || !group.isActive || group.joinPolicy === "MANUAL") continue;
      const claimed = await this.repository.claim(row.id, "APPROVED", null, this.now());
      if (!claimed) continue;
      try {
        if ((await this.execute(group, claimed, "APPROVED")) === "done") admitted.push(group);
      } catch (err) {
        // Released: the member's link or a new request tries again.
        this.logger.warn({ err: errText(err), requestId: row.id }, "could not approve a join request after registration");
      }
    }
    return admitted;
  }

  /** `member.registered`: their pending requests are approved and they are told, at once. */
  async memberRegistered(memberId: number): Promise<void> {
    const member = await this.members.findStateById(memberId);
    if (!member) return;
    for (const group of await this.admitPending(member.telegramId)) await this.tellAdmitted(member.telegramId, group, member.locale);
  }

  /** The `join_<group>` link opened by a registered member. */
  async openJoinLink(member: MemberState, groupId: number): Promise<JoinLinkOutcome> {
    const group = await this.groups.byId(groupId);
    if (!group?.linked || !group.isActive) return { kind: "unknown" };
    const admitted = await this.admitPending(member.telegramId);
    if (admitted.some((g) => g.id === group.id)) return { kind: "admitted", group };
    const who = await this.repository.requester(member.telegramId);
    if (who.banned) return { kind: "banned", group };
    const row = await this.repository.findByGroupAndUser(group.id, member.telegramId);
    if (row?.status === "APPROVED") return { kind: "member", group };
    if (row?.status === "PENDING") return { kind: group.joinPolicy === "MANUAL" ? "waiting" : "not-eligible", group };
    return { kind: "request", group };
  }

  /**
   * `groups.expire-requests`: declines requests pending for 48 hours, in
   * batches of `batch` (each claimed in one statement before any call).
   * Returns how many were declined.
   */
  async expire(batch = 100): Promise<number> {
    const at = this.now();
    const before = new Date(at.getTime() - JOIN_REQUEST_TTL_MS);
    const groups = new Map<number, GroupView | undefined>();
    let afterId = 0;
    let total = 0;
    for (;;) {
      const rows = await this.repository.claimExpired(before, afterId, batch, at);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!groups.has(row.groupId)) groups.set(row.groupId, await this.groups.byId(row.groupId));
        const group = groups.get(row.groupId);
        try {
          // A group the bot left has no request to decline at Telegram any more.
          if (group?.isActive) await this.execute(group, row, "DECLINED");
          total++;
          await this.markNotices(row, "DECLINED", null);
        } catch (err) {
          // Released to PENDING: the next run tries again (the cursor keeps this run from looping on it).
          this.logger.warn({ err: errText(err), requestId: row.id }, "could not decline an expired join request");
        }
      }
      afterId = rows.at(-1)!.id;
      if (rows.length < batch) break;
    }
    await this.repairUnconfirmed(at, batch);
    await this.approveReleased(at, batch);
    return total;
  }

  /**
   * Approves requests that should have been approved but whose call failed
   * for a passing reason (released to PENDING): without this, a registered
   * member hit by a Telegram hiccup would be declined after 48 hours.
   */
  private async approveReleased(at: Date, batch: number): Promise<void> {
    const rows = await this.repository.approvable(new Date(at.getTime() - UNCONFIRMED_AFTER_MS), batch);
    for (const row of rows) {
      const group = await this.groups.byId(row.groupId);
      const claimed = group && (await this.repository.claim(row.id, "APPROVED", null, at));
      if (!group || !claimed) continue;
      try {
        await this.execute(group, claimed, "APPROVED");
      } catch (err) {
        this.logger.warn({ err: errText(err), requestId: row.id }, "could not approve a join request on a second try");
      }
    }
  }

  /** Carries out again the decisions a crash cut short (claimed 10 minutes ago, never confirmed). */
  private async repairUnconfirmed(at: Date, batch: number): Promise<void> {
    const before = new Date(at.getTime() - UNCONFIRMED_AFTER_MS);
    let afterId = 0;
    for (;;) {
      const rows = await this.repository.unconfirmed(before, afterId, batch);
      for (const row of rows) {
        const status = row.status === "APPROVED" ? "APPROVED" : "DECLINED";
        const group = await this.groups.byId(row.groupId);
        try {
          if (group?.isActive) await this.execute(group, row, status);
          else await this.repository.confirm(row.id, at);
          this.logger.warn({ requestId: row.id, status }, "join request decision carried out again after an interruption");
        } catch (err) {
          // Released to PENDING: decided again like any pending request.
          this.logger.warn({ err: errText(err), requestId: row.id }, "could not carry out an interrupted join request decision");
        }
      }
      if (rows.length < batch) break;
      afterId = rows.at(-1)!.id;
    }
  }

  /** What a queued invitation sends, or undefined when it no longer applies (decided, or the 5-minute window closed). */
  async inviteFor(requestId: number, locale: string, bot: string): Promise<Invite | undefined> {
    const row = await this.repository.find(requestId);
    if (row?.status !== "PENDING") return undefined;
    if (this.now().getTime() - row.createdAt.getTime() > USER_CHAT_WINDOW_MS) return undefined;
    const group = await this.groups.byId(row.groupId);
    if (!group) return undefined;
    return { requestId, chatId: Number(row.userChatId), groupId: group.id, title: group.title, locale, bot, createdAt: row.createdAt };
  }
}
