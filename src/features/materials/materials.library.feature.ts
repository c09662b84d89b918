import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { localName } from "../catalogue/catalogue.service.js";
import { showCard } from "./materials.card.feature.js";
import { ANY, matCb, PAGE_SIZE, resultsKeyboard, typeCode, typeFromCode } from "./materials.keyboards.js";
import { listLine } from "./materials.render.js";
import type { MaterialFilters } from "./materials.search.js";
import { MATERIAL_TYPES } from "./materials.types.js";

/** Where a member is in the library: subject, grade and type (ANY for any), order and page. */
interface ListState {
  subject: string;
  grade: string;
  type: string;
  order: "n" | "p";
  page: number;
}

function listData(s: ListState): string {
  return matCb.pack("l", s.subject, s.grade, s.type, s.order, s.page);
}

function parseList(args: string[]): ListState | undefined {
  const [subject, grade, type, order, page] = args;
  const p = parsePage(page);
  if (!subject || !grade || !type || (order !== "n" && order !== "p") || p === undefined) return undefined;
  return { subject, grade, type, order, page: p };
}

async function filtersOf(ctx: BotContext, s: Pick<ListState, "subject" | "grade" | "type">): Promise<MaterialFilters | undefined> {
  const { catalogue } = ctx.services;
  const filters: MaterialFilters = {};
  if (s.subject !== ANY) {
    if (!(await catalogue.subject(s.subject))) return undefined;
    filters.subjectCode = s.subject;
  }
  if (s.grade !== ANY) {
    if (!(await catalogue.grade(s.grade))) return undefined;
    filters.gradeCode = s.grade;
  }
  if (s.type !== ANY) {
    const type = typeFromCode(s.type);
    if (!type) return undefined;
    filters.type = type;
  }
  return filters;
}

async function renderSubjects(ctx: BotContext): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { catalogue, search } = ctx.services;
  const counts = await search.countsBySubject();
  const kb = new InlineKeyboard();
  const subjects = (await catalogue.subjects()).filter((s) => (counts.get(s.code) ?? 0) > 0);
  const mine = new Set(ctx.member?.registered ? ((await ctx.services.profile.get(ctx.member.id))?.subjectCodes ?? []) : []);
  subjects.sort((a, b) => Number(mine.has(b.code)) - Number(mine.has(a.code)));
  subjects.forEach((s, i) => {
    kb.text(`${mine.has(s.code) ? "⭐ " : ""}${localName(s, ctx.locale)} (${counts.get(s.code)})`, matCb.pack("g", s.code));
    if (i % 2 === 1) kb.row();
  });
  kb.row().text(ctx.t("library-all-materials"), listData({ subject: ANY, grade: ANY, type: ANY, order: "n", page: 0 }));
  const text = subjects.length ? ctx.t("library-choose-subject") : ctx.t("library-empty");
  return { text, reply_markup: kb };
}

async function renderGrades(ctx: BotContext, subject: string): Promise<{ text: string; reply_markup: InlineKeyboard } | undefined> {
  const s = await ctx.services.catalogue.subject(subject);
  if (!s) return undefined;
  const kb = new InlineKeyboard();
  (await ctx.services.catalogue.grades()).forEach((g, i) => {
    kb.text(localName(g, ctx.locale), matCb.pack("y", subject, g.code));
    if (i % 3 === 2) kb.row();
  });
  kb.row()
    .text(ctx.t("library-any-grade"), matCb.pack("y", subject, ANY))
    .row()
    .text(ctx.t("materials-back"), matCb.pack("subjects"));
  return { text: ctx.t("library-choose-grade", { subject: localName(s, ctx.locale) }), reply_markup: kb };
}

function renderTypes(ctx: BotContext, subject: string, grade: string): { text: string; reply_markup: InlineKeyboard } {
  const kb = new InlineKeyboard();
  MATERIAL_TYPES.forEach((type, i) => {
    kb.text(ctx.t(`materials-type-${type}`), listData({ subject, grade, type: typeCode(type), order: "n", page: 0 }));
    if (i % 2 === 1) kb.row();
  });
  kb.row()
    .text(ctx.t("library-any-type"), listData({ subject, grade, type: ANY, order: "n", page: 0 }))
    .row()
    .text(ctx.t("materials-back"), matCb.pack("g", subject));
  return { text: ctx.t("library-choose-type"), reply_markup: kb };
}

