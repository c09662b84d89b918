import { randomBytes } from "node:crypto";
import { startConversation } from "../../bot/questionnaire.js";
import { Composer, InlineKeyboard } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import { parseId, parsePage } from "../../bot/callback-data.js";
import { DomainError } from "../../shared/errors.js";
import { truncate } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { ANY, matCb, ratingKeyboard, editFieldsKeyboard, typeCode, typeFromCode } from "./materials.keyboards.js";
import { listButton, listLine, statusLabel } from "./materials.render.js";
import { normaliseSearchQuery, type MaterialFilters, type MaterialListItem } from "./materials.search.js";
import { attachmentFromMessage, linkFromText } from "./materials.steps.js";
import { searchStateKey } from "./materials.search-state.js";
import { checkAttachment } from "./materials.validation.js";
import { MATERIAL_COMMENT, MATERIAL_EDIT, MATERIAL_REPORT, MATERIAL_SEARCH, MATERIAL_UPLOAD } from "./materials.conversation.js";
import { cardMessage, downloadCaption, sendMaterialFile, type UiDeps } from "./materials.ui.js";
import { isStaff } from "./materials.service.js";
import { MATERIAL_TYPES, type MaterialType } from "./materials.types.js";
import { modCb } from "./materials.keyboards.js";

export const PAGE_SIZE = 8;
const COMMENTS_PAGE = 5;
const INLINE_PAGE = 20;
const SEARCH_TTL_SECONDS = 24 * 3600;

function ui(ctx: BotContext): UiDeps {
  return { t: ctx.t, locale: ctx.locale, catalogue: ctx.services.catalogue, botUsername: ctx.me.username };
}

