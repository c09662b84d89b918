import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { MaterialStatus } from "../../generated/prisma/enums.js";
import type { MaterialAttachment, MaterialDraft, MaterialView } from "./materials.types.js";

type Tx = Prisma.TransactionClient;

const viewInclude = {
  author: { select: { deletedAt: true, profile: { select: { fullName: true } } } },
} as const satisfies Prisma.MaterialInclude;

type Row = Prisma.MaterialGetPayload<{ include: typeof viewInclude }>;

/** The file or link of a stored row, by its kind (the row keeps only the fields of its kind). */
function attachmentOf(row: Row): MaterialAttachment {
  // `?? ""`: a row whose kind lacks its field (never written by `create`) shows
  // an empty link and fails at Telegram as a bad file id, rather than here.
  if (row.kind === "LINK") return { kind: "LINK", url: row.url ?? "" };
  return {
    kind: row.kind,
    fileId: row.fileId ?? "",
    fileUniqueId: row.fileUniqueId ?? undefined,
    fileName: row.fileName ?? undefined,
    mimeType: row.mimeType ?? undefined,
    fileSize: row.fileSize ?? undefined,
  };
}

function toView(row: Row): MaterialView {
  return {
    ...attachmentOf(row),
    id: row.id,
    authorId: row.authorId,
    authorName: row.author.deletedAt ? undefined : row.author.profile?.fullName,
    title: row.title,
    description: row.description,
    subjectCode: row.subjectCode,
    gradeCodes: row.gradeCodes,
    type: row.type,
    tags: row.tags,
    status: row.status,
    moderatorNote: row.moderatorNote,
    hidden: row.hiddenAt !== null,
    deleted: row.deletedAt !== null,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    viewCount: row.viewCount,
    downloadCount: row.downloadCount,
    ratingSum: row.ratingSum,
    ratingCount: row.ratingCount,
    commentCount: row.commentCount,
  };
}

export interface CommentView {
  id: number;
  materialId: number;
  authorId: number;
  authorName: string | undefined;
  text: string;
  createdAt: Date;
}

export interface ReportGroup {
  materialId: number;
  commentId: number | null;
  title: string;
  commentText: string | null;
  reporters: number;
  reasons: string[];
}

