// The public pages of documents (issue 12), rendered on the server: the
// verification page /v/<code> (the QR code on every document points there),
// the public portfolio /p/<slug>, and the pages for "not found", "too many
// requests" and "unavailable". Pure: views in, status + headers + HTML out.
//
// Safety: every dynamic string is escaped here (escapeHtml) or by the
// translator (string variables); attributes are double-quoted. No JavaScript:
// the only inline content is one <style>, allowed by its SHA-256 in the CSP
// (default-src 'none' forbids scripts, fonts, frames, connections). The pages
// are not cached (a revocation shows at once) and not indexed (a document is
// found through its code, not through a search engine).
//
// The views arrive already masked by the service: the holder's name is shown
// as given; `holderErased` (or no name) shows "holder's data erased".

import { createHash } from "node:crypto";
import type { Translate } from "../../bot/i18n.js";
import { escapeHtml, trusted } from "../../shared/html.js";
import type { Locale } from "../../shared/locale.js";
import type { DocumentKind, PublicPortfolioView, RevokeCause, VerificationView } from "./certificates.types.js";

/** The pages' whole stylesheet (inline, allowed by its hash). Mobile first: one column, at most 640 px wide. */
export const PAGE_STYLE = [
  "*{box-sizing:border-box}",
  'body{margin:0;padding:16px;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}',
  "main{max-width:640px;margin:0 auto;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);overflow:hidden}",
  ".status{display:flex;align-items:center;gap:14px;padding:20px;color:#fff}",
  ".status h1{margin:0;font-size:1.35rem;line-height:1.25}",
  ".ok{background:#15803d}.bad{background:#b91c1c}.plain{background:#1e3a8a}.gray{background:#4b5563}",
  ".mark{display:flex;align-items:center;justify-content:center;flex:none;width:44px;height:44px;border-radius:50%;background:rgba(255,255,255,.22);font-size:1.6rem;font-weight:700}",
  ".sub{margin:4px 0 0;font-size:.9rem;opacity:.92}",
  ".revocation{padding:4px 20px;background:#fef2f2;color:#7f1d1d;border-bottom:1px solid #fecaca}",
  "dl{margin:0;padding:6px 20px 14px}",
  "dl div{padding:10px 0;border-bottom:1px solid #e5e7eb}",
  "dl div:last-child{border-bottom:0}",
  ".revocation dl{padding:0}.revocation dl div{border-color:#fecaca}",
  "dt{font-size:.78rem;color:#6b7280;text-transform:uppercase;letter-spacing:.04em}",
  ".revocation dt{color:#991b1b}.revocation .note{color:#7f1d1d}",
  "dd{margin:2px 0 0;overflow-wrap:anywhere}",
  ".hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}",
  ".muted{color:#6b7280;font-style:italic}.nw{white-space:nowrap}",
  ".note{display:block;font-size:.85rem;color:#6b7280}",
  ".hint,.text{margin:0;padding:0 20px 20px;font-size:.9rem;color:#4b5563}",
  ".text{padding-top:20px;font-size:1rem}",
  "ul{list-style:none;margin:0;padding:4px 20px 12px}",
  "li{border-bottom:1px solid #e5e7eb}li:last-child{border-bottom:0}",
  "li a{display:block;padding:12px 0;color:inherit;text-decoration:none}",
  ".doc{display:block;font-weight:600;color:#1d4ed8}li a:hover .doc{text-decoration:underline}",
  ".meta{display:block;font-size:.85rem;color:#6b7280}",
  "footer{max-width:640px;margin:16px auto 0;text-align:center;font-size:.8rem;color:#6b7280}",
].join("");

/** The CSP source of {@link PAGE_STYLE}: browsers apply the <style> only if its text hashes to this. */
export const PAGE_STYLE_HASH = `sha256-${createHash("sha256").update(PAGE_STYLE, "utf8").digest("base64")}`;