/** Replies with a domain error's message (alert for buttons). */
async function explain(ctx: BotContext, error: unknown): Promise<void> {
  if (!(error instanceof DomainError)) throw error;
  const text = ctx.t(error.key, error.vars);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

// ---------------------------------------------------------------- cards

/** Opens a material card: edits the button's message in place, or sends it. */
export async function showCard(ctx: BotContext, id: number, options: { edit: boolean; back?: string; countView?: boolean }): Promise<void> {
  const m = await ctx.services.materials.view(ctx.member, id, { countView: options.countView });
  const { text, reply_markup } = await cardMessage(ui(ctx), m, ctx.member, options.back);
  const editable = options.edit && ctx.callbackQuery?.message && !("caption" in ctx.callbackQuery.message && ctx.callbackQuery.message.caption !== undefined);
  if (editable) await ctx.editMessageText(text, { reply_markup, link_preview_options: { is_disabled: true } });
  else await ctx.reply(text, { reply_markup, link_preview_options: { is_disabled: true } });
}

// ---------------------------------------------------------------- library browsing

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
  kb.row().text(ctx.t("library-any-grade"), matCb.pack("y", subject, ANY)).row().text(ctx.t("materials-back"), matCb.pack("subjects"));
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

/** A page of results: numbered lines, a button per material, paging that edits in place. */
function resultsKeyboard(
  items: MaterialListItem[],
  offset: number,
  open: (id: number) => string,
  nav: { prev?: string; next?: string; extra?: Array<[string, string]> },
  t: BotContext["t"],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((m, i) => {
    kb.text(listButton(offset + i + 1, m.title), open(m.id));
    kb.row();
  });
  if (nav.prev || nav.next) {
    if (nav.prev) kb.text(t("library-prev"), nav.prev);
    if (nav.next) kb.text(t("library-next"), nav.next);
    kb.row();
  }
  for (const [label, data] of nav.extra ?? []) kb.text(label, data).row();
  return kb;
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

// ---------------------------------------------------------------- search

interface SearchState {
  q: string;
  s?: string;
  g?: string;
  y?: MaterialType;
}

// Named by the member: another member's token finds nothing, and /forgetme finds them all.
function searchKey(ctx: BotContext, token: string): string {
  return searchStateKey(ctx.deps.config.redisPrefix, ctx.from?.id ?? 0, token);
}

async function saveSearch(ctx: BotContext, state: SearchState, token = randomBytes(6).toString("base64url")): Promise<string> {
  await ctx.deps.redis.set(searchKey(ctx, token), JSON.stringify(state), "EX", SEARCH_TTL_SECONDS);
  return token;
}

async function loadSearch(ctx: BotContext, token: string | undefined): Promise<SearchState | undefined> {
  if (!token || !/^[A-Za-z0-9_-]{8}$/.test(token)) return undefined;
  const raw = await ctx.deps.redis.get(searchKey(ctx, token));
  return raw ? (JSON.parse(raw) as SearchState) : undefined;
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

// ---------------------------------------------------------------- comments

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

// ---------------------------------------------------------------- my materials

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

// ---------------------------------------------------------------- inline mode

function inlineResult(ctx: BotContext, m: MaterialListItem): InlineQueryResult | undefined {
  const id = `m${m.id}`;
  const description = truncate([ctx.t(`materials-type-${m.type}`), m.description].filter(Boolean).join(" · "), 200);
  const open = new InlineKeyboard().url(ctx.t("inline-open-in-bot"), `https://t.me/${ctx.me.username}?start=m_${m.id}`);
  const caption = truncate(m.title, 900);
  switch (m.kind) {
    case "DOCUMENT":
      return { type: "document", id, title: truncate(m.title, 200), document_file_id: m.fileId!, description, caption, reply_markup: open };
    case "PHOTO":
      return { type: "photo", id, photo_file_id: m.fileId!, title: truncate(m.title, 200), description, caption, reply_markup: open };
    case "VIDEO":
      return { type: "video", id, video_file_id: m.fileId!, title: truncate(m.title, 200), description, caption, reply_markup: open };
    case "AUDIO":
      return { type: "audio", id, audio_file_id: m.fileId!, caption, reply_markup: open };
    case "LINK":
      return {
        type: "article",
        id,
        title: truncate(m.title, 200),
        description,
        input_message_content: { message_text: ctx.t("inline-link-message", { title: m.title, url: m.url ?? "" }), parse_mode: "HTML", link_preview_options: { is_disabled: false } },
        reply_markup: open,
      };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- screens (commands and menu buttons)

export async function startUpload(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
  await startConversation(ctx, MATERIAL_UPLOAD);
}

export async function showLibrary(ctx: BotContext): Promise<void> {
  const { text, reply_markup } = await renderSubjects(ctx);
  await ctx.reply(text, { reply_markup });
}

/** /search without words: the search mode asks for the query. */
export async function showSearchHelp(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("search-how"), {
    reply_markup: new InlineKeyboard().switchInlineCurrent(ctx.t("search-inline-button"), ""),
  });
  await startConversation(ctx, MATERIAL_SEARCH);
}

export async function showMine(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
  const { text, reply_markup } = await renderMine(ctx, 0);
  await ctx.reply(text, { reply_markup });
}

// ---------------------------------------------------------------- the composer

/** /upload, /library, /search, /mymaterials, cards, ratings, comments, reports and inline mode. */
export function materialsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // Inline mode works in any chat.
  composer.on("inline_query", async (ctx) => {
    if (!ctx.member?.registered) {
      await ctx.answerInlineQuery([], { cache_time: 10, is_personal: true, button: { text: ctx.t("inline-register"), start_parameter: "inline" } });
      return;
    }
    const { search, profile } = ctx.services;
    const page = /^\d{1,4}$/.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
    const q = normaliseSearchQuery(ctx.inlineQuery.query);
    const result = q
      ? await search.search(q, {}, INLINE_PAGE, page * INLINE_PAGE)
      : await search.newestForSubjects((await profile.get(ctx.member.id))?.subjectCodes ?? [], INLINE_PAGE, page * INLINE_PAGE);
    await ctx.answerInlineQuery(
      result.items.flatMap((m) => inlineResult(ctx, m) ?? []),
      { cache_time: 30, is_personal: !q, next_offset: result.hasMore ? String(page + 1) : "" },
    );
  });

  const pm = composer.chatType("private");

  pm.command("upload", startUpload);
  pm.on([":document", ":photo", ":video", ":audio"], async (ctx) => {
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
    const attachment = attachmentFromMessage(ctx.msg);
    const checked = attachment ? checkAttachment(attachment) : ({ ok: false, error: "materials-file-type" } as const);
    if (!checked.ok) return void (await ctx.reply(ctx.t(checked.error)));
    await startConversation(ctx, MATERIAL_UPLOAD, checked.value);
  });
  pm.on("message:text", async (ctx, next) => {
    const url = linkFromText(ctx.msg.text);
    if (!url) return next();
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
    await startConversation(ctx, MATERIAL_UPLOAD, { kind: "LINK", url });
  });

  pm.command("library", showLibrary);
  pm.command("search", async (ctx) => {
    if (!ctx.match.trim()) return showSearchHelp(ctx);
    await runSearch(ctx, ctx.match);
  });
  pm.command("mymaterials", showMine);

  pm.callbackQuery(matCb.pattern, async (ctx) => {
    const data = matCb.unpack(ctx.callbackQuery.data);
    if (!data) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    const { materials } = ctx.services;
    const args = data.args;
    const id = parseId(args[0]);
    try {
      switch (data.action) {
        case "subjects": {
          await ctx.answerCallbackQuery();
          const { text, reply_markup } = await renderSubjects(ctx);
          return void (await ctx.editMessageText(text, { reply_markup }));
        }
        case "g": {
          const view = await renderGrades(ctx, args[0] ?? "");
          if (!view) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }));
        }
        case "y": {
          const [subject, grade] = args;
          if (!subject || !grade || !(await filtersOf(ctx, { subject, grade, type: ANY }))) break;
          await ctx.answerCallbackQuery();
          const view = renderTypes(ctx, subject, grade);
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }));
        }
        case "l": {
          const state = parseList(args);
          const view = state && (await renderList(ctx, state));
          if (!view) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } }));
        }
        case "o": {
          const state = parseList(args.slice(1));
          if (id === undefined || !state) break;
          await ctx.answerCallbackQuery();
          return void (await showCard(ctx, id, { edit: true, back: listData(state), countView: true }));
        }
        case "so": {
          const page = parsePage(args[2]);
          if (id === undefined || page === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await showCard(ctx, id, { edit: true, back: matCb.pack("sr", args[1]!, page), countView: true }));
        }
        case "card":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await showCard(ctx, id, { edit: true, countView: false }));
        case "get": {
          if (id === undefined) break;
          await materials.download(ctx.member, id, (m) => sendMaterialFile(ctx, m, downloadCaption(m)));
          return void (await ctx.answerCallbackQuery());
        }
        case "rate": {
          if (id === undefined || !ctx.member?.registered) break;
          const current = await materials.ratingOf(ctx.member, id);
          await ctx.answerCallbackQuery({ text: ctx.t("materials-rate-hint") });
          return void (await ctx.editMessageReplyMarkup({ reply_markup: ratingKeyboard(ctx.t, id, current) }));
        }
        case "rv": {
          const value = Number(args[1]);
          if (id === undefined || !/^[1-5]$/.test(args[1] ?? "")) {
            return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-rating-bad"), show_alert: true }));
          }
          const { average, count } = await materials.rate(ctx.member, id, value);
          await ctx.answerCallbackQuery({ text: ctx.t("materials-rated", { value, average: average.toFixed(1), count }) });
          return void (await showCard(ctx, id, { edit: true }));
        }
        case "com": {
          const page = parsePage(args[1]);
          if (id === undefined || page === undefined) break;
          const view = await renderComments(ctx, id, page);
          await ctx.answerCallbackQuery();
          const fromComments = ctx.callbackQuery.message && "text" in ctx.callbackQuery.message && ctx.callbackQuery.message.text?.startsWith("💬");
          if (fromComments) return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }));
          return void (await ctx.reply(view.text, { reply_markup: view.reply_markup }));
        }
        case "cadd":
          if (id === undefined) break;
          if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-register-first"), show_alert: true }));
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, MATERIAL_COMMENT, id));
        case "rep":
        case "rc": {
          const commentId = data.action === "rc" ? parseId(args[1]) : null;
          if (id === undefined || commentId === undefined) break;
          if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-register-first"), show_alert: true }));
          // A repeat report is told so before it is asked for a reason.
          await materials.reportable(ctx.member, id, commentId);
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, MATERIAL_REPORT, id, commentId));
        }
        case "edm":
          if (id === undefined) break;
          await materials.editable(ctx.member, id);
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: editFieldsKeyboard(ctx.t, id) }));
        case "ed":
          if (id === undefined || !args[1]) break;
          // Refused before the question: a forged button must not ask for a value it will not take.
          await materials.editable(ctx.member, id);
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, MATERIAL_EDIT, id, args[1]));
        case "wd":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({
            reply_markup: new InlineKeyboard().text(ctx.t("materials-withdraw-yes"), matCb.pack("wdy", id)).text(ctx.t("materials-back"), matCb.pack("card", id)),
          }));
        case "wdy":
          if (id === undefined) break;
          await materials.withdraw(ctx.member, id);
          await ctx.answerCallbackQuery({ text: ctx.t("materials-withdrawn") });
          return void (await showCard(ctx, id, { edit: true }));
        case "my": {
          const page = parsePage(args[0]);
          if (page === undefined || !ctx.member?.registered) break;
          await ctx.answerCallbackQuery();
          const view = await renderMine(ctx, page);
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup }));
        }
        case "sr": {
          const page = parsePage(args[1]);
          const state = await loadSearch(ctx, args[0]);
          if (page === undefined) break;
          if (!state) return void (await ctx.answerCallbackQuery({ text: ctx.t("search-expired"), show_alert: true }));
          await ctx.answerCallbackQuery();
          const view = await renderSearch(ctx, args[0]!, state, page);
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } }));
        }
        case "sf":
        case "sk": {
          const state = await loadSearch(ctx, args[0]);
          if (!state) return void (await ctx.answerCallbackQuery({ text: ctx.t("search-expired"), show_alert: true }));
          const what = data.action === "sk" ? (args[1] as "s" | "g" | "y") : undefined;
          if (what !== undefined && !["s", "g", "y"].includes(what)) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: await filtersKeyboard(ctx, args[0]!, state, what) }));
        }
        case "sv": {
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
          else break;
          await saveSearch(ctx, next, token);
          await ctx.answerCallbackQuery();
          const view = await renderSearch(ctx, token, next, 0);
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } }));
        }
      }
    } catch (error) {
      return explain(ctx, error);
    }
    await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
  });
  return composer;
}

/** Deep link m_<id>: the card, as a new message. */
export async function openMaterialLink(ctx: BotContext, argument: string): Promise<void> {
  const id = parseId(argument);
  if (id === undefined) return void (await ctx.reply(ctx.t("materials-not-found")));
  try {
    await showCard(ctx, id, { edit: false, countView: true });
  } catch (error) {
    await explain(ctx, error);
  }
}

