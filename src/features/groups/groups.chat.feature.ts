import { Composer } from "grammy";
import type { ChatMember } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import { GROUP_CHAT_TYPES } from "./groups.front.js";
import type { BotMembership } from "./groups.service.js";

const PRESENT: readonly ChatMember["status"][] = ["creator", "administrator", "member"];
/** Whether a chat member is in the chat (a restricted member may still be in it). */
export const isPresent = (m: ChatMember): boolean => PRESENT.includes(m.status) || (m.status === "restricted" && m.is_member);

/** The right names of a missing-rights notice, in the group's language (`can_pin_messages` → groups-right-pin-messages). */
export function rightsList(t: BotContext["t"], rights: readonly string[]): string {
  return rights.map((r) => `• ${t(`groups-right-${r.replace(/^can_/, "").replace(/_/g, "-")}`)}`).join("\n");
}

/**
 * The bot's own membership in groups (added, promoted, removed), who joins and
 * leaves them (the Bot API cannot list members, so the bot keeps count), and
 * the migration of a group to a supergroup.
 */
export function groupsChatFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const groups = composer.chatType(GROUP_CHAT_TYPES);

  groups.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    const m = update.new_chat_member;
    const membership: BotMembership = { status: m.status, rights: m.status === "administrator" ? m : undefined };
    const { group, missing, removed } = await ctx.services.groups.botMembershipChanged(ctx.chat, membership, ctx.member);
    ctx.logger.info({ chatId: ctx.chat.id, status: m.status, missing }, "bot membership in a group changed");
    if (removed) return;
    const gt = ctx.deps.translator.forLocale(group.locale);
    if (missing.length > 0) {
      // The bot may not be allowed to write in the group yet; the admin still hears of it privately.
      await ctx.api.sendMessage(ctx.chat.id, gt("groups-missing-rights", { rights: rightsList(gt, missing) }), { parse_mode: "HTML" }).catch((err) => {
        ctx.logger.info({ err: err instanceof Error ? err.message : err }, "could not tell the group about missing rights");
      });
      await ctx.api
        .sendMessage(update.from.id, ctx.t("groups-missing-rights-private", { title: group.title, rights: rightsList(ctx.t, missing) }), { parse_mode: "HTML" })
        .catch((err) => ctx.logger.info({ err: err instanceof Error ? err.message : err }, "could not tell the admin about missing rights"));
    } else if (!group.linked) {
      await ctx.api.sendMessage(ctx.chat.id, gt("groups-added-not-linked"), { parse_mode: "HTML" }).catch(() => undefined);
    }
  });

  groups.on("chat_member", async (ctx) => {
    const { old_chat_member: before, new_chat_member: after } = ctx.chatMember;
    if (after.user.is_bot) return;
    const group = await ctx.services.groups.group(ctx.chat.id);
    if (!group?.linked) return;
    const userId = BigInt(after.user.id);
    if (!isPresent(before) && isPresent(after)) {
      const member = await ctx.services.members.find(userId);
      await ctx.services.groups.memberJoined(group, userId, member);
      await ctx.services.groupWelcome.joined(group, after.user);
    } else if (isPresent(before) && !isPresent(after)) {
      await ctx.services.groups.memberLeft(group, userId);
    }
  });

  // A group that becomes a supergroup (e.g. when Topics are switched on) gets a new id; its link follows.
  groups.on("message:migrate_to_chat_id", async (ctx) => {
    const group = await ctx.services.groups.migrated(ctx.chat.id, ctx.message.migrate_to_chat_id);
    ctx.logger.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id, linked: group?.linked }, "group migrated to a supergroup");
  });
  groups.on("message:migrate_from_chat_id", async (ctx) => {
    await ctx.services.groups.migrated(ctx.message.migrate_from_chat_id, ctx.chat.id);
  });

  return composer;
}
