/**
 * Certificates: numbered documents issued for what really happened (a material
 * approved into the library, an event attended, a talk given, a contest result,
 * jury work), each verifiable by a random code.
 *
 * The life of a document:
 * 1. Issued: a row with its number (gapless per kind and year, see
 *    CertificatesRepository.create), its code and the holder's name, position
 *    and school as they are now. One current document per (kind, thing, holder):
 *    issuing twice (a double tap, a job that runs twice, a replayed domain event)
 *    issues once.
 * 2. Rendered once, by the "certificates.render" job: the PDF's SHA-256 is kept
 *    on the row, its bytes in document_files until Telegram holds them.
 * 3. Sent to the holder through the sending path ("certificate" deliveries);
 *    the file_id Telegram gives is kept and the bytes dropped, so every later
 *    download resends the same file and the hash on the verification page is
 *    the hash of the file the holder has.
 * 4. Revoked (never deleted) when what it certifies is taken back: a material
 *    unpublished or deleted by a moderator, a check-in annulled, an admin's
 *    decision, or a reissue after a name was corrected ("replaced by …").
 *
 * What Redis holds (the render jobs) is rebuilt from PostgreSQL by the sweep:
 * a document not yet notified is rendered and sent again from where it stopped.
 */
import { createHash } from "node:crypto";
import type { Translator } from "../../bot/i18n.js";
import { QUEUES } from "../../jobs/definitions.js";
import type { JobQueues } from "../../jobs/queues.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { DeliveryRecipient, OutgoingMessage } from "../delivery/delivery.types.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { EventsRepository } from "../events/events.repository.js";
import type { MaterialsRepository } from "../materials/materials.repository.js";
import type { MembersRepository } from "../members/members.repository.js";
import { isAdmin, isStaff, type MemberState } from "../members/members.types.js";
import { maskName, newPortfolioSlug, normaliseCode, normaliseSlug } from "./certificates.codes.js";
import type { CertificatesRepository, NewDocument } from "./certificates.repository.js";
import type { DocumentKind, DocumentView, IssueRequest, PublicPortfolioView, RevokeCause, VerificationView } from "./certificates.types.js";

/** The render job of a document: one at a time per document. */
export function renderJobId(documentId: number): string {
  return `doc-${documentId}`;
}

/** The delivery kind of "your document is ready" (the PDF itself). */
export const CERTIFICATE_DELIVERY = "certificate";

/** The delivery kind of "your document was revoked" (a text with the cause and the reason). */
export const REVOKED_DELIVERY = "certificate.revoked";

/** Version of the consent text to publish one's full name (locales: certificates-consent-text). */
export const NAME_CONSENT_VERSION = "2026-12-05";

/** Documents created per transaction when many are issued at once (an event's participants). */
const ISSUE_BATCH = 1_000;

/**
 * How far rendering runs ahead of sending in a big batch: the n-th document's
 * render job is due at n / SEND_RATE_PER_SECOND seconds minus this, so PDFs
 * wait in PostgreSQL (document_files) for about this long, not for the whole
 * send (10,000 PDFs would be half a gigabyte).
 */
export const RENDER_LEAD_MS = 60_000;

/** Certificate notices go after due reminders (priority 1…) but are not starved by a broadcast. */
const NOTICE_PRIORITY = 500;

/** A revocation reason an admin or moderator types, at most. */
export const REASON_MAX = 300;

export interface CertificatesServiceDeps {
  repository: CertificatesRepository;
  members: MembersRepository;
  materials: MaterialsRepository;
  events: EventsRepository;
  audit: AuditRepository;
  delivery: DeliveryService;
  queues: JobQueues;
  translator: Translator;
  /** Renders a document's PDF (certificates.pdf.ts, with names and links resolved). */
  renderPdf: (document: DocumentView) => Promise<Uint8Array>;
  /** The zone whose calendar year numbers documents («П-2026-…»). */
  timezone: string;
  /** The free send lane's budget: big batches' render jobs are spread at this rate. */
  sendRatePerSecond: number;
  now: () => Date;
}

