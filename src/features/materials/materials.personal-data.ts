import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";
import { searchKeyPattern } from "./materials.search-state.js";

/**
 * Materials and what members do with them. On erasure:
 * - published materials stay in the library (the privacy policy says so),
 *   signed "deleted member"; their file name, which often carries the
 *   author's name, becomes `material-<id>.<ext>`;
 * - every other material of theirs (pending, rejected, withdrawn, unpublished,
 *   deleted) is removed with its ratings, comments and reports;
 * - their comments are removed (free text; the counters follow);
 * - their reports stay, so moderation still counts them, without the reason;
 * - ratings and downloads stay as anonymous counts of the anonymised member;
 * - their saved searches in Redis (the query they typed) are deleted.
 * Staff traces (moderated_by, resolved_by, deleted_by) keep pointing at the anonymised row.
 */
export const materialsPersonalData = definePersonalData<FeatureDeps>({
  slice: "materials",
  models: ["Material", "MaterialRating", "MaterialDownload", "MaterialComment", "MaterialReport"],
  redisKeys: ["search:<telegramId>:<token>"],
  build: ({ prisma, redis, config }) => ({
    async export(memberId) {
      const [materials, ratings, downloads, comments, reports, moderated, resolved, deletedComments] = await Promise.all([
        prisma.material.findMany({ where: { authorId: memberId }, orderBy: { id: "asc" } }),
        prisma.materialRating.findMany({ where: { memberId }, orderBy: { materialId: "asc" } }),
        prisma.materialDownload.findMany({ where: { memberId }, orderBy: { materialId: "asc" } }),
        prisma.materialComment.findMany({ where: { authorId: memberId }, orderBy: { id: "asc" } }),
        prisma.materialReport.findMany({ where: { reporterId: memberId }, orderBy: { id: "asc" } }),
        prisma.material.findMany({
          where: { moderatedById: memberId },
          orderBy: { id: "asc" },
          select: { id: true, status: true, moderatedAt: true, moderatorNote: true },
        }),
        prisma.materialReport.findMany({
          where: { resolvedById: memberId },
          orderBy: { id: "asc" },
          select: { id: true, materialId: true, commentId: true, resolvedAt: true },
        }),
        prisma.materialComment.findMany({ where: { deletedById: memberId }, orderBy: { id: "asc" }, select: { id: true, materialId: true, deletedAt: true } }),
      ]);
      return {
        materials: materials.map((m) => ({
          id: m.id,
          title: m.title,
          description: m.description,
          subject: m.subjectCode,
          grades: m.gradeCodes,
          type: m.type,
          tags: m.tags,
          kind: m.kind,
          fileName: m.fileName,
          mimeType: m.mimeType,
          fileSize: m.fileSize,
          url: m.url,
          status: m.status,
          moderatorNote: m.moderatorNote,
          hidden: m.hiddenAt !== null,
          createdAt: iso(m.createdAt),
          publishedAt: iso(m.publishedAt),
          deleted: m.deletedAt !== null,
        })),
        ratings: ratings.map((r) => ({ materialId: r.materialId, value: r.value, at: iso(r.updatedAt) })),
        downloads: downloads.map((d) => ({ materialId: d.materialId, at: iso(d.createdAt) })),
        comments: comments.map((c) => ({ id: c.id, materialId: c.materialId, text: c.text, at: iso(c.createdAt), deleted: c.deletedAt !== null })),
        reports: reports.map((r) => ({ materialId: r.materialId, commentId: r.commentId, reason: r.reason, at: iso(r.createdAt), resolved: r.resolvedAt !== null })),
        moderation: {
          materialsDecided: moderated.map((m) => ({ materialId: m.id, status: m.status, at: iso(m.moderatedAt), note: m.moderatorNote })),
          reportsResolved: resolved.map((r) => ({ reportId: r.id, materialId: r.materialId, commentId: r.commentId, at: iso(r.resolvedAt) })),
          commentsDeleted: deletedComments.map((c) => ({ commentId: c.id, materialId: c.materialId, at: iso(c.deletedAt) })),
        },
      };
    },
    async erase(memberId, tx) {
      await tx.material.deleteMany({ where: { authorId: memberId, OR: [{ status: { not: "APPROVED" } }, { deletedAt: { not: null } }] } });
      await tx.$executeRaw`
        UPDATE materials SET file_name = 'material-' || id || coalesce(lower(substring(file_name from '\\.[A-Za-z0-9]{1,10}$')), ''), updated_at = now()
         WHERE author_id = ${memberId} AND file_name IS NOT NULL`;
      await tx.$executeRaw`
        UPDATE materials m SET comment_count = greatest(0, m.comment_count - c.n)
          FROM (SELECT material_id, count(*)::int AS n FROM material_comments
                 WHERE author_id = ${memberId} AND deleted_at IS NULL GROUP BY material_id) c
         WHERE m.id = c.material_id`;
      // Reports on these comments go with them (ON DELETE CASCADE).
      await tx.materialComment.deleteMany({ where: { authorId: memberId } });
      await tx.materialReport.updateMany({ where: { reporterId: memberId }, data: { reason: "" } });
    },
    async purge(member) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", searchKeyPattern(config.redisPrefix, member.telegramId), "COUNT", 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== "0");
    },
  }),
});
