import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * A member's traces in the groups: memberships and join requests (removed on
 * erasure); warnings and reports by and about them (kept, as the community's
 * legitimate interest, pointing at the anonymised member row, without their
 * Telegram id and free texts: a warning's reason, a reported message's
 * excerpt). A ban keeps the banned Telegram id (one community, one ban list:
 * erasing one's data must not lift a ban) but loses its reason. Group titles
 * are the groups' own data. Moderation entries of the audit log are the audit
 * slice's.
 */
export const groupsPersonalData = definePersonalData<FeatureDeps>({
  slice: "groups",
  models: ["Group", "GroupMember", "GroupJoinRequest", "GroupWarning", "GroupBan", "GroupReport"],
  build: ({ prisma }) => ({
    async export(memberId, member) {
      const telegramUserId = member.telegramId;
      const [memberships, requests, warnings, ban, reportsAbout, reportsMade, added] = await Promise.all([
        prisma.groupMember.findMany({ where: { OR: [{ memberId }, { telegramUserId }] }, include: { group: { select: { title: true } } }, orderBy: { joinedAt: "asc" } }),
        prisma.groupJoinRequest.findMany({ where: { OR: [{ memberId }, { telegramUserId }] }, include: { group: { select: { title: true } } }, orderBy: { id: "asc" } }),
        prisma.groupWarning.findMany({ where: { OR: [{ memberId }, { telegramUserId }] }, include: { group: { select: { title: true } } }, orderBy: { id: "asc" } }),
        prisma.groupBan.findFirst({ where: { OR: [{ memberId }, { telegramUserId }] } }),
        prisma.groupReport.findMany({
          where: { OR: [{ targetMemberId: memberId }, { targetTelegramId: telegramUserId }] },
          include: { group: { select: { title: true } } },
          orderBy: { id: "asc" },
        }),
        prisma.groupReport.findMany({
          where: { OR: [{ reporterMemberId: memberId }, { reporterTelegramId: telegramUserId }] },
          include: { group: { select: { title: true } } },
          orderBy: { id: "asc" },
        }),
        prisma.group.findMany({ where: { addedById: memberId }, select: { title: true, createdAt: true } }),
      ]);
      return {
        groupMemberships: memberships.map((m) => ({ group: m.group.title, joinedAt: iso(m.joinedAt), leftAt: iso(m.leftAt) })),
        groupJoinRequests: requests.map((r) => ({ group: r.group.title, status: r.status, createdAt: iso(r.createdAt), decidedAt: iso(r.decidedAt) })),
        groupWarnings: warnings.map((w) => ({ group: w.group?.title ?? null, reason: w.reason, createdAt: iso(w.createdAt), expiresAt: iso(w.expiresAt) })),
        groupBan: ban ? { reason: ban.reason, createdAt: iso(ban.createdAt) } : null,
        groupReportsAboutMe: reportsAbout.map((r) => ({
          group: r.group.title,
          excerpt: r.excerpt,
          status: r.status,
          createdAt: iso(r.createdAt),
          decidedAt: iso(r.decidedAt),
        })),
        groupReportsByMe: reportsMade.map((r) => ({ group: r.group.title, status: r.status, createdAt: iso(r.createdAt) })),
        groupsAddedByMe: added.map((g) => ({ group: g.title, at: iso(g.createdAt) })),
      };
    },
    async stop(member) {
      // Rows written before the Telegram user registered carry only their Telegram id;
      // attach them to the member so the erasure below (which knows only the member id) finds them.
      const telegramUserId = member.telegramId;
      await prisma.$transaction([
        prisma.groupMember.updateMany({ where: { telegramUserId, memberId: null }, data: { memberId: member.id } }),
        prisma.groupJoinRequest.updateMany({ where: { telegramUserId, memberId: null }, data: { memberId: member.id } }),
        prisma.groupWarning.updateMany({ where: { telegramUserId, memberId: null }, data: { memberId: member.id } }),
        prisma.groupBan.updateMany({ where: { telegramUserId, memberId: null }, data: { memberId: member.id } }),
        prisma.groupReport.updateMany({ where: { targetTelegramId: telegramUserId, targetMemberId: null }, data: { targetMemberId: member.id } }),
        prisma.groupReport.updateMany({ where: { reporterTelegramId: telegramUserId, reporterMemberId: null }, data: { reporterMemberId: member.id } }),
      ]);
    },
    async erase(memberId, tx) {
      await tx.groupMember.deleteMany({ where: { memberId } });
      await tx.groupJoinRequest.deleteMany({ where: { memberId } });
      await tx.groupWarning.updateMany({ where: { memberId }, data: { reason: null, telegramUserId: 0n } });
      await tx.groupBan.updateMany({ where: { memberId }, data: { reason: null } });
      await tx.groupReport.updateMany({ where: { targetMemberId: memberId }, data: { excerpt: null, targetTelegramId: 0n } });
      await tx.groupReport.updateMany({ where: { reporterMemberId: memberId }, data: { reporterTelegramId: 0n } });
    },
  }),
});