function yearIn(date: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(date));
}

/** The file name of a document's PDF: its number, in Latin letters Telegram clients never garble. */
export function documentFileName(document: Pick<DocumentView, "number">): string {
  const latin: Record<string, string> = { ПР: "PR", П: "P", У: "U", В: "V", Д: "D", Ж: "Zh" };
  return `${document.number.replace(/^(ПР|[ПУВДЖ])(?=-)/, (c) => latin[c] ?? "X")}.pdf`;
}

/**
 * A kind whose PDF another slice draws (a contest's results protocol): it
 * gets the document as issued and returns the file; hashing, storing,
 * delivery and verification stay here.
 */
export type DocumentRenderer = (document: DocumentView) => Promise<Uint8Array>;

/** Kinds that are records of the community's work rather than achievements of their holder: not in the portfolio. */
const NOT_IN_PORTFOLIO: readonly DocumentKind[] = ["PROTOCOL"];

/** The rules of documents; handlers, jobs and the public pages call these. */
export class CertificatesService {
  private readonly renderers = new Map<DocumentKind, DocumentRenderer>();

  constructor(private readonly deps: CertificatesServiceDeps) {}

  /**
   * Another slice draws this kind's PDF (contests: PROTOCOL), registered when
   * the container is built. A PROTOCOL without a renderer is not drawn with
   * the certificate layout: its render job fails (and is retried), since a
   * wrong file's hash would be kept for good. Returns the renderer it replaces
   * (tests put theirs in and restore it).
   */
  registerRenderer(kind: DocumentKind, render: DocumentRenderer | undefined): DocumentRenderer | undefined {
    const previous = this.renderers.get(kind);
    if (render) this.renderers.set(kind, render);
    else this.renderers.delete(kind);
    return previous;
  }

  private rendererFor(kind: DocumentKind): DocumentRenderer {
    const own = this.renderers.get(kind);
    if (own) return own;
    if (kind === "PROTOCOL") throw new Error("no renderer registered for PROTOCOL documents");
    return this.deps.renderPdf;
  }

  private get repo(): CertificatesRepository {
    return this.deps.repository;
  }

  // ------------------------------------------------------------------ issuing

  /**
   * Issues documents (any kind; issue 13's contests supply diplomas and jury
   * certificates through here): reads each holder's name, position and school
   * now, skips holders who are not registered or erased their data, creates
   * what does not exist yet, and queues the render jobs. Returns the ids created.
   */
  async issue(requests: readonly IssueRequest[]): Promise<number[]> {
    const created: number[] = [];
    const start = this.deps.now().getTime();
    const msPerDocument = 1000 / this.deps.sendRatePerSecond;
    for (let i = 0; i < requests.length; i += ISSUE_BATCH) {
      const batch = requests.slice(i, i + ISSUE_BATCH);
      const holders = await this.deps.members.documentHolders([...new Set(batch.map((r) => r.holderId))]);
      const t = this.deps.translator.forLocale("ru");
      const docs: NewDocument[] = [];
      for (const [j, r] of batch.entries()) {
        const h = holders.get(r.holderId);
        if (!h) continue;
        docs.push({
          dueAt: new Date(start + Math.max(0, (i + j) * msPerDocument - RENDER_LEAD_MS)),
          kind: r.kind,
          holderId: r.holderId,
          source: r.source,
          title: r.title,
          details: r.details,
          hours: r.hours ?? null,
          holder: { name: h.fullName, position: h.professionalRole === "OTHER" ? null : t(`role-${h.professionalRole}`), school: h.organisation },
        });
      }
      const now = this.deps.now();
      const docsCreated = await this.repo.create(docs, now, yearIn(now, this.deps.timezone));
      await this.queueRender(docsCreated);
      created.push(...docsCreated.map((d) => d.id));
    }
    return created;
  }

