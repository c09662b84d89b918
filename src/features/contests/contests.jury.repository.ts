import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { ContestEntryStatus, ContestReviewStatus, ContestStatus } from "../../generated/prisma/enums.js";
import type { ContestAward, Scores, ReviewView } from "./contests.types.js";

type Tx = Prisma.TransactionClient;

const reviewSelect = {
  id: true,
  contestId: true,
  entryId: true,
  jurorId: true,
  status: true,
  scores: true,
  comment: true,
  total: true,
  outlier: true,
  submittedAt: true,
} as const satisfies Prisma.ContestReviewSelect;

type ReviewRow = Prisma.ContestReviewGetPayload<{ select: typeof reviewSelect }>;

/** Points per criterion id from the stored JSON; anything that is not an integer is dropped. */
export function parseScores(json: Prisma.JsonValue): Scores {
  const out: Scores = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json)) {
      const id = Number(key);
      if (Number.isSafeInteger(id) && id > 0 && typeof value === "number" && Number.isInteger(value)) out[id] = value;
    }
  }
  return out;
}

function toReviewView(row: ReviewRow): ReviewView {
  return { ...row, scores: parseScores(row.scores) };
}

/** One contest of a juror with the counts of their reviews. */
export interface JurorContestRow {
  contestId: number;
  chair: boolean;
  assigned: number;
  submitted: number;
  left: number;
}

/** A review in a juror's queue: only what the blind list shows. */
export interface QueueRow {
  reviewId: number;
  status: ContestReviewStatus;
  entryNumber: number;
  nominationId: number;
  scored: number;
  total: number | null;
}

/** What the blind view of an entry is built from: no author, no school, no duplicate flag. */
export interface BlindEntryRow {
  id: number;
  contestId: number;
  nominationId: number;
  number: number;
  title: string;
  description: string;
  link: string | null;
  text: string | null;
  status: ContestEntryStatus;
  files: { position: number; fileId: string; fileName: string; mimeType: string; fileSize: number }[];
}

/** A review read under its row lock, with the contest's phase read under a share lock (the phase move waits for it). */
export interface LockedReview {
  review: ReviewView;
  contest: { status: ContestStatus; judgingClosesAt: Date };
}

export type ReviewPatch = Partial<Pick<ReviewView, "status" | "scores" | "comment" | "total" | "submittedAt">> & { conflictAt?: Date };

/** An entry as the chair's draft shows it. */
export interface DraftEntryRow {
  id: number;
  nominationId: number;
  number: number;
  status: ContestEntryStatus;
  score: number | null;
  place: number | null;
  award: ContestAward | null;
  chairRank: number | null;
  /** Set when the organisers removed the entry (not the jury's authorship majority). */
  disqualificationReason: string | null;
}

export interface DraftReviewRow {
  id: number;
  entryId: number;
  total: number | null;
  outlier: boolean;
}

/** Storage of the jury's work: jurors, reviews, the chair's tie order and confirmation. */
export class JuryRepository {
  constructor(readonly prisma: PrismaClient) {}

  /** The member's seat on a contest's jury, or undefined. */
  async seat(contestId: number, memberId: number): Promise<{ chair: boolean } | undefined> {
    if (!Number.isSafeInteger(contestId) || contestId <= 0 || contestId > 2_147_483_647) return undefined;
    const row = await this.prisma.contestJuror.findUnique({ where: { contestId_memberId: { contestId, memberId } }, select: { chair: true } });
    return row ?? undefined;
  }

  /** The contests (not cancelled) where the member sits on the jury, newest first, with their review counts. */
  async contestsOf(memberId: number, limit: number): Promise<JurorContestRow[]> {
    const seats = await this.prisma.contestJuror.findMany({
      where: { memberId, contest: { status: { not: "CANCELLED" } } },
      orderBy: { contestId: "desc" },
      take: limit,
      select: { contestId: true, chair: true },
    });
    if (seats.length === 0) return [];
    const counts = await this.prisma.contestReview.groupBy({
      by: ["contestId", "status"],
      where: { jurorId: memberId, contestId: { in: seats.map((s) => s.contestId) } },
      _count: { _all: true },
    });
    return seats.map((s) => {
      const of = (status: ContestReviewStatus) => counts.find((c) => c.contestId === s.contestId && c.status === status)?._count._all ?? 0;
      const submitted = of("SUBMITTED");
      const left = of("ASSIGNED");
      return { contestId: s.contestId, chair: s.chair, assigned: submitted + left, submitted, left };
    });
  }

