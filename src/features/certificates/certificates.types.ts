import type { DocumentKind, EventKind, MaterialType } from "../../generated/prisma/enums.js";

export type { DocumentKind };

/** Every kind, in the order /certificates and the portfolio group them. */
export const DOCUMENT_KINDS = ["PUBLICATION", "PARTICIPATION", "SPEAKER", "DIPLOMA", "JURY", "PROTOCOL"] as const satisfies readonly DocumentKind[];

/**
 * The letter a document's number starts with: «П-2026-000123». Part of the
 * stored numbers (data, like a seed), not interface text: a translation must
 * never change them, so they are not in locales/.
 */
export const NUMBER_PREFIX: Record<DocumentKind, string> = {
  PUBLICATION: "П",
  PARTICIPATION: "У",
  SPEAKER: "В",
  DIPLOMA: "Д",
  JURY: "Ж",
  PROTOCOL: "ПР",
};

/** Why a document was revoked. */
export type RevokeCause = "material-unpublished" | "material-deleted" | "checkin-annulled" | "replaced" | "admin";

/**
 * A contest diploma's degree (issue 13 supplies it). AUDIENCE is the audience
 * vote's prize («Приз зрительских симпатий»): a diploma of its own, never a
 * jury place (it has no `place`).
 */
export type DiplomaDegree = "WINNER" | "PRIZE_WINNER" | "PARTICIPANT" | "AUDIENCE";

/**
 * The facts of a document besides the holder and the title, by kind, as they
 * were at issue (JSON in documents.details). Codes, not names: the PDF and the
 * pages name subjects and types in their own language through the catalogue.
 */
export type DocumentDetails =
  | {
      kind: "PUBLICATION";
      materialId: number;
      materialType: MaterialType;
      subjectCode: string;
      gradeCodes: string[];
      /** ISO time the material was published. */
      publishedAt: string;
    }
  | {
      kind: "PARTICIPATION" | "SPEAKER";
      eventId: number;
      eventKind: EventKind;
      /** ISO start time and the organiser's zone (the document shows the date there). */
      startsAt: string;
      timezone: string;
    }
  | {
      kind: "DIPLOMA";
      contestId: number;
      contestTitle: string;
      nomination?: string;
      degree: DiplomaDegree;
      /** 1, 2, 3 … for winners and prize-winners. */
      place?: number;
    }
  | {
      kind: "JURY";
      contestId: number;
      contestTitle: string;
      chair?: boolean;
    }
  | {
      /** A contest's results protocol; its holder is the chair who confirmed the results. */
      kind: "PROTOCOL";
      contestId: number;
      contestTitle: string;
      /** Entries received (withdrawn ones not counted), admitted, disqualified. */
      entries: number;
      admitted: number;
      disqualified: number;
      /** ISO time the chair confirmed the results. */
      confirmedAt: string;
    };

/** One document as the slice reads it. */
export interface DocumentView {
  id: number;
  kind: DocumentKind;
  number: string;
  code: string;
  holderId: number;
  source: string;
  /** NULL after the holder's /forgetme. */
  holderName: string | null;
  holderPosition: string | null;
  holderSchool: string | null;
  title: string;
  details: DocumentDetails;
  hours: number | null;
  issuedAt: Date;
  sha256: string | null;
  fileSize: number | null;
  fileId: string | null;
  renderedAt: Date | null;
  notifiedAt: Date | null;
  revokedAt: Date | null;
  revokedCause: RevokeCause | null;
  /** The moderator's or admin's own words, if any. */
  revokedReason: string | null;
  /** The number of the document that replaced this one (reissue). */
  replacedByNumber: string | null;
  holderErasedAt: Date | null;
}

/**
 * What the issuing API takes: who, for what, and the facts. The holder's name,
 * position and school are read from their profile at issue time.
 */
export interface IssueRequest {
  kind: DocumentKind;
  holderId: number;
  /** Ids only: "material:12", "event:5", "contest:3:entry:7". One current document per (kind, source, holder). */
  source: string;
  title: string;
  details: DocumentDetails;
  hours?: number;
}

/** The public facts of a document: what /v/<code>, /verify and the deep link show. */
export interface VerificationView {
  kind: DocumentKind;
  number: string;
  code: string;
  title: string;
  details: DocumentDetails;
  hours: number | null;
  issuedAt: Date;
  sha256: string | null;
  status: "valid" | "revoked";
  revokedAt: Date | null;
  /** Pages name the cause in their language, then show the reason's own words if any. */
  revokedCause: RevokeCause | null;
  revokedReason: string | null;
  replacedByNumber: string | null;
  /** The name to show: full with the holder's consent, masked without, null when erased. */
  holderName: string | null;
  holderErased: boolean;
  nameMasked: boolean;
}

/** Community-wide texts every document carries (config). */
export interface Issuer {
  communityName: string;
  signerName: string;
  signerTitle: string;
}

/** What the public portfolio page /p/<slug> shows: the holder's valid documents, newest first. */
export interface PublicPortfolioView {
  holderName: string | null;
  nameMasked: boolean;
  documents: VerificationView[];
}