/** Nothing but the inline style and data: images (no scripts, no framing, no forms). */
export const PAGE_CSP = `default-src 'none'; style-src '${PAGE_STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** What every public page answers with besides its status. */
export function pageHeaders(locale: Locale): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-language": locale,
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "x-robots-tag": "noindex, nofollow",
    "referrer-policy": "no-referrer",
    // A revocation must show at once: nothing keeps a copy.
    "cache-control": "no-store",
    vary: "Accept-Language",
  };
}

/** A page ready to send. */
export interface RenderedPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What every page needs besides its view. */
export interface PageContext {
  /** The translator of `locale` (string variables are escaped by it). */
  t: Translate;
  locale: Locale;
  /** The issuing community (config's issuer.communityName). */
  communityName: string;
  /** The zone dates are shown in (the community's, config's DEFAULT_TIMEZONE). */
  timeZone: string;
}

/** Languages that read Russian rather than English (as the bot's translator maps them). */
const RUSSIAN_READERS = new Set(["ru", "uk", "be", "kk"]);

/**
 * The page's language from an Accept-Language header: the supported language
 * with the highest q (ties: the one listed first); `q=0` means "not this";
 * Russian when nothing matches or the header is absent or malformed.
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return "ru";
  let best: { locale: Locale; q: number } | undefined;
  // A real header is a few dozen characters; a huge one is cut rather than parsed whole.
  for (const part of header.slice(0, 512).split(",")) {
    const [range = "", ...params] = part.split(";");
    const primary = range.trim().toLowerCase().split("-")[0] ?? "";
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*(\d+(?:\.\d*)?)\s*$/i.exec(param);
      if (m) q = Math.min(1, Number(m[1]));
      else if (/^\s*q\s*=/i.test(param)) q = 0;
    }
    const locale: Locale | undefined = primary === "en" ? "en" : RUSSIAN_READERS.has(primary) || primary === "*" ? "ru" : undefined;
    if (locale && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? "ru";
}

const KIND_KEYS: Record<DocumentKind, string> = {
  PUBLICATION: "certificates-page-kind-publication",
  PARTICIPATION: "certificates-page-kind-participation",
  SPEAKER: "certificates-page-kind-speaker",
  DIPLOMA: "certificates-page-kind-diploma",
  JURY: "certificates-page-kind-jury",
  PROTOCOL: "certificates-page-kind-protocol",
};

/** The name of a kind of document in the page's language (HTML-safe). */
export function kindName(t: Translate, kind: DocumentKind): string {
  return t(KIND_KEYS[kind]);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(date: Date, ctx: PageContext): string {
  const key = `${ctx.locale}|${ctx.timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(ctx.locale === "ru" ? "ru-RU" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: ctx.timeZone });
    dateFormats.set(key, format);
  }
  return escapeHtml(format.format(date));
}

/** One fact: label and (HTML-safe) value. */
function fact(label: string, valueHtml: string, className?: string): string {
  return `<div><dt>${label}</dt><dd${className ? ` class="${className}"` : ""}>${valueHtml}</dd></div>`;
}

function document(ctx: PageContext, title: string, content: string): string {
  return (
    `<!doctype html><html lang="${ctx.locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">` +
    // No favicon request (it would be a 404 in the console).
    `<link rel="icon" href="data:,">` +
    `<title>${title}</title><style>${PAGE_STYLE}</style></head><body>` +
    content +
    `<footer>${ctx.t("certificates-page-footer", { community: ctx.communityName })}</footer></body></html>`
  );
}

function page(ctx: PageContext, status: number, title: string, content: string): RenderedPage {
  return { status, headers: pageHeaders(ctx.locale), body: document(ctx, title, content) };
}

function banner(className: string, mark: string, heading: string, sub?: string): string {
  return (
    `<header class="status ${className}"><span class="mark" aria-hidden="true">${mark}</span>` +
    `<div><h1>${heading}</h1>${sub ? `<p class="sub">${sub}</p>` : ""}</div></header>`
  );
}

