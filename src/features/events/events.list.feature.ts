import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { truncate } from "../../shared/html.js";
import { showCard } from "./events.card.feature.js";
import { evtCb, listData, type ListState } from "./events.keyboards.js";
import { listLine, viewerZone } from "./events.render.js";

const PAGE_SIZE = 6;

async function renderList(ctx: BotContext, state: ListState): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { events, profile } = ctx.services;
  const own = ctx.member?.registered ? ((await profile.get(ctx.member.id))?.subjectCodes ?? []) : [];
  const { items, total } = await events.upcoming(ctx.member, { subjectsFirst: own, all: state.all, limit: PAGE_SIZE, offset: state.page * PAGE_SIZE });
  const zone = await viewerZone(ctx);
  const kb = new InlineKeyboard();
  const lines = items.map((card, i) => {
    const n = state.page * PAGE_SIZE + i + 1;
    kb.text(`${n}. ${truncate(card.event.title, 40)}`, evtCb.pack("o", card.event.id, state.all ? 1 : 0, state.page)).row();
    return listLine(ctx, n, card, zone);
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages > 1) {
    if (state.page > 0) kb.text("◀️", listData({ ...state, page: state.page - 1 }));
    kb.text(`${state.page + 1}/${pages}`, listData(state));
    if (state.page + 1 < pages) kb.text("▶️", listData({ ...state, page: state.page + 1 }));
    kb.row();
  }
  if (own.length > 0) kb.text(ctx.t(state.all ? "events-show-mine" : "events-show-all"), listData({ all: !state.all, page: 0 }));
  const head = ctx.t(state.all || own.length === 0 ? "events-list-title-all" : "events-list-title-mine", { zone });
  const text = items.length ? `${head}\n\n${lines.join("\n\n")}` : `${head}\n\n${ctx.t("events-list-empty")}`;
  return { text, reply_markup: kb };
}

/** /events and the menu button: upcoming events, the member's subjects first. */
export async function showEvents(ctx: BotContext): Promise<void> {
  const view = await renderList(ctx, { all: false, page: 0 });
  await ctx.reply(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
}

/** /events: upcoming events page by page, the member's subjects only or all; each opens its card. */
export function eventListFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("events", showEvents);

  pm.callbackQuery(
    evtCb.action("l"),
    evtCb.handle(async (ctx, args) => {
      const page = parsePage(args[1]);
      if ((args[0] !== "0" && args[0] !== "1") || page === undefined) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      const view = await renderList(ctx, { all: args[0] === "1", page });
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
    }),
  );

  // A card opened from the list: its Back button returns to the same page.
  pm.callbackQuery(
    evtCb.action("o"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[2]);
      if (id === undefined || (args[1] !== "0" && args[1] !== "1") || page === undefined) return answerStale(ctx);
      await showCard(ctx, id, { edit: true, back: listData({ all: args[1] === "1", page }), answer: true });
    }),
  );

  return composer;
}
