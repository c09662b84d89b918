import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import type { DraftEntry, JurorContest, JurorEntry, QueueItem, ResultsDraft } from "./contests.jury.service.js";
import type { ContestView } from "./contests.types.js";
import { entryCode } from "./contests.types.js";

/**
 * The jury's buttons (contests.jury.feature.ts). Every id is checked by the
 * service (the juror's own review, the chair's contest), so a forged one only
 * gets a polite refusal:
 *  l                      the member's jury contests (/jury)
 *  q:<contest>:<page>     their queue of entries
 *  e:<review>:<files>     the blind entry (files=1 sends the files first, without captions)
 *  f:<review>             the files again
 *  s:<review>:<index>     criterion <index> (0-based) of the rubric
 *  p:<review>:<criterion>:<points>   scores it
 *  k:<review>             the comment screen; kw: write it (a conversation)
 *  m:<review>             the summary; u: submit
 *  c:<review>             conflict of interest (asks); cy: declares it
 *  r:<contest>            the chair's draft of the results
 *  t:<contest>:<nomination>:<group>:<picks>   ordering a tie (picks: base-36 indices into the group, in order)
 *  tb:…                   saves that order
 *  a:<contest>            asks to confirm the results; ay: confirms
 */
export const juryCb = createCallbackCodec("ctj", 1);

export const QUEUE_PAGE = 8;
/** Tie groups are ordered by one base-36 digit per entry; 20 keep the data within 64 bytes whatever the ids. */
export const TIE_GROUP_MAX = 20;
const TIE_BUTTONS_MAX = 20;

/** The anonymous code of an entry in the juror's language. */
export function codeOf(t: Translate, number: number): string {
  return entryCode(t("contests-jury-code-letter"), number);
}

export function contestsKeyboard(t: Translate, items: readonly JurorContest[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    kb.text(`${i + 1}. ${truncate(item.contest.title, 48)}`, juryCb.pack("q", item.contest.id, 0)).row();
    if (item.chair && item.contest.status === "CONFIRMING") kb.text(t("contests-jury-results-button", { n: i + 1 }), juryCb.pack("r", item.contest.id)).row();
  });
  return kb;
}

export function queueKeyboard(t: Translate, contest: ContestView, chair: boolean, items: readonly QueueItem[], page: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  const open = items.filter((i) => i.status !== "CONFLICT");
  const pages = Math.max(1, Math.ceil(open.length / QUEUE_PAGE));
  const current = Math.min(page, pages - 1);
  for (const item of open.slice(current * QUEUE_PAGE, (current + 1) * QUEUE_PAGE)) {
    const mark = item.status === "SUBMITTED" ? "✅" : item.scored > 0 ? "✏️" : "🆕";
    kb.text(`${mark} ${codeOf(t, item.entryNumber)} · ${truncate(item.nominationTitle, 30)}`, juryCb.pack("e", item.reviewId, 1)).row();
  }
  if (pages > 1) {
    if (current > 0) kb.text("◀️", juryCb.pack("q", contest.id, current - 1));
    kb.text(`${current + 1} / ${pages}`, juryCb.pack("q", contest.id, current));
    if (current < pages - 1) kb.text("▶️", juryCb.pack("q", contest.id, current + 1));
    kb.row();
  }
  if (chair && contest.status === "CONFIRMING") kb.text(t("contests-jury-results-open-button"), juryCb.pack("r", contest.id)).row();
  return kb.text(t("contests-jury-back-contests-button"), juryCb.pack("l"));
}

export function entryKeyboard(t: Translate, view: JurorEntry): InlineKeyboard {
  const { review, entry, editable } = view;
  const kb = new InlineKeyboard();
  if (editable) {
    const started = Object.keys(review.scores).length > 0;
    kb.text(
      t(review.status === "SUBMITTED" ? "contests-jury-edit-button" : started ? "contests-jury-continue-button" : "contests-jury-score-button"),
      juryCb.pack("s", review.id, 0),
    ).row();
  }
  if (review.status === "SUBMITTED" || Object.keys(review.scores).length > 0) kb.text(t("contests-jury-summary-button"), juryCb.pack("m", review.id)).row();
  if (entry.files.length > 0) kb.text(t("contests-jury-files-button", { count: entry.files.length }), juryCb.pack("f", review.id)).row();
  if (editable && review.status === "ASSIGNED") kb.text(t("contests-jury-conflict-button"), juryCb.pack("c", review.id)).row();
  return kb.text(t("contests-jury-back-queue-button"), juryCb.pack("q", view.contest.id, 0));
}

