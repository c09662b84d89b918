// The results policy of contests (contests.results.ts): totals, means, outliers,
// disqualification, places, ties and the audience prize.
import { describe, expect, it } from "vitest";
import {
  audienceWinners,
  commentRequired,
  computeResults,
  maxTotal,
  reviewTotal,
  type ResultEntryInput,
  type ResultReviewInput,
} from "../../src/features/contests/contests.results.js";
import type { CriterionView, Scores } from "../../src/features/contests/contests.types.js";

const criterion = (id: number, maxPoints: number, extra: Partial<CriterionView> = {}): CriterionView => ({
  id,
  position: id,
  title: `c${id}`,
  maxPoints,
  weight: 1,
  passFail: false,
  tieBreak: false,
  ...extra,
});

// Two scored criteria (0–5, the second weighted 2 and breaking ties) and an authorship pass/fail.
const CRITERIA = [criterion(1, 5), criterion(2, 5, { weight: 2, tieBreak: true }), criterion(3, 0, { passFail: true })];
const PASS = 3;

/** A review scoring `a` and `b` on the two criteria (total a + 2b), passing authorship unless told. */
const s = (a: number, b: number, pass = 1): Scores => ({ 1: a, 2: b, [PASS]: pass });

let nextReviewId = 1;
const reviews = (entryId: number, ...scores: Scores[]): ResultReviewInput[] => scores.map((sc) => ({ id: nextReviewId++, entryId, scores: sc }));
const entry = (id: number, nominationId = 1, chairRank: number | null = null): ResultEntryInput => ({ id, nominationId, number: id, chairRank });

function results(entries: ResultEntryInput[], rs: ResultReviewInput[], prizePlaces = 2) {
  const out = computeResults({ criteria: CRITERIA, entries, reviews: rs, prizePlaces });
  return { ...out, of: (id: number) => out.entries.find((e) => e.entryId === id)! };
}

describe("review totals", () => {
  it("sums weight × points over the scored criteria, without pass/fail ones", () => {
    expect(reviewTotal(CRITERIA, s(4, 3))).toBe(10);
    expect(reviewTotal(CRITERIA, s(4, 3, 0))).toBe(10);
    expect(reviewTotal(CRITERIA, { 1: 2 })).toBe(2);
    expect(maxTotal(CRITERIA)).toBe(15);
    expect(reviewTotal([criterion(1, 5, { weight: 0.1 }), criterion(2, 5, { weight: 0.2 })], { 1: 1, 2: 1 })).toBe(0.3);
  });

  it("requires a comment below 30 % and above 90 % of the maximum", () => {
    expect(commentRequired(CRITERIA, s(0, 2))).toBe(true); // 4 < 4.5
    expect(commentRequired(CRITERIA, s(1, 2))).toBe(false); // 5
    expect(commentRequired(CRITERIA, s(3, 5))).toBe(false); // 13 < 13.5
    expect(commentRequired(CRITERIA, s(4, 5))).toBe(true); // 14 > 13.5
    expect(commentRequired([criterion(1, 0, { passFail: true })], { 1: 1 })).toBe(false);
  });
});

