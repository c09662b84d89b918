import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parsePage } from "../../bot/callback-data.js";
import { truncate } from "../../shared/html.js";
import { matCb, PAGE_SIZE } from "./materials.keyboards.js";
import { listButton, statusLabel } from "./materials.render.js";

async function renderMine(ctx: BotContext, page: number): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { items, total } = await ctx.services.materials.mine(ctx.member, page, PAGE_SIZE);
  const lines = items.map((m, i) =>
    ctx.t("mine-line", {
      n: page * PAGE_SIZE + i + 1,
      title: truncate(m.title, 100),
      status: statusLabel(ctx.t, m),
      views: m.viewCount,
      downloads: m.downloadCount,
      rating: m.ratingCount ? (m.ratingSum / m.ratingCount).toFixed(1) : "—",
    }),
  );
  const text = `${ctx.t("mine-title", { total })}\n\n${lines.join("\n") || ctx.t("mine-empty")}`;
  const kb = new InlineKeyboard();
  items.forEach((m, i) => kb.text(listButton(page * PAGE_SIZE + i + 1, m.title), matCb.pack("card", m.id)).row());
  if (page > 0) kb.text(ctx.t("library-prev"), matCb.pack("my", page - 1));
  if ((page + 1) * PAGE_SIZE < total) kb.text(ctx.t("library-next"), matCb.pack("my", page + 1));
  return { text, reply_markup: kb };
}

/** /mymaterials and the menu button: the member's own materials with their status and numbers. */
export async function showMine(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
  const { text, reply_markup } = await renderMine(ctx, 0);
  await ctx.reply(text, { reply_markup });
}

/** "My materials": the list and its pages (each line opens the card). */
export function mineFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("mymaterials", showMine);

  pm.callbackQuery(
    matCb.action("my"),
    matCb.handle(async (ctx, args) => {
      const page = parsePage(args[0]);
      if (page === undefined || !ctx.member?.registered) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      const view = await renderMine(ctx, page);
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
    }),
  );

  return composer;
}
