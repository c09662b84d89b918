import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { MATERIAL_COMMENT, MATERIAL_REPORT } from "./materials.conversation.js";
import { matCb, modCb } from "./materials.keyboards.js";
import { isStaff } from "../members/members.types.js";

const COMMENTS_PAGE = 5;

async function renderComments(ctx: BotContext, id: number, page: number): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { materials } = ctx.services;
  const m = await materials.view(ctx.member, id);
  const { items, total } = await materials.comments(ctx.member, id, page, COMMENTS_PAGE);
  const fmt = new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "ru-RU", { dateStyle: "short", timeZone: ctx.deps.config.defaultTimezone });
  const lines = items.map((c, i) =>
    ctx.t("comments-line", { n: page * COMMENTS_PAGE + i + 1, author: c.authorName ?? ctx.t("materials-deleted-author"), at: fmt.format(c.createdAt), text: c.text }),
  );
  const text = `${ctx.t("comments-title", { title: truncate(m.title, 100), total })}\n\n${lines.join("\n\n") || ctx.t("comments-empty")}`;
  const kb = new InlineKeyboard();
  if (ctx.member?.registered) kb.text(ctx.t("comments-add"), matCb.pack("cadd", id)).row();
  if (items.length && ctx.member?.registered) {
    items.forEach((c, i) => kb.text(`⚠️ ${page * COMMENTS_PAGE + i + 1}`, matCb.pack("rc", id, c.id)));
    kb.row();
  }
  if (items.length && isStaff(ctx.member)) {
    items.forEach((c, i) => kb.text(`🗑 ${page * COMMENTS_PAGE + i + 1}`, modCb.pack("cdel", c.id)));
    kb.row();
  }
  if (page > 0) kb.text(ctx.t("library-prev"), matCb.pack("com", id, page - 1));
  if ((page + 1) * COMMENTS_PAGE < total) kb.text(ctx.t("library-next"), matCb.pack("com", id, page + 1));
  kb.row().text(ctx.t("materials-open-card"), matCb.pack("card", id));
  return { text, reply_markup: kb };
}

/** Reports a material (`commentId` null) or one of its comments. */
async function startReport(ctx: BotContext, id: number | undefined, commentId: number | null | undefined): Promise<void> {
  if (id === undefined || commentId === undefined) return answerStale(ctx);
  if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-register-first"), show_alert: true }));
  // A repeat report is told so before it is asked for a reason.
  await ctx.services.materials.reportable(ctx.member, id, commentId);
  await ctx.answerCallbackQuery();
  await startConversation(ctx, MATERIAL_REPORT, id, commentId);
}

/** A material's comments (pages, adding one) and reports of a material or a comment. */
export function commentsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.callbackQuery(
    matCb.action("com"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[1]);
      if (id === undefined || page === undefined) return answerStale(ctx);
      const view = await renderComments(ctx, id, page);
      await ctx.answerCallbackQuery();
      const fromComments = ctx.callbackQuery.message && "text" in ctx.callbackQuery.message && ctx.callbackQuery.message.text?.startsWith("💬");
      if (fromComments) return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }));
      await ctx.reply(view.text, { reply_markup: view.reply_markup });
    }),
  );

  pm.callbackQuery(
    matCb.action("cadd"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-register-first"), show_alert: true }));
      await ctx.answerCallbackQuery();
      await startConversation(ctx, MATERIAL_COMMENT, id);
    }),
  );

  pm.callbackQuery(
    matCb.action("rep"),
    matCb.handle((ctx, args) => startReport(ctx, parseId(args[0]), null)),
  );
  pm.callbackQuery(
    matCb.action("rc"),
    matCb.handle((ctx, args) => startReport(ctx, parseId(args[0]), parseId(args[1]))),
  );

  return composer;
}
