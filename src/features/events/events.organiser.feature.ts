import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { showCard } from "./events.card.feature.js";
import { EVENT_CREATE, EVENT_EDIT, EVENT_RECORDING } from "./events.conversation.js";
import { cancelConfirmKeyboard, editFieldFromCode, editFieldsKeyboard, evtCb } from "./events.keyboards.js";

/** /newevent and the organiser's menu button. */
export async function startNewEvent(ctx: BotContext): Promise<void> {
  ctx.services.events.requireOrganiser(ctx.member);
  await startConversation(ctx, EVENT_CREATE);
}

/** An organiser's tools: /newevent, and on a card edit, cancel, the recording, registrants and feedback. */
export function organiserFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("newevent", startNewEvent);

  pm.callbackQuery(
    evtCb.action("ed"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: editFieldsKeyboard(ctx.t, id) });
    }),
  );

  pm.callbackQuery(
    evtCb.action("ef"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const field = editFieldFromCode(args[1]);
      if (id === undefined || !field) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, EVENT_EDIT, id, args[1]);
    }),
  );

  pm.callbackQuery(
    evtCb.action("x"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: cancelConfirmKeyboard(ctx.t, id) });
    }),
  );

  pm.callbackQuery(
    evtCb.action("xy"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const { notify } = await ctx.services.events.cancel(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("events-cancelled-done", { count: notify.length }), show_alert: true });
      await showCard(ctx, id, { edit: true });
    }),
  );

  pm.callbackQuery(
    evtCb.action("rec"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, EVENT_RECORDING, id);
    }),
  );

  pm.callbackQuery(
    evtCb.action("rg"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const { event, registrants } = await ctx.services.events.registrants(ctx.member, id);
      await ctx.answerCallbackQuery();
      const lines = registrants.map((r, i) =>
        ctx.t("events-registrant-line", {
          n: i + 1,
          name: r.name ?? ctx.t("events-registrant-unknown"),
          username: r.username ? `@${r.username}` : "",
          status: ctx.t(`events-status-${r.status}`),
          attended: r.attendedAt ? "✅" : "",
        }),
      );
      const text = `${ctx.t("events-registrants-title", { title: truncate(event.title, 200), count: registrants.length })}\n\n${lines.length ? lines.slice(0, 100).join("\n") : ctx.t("events-registrants-none")}`;
      await ctx.editMessageText(truncate(text, 4000), { reply_markup: new InlineKeyboard().text(ctx.t("events-back"), evtCb.pack("c", id)) });
    }),
  );

  pm.callbackQuery(
    evtCb.action("fa"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const summary = await ctx.services.events.feedbackSummary(ctx.member, id, { comments: 5 });
      await ctx.answerCallbackQuery();
      const head =
        summary.average === null ? ctx.t("events-feedback-none") : ctx.t("events-feedback-summary", { average: summary.average.toFixed(1), count: summary.count });
      const comments = summary.comments.map((c) => ctx.t("events-feedback-comment-line", { score: c.score, comment: truncate(c.comment, 300) }));
      const text = [head, ...comments].join("\n\n");
      await ctx.editMessageText(text, { reply_markup: new InlineKeyboard().text(ctx.t("events-back"), evtCb.pack("c", id)) });
    }),
  );

  return composer;
}
