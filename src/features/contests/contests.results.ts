/**
 * The results of a contest from its submitted reviews: the pure policy. No
 * I/O; ContestJudging.computeResults (contests.judging.ts) reads the rows and
 * writes back what {@link computeResults} returns.
 *
 * - A review's total is Σ weight × points over the scored criteria; pass/fail
 *   criteria do not add points.
 * - An entry's score is the mean of its reviews' totals, a trimmed mean (the
 *   highest and the lowest dropped) from TRIM_FROM reviews on.
 * - A review further than OUTLIER_SHARE from its entry's median total is an
 *   outlier: flagged for the chair, still counted.
 * - An entry is disqualified when a majority of its reviews fail one pass/fail
 *   criterion (authorship): no place, no award.
 * - Places per nomination: score, then the mean points of the tie-break
 *   criterion (methodological quality), then the chair's order; the entry
 *   number only keeps the order stable. 1 = WINNER, 2 … 1 + prizePlaces =
 *   PRIZE_WINNER, every other scored entry PARTICIPANT. Entries still tied after
 *   the chair's order where it decides a place among the prizes are reported
 *   as `ties`: the results cannot be confirmed until the chair orders them.
 * - An entry nobody reviewed has no score and no place; it is a participant.
 *
 * Scores are compared (and stored) rounded to 2 decimals, so 10/3 from one
 * entry and 10/3 from another always tie however the sums were formed.
 */
import type { ContestAward, CriterionView, Scores } from "./contests.types.js";
import { COMMENT_REQUIRED_ABOVE, COMMENT_REQUIRED_BELOW, OUTLIER_SHARE, TRIM_FROM } from "./contests.types.js";

type Criterion = Pick<CriterionView, "id" | "maxPoints" | "weight" | "passFail" | "tieBreak"> & { position?: number };

/** Rounds to 2 decimals (the small nudge keeps 1.005 from becoming 1.00 through binary noise). */
export function round2(x: number): number {
  return Math.round(x * 100 + 1e-7 * Math.sign(x)) / 100;
}

