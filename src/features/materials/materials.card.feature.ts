import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { MATERIAL_EDIT } from "./materials.conversation.js";
import { editFieldsKeyboard, matCb, ratingKeyboard } from "./materials.keyboards.js";
import { cardMessage, downloadCaption, sendMaterialFile, type UiDeps } from "./materials.ui.js";

function ui(ctx: BotContext): UiDeps {
  return { t: ctx.t, locale: ctx.locale, catalogue: ctx.services.catalogue, botUsername: ctx.me.username, links: ctx.services.materialCardLinks };
}

/** Opens a material card: edits the button's message in place, or sends it. */
export async function showCard(ctx: BotContext, id: number, options: { edit: boolean; back?: string; countView?: boolean }): Promise<void> {
  const m = await ctx.services.materials.view(ctx.member, id, { countView: options.countView });
  const { text, reply_markup } = await cardMessage(ui(ctx), m, ctx.member, options.back);
  const editable = options.edit && ctx.callbackQuery?.message && !("caption" in ctx.callbackQuery.message && ctx.callbackQuery.message.caption !== undefined);
  if (editable) await ctx.editMessageText(text, { reply_markup, link_preview_options: { is_disabled: true } });
  else await ctx.reply(text, { reply_markup, link_preview_options: { is_disabled: true } });
}

/** Deep link m_<id>: the card, as a new message. */
export async function openMaterialLink(ctx: BotContext, argument: string): Promise<void> {
  const id = parseId(argument);
  if (id === undefined) return void (await ctx.reply(ctx.t("materials-not-found")));
  await showCard(ctx, id, { edit: false, countView: true });
}

/** The card's buttons: open, download, rate, and the author's edit and withdraw. */
export function materialCardFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.callbackQuery(
    matCb.action("card"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await showCard(ctx, id, { edit: true, countView: false });
    }),
  );

  pm.callbackQuery(
    matCb.action("get"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.services.materials.download(ctx.member, id, (m) => sendMaterialFile(ctx, m, downloadCaption(m)));
      await ctx.answerCallbackQuery();
    }),
  );

  pm.callbackQuery(
    matCb.action("rate"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined || !ctx.member?.registered) return answerStale(ctx);
      const current = await ctx.services.materials.ratingOf(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("materials-rate-hint") });
      await ctx.editMessageReplyMarkup({ reply_markup: ratingKeyboard(ctx.t, id, current) });
    }),
  );

  pm.callbackQuery(
    matCb.action("rv"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const value = Number(args[1]);
      if (id === undefined || !/^[1-5]$/.test(args[1] ?? "")) {
        return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-rating-bad"), show_alert: true }));
      }
      const { average, count } = await ctx.services.materials.rate(ctx.member, id, value);
      await ctx.answerCallbackQuery({ text: ctx.t("materials-rated", { value, average: average.toFixed(1), count }) });
      await showCard(ctx, id, { edit: true });
    }),
  );

  pm.callbackQuery(
    matCb.action("edm"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.services.materials.editable(ctx.member, id);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: editFieldsKeyboard(ctx.t, id) });
    }),
  );

  pm.callbackQuery(
    matCb.action("ed"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined || !args[1]) return answerStale(ctx);
      // Refused before the question: a forged button must not ask for a value it will not take.
      await ctx.services.materials.editable(ctx.member, id);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, MATERIAL_EDIT, id, args[1]);
    }),
  );

  pm.callbackQuery(
    matCb.action("wd"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({
        reply_markup: new InlineKeyboard().text(ctx.t("materials-withdraw-yes"), matCb.pack("wdy", id)).text(ctx.t("materials-back"), matCb.pack("card", id)),
      });
    }),
  );

  pm.callbackQuery(
    matCb.action("wdy"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.services.materials.withdraw(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("materials-withdrawn") });
      await showCard(ctx, id, { edit: true });
    }),
  );

  return composer;
}
