import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";
import { mutedKey } from "./groups.flood.js";
import { newcomerNoticeKey } from "./groups.moderation.service.js";
import { forgetJoiner } from "./groups.welcome.js";

/**
 * A member's traces in the groups: memberships and join requests (removed on
 * erasure); warnings and reports by and about them (kept, as the community's
 * legitimate interest, pointing at the anonymised member row, without their
 * Telegram id and free texts: a warning's reason, a reported message's
 * excerpt). A ban keeps the banned Telegram id (one community, one ban list:
 * erasing one's data must not lift a ban) but loses its reason. Group titles
 * are the groups' own data. Moderation entries of the audit log are the audit
 * slice's.
 *
 * In Redis (all short-lived): the antiflood window and mute flag and the
 * newcomer-notice flag, per chat and user; the joiners waiting for a group's
 * welcome (Telegram id and first name). Erasure removes them without a SCAN
 * of the keyspace: the chats are the rows of the groups table (every chat the
 * bot screens or welcomes in has one, linked or not, and keeps it), so the
 * member's keys are named directly, one DEL for all. A chat id given up by a
 * migration to a supergroup is no longer in the table; its keys expire on
 * their own (the flood window in seconds, the mute flag with the mute, the
 * notice flag in a minute). The in-memory list of recent joiners (newcomer
 * rules) forgets the member too.
 */
export const groupsPersonalData = definePersonalData<FeatureDeps>({
  slice: "groups",
  models: ["Group", "GroupMember", "GroupJoinRequest", "GroupWarning", "GroupBan", "GroupReport"],
  redisKeys: ["gmuted:<chatId>:<telegramId>", "gnotice:<chatId>:<telegramId>", "gwelcome:<groupId> (entries {id: <telegramId>, name})"],
  build: ({ prisma, redis, config, services }) => ({
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
    async purge(member) {
      const telegramId = member.telegramId;
      const groups = await prisma.group.findMany({ select: { id: true, chatId: true } });
      const keys = groups.flatMap((g) => [mutedKey(config.redisPrefix, g.chatId, telegramId), newcomerNoticeKey(config.redisPrefix, g.chatId, telegramId)]);
      for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
      await forgetJoiner(
        redis,
        config.redisPrefix,
        groups.map((g) => g.id),
        telegramId,
      );
      for (const g of groups) services.groups.registry.noteLeave(g.id, telegramId);
      services.groupModeration.flood.forget(telegramId);
    },
  }),
});
