import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import { viewerZone } from "../events/events.render.js";
import { entryCode, type ContestView, type EntryView } from "./contests.types.js";
import { cardData } from "./contests.keyboards.js";
import { voteCb } from "./contests.votes.keyboards.js";

const PAGE_SIZE = 8;

function code(ctx: BotContext, number: number): string {
  return entryCode(ctx.t("contests-code-letter"), number);
}

function nominationTitle(contest: ContestView, nominationId: number): string {
  return contest.nominations.find((n) => n.id === nominationId)?.title ?? "";
}

/** The vote screen of a contest: its nominations (one nomination goes straight to its ballot). */
async function overview(ctx: BotContext, contestId: number, edit: boolean): Promise<void> {
  const { contest, open, mine } = await ctx.services.contestVotes.overview(ctx.member, contestId);
  const only = contest.nominations.length === 1 ? contest.nominations[0] : undefined;
  if (only) return ballot(ctx, contestId, only.id, 0, edit);
  const zone = await viewerZone(ctx);
  const head = ctx.t(open ? "contests-vote-open" : "contests-vote-closed", {
    title: truncate(contest.title, 200),
    until: formatZonedTime(contest.judgingClosesAt, zone, toLocale(ctx.locale)),
  });
  const kb = new InlineKeyboard();
  for (const n of contest.nominations) {
    kb.text(`${mine.has(n.id) ? "✅ " : ""}${truncate(n.title, 50)}`, voteCb.pack("n", contestId, n.id, 0)).row();
  }
  kb.text(ctx.t("contests-vote-to-contest"), cardData(contestId));
  const text = `${head}\n\n${ctx.t("contests-vote-choose-nomination")}`;
  if (edit) await ctx.editMessageText(text, { reply_markup: kb });
  else await ctx.reply(text, { reply_markup: kb });
}

/** A nomination's admitted entries (codes and titles only); counts once the vote is closed. */
async function ballot(ctx: BotContext, contestId: number, nominationId: number, page: number, edit: boolean): Promise<void> {
  const view = await ctx.services.contestVotes.ballot(ctx.member, contestId, nominationId, page, PAGE_SIZE);
  const { contest } = view;
  const zone = await viewerZone(ctx);
  const kb = new InlineKeyboard();
  const lines: string[] = [];
  if (view.open) {
    for (const e of view.entries) {
      const mark = view.myVote === e.id ? "✅ " : "";
      kb.text(`${mark}${code(ctx, e.number)} · ${truncate(e.title, 40)}`, voteCb.pack("e", e.id)).row();
    }
  } else {
    for (const r of await ctx.services.contestVotes.results(contestId, nominationId)) {
      lines.push(ctx.t("contests-vote-count-line", { code: code(ctx, r.number), title: truncate(r.title, 80), votes: r.votes, prize: r.prize ? "yes" : "no" }));
    }
  }
  const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));
  if (view.open && pages > 1) {
    if (page > 0) kb.text("◀️", voteCb.pack("n", contestId, nominationId, page - 1));
    kb.text(`${page + 1}/${pages}`, voteCb.pack("n", contestId, nominationId, page));
    if (page + 1 < pages) kb.text("▶️", voteCb.pack("n", contestId, nominationId, page + 1));
    kb.row();
  }
  if (contest.nominations.length > 1) kb.text(ctx.t("contests-vote-back"), voteCb.pack("o", contestId));
  else kb.text(ctx.t("contests-vote-to-contest"), cardData(contestId));
  const head = ctx.t(view.open ? "contests-vote-open" : "contests-vote-closed", {
    title: truncate(contest.title, 200),
    until: formatZonedTime(contest.judgingClosesAt, zone, toLocale(ctx.locale)),
  });
  const body = view.open
    ? view.total === 0
      ? ctx.t("contests-vote-no-entries")
      : ctx.t(view.myVote ? "contests-vote-voted" : "contests-vote-pick", { nomination: truncate(nominationTitle(contest, nominationId), 200) })
    : lines.length
      ? `${ctx.t("contests-vote-results", { nomination: truncate(nominationTitle(contest, nominationId), 200) })}\n${lines.join("\n")}`
      : ctx.t("contests-vote-no-entries");
  const text = `${head}\n\n${body}`;
  if (edit) await ctx.editMessageText(text, { reply_markup: kb, link_preview_options: { is_disabled: true } });
  else await ctx.reply(text, { reply_markup: kb, link_preview_options: { is_disabled: true } });
}

