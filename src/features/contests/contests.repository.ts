import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { FileFamily } from "../materials/materials.file-types.js";
import type { ContestAward, ContestEntryStatus, ContestView, EntryFileView, EntryFormat, EntryView } from "./contests.types.js";

export type Tx = Prisma.TransactionClient;

export const contestInclude = {
  nominations: { orderBy: { position: "asc" } },
  criteria: { orderBy: { position: "asc" } },
} as const satisfies Prisma.ContestInclude;

export type ContestRow = Prisma.ContestGetPayload<{ include: typeof contestInclude }>;

export function toContestView(row: ContestRow): ContestView {
  return {
    id: row.id,
    organiserId: row.organiserId,
    title: row.title,
    description: row.description,
    rules: row.rules,
    rulesFileId: row.rulesFileId,
    rulesFileName: row.rulesFileName,
    timezone: row.timezone,
    submissionOpensAt: row.submissionOpensAt,
    submissionClosesAt: row.submissionClosesAt,
    judgingClosesAt: row.judgingClosesAt,
    resultsAt: row.resultsAt,
    formats: row.formats as EntryFormat[],
    maxFiles: row.maxFiles,
    fileFamilies: row.fileFamilies as FileFamily[],
    maxFileMb: row.maxFileMb,
    reviewsPerEntry: row.reviewsPerEntry,
    jurorCap: row.jurorCap,
    prizePlaces: row.prizePlaces,
    audienceVote: row.audienceVote,
    broadcastPhases: row.broadcastPhases,
    status: row.status,
    resultsComputedAt: row.resultsComputedAt,
    confirmedAt: row.confirmedAt,
    confirmedById: row.confirmedById,
    publishedAt: row.publishedAt,
    documentsIssuedAt: row.documentsIssuedAt,
    cancelledAt: row.cancelledAt,
    nominations: row.nominations.map((n) => ({ id: n.id, position: n.position, title: n.title, subjectCodes: n.subjectCodes, gradeCodes: n.gradeCodes })),
    criteria: row.criteria.map((c) => ({
      id: c.id,
      position: c.position,
      title: c.title,
      maxPoints: c.maxPoints,
      weight: c.weight,
      passFail: c.passFail,
      tieBreak: c.tieBreak,
    })),
  };
}

export const entryInclude = { files: { orderBy: { position: "asc" } } } as const satisfies Prisma.ContestEntryInclude;
export type EntryRow = Prisma.ContestEntryGetPayload<{ include: typeof entryInclude }>;

