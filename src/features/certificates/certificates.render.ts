import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { formatDocumentDate } from "./certificates.pdf.js";
import type { DocumentDetails, DocumentKind, DocumentView, RevokeCause, VerificationView } from "./certificates.types.js";
import { PAGE_SIZE } from "./certificates.keyboards.js";

/**
 * Texts of documents in the chat: the list, a card, the verification answer.
 * Every dynamic value goes through `t`, which escapes it once.
 */

export function kindName(t: Translate, kind: DocumentKind): string {
  return t(`certificates-kind-${kind}`);
}

export function hoursText(t: Translate, hours: number): string {
  return t("certificates-hours", { hours });
}

/** Dates as the documents print them (dd.MM.yyyy, in the community's zone). */
function day(date: Date, zone: string): string {
  return formatDocumentDate(date, zone);
}

function eventDate(details: DocumentDetails): string | undefined {
  return details.kind === "PARTICIPATION" || details.kind === "SPEAKER" ? formatDocumentDate(new Date(details.startsAt), details.timezone) : undefined;
}

interface Revocation {
  revokedAt: Date | null;
  revokedCause: RevokeCause | null;
  revokedReason: string | null;
  replacedByNumber: string | null;
}

function statusLines(t: Translate, r: Revocation, zone: string, heads: { valid: string; revoked: string }): string[] {
  if (!r.revokedAt) return [t(heads.valid)];
  const lines = [t(heads.revoked, { date: day(r.revokedAt, zone) })];
  if (r.revokedCause) lines.push(t("certificates-cause", { cause: t(`certificates-cause-${r.revokedCause}`) }));
  if (r.revokedReason) lines.push(t("certificates-reason", { reason: truncate(r.revokedReason, 400) }));
  if (r.replacedByNumber) lines.push(t("certificates-replaced-by", { number: r.replacedByNumber }));
  return lines;
}

/** What a contest's documents add: the contest, the nomination and the degree; the chair; a protocol's counts and confirmation. */
function contestLines(t: Translate, title: string, x: DocumentDetails, zone: string): string[] {
  switch (x.kind) {
    case "DIPLOMA":
      return [
        t("certificates-card-contest", { contest: truncate(x.contestTitle, 200) }),
        ...(x.nomination ? [t("certificates-card-nomination", { nomination: truncate(x.nomination, 200) })] : []),
        t("certificates-card-degree", { degree: x.degree, place: x.degree === "AUDIENCE" ? 0 : (x.place ?? 0) }),
      ];
    case "JURY":
      return [
        ...(x.contestTitle !== title ? [t("certificates-card-contest", { contest: truncate(x.contestTitle, 200) })] : []),
        t("certificates-card-jury-role", { chair: x.chair ? "yes" : "no" }),
      ];
    case "PROTOCOL":
      return [
        ...(x.contestTitle !== title ? [t("certificates-card-contest", { contest: truncate(x.contestTitle, 200) })] : []),
        t("certificates-card-protocol-counts", { entries: x.entries, admitted: x.admitted, disqualified: x.disqualified }),
        t("certificates-card-confirmed", { date: day(new Date(x.confirmedAt), zone) }),
      ];
    default:
      return [];
  }
}

function factLines(
  t: Translate,
  d: { kind: DocumentKind; number: string; title: string; issuedAt: Date; details: DocumentDetails; hours: number | null },
  zone: string,
): string[] {
  const lines = [t("certificates-card", { kind: kindName(t, d.kind), number: d.number, title: truncate(d.title, 300), date: day(d.issuedAt, zone) })];
  const when = eventDate(d.details);
  if (when) lines.push(t("certificates-card-event-date", { date: when }));
  lines.push(...contestLines(t, d.title, d.details, zone));
  if (d.hours !== null) lines.push(t("certificates-card-hours", { hours: hoursText(t, d.hours) }));
  return lines;
}

/** The member's list: one entry per document, newest first. */
export function listText(t: Translate, items: readonly DocumentView[], page: number, total: number): string {
  if (total === 0) return `${t("certificates-title", { total })}\n\n${t("certificates-empty")}`;
  const lines = items.map((d, i) =>
    t("certificates-line", {
      n: page * PAGE_SIZE + i + 1,
      revoked: d.revokedAt ? "yes" : "no",
      number: d.number,
      kind: kindName(t, d.kind),
      title: truncate(d.title, 120),
    }),
  );
  return `${t("certificates-title", { total })}\n\n${lines.join("\n\n")}`;
}

/** A document's card for its holder (or an admin). */
export function cardText(t: Translate, d: DocumentView, verifyUrl: string, zone: string): string {
  const status = statusLines(t, d, zone, { valid: "certificates-status-valid", revoked: "certificates-status-revoked" });
  return [
    factLines(t, d, zone).join("\n"),
    status.join("\n"),
    `${t("certificates-card-verify", { url: verifyUrl })}\n${t("certificates-card-code", { code: d.code })}`,
  ].join("\n\n");
}

/** The same facts as the public verification page. */
export function verificationText(t: Translate, v: VerificationView, verifyUrl: string, zone: string): string {
  const status = statusLines(t, v, zone, { valid: "certificates-verify-status-valid", revoked: "certificates-verify-status-revoked" });
  const holder = v.holderErased || v.holderName === null ? [t("certificates-verify-erased")] : [t("certificates-verify-holder", { name: v.holderName })];
  if (v.nameMasked) holder.push(t("certificates-verify-masked"));
  const tail = [t("certificates-card-code", { code: v.code }), t("certificates-card-verify", { url: verifyUrl })];
  if (v.sha256) tail.push(t("certificates-verify-hash", { hash: v.sha256 }));
  return [t("certificates-verify-title"), status.join("\n"), factLines(t, v, zone).join("\n"), holder.join("\n"), tail.join("\n")].join("\n\n");
}

/** The message telling a holder their document was revoked: which one, when, why. */
export function revocationNoticeText(t: Translate, doc: DocumentView, zone: string): string {
  return [
    t("certificates-revoked-notice", { kind: kindName(t, doc.kind), number: doc.number, title: truncate(doc.title, 300) }),
    ...statusLines(t, doc, zone, { valid: "certificates-status-valid", revoked: "certificates-status-revoked" }),
  ].join("\n");
}
