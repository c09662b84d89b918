import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { EVENT_FEEDBACK } from "./events.conversation.js";
import { evtCb } from "./events.keyboards.js";

/** /checkin CODE: the service finds the member's running event with this code. */
async function checkInByCode(ctx: BotContext, code: string): Promise<void> {
  const { result, event } = await ctx.services.events.checkInByCode(ctx.member, code);
  await ctx.reply(ctx.t(result === "already" ? "events-checkin-already" : "events-checkin-done", { title: event.title }));
}

/**
 * Attendance: /checkin CODE, the check-in button (`ci`, also in the "starting
 * now" reminder) and the feedback scores (`fb`, in the feedback request).
 */
export function attendanceFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("checkin", async (ctx) => {
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
    const code = ctx.match.trim();
    if (!code || code.length > 32) return void (await ctx.reply(ctx.t("events-checkin-usage")));
    await checkInByCode(ctx, code);
  });

  pm.callbackQuery(
    evtCb.action("ci"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const result = await ctx.services.events.checkIn(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t(result === "already" ? "events-checkin-already-short" : "events-checkin-done-short"), show_alert: true });
    }),
  );

  pm.callbackQuery(
    evtCb.action("fb"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const score = /^[1-5]$/.test(args[1] ?? "") ? Number(args[1]) : undefined;
      if (id === undefined || score === undefined) return answerStale(ctx);
      await ctx.services.events.feedback(ctx.member, id, score);
      await ctx.answerCallbackQuery({ text: ctx.t("events-feedback-thanks", { score }) });
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
      await startConversation(ctx, EVENT_FEEDBACK, id, score);
    }),
  );

  return composer;
}
