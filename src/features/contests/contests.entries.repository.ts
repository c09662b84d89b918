import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { contestInclude, entryInclude, toContestView, toEntryView, type ContestRow, type Tx } from "./contests.repository.js";
import type { ContestStatus, ContestView, EntryFileView, EntryView, Scores } from "./contests.types.js";

/** What an entry holds besides its place in the contest (validated by the service). */
export interface EntryData {
  title: string;
  description: string;
  link: string | null;
  text: string | null;
  files: EntryFileView[];
  duplicateOf: string | null;
}

/** A submitted review as its entry's author may see it: no juror. */
export interface AuthorReview {
  id: number;
  scores: Scores;
  comment: string | null;
  total: number | null;
}

/** An entry with the contest it belongs to (a member's own entries across contests). */
export interface EntryWithContest {
  entry: EntryView;
  contest: Pick<ContestView, "id" | "title" | "status" | "publishedAt" | "submissionClosesAt" | "nominations">;
}

const LISTED: ContestStatus[] = ["OPEN", "SCHEDULED", "JUDGING", "CONFIRMING"];
/** /contests lists at most this many contests (a community runs a few a year). */
const LIST_CAP = 300;

function filesCreate(files: readonly EntryFileView[]): Prisma.ContestEntryFileCreateWithoutEntryInput[] {
  return files.map((f, i) => ({ position: i + 1, fileId: f.fileId, fileUniqueId: f.fileUniqueId, fileName: f.fileName, mimeType: f.mimeType, fileSize: f.fileSize }));
}

/**
 * Entries as their authors make them: numbering under the contest's row lock,
 * edits and withdrawals under the same lock (so a submission never slips past
 * the job that closes submissions), a member's own entries, and the reviews of
 * an entry without their jurors.
 */