function holderHtml(ctx: PageContext, view: { holderName: string | null; nameMasked: boolean; holderErased?: boolean }): string {
  if (view.holderErased || view.holderName === null) return `<span class="muted">${ctx.t("certificates-page-holder-erased")}</span>`;
  const note = view.nameMasked ? `<span class="note">${ctx.t("certificates-page-name-masked")}</span>` : "";
  return escapeHtml(view.holderName) + note;
}

const CAUSE_KEYS: Record<RevokeCause, string> = {
  "material-unpublished": "certificates-page-cause-material-unpublished",
  "material-deleted": "certificates-page-cause-material-deleted",
  "checkin-annulled": "certificates-page-cause-checkin-annulled",
  replaced: "certificates-page-cause-replaced",
  admin: "certificates-page-cause-admin",
};

/** Why it was revoked: the cause in the page's language, then the moderator's or admin's own words, if any. */
function reasonFact(ctx: PageContext, view: VerificationView): string {
  const cause = view.revokedCause ? ctx.t(CAUSE_KEYS[view.revokedCause]) : "";
  const words = view.revokedReason ? escapeHtml(view.revokedReason) : "";
  if (!cause && !words) return "";
  const value = cause && words ? `${cause}<span class="note">«${words}»</span>` : cause || words;
  return fact(ctx.t("certificates-page-revoked-reason-label"), value);
}

/** A contest's documents: the contest, nomination and degree of a diploma; the jury role; a protocol's counts and confirmation. */
function contestFacts(ctx: PageContext, view: VerificationView): string[] {
  const { t } = ctx;
  const x = view.details;
  switch (x.kind) {
    case "DIPLOMA":
      return [
        fact(t("certificates-page-contest-label"), escapeHtml(x.contestTitle)),
        x.nomination ? fact(t("certificates-page-nomination-label"), escapeHtml(x.nomination)) : "",
        fact(t("certificates-page-result-label"), t("certificates-page-degree", { degree: x.degree, place: x.degree === "AUDIENCE" ? 0 : (x.place ?? 0) })),
      ];
    case "JURY":
      return [
        x.contestTitle !== view.title ? fact(t("certificates-page-contest-label"), escapeHtml(x.contestTitle)) : "",
        fact(t("certificates-page-role-label"), t("certificates-page-jury-role", { chair: x.chair ? "yes" : "no" })),
      ];
    case "PROTOCOL":
      return [
        x.contestTitle !== view.title ? fact(t("certificates-page-contest-label"), escapeHtml(x.contestTitle)) : "",
        fact(t("certificates-page-entries-label"), t("certificates-page-entries", { entries: x.entries, admitted: x.admitted, disqualified: x.disqualified })),
        fact(t("certificates-page-confirmed-label"), formatDate(new Date(x.confirmedAt), ctx)),
      ];
    default:
      return [];
  }
}

