import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { contestInclude, ContestsRepository, toContestView, type Tx } from "./contests.repository.js";
import type { ContestView, CriterionInput, NominationInput } from "./contests.types.js";

/** The columns of a contest an organiser sets when creating it (validated by ContestsService). */
export type ContestFields = Pick<
  ContestView,
  | "title"
  | "description"
  | "rules"
  | "rulesFileId"
  | "rulesFileName"
  | "timezone"
  | "submissionOpensAt"
  | "submissionClosesAt"
  | "judgingClosesAt"
  | "resultsAt"
  | "formats"
  | "maxFiles"
  | "fileFamilies"
  | "maxFileMb"
  | "reviewsPerEntry"
  | "jurorCap"
  | "prizePlaces"
  | "audienceVote"
  | "broadcastPhases"
  | "status"
>;

export type ContestDates = Pick<ContestFields, "submissionOpensAt" | "submissionClosesAt" | "judgingClosesAt" | "resultsAt">;

/** A member the jury screen can appoint: registered, not erased. */
export interface JurorCandidate {
  id: number;
  name: string | null;
  username: string | null;
  registered: boolean;
  deleted: boolean;
}

/** One juror's line in the progress view. */
export interface JurorProgress {
  memberId: number;
  name: string | null;
  username: string | null;
  deleted: boolean;
  chair: boolean;
  assigned: number;
  submitted: number;
  conflicts: number;
  remindedAt: Date | null;
}

/** One nomination's line in the progress view. */
export interface NominationProgress {
  nominationId: number;
  title: string;
  entries: number;
  reviewsDone: number;
  reviewsNeeded: number;
}

export interface DuplicateFlag {
  entryId: number;
  number: number;
  title: string;
  duplicateOf: string;
}

type Audit = (tx: Tx) => Promise<unknown>;

/** What the organisers see before removing an entry. */
export interface EntryToRemove {
  id: number;
  number: number;
  title: string;
  status: "SUBMITTED" | "WITHDRAWN" | "DISQUALIFIED";
  authorId: number;
  /** Null when the author erased their data. */
  authorName: string | null;
  nominationTitle: string;
  duplicateOf: string | null;
}

/** Storage of what organisers do: creating contests, moving their dates, cancelling, the jury, progress. */
export class ContestsAdminRepository {
  private readonly base: ContestsRepository;

  constructor(private readonly prisma: PrismaClient) {
    this.base = new ContestsRepository(prisma);
  }

  find(id: number): Promise<ContestView | undefined> {
    return this.base.find(id);
  }