  /** The juror's reviews of a contest (conflicts included), by entry code. */
  async queue(contestId: number, jurorId: number): Promise<QueueRow[]> {
    const rows = await this.prisma.contestReview.findMany({
      where: { contestId, jurorId },
      select: { id: true, status: true, scores: true, total: true, entry: { select: { number: true, nominationId: true } } },
      orderBy: { entry: { number: "asc" } },
    });
    return rows.map((r) => ({
      reviewId: r.id,
      status: r.status,
      entryNumber: r.entry.number,
      nominationId: r.entry.nominationId,
      scored: Object.keys(parseScores(r.scores)).length,
      total: r.total,
    }));
  }

  async review(id: number): Promise<ReviewView | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await this.prisma.contestReview.findUnique({ where: { id }, select: reviewSelect });
    return row ? toReviewView(row) : undefined;
  }

  /** The entry without anything that names its author (the author's id is not even read). */
  async blindEntry(entryId: number): Promise<BlindEntryRow | undefined> {
    const row = await this.prisma.contestEntry.findUnique({
      where: { id: entryId },
      select: {
        id: true,
        contestId: true,
        nominationId: true,
        number: true,
        title: true,
        description: true,
        link: true,
        text: true,
        status: true,
        files: { orderBy: { position: "asc" }, select: { position: true, fileId: true, fileName: true, mimeType: true, fileSize: true } },
      },
    });
    return row ?? undefined;
  }

  /**
   * Changes a review under its row lock, with the contest's row share-locked so
   * that the close of judging (an update of the contest) waits for the change or
   * the change sees the new status. `change` decides (and may throw to refuse);
   * undefined writes nothing.
   */
  async changeReview(id: number, change: (locked: LockedReview) => ReviewPatch | undefined): Promise<{ before: ReviewView; after: ReviewView } | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.$queryRaw<{ contest_id: number }[]>`SELECT contest_id FROM contest_reviews WHERE id = ${id}`;
      const contestId = found[0]?.contest_id;
      if (contestId === undefined) return undefined;
      const contest = await tx.$queryRaw<{ status: ContestStatus; judging_closes_at: Date }[]>`
        SELECT status, judging_closes_at FROM contests WHERE id = ${contestId} FOR SHARE`;
      await tx.$queryRaw`SELECT id FROM contest_reviews WHERE id = ${id} FOR UPDATE`;
      const row = await tx.contestReview.findUnique({ where: { id }, select: reviewSelect });
      if (!row || !contest[0]) return undefined;
      const before = toReviewView(row);
      const patch = change({ review: before, contest: { status: contest[0].status, judgingClosesAt: contest[0].judging_closes_at } });
      if (!patch) return { before, after: before };
      const { scores, ...rest } = patch;
      const updated = await tx.contestReview.update({
        where: { id },
        data: { ...rest, ...(scores ? { scores } : {}) },
        select: reviewSelect,
      });
      return { before, after: toReviewView(updated) };
    });
  }

  // ---------------------------------------------------------------- the chair

  async draftEntries(contestId: number): Promise<DraftEntryRow[]> {
    return this.prisma.contestEntry.findMany({
      where: { contestId, status: { not: "WITHDRAWN" } },
      orderBy: [{ nominationId: "asc" }, { number: "asc" }],
      select: { id: true, nominationId: true, number: true, status: true, score: true, place: true, award: true, chairRank: true, disqualificationReason: true },
    });
  }

  async submittedReviews(contestId: number): Promise<DraftReviewRow[]> {
    return this.prisma.contestReview.findMany({
      where: { contestId, status: "SUBMITTED" },
      orderBy: { id: "asc" },
      select: { id: true, entryId: true, total: true, outlier: true },
    });
  }

  /** Sets the chair's order (1 first) on entries still tied; with the audit row, in one transaction. */
  async setChairRanks(contestId: number, orderedEntryIds: number[], audit: (tx: Tx) => Promise<unknown>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const [i, id] of orderedEntryIds.entries()) {
        await tx.contestEntry.updateMany({ where: { id, contestId }, data: { chairRank: i + 1 } });
      }
      await audit(tx);
    });
  }

  /** Records the chair's confirmation if the contest still waits for it; false when it does not (confirmed meanwhile, moved on). */
  async confirm(contestId: number, chairId: number, at: Date, audit: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.contest.updateMany({
        where: { id: contestId, status: "CONFIRMING", confirmedAt: null },
        data: { confirmedAt: at, confirmedById: chairId },
      });
      if (count !== 1) return false;
      await audit(tx);
      return true;
    });
  }
}
