import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import { attempt, BACK, CANCEL, type StepEnv } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { askText } from "../materials/materials.steps.js";
import { summaryKeyboard } from "./contests.jury.keyboards.js";
import { summaryText } from "./contests.jury.render.js";
import { REVIEW_COMMENT_MAX } from "./contests.types.js";

/** The juror types the comment of a review (the id is stored with the member's state: never change it). */
export const CONTEST_JURY_COMMENT = "contest-jury-comment";

/**
 * The comment of a review, typed (up to 1000 characters). Saved through
 * JuryService.comment, which checks again that the review is the juror's and
 * the window is open; then the summary is sent with its buttons.
 */
export function createJuryCommentConversation(deps: ConversationDeps) {
  const { jury } = deps.services;
  return async function juryComment(conversation: BotConversation, ctx: ConvContext, reviewId: number) {
    const locale = await conversation.external((outer) => outer.locale);
    const t = deps.translator.forLocale(locale);
    const env: StepEnv = { conversation, t, locale, back: false, ctx };
    const text = await askText(env, {
      question: t("contests-jury-ask-comment", { max: REVIEW_COMMENT_MAX }),
      max: REVIEW_COMMENT_MAX,
      tooLong: "contests-jury-comment-long",
      answered: (v) => t("contests-jury-answered-comment", { value: truncate(v, 300) }),
    });
    const saved =
      text === BACK || text === CANCEL
        ? await attempt(conversation, (outer) => jury.entry(outer.member, reviewId))
        : await attempt(conversation, (outer) => jury.comment(outer.member, reviewId, text));
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars)));
    if (text === BACK || text === CANCEL) await env.ctx.reply(t("contests-jury-comment-unchanged"));
    await env.ctx.reply(summaryText(t, saved.value), { reply_markup: summaryKeyboard(t, saved.value), link_preview_options: { is_disabled: true } });
  };
}
