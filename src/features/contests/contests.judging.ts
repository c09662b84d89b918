import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { NotFoundError } from "../../shared/errors.js";
import { assignReviews, schoolKey, type ReviewRowStatus } from "./contests.assignment.js";
import { computeResults, type TieGroup } from "./contests.results.js";
import type { Scores } from "./contests.types.js";

type Tx = Prisma.TransactionClient;

export interface AssignOutcome {
  /** Reviews created by this run. */
  created: number;
  /** Reviews still missing (no eligible juror with room): the organisers must add jurors. */
  shortfall: number;
  /** The cap per juror that applied. */
  cap: number;
}

export interface ResultsOutcome {
  /** Ties the chair must order before the results can be confirmed. */
  ties: TieGroup[];
  outliers: number;
  disqualified: number;
}

/**
 * Storage of the jury's work as a whole: the assignment of reviews and the
 * computed results (the rules are in contests.assignment.ts and
 * contests.results.ts; this class only reads their input and writes their
 * output). Each run holds the contest row lock (SELECT … FOR UPDATE) for its
 * whole transaction, so two runs of one contest — a conflict declared while
 * jurors are being added, a phase job run twice — are serialised, and the
 * second sees what the first wrote: running either again changes nothing.
 * Both are re-runnable by design: assign after jurors are added or a conflict
 * is declared, computeResults after the chair breaks a tie.
 */
export class ContestJudging {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds the missing reviews of `contestId`'s SUBMITTED entries, in its own transaction. */
  async assign(contestId: number): Promise<AssignOutcome> {
    return this.prisma.$transaction((tx) => this.assignIn(tx, contestId));
  }

  /** {@link assign} inside the caller's transaction (e.g. with the CONFLICT it reacts to). */
  async assignIn(tx: Tx, contestId: number): Promise<AssignOutcome> {
    const contest = await lockContest(tx, contestId);
    const [entries, jurors, existing] = await Promise.all([
      tx.$queryRaw<{ id: number; authorId: number; organisation: string | null; city: string | null }[]>`
        SELECT e.id, e.author_id AS "authorId", p.organisation, p.city
          FROM contest_entries e LEFT JOIN profiles p ON p.member_id = e.author_id
         WHERE e.contest_id = ${contestId} AND e.status = 'SUBMITTED'`,
      tx.$queryRaw<{ id: number; organisation: string | null; city: string | null }[]>`
        SELECT j.member_id AS id, p.organisation, p.city
          FROM contest_jurors j LEFT JOIN profiles p ON p.member_id = j.member_id
         WHERE j.contest_id = ${contestId}`,
      tx.$queryRaw<{ entryId: number; jurorId: number; status: ReviewRowStatus }[]>`
        SELECT entry_id AS "entryId", juror_id AS "jurorId", status::text AS status
          FROM contest_reviews WHERE contest_id = ${contestId}`,
    ]);
    const result = assignReviews({
      entries: entries.map((e) => ({ id: e.id, authorId: e.authorId, school: schoolKey(e.organisation, e.city) })),
      jurors: jurors.map((j) => ({ id: j.id, school: schoolKey(j.organisation, j.city) })),
      reviewsPerEntry: contest.reviewsPerEntry,
      cap: contest.jurorCap,
      existing,
    });
    // One statement (createMany would send 6,000 rows as bound parameters in chunks); the unique
    // (entry, juror) key makes a pair another run inserted first a no-op rather than an error.
    const created =
      result.assignments.length === 0
        ? 0
        : await tx.$executeRaw`
            INSERT INTO contest_reviews (contest_id, entry_id, juror_id, status, assigned_at, updated_at)
            SELECT ${contestId}, a.entry_id, a.juror_id, 'ASSIGNED', ${this.now()}, now()
              FROM unnest(${result.assignments.map((a) => a.entryId)}::int[], ${result.assignments.map((a) => a.jurorId)}::int[]) AS a(entry_id, juror_id)
            ON CONFLICT (entry_id, juror_id) DO NOTHING`;
    return { created, shortfall: result.shortfall.reduce((sum, s) => sum + s.missing, 0), cap: result.cap };
  }