  /** Queues render jobs at their due times (one job id per document: BullMQ drops a second while the first exists). */
  private async queueRender(docs: ReadonlyArray<{ id: number; dueAt: Date }>): Promise<void> {
    if (docs.length === 0) return;
    const now = this.deps.now().getTime();
    await this.deps.queues.addBulk(
      "certificates.render",
      docs.map(({ id, dueAt }) => ({ payload: { documentId: id }, options: { jobId: renderJobId(id), delay: Math.max(0, dueAt.getTime() - now) } })),
    );
  }

  /** The publication record of an approved material (material.decided → approved, and the sweep). */
  async issueForMaterial(materialId: number): Promise<number | undefined> {
    const m = await this.deps.materials.find(materialId);
    if (!m || m.status !== "APPROVED" || m.deleted || !m.publishedAt) return undefined;
    const [id] = await this.issue([
      {
        kind: "PUBLICATION",
        holderId: m.authorId,
        source: `material:${m.id}`,
        title: m.title,
        details: {
          kind: "PUBLICATION",
          materialId: m.id,
          materialType: m.type,
          subjectCode: m.subjectCode,
          gradeCodes: m.gradeCodes,
          publishedAt: m.publishedAt.toISOString(),
        },
      },
    ]);
    return id;
  }

  /** A moderator unpublished or deleted a material: its record is revoked, with the moderator's reason (the unpublishing note). */
  async revokeForMaterial(materialId: number, cause: "material-unpublished" | "material-deleted", byId: number | null): Promise<number> {
    const docs = await this.repo.currentBySource("PUBLICATION", `material:${materialId}`);
    if (docs.length === 0) return 0;
    const reason = cause === "material-unpublished" ? ((await this.deps.materials.find(materialId))?.moderatorNote ?? null) : null;
    return this.revokeAll(docs, { cause, byId, reason });
  }

  /** An organiser annulled a check-in: the participation certificate is revoked. */
  async revokeForAnnulledCheckIn(eventId: number, memberId: number, byId: number): Promise<number> {
    return this.revokeAll(await this.repo.currentBySource("PARTICIPATION", `event:${eventId}`, memberId), { cause: "checkin-annulled", byId, reason: null });
  }

  private async revokeAll(docs: DocumentView[], why: { cause: RevokeCause; byId: number | null; reason: string | null }): Promise<number> {
    let revoked = 0;
    const at = this.deps.now();
    for (const d of docs) {
      const ok = await this.repo.revoke(d.id, { at, ...why }, (tx) =>
        this.deps.audit.record(
          {
            actorId: why.byId,
            action: "document.revoke",
            targetMemberId: d.holderId,
            details: { number: d.number, cause: why.cause, ...(why.reason ? { reason: why.reason } : {}) },
          },
          tx,
        ),
      );
      if (!ok) continue;
      revoked++;
      // The holder learns it from the bot, not from someone checking the code (nobody is told after /forgetme).
      if (d.holderErasedAt === null) await this.deps.delivery.enqueue(REVOKED_DELIVERY, `document:${d.id}`, [d.holderId], { priority: NOTICE_PRIORITY });
    }
    return revoked;
  }

  /**
   * Participation certificates of an event for everyone who checked in, once
   * it is over and the organiser set its academic hours: checked here, then
   * issued by a job (10,000 participants take seconds). Asking again issues
   * only to those who have none (a check-in recorded late). Returns how many
   * checked in.
   */
  async issueForEvent(actor: MemberState | undefined, eventId: number): Promise<{ attendees: number; issued: number }> {
    if (!isStaff(actor)) throw new ForbiddenError("certificates-organisers-only");
    await this.issuableEvent(eventId);
    const [attendees, counts] = await Promise.all([this.deps.events.attendeeIds(eventId), this.eventCounts(eventId)]);
    if (attendees.length === 0) throw new DomainError("certificates-event-no-attendees");
    // One job per event at a time: a double tap queues one (BullMQ ignores a second job with the id of a waiting one).
    await this.deps.queues.add("certificates.issue-event", { eventId }, { jobId: `event-${eventId}-${counts.participation}` });
    return { attendees: attendees.length, issued: counts.participation };
  }

