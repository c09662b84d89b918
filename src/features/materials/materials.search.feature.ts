import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { showCard } from "./materials.card.feature.js";
import { MATERIAL_SEARCH } from "./materials.conversation.js";
import { ANY, matCb, PAGE_SIZE, resultsKeyboard, typeCode, typeFromCode } from "./materials.keyboards.js";
import { listLine } from "./materials.render.js";
import { normaliseSearchQuery, type MaterialFilters } from "./materials.search.js";
import type { SearchState } from "./materials.search-state.js";
import { MATERIAL_TYPES } from "./materials.types.js";

// Named by the member: another member's token finds nothing, and /forgetme finds them all.
function saveSearch(ctx: BotContext, state: SearchState, token?: string): Promise<string> {
  return ctx.services.searchStates.save(ctx.from?.id ?? 0, state, token);
}

function loadSearch(ctx: BotContext, token: string | undefined): Promise<SearchState | undefined> {
  return ctx.services.searchStates.load(ctx.from?.id ?? 0, token);
}

async function renderSearch(ctx: BotContext, token: string, state: SearchState, page: number): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const offset = page * PAGE_SIZE;
  const filters: MaterialFilters = { subjectCode: state.s, gradeCode: state.g, type: state.y };
  const { items, hasMore, mode } = await ctx.services.search.search(state.q, filters, PAGE_SIZE, offset);
  // "No exact matches, similar:" only above similar results: an empty answer says "nothing found" once.
  const similar = mode === "fuzzy" && (items.length > 0 || page > 0);
  const head = ctx.t(similar ? "search-title-fuzzy" : "search-title", { query: truncate(state.q, 100) });
  const filterLine = await filterSummary(ctx, state);
  const lines = items.map((m, i) => listLine(ctx.t, offset + i + 1, m));
  const text = `${head}${filterLine ? `\n${filterLine}` : ""}\n\n${items.length ? lines.join("\n") : ctx.t(page > 0 ? "library-no-more" : "search-nothing")}`;
  const reply_markup = resultsKeyboard(
    items,
    offset,
    (id) => matCb.pack("so", id, token, page),
    {
      prev: page > 0 ? matCb.pack("sr", token, page - 1) : undefined,
      next: hasMore ? matCb.pack("sr", token, page + 1) : undefined,
      extra: [[ctx.t("search-filters"), matCb.pack("sf", token)]],
    },
    ctx.t,
  );
  return { text, reply_markup };
}

async function filterSummary(ctx: BotContext, s: SearchState): Promise<string> {
  const { catalogue } = ctx.services;
  const parts: string[] = [];
  const subject = s.s ? await catalogue.subject(s.s) : undefined;
  const grade = s.g ? await catalogue.grade(s.g) : undefined;
  if (subject) parts.push(localName(subject, ctx.locale));
  if (grade) parts.push(localName(grade, ctx.locale));
  if (s.y) parts.push(ctx.t(`materials-type-${s.y}`));
  return parts.length ? ctx.t("search-filter-line", { filters: parts.join(" · ") }) : "";
}

async function filtersKeyboard(ctx: BotContext, token: string, s: SearchState, what: "s" | "g" | "y" | undefined): Promise<InlineKeyboard> {
  const { catalogue } = ctx.services;
  const kb = new InlineKeyboard();
  if (what === "s") {
    (await catalogue.subjects()).forEach((x, i) => {
      kb.text(`${s.s === x.code ? "✅ " : ""}${localName(x, ctx.locale)}`, matCb.pack("sv", token, "s", x.code));
      if (i % 2 === 1) kb.row();
    });
  } else if (what === "g") {
    (await catalogue.grades()).forEach((x, i) => {
      kb.text(`${s.g === x.code ? "✅ " : ""}${localName(x, ctx.locale)}`, matCb.pack("sv", token, "g", x.code));
      if (i % 3 === 2) kb.row();
    });
  } else if (what === "y") {
    MATERIAL_TYPES.forEach((x, i) => {
      kb.text(`${s.y === x ? "✅ " : ""}${ctx.t(`materials-type-${x}`)}`, matCb.pack("sv", token, "y", typeCode(x)));
      if (i % 2 === 1) kb.row();
    });
  } else {
    kb.text(ctx.t("search-filter-subject"), matCb.pack("sk", token, "s"))
      .text(ctx.t("search-filter-grade"), matCb.pack("sk", token, "g"))
      .text(ctx.t("search-filter-type"), matCb.pack("sk", token, "y"))
      .row()
      .text(ctx.t("search-filter-clear"), matCb.pack("sv", token, "x", ANY));
  }
  return kb.row().text(ctx.t("materials-back"), matCb.pack("sr", token, 0));
}