  /**
   * Computes the results of `contestId` from its SUBMITTED reviews and stores
   * them: score, tie-break score, place, award and status (a disqualified entry
   * becomes DISQUALIFIED, and SUBMITTED again if a recomputation admits it) of
   * every entry, the outlier flag of every review, and results_computed_at.
   * Entries the organisers removed by hand stay out (and stay DISQUALIFIED).
   */
  async computeResults(contestId: number): Promise<ResultsOutcome> {
    return this.prisma.$transaction((tx) => this.computeResultsIn(tx, contestId));
  }

  /** {@link computeResults} inside the caller's transaction. */
  async computeResultsIn(tx: Tx, contestId: number): Promise<ResultsOutcome> {
    const contest = await lockContest(tx, contestId);
    const [criteria, entries, reviews] = await Promise.all([
      tx.contestCriterion.findMany({ where: { contestId }, orderBy: { position: "asc" } }),
      tx.$queryRaw<{ id: number; nominationId: number; number: number; chairRank: number | null }[]>`
        SELECT id, nomination_id AS "nominationId", number, chair_rank AS "chairRank"
          FROM contest_entries WHERE contest_id = ${contestId} AND status IN ('SUBMITTED', 'DISQUALIFIED')
           AND disqualification_reason IS NULL`,
      tx.$queryRaw<{ id: number; entryId: number; scores: Scores }[]>`
        SELECT id, entry_id AS "entryId", scores FROM contest_reviews WHERE contest_id = ${contestId} AND status = 'SUBMITTED'`,
    ]);
    const results = computeResults({ criteria, entries, reviews, prizePlaces: contest.prizePlaces });

    const rows = results.entries;
    if (rows.length > 0) {
      await tx.$executeRaw`
        UPDATE contest_entries AS e
           SET score = u.score, tie_break_score = u.tie_break, place = u.place,
               award = u.award::"ContestAward", status = u.status::"ContestEntryStatus", updated_at = now()
          FROM unnest(${rows.map((r) => r.entryId)}::int[], ${rows.map((r) => r.score)}::float8[], ${rows.map((r) => r.tieBreakScore)}::float8[],
                      ${rows.map((r) => r.place)}::int[], ${rows.map((r) => r.award)}::text[],
                      ${rows.map((r) => (r.disqualified ? "DISQUALIFIED" : "SUBMITTED"))}::text[])
               AS u(id, score, tie_break, place, award, status)
         WHERE e.id = u.id AND e.contest_id = ${contestId}
           AND (e.score, e.tie_break_score, e.place, e.award::text, e.status::text) IS DISTINCT FROM (u.score, u.tie_break, u.place, u.award, u.status)`;
    }
    // Every review of the contest: an outlier of a previous run that is no longer one is cleared.
    await tx.$executeRaw`
      UPDATE contest_reviews AS r
         SET outlier = (r.status = 'SUBMITTED' AND r.id = ANY(${results.outliers}::int[])), updated_at = now()
       WHERE r.contest_id = ${contestId}
         AND r.outlier IS DISTINCT FROM (r.status = 'SUBMITTED' AND r.id = ANY(${results.outliers}::int[]))`;
    await tx.contest.update({ where: { id: contestId }, data: { resultsComputedAt: this.now() } });
    return { ties: results.ties, outliers: results.outliers.length, disqualified: rows.filter((r) => r.disqualified).length };
  }
}

async function lockContest(tx: Tx, contestId: number): Promise<{ reviewsPerEntry: number; jurorCap: number | null; prizePlaces: number }> {
  const rows = await tx.$queryRaw<{ reviewsPerEntry: number; jurorCap: number | null; prizePlaces: number }[]>`
    SELECT reviews_per_entry AS "reviewsPerEntry", juror_cap AS "jurorCap", prize_places AS "prizePlaces"
      FROM contests WHERE id = ${contestId} FOR UPDATE`;
  const contest = rows[0];
  if (!contest) throw new NotFoundError();
  return contest;
}
