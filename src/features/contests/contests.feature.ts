import { Composer, InputFile, type InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { viewerZone } from "../events/events.render.js";
import { CONTEST_ENTRY_EDIT, CONTEST_SUBMIT } from "./contests.entries.conversation.js";
import {
  cardKeyboard,
  ctstCb,
  editFieldsKeyboard,
  entryFieldFromCode,
  entryKeyboard,
  listKeyboard,
  mineKeyboard,
  backToEntryKeyboard,
  withdrawConfirmKeyboard,
} from "./contests.keyboards.js";
import { cardText, codeOf, entryText, listText, mineText, resultsText, type RenderEnv } from "./contests.render.js";
import { LIST_PAGE_SIZE } from "./contests.entries.service.js";

async function renderEnv(ctx: BotContext): Promise<RenderEnv> {
  return { t: ctx.t, locale: ctx.locale, zone: await viewerZone(ctx), catalogue: ctx.services.catalogue };
}

/** Shows a screen: in place of the button's message, or as a new message. */
async function show(ctx: BotContext, text: string, reply_markup: InlineKeyboard, edit: boolean): Promise<void> {
  const other = { reply_markup, link_preview_options: { is_disabled: true } };
  if (edit && ctx.callbackQuery?.message && "text" in ctx.callbackQuery.message) await ctx.editMessageText(text, other);
  else await ctx.reply(text, other);
}

async function showList(ctx: BotContext, page: number, edit: boolean): Promise<void> {
  const list = await ctx.services.contestEntries.list(ctx.member, page);
  const env = await renderEnv(ctx);
  const first = list.page * LIST_PAGE_SIZE + 1;
  await show(ctx, listText(env, list.items, first), listKeyboard(ctx.t, list.items, list.page, list.pages, first), edit);
}

/** /contests and the menu button: open and recent contests. */
export async function showContests(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  await showList(ctx, 0, false);
}

/** A contest card; `page` is the list page its Back returns to. */
async function showCard(ctx: BotContext, contestId: number, options: { edit: boolean; page?: number; answer?: boolean }): Promise<void> {
  const card = await ctx.services.contestEntries.card(ctx.member, contestId);
  if (options.answer) await ctx.answerCallbackQuery();
  const env = await renderEnv(ctx);
  const { text, rulesCut } = await cardText(env, card);
  const rulesButton = card.contest.rulesFileId !== null || rulesCut;
  await show(ctx, text, cardKeyboard(ctx.t, card, { letter: ctx.t("contests-code-letter"), page: options.page, rulesButton }), options.edit);
}

/** Deep link c_<id>: the contest card, as a new message. */
export async function openContestLink(ctx: BotContext, argument: string): Promise<void> {
  const id = parseId(argument);
  if (id === undefined) return void (await ctx.reply(ctx.t("contests-not-found")));
  await showCard(ctx, id, { edit: false });
}

async function showEntry(ctx: BotContext, entryId: number, edit: boolean): Promise<void> {
  const own = await ctx.services.contestEntries.entry(ctx.member, entryId);
  const env = await renderEnv(ctx);
  await show(ctx, entryText(env, own), entryKeyboard(ctx.t, own), edit);
}

type CallbackCtx = BotContext & { callbackQuery: { data?: string } };

/** /contests, the contest card, the rules, submitting, a member's entries, editing, withdrawing and results. */
export function contestsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("contests", showContests);

  pm.callbackQuery(
    ctstCb.action("l"),
    ctstCb.handle(async (ctx, args) => {
      const page = parsePage(args[0]);
      if (page === undefined) return answerStale(ctx);
      await showList(ctx, page, true);
      await ctx.answerCallbackQuery();
    }),
  );

  pm.callbackQuery(
    ctstCb.action("c"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id, args) => {
      const page = args[1] === undefined ? undefined : parsePage(args[1]);
      if (args[1] !== undefined && page === undefined) return answerStale(ctx);
      await showCard(ctx, id, { edit: true, page, answer: true });
    }),
  );

  // The rules: the whole text when the card shortened it, and the document by its file_id.
  pm.callbackQuery(
    ctstCb.action("rd"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      const { services, t } = ctx;
      const rules = await services.contestEntries.rulesDocument(ctx.member, id);
      const card = await services.contestEntries.card(ctx.member, id);
      await ctx.answerCallbackQuery();
      if (!rules.fileId && !rules.rules) return void (await ctx.reply(t("contests-rules-empty")));
      if (rules.rules)
        await ctx.reply(t("contests-rules-text", { title: truncate(card.contest.title, 200), rules: rules.rules }), { link_preview_options: { is_disabled: true } });
      if (rules.fileId) await ctx.replyWithDocument(rules.fileId, { caption: t("contests-rules-caption", { title: truncate(card.contest.title, 200) }) });
    }),
  );

  // The published results protocol: a verifiable document anyone may download (its hash and code in the caption).
  pm.callbackQuery(
    ctstCb.action("p"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      const { services, t } = ctx;
      const card = await services.contestEntries.card(ctx.member, id);
      const [protocol] = card.contest.status === "PUBLISHED" ? await services.certificates.documentsFor(`contest:${id}`, ["PROTOCOL"]) : [];
      if (!protocol?.renderedAt) return void (await ctx.answerCallbackQuery({ text: t("contests-protocol-not-yet"), show_alert: true }));
      await ctx.answerCallbackQuery();
      const caption = t("contests-protocol-caption", {
        title: truncate(card.contest.title, 200),
        number: protocol.number,
        code: protocol.code,
        url: await services.documentLinks.verifyUrl(protocol.code),
        hash: protocol.sha256 ?? "",
      });
      await services.certificates.sendFile(protocol, (file) =>
        ctx.replyWithDocument(typeof file === "string" ? file : new InputFile(Buffer.from(file.bytes), file.filename), { caption }),
      );
    }),
  );

  pm.callbackQuery(
    ctstCb.action("s"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      // Refused here (closed, nothing left to submit to) with an alert, before anything is asked.
      await ctx.services.contestEntries.submissionForm(ctx.member, id);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CONTEST_SUBMIT, id);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("m"),
    ctstCb.handle(async (ctx) => {
      const items = await ctx.services.contestEntries.mine(ctx.member);
      await ctx.answerCallbackQuery();
      const env = await renderEnv(ctx);
      await show(ctx, mineText(env, items), mineKeyboard(ctx.t, items, ctx.t("contests-code-letter")), true);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("e"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      await showEntry(ctx, id, true);
      await ctx.answerCallbackQuery();
    }),
  );

  pm.callbackQuery(
    ctstCb.action("ed"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      const form = await ctx.services.contestEntries.editForm(ctx.member, id);
      await ctx.answerCallbackQuery();
      await show(ctx, ctx.t("contests-edit-ask", { title: form.entryTitle }), editFieldsKeyboard(ctx.t, id), true);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("ef"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id, args) => {
      const field = entryFieldFromCode(args[1]);
      if (!field) return answerStale(ctx);
      await ctx.services.contestEntries.editForm(ctx.member, id);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CONTEST_ENTRY_EDIT, id, args[1]);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("w"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      const own = await ctx.services.contestEntries.entry(ctx.member, id);
      await ctx.services.contestEntries.editForm(ctx.member, id);
      await ctx.answerCallbackQuery();
      const text = ctx.t("contests-withdraw-ask", { code: codeOf(ctx.t, own.entry), title: own.entry.title });
      await show(ctx, text, withdrawConfirmKeyboard(ctx.t, id), true);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("wy"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      await ctx.services.contestEntries.withdraw(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("contests-withdrawn") });
      await showEntry(ctx, id, true);
    }),
  );

  pm.callbackQuery(
    ctstCb.action("r"),
    ctstCb.handleId<CallbackCtx>(async (ctx, id) => {
      const results = await ctx.services.contestEntries.results(ctx.member, id);
      await ctx.answerCallbackQuery();
      await show(ctx, resultsText(ctx.t, results), backToEntryKeyboard(ctx.t, id), true);
    }),
  );

  // An action no screen knows (an old release's button, forged data).
  pm.callbackQuery(ctstCb.pattern, answerStale);
  return composer;
}