/** Runs a search typed by the member and shows the first page (also used by the search mode). */
export async function runSearch(ctx: BotContext, raw: string): Promise<void> {
  const q = normaliseSearchQuery(raw);
  if (!q) {
    await ctx.reply(ctx.t("search-bad-query"));
    return;
  }
  const token = await saveSearch(ctx, { q });
  const { text, reply_markup } = await renderSearch(ctx, token, { q }, 0);
  await ctx.reply(text, { reply_markup, link_preview_options: { is_disabled: true } });
}

/** /search without words: the search mode asks for the query. */
export async function showSearchHelp(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("search-how"), {
    reply_markup: new InlineKeyboard().switchInlineCurrent(ctx.t("search-inline-button"), ""),
  });
  await startConversation(ctx, MATERIAL_SEARCH);
}

/** The filters screen (`sf`) or one filter's choices (`sk`) of a saved search. */
async function showFilters(ctx: BotContext, token: string | undefined, what: "s" | "g" | "y" | undefined): Promise<void> {
  const state = await loadSearch(ctx, token);
  if (!state) return void (await ctx.answerCallbackQuery({ text: ctx.t("search-expired"), show_alert: true }));
  if (what !== undefined && !["s", "g", "y"].includes(what)) return answerStale(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: await filtersKeyboard(ctx, token!, state, what) });
}

/** /search: results of a typed query, their pages and filters (the query and filters are kept in Redis for a day). */
export function searchFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("search", async (ctx) => {
    if (!ctx.match.trim()) return showSearchHelp(ctx);
    await runSearch(ctx, ctx.match);
  });

  // A card opened from the results: its Back button returns to the same page.
  pm.callbackQuery(
    matCb.action("so"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[2]);
      if (id === undefined || page === undefined) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await showCard(ctx, id, { edit: true, back: matCb.pack("sr", args[1]!, page), countView: true });
    }),
  );

  pm.callbackQuery(
    matCb.action("sr"),
    matCb.handle(async (ctx, args) => {
      const page = parsePage(args[1]);
      const state = await loadSearch(ctx, args[0]);
      if (page === undefined) return answerStale(ctx);
      if (!state) return void (await ctx.answerCallbackQuery({ text: ctx.t("search-expired"), show_alert: true }));
      await ctx.answerCallbackQuery();
      const view = await renderSearch(ctx, args[0]!, state, page);
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
    }),
  );

  pm.callbackQuery(
    matCb.action("sf"),
    matCb.handle((ctx, args) => showFilters(ctx, args[0], undefined)),
  );
  pm.callbackQuery(
    matCb.action("sk"),
    matCb.handle((ctx, args) => showFilters(ctx, args[0], args[1] as "s" | "g" | "y")),
  );

  pm.callbackQuery(
    matCb.action("sv"),
    matCb.handle(async (ctx, args) => {
      const token = args[0]!;
      const state = await loadSearch(ctx, token);
      if (!state) return void (await ctx.answerCallbackQuery({ text: ctx.t("search-expired"), show_alert: true }));
      const [, what, value] = args;
      const { catalogue } = ctx.services;
      const next: SearchState = { ...state };
      if (what === "x") {
        delete next.s;
        delete next.g;
        delete next.y;
      } else if (what === "s" && value && (await catalogue.subject(value))) next.s = next.s === value ? undefined : value;
      else if (what === "g" && value && (await catalogue.grade(value))) next.g = next.g === value ? undefined : value;
      else if (what === "y" && typeFromCode(value)) next.y = next.y === typeFromCode(value) ? undefined : typeFromCode(value);
      else return answerStale(ctx);
      await saveSearch(ctx, next, token);
      await ctx.answerCallbackQuery();
      const view = await renderSearch(ctx, token, next, 0);
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
    }),
  );

  return composer;
}
