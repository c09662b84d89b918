import { Composer, type InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { DomainError } from "../../shared/errors.js";
import { toLocale } from "../../shared/locale.js";
import { viewerZone } from "../events/events.render.js";
import { CONTEST_JURY_COMMENT } from "./contests.jury.conversation.js";
import {
  commentKeyboard,
  confirmKeyboard,
  conflictKeyboard,
  contestsKeyboard,
  criterionKeyboard,
  draftKeyboard,
  entryKeyboard,
  juryCb,
  parsePicks,
  queueKeyboard,
  summaryKeyboard,
  tieKeyboard,
  TIE_GROUP_MAX,
} from "./contests.jury.keyboards.js";
import {
  commentText,
  confirmText,
  conflictText,
  contestsText,
  criterionText,
  draftText,
  ENTRY_TEXT_INLINE,
  entryFullText,
  entryText,
  queueText,
  summaryText,
  tieText,
  type Env,
} from "./contests.jury.render.js";
import type { JurorEntry } from "./contests.jury.service.js";

async function envOf(ctx: BotContext): Promise<Env> {
  return { t: ctx.t, locale: toLocale(ctx.locale), zone: await viewerZone(ctx) };
}

const quiet = { link_preview_options: { is_disabled: true } } as const;

/** Shows a screen: edits the button's message in place, or sends it. */
async function show(ctx: BotContext, text: string, reply_markup: InlineKeyboard, edit = true): Promise<void> {
  if (edit && ctx.callbackQuery?.message) await ctx.editMessageText(text, { reply_markup, ...quiet });
  else await ctx.reply(text, { reply_markup, ...quiet });
}

/** /jury: the contests where the member sits on the jury (a polite answer to everyone else). */
export async function showJury(ctx: BotContext, edit = false): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const items = await ctx.services.jury.myContests(ctx.member);
  await show(ctx, contestsText(await envOf(ctx), items), contestsKeyboard(ctx.t, items), edit);
}

/** Sends the entry's files by file_id, without captions (the author's caption is never passed on), and a long text whole. */
async function sendWork(ctx: BotContext, view: JurorEntry): Promise<void> {
  for (const file of view.entry.files) await ctx.replyWithDocument(file.fileId);
  if (view.entry.text && Array.from(view.entry.text).length > ENTRY_TEXT_INLINE) await ctx.reply(entryFullText(ctx.t, view), quiet);
}

async function showEntry(ctx: BotContext, view: JurorEntry, edit: boolean): Promise<void> {
  await show(ctx, entryText(await envOf(ctx), view), entryKeyboard(ctx.t, view), edit);
}

function showCriterion(ctx: BotContext, view: JurorEntry, index: number): Promise<void> {
  return show(ctx, criterionText(ctx.t, view, index), criterionKeyboard(ctx.t, view, index));
}

/** The comment screen, edited in place; text typed while it is open is the comment. */
async function showCommentScreen(ctx: BotContext, view: JurorEntry): Promise<void> {
  await show(ctx, commentText(ctx.t, view), commentKeyboard(ctx.t, view));
  const messageId = ctx.callbackQuery?.message?.message_id;
  if (messageId !== undefined) await ctx.services.juryComments.open(ctx.from!.id, { reviewId: view.review.id, messageId });
}

export function showSummary(ctx: BotContext, view: JurorEntry, edit = true): Promise<void> {
  return show(ctx, summaryText(ctx.t, view), summaryKeyboard(ctx.t, view), edit);
}

/** Refuses a button that would change a review the juror can no longer change (the window closed while the screen was open). */
function requireEditable(view: JurorEntry): void {
  if (!view.editable) throw new DomainError("contests-jury-closed");
}

/**
 * The jury (issue 13): /jury → a contest's queue → the blind entry → scoring
 * one criterion at a time → comment → summary and submit; conflicts of
 * interest; the chair's results screen. Every id in a button is checked by
 * JuryService (a forged one gets its refusal as an alert); every screen edits
 * its message in place.
 */