function points(scores: Scores, criterionId: number): number {
  const value = (scores as Record<string, unknown>)[String(criterionId)];
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Σ weight × points over the scored criteria (a missing score counts 0), rounded to 2 decimals. */
export function reviewTotal(criteria: readonly Criterion[], scores: Scores): number {
  let total = 0;
  for (const c of criteria) if (!c.passFail) total += c.weight * points(scores, c.id);
  return round2(total);
}

/** The highest total a review can give. */
export function maxTotal(criteria: readonly Criterion[]): number {
  let total = 0;
  for (const c of criteria) if (!c.passFail) total += c.weight * c.maxPoints;
  return round2(total);
}

/** A comment is required for a very low or a very high total (below 30 % or above 90 % of the maximum). */
export function commentRequired(criteria: readonly Criterion[], scores: Scores): boolean {
  const max = maxTotal(criteria);
  if (max <= 0) return false;
  const total = reviewTotal(criteria, scores);
  return total < COMMENT_REQUIRED_BELOW * max || total > COMMENT_REQUIRED_ABOVE * max;
}

/** True when the review fails a pass/fail criterion (scored 0; not scored is not a failure). */
function fails(scores: Scores, criterionId: number): boolean {
  const value = (scores as Record<string, unknown>)[String(criterionId)];
  return value === 0;
}

export interface ResultEntryInput {
  id: number;
  nominationId: number;
  number: number;
  chairRank: number | null;
}

export interface ResultReviewInput {
  id: number;
  entryId: number;
  scores: Scores;
}

export interface ResultsInput {
  criteria: readonly Criterion[];
  entries: readonly ResultEntryInput[];
  /** SUBMITTED reviews only. */
  reviews: readonly ResultReviewInput[];
  prizePlaces: number;
}

export interface EntryResult {
  entryId: number;
  nominationId: number;
  /** Null when nobody reviewed the entry. */
  score: number | null;
  /** Mean points of the tie-break criterion (null: no such criterion, or no review). */
  tieBreakScore: number | null;
  reviews: number;
  disqualified: boolean;
  /** 1 … per nomination; null when disqualified or not reviewed. */
  place: number | null;
  /** Null when disqualified. */
  award: ContestAward | null;
}

/** Entries of one nomination that nothing separates, on places that decide a prize. */
export interface TieGroup {
  nominationId: number;
  /** In the current (number) order. */
  entryIds: number[];
  places: number[];
}

export interface ContestResults {
  /** In the order of the input. */
  entries: EntryResult[];
  /** Ids of outlier reviews, ascending. */
  outliers: number[];
  ties: TieGroup[];
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Scores, outliers, disqualifications, places, awards and unresolved ties; see the header. */
export function computeResults(input: ResultsInput): ContestResults {
  const criteria = [...input.criteria].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
  const passFail = criteria.filter((c) => c.passFail);
  const tieBreak = criteria.find((c) => c.tieBreak && !c.passFail);
  const prizePlaces = Math.max(0, Math.floor(input.prizePlaces));

  const reviewsOf = new Map<number, ResultReviewInput[]>();
  for (const entry of input.entries) reviewsOf.set(entry.id, []);
  for (const review of input.reviews) reviewsOf.get(review.entryId)?.push(review);

  const outliers: number[] = [];
  const results: EntryResult[] = input.entries.map((entry) => {
    const reviews = reviewsOf.get(entry.id)!;
    const n = reviews.length;
    if (n === 0)
      return {
        entryId: entry.id,
        nominationId: entry.nominationId,
        score: null,
        tieBreakScore: null,
        reviews: 0,
        disqualified: false,
        place: null,
        award: "PARTICIPANT",
      };
    const totals = reviews.map((r) => reviewTotal(criteria, r.scores));
    const sorted = [...totals].sort((a, b) => a - b);
    const score = round2(mean(n >= TRIM_FROM ? sorted.slice(1, -1) : sorted));
    const m = median(sorted);
    reviews.forEach((r, i) => {
      if (Math.abs(totals[i]! - m) - OUTLIER_SHARE * m > 1e-9) outliers.push(r.id);
    });
    const tieBreakScore = tieBreak ? round2(mean(reviews.map((r) => points(r.scores, tieBreak.id)))) : null;
    const disqualified = passFail.some((c) => 2 * reviews.filter((r) => fails(r.scores, c.id)).length > n);
    return {
      entryId: entry.id,
      nominationId: entry.nominationId,
      score,
      tieBreakScore,
      reviews: n,
      disqualified,
      place: null,
      award: disqualified ? null : "PARTICIPANT",
    };
  });

  const inputOf = new Map(input.entries.map((e) => [e.id, e]));
  const byNomination = new Map<number, EntryResult[]>();
  for (const r of results) {
    if (r.score === null || r.disqualified) continue;
    const list = byNomination.get(r.nominationId) ?? [];
    list.push(r);
    byNomination.set(r.nominationId, list);
  }
  const chairRank = (r: EntryResult) => inputOf.get(r.entryId)!.chairRank;
  const decisive = (a: EntryResult, b: EntryResult): number =>
    b.score! - a.score! || (b.tieBreakScore ?? -1) - (a.tieBreakScore ?? -1) || (chairRank(a) ?? Infinity) - (chairRank(b) ?? Infinity) || 0;

  const ties: TieGroup[] = [];
  for (const nominationId of [...byNomination.keys()].sort((a, b) => a - b)) {
    const ranked = byNomination.get(nominationId)!;
    ranked.sort((a, b) => decisive(a, b) || inputOf.get(a.entryId)!.number - inputOf.get(b.entryId)!.number);
    ranked.forEach((r, i) => {
      r.place = i + 1;
      r.award = i === 0 ? "WINNER" : i <= prizePlaces ? "PRIZE_WINNER" : "PARTICIPANT";
    });
    for (let start = 0; start < ranked.length;) {
      let end = start + 1;
      while (end < ranked.length && decisive(ranked[start]!, ranked[end]!) === 0) end++;
      if (end - start > 1 && start + 1 <= 1 + prizePlaces) {
        const group = ranked.slice(start, end);
        ties.push({ nominationId, entryIds: group.map((r) => r.entryId), places: group.map((r) => r.place!) });
      }
      start = end;
    }
  }
  outliers.sort((a, b) => a - b);
  return { entries: results, outliers, ties };
}

export interface VoteCount {
  entryId: number;
  nominationId: number;
  votes: number;
}

export interface AudienceWinners {
  nominationId: number;
  /** Every entry with the most votes (a tie shares the prize), ascending. */
  entryIds: number[];
  votes: number;
}

/** The audience prize per nomination: the entries with the most votes (none when nobody voted). */
export function audienceWinners(counts: readonly VoteCount[]): AudienceWinners[] {
  const best = new Map<number, AudienceWinners>();
  for (const c of counts) {
    if (c.votes <= 0) continue;
    const current = best.get(c.nominationId);
    if (!current || c.votes > current.votes) best.set(c.nominationId, { nominationId: c.nominationId, entryIds: [c.entryId], votes: c.votes });
    else if (c.votes === current.votes && !current.entryIds.includes(c.entryId)) current.entryIds.push(c.entryId);
  }
  const out = [...best.values()].sort((a, b) => a.nominationId - b.nominationId);
  for (const w of out) w.entryIds.sort((a, b) => a - b);
  return out;
}
