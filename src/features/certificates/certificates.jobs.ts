import type { Processor } from "../../jobs/workers.js";
import type { CertificatesService } from "./certificates.service.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Render a document's PDF once and queue its holder's notice (jobId `doc-<id>`). */
    "certificates.render": { documentId: number };
    /** Issue an event's participation certificates (jobId `event-<id>-<issued so far>`). */
    "certificates.issue-event": { eventId: number };
    /** Repeatable: renders and notices that did not happen, records lost in a crash. */
    "certificates.sweep": { staleAfterMs: number };
  }
}

export function renderProcessor(certificates: Pick<CertificatesService, "render">): Processor<"certificates.render"> {
  return async ({ documentId }, _job, logger) => {
    const outcome = await certificates.render(documentId);
    logger.debug({ documentId, outcome }, "document rendered");
  };
}

export function issueEventProcessor(certificates: Pick<CertificatesService, "issueEventNow">): Processor<"certificates.issue-event"> {
  return async ({ eventId }, _job, logger) => {
    const created = await certificates.issueEventNow(eventId);
    logger.info({ eventId, created }, "participation certificates issued");
  };
}

export function sweepProcessor(certificates: Pick<CertificatesService, "sweep">): Processor<"certificates.sweep"> {
  return async ({ staleAfterMs }, _job, logger) => {
    const result = await certificates.sweep(staleAfterMs);
    if (result.requeued || result.issued) logger.warn(result, "certificates sweep: repaired");
  };
}