export function criterionKeyboard(t: Translate, view: JurorEntry, index: number): InlineKeyboard {
  const { review, contest } = view;
  const criterion = contest.criteria[index]!;
  const current = review.scores[criterion.id];
  const kb = new InlineKeyboard();
  const mark = (label: string, points: number) => (current === points ? `• ${label} •` : label);
  if (criterion.passFail) {
    kb.text(mark(t("contests-jury-pass-button"), 1), juryCb.pack("p", review.id, criterion.id, 1));
    kb.text(mark(t("contests-jury-fail-button"), 0), juryCb.pack("p", review.id, criterion.id, 0));
    kb.row();
  } else {
    for (let points = 0; points <= criterion.maxPoints; points++) {
      kb.text(mark(String(points), points), juryCb.pack("p", review.id, criterion.id, points));
      if (points % 6 === 5) kb.row();
    }
    kb.row();
  }
  kb.text(t("contests-jury-back-button"), index === 0 ? juryCb.pack("e", review.id, 0) : juryCb.pack("s", review.id, index - 1));
  const complete = contest.criteria.every((c) => review.scores[c.id] !== undefined);
  if (complete) kb.text(t("contests-jury-to-summary-button"), juryCb.pack("m", review.id));
  return kb;
}

export function commentKeyboard(t: Translate, view: JurorEntry): InlineKeyboard {
  const { review, contest } = view;
  return new InlineKeyboard()
    .text(t(review.comment ? "contests-jury-comment-change-button" : "contests-jury-comment-write-button"), juryCb.pack("kw", review.id))
    .row()
    .text(t("contests-jury-back-button"), juryCb.pack("s", review.id, contest.criteria.length - 1))
    .text(t("contests-jury-next-button"), juryCb.pack("m", review.id));
}

export function summaryKeyboard(t: Translate, view: JurorEntry): InlineKeyboard {
  const { review, editable } = view;
  const kb = new InlineKeyboard();
  if (editable) {
    if (review.status === "ASSIGNED") kb.text(t("contests-jury-submit-button"), juryCb.pack("u", review.id)).row();
    kb.text(t("contests-jury-change-button"), juryCb.pack("s", review.id, 0))
      .text(t("contests-jury-comment-button"), juryCb.pack("k", review.id))
      .row();
  }
  return kb.text(t("contests-jury-to-entry-button"), juryCb.pack("e", review.id, 0)).text(t("contests-jury-back-queue-button"), juryCb.pack("q", view.contest.id, 0));
}

export function conflictKeyboard(t: Translate, reviewId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("contests-jury-conflict-yes-button"), juryCb.pack("cy", reviewId))
    .row()
    .text(t("contests-jury-cancel-button"), juryCb.pack("e", reviewId, 0));
}

export function draftKeyboard(t: Translate, draft: ResultsDraft): InlineKeyboard {
  const kb = new InlineKeyboard();
  const id = draft.contest.id;
  if (!draft.confirmed) {
    // A keyboard holds at most 100 buttons: the first ties first, the others once these are resolved.
    let shown = 0;
    for (const n of draft.nominations) {
      n.ties.forEach((group, g) => {
        if (group.length <= TIE_GROUP_MAX && shown++ < TIE_BUTTONS_MAX)
          kb.text(t("contests-jury-tie-button", { codes: truncate(group.map((e) => codeOf(t, e.number)).join(", "), 40) }), juryCb.pack("t", id, n.id, g, "")).row();
      });
    }
    if (draft.unresolvedTies === 0) kb.text(t("contests-jury-confirm-button"), juryCb.pack("a", id)).row();
  }
  return kb.text(t("contests-jury-refresh-button"), juryCb.pack("r", id)).text(t("contests-jury-back-contests-button"), juryCb.pack("l"));
}

/** The picks of a tie screen, as indices into the group; undefined when forged. */
export function parsePicks(raw: string | undefined, size: number): number[] | undefined {
  if (raw === undefined || !/^[0-9a-z]{0,36}$/.test(raw)) return undefined;
  const picks = [...raw].map((c) => parseInt(c, 36));
  if (picks.some((p) => p >= size) || new Set(picks).size !== picks.length) return undefined;
  return picks;
}

export function tieKeyboard(t: Translate, contestId: number, nominationId: number, g: number, group: readonly DraftEntry[], picks: readonly number[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  const packed = picks.map((p) => p.toString(36)).join("");
  if (picks.length >= group.length) {
    kb.text(t("contests-jury-tie-save-button"), juryCb.pack("tb", contestId, nominationId, g, packed)).row();
  } else {
    group.forEach((e, i) => {
      if (!picks.includes(i)) kb.text(codeOf(t, e.number), juryCb.pack("t", contestId, nominationId, g, packed + i.toString(36)));
    });
    kb.row();
  }
  if (picks.length > 0) kb.text(t("contests-jury-tie-reset-button"), juryCb.pack("t", contestId, nominationId, g, ""));
  return kb.text(t("contests-jury-back-results-button"), juryCb.pack("r", contestId));
}

export function confirmKeyboard(t: Translate, contestId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("contests-jury-confirm-yes-button"), juryCb.pack("ay", contestId))
    .row()
    .text(t("contests-jury-cancel-button"), juryCb.pack("r", contestId));
}