  private async issuableEvent(eventId: number) {
    const event = await this.deps.events.find(eventId);
    if (!event) throw new NotFoundError("events-not-found");
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    if (event.startsAt.getTime() + event.durationMinutes * 60_000 > this.deps.now().getTime()) throw new DomainError("certificates-event-not-over");
    if (event.academicHours === null) throw new DomainError("certificates-event-no-hours");
    return { ...event, academicHours: event.academicHours };
  }

  /** "certificates.issue-event": issues what {@link issueForEvent} checked; a second run issues nothing new. */
  async issueEventNow(eventId: number): Promise<number> {
    const event = await this.issuableEvent(eventId);
    const attendees = await this.deps.events.attendeeIds(eventId);
    const details = { kind: "PARTICIPATION" as const, eventId, eventKind: event.kind, startsAt: event.startsAt.toISOString(), timezone: event.timezone };
    const created = await this.issue(
      attendees.map((holderId) => ({ kind: "PARTICIPATION" as const, holderId, source: `event:${eventId}`, title: event.title, details, hours: event.academicHours })),
    );
    return created.length;
  }

  /** A speaker certificate for one member (the organiser picks speakers among members). */
  async issueSpeaker(actor: MemberState | undefined, eventId: number, memberId: number): Promise<{ created: boolean; document: DocumentView }> {
    if (!isStaff(actor)) throw new ForbiddenError("certificates-organisers-only");
    const event = await this.deps.events.find(eventId);
    if (!event) throw new NotFoundError("events-not-found");
    if (event.status !== "SCHEDULED") throw new DomainError("events-cancelled");
    if (event.startsAt.getTime() > this.deps.now().getTime()) throw new DomainError("certificates-event-not-started");
    const source = `event:${eventId}`;
    const [id] = await this.issue([
      {
        kind: "SPEAKER",
        holderId: memberId,
        source,
        title: event.title,
        details: { kind: "SPEAKER", eventId, eventKind: event.kind, startsAt: event.startsAt.toISOString(), timezone: event.timezone },
        ...(event.academicHours !== null ? { hours: event.academicHours } : {}),
      },
    ]);
    const document = await this.repo.current("SPEAKER", source, memberId);
    if (!document) throw new DomainError("certificates-holder-unregistered");
    return { created: id !== undefined, document };
  }

  /**
   * Current (not revoked) documents issued for a thing and everything under
   * it: `documentsFor("contest:3")` finds "contest:3" and "contest:3:entry:7",
   * never "contest:30". Optionally of some kinds only. Oldest first.
   */
  async documentsFor(sourcePrefix: string, kinds?: readonly DocumentKind[]): Promise<DocumentView[]> {
    return this.repo.currentUnder(sourcePrefix, kinds);
  }

  /** How many current documents an event gave, by kind (the organiser's card). */
  async eventCounts(eventId: number): Promise<{ participation: number; speaker: number }> {
    const counts = await this.repo.countBySource(`event:${eventId}`, ["PARTICIPATION", "SPEAKER"]);
    return { participation: counts.PARTICIPATION, speaker: counts.SPEAKER };
  }

  // ------------------------------------------------------------------ admin

  private async byCodeOrFail(code: string): Promise<DocumentView> {
    const normal = normaliseCode(code);
    const doc = normal ? await this.repo.byCode(normal) : undefined;
    if (!doc) throw new NotFoundError("certificates-not-found");
    return doc;
  }

  /** An admin revokes any document, with a reason (audited). */
  async revoke(actor: MemberState | undefined, code: string, reason: string): Promise<DocumentView> {
    if (!isAdmin(actor)) throw new ForbiddenError("certificates-admins-only");
    const text = reason.trim();
    if (text.length === 0) throw new DomainError("certificates-reason-required");
    if (Array.from(text).length > REASON_MAX) throw new DomainError("certificates-reason-long", { max: REASON_MAX });
    const doc = await this.byCodeOrFail(code);
    if (doc.revokedAt) throw new DomainError("certificates-already-revoked");
    if ((await this.revokeAll([doc], { cause: "admin", byId: actor.id, reason: text })) === 0) throw new DomainError("certificates-already-revoked");
    return (await this.repo.byId(doc.id))!;
  }

