import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Documents and the member's choices about them. On erasure:
 * - documents stay (they certify what happened, and whoever holds a printed
 *   copy must still be able to verify it: the privacy policy says so) and stay
 *   valid, without the holder's name, position and school: verification shows
 *   "holder's data erased";
 * - the not yet delivered PDFs (document_files) of the member are deleted: they
 *   carry the name;
 * - the consent to publish the name and the public portfolio page go with
 *   portfolio_settings.
 * Revocations the member made as an admin keep pointing at the anonymised row.
 */
export const certificatesPersonalData = definePersonalData<FeatureDeps>({
  slice: "certificates",
  models: ["Document", "DocumentFile", "PortfolioSettings"],
  build: ({ prisma }) => ({
    async export(memberId) {
      const [documents, settings, revoked] = await Promise.all([
        prisma.document.findMany({ where: { holderId: memberId }, orderBy: { id: "asc" } }),
        prisma.portfolioSettings.findUnique({ where: { memberId } }),
        prisma.document.findMany({
          where: { revokedById: memberId },
          orderBy: { id: "asc" },
          select: { number: true, revokedAt: true, revokedCause: true, revokedReason: true },
        }),
      ]);
      return {
        documents: documents.map((d) => ({
          kind: d.kind,
          number: d.number,
          code: d.code,
          for: d.title,
          holderName: d.holderName,
          holderPosition: d.holderPosition,
          holderSchool: d.holderSchool,
          hours: d.hours,
          issuedAt: iso(d.issuedAt),
          sha256: d.sha256,
          revokedAt: iso(d.revokedAt),
          revokedCause: d.revokedCause,
          revokedReason: d.revokedReason,
        })),
        portfolio: settings
          ? { nameConsentAt: iso(settings.nameConsentAt), nameConsentVersion: settings.nameConsentVersion, publicPortfolio: settings.publicSlug !== null }
          : null,
        documentsRevokedByMe: revoked.map((r) => ({ number: r.number, at: iso(r.revokedAt), cause: r.revokedCause, reason: r.revokedReason })),
      };
    },
    async erase(memberId, tx) {
      await tx.documentFile.deleteMany({ where: { document: { holderId: memberId } } });
      await tx.document.updateMany({
        where: { holderId: memberId },
        data: { holderName: null, holderPosition: null, holderSchool: null, holderErasedAt: new Date() },
      });
      await tx.portfolioSettings.deleteMany({ where: { memberId } });
    },
  }),
});