describe("computeResults", () => {
  it("scores an entry with the mean of its reviews", () => {
    const r = results([entry(1)], reviews(1, s(5, 5), s(4, 4), s(1, 0))); // 15, 12, 1
    expect(r.of(1).score).toBe(9.33);
    expect(r.of(1).reviews).toBe(3);
  });

  it("drops the highest and the lowest review from 5 reviews on", () => {
    const four = results([entry(1)], reviews(1, s(0, 0), s(3, 3), s(3, 3), s(5, 5))); // 0, 9, 9, 15
    expect(four.of(1).score).toBe(8.25);
    const five = results([entry(1)], reviews(1, s(0, 0), s(3, 3), s(3, 3), s(4, 4), s(5, 5))); // 0, 9, 9, 12, 15
    expect(five.of(1).score).toBe(10);
  });

  it("flags reviews further than 30 % from the entry's median", () => {
    const rs = reviews(1, s(3, 3), s(2, 3), s(4, 3), s(0, 1)); // 9, 8, 10, 2 → median 8.5
    const r = results([entry(1)], rs);
    expect(r.outliers).toEqual([rs[3]!.id]);
    // Exactly 30 % away is not an outlier: 13 and 7 around 10.
    const edge = reviews(2, s(4, 3), s(1, 3), s(3, 5)); // 10, 7, 13
    expect(results([entry(2)], edge).outliers).toEqual([]);
  });

  it("disqualifies an entry when a majority fails the pass/fail criterion", () => {
    const r = results(
      [entry(1), entry(2), entry(3)],
      [...reviews(1, s(5, 5, 0), s(5, 5, 0), s(5, 5, 1)), ...reviews(2, s(1, 1, 0), s(1, 1), s(1, 1)), ...reviews(3, s(2, 2, 0), s(2, 2))],
    );
    expect(r.of(1)).toMatchObject({ disqualified: true, place: null, award: null });
    expect(r.of(2)).toMatchObject({ disqualified: false, place: 2, award: "PRIZE_WINNER" });
    // One fail in two is not a majority.
    expect(r.of(3)).toMatchObject({ disqualified: false, place: 1, award: "WINNER" });
  });

  it("gives places per nomination: winner, prize-winners, participants", () => {
    const entries = [1, 2, 3, 4, 5].map((id) => entry(id)).concat([entry(6, 2), entry(7, 2)]);
    const rs = [
      ...reviews(1, s(1, 1)),
      ...reviews(2, s(5, 5)),
      ...reviews(3, s(2, 2)),
      ...reviews(4, s(4, 4)),
      ...reviews(5, s(3, 3)),
      ...reviews(6, s(1, 1)),
      ...reviews(7, s(2, 1)),
    ];
    const r = results(entries, rs);
    expect([2, 4, 5, 3, 1].map((id) => [r.of(id).place, r.of(id).award])).toEqual([
      [1, "WINNER"],
      [2, "PRIZE_WINNER"],
      [3, "PRIZE_WINNER"],
      [4, "PARTICIPANT"],
      [5, "PARTICIPANT"],
    ]);
    expect([r.of(7).place, r.of(6).place]).toEqual([1, 2]);
    expect(r.ties).toEqual([]);
    // One prize place only.
    expect(results(entries, rs, 1).of(5).award).toBe("PARTICIPANT");
  });

  it("gives an entry nobody reviewed no score and no place, as a participant", () => {
    const r = results([entry(1), entry(2)], reviews(1, s(1, 1)));
    expect(r.of(2)).toMatchObject({ score: null, tieBreakScore: null, place: null, award: "PARTICIPANT", disqualified: false });
    expect(r.of(1).place).toBe(1);
  });

  it("breaks a tie with the tie-break criterion, then the chair's order", () => {
    // Both total 9 (3 + 2·3 vs 5 + 2·2): entry 2 has more points on the tie-break criterion.
    const byCriterion = results([entry(1), entry(2)], [...reviews(1, s(5, 2)), ...reviews(2, s(3, 3))]);
    expect([byCriterion.of(2).place, byCriterion.of(1).place]).toEqual([1, 2]);
    expect(byCriterion.of(2).tieBreakScore).toBe(3);
    expect(byCriterion.ties).toEqual([]);

    // Same scores on everything: a tie the chair must break.
    const same = [...reviews(1, s(3, 3)), ...reviews(2, s(3, 3)), ...reviews(3, s(1, 1))];
    const tied = results([entry(1), entry(2), entry(3)], same);
    expect(tied.ties).toEqual([{ nominationId: 1, entryIds: [1, 2], places: [1, 2] }]);
    const ordered = results([entry(1, 1, 2), entry(2, 1, 1), entry(3)], same);
    expect(ordered.ties).toEqual([]);
    expect([ordered.of(2).place, ordered.of(1).place]).toEqual([1, 2]);
    // The chair ranked one of them only: the ranked one goes first.
    const one = results([entry(1), entry(2, 1, 1), entry(3)], same);
    expect(one.ties).toEqual([]);
    expect(one.of(2).place).toBe(1);
  });

  it("treats means that are equal to 2 decimals as equal", () => {
    // 4.6 / 3 from different sums of fractional weights: 4 + 0.3 + 0.3 and 0.7 + 3 + 0.9.
    const criteria = [criterion(1, 10, { weight: 0.1 }), criterion(2, 15, { weight: 0.2 })];
    const rs = [...reviews(1, { 1: 10, 2: 15 }, { 1: 3, 2: 0 }, { 1: 3, 2: 0 }), ...reviews(2, { 1: 7, 2: 0 }, { 1: 0, 2: 15 }, { 1: 9, 2: 0 })];
    const r = computeResults({ criteria, entries: [entry(1), entry(2)], reviews: rs, prizePlaces: 2 });
    expect(r.entries[0]!.score).toBe(r.entries[1]!.score);
    expect(r.ties).toHaveLength(1);
  });

  it("reports ties only where they decide a place among the prizes", () => {
    const entries = [1, 2, 3, 4, 5].map((id) => entry(id));
    const rs = [...reviews(1, s(5, 5)), ...reviews(2, s(4, 4)), ...reviews(3, s(3, 3)), ...reviews(4, s(1, 1)), ...reviews(5, s(1, 1))];
    expect(results(entries, rs).ties).toEqual([]); // 4th and 5th tied: no prize at stake
    const rs2 = [...reviews(1, s(5, 5)), ...reviews(2, s(4, 4)), ...reviews(3, s(2, 2)), ...reviews(4, s(2, 2)), ...reviews(5, s(1, 1))];
    // 3rd and 4th tied: the 3rd place is a prize.
    expect(results(entries, rs2).ties).toEqual([{ nominationId: 1, entryIds: [3, 4], places: [3, 4] }]);
  });

  it("keeps the chair's ranks from deciding between entries the scores already separate", () => {
    const r = results([entry(1, 1, 1), entry(2, 1, 2)], [...reviews(1, s(1, 1)), ...reviews(2, s(5, 5))]);
    expect(r.of(2).place).toBe(1);
  });
});

describe("audienceWinners", () => {
  it("gives each nomination's prize to the most voted entries, sharing it on a tie", () => {
    expect(
      audienceWinners([
        { entryId: 1, nominationId: 1, votes: 5 },
        { entryId: 2, nominationId: 1, votes: 7 },
        { entryId: 3, nominationId: 2, votes: 4 },
        { entryId: 5, nominationId: 2, votes: 4 },
        { entryId: 4, nominationId: 2, votes: 1 },
        { entryId: 6, nominationId: 3, votes: 0 },
      ]),
    ).toEqual([
      { nominationId: 1, entryIds: [2], votes: 7 },
      { nominationId: 2, entryIds: [3, 5], votes: 4 },
    ]);
    expect(audienceWinners([])).toEqual([]);
  });
});

describe("contest refIds", () => {
  it("read back what contestRef wrote, and nothing forged or foreign", async () => {
    const { contestRef, parseContestRef } = await import("../../src/features/contests/contests.types.js");
    expect(parseContestRef(contestRef(17, "assigned:3"))).toEqual({ contestId: 17, what: "assigned:3" });
    for (const forged of ["contest:0:x", "contest:99999999999:x", "contest:5:", "event:5:x", "contest:5:<b>", "contest:-1:x"]) {
      expect(parseContestRef(forged)).toBeUndefined();
    }
  });
});