/** One entry as voters see it: the work without its author. */
async function entryScreen(ctx: BotContext, entryId: number): Promise<void> {
  const { contest, entry, open, myVote } = await ctx.services.contestVotes.entry(ctx.member, entryId);
  await ctx.editMessageText(entryText(ctx, contest, entry, myVote), {
    reply_markup: entryKeyboard(ctx, entry, open, myVote),
    link_preview_options: { is_disabled: true },
  });
}

function entryText(ctx: BotContext, contest: ContestView, entry: EntryView, myVote: number | undefined): string {
  const lines = [
    ctx.t("contests-vote-entry", {
      code: code(ctx, entry.number),
      title: truncate(entry.title, 200),
      nomination: truncate(nominationTitle(contest, entry.nominationId), 200),
    }),
  ];
  if (entry.description) lines.push(truncate(entry.description, 1000));
  if (entry.link) lines.push(ctx.t("contests-vote-entry-link", { url: entry.link }));
  if (entry.text) lines.push(truncate(entry.text, 2000));
  if (entry.files.length) lines.push(ctx.t("contests-vote-entry-files", { count: entry.files.length }));
  if (myVote === entry.id) lines.push(ctx.t("contests-vote-your-choice"));
  else if (myVote) lines.push(ctx.t("contests-vote-already-other"));
  return lines.join("\n\n");
}

function entryKeyboard(ctx: BotContext, entry: EntryView, open: boolean, myVote: number | undefined): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (entry.files.length) kb.text(ctx.t("contests-vote-show-files"), voteCb.pack("f", entry.id)).row();
  if (open && !myVote) kb.text(ctx.t("contests-vote-button"), voteCb.pack("v", entry.id)).row();
  kb.text(ctx.t("contests-vote-back"), voteCb.pack("n", entry.contestId, entry.nominationId, 0));
  return kb;
}

/** Opens a contest's vote screen (the contest card's «🗳» button). */
export async function openVote(ctx: BotContext, contestId: number): Promise<void> {
  await overview(ctx, contestId, false);
}

/** The audience vote in private chats (voteCb). */
export function votesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.callbackQuery(
    voteCb.action("o"),
    voteCb.handleId(async (ctx, id) => {
      await overview(ctx, id, true);
      await ctx.answerCallbackQuery();
    }),
  );

  pm.callbackQuery(
    voteCb.action("n"),
    voteCb.handle(async (ctx, args) => {
      const contestId = parseId(args[0]);
      const nominationId = parseId(args[1]);
      const page = parsePage(args[2]);
      if (contestId === undefined || nominationId === undefined || page === undefined) return answerStale(ctx);
      await ballot(ctx, contestId, nominationId, page, true);
      await ctx.answerCallbackQuery();
    }),
  );

  pm.callbackQuery(
    voteCb.action("e"),
    voteCb.handleId(async (ctx, id) => {
      await entryScreen(ctx, id);
      await ctx.answerCallbackQuery();
    }),
  );

  // The work's files, without captions (an author's caption could name them).
  pm.callbackQuery(
    voteCb.action("f"),
    voteCb.handleId(async (ctx, id) => {
      const { entry } = await ctx.services.contestVotes.entry(ctx.member, id);
      await ctx.answerCallbackQuery();
      for (const f of entry.files) await ctx.replyWithDocument(f.fileId);
    }),
  );

  pm.callbackQuery(
    voteCb.action("v"),
    voteCb.handleId(async (ctx, id) => {
      const outcome = await ctx.services.contestVotes.vote(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t(`contests-vote-outcome-${outcome}`), show_alert: outcome !== "accepted" });
      if (outcome === "accepted" || outcome === "repeat") await entryScreen(ctx, id);
    }),
  );

  return composer;
}