/** The verification page of one document: valid (green ✓) or revoked (red ✕, when, why, what replaced it). */
export function verificationPage(view: VerificationView, ctx: PageContext): RenderedPage {
  const { t } = ctx;
  const revoked = view.status === "revoked";
  const heading = revoked ? t("certificates-page-revoked") : t("certificates-page-valid");
  let revocation = "";
  if (revoked) {
    const rows = [
      view.revokedAt ? fact(t("certificates-page-revoked-at-label"), formatDate(view.revokedAt, ctx)) : "",
      reasonFact(ctx, view),
      view.replacedByNumber
        ? `<div><dd>${t("certificates-page-replaced-by", { number: trusted(`<span class="nw">${escapeHtml(view.replacedByNumber)}</span>`) })}</dd></div>`
        : "",
    ].join("");
    if (rows) revocation = `<section class="revocation"><dl>${rows}</dl></section>`;
  }
  const facts = [
    fact(t("certificates-page-kind-label"), kindName(t, view.kind)),
    fact(t("certificates-page-title-label"), escapeHtml(view.title)),
    ...contestFacts(ctx, view),
    fact(t("certificates-page-holder-label"), holderHtml(ctx, view)),
    fact(t("certificates-page-issued-label"), formatDate(view.issuedAt, ctx)),
    view.hours ? fact(t("certificates-page-hours-label"), t("certificates-page-hours", { hours: view.hours })) : "",
    fact(t("certificates-page-number-label"), escapeHtml(view.number)),
    view.sha256
      ? fact(t("certificates-page-sha256-label"), escapeHtml(view.sha256), "hash")
      : fact(t("certificates-page-sha256-label"), `<span class="muted">${t("certificates-page-sha256-pending")}</span>`),
  ].join("");
  const content =
    `<main>${banner(revoked ? "bad" : "ok", revoked ? "✕" : "✓", heading, t("certificates-page-issuer", { community: ctx.communityName }))}` +
    `${revocation}<dl>${facts}</dl>${view.sha256 ? `<p class="hint">${t("certificates-page-sha256-hint")}</p>` : ""}</main>`;
  return page(ctx, 200, `${heading} · ${escapeHtml(view.number)}`, content);
}

/** The public portfolio: the holder's name and their valid documents, each linking to its verification page. */
export function portfolioPage(view: PublicPortfolioView, ctx: PageContext): RenderedPage {
  const { t } = ctx;
  const named = view.holderName !== null;
  const heading = named ? escapeHtml(view.holderName!) : t("certificates-page-portfolio-anonymous");
  const sub = [named && view.nameMasked ? t("certificates-page-name-masked") : "", t("certificates-page-portfolio-count", { count: view.documents.length })]
    .filter(Boolean)
    .join(" · ");
  const items = view.documents.map((d) => {
    const meta = [kindName(t, d.kind), `№ ${escapeHtml(d.number)}`, formatDate(d.issuedAt, ctx), d.hours ? t("certificates-page-hours", { hours: d.hours }) : ""].filter(
      Boolean,
    );
    // Each fact stays on one line; the list wraps between them.
    const metaHtml = meta.map((m) => `<span class="nw">${m}</span>`).join(" · ");
    return `<li><a href="/v/${encodeURIComponent(d.code)}"><span class="doc">${escapeHtml(d.title)}</span><span class="meta">${metaHtml}</span></a></li>`;
  });
  const list = items.length ? `<ul>${items.join("")}</ul>` : `<p class="text">${t("certificates-page-portfolio-empty")}</p>`;
  const content = `<main>${banner("plain", "★", heading, sub)}${list}</main>`;
  return page(ctx, 200, `${t("certificates-page-portfolio")} · ${heading}`, content);
}

function messagePage(ctx: PageContext, status: number, headingKey: string, text: string): RenderedPage {
  const heading = ctx.t(headingKey);
  return page(ctx, status, heading, `<main>${banner("gray", "?", heading)}<p class="text">${text}</p></main>`);
}

/** The one page for every code or slug that is malformed, unknown or switched off: it tells nothing apart. */
export function notFoundPage(ctx: PageContext): RenderedPage {
  return messagePage(ctx, 404, "certificates-page-not-found", ctx.t("certificates-page-not-found-text"));
}

/** 429 with Retry-After. */
export function rateLimitedPage(ctx: PageContext, retryAfterSeconds: number): RenderedPage {
  const rendered = messagePage(ctx, 429, "certificates-page-rate-limited", ctx.t("certificates-page-rate-limited-text", { seconds: retryAfterSeconds }));
  rendered.headers["retry-after"] = String(retryAfterSeconds);
  return rendered;
}

/** 503 when the lookup failed (PostgreSQL down): a page in the reader's language rather than a bare 500. */
export function unavailablePage(ctx: PageContext): RenderedPage {
  const rendered = messagePage(ctx, 503, "certificates-page-unavailable", ctx.t("certificates-page-unavailable-text"));
  rendered.headers["retry-after"] = "60";
  return rendered;
}