  async create(
    organiserId: number,
    fields: ContestFields,
    nominations: NominationInput[],
    criteria: Required<CriterionInput>[],
    audit: (tx: Tx, id: number) => Promise<unknown>,
  ) {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.contest.create({
        data: {
          ...fields,
          organiserId,
          nominations: { create: nominations.map((n, i) => ({ position: i + 1, title: n.title, subjectCodes: n.subjectCodes, gradeCodes: n.gradeCodes })) },
          criteria: {
            create: criteria.map((c, i) => ({ position: i + 1, title: c.title, maxPoints: c.maxPoints, weight: c.weight, passFail: c.passFail, tieBreak: c.tieBreak })),
          },
        },
        select: { id: true },
      });
      await audit(tx, row.id);
      return row.id;
    });
  }

  /** Contests an organiser may still manage (not cancelled), newest first. */
  async manageable(limit: number): Promise<ContestView[]> {
    const rows = await this.prisma.contest.findMany({ where: { status: { not: "CANCELLED" } }, include: contestInclude, orderBy: { id: "desc" }, take: limit });
    return rows.map(toContestView);
  }

  /** Changes dates under the contest's lock; `check` sees the locked contest and throws to refuse. */
  async updateDates(id: number, check: (locked: ContestView) => ContestDates, audit: Audit): Promise<ContestView | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.base.lock(tx, id);
      if (!locked) return undefined;
      const dates = check(locked);
      await tx.contest.update({ where: { id }, data: dates });
      await audit(tx);
      return this.base.find(id, tx);
    });
  }

  /** Cancels under the lock; returns the entrants and jurors to tell, or undefined when `check` refused. */
  async cancel(id: number, now: Date, check: (locked: ContestView) => void, audit: Audit): Promise<number[] | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.base.lock(tx, id);
      if (!locked) return undefined;
      check(locked);
      await tx.contest.update({ where: { id }, data: { status: "CANCELLED", cancelledAt: now } });
      await audit(tx);
      const entrants = await tx.contestEntry.findMany({ where: { contestId: id, status: { not: "WITHDRAWN" } }, select: { authorId: true }, distinct: ["authorId"] });
      const jurors = await tx.contestJuror.findMany({ where: { contestId: id }, select: { memberId: true } });
      return [...new Set([...entrants.map((e) => e.authorId), ...jurors.map((j) => j.memberId)])];
    });
  }

  async candidate(memberId: number): Promise<JurorCandidate | undefined> {
    if (!Number.isSafeInteger(memberId) || memberId <= 0 || memberId > 2_147_483_647) return undefined;
    const row = await this.prisma.member.findUnique({
      where: { id: memberId },
      select: { id: true, username: true, registeredAt: true, deletedAt: true, telegramId: true, profile: { select: { fullName: true } } },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.profile?.fullName ?? null,
      username: row.username,
      registered: row.registeredAt !== null,
      deleted: row.deletedAt !== null || row.telegramId === null,
    };
  }

  async isJuror(contestId: number, memberId: number): Promise<boolean> {
    return (await this.prisma.contestJuror.count({ where: { contestId, memberId } })) > 0;
  }

  /** Appoints; false when already a juror. */
  async addJuror(contestId: number, memberId: number, audit: Audit): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.contestJuror.createMany({ data: [{ contestId, memberId }], skipDuplicates: true });
      if (count === 0) return false;
      await audit(tx);
      return true;
    });
  }

  /**
   * Removes a juror and their unscored reviews. `check` gets the number of
   * their submitted reviews (under the contest's lock) and throws to refuse.
   * False when they were not a juror.
   */
  async removeJuror(contestId: number, memberId: number, check: (submitted: number) => void, audit: Audit): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM contests WHERE id = ${contestId} FOR UPDATE`;
      const submitted = await tx.contestReview.count({ where: { contestId, jurorId: memberId, status: "SUBMITTED" } });
      check(submitted);
      const { count } = await tx.contestJuror.deleteMany({ where: { contestId, memberId } });
      if (count === 0) return false;
      await tx.contestReview.deleteMany({ where: { contestId, jurorId: memberId, status: "ASSIGNED" } });
      await audit(tx);
      return true;
    });
  }

  /** Makes `memberId` the only chair; false when they are not a juror. */
  async setChair(contestId: number, memberId: number, audit: Audit): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM contests WHERE id = ${contestId} FOR UPDATE`;
      const juror = await tx.contestJuror.findUnique({ where: { contestId_memberId: { contestId, memberId } } });
      if (!juror) return false;
      await tx.contestJuror.updateMany({ where: { contestId, chair: true, memberId: { not: memberId } }, data: { chair: false } });
      await tx.contestJuror.update({ where: { contestId_memberId: { contestId, memberId } }, data: { chair: true } });
      await audit(tx);
      return true;
    });
  }

  async jurorProgress(contestId: number): Promise<JurorProgress[]> {
    const jurors = await this.prisma.contestJuror.findMany({
      where: { contestId },
      orderBy: [{ chair: "desc" }, { appointedAt: "asc" }],
      select: { memberId: true, chair: true, remindedAt: true, member: { select: { username: true, deletedAt: true, profile: { select: { fullName: true } } } } },
    });
    const counts = await this.prisma.contestReview.groupBy({ by: ["jurorId", "status"], where: { contestId }, _count: { _all: true } });
    const count = (jurorId: number, status: "ASSIGNED" | "SUBMITTED" | "CONFLICT") => counts.find((c) => c.jurorId === jurorId && c.status === status)?._count._all ?? 0;
    return jurors.map((j) => ({
      memberId: j.memberId,
      name: j.member.deletedAt ? null : (j.member.profile?.fullName ?? null),
      username: j.member.deletedAt ? null : j.member.username,
      deleted: j.member.deletedAt !== null,
      chair: j.chair,
      // Assigned counts every review given to them that is not a declared conflict.
      assigned: count(j.memberId, "ASSIGNED") + count(j.memberId, "SUBMITTED"),
      submitted: count(j.memberId, "SUBMITTED"),
      conflicts: count(j.memberId, "CONFLICT"),
      remindedAt: j.remindedAt,
    }));
  }

  async nominationProgress(contest: ContestView): Promise<NominationProgress[]> {
    const entries = await this.prisma.contestEntry.groupBy({ by: ["nominationId"], where: { contestId: contest.id, status: "SUBMITTED" }, _count: { _all: true } });
    const reviews = await this.prisma.$queryRaw<{ nominationId: number; done: bigint }[]>`
      SELECT e.nomination_id AS "nominationId", COUNT(*)::bigint AS done
      FROM contest_reviews r JOIN contest_entries e ON e.id = r.entry_id
      WHERE r.contest_id = ${contest.id} AND r.status = 'SUBMITTED' AND e.status = 'SUBMITTED'
      GROUP BY e.nomination_id`;
    return contest.nominations.map((n) => {
      const count = entries.find((e) => e.nominationId === n.id)?._count._all ?? 0;
      return {
        nominationId: n.id,
        title: n.title,
        entries: count,
        reviewsDone: Number(reviews.find((r) => r.nominationId === n.id)?.done ?? 0n),
        reviewsNeeded: count * contest.reviewsPerEntry,
      };
    });
  }

  async duplicates(contestId: number): Promise<DuplicateFlag[]> {
    const rows = await this.prisma.contestEntry.findMany({
      // Withdrawn and removed entries are settled: no longer flagged.
      where: { contestId, duplicateOf: { not: null }, status: "SUBMITTED" },
      orderBy: { number: "asc" },
      select: { id: true, number: true, title: true, duplicateOf: true },
      take: 50,
    });
    return rows.map((r) => ({ entryId: r.id, number: r.number, title: r.title, duplicateOf: r.duplicateOf! }));
  }

  /** An entry by its number (the code an organiser types), with what the removal screen shows. */
  async entryByNumber(contestId: number, number: number): Promise<EntryToRemove | undefined> {
    if (!Number.isSafeInteger(number) || number <= 0 || number > 2_147_483_647) return undefined;
    const row = await this.prisma.contestEntry.findUnique({
      where: { contestId_number: { contestId, number } },
      select: {
        id: true,
        number: true,
        title: true,
        status: true,
        authorId: true,
        duplicateOf: true,
        nomination: { select: { title: true } },
        author: { select: { deletedAt: true, profile: { select: { fullName: true } } } },
      },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      status: row.status,
      authorId: row.authorId,
      authorName: row.author.deletedAt ? null : (row.author.profile?.fullName ?? null),
      nominationTitle: row.nomination.title,
      duplicateOf: row.duplicateOf,
    };
  }

  /**
   * Removes entry `number` by the organisers' decision, under the contest's
   * lock: `check` sees the contest and the entry as they are and throws to
   * refuse. The entry's pending reviews go (its jurors no longer see it), so do
   * its votes while the vote is open, its results are cleared, and `recompute`
   * runs in the same transaction (the places of the others while the chair is
   * confirming). Undefined when the contest or the entry is not there.
   */
  async disqualify(
    contestId: number,
    number: number,
    reason: string,
    check: (locked: ContestView, entry: { status: EntryToRemove["status"] }) => void,
    audit: (tx: Tx, entry: { id: number; authorId: number }) => Promise<unknown>,
    recompute: (tx: Tx, locked: ContestView) => Promise<unknown>,
  ): Promise<{ entryId: number; authorId: number } | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await this.base.lock(tx, contestId);
      if (!locked) return undefined;
      const entry = await tx.contestEntry.findUnique({ where: { contestId_number: { contestId, number } }, select: { id: true, status: true, authorId: true } });
      if (!entry) return undefined;
      check(locked, entry);
      await tx.contestEntry.update({
        where: { id: entry.id },
        data: { status: "DISQUALIFIED", disqualificationReason: reason, score: null, tieBreakScore: null, place: null, award: null, chairRank: null },
      });
      await tx.contestReview.deleteMany({ where: { entryId: entry.id, status: "ASSIGNED" } });
      // While the vote is open its votes are void: their voters may vote again in the nomination.
      if (locked.status === "JUDGING") await tx.contestVote.deleteMany({ where: { entryId: entry.id } });
      await recompute(tx, locked);
      await audit(tx, entry);
      return { entryId: entry.id, authorId: entry.authorId };
    });
  }

  /** Entry numbers (the codes) by entry id. */
  async entryNumbers(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.contestEntry.findMany({ where: { id: { in: [...ids] } }, select: { id: true, number: true } });
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  async pendingReviews(contestId: number, memberId: number): Promise<number> {
    return this.prisma.contestReview.count({ where: { contestId, jurorId: memberId, status: "ASSIGNED" } });
  }

  /**
   * Marks a juror reminded now unless they were reminded after `notSince`
   * (one click an hour); false when refused or not a juror.
   */
  async markReminded(contestId: number, memberId: number, now: Date, notSince: Date, audit: Audit): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const where: Prisma.ContestJurorWhereInput = { contestId, memberId, OR: [{ remindedAt: null }, { remindedAt: { lte: notSince } }] };
      const { count } = await tx.contestJuror.updateMany({ where, data: { remindedAt: now } });
      if (count === 0) return false;
      await audit(tx);
      return true;
    });
  }

  /** Puts back the previous reminder time when the reminder could not be queued (the organiser may try again). */
  async unmarkReminded(contestId: number, memberId: number, at: Date, previous: Date | null): Promise<void> {
    await this.prisma.contestJuror.updateMany({ where: { contestId, memberId, remindedAt: at }, data: { remindedAt: previous } });
  }
}