export class EntriesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Contests /contests shows: every one not cancelled that is not over, and those published since `publishedSince`. */
  async listed(publishedSince: Date): Promise<ContestView[]> {
    const rows = await this.prisma.contest.findMany({
      where: { OR: [{ status: { in: LISTED } }, { status: "PUBLISHED", publishedAt: { gte: publishedSince } }] },
      include: contestInclude,
      orderBy: { id: "desc" },
      take: LIST_CAP,
    });
    return rows.map((r: ContestRow) => toContestView(r));
  }

  /** The member's entries in a contest, oldest first (withdrawn ones too). */
  async ofAuthorIn(contestId: number, authorId: number): Promise<EntryView[]> {
    const rows = await this.prisma.contestEntry.findMany({ where: { contestId, authorId }, include: entryInclude, orderBy: { number: "asc" } });
    return rows.map(toEntryView);
  }

  /** The member's entries in every contest, newest first. */
  async ofAuthor(authorId: number, limit = 100): Promise<EntryWithContest[]> {
    const rows = await this.prisma.contestEntry.findMany({
      where: { authorId },
      include: { ...entryInclude, contest: { include: { nominations: { orderBy: { position: "asc" } } } } },
      orderBy: { id: "desc" },
      take: limit,
    });
    return rows.map((r) => ({
      entry: toEntryView(r),
      contest: {
        id: r.contest.id,
        title: r.contest.title,
        status: r.contest.status,
        publishedAt: r.contest.publishedAt,
        submissionClosesAt: r.contest.submissionClosesAt,
        nominations: r.contest.nominations.map((n) => ({ id: n.id, position: n.position, title: n.title, subjectCodes: n.subjectCodes, gradeCodes: n.gradeCodes })),
      },
    }));
  }

  /**
   * Where a file was first, when that was someone other than `authorId`: an
   * entry (in any contest) or a material holding a file with the same
   * file_unique_id. "entry:<id>", "material:<id>" or null. The first holder
   * counts, so an author whose own file was copied is not flagged for
   * submitting it again; the copier is.
   */
  async duplicateOf(fileUniqueIds: readonly string[], authorId: number): Promise<string | null> {
    if (fileUniqueIds.length === 0) return null;
    const ids = [...new Set(fileUniqueIds)];
    const [files, materials] = await Promise.all([
      this.prisma.contestEntryFile.findMany({
        where: { fileUniqueId: { in: ids } },
        select: { fileUniqueId: true, entryId: true, entry: { select: { authorId: true, createdAt: true } } },
      }),
      this.prisma.material.findMany({ where: { fileUniqueId: { in: ids } }, select: { id: true, fileUniqueId: true, authorId: true, createdAt: true } }),
    ]);
    const holders = [
      ...files.map((f) => ({ file: f.fileUniqueId, ref: `entry:${f.entryId}`, authorId: f.entry.authorId, at: f.entry.createdAt.getTime(), id: f.entryId })),
      ...materials.map((m) => ({ file: m.fileUniqueId!, ref: `material:${m.id}`, authorId: m.authorId, at: m.createdAt.getTime(), id: m.id })),
    ];
    for (const id of ids) {
      const first = holders.filter((h) => h.file === id).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (first && first.authorId !== authorId) return first.ref;
    }
    return null;
  }

  /** Reads the contest row under its lock (the close-submissions job moves the status under the same lock). */
  private async lock(tx: Tx, contestId: number): Promise<ContestView | undefined> {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM contests WHERE id = ${contestId} FOR UPDATE`;
    if (rows.length === 0) return undefined;
    const row = await tx.contest.findUnique({ where: { id: contestId }, include: contestInclude });
    return row ? toContestView(row) : undefined;
  }

  /**
   * Creates an entry under the contest's lock: `check` sees the locked contest
   * and the author's entries in it (withdrawn ones too) and may throw to
   * refuse; the number is the contest's next one. Undefined if the contest is gone.
   */
  async create(
    contestId: number,
    authorId: number,
    nominationId: number,
    data: EntryData,
    declaredAt: Date,
    check: (contest: ContestView, own: Pick<EntryView, "nominationId" | "status">[]) => void,
  ): Promise<EntryView | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const contest = await this.lock(tx, contestId);
      if (!contest) return undefined;
      const own = await tx.contestEntry.findMany({ where: { contestId, authorId }, select: { nominationId: true, status: true } });
      check(contest, own);
      const [{ n }] = await tx.$queryRaw<[{ n: number }]>`
        UPDATE contests SET last_entry_number = last_entry_number + 1, updated_at = now() WHERE id = ${contestId} RETURNING last_entry_number AS n`;
      const row = await tx.contestEntry.create({
        data: {
          contestId,
          nominationId,
          authorId,
          number: n,
          title: data.title,
          description: data.description,
          link: data.link,
          text: data.text,
          duplicateOf: data.duplicateOf,
          declaredAt,
          createdAt: declaredAt,
          files: { create: filesCreate(data.files) },
        },
        include: entryInclude,
      });
      return toEntryView(row);
    });
  }

  /**
   * Changes an entry under its contest's lock: `check` sees the locked contest
   * and entry and may throw. `files`, when given, replace the entry's files.
   * Undefined if the entry is gone.
   */
  async update(
    entryId: number,
    data: Partial<EntryData> & { status?: "WITHDRAWN"; withdrawnAt?: Date },
    check: (contest: ContestView, entry: EntryView) => void,
  ): Promise<EntryView | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.contestEntry.findUnique({ where: { id: entryId }, select: { contestId: true } });
      if (!found) return undefined;
      const contest = await this.lock(tx, found.contestId);
      const current = await tx.contestEntry.findUnique({ where: { id: entryId }, include: entryInclude });
      if (!contest || !current) return undefined;
      check(contest, toEntryView(current));
      const { files, ...fields } = data;
      if (files) await tx.contestEntryFile.deleteMany({ where: { entryId } });
      const row = await tx.contestEntry.update({
        where: { id: entryId },
        data: { ...fields, ...(files ? { files: { create: filesCreate(files) } } : {}) },
        include: entryInclude,
      });
      return toEntryView(row);
    });
  }

  /** The submitted reviews of an entry in a stable order (the jurors' anonymous numbers follow it); no juror ids. */
  async submittedReviews(entryId: number): Promise<AuthorReview[]> {
    const rows = await this.prisma.contestReview.findMany({
      where: { entryId, status: "SUBMITTED" },
      orderBy: { id: "asc" },
      select: { id: true, scores: true, comment: true, total: true },
    });
    return rows.map((r) => ({ id: r.id, scores: toScores(r.scores), comment: r.comment, total: r.total }));
  }
}

/** The stored scores JSON (criterion id → points) as numbers; anything else is dropped. */
function toScores(json: Prisma.JsonValue): Scores {
  const out: Scores = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const [k, v] of Object.entries(json)) {
      const id = Number(k);
      if (Number.isInteger(id) && typeof v === "number" && Number.isFinite(v)) out[id] = v;
    }
  }
  return out;
}
