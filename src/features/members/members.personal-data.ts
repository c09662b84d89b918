import { chatStateKeys } from "../../bot/conversation-storage.js";
import { NotFoundError } from "../../shared/errors.js";
import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/** Redis key of the rate limiter's counter for a user (see the limiter in src/bot/create-bot.ts). */
export const rateLimitKey = (redisPrefix: string, telegramId: bigint | number): string => `${redisPrefix}:rl:${telegramId}`;

/**
 * The member row, the profile with its subjects and grades, and the chat's
 * state in Redis (an unfinished questionnaire holds personal answers; the
 * limiter's counter is named by the Telegram id). The member row outlives
 * erasure without anything that identifies the person, so that public
 * contributions and anonymous counts keep a row to point at.
 */
export const membersPersonalData = definePersonalData<FeatureDeps>({
  slice: "members",
  models: ["Member", "Profile", "ProfileSubject", "ProfileGrade"],
  redisKeys: ["conv:<telegramId>", "q:<telegramId>", "rl:<telegramId>"],
  build: ({ prisma, redis, config }) => ({
    async export(memberId) {
      const row = await prisma.member.findUnique({
        where: { id: memberId },
        include: { profile: { include: { subjects: { include: { subject: true } }, grades: { include: { grade: true } }, region: true } } },
      });
      if (!row) throw new NotFoundError();
      const p = row.profile;
      return {
        member: {
          id: row.id,
          telegramId: row.telegramId?.toString() ?? null,
          username: row.username,
          role: row.role,
          language: row.locale,
          active: row.isActive,
          consent: { status: row.consentStatus, version: row.consentVersion, at: iso(row.consentAt) },
          registeredAt: iso(row.registeredAt),
          createdAt: iso(row.createdAt),
          updatedAt: iso(row.updatedAt),
        },
        profile: p
          ? {
              fullName: p.fullName,
              professionalRole: p.professionalRole,
              subjects: p.subjects.map((s) => ({ code: s.subjectCode, name: s.subject.nameRu })),
              grades: p.grades.map((g) => ({ code: g.gradeCode, name: g.grade.nameRu })),
              region: { code: p.regionCode, name: p.region.nameRu },
              city: p.city,
              organisation: p.organisation,
              experienceYears: p.experienceYears,
              timezone: p.timezone,
              createdAt: iso(p.createdAt),
              updatedAt: iso(p.updatedAt),
            }
          : null,
      };
    },
    async erase(memberId, tx) {
      // Subjects and grades go with the profile (ON DELETE CASCADE).
      await tx.profile.deleteMany({ where: { memberId } });
      await tx.member.update({
        where: { id: memberId },
        data: {
          telegramId: null,
          username: null,
          role: "MEMBER",
          consentStatus: null,
          consentVersion: null,
          consentAt: null,
          registeredAt: null,
          deletedAt: new Date(),
          isActive: false,
        },
      });
    },
    async purge(member) {
      // The bot also ends an open questionnaire through the conversations plugin; this covers the rest.
      await redis.del(...chatStateKeys(config.redisPrefix, member.telegramId), rateLimitKey(config.redisPrefix, member.telegramId));
    },
  }),
});
