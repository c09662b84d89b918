import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { FileFamily } from "../materials/materials.file-types.js";
import type { ContestView, EntryFileView, EntryFormat, EntryView } from "./contests.types.js";

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
    criteria: row.criteria.map((c) => ({ id: c.id, position: c.position, title: c.title, maxPoints: c.maxPoints, weight: c.weight, passFail: c.passFail, tieBreak: c.tieBreak })),
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
    files: row.files.map(
      (f): EntryFileView => ({ position: f.position, fileId: f.fileId, fileUniqueId: f.fileUniqueId, fileName: f.fileName, mimeType: f.mimeType, fileSize: f.fileSize }),
    ),
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
    return tx.contestJuror.findMany({ where: { contestId }, orderBy: [{ chair: "desc" }, { appointedAt: "asc" }], select: { memberId: true, chair: true, remindedAt: true } });
  }

  async entry(id: number, tx: Tx | PrismaClient = this.prisma): Promise<EntryView | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await tx.contestEntry.findUnique({ where: { id }, include: entryInclude });
    return row ? toEntryView(row) : undefined;
  }
}