export function toEntryView(row: EntryRow): EntryView {
  return {
    id: row.id,
    contestId: row.contestId,
    nominationId: row.nominationId,
    authorId: row.authorId,
    number: row.number,
    title: row.title,
    description: row.description,
    link: row.link,
    text: row.text,
    status: row.status,
    duplicateOf: row.duplicateOf,
    disqualificationReason: row.disqualificationReason,
    files: row.files.map((f): EntryFileView => ({
      position: f.position,
      fileId: f.fileId,
      fileUniqueId: f.fileUniqueId,
      fileName: f.fileName,
      mimeType: f.mimeType,
      fileSize: f.fileSize,
    })),
    score: row.score,
    place: row.place,
    award: row.award,
    audienceVotes: row.audienceVotes,
    audiencePrize: row.audiencePrize,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The contests themselves: reading one with its nominations and rubric, and
 * moving its status. Entries, reviews and votes have their own repositories
 * (contests.entries / contests.jury / contests.votes).
 */
export class ContestsRepository {
  constructor(readonly prisma: PrismaClient) {}

  async find(id: number, tx: Tx | PrismaClient = this.prisma): Promise<ContestView | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await tx.contest.findUnique({ where: { id }, include: contestInclude });
    return row ? toContestView(row) : undefined;
  }

  /** Reads the contest under a row lock (phase moves and edits of dates serialise on it). */
  async lock(tx: Tx, id: number): Promise<ContestView | undefined> {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM contests WHERE id = ${id} FOR UPDATE`;
    if (rows.length === 0) return undefined;
    return this.find(id, tx);
  }

  /** Contests whose next phase is still to come (the reconciler and the watchdog schedule their jobs). */
  async active(): Promise<ContestView[]> {
    const rows = await this.prisma.contest.findMany({
      where: { status: { in: ["SCHEDULED", "OPEN", "JUDGING", "CONFIRMING"] } },
      include: contestInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toContestView);
  }

  /** Moves the status if it still is `from`; false when another run moved it first. */
  async move(tx: Tx, id: number, from: ContestView["status"], data: Prisma.ContestUpdateManyMutationInput): Promise<boolean> {
    const { count } = await tx.contest.updateMany({ where: { id, status: from }, data });
    return count === 1;
  }

  /** Jurors of a contest, the chair first. */
  async jurors(contestId: number, tx: Tx | PrismaClient = this.prisma): Promise<{ memberId: number; chair: boolean; remindedAt: Date | null }[]> {
    return tx.contestJuror.findMany({
      where: { contestId },
      orderBy: [{ chair: "desc" }, { appointedAt: "asc" }],
      select: { memberId: true, chair: true, remindedAt: true },
    });
  }

  async entry(id: number, tx: Tx | PrismaClient = this.prisma): Promise<EntryView | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await tx.contestEntry.findUnique({ where: { id }, include: entryInclude });
    return row ? toEntryView(row) : undefined;
  }

  async countEntries(contestId: number, status: ContestEntryStatus): Promise<number> {
    return this.prisma.contestEntry.count({ where: { contestId, status } });
  }

  /** Received (every entry ever submitted), admitted, disqualified and withdrawn entries. */
  async entryCounts(contestId: number): Promise<{ received: number; admitted: number; disqualified: number; withdrawn: number }> {
    const rows = await this.prisma.contestEntry.groupBy({ by: ["status"], where: { contestId }, _count: { _all: true } });
    const n = (s: ContestEntryStatus) => rows.find((r) => r.status === s)?._count._all ?? 0;
    return { received: n("SUBMITTED") + n("DISQUALIFIED") + n("WITHDRAWN"), admitted: n("SUBMITTED"), disqualified: n("DISQUALIFIED"), withdrawn: n("WITHDRAWN") };
  }

  /** Authors of admitted entries (and of disqualified ones with `withDisqualified`), each once. */
  async authors(contestId: number, withDisqualified = false): Promise<number[]> {
    const rows = await this.prisma.contestEntry.findMany({
      where: { contestId, status: { in: withDisqualified ? ["SUBMITTED", "DISQUALIFIED"] : ["SUBMITTED"] } },
      select: { authorId: true },
      distinct: ["authorId"],
    });
    return rows.map((r) => r.authorId);
  }

  /** Jurors with reviews assigned and not yet submitted. */
  async jurorsWithAssigned(contestId: number): Promise<number[]> {
    const rows = await this.prisma.contestReview.findMany({ where: { contestId, status: "ASSIGNED" }, select: { jurorId: true }, distinct: ["jurorId"] });
    return rows.map((r) => r.jurorId);
  }

  /** Whether an admitted entry has fewer than `perEntry` reviews assigned or sent. */
  async entriesMissingReviews(contestId: number, perEntry: number): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ missing: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM contest_entries e
         WHERE e.contest_id = ${contestId} AND e.status = 'SUBMITTED'
           AND (SELECT count(*) FROM contest_reviews r WHERE r.entry_id = e.id AND r.status IN ('ASSIGNED', 'SUBMITTED')) < ${perEntry}
      ) AS missing`;
    return row?.missing ?? false;
  }

  /** Jurors with reviews still to send, with how many reviews they have ever been given (conflicts included). */
  async assignmentsEver(contestId: number): Promise<{ jurorId: number; ever: number }[]> {
    return this.prisma.$queryRaw<{ jurorId: number; ever: number }[]>`
      SELECT juror_id AS "jurorId", count(*)::int AS ever FROM contest_reviews
       WHERE contest_id = ${contestId}
       GROUP BY juror_id
      HAVING bool_or(status = 'ASSIGNED')
       ORDER BY juror_id`;
  }

  /** Jurors who submitted at least one review (they get a jury certificate). */
  async jurorsWhoReviewed(contestId: number): Promise<{ memberId: number; chair: boolean }[]> {
    return this.prisma.$queryRaw<{ memberId: number; chair: boolean }[]>`
      SELECT j.member_id AS "memberId", j.chair
        FROM contest_jurors j JOIN members m ON m.id = j.member_id
       WHERE j.contest_id = ${contestId} AND m.deleted_at IS NULL
         AND EXISTS (SELECT 1 FROM contest_reviews r WHERE r.contest_id = j.contest_id AND r.juror_id = j.member_id AND r.status = 'SUBMITTED')
       ORDER BY j.member_id`;
  }

  /** Admitted entries with their award (and the audience prize), for the diplomas. */
  async awarded(contestId: number): Promise<
    {
      id: number;
      authorId: number;
      authorErased: boolean;
      nominationId: number;
      title: string;
      award: ContestAward | null;
      place: number | null;
      audiencePrize: boolean;
    }[]
  > {
    const rows = await this.prisma.contestEntry.findMany({
      where: { contestId, status: "SUBMITTED" },
      select: { id: true, authorId: true, nominationId: true, title: true, award: true, place: true, audiencePrize: true, author: { select: { deletedAt: true } } },
      orderBy: { id: "asc" },
    });
    return rows.map(({ author, ...r }) => ({ ...r, authorErased: author.deletedAt !== null }));
  }

  async isErased(memberId: number): Promise<boolean> {
    const m = await this.prisma.member.findUnique({ where: { id: memberId }, select: { deletedAt: true } });
    return !m || m.deletedAt !== null;
  }

  async markDocumentsIssued(contestId: number, at: Date): Promise<void> {
    await this.prisma.contest.updateMany({ where: { id: contestId, documentsIssuedAt: null }, data: { documentsIssuedAt: at } });
  }

  async publishedWithoutDocuments(): Promise<number[]> {
    const rows = await this.prisma.contest.findMany({ where: { status: "PUBLISHED", documentsIssuedAt: null }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Reviews a juror has in a contest (assigned or submitted). */
  async assignedCount(contestId: number, jurorId: number): Promise<number> {
    return this.prisma.contestReview.count({ where: { contestId, jurorId, status: { in: ["ASSIGNED", "SUBMITTED"] } } });
  }

  /** An author's entries with their submitted reviews (jurors unnamed), for the results notice. */
  async authorResults(contestId: number, authorId: number) {
    const rows = await this.prisma.contestEntry.findMany({
      where: { contestId, authorId, status: { in: ["SUBMITTED", "DISQUALIFIED"] } },
      orderBy: { number: "asc" },
      select: {
        number: true,
        title: true,
        status: true,
        disqualificationReason: true,
        score: true,
        place: true,
        award: true,
        audienceVotes: true,
        audiencePrize: true,
        reviews: { where: { status: "SUBMITTED" }, orderBy: { id: "asc" }, select: { scores: true, total: true, comment: true } },
      },
    });
    return rows.map((r) => ({ ...r, reviews: r.reviews.map((v) => ({ ...v, scores: v.scores as Record<number, number> })) }));
  }
}
