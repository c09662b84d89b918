import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/** The digest subscription: removed on erasure (a digest already queued is skipped by the sender). */
export const digestsPersonalData = definePersonalData<FeatureDeps>({
  slice: "digests",
  models: ["DigestSubscription"],
  build: ({ prisma }) => ({
    async export(memberId) {
      const d = await prisma.digestSubscription.findUnique({ where: { memberId } });
      return {
        // Empty lists: the digest follows the profile's subjects and grades.
        digestSubscription: d
          ? {
              frequency: d.frequency,
              subjects: d.subjectCodes,
              grades: d.gradeCodes,
              lastDigestWindowEnd: iso(d.lastDigestAt),
              nextDueAt: iso(d.nextDueAt),
              createdAt: iso(d.createdAt),
              updatedAt: iso(d.updatedAt),
            }
          : null,
      };
    },
    async erase(memberId, tx) {
      await tx.digestSubscription.deleteMany({ where: { memberId } });
    },
  }),
});
