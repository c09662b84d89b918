import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Keys of audit details that may describe the member: free texts (a moderator's reason, a title, the excerpt and
 * name of a group moderation's target) and the Telegram id of a group action's target (moderation, join decisions).
 */
const FREE_TEXT_KEYS = ["reason", "title", "excerpt", "targetName", "targetUsername", "targetTelegramId"];

/**
 * Audit entries by or about the member. They stay after erasure (staff
 * actions remain accountable) and point at the anonymised member row; free
 * texts in the details of entries about the member are removed.
 */
export const auditPersonalData = definePersonalData<FeatureDeps>({
  slice: "audit",
  models: ["AuditLog"],
  build: ({ prisma }) => ({
    async export(memberId) {
      const rows = await prisma.auditLog.findMany({
        where: { OR: [{ actorId: memberId }, { targetMemberId: memberId }] },
        orderBy: { id: "asc" },
        select: { action: true, createdAt: true, details: true, actorId: true, targetMemberId: true },
      });
      return {
        auditLog: rows.map((e) => ({
          action: e.action,
          at: iso(e.createdAt),
          byMe: e.actorId === memberId,
          aboutMe: e.targetMemberId === memberId,
          details: e.details,
        })),
      };
    },
    async erase(memberId, tx) {
      await tx.$executeRaw`
        UPDATE audit_log SET details = details - ${FREE_TEXT_KEYS}::text[]
         WHERE target_member_id = ${memberId} AND jsonb_typeof(details) = 'object'`;
    },
  }),
});