/** The only place that reads and writes materials, ratings, downloads, comments and reports. */
export class MaterialsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(authorId: number, draft: MaterialDraft, a: MaterialAttachment): Promise<number> {
    const row = await this.prisma.material.create({
      data: {
        authorId,
        ...draft,
        ...(a.kind === "LINK"
          ? { kind: a.kind, url: a.url }
          : { kind: a.kind, fileId: a.fileId, fileUniqueId: a.fileUniqueId, fileName: a.fileName, mimeType: a.mimeType, fileSize: a.fileSize }),
      },
      select: { id: true },
    });
    return row.id;
  }

  async find(id: number): Promise<MaterialView | undefined> {
    const row = await this.prisma.material.findUnique({ where: { id }, include: viewInclude });
    return row ? toView(row) : undefined;
  }

  /** Updates metadata; `from` guards against a concurrent status change. Returns false if the status moved. */
  async update(id: number, from: readonly MaterialStatus[], data: Prisma.MaterialUncheckedUpdateManyInput): Promise<boolean> {
    const result = await this.prisma.material.updateMany({ where: { id, status: { in: [...from] }, deletedAt: null }, data });
    return result.count === 1;
  }

  /**
   * Moves a material from one of `from` to `to` in one statement, so that of
   * two moderators deciding at once only the first succeeds; runs `audit` in
   * the same transaction.
   */
  async transition(id: number, from: readonly MaterialStatus[], data: Prisma.MaterialUncheckedUpdateManyInput, audit?: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.material.updateMany({ where: { id, status: { in: [...from] }, deletedAt: null }, data });
      if (result.count !== 1) return false;
      if (audit) await audit(tx);
      return true;
    });
  }

  async softDelete(id: number, audit: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.material.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
      if (result.count !== 1) return false;
      await audit(tx);
      return true;
    });
  }

  /** The oldest pending material not in `skip`, and how many are pending. */
  async nextPending(skip: readonly number[]): Promise<{ next: MaterialView | undefined; pending: number }> {
    const [row, pending] = await Promise.all([
      this.prisma.material.findFirst({
        where: { status: "PENDING", deletedAt: null, id: { notIn: [...skip] } },
        orderBy: { createdAt: "asc" },
        include: viewInclude,
      }),
      this.prisma.material.count({ where: { status: "PENDING", deletedAt: null } }),
    ]);
    return { next: row ? toView(row) : undefined, pending };
  }

  async incrementViews(id: number): Promise<void> {
    await this.prisma.material.update({ where: { id }, data: { viewCount: { increment: 1 } } });
  }

  /** Counts a download once per member; returns true the first time. */
  async recordDownload(materialId: number, memberId: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const inserted = await tx.materialDownload.createMany({ data: [{ materialId, memberId }], skipDuplicates: true });
      if (inserted.count === 0) return false;
      await tx.material.update({ where: { id: materialId }, data: { downloadCount: { increment: 1 } } });
      return true;
    });
  }

  /**
   * Sets a member's rating and keeps the material's sum and count exact: the
   * material row is locked first, so concurrent votes on it are serialised.
   */
  async rate(materialId: number, memberId: number, value: number): Promise<{ ratingSum: number; ratingCount: number }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM materials WHERE id = ${materialId} FOR UPDATE`;
      const previous = await tx.materialRating.findUnique({ where: { materialId_memberId: { materialId, memberId } } });
      await tx.materialRating.upsert({
        where: { materialId_memberId: { materialId, memberId } },
        create: { materialId, memberId, value },
        update: { value },
      });
      const updated = await tx.material.update({
        where: { id: materialId },
        data: previous ? { ratingSum: { increment: value - previous.value } } : { ratingSum: { increment: value }, ratingCount: { increment: 1 } },
        select: { ratingSum: true, ratingCount: true },
      });
      return updated;
    });
  }

  async ratingOf(materialId: number, memberId: number): Promise<number | undefined> {
    const row = await this.prisma.materialRating.findUnique({ where: { materialId_memberId: { materialId, memberId } } });
    return row?.value;
  }

  async addComment(materialId: number, authorId: number, text: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const comment = await tx.materialComment.create({ data: { materialId, authorId, text }, select: { id: true } });
      await tx.material.update({ where: { id: materialId }, data: { commentCount: { increment: 1 } } });
      return comment.id;
    });
  }

  async comments(materialId: number, limit: number, offset: number): Promise<{ items: CommentView[]; total: number }> {
    const where = { materialId, deletedAt: null };
    const [rows, total] = await Promise.all([
      this.prisma.materialComment.findMany({
        where,
        orderBy: { createdAt: "desc" },
        skip: offset,
        take: limit,
        include: { author: { select: { deletedAt: true, profile: { select: { fullName: true } } } } },
      }),
      this.prisma.materialComment.count({ where }),
    ]);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        materialId: r.materialId,
        authorId: r.authorId,
        authorName: r.author.deletedAt ? undefined : r.author.profile?.fullName,
        text: r.text,
        createdAt: r.createdAt,
      })),
    };
  }

  async findComment(id: number) {
    return this.prisma.materialComment.findFirst({ where: { id, deletedAt: null } });
  }

  async deleteComment(id: number, moderatorId: number, audit: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const comment = await tx.materialComment.findFirst({ where: { id, deletedAt: null } });
      if (!comment) return false;
      // Guarded by deleted_at: of two moderators deleting at once, only the first counts.
      const marked = await tx.materialComment.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date(), deletedById: moderatorId } });
      if (marked.count !== 1) return false;
      await tx.material.update({ where: { id: comment.materialId }, data: { commentCount: { decrement: 1 } } });
      await tx.materialReport.updateMany({ where: { commentId: id, resolvedAt: null }, data: { resolvedAt: new Date(), resolvedById: moderatorId } });
      await audit(tx);
      return true;
    });
  }

  /** Comments by others the material's author has not been told about; marks them told. */
  async takeUnnotifiedComments(materialId: number, materialAuthorId: number): Promise<number> {
    const result = await this.prisma.materialComment.updateMany({
      where: { materialId, notifiedAt: null, deletedAt: null, authorId: { not: materialAuthorId } },
      data: { notifiedAt: new Date() },
    });
    return result.count;
  }

  /**
   * Records a report unless this member already has an open one on the same
   * target. Returns whether it was new and how many different members have
   * open reports on the material itself.
   */
  async report(materialId: number, commentId: number | null, reporterId: number, reason: string): Promise<{ created: boolean; reporters: number }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM materials WHERE id = ${materialId} FOR UPDATE`;
      const existing = await tx.materialReport.findFirst({ where: { materialId, commentId, reporterId, resolvedAt: null } });
      if (!existing) await tx.materialReport.create({ data: { materialId, commentId, reporterId, reason } });
      const reporters = await tx.materialReport.findMany({
        where: { materialId, commentId: null, resolvedAt: null },
        distinct: ["reporterId"],
        select: { reporterId: true },
      });
      return { created: !existing, reporters: reporters.length };
    });
  }

  /** Hides a material; true only for the call that hid it. */
  async hide(materialId: number): Promise<boolean> {
    const { count } = await this.prisma.material.updateMany({ where: { id: materialId, hiddenAt: null }, data: { hiddenAt: new Date() } });
    return count > 0;
  }

  /** Whether the member has an open report on this material (or comment). */
  async hasOpenReport(materialId: number, commentId: number | null, reporterId: number): Promise<boolean> {
    return (await this.prisma.materialReport.count({ where: { materialId, commentId, reporterId, resolvedAt: null } })) > 0;
  }

  /** Open reports grouped by target, oldest first. */
  async openReports(limit: number): Promise<ReportGroup[]> {
    const rows = await this.prisma.materialReport.findMany({
      where: { resolvedAt: null },
      orderBy: { createdAt: "asc" },
      take: 500,
      include: { material: { select: { title: true } }, comment: { select: { text: true } } },
    });
    const groups = new Map<string, ReportGroup & { reporterIds: Set<number> }>();
    for (const r of rows) {
      const key = `${r.materialId}:${r.commentId ?? ""}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          materialId: r.materialId,
          commentId: r.commentId,
          title: r.material.title,
          commentText: r.comment?.text ?? null,
          reporters: 0,
          reasons: [],
          reporterIds: new Set(),
        };
        groups.set(key, g);
      }
      g.reporterIds.add(r.reporterId);
      g.reporters = g.reporterIds.size;
      if (g.reasons.length < 5) g.reasons.push(r.reason);
    }
    return [...groups.values()].slice(0, limit).map(({ reporterIds: _ignored, ...g }) => g);
  }

  /** Closes the open reports on a target; a material hidden by reports becomes visible again. */
  async resolveReports(materialId: number, commentId: number | null, moderatorId: number, audit: (tx: Tx) => Promise<unknown>): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.materialReport.updateMany({
        where: { materialId, commentId, resolvedAt: null },
        data: { resolvedAt: new Date(), resolvedById: moderatorId },
      });
      if (commentId === null) await tx.material.update({ where: { id: materialId }, data: { hiddenAt: null } });
      await audit(tx);
      return result.count;
    });
  }

  async byAuthor(authorId: number, limit: number, offset: number): Promise<{ items: MaterialView[]; total: number }> {
    const where = { authorId, deletedAt: null };
    const [rows, total] = await Promise.all([
      this.prisma.material.findMany({ where, orderBy: { createdAt: "desc" }, skip: offset, take: limit, include: viewInclude }),
      this.prisma.material.count({ where }),
    ]);
    return { items: rows.map(toView), total };
  }

  /** Telegram id and language of a material's author, for notifications. */
  async authorContact(materialId: number): Promise<{ telegramId: bigint; locale: string; memberId: number } | undefined> {
    const row = await this.prisma.material.findUnique({
      where: { id: materialId },
      select: { author: { select: { id: true, telegramId: true, locale: true, isActive: true } } },
    });
    const a = row?.author;
    return a?.telegramId && a.isActive ? { telegramId: a.telegramId, locale: a.locale, memberId: a.id } : undefined;
  }
}
