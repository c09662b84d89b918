import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { DocumentLinks, documentIssuer, documentRenderer } from "./certificates.documents.js";
import { certificatesModuleRoutes } from "./certificates.http.js";
import { issueEventProcessor, renderProcessor, sweepProcessor } from "./certificates.jobs.js";
import { CERT_HOURS, CERT_REVOKE, CERT_SPEAKER, createHoursConversation, createRevokeConversation, createSpeakerConversation } from "./certificates.conversation.js";
import { certificatesEventFeature } from "./certificates.event.feature.js";
import { certificatesFeature, openVerifyLink, sendPortfolio, showCertificates } from "./certificates.feature.js";
import { crtCb } from "./certificates.keyboards.js";
import { PortfolioBuilder } from "./certificates.portfolio.js";
import { certificatesPersonalData } from "./certificates.personal-data.js";
import { CertificatesRepository } from "./certificates.repository.js";
import { CERTIFICATE_DELIVERY, CertificatesService, REVOKED_DELIVERY } from "./certificates.service.js";
import { revocationNoticeText } from "./certificates.render.js";

export interface CertificatesServices {
  /** Numbered, verifiable documents: issuing, rendering, revoking, verifying, the portfolio. */
  certificates: CertificatesService;
  /** Where documents point (the verification page or the bot's deep link). */
  documentLinks: DocumentLinks;
  /** The attestation portfolio PDF (/portfolio), once per member per 30 s. */
  portfolio: PortfolioBuilder;
}

/**
 * Certificates and portfolio (issue 12): publication records, participation
 * and speaker certificates, contest diplomas and jury certificates (issue 13
 * supplies their data through CertificatesService.issue), each with a number,
 * a verification code and a QR code; /certificates, /verify, /portfolio.
 */
export const certificatesModule: FeatureModule<CertificatesServices, "certificates.render" | "certificates.issue-event" | "certificates.sweep"> = defineFeature({
  name: "certificates",
  services: ({ prisma, config, queues, translator, services, now, api, redis }) => {
    const documentLinks = new DocumentLinks(api, config.publicUrl);
    const issuer = documentIssuer(config.issuer, translator);
    const certificates = new CertificatesService({
      repository: new CertificatesRepository(prisma),
      members: services.membersRepository,
      materials: services.materialsRepository,
      events: services.eventsRepository,
      audit: services.audit,
      delivery: services.delivery,
      queues,
      translator,
      renderPdf: documentRenderer({ catalogue: services.catalogue, translator, links: documentLinks, issuer }),
      timezone: config.defaultTimezone,
      sendRatePerSecond: config.sendRatePerSecond,
      now,
    });
    services.deliveryRenderers.register(CERTIFICATE_DELIVERY, (refId, recipient) => certificates.deliveryMessage(refId, recipient));
    services.deliveryRenderers.register(REVOKED_DELIVERY, async (refId, recipient) => {
      const doc = await certificates.revokedFor(refId, recipient.id);
      return doc && { method: "sendMessage", text: revocationNoticeText(translator.forLocale(recipient.locale), doc, config.defaultTimezone) };
    });
    // The organiser's way in: «🎓 Сертификаты (N)» on the staff view of an event card.
    services.eventStaffButtons.register(async (card, t) => {
      if (card.event.status !== "SCHEDULED") return undefined;
      const counts = await certificates.eventCounts(card.event.id);
      return { text: t("certificates-event-button", { count: counts.participation + counts.speaker }), data: crtCb.pack("e", card.event.id) };
    });
    const portfolio = new PortfolioBuilder({
      certificates,
      members: services.membersRepository,
      catalogue: services.catalogue,
      translator,
      links: documentLinks,
      issuer,
      redis,
      redisPrefix: config.redisPrefix,
      timezone: config.defaultTimezone,
      now,
    });
    return { certificates, documentLinks, portfolio };
  },
  callbacks: [crtCb],
  composer: () => new Composer<BotContext>(certificatesFeature(), certificatesEventFeature()),
  conversations: {
    [CERT_HOURS]: createHoursConversation,
    [CERT_SPEAKER]: createSpeakerConversation,
    [CERT_REVOKE]: createRevokeConversation,
  },
  menu: { certificates: showCertificates, portfolio: sendPortfolio },
  menuButtons: [{ action: "certificates", label: "certificates-menu-button" }],
  commands: { MEMBER: ["certificates", "portfolio", "verify"], ADMIN: ["revoke", "reissue"] },
  // Anyone may check a document, registered or not.
  deepLinks: { v: { handler: openVerifyLink, requiresRegistration: false } },
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
