import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { cardText, juryText, jurorName, listText, progressText } from "./contests.admin.render.js";
import {
  cadmCb,
  cancelConfirmKeyboard,
  cardKeyboard,
  dateFieldFromCode,
  datesKeyboard,
  juryKeyboard,
  listKeyboard,
  progressKeyboard,
  removeConfirmKeyboard,
} from "./contests.admin.keyboards.js";
import { CONTEST_CREATE, CONTEST_DATES, CONTEST_JUROR_FIND, CONTEST_REMOVE_ENTRY } from "./contests.conversation.js";

/** The organiser's zone for showing dates: their profile's, else the community default. */
async function zoneOf(ctx: BotContext): Promise<string> {
  const profile = ctx.member?.registered ? await ctx.services.profile.get(ctx.member.id) : undefined;
  return profile?.timezone ?? ctx.deps.config.defaultTimezone;
}

/** /newcontest and the organisers' menu button. */
export async function startNewContest(ctx: BotContext): Promise<void> {
  await ctx.services.contests.requireOrganiser(ctx.member);
  await startConversation(ctx, CONTEST_CREATE);
}

/** /contestadmin: the contests an organiser can manage. */
export async function showContestAdmin(ctx: BotContext): Promise<void> {
  const contests = await ctx.services.contests.manageable(ctx.member);
  await ctx.reply(listText(ctx.t, contests), { reply_markup: listKeyboard(contests, ctx.t) });
}

async function showCard(ctx: BotContext, id: number): Promise<void> {
  const { contest, jurors } = await ctx.services.contests.jury(ctx.member, id);
  await ctx.editMessageText(cardText(ctx.t, contest, await zoneOf(ctx), ctx.locale, jurors.length), { reply_markup: cardKeyboard(ctx.t, contest) });
}

async function showJury(ctx: BotContext, id: number, edit = true): Promise<void> {
  const { contest, jurors } = await ctx.services.contests.jury(ctx.member, id);
  const editable = contest.status === "SCHEDULED" || contest.status === "OPEN" || contest.status === "JUDGING";
  const text = juryText(ctx.t, contest, jurors);
  const reply_markup = juryKeyboard(ctx.t, contest, jurors, editable);
  if (edit) await ctx.editMessageText(text, { reply_markup });
  else await ctx.reply(text, { reply_markup });
}

async function showProgress(ctx: BotContext, id: number): Promise<void> {
  const progress = await ctx.services.contests.progress(ctx.member, id);
  await ctx.editMessageText(progressText(ctx.t, progress, await zoneOf(ctx), ctx.locale), { reply_markup: progressKeyboard(ctx.t, progress.contest, progress.jurors) });
}

/** Ids in a button: the contest, and a member when the action has one. */
function ids(args: string[], withMember: boolean): { id: number; memberId: number } | undefined {
  const id = parseId(args[0]);
  const memberId = withMember ? parseId(args[1]) : 0;
  if (id === undefined || memberId === undefined || args.length !== (withMember ? 2 : 1)) return undefined;
  return { id, memberId };
}

/**
 * Organisers' screens: the list, a contest's card, its dates, cancelling,
 * the jury (search, appoint, chair, remove) and progress with reminders.
 * Refusals (DomainError) are answered by the bot's error boundary.
 */
