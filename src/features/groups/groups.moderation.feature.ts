import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { answerStale, createCallbackCodec, parseId } from "../../bot/callback-data.js";
import type { BotContext } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { DomainError } from "../../shared/errors.js";
import { trusted } from "../../shared/html.js";
import { isStaff } from "../members/members.types.js";
import { GROUP_CHAT_TYPES } from "./groups.front.js";
import { banCardKeyboard, banCb, REPORT_DECISIONS, reportCb } from "./groups.moderation.keyboards.js";
import { DEFAULT_MUTE_MINUTES, excerptOf, mention, parseDurationPrefix, topicOf, type ModerationTarget } from "./groups.moderation.service.js";
import type { GroupView } from "./groups.types.js";

/** The admin slice's codec, for the Back button to its member card (rebuilt here: the admin slice imports this slice's button, not the other way round). */
const adminCardCb = createCallbackCodec("adm", 1);

const SERVICE_FIELDS = [
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
  "video_chat_started",
  "video_chat_ended",
  "video_chat_scheduled",
  "video_chat_participants_invited",
  "message_auto_delete_timer_changed",
  "boost_added",
  "chat_background_set",
  "write_access_allowed",
  "proximity_alert_triggered",
] as const;

const isServiceMessage = (m: Message): boolean => SERVICE_FIELDS.some((f) => m[f] !== undefined);

type Replied = { ok: true; replied: Message | undefined; target: ModerationTarget } | { ok: false; key: string };

/** The message a command answers, and whose author it acts on. */
export function repliedTarget(message: Message): { ok: true; replied: Message; target: ModerationTarget } | { ok: false; key: string } {
  const replied = message.reply_to_message;
  // In a forum every message of a topic "replies" to the topic's creation: that is no reply.
  if (!replied || (replied.forum_topic_created && !message.quote)) return { ok: false, key: "groups-mod-reply-needed" };
  if (isServiceMessage(replied)) return { ok: false, key: "groups-mod-service-message" };
  if (replied.sender_chat || !replied.from) return { ok: false, key: "groups-mod-target-anonymous" };
  if (replied.from.is_bot) return { ok: false, key: "groups-mod-target-bot" };
  const from = replied.from;
  return { ok: true, replied, target: { telegramId: BigInt(from.id), name: [from.first_name, from.last_name].filter(Boolean).join(" ") } };
}

const reasonOf = (text: string): string | null => text.trim().slice(0, 500) || null;

type GroupCtx = BotContext & { chat: { id: number; type: "group" | "supergroup" }; message: Message };

/**
 * /warn, /mute, /unmute, /ban, /unban (community staff, as replies) and
 * /report (anyone) in linked groups; the moderators' report buttons and the
 * ban screen of /admin's member card in private chats.
 */