  /**
   * An admin reissues a document after the holder's name was corrected: a new
   * document (new number and code) with the holder's facts as they are now;
   * the old one is revoked as "replaced by №…". Audited.
   */
  async reissue(actor: MemberState | undefined, code: string): Promise<DocumentView> {
    if (!isAdmin(actor)) throw new ForbiddenError("certificates-admins-only");
    const old = await this.byCodeOrFail(code);
    if (old.revokedAt) throw new DomainError("certificates-already-revoked");
    if (old.holderErasedAt) throw new DomainError("certificates-holder-erased");
    const holders = await this.deps.members.documentHolders([old.holderId]);
    const h = holders.get(old.holderId);
    if (!h) throw new DomainError("certificates-holder-erased");
    const t = this.deps.translator.forLocale("ru");
    const now = this.deps.now();
    const newId = await this.repo.replace(
      old.id,
      {
        dueAt: now,
        kind: old.kind,
        holderId: old.holderId,
        source: old.source,
        title: old.title,
        details: old.details,
        hours: old.hours,
        holder: { name: h.fullName, position: h.professionalRole === "OTHER" ? null : t(`role-${h.professionalRole}`), school: h.organisation },
      },
      { at: now, year: yearIn(now, this.deps.timezone), byId: actor.id },
      (tx, number) =>
        this.deps.audit.record({ actorId: actor.id, action: "document.reissue", targetMemberId: old.holderId, details: { number: old.number, replacedBy: number } }, tx),
    );
    if (newId === undefined) throw new DomainError("certificates-already-revoked");
    await this.queueRender([{ id: newId, dueAt: now }]);
    return (await this.repo.byId(newId))!;
  }

  // ------------------------------------------------------------------ verification

  /** The public facts of a document by its code (any case, spaces and dashes ignored); undefined for anything unknown. */
  async verify(code: string): Promise<VerificationView | undefined> {
    const normal = normaliseCode(code);
    const found = normal ? await this.repo.forVerification(normal) : undefined;
    return found && this.toVerification(found.document, found.nameConsent);
  }

  private toVerification(doc: DocumentView, consented: boolean): VerificationView {
    const name = doc.holderName;
    return {
      kind: doc.kind,
      number: doc.number,
      code: doc.code,
      title: doc.title,
      details: doc.details,
      hours: doc.hours,
      issuedAt: doc.issuedAt,
      sha256: doc.sha256,
      status: doc.revokedAt ? "revoked" : "valid",
      revokedAt: doc.revokedAt,
      revokedCause: doc.revokedCause,
      revokedReason: doc.revokedReason,
      replacedByNumber: doc.replacedByNumber,
      holderName: name === null ? null : consented ? name : maskName(name),
      holderErased: doc.holderErasedAt !== null,
      nameMasked: name !== null && !consented,
    };
  }

  /** The public portfolio page (off unless the member turned it on): valid documents, the name masked unless consented. */
  async publicPortfolio(slug: string): Promise<PublicPortfolioView | undefined> {
    const normal = normaliseSlug(slug);
    const memberId = normal ? await this.repo.memberBySlug(normal) : undefined;
    if (memberId === undefined) return undefined;
    const settings = await this.repo.portfolioSettings(memberId);
    const consented = settings?.nameConsentAt != null;
    const docs = (await this.repo.byHolder(memberId, { validOnly: true, limit: 200 })).filter((d) => !NOT_IN_PORTFOLIO.includes(d.kind));
    const name = docs.find((d) => d.holderName !== null)?.holderName ?? null;
    return {
      holderName: name === null ? null : consented ? name : maskName(name),
      nameMasked: name !== null && !consented,
      documents: docs.map((d) => this.toVerification(d, consented)),
    };
  }

  // ------------------------------------------------------------------ the holder