async function renderList(ctx: BotContext, s: ListState): Promise<{ text: string; reply_markup: InlineKeyboard } | undefined> {
  const filters = await filtersOf(ctx, s);
  if (!filters) return undefined;
  const offset = s.page * PAGE_SIZE;
  const { items, hasMore } = await ctx.services.search.browse(filters, s.order === "p" ? "popular" : "newest", PAGE_SIZE, offset);
  const back = s.subject === ANY ? matCb.pack("subjects") : matCb.pack("y", s.subject, s.grade);
  const title = await listTitle(ctx, filters, s.order);
  const lines = items.map((m, i) => listLine(ctx.t, offset + i + 1, m));
  const text = items.length ? `${title}\n\n${lines.join("\n")}` : `${title}\n\n${ctx.t(s.page > 0 ? "library-no-more" : "library-level-empty")}`;
  const reply_markup = resultsKeyboard(
    items,
    offset,
    (id) => matCb.pack("o", id, s.subject, s.grade, s.type, s.order, s.page),
    {
      prev: s.page > 0 ? listData({ ...s, page: s.page - 1 }) : undefined,
      next: hasMore ? listData({ ...s, page: s.page + 1 }) : undefined,
      extra: [
        [ctx.t(s.order === "n" ? "library-order-popular" : "library-order-newest"), listData({ ...s, order: s.order === "n" ? "p" : "n", page: 0 })],
        [ctx.t("materials-back"), back],
      ],
    },
    ctx.t,
  );
  return { text, reply_markup };
}

async function listTitle(ctx: BotContext, f: MaterialFilters, order: "n" | "p"): Promise<string> {
  const { catalogue } = ctx.services;
  const parts: string[] = [];
  const subject = f.subjectCode ? await catalogue.subject(f.subjectCode) : undefined;
  const grade = f.gradeCode ? await catalogue.grade(f.gradeCode) : undefined;
  parts.push(subject ? localName(subject, ctx.locale) : ctx.t("library-all-subjects"));
  if (grade) parts.push(localName(grade, ctx.locale));
  if (f.type) parts.push(ctx.t(`materials-type-${f.type}`));
  return ctx.t("library-list-title", { path: parts.join(" › "), order: ctx.t(order === "p" ? "library-sorted-popular" : "library-sorted-newest") });
}

/** /library and the menu button: subjects that have materials, the member's own first. */
export async function showLibrary(ctx: BotContext): Promise<void> {
  const { text, reply_markup } = await renderSubjects(ctx);
  await ctx.reply(text, { reply_markup });
}

/** Library browsing: subject › grade › type › a page of materials, every step edited in place. */
export function libraryFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("library", showLibrary);

  pm.callbackQuery(
    matCb.action("subjects"),
    matCb.handle(async (ctx) => {
      await ctx.answerCallbackQuery();
      const { text, reply_markup } = await renderSubjects(ctx);
      await ctx.editMessageText(text, { reply_markup });
    }),
  );

  pm.callbackQuery(
    matCb.action("g"),
    matCb.handle(async (ctx, args) => {
      const view = await renderGrades(ctx, args[0] ?? "");
      if (!view) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
    }),
  );

  pm.callbackQuery(
    matCb.action("y"),
    matCb.handle(async (ctx, args) => {
      const [subject, grade] = args;
      if (!subject || !grade || !(await filtersOf(ctx, { subject, grade, type: ANY }))) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      const view = renderTypes(ctx, subject, grade);
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
    }),
  );

  pm.callbackQuery(
    matCb.action("l"),
    matCb.handle(async (ctx, args) => {
      const state = parseList(args);
      const view = state && (await renderList(ctx, state));
      if (!view) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
    }),
  );

  // A card opened from a list: its Back button returns to the same page.
  pm.callbackQuery(
    matCb.action("o"),
    matCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const state = parseList(args.slice(1));
      if (id === undefined || !state) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await showCard(ctx, id, { edit: true, back: listData(state), countView: true });
    }),
  );

  return composer;
}