export function groupsModerationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const groups = composer.chatType(GROUP_CHAT_TYPES);

  /** Runs a staff command after the checks every one of them shares; answers in the group's language. */
  const staffCommand = (
    name: string,
    act: (ctx: GroupCtx, group: GroupView, gt: Translate, target: ModerationTarget, replied: Message | undefined, args: string) => Promise<string>,
    /** /ban and /unban also take a Telegram id instead of a reply (a banned user can no longer post). */
    byId = false,
  ) => {
    groups.command(name, async (ctx) => {
      const group = await ctx.services.groups.group(ctx.chat.id);
      if (!group) return;
      const moderation = ctx.services.groupModeration;
      const gt = ctx.deps.translator.forLocale(group.locale);
      const answer = (key: string, vars?: Record<string, string | number>) => moderation.notice(group, gt(key, vars), topicOf(ctx.msg));
      if (!isStaff(ctx.member)) return answer("groups-mod-staff-only");
      if (!group.linked) return answer("groups-mod-not-linked");
      if (ctx.chat.type !== "supergroup") return answer("groups-mod-not-supergroup");
      const idArg = byId && !ctx.msg.reply_to_message ? /^(\d{1,15})(?:\s+([\s\S]*))?$/.exec(ctx.match.trim()) : null;
      const replied: Replied = idArg ? { ok: true, replied: undefined, target: { telegramId: BigInt(idArg[1]!), name: `id ${idArg[1]}` } } : repliedTarget(ctx.msg);
      if (!replied.ok) return answer(replied.key);
      try {
        const text = await act(ctx, group, gt, replied.target, replied.replied, idArg ? (idArg[2] ?? "") : ctx.match);
        await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      } catch (error) {
        if (error instanceof DomainError) return answer(error.key, error.vars);
        throw error;
      }
    });
  };

  staffCommand("warn", async (ctx, group, gt, target, replied, args) => {
    const reason = reasonOf(args);
    const { count, mutedUntil } = await ctx.services.groupModeration.warn(ctx.member, group, target, reason, replied ? excerptOf(replied) : null);
    const who = mention(target.telegramId, target.name);
    return gt(mutedUntil ? "groups-warned-muted" : "groups-warned", { name: trusted(who), count, reason: reason ?? "—" });
  });

  staffCommand("mute", async (ctx, group, gt, target, replied, args) => {
    const parsed = parseDurationPrefix(args);
    const minutes = parsed?.minutes ?? DEFAULT_MUTE_MINUTES;
    const reason = reasonOf(parsed ? parsed.rest : args);
    await ctx.services.groupModeration.mute(ctx.member, group, target, minutes, reason, replied ? excerptOf(replied) : null);
    return gt("groups-muted", { name: trusted(mention(target.telegramId, target.name)), duration: formatMinutes(gt, minutes), reason: reason ?? "—" });
  });

  staffCommand("unmute", async (ctx, group, gt, target, _replied, args) => {
    await ctx.services.groupModeration.unmute(ctx.member, group, target, reasonOf(args));
    return gt("groups-unmuted", { name: trusted(mention(target.telegramId, target.name)) });
  });

  staffCommand(
    "ban",
    async (ctx, group, gt, target, replied, args) => {
      const reason = reasonOf(args);
      const { groups: count } = await ctx.services.groupModeration.ban(ctx.member, target, reason, group, replied ? excerptOf(replied) : null);
      return gt("groups-banned", { name: trusted(mention(target.telegramId, target.name)), count, reason: reason ?? "—" });
    },
    true,
  );

  staffCommand(
    "unban",
    async (ctx, group, gt, target, _replied, args) => {
      const { groups: count, wasBanned } = await ctx.services.groupModeration.unban(ctx.member, target, reasonOf(args), group);
      return gt(wasBanned ? "groups-unbanned" : "groups-not-banned", { name: trusted(mention(target.telegramId, target.name)), count });
    },
    true,
  );

  groups.command("report", async (ctx) => {
    const group = await ctx.services.groups.group(ctx.chat.id);
    if (!group?.linked || !group.isActive || !ctx.from) return;
    const moderation = ctx.services.groupModeration;
    const gt = ctx.deps.translator.forLocale(group.locale);
    const thread = topicOf(ctx.msg);
    // The command itself goes: the group sees no trace of who reported.
    await moderation.deletes.deleteNow(ctx.chat.id, [ctx.msg.message_id]);
    const replied = repliedTarget(ctx.msg);
    if (!replied.ok) return moderation.notice(group, gt(replied.key === "groups-mod-reply-needed" ? "groups-report-reply-needed" : replied.key), thread);
    const outcome = await moderation.report({ telegramId: BigInt(ctx.from.id), member: ctx.member }, group, {
      messageId: replied.replied.message_id,
      threadId: thread ?? null,
      target: replied.target,
      excerpt: excerptOf(replied.replied),
    });
    await moderation.notice(group, gt(outcome === "no-moderators" ? "groups-report-no-moderators" : "groups-report-sent"), thread);
  });

  const pm = composer.chatType("private");
  for (const decision of REPORT_DECISIONS) {
    pm.callbackQuery(
      reportCb.action(decision),
      reportCb.handle(async (ctx, [raw]) => {
        const id = parseId(raw);
        if (id === undefined) return answerStale(ctx);
        if (!isStaff(ctx.member)) return ctx.answerCallbackQuery({ text: ctx.t("groups-mod-staff-only"), show_alert: true });
        try {
          const result = await ctx.services.groupModeration.decide(ctx.member, id, decision);
          const what = ctx.t(`groups-report-decision-${result.decision}`);
          if (result.won) await ctx.answerCallbackQuery({ text: ctx.t("groups-report-done", { decision: what }) });
          else await ctx.answerCallbackQuery({ text: ctx.t("groups-report-taken", { by: result.byName, decision: what }), show_alert: true });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          await ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true });
        }
      }),
    );
  }
  pm.callbackQuery(reportCb.pattern, (ctx) => answerStale(ctx));

  // The ban screen of /admin's member card.
  pm.callbackQuery(
    banCb.pattern,
    banCb.handle(async (ctx, [raw]) => {
      const data = banCb.unpack(ctx.callbackQuery.data);
      const id = parseId(raw);
      if (!data || id === undefined || !["card", "ban", "unban"].includes(data.action)) return answerStale(ctx);
      if (!isStaff(ctx.member)) return ctx.answerCallbackQuery({ text: ctx.t("groups-mod-staff-only"), show_alert: true });
      const hit = await ctx.services.membersRepository.hit(id);
      if (!hit?.telegramId) return ctx.answerCallbackQuery({ text: ctx.t("groups-ban-card-no-telegram"), show_alert: true });
      const moderation = ctx.services.groupModeration;
      const target: ModerationTarget = { telegramId: hit.telegramId, name: hit.fullName ?? hit.username ?? `#${hit.id}` };
      try {
        if (data.action === "ban") {
          const { groups: count } = await moderation.ban(ctx.member, target, null);
          await ctx.answerCallbackQuery({ text: ctx.t("groups-ban-card-banned", { count }) });
        } else if (data.action === "unban") {
          const { groups: count } = await moderation.unban(ctx.member, target, null);
          await ctx.answerCallbackQuery({ text: ctx.t("groups-ban-card-unbanned", { count }) });
        } else await ctx.answerCallbackQuery();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true });
      }
      const banned = await moderation.isBanned(hit.telegramId);
      await ctx.editMessageText(ctx.t("groups-ban-card", { name: target.name, banned: ctx.t(banned ? "groups-ban-card-is-banned" : "groups-ban-card-not-banned") }), {
        reply_markup: banCardKeyboard(ctx.t, hit.id, banned, adminCardCb.pack("card", hit.id)),
      });
    }),
  );

  return composer;
}

function formatMinutes(t: Translate, minutes: number): string {
  if (minutes % 1440 === 0) return t("groups-duration-days", { n: minutes / 1440 });
  if (minutes % 60 === 0) return t("groups-duration-hours", { n: minutes / 60 });
  return t("groups-duration-minutes", { n: minutes });
}