  /** The member's documents, newest first (a page of them) and their total. */
  async mine(member: MemberState | undefined, page: number, pageSize: number): Promise<{ items: DocumentView[]; total: number }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const [items, total] = await Promise.all([this.repo.byHolder(member.id, { limit: pageSize, offset: page * pageSize }), this.repo.countByHolder(member.id)]);
    return { items, total };
  }

  /** One document of the member's own (admins may open anyone's); a stranger's id is "not found", revealing nothing. */
  async document(viewer: MemberState | undefined, id: number): Promise<DocumentView> {
    if (!viewer?.registered) throw new DomainError("errors-not-registered");
    const doc = await this.repo.byId(id);
    if (!doc || (doc.holderId !== viewer.id && !isAdmin(viewer))) throw new NotFoundError("certificates-not-found");
    return doc;
  }

  /**
   * Sends a document's PDF with `send`: by file_id once Telegram holds it,
   * else the stored bytes (keeping the file_id Telegram answers with). A
   * document not rendered yet is "being prepared".
   */
  async sendFile<T extends { document?: { file_id: string } }>(
    doc: DocumentView,
    send: (file: string | { bytes: Uint8Array; filename: string }) => Promise<T>,
  ): Promise<T> {
    if (doc.fileId) return send(doc.fileId);
    const bytes = await this.repo.fileBytes(doc.id);
    if (!bytes) throw new DomainError("certificates-being-prepared");
    const sent = await send({ bytes, filename: documentFileName(doc) });
    if (sent.document) await this.repo.saveFileId(doc.id, sent.document.file_id);
    return sent;
  }

  /** The member's choices: consent to publish the full name, the public portfolio's slug. */
  async settings(member: MemberState | undefined): Promise<{ nameConsent: boolean; publicSlug: string | null }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const s = await this.repo.portfolioSettings(member.id);
    return { nameConsent: s?.nameConsentAt != null, publicSlug: s?.publicSlug ?? null };
  }

  /** Gives or withdraws the separate consent to publish the full name on verification pages (audited: it is a consent). */
  async setNameConsent(member: MemberState | undefined, consent: boolean): Promise<void> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    await this.repo.setNameConsent(member.id, consent ? { at: this.deps.now(), version: NAME_CONSENT_VERSION } : null);
    await this.deps.audit.record({ actorId: member.id, action: "document.name-consent", targetMemberId: member.id, details: { consent, version: NAME_CONSENT_VERSION } });
  }

  /** Turns the public portfolio page on (a new random slug) or off. */
  async setPublicPortfolio(member: MemberState | undefined, on: boolean): Promise<string | null> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const slug = on ? ((await this.repo.portfolioSettings(member.id))?.publicSlug ?? newPortfolioSlug()) : null;
    await this.repo.setPublicSlug(member.id, slug);
    return slug;
  }

  /**
   * The member's valid documents, for the portfolio PDF. Not the protocols a
   * chair holds: a protocol records the contest's results, not the holder's
   * achievement (their jury certificate does that).
   */
  async portfolioDocuments(member: MemberState | undefined): Promise<DocumentView[]> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    return (await this.repo.byHolder(member.id, { validOnly: true, limit: 1_000 })).filter((d) => !NOT_IN_PORTFOLIO.includes(d.kind));
  }

  // ------------------------------------------------------------------ jobs

  /**
   * "certificates.render": renders the PDF once (a second run finds it
   * rendered), then queues the holder's notice on the sending path once (the
   * delivery's unique key). A document revoked before it was sent is not sent.
   */
  async render(documentId: number): Promise<"rendered" | "already" | "gone"> {
    const doc = await this.repo.byId(documentId);
    if (!doc) return "gone";
    let outcome: "rendered" | "already" = "already";
    // An erased holder's document is not rendered: there is no name to print, and nobody to send it to.
    // A protocol is: it is the contest's record, which its chair only holds (it is still not sent).
    if (doc.sha256 === null && (doc.holderErasedAt === null || doc.kind === "PROTOCOL")) {
      const bytes = await this.rendererFor(doc.kind)(doc);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (await this.repo.saveRendered(doc.id, { sha256, bytes }, this.deps.now())) outcome = "rendered";
    }
    if (doc.notifiedAt === null) {
      if (doc.revokedAt === null && doc.holderErasedAt === null) {
        await this.deps.delivery.enqueue(CERTIFICATE_DELIVERY, `document:${doc.id}`, [doc.holderId], { priority: NOTICE_PRIORITY });
      }
      await this.repo.markNotified([doc.id], this.deps.now());
    }
    return outcome;
  }

  /**
   * The message of a "certificate" delivery: the PDF with a caption, by
   * file_id or by its bytes (keeping the file_id Telegram answers with).
   * Nothing when it was revoked meanwhile.
   */
  async deliveryMessage(refId: string, recipient: DeliveryRecipient): Promise<OutgoingMessage | undefined> {
    const id = /^document:(\d+)$/.exec(refId)?.[1];
    const doc = id ? await this.repo.byId(Number(id)) : undefined;
    if (!doc || doc.revokedAt || doc.holderId !== recipient.id) return undefined;
    const caption = this.deps.translator.forLocale(recipient.locale)("certificates-issued-caption", {
      kind: this.deps.translator.forLocale(recipient.locale)(`certificates-kind-${doc.kind}`),
      number: doc.number,
      code: doc.code,
    });
    if (doc.fileId) return { method: "sendDocument", document: doc.fileId, caption };
    const bytes = await this.repo.fileBytes(doc.id);
    // Rendered rows always have their bytes or their file_id; a missing pair is an error to retry, not a skip.
    if (!bytes) throw new Error(`document ${doc.id} has neither a file_id nor its bytes`);
    return {
      method: "sendDocument",
      document: { bytes, filename: documentFileName(doc) },
      caption,
      onSent: async (sent) => this.repo.saveFileId(doc.id, sent.document.file_id),
    };
  }

  /** The document a "certificate.revoked" delivery is about, if it is the recipient's and revoked. */
  async revokedFor(refId: string, recipientId: number): Promise<DocumentView | undefined> {
    const id = /^document:(\d+)$/.exec(refId)?.[1];
    const doc = id ? await this.repo.byId(Number(id)) : undefined;
    return doc && doc.holderId === recipientId && doc.revokedAt ? doc : undefined;
  }

  /**
   * "certificates.sweep": documents whose render job was due `staleAfterMs`
   * ago and did not finish get a new one when theirs is gone, completed or
   * failed for good (a job still waiting or running behind a long queue is
   * left alone); approved materials of the last week without a record (their
   * domain event was lost in a crash) get one.
   */
  async sweep(staleAfterMs: number): Promise<{ requeued: number; issued: number }> {
    const now = this.deps.now();
    const stale = await this.repo.unnotified(new Date(now.getTime() - staleAfterMs), 5_000);
    const queue = this.deps.queues.queue(QUEUES.documents);
    const states = await Promise.all(stale.map((d) => queue.getJobState(renderJobId(d.id))));
    const lost = stale.filter((_, i) => ["unknown", "completed", "failed"].includes(states[i]!));
    // Frees the ids for new jobs (a job a worker holds right now is not removed, and its add below is ignored).
    await Promise.all(lost.map((d) => queue.remove(renderJobId(d.id))));
    await this.queueRender(lost.map((d) => ({ id: d.id, dueAt: now })));
    return { requeued: lost.length, issued: await this.issueLostRecords(now) };
  }

  /**
   * The reconciler (at start, and after Redis lost its data): every document
   * not yet notified gets its render job again at its due time (BullMQ drops
   * those whose job still exists: same id), and lost records are issued.
   */
  async reconcile(): Promise<{ requeued: number; issued: number }> {
    const pending = await this.repo.allUnnotified(50_000);
    await this.queueRender(pending);
    return { requeued: pending.length, issued: await this.issueLostRecords(this.deps.now()) };
  }

  private async issueLostRecords(now: Date): Promise<number> {
    let issued = 0;
    for (const materialId of await this.repo.materialsWithoutRecord(new Date(now.getTime() - 7 * 86_400_000), 500)) {
      if ((await this.issueForMaterial(materialId)) !== undefined) issued++;
    }
    return issued;
  }
}
