import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { trusted, truncate } from "../../shared/html.js";
import { viewerZone } from "../events/events.feature.js";
import { BROADCAST_COMPOSE } from "./broadcasts.conversation.js";
import { broadcastKeyboard, broadcastsCb } from "./broadcasts.keyboards.js";
import { BROADCASTS_PAGE_SIZE } from "./broadcasts.service.js";
import type { BroadcastView } from "./broadcasts.types.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";

const STATUS_MARK: Record<BroadcastView["status"], string> = { SCHEDULED: "🕒", SENDING: "📤", DONE: "✅", CANCELLED: "🚫" };

const viewer = async (ctx: BotContext) => ({ locale: ctx.locale, zone: await viewerZone(ctx) });

/** /broadcast and the menu's button: composing is for admins, and moderators when the setting allows it. */
export async function startBroadcast(ctx: BotContext): Promise<void> {
  if (!(await ctx.services.broadcasts.mayBroadcast(ctx.member))) return void (await ctx.reply(ctx.t("broadcasts-forbidden")));
  await startConversation(ctx, BROADCAST_COMPOSE);
}

async function historyView(ctx: BotContext, page: number): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const { broadcasts, broadcastReports } = ctx.services;
  const { items, total } = await broadcasts.page(ctx.member, page);
  const pages = Math.max(1, Math.ceil(total / BROADCASTS_PAGE_SIZE));
  const zone = await viewerZone(ctx);
  const display = toLocale(ctx.locale);
  if (total === 0) return { text: ctx.t("broadcasts-history-empty"), keyboard: new InlineKeyboard() };
  const lines = [ctx.t("broadcasts-history-title", { page: page + 1, pages, total })];
  const kb = new InlineKeyboard();
  for (const b of items) {
    const stats = await broadcasts.stats(b);
    // One line: the dimensions side by side.
    const audience = trusted((await broadcastReports.audience(b, ctx.locale, true)).value.replace(/\n/g, " · "));
    lines.push(
      "",
      ctx.t("broadcasts-history-line", {
        mark: STATUS_MARK[b.status],
        id: b.id,
        time: formatZonedTime(b.startedAt ?? b.scheduledAt, zone, display),
        author: truncate(b.authorName ?? `#${b.authorId}`, 60),
        summary: truncate(b.summary || "…", 60),
        audience,
        recipients: b.recipientCount,
        sent: stats.sent,
        failed: stats.failed,
        blocked: stats.blocked,
      }),
    );
    kb.text(`${STATUS_MARK[b.status]} #${b.id}`, broadcastsCb.pack("open", b.id, page));
  }
  if (pages > 1) kb.row();
  if (page > 0) kb.text("◀️", broadcastsCb.pack("page", page - 1));
  if (page < pages - 1) kb.text("▶️", broadcastsCb.pack("page", page + 1));
  return { text: lines.join("\n"), keyboard: kb };
}

/** /broadcasts: the history, newest first, with each broadcast's statistics. */
export async function showBroadcasts(ctx: BotContext): Promise<void> {
  const view = await historyView(ctx, 0);
  await ctx.reply(view.text, { reply_markup: view.keyboard, link_preview_options: { is_disabled: true } });
}

export function broadcastsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("broadcast", startBroadcast);
  pm.command("broadcasts", showBroadcasts);

  composer.on("callback_query:data", async (ctx, next) => {
    const data = broadcastsCb.unpack(ctx.callbackQuery.data);
    if (!data) return next();
    // Refusals (DomainError: not allowed, not found, already cancelled) are answered by the error boundary.
    const { broadcasts, broadcastReports } = ctx.services;
    if (data.action === "page") {
      const page = parsePage(data.args[0]);
      if (page === undefined) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
      const view = await historyView(ctx, page);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard, link_preview_options: { is_disabled: true } });
      return void (await ctx.answerCallbackQuery());
    }
    const id = parseId(data.args[0]);
    const back = data.args[1] === undefined ? undefined : parsePage(data.args[1]);
    if (id === undefined || (data.action !== "open" && data.action !== "cancel")) {
      return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    }
    const broadcast = data.action === "cancel" ? await broadcasts.cancel(ctx.member, id) : await broadcasts.get(ctx.member, id);
    const text = await broadcastReports.card(broadcast, await viewer(ctx), true);
    await ctx.editMessageText(text, { reply_markup: broadcastKeyboard(ctx.t, broadcast, back), link_preview_options: { is_disabled: true } });
    await ctx.answerCallbackQuery(data.action === "cancel" ? { text: ctx.t("broadcasts-cancel-done", { id }) } : undefined);
  });

  return composer;
}