export function contestsAdminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("newcontest", startNewContest);
  pm.command("contestadmin", showContestAdmin);

  const on = (action: string, withMember: boolean, handler: (ctx: BotContext, id: number, memberId: number) => Promise<void>) =>
    pm.callbackQuery(
      cadmCb.action(action),
      cadmCb.handle(async (ctx, args) => {
        const parsed = ids(args, withMember);
        if (!parsed) return answerStale(ctx);
        await handler(ctx, parsed.id, parsed.memberId);
      }),
    );

  pm.callbackQuery(
    cadmCb.action("l"),
    cadmCb.handle(async (ctx) => {
      const contests = await ctx.services.contests.manageable(ctx.member);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(listText(ctx.t, contests), { reply_markup: listKeyboard(contests, ctx.t) });
    }),
  );

  pm.callbackQuery(
    cadmCb.action("n"),
    cadmCb.handle(async (ctx) => {
      await ctx.services.contests.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CONTEST_CREATE);
    }),
  );

  on("c", false, async (ctx, id) => {
    await showCard(ctx, id);
    await ctx.answerCallbackQuery();
  });

  on("d", false, async (ctx, id) => {
    const contest = await ctx.services.contests.managed(ctx.member, id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: datesKeyboard(ctx.t, contest) });
  });

  pm.callbackQuery(
    cadmCb.action("dd"),
    cadmCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined || !dateFieldFromCode(args[1]) || args.length !== 2) return answerStale(ctx);
      await ctx.services.contests.managed(ctx.member, id);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CONTEST_DATES, id, args[1]);
    }),
  );

  on("x", false, async (ctx, id) => {
    const contest = await ctx.services.contests.managed(ctx.member, id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("contests-admin-cancel-confirm", { title: truncate(contest.title, 200) }), { reply_markup: cancelConfirmKeyboard(ctx.t, id) });
  });

  on("xy", false, async (ctx, id) => {
    const { notify } = await ctx.services.contests.cancel(ctx.member, id);
    await ctx.answerCallbackQuery({ text: ctx.t("contests-admin-cancelled-done", { count: notify.length }), show_alert: true });
    await showCard(ctx, id);
  });

  on("rm", false, async (ctx, id) => {
    await ctx.services.contests.removable(ctx.member, id);
    await ctx.answerCallbackQuery();
    await startConversation(ctx, CONTEST_REMOVE_ENTRY, id);
  });

  on("j", false, async (ctx, id) => {
    await showJury(ctx, id);
    await ctx.answerCallbackQuery();
  });

  on("js", false, async (ctx, id) => {
    await ctx.services.contests.managed(ctx.member, id);
    await ctx.answerCallbackQuery();
    await startConversation(ctx, CONTEST_JUROR_FIND, id);
  });

  on("ja", true, async (ctx, id, memberId) => {
    await ctx.services.contests.appointJuror(ctx.member, id, memberId);
    await ctx.answerCallbackQuery({ text: ctx.t("contests-admin-jury-added") });
    await showJury(ctx, id);
  });

  on("jc", true, async (ctx, id, memberId) => {
    await ctx.services.contests.setChair(ctx.member, id, memberId);
    await ctx.answerCallbackQuery({ text: ctx.t("contests-admin-jury-chair-set") });
    await showJury(ctx, id);
  });

  on("jr", true, async (ctx, id, memberId) => {
    const { jurors } = await ctx.services.contests.jury(ctx.member, id);
    const juror = jurors.find((j) => j.memberId === memberId);
    if (!juror) return answerStale(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("contests-admin-jury-remove-confirm", { name: truncate(jurorName(ctx.t, juror), 80) }), {
      reply_markup: removeConfirmKeyboard(ctx.t, id, memberId),
    });
  });

  on("jry", true, async (ctx, id, memberId) => {
    await ctx.services.contests.removeJuror(ctx.member, id, memberId);
    await ctx.answerCallbackQuery({ text: ctx.t("contests-admin-jury-removed") });
    await showJury(ctx, id);
  });

  on("p", false, async (ctx, id) => {
    await showProgress(ctx, id);
    await ctx.answerCallbackQuery();
  });

  on("r", true, async (ctx, id, memberId) => {
    await ctx.services.contests.remindJuror(ctx.member, id, memberId);
    await ctx.answerCallbackQuery({ text: ctx.t("contests-admin-reminded") });
    await showProgress(ctx, id);
  });

  // An action this version does not know (an old release's button, forged data).
  pm.callbackQuery(cadmCb.pattern, answerStale);
  return composer;
}
