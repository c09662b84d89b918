import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { DocumentLinks, documentRenderer } from "./certificates.documents.js";
import { certificatesModuleRoutes } from "./certificates.http.js";
import { issueEventProcessor, renderProcessor, sweepProcessor } from "./certificates.jobs.js";
import { certificatesPersonalData } from "./certificates.personal-data.js";
import { CertificatesRepository } from "./certificates.repository.js";
import { CERTIFICATE_DELIVERY, CertificatesService } from "./certificates.service.js";

export interface CertificatesServices {
  /** Numbered, verifiable documents: issuing, rendering, revoking, verifying, the portfolio. */
  certificates: CertificatesService;
  /** Where documents point (the verification page or the bot's deep link). */
  documentLinks: DocumentLinks;
}

/**
 * Certificates and portfolio (issue 12): publication records, participation
 * and speaker certificates, contest diplomas and jury certificates (issue 13
 * supplies their data through CertificatesService.issue), each with a number,
 * a verification code and a QR code; /certificates, /verify, /portfolio.
 */
export const certificatesModule: FeatureModule<CertificatesServices, "certificates.render" | "certificates.issue-event" | "certificates.sweep"> = defineFeature({
  name: "certificates",
  services: ({ prisma, config, queues, translator, services, now, api }) => {
    const documentLinks = new DocumentLinks(api, config.publicUrl);
    const certificates = new CertificatesService({
      repository: new CertificatesRepository(prisma),
      members: services.membersRepository,
      materials: services.materialsRepository,
      events: services.eventsRepository,
      audit: services.audit,
      delivery: services.delivery,
      queues,
      translator,
      renderPdf: documentRenderer({ catalogue: services.catalogue, translator, links: documentLinks, issuer: config.issuer }),
      timezone: config.defaultTimezone,
      sendRatePerSecond: config.sendRatePerSecond,
      now,
    });
    services.deliveryRenderers.register(CERTIFICATE_DELIVERY, (refId, recipient) => certificates.deliveryMessage(refId, recipient));
    return { certificates, documentLinks };
  },
  jobs: {
    "certificates.render": { queue: QUEUES.documents, processor: ({ services }) => renderProcessor(services.certificates) },
    "certificates.issue-event": { queue: QUEUES.documents, processor: ({ services }) => issueEventProcessor(services.certificates) },
    "certificates.sweep": { queue: QUEUES.maintenance, processor: ({ services }) => sweepProcessor(services.certificates) },
  },
  schedules: [{ id: "certificates.sweep", name: "certificates.sweep", every: 60_000, payload: { staleAfterMs: 2 * 60_000 } }],
  // After Redis lost its data every render job is gone: everything not yet notified is queued again, at its due time.
  reconciler: ({ services }) => ({ name: "certificates", run: () => services.certificates.reconcile() }),
  on: ({ services }) => ({
    "material.decided": async ({ materialId, outcome, by }) => {
      if (outcome === "approved") await services.certificates.issueForMaterial(materialId);
      else if (outcome === "unpublished" || outcome === "deleted") {
        await services.certificates.revokeForMaterial(materialId, outcome === "unpublished" ? "material-unpublished" : "material-deleted", by ?? null);
      }
    },
    "event.checkin-annulled": async ({ eventId, memberId, by }) => {
      await services.certificates.revokeForAnnulledCheckIn(eventId, memberId, by);
    },
  }),
  httpRoutes: certificatesModuleRoutes,
  personalData: certificatesPersonalData,
});
