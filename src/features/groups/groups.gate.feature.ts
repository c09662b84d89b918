import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { trusted } from "../../shared/html.js";
import { decidedKeyboard, gateCb, openGroupKeyboard } from "./groups.gate.keyboards.js";

/**
 * The gate's handlers: `chat_join_request` (decided by GateService), the
 * moderators' Approve / Decline buttons of manual requests, and the
 * `join_<group>` deep link (registered members; others register first).
 */
export function groupsGateFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("chat_join_request", async (ctx) => {
    const request = ctx.chatJoinRequest;
    const { decision } = await ctx.services.groupGate.handleJoinRequest({
      chatId: request.chat.id,
      user: request.from,
      userChatId: request.user_chat_id,
      botUsername: ctx.me.username,
    });
    ctx.logger.debug({ chatId: request.chat.id, decision }, "join request handled");
  });

  const pm = composer.chatType("private");
  pm.callbackQuery(
    gateCb.action("ok"),
    gateCb.handle((ctx, args) => decide(ctx, args, "APPROVED")),
  );
  pm.callbackQuery(
    gateCb.action("no"),
    gateCb.handle((ctx, args) => decide(ctx, args, "DECLINED")),
  );
  pm.callbackQuery(
    gateCb.action("x"),
    gateCb.handle((ctx) => ctx.answerCallbackQuery({ text: ctx.t("groups-gate-already-decided") })),
  );
  return composer;
}

/** A moderator's Approve or Decline: the first decision wins, a later one learns who decided. */
async function decide(ctx: BotContext, args: string[], status: "APPROVED" | "DECLINED"): Promise<unknown> {
  const requestId = parseId(args[0]);
  if (requestId === undefined) return answerStale(ctx);
  const outcome = await ctx.services.groupGate.decideManual(ctx.member, requestId, status);
  if (outcome.kind === "missing") return answerStale(ctx);
  if (outcome.kind === "decided") {
    const key = outcome.gone ? "groups-gate-gone" : status === "APPROVED" ? "groups-gate-approved-toast" : "groups-gate-declined-toast";
    return ctx.answerCallbackQuery({ text: ctx.t(key) });
  }
  // Someone was first: this copy shows their decision too.
  if (outcome.status !== "PENDING") {
    await ctx.editMessageReplyMarkup({ reply_markup: decidedKeyboard(ctx.t, requestId, outcome.status, outcome.decider) }).catch(() => undefined);
  }
  // A toast is plain text, not HTML: the name goes in as it is.
  return ctx.answerCallbackQuery({
    text: outcome.decider ? ctx.t("groups-gate-already-decided-by", { name: trusted(outcome.decider) }) : ctx.t("groups-gate-already-decided"),
  });
}

/** `t.me/<bot>?start=join_<group>`: a registered member's pending request is approved (or they learn why not). */
export async function openJoinLink(ctx: BotContext, argument: string): Promise<void> {
  const groupId = parseId(argument);
  const member = ctx.member;
  if (groupId === undefined || !member?.registered) {
    await ctx.reply(ctx.t("groups-gate-link-unknown"));
    return;
  }
  const outcome = await ctx.services.groupGate.openJoinLink(member, groupId);
  if (outcome.kind === "unknown") {
    await ctx.reply(ctx.t("groups-gate-link-unknown"));
    return;
  }
  const { group } = outcome;
  const open = openGroupKeyboard(ctx.t, group);
  switch (outcome.kind) {
    case "admitted":
    case "member":
      await ctx.reply(ctx.t("groups-gate-you-are-in", { group: group.title }), open ? { reply_markup: open } : {});
      return;
    case "waiting":
      await ctx.reply(ctx.t("groups-gate-link-waiting", { group: group.title }));
      return;
    case "banned":
      await ctx.reply(ctx.t("groups-gate-link-banned", { group: group.title }));
      return;
    case "not-eligible":
      await ctx.reply(ctx.t("groups-gate-link-not-eligible", { group: group.title }));
      return;
    case "request":
      await ctx.reply(ctx.t("groups-gate-link-request", { group: group.title }), open ? { reply_markup: open } : {});
      return;
  }
}