export function juryFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("jury", (ctx) => showJury(ctx));

  // Any jury button leaves the comment screen (the two that show it open it again below).
  pm.callbackQuery(juryCb.pattern, async (ctx, next) => {
    await ctx.services.juryComments.close(ctx.from.id);
    await next();
  });

  pm.callbackQuery(
    juryCb.action("l"),
    juryCb.handle(async (ctx) => {
      await ctx.answerCallbackQuery();
      await showJury(ctx, true);
    }),
  );

  pm.callbackQuery(
    juryCb.action("q"),
    juryCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[1] ?? "0");
      if (id === undefined || page === undefined) return answerStale(ctx);
      const { contest, chair, items } = await ctx.services.jury.queue(ctx.member, id);
      await ctx.answerCallbackQuery();
      await show(ctx, queueText(await envOf(ctx), contest, items), queueKeyboard(ctx.t, contest, chair, items, page));
    }),
  );

  // The entry: from the queue its files come first (then the card below them, as a new message); from inside the flow it is edited in place.
  pm.callbackQuery(
    juryCb.action("e"),
    juryCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined || (args[1] !== "0" && args[1] !== "1")) return answerStale(ctx);
      const view = await ctx.services.jury.entry(ctx.member, id);
      await ctx.answerCallbackQuery();
      const withWork = args[1] === "1" && (view.entry.files.length > 0 || Array.from(view.entry.text ?? "").length > ENTRY_TEXT_INLINE);
      if (withWork) await sendWork(ctx, view);
      await showEntry(ctx, view, !withWork);
    }),
  );

  pm.callbackQuery(
    juryCb.action("f"),
    juryCb.handleId(async (ctx, id) => {
      const view = await ctx.services.jury.entry(ctx.member, id);
      await ctx.answerCallbackQuery();
      await sendWork(ctx, view);
      await showEntry(ctx, view, false);
    }),
  );

  pm.callbackQuery(
    juryCb.action("s"),
    juryCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const index = parsePage(args[1]);
      if (id === undefined || index === undefined) return answerStale(ctx);
      const view = await ctx.services.jury.entry(ctx.member, id);
      if (index >= view.contest.criteria.length) return answerStale(ctx);
      requireEditable(view);
      await ctx.answerCallbackQuery();
      await showCriterion(ctx, view, index);
    }),
  );

  // A score: saved, then the next criterion (after the last, the comment screen).
  pm.callbackQuery(
    juryCb.action("p"),
    juryCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const criterionId = parseId(args[1]);
      const value = /^\d{1,2}$/.test(args[2] ?? "") ? Number(args[2]) : undefined;
      if (id === undefined || criterionId === undefined || value === undefined) return answerStale(ctx);
      const view = await ctx.services.jury.score(ctx.member, id, criterionId, value);
      await ctx.answerCallbackQuery();
      const index = view.contest.criteria.findIndex((c) => c.id === criterionId);
      if (index < view.contest.criteria.length - 1) await showCriterion(ctx, view, index + 1);
      else await showCommentScreen(ctx, view);
    }),
  );

  pm.callbackQuery(
    juryCb.action("k"),
    juryCb.handleId(async (ctx, id) => {
      const view = await ctx.services.jury.entry(ctx.member, id);
      requireEditable(view);
      await ctx.answerCallbackQuery();
      await showCommentScreen(ctx, view);
    }),
  );

  // A comment typed on the comment screen, without ✍️ first (an open questionnaire gets its text before this).
  pm.on("message:text", async (ctx, next) => {
    const text = ctx.msg.text.trim();
    if (!text || text.startsWith("/") || !ctx.member?.registered) return next();
    const screens = ctx.services.juryComments;
    const open = await screens.current(ctx.from.id);
    if (!open) return next();
    let view: JurorEntry;
    try {
      view = await ctx.services.jury.comment(ctx.member, open.reviewId, text);
    } catch (error) {
      // Too long: the screen stays open for a shorter one. Anything else (the window closed, a conflict) ends it.
      if (!(error instanceof DomainError && error.key === "contests-jury-comment-long")) await screens.close(ctx.from.id);
      throw error;
    }
    await screens.close(ctx.from.id);
    await ctx.api.editMessageReplyMarkup(ctx.chat.id, open.messageId, { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    // The summary below the typed comment shows it saved.
    await showSummary(ctx, view, false);
  });

  pm.callbackQuery(
    juryCb.action("kw"),
    juryCb.handleId(async (ctx, id) => {
      const view = await ctx.services.jury.entry(ctx.member, id);
      requireEditable(view);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
      await startConversation(ctx, CONTEST_JURY_COMMENT, id);
    }),
  );

  pm.callbackQuery(
    juryCb.action("m"),
    juryCb.handleId(async (ctx, id) => {
      const view = await ctx.services.jury.entry(ctx.member, id);
      await ctx.answerCallbackQuery();
      await showSummary(ctx, view);
    }),
  );

  pm.callbackQuery(
    juryCb.action("u"),
    juryCb.handleId(async (ctx, id) => {
      const { entry, already } = await ctx.services.jury.submit(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t(already ? "contests-jury-submitted-already" : "contests-jury-submitted") });
      await showSummary(ctx, entry);
    }),
  );

  pm.callbackQuery(
    juryCb.action("c"),
    juryCb.handleId(async (ctx, id) => {
      const view = await ctx.services.jury.entry(ctx.member, id);
      requireEditable(view);
      if (view.review.status !== "ASSIGNED") throw new DomainError("contests-jury-conflict-submitted");
      await ctx.answerCallbackQuery();
      await show(ctx, conflictText(ctx.t, view), conflictKeyboard(ctx.t, id));
    }),
  );

  pm.callbackQuery(
    juryCb.action("cy"),
    juryCb.handleId(async (ctx, id) => {
      const review = await ctx.services.jury.entry(ctx.member, id);
      await ctx.services.jury.declareConflict(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("contests-jury-conflict-done") });
      const { contest, chair, items } = await ctx.services.jury.queue(ctx.member, review.contest.id);
      await show(ctx, queueText(await envOf(ctx), contest, items), queueKeyboard(ctx.t, contest, chair, items, 0));
    }),
  );

  // ---------------------------------------------------------------- the chair

  pm.callbackQuery(
    juryCb.action("r"),
    juryCb.handleId(async (ctx, id) => {
      const draft = await ctx.services.jury.draft(ctx.member, id);
      await ctx.answerCallbackQuery();
      await show(ctx, draftText(await envOf(ctx), draft), draftKeyboard(ctx.t, draft));
    }),
  );

  /** The tie being ordered, from the draft as it is now; undefined when the data no longer matches a tie. */
  async function tieOf(ctx: BotContext, args: string[]) {
    const contestId = parseId(args[0]);
    const nominationId = parseId(args[1]);
    const g = parsePage(args[2]);
    if (contestId === undefined || nominationId === undefined || g === undefined) return undefined;
    const draft = await ctx.services.jury.draft(ctx.member, contestId);
    const nomination = draft.nominations.find((n) => n.id === nominationId);
    const group = nomination?.ties[g];
    if (!nomination || !group || group.length > TIE_GROUP_MAX || draft.confirmed) return undefined;
    let picks = parsePicks(args[3], group.length);
    if (!picks) return undefined;
    // The last one left needs no tap.
    if (picks.length === group.length - 1) picks = [...picks, group.findIndex((_, i) => !picks!.includes(i))];
    return { contestId, nominationId, g, nomination, group, picks };
  }

  pm.callbackQuery(
    juryCb.action("t"),
    juryCb.handle(async (ctx, args) => {
      const tie = await tieOf(ctx, args);
      if (!tie) return void (await ctx.answerCallbackQuery({ text: ctx.t("contests-jury-tie-gone"), show_alert: true }));
      await ctx.answerCallbackQuery();
      await show(ctx, tieText(ctx.t, tie.nomination.title, tie.group, tie.picks), tieKeyboard(ctx.t, tie.contestId, tie.nominationId, tie.g, tie.group, tie.picks));
    }),
  );

  pm.callbackQuery(
    juryCb.action("tb"),
    juryCb.handle(async (ctx, args) => {
      const tie = await tieOf(ctx, args);
      if (!tie || tie.picks.length !== tie.group.length) return void (await ctx.answerCallbackQuery({ text: ctx.t("contests-jury-tie-gone"), show_alert: true }));
      const ordered = tie.picks.map((p) => tie.group[p]!.id);
      const draft = await ctx.services.jury.breakTie(ctx.member, tie.contestId, tie.nominationId, ordered);
      await ctx.answerCallbackQuery({ text: ctx.t("contests-jury-tie-saved") });
      await show(ctx, draftText(await envOf(ctx), draft), draftKeyboard(ctx.t, draft));
    }),
  );

  pm.callbackQuery(
    juryCb.action("a"),
    juryCb.handleId(async (ctx, id) => {
      const draft = await ctx.services.jury.draft(ctx.member, id);
      if (draft.confirmed) throw new DomainError("contests-jury-already-confirmed");
      if (draft.unresolvedTies > 0) throw new DomainError("contests-jury-ties-unresolved", { ties: draft.unresolvedTies });
      await ctx.answerCallbackQuery();
      await show(ctx, confirmText(await envOf(ctx), draft.contest), confirmKeyboard(ctx.t, id));
    }),
  );

  pm.callbackQuery(
    juryCb.action("ay"),
    juryCb.handleId(async (ctx, id) => {
      const draft = await ctx.services.jury.confirm(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("contests-jury-confirmed") });
      await show(ctx, draftText(await envOf(ctx), draft), draftKeyboard(ctx.t, draft));
    }),
  );

  // An action no screen knows (an old release's button, forged data).
  pm.callbackQuery(juryCb.pattern, answerStale);
  return composer;
}
