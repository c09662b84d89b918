import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import type { Locale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import { codeOf } from "./contests.jury.keyboards.js";
import type { DraftEntry, DraftNomination, JurorContest, JurorEntry, QueueItem, ResultsDraft } from "./contests.jury.service.js";
import { points, REVIEW_COMMENT_MAX, type ContestView } from "./contests.types.js";

/**
 * Texts of the jury's screens, built from service views with a translator
 * (handlers and the comment conversation share them). Nothing here reads the
 * author of an entry: the views do not carry one.
 */

/** Where the draft of the results stops adding lines (Telegram's limit is 4096). */
const TEXT_BUDGET = 3800;

/** Points as people write them: at most two decimals. */
export interface Env {
  t: Translate;
  locale: Locale;
  /** The viewer's zone (deadlines are shown in it). */
  zone: string;
}

function phaseLine(env: Env, contest: ContestView): string {
  const { t, locale, zone } = env;
  switch (contest.status) {
    case "SCHEDULED":
    case "OPEN":
      return t("contests-jury-phase-before", { time: formatZonedTime(contest.submissionClosesAt, zone, locale) });
    case "JUDGING":
      return t("contests-jury-phase-judging", { time: formatZonedTime(contest.judgingClosesAt, zone, locale) });
    case "CONFIRMING":
      return t(contest.confirmedAt ? "contests-jury-phase-confirmed" : "contests-jury-phase-confirming");
    default:
      return t("contests-jury-phase-published");
  }
}

export function contestsText(env: Env, items: readonly JurorContest[]): string {
  const { t } = env;
  if (items.length === 0) return t("contests-jury-none");
  const lines = items.map((item, i) =>
    t("contests-jury-list-line", {
      n: i + 1,
      title: truncate(item.contest.title, 100),
      phase: phaseLine(env, item.contest),
      assigned: item.assigned,
      submitted: item.submitted,
      left: item.left,
      chair: item.chair ? "yes" : "no",
    }),
  );
  return [t("contests-jury-list-title"), ...lines].join("\n\n");
}

export function queueText(env: Env, contest: ContestView, items: readonly QueueItem[]): string {
  const { t } = env;
  const open = items.filter((i) => i.status !== "CONFLICT");
  const conflicts = items.filter((i) => i.status === "CONFLICT");
  const lines = [
    t("contests-jury-queue-title", { title: truncate(contest.title, 150) }),
    phaseLine(env, contest),
    open.length === 0
      ? t("contests-jury-queue-empty")
      : t("contests-jury-queue-counts", { total: open.length, submitted: open.filter((i) => i.status === "SUBMITTED").length }),
  ];
  if (conflicts.length > 0) lines.push(t("contests-jury-queue-conflicts", { codes: truncate(conflicts.map((c) => codeOf(t, c.entryNumber)).join(", "), 500) }));
  if (open.length > 0 && contest.status === "JUDGING") lines.push(t("contests-jury-queue-hint"));
  return lines.join("\n\n");
}

function reviewState(t: Translate, view: JurorEntry): string {
  const { review, contest } = view;
  const scored = contest.criteria.filter((c) => review.scores[c.id] !== undefined).length;
  if (review.status === "SUBMITTED") return t("contests-jury-state-submitted", { total: points(review.total), max: points(view.maxTotal) });
  if (scored === 0) return t("contests-jury-state-new");
  return t("contests-jury-state-draft", { scored, count: contest.criteria.length });
}

/** The blind view: code, nomination, the work; never the author. `fullTextAbove`: the long text was sent as its own message. */
export function entryText(env: Env, view: JurorEntry): string {
  const { t, locale, zone } = env;
  const { entry, contest } = view;
  const lines = [
    t("contests-jury-entry-head", {
      code: codeOf(t, entry.number),
      contest: truncate(contest.title, 150),
      nomination: truncate(view.nominationTitle, 150),
    }),
    t("contests-jury-entry-title", { title: entry.title }),
  ];
  if (entry.description) lines.push(t("contests-jury-entry-description", { description: truncate(entry.description, 1000) }));
  // The address goes into href (not counted in the 4096 visible characters); the text shows its start.
  if (entry.link && /^https?:\/\/\S+$/i.test(entry.link)) lines.push(t("contests-jury-entry-link", { url: entry.link, shown: truncate(entry.link, 80) }));
  else if (entry.link) lines.push(t("contests-jury-entry-link-plain", { url: truncate(entry.link, 300) }));
  if (entry.text) {
    const long = Array.from(entry.text).length > ENTRY_TEXT_INLINE;
    lines.push(t("contests-jury-entry-text", { text: truncate(entry.text, ENTRY_TEXT_INLINE) }));
    if (long) lines.push(t("contests-jury-entry-text-long"));
  }
  if (entry.files.length > 0) lines.push(t("contests-jury-entry-files", { count: entry.files.length }));
  lines.push(reviewState(t, view));
  if (view.editable) lines.push(t("contests-jury-deadline", { time: formatZonedTime(contest.judgingClosesAt, zone, locale) }));
  else if (view.review.status !== "CONFLICT") lines.push(t("contests-jury-closed-note"));
  return lines.join("\n\n");
}

/** Entry text up to this many characters goes into the card; longer text is sent whole with the files. */
export const ENTRY_TEXT_INLINE = 1200;

/** The whole text of a long entry, as its own message (at most 3500 characters plus a line). */
export function entryFullText(t: Translate, view: JurorEntry): string {
  return t("contests-jury-entry-full-text", { code: codeOf(t, view.entry.number), text: view.entry.text ?? "" });
}

export function criterionText(t: Translate, view: JurorEntry, index: number): string {
  const { contest, review, entry } = view;
  const c = contest.criteria[index]!;
  const current = review.scores[c.id];
  const lines = [
    t("contests-jury-criterion-head", { code: codeOf(t, entry.number), n: index + 1, count: contest.criteria.length }),
    t("contests-jury-criterion-title", { title: c.title }),
    c.passFail
      ? t("contests-jury-criterion-passfail")
      : t("contests-jury-criterion-scale", { max: c.maxPoints, weight: points(c.weight), weighted: c.weight !== 1 ? "yes" : "no" }),
  ];
  if (current !== undefined) {
    lines.push(
      c.passFail ? t("contests-jury-criterion-current-passfail", { passed: current === 1 ? "yes" : "no" }) : t("contests-jury-criterion-current", { points: current }),
    );
  }
  return lines.join("\n\n");
}

export function commentText(t: Translate, view: JurorEntry): string {
  const { review, entry } = view;
  const lines = [t("contests-jury-comment-head", { code: codeOf(t, entry.number), max: REVIEW_COMMENT_MAX })];
  lines.push(view.commentRequired ? t("contests-jury-comment-required-note") : t("contests-jury-comment-optional-note"));
  if (review.comment) lines.push(t("contests-jury-comment-current", { comment: review.comment }));
  return lines.join("\n\n");
}

export function summaryText(t: Translate, view: JurorEntry): string {
  const { contest, review, entry } = view;
  const rows = contest.criteria.map((c, i) => {
    const value = review.scores[c.id];
    if (c.passFail) {
      return t("contests-jury-summary-passfail", { n: i + 1, title: truncate(c.title, 120), state: value === undefined ? "none" : value === 1 ? "pass" : "fail" });
    }
    return t("contests-jury-summary-row", {
      n: i + 1,
      title: truncate(c.title, 120),
      points: value === undefined ? "—" : String(value),
      max: c.maxPoints,
      weight: points(c.weight),
      weighted: c.weight !== 1 ? "yes" : "no",
    });
  });
  const lines = [t("contests-jury-summary-head", { code: codeOf(t, entry.number) }), rows.join("\n")];
  lines.push(t("contests-jury-summary-total", { total: points(view.total), max: points(view.maxTotal) }));
  lines.push(review.comment ? t("contests-jury-summary-comment", { comment: review.comment }) : t("contests-jury-summary-no-comment"));
  const missing = contest.criteria.filter((c) => review.scores[c.id] === undefined).length;
  if (review.status === "SUBMITTED") lines.push(t("contests-jury-summary-submitted"));
  else if (missing > 0) lines.push(t("contests-jury-summary-missing", { missing }));
  else if (view.commentRequired && !review.comment) lines.push(t("contests-jury-summary-comment-required"));
  else if (view.editable) lines.push(t("contests-jury-summary-ready"));
  if (!view.editable) lines.push(t("contests-jury-closed-note"));
  return lines.join("\n\n");
}

export function conflictText(t: Translate, view: JurorEntry): string {
  return t("contests-jury-conflict-ask", { code: codeOf(t, view.entry.number) });
}

// ------------------------------------------------------------------ the chair

function rankingLine(t: Translate, e: DraftEntry): string {
  return t("contests-jury-draft-line", {
    place: e.place ?? "—",
    code: codeOf(t, e.number),
    score: points(e.score),
    reviews: e.reviews,
    award: e.award ?? "none",
  });
}

function nominationBlock(t: Translate, n: DraftNomination): string[] {
  const lines = [t("contests-jury-draft-nomination", { title: truncate(n.title, 150) })];
  if (n.ranking.length === 0) lines.push(t("contests-jury-draft-empty"));
  lines.push(...n.ranking.map((e) => rankingLine(t, e)));
  const codeById = new Map([...n.ranking, ...n.disqualified, ...n.removed, ...n.withoutReviews].map((e) => [e.id, codeOf(t, e.number)]));
  for (const o of n.outliers) {
    lines.push(t("contests-jury-draft-outlier", { code: codeById.get(o.entryId) ?? "?", total: points(o.total), median: points(o.median) }));
  }
  if (n.disqualified.length) lines.push(t("contests-jury-draft-disqualified", { codes: truncate(n.disqualified.map((e) => codeOf(t, e.number)).join(", "), 600) }));
  if (n.removed.length) lines.push(t("contests-jury-draft-removed", { codes: truncate(n.removed.map((e) => codeOf(t, e.number)).join(", "), 600) }));
  if (n.withoutReviews.length) lines.push(t("contests-jury-draft-no-reviews", { codes: truncate(n.withoutReviews.map((e) => codeOf(t, e.number)).join(", "), 600) }));
  for (const group of n.ties) {
    lines.push(t("contests-jury-draft-tie", { codes: truncate(group.map((e) => codeOf(t, e.number)).join(", "), 600), score: points(group[0]?.score) }));
  }
  return lines;
}

/** The chair's draft, cut to fit one message (the ranking's tail first gives way). */
export function draftText(env: Env, draft: ResultsDraft): string {
  const { t, locale, zone } = env;
  const head = [t("contests-jury-draft-title", { title: truncate(draft.contest.title, 150) })];
  const foot: string[] = [];
  if (draft.confirmed) foot.push(t("contests-jury-draft-confirmed", { time: formatZonedTime(draft.contest.confirmedAt!, zone, locale) }));
  else if (draft.unresolvedTies > 0) foot.push(t("contests-jury-draft-ties-block", { ties: draft.unresolvedTies }));
  else foot.push(t("contests-jury-draft-ready", { time: formatZonedTime(draft.contest.resultsAt, zone, locale) }));
  let used = [...head, ...foot].join("\n\n").length;
  const body: string[] = [];
  let cut = 0;
  for (const n of draft.nominations) {
    const block = nominationBlock(t, n);
    for (const [i, line] of block.entries()) {
      if (used + line.length + 2 > TEXT_BUDGET) {
        cut += block.length - i;
        break;
      }
      body.push(i === 0 ? `\n${line}` : line);
      used += line.length + 2;
    }
  }
  if (cut > 0) body.push(t("contests-jury-draft-cut", { lines: cut }));
  return [...head, body.join("\n").trim(), ...foot].join("\n\n");
}

export function tieText(t: Translate, nominationTitle: string, group: readonly DraftEntry[], picks: readonly number[]): string {
  const lines = [
    t("contests-jury-tie-head", {
      nomination: truncate(nominationTitle, 150),
      codes: group.map((e) => codeOf(t, e.number)).join(", "),
      score: points(group[0]?.score),
    }),
  ];
  if (picks.length > 0) lines.push(t("contests-jury-tie-order", { order: picks.map((p, i) => `${i + 1}. ${codeOf(t, group[p]!.number)}`).join("\n") }));
  lines.push(t(picks.length >= group.length ? "contests-jury-tie-save-hint" : "contests-jury-tie-pick-hint", { n: picks.length + 1 }));
  return lines.join("\n\n");
}

export function confirmText(env: Env, contest: ContestView): string {
  return env.t("contests-jury-confirm-ask", { title: truncate(contest.title, 150), time: formatZonedTime(contest.resultsAt, env.zone, env.locale) });
}
