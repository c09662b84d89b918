/**
 * A contest's results protocol as a PDF (A4 portrait, as many pages as it
 * takes), drawn with pdfkit on the helpers of certificates.pdf.ts: the same
 * PT Serif / PT Sans subsets (never Helvetica), the same QR code, the same
 * handling of user text (`printableText`: characters the fonts lack, such as
 * emoji, are dropped; `fit`/`cut`: long text is cut with «…»). Pure: the caller
 * passes every value, names already resolved; no database, no Telegram.
 *
 * - Texts from locales/<lang>/contests-protocol.ftl through the `t` given (the
 *   community's language). Values are passed as TrustedHtml: the output is a
 *   PDF, so a title «<b> & …» prints as typed.
 * - Dates in the contest's zone, said once under the header.
 * - The results table of each nomination repeats its header (and the
 *   nomination's name, "continued") on every page it runs over; a row never
 *   splits across pages; an author's name and a title take at most two lines
 *   each and are cut with «…» beyond that, so nothing overflows its cell.
 * - Every page has «стр. N из M» and the protocol's number and code in its
 *   footer (pages are buffered and numbered at the end).
 * - Deterministic: the same input gives the same bytes (the PDF's dates are
 *   the issue date; see certificates.pdf.ts). The document's SHA-256 kept by
 *   the certificates slice can therefore be re-checked by rendering again.
 * - Size: 2,000 entries render in about a second, 70 to 100 pages, 400 KB (see
 *   test/unit/contests-protocol-pdf.test.ts).
 */
import type { Translate } from "../../bot/i18n.js";
import { trusted } from "../../shared/html.js";
import type { Locale } from "../../shared/locale.js";
import { canonicalTimeZone, utcOffsetLabel, wallTimeAt } from "../../shared/time.js";
import {
  ACCENT,
  drawPageFooters,
  drawQr,
  fit,
  formatDocumentDate,
  INK,
  measure,
  MUTED,
  newDocument,
  printableText,
  toBuffer,
  type FontName,
} from "../certificates/certificates.pdf.js";
import type { DocumentView } from "../certificates/certificates.types.js";

/** What the jury decided about an entry, as the table prints it. */
export type ProtocolDecision = "WINNER" | "PRIZE_WINNER" | "PARTICIPANT" | "DISQUALIFIED" | "REMOVED" | "NO_REVIEWS";

const DECISIONS: readonly ProtocolDecision[] = ["WINNER", "PRIZE_WINNER", "PARTICIPANT", "DISQUALIFIED", "REMOVED", "NO_REVIEWS"];

/** One row of a nomination's table. */
export interface ProtocolEntry {
  /** The anonymous code, «К-017». */
  code: string;
  /** The author's full name; null when they erased their data («участник удалил свои данные»). */
  author: string | null;
  title: string;
  /** The mean points per scored criterion, in the order of the scored criteria of `criteria` (null: no reviews). */
  means: ReadonlyArray<number | null>;
  /** The entry's score (null: no reviews, or disqualified). */
  score: number | null;
  /** 1, 2, 3 … among the nomination's admitted entries; null for none. */
  place: number | null;
  decision: ProtocolDecision;
}

export interface ProtocolNomination {
  title: string;
  /** In the order to print: by place, then the rest. */
  entries: readonly ProtocolEntry[];
}

export interface ProtocolCriterion {
  title: string;
  /** 0 for a pass/fail criterion. */
  maxPoints: number;
  weight: number;
  passFail: boolean;
  tieBreak: boolean;
}

/** The audience vote's result in one nomination: the entries with the most votes (several on a tie, none without votes). */
export interface ProtocolAudienceNomination {
  nomination: string;
  votes: number;
  winners: ReadonlyArray<{ code: string; author: string | null; title: string; votes: number }>;
}

/** Everything the protocol prints, as plain values. */
export interface ProtocolPdfInput {
  /** «ПР-2026-000003». */
  number: string;
  /** The verification code. */
  code: string;
  /** The full verification link the QR code carries. */
  verifyUrl: string;
  communityName: string;
  contestTitle: string;
  /** The contest's IANA zone: every date and time is printed there. */
  timezone: string;
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  judgingClosesAt: Date;
  confirmedAt: Date;
  /** The document's issue time: printed as the protocol's date, and the PDF's creation date. */
  issuedAt: Date;
  /** In the order to print (the chair first, say). */
  jury: ReadonlyArray<{ name: string | null; chair: boolean }>;
  /** `disqualified`: by the jury's authorship majority; `removed`: by the organisers (their reasons in `removals`). */
  counts: { received: number; withdrawn: number; admitted: number; disqualified: number; removed: number };
  /** Entries the organisers removed, by code, with the reason they gave. */
  removals: ReadonlyArray<{ code: string; reason: string }>;
  /** Reviews flagged as outliers for the chair. */
  outliers: number;
  /** The whole rubric, in order; the table has a column for each scored (not pass/fail) one. */
  criteria: readonly ProtocolCriterion[];
  nominations: readonly ProtocolNomination[];
  /** Absent when the contest held no audience vote. */
  audience?: { nominations: readonly ProtocolAudienceNomination[]; flagged: number };
  /** The chair who confirmed; null when they erased their data. */
  chairName: string | null;
}

// ---------------------------------------------------------------------------
// Page geometry

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 40;
const WIDTH = PAGE_W - 2 * MARGIN;
/** Content ends here; the footer lives below. */
const BOTTOM = PAGE_H - 52;
const LIGHT = "#e8edf4";
const STRIPE = "#f6f8fb";
const RULE = "#b8c2d0";

const TABLE_SIZE = 7.5;
const CELL_PAD = 2.5;

type Doc = PDFKit.PDFDocument;
type Vars = Record<string, string | number>;

interface Column {
  key: string;
  label: string;
  width: number;
  align: "left" | "center" | "right";
}

/** Renders the protocol: A4 portrait, numbered pages, the same bytes for the same input. */
export async function renderProtocolPdf(input: ProtocolPdfInput, translate: Translate, locale: Locale = "ru"): Promise<Buffer> {
  // Values go in as TrustedHtml: the output is a PDF, not Telegram HTML.
  const t = (key: string, vars?: Vars): string =>
    translate(key, vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? trusted(v) : v])));
  const zone = canonicalTimeZone(input.timezone) ?? "Europe/Moscow";
  const doc = newDocument("portrait", input.issuedAt, input.number, true, locale === "ru" ? "ru-RU" : "en-GB");
  const numberLocale = locale === "ru" ? "ru-RU" : "en-GB";
  const meanFormat = new Intl.NumberFormat(numberLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  const scoreFormat = new Intl.NumberFormat(numberLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
  const none = t("contests-protocol-no-value");
  const dateTime = (d: Date) => {
    const w = wallTimeAt(d.getTime(), zone);
    return `${formatDocumentDate(d, zone)} ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  };

  let y = MARGIN;
  /** Called after a page break (a table redraws its header there). */
  let onNewPage: (() => void) | undefined;
  const newPage = () => {
    doc.addPage();
    y = MARGIN;
    onNewPage?.();
  };
  const room = (height: number) => {
    if (y + height > BOTTOM) newPage();
  };
  /** A paragraph: wraps in the width, at most `maxLines` lines (the rest cut with «…»), moved to a new page if it does not fit. */
  const para = (
    font: FontName,
    size: number,
    color: string,
    part: string,
    build: (p: string) => string,
    options: { indent?: number; align?: "left" | "center"; gap?: number; maxLines?: number } = {},
  ) => {
    const x = MARGIN + (options.indent ?? 0);
    const width = WIDTH - (options.indent ?? 0);
    const lineHeight = measure(doc, font, size, "Ag", width);
    const f = fit(doc, { font, maxSize: size, minSize: size, width, maxHeight: lineHeight * (options.maxLines ?? 4) + 0.5 }, part, build);
    y += options.gap ?? 0;
    room(f.height);
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(f.text, x, y, { width, align: options.align ?? "left", height: f.height + 1 });
    y += f.height;
  };
  const line = (
    font: FontName,
    size: number,
    color: string,
    text: string,
    options: { indent?: number; align?: "left" | "center"; gap?: number; maxLines?: number } = {},
  ) => para(font, size, color, text, (p) => p, options);
  let sectionNo = 0;
  const section = (key: string, firstBlock: number) => {
    const heading = `${++sectionNo}. ${t(key)}`;
    // Keep a heading with the start of what follows it.
    room(30 + firstBlock);
    y += 14;
    doc.font("sansBold").fontSize(11.5).fillColor(ACCENT).text(heading, MARGIN, y, { width: WIDTH, lineBreak: false });
    y += 15;
    doc
      .lineWidth(0.5)
      .strokeColor(ACCENT)
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + WIDTH, y)
      .stroke();
    y += 5;
  };

  // ----------------------------------------------------------------- header
  const community = printableText(input.communityName) ?? none;
  line("sans", 9, MUTED, t("contests-protocol-community", { community }), { align: "center", maxLines: 2 });
  const contest = printableText(input.contestTitle) ?? none;
  para("serifBold", 15, ACCENT, contest, (p) => t("contests-protocol-title", { contest: p }), { align: "center", gap: 8, maxLines: 3 });
  y += 10;

  const qrSide = 86;
  const factsW = WIDTH - qrSide - 12;
  const top = y;
  const facts: [FontName, number, string, string][] = [
    ["sansBold", 10.5, INK, t("contests-protocol-number", { number: input.number, date: formatDocumentDate(input.issuedAt, zone) })],
    ["sans", 9.5, INK, t("contests-protocol-code", { code: input.code })],
    ["sans", 8.5, MUTED, t("contests-protocol-verify", { url: input.verifyUrl.replace(/^https?:\/\//, "") })],
    ["sans", 8.5, MUTED, t("contests-protocol-zone", { zone, offset: utcOffsetLabel(zone, input.confirmedAt) })],
  ];
  let fy = top + 6;
  for (const [font, size, color, text] of facts) {
    const f = fit(doc, { font, maxSize: size, minSize: size, width: factsW, maxHeight: measure(doc, font, size, "Ag", factsW) * 2 + 0.5 }, text, (p) => p);
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(f.text, MARGIN, fy, { width: factsW, height: f.height + 1 });
    fy += f.height + 3;
  }
  drawQr(doc, input.verifyUrl, MARGIN + WIDTH - qrSide + 6, top - 6, qrSide);
  y = Math.max(fy, top + qrSide - 6);

  // ----------------------------------------------------------------- dates
  section("contests-protocol-section-dates", 40);
  line("serif", 10, INK, t("contests-protocol-submission", { from: dateTime(input.submissionOpensAt), to: dateTime(input.submissionClosesAt) }));
  line("serif", 10, INK, t("contests-protocol-judging", { from: dateTime(input.submissionClosesAt), to: dateTime(input.judgingClosesAt) }), { gap: 2 });
  line("serif", 10, INK, t("contests-protocol-confirmed-on", { date: dateTime(input.confirmedAt) }), { gap: 2 });

  // ----------------------------------------------------------------- jury
  section("contests-protocol-section-jury", 14);
  if (input.jury.length === 0) line("serif", 10, MUTED, t("contests-protocol-jury-empty"));
  input.jury.forEach((j, i) => {
    const name = printableText(j.name) ?? t("contests-protocol-juror-erased");
    para("serif", 10, INK, name, (p) => t(j.chair ? "contests-protocol-juror-chair" : "contests-protocol-juror", { n: i + 1, name: p }), {
      gap: i === 0 ? 0 : 1,
      maxLines: 2,
    });
  });

  // ----------------------------------------------------------------- counts
  section("contests-protocol-section-entries", 56);
  const c = input.counts;
  line("serif", 10, INK, t("contests-protocol-received", { count: c.received }));
  line("serif", 10, INK, t("contests-protocol-withdrawn", { count: c.withdrawn }), { gap: 1 });
  line("serif", 10, INK, t("contests-protocol-admitted", { count: c.admitted }), { gap: 1 });
  line("serif", 10, INK, t("contests-protocol-disqualified", { count: c.disqualified }), { gap: 1 });
  if (c.removed > 0) line("serif", 10, INK, t("contests-protocol-removed", { count: c.removed }), { gap: 1 });
  for (const r of input.removals) {
    const reason = printableText(r.reason) ?? t("contests-protocol-no-value");
    para("serif", 9.5, MUTED, reason, (p) => t("contests-protocol-removal", { code: r.code, reason: p }), { indent: 12, gap: 1, maxLines: 3 });
  }
  line("serif", 10, INK, t("contests-protocol-outliers", { count: input.outliers }), { gap: 1, maxLines: 2 });

  // ----------------------------------------------------------------- rubric
  const scored: number[] = [];
  input.criteria.forEach((cr, i) => {
    if (!cr.passFail) scored.push(i);
  });
  /** «К1», «К2» … by position among all criteria, as the rubric numbers them. */
  const shortName = (i: number) => t("contests-protocol-criterion-short", { n: i + 1 });
  section("contests-protocol-section-rubric", 36);
  const rubricCols: Column[] = [
    { key: "n", label: t("contests-protocol-rubric-code"), width: 30, align: "center" },
    { key: "title", label: t("contests-protocol-rubric-criterion"), width: WIDTH - 30 - 70 - 50, align: "left" },
    { key: "max", label: t("contests-protocol-rubric-max"), width: 70, align: "center" },
    { key: "weight", label: t("contests-protocol-rubric-weight"), width: 50, align: "center" },
  ];
  const rubricHeader = () => drawHeader(doc, rubricCols, y, (h) => (y += h));
  rubricHeader();
  onNewPage = rubricHeader;
  input.criteria.forEach((cr, i) => {
    const notes = [cr.passFail ? t("contests-protocol-rubric-pass-fail-note") : "", cr.tieBreak ? t("contests-protocol-rubric-tie-break") : ""].filter(Boolean);
    const title = printableText(cr.title) ?? none;
    const cells: Cell[] = [
      { text: shortName(i), font: "sansBold" },
      { text: title, font: "sans", maxLines: 3, ...(notes.length ? { sub: `(${notes.join("; ")})` } : {}) },
      { text: cr.passFail ? t("contests-protocol-rubric-pass-fail") : String(cr.maxPoints), font: "sans", maxLines: 2 },
      { text: cr.passFail ? none : formatNumber(cr.weight, numberLocale), font: "sans" },
    ];
    drawRow(
      doc,
      rubricCols,
      cells,
      i,
      () => y,
      room,
      (h) => (y += h),
    );
  });
  onNewPage = undefined;

  // ----------------------------------------------------------------- results
  section("contests-protocol-section-results", 60);
  line("sans", 8, MUTED, t("contests-protocol-results-legend"), { maxLines: 4 });
  // The decision column fits its longest word on one line, in either language.
  doc.font("sansBold").fontSize(TABLE_SIZE);
  const decisionW = Math.ceil(Math.max(...DECISIONS.map((d) => doc.widthOfString(t("contests-protocol-decision", { decision: d }))))) + 2 * CELL_PAD + 2;
  const fixed = { code: 36, score: 32, place: 30, decision: Math.max(50, Math.min(110, decisionW)) };
  const fixedTotal = fixed.code + fixed.score + fixed.place + fixed.decision;
  const critW = scored.length === 0 ? 0 : Math.max(19, Math.min(24, (WIDTH - fixedTotal - 140) / scored.length));
  const resultCols: Column[] = [
    { key: "code", label: t("contests-protocol-col-code"), width: fixed.code, align: "center" },
    { key: "entry", label: t("contests-protocol-col-entry"), width: WIDTH - fixedTotal - critW * scored.length, align: "left" },
    ...scored.map((i): Column => ({ key: `c${i}`, label: shortName(i), width: critW, align: "center" })),
    { key: "score", label: t("contests-protocol-col-score"), width: fixed.score, align: "center" },
    { key: "place", label: t("contests-protocol-col-place"), width: fixed.place, align: "center" },
    { key: "decision", label: t("contests-protocol-col-decision"), width: fixed.decision, align: "left" },
  ];
  for (const nomination of input.nominations) {
    const name = printableText(nomination.title) ?? none;
    const heading = (continued: boolean) =>
      para("sansBold", 10, INK, name, (p) => t(continued ? "contests-protocol-nomination-continued" : "contests-protocol-nomination", { nomination: p }), {
        gap: continued ? 0 : 10,
        maxLines: 2,
      });
    // The heading, the table's header and the first row stay together.
    onNewPage = undefined;
    room(10 + 28 + 18 + 34);
    heading(false);
    y += 3;
    const header = () => drawHeader(doc, resultCols, y, (h) => (y += h));
    header();
    if (nomination.entries.length === 0) {
      line("serif", 9.5, MUTED, t("contests-protocol-nomination-empty"), { gap: 3 });
      continue;
    }
    onNewPage = () => {
      heading(true);
      y += 3;
      header();
    };
    nomination.entries.forEach((e, i) => {
      const author = printableText(e.author) ?? t("contests-protocol-author-erased");
      const cells: Cell[] = [
        { text: printableText(e.code) ?? none, font: "sansBold" },
        {
          text: author,
          font: e.author && printableText(e.author) ? "sansBold" : "sans",
          color: e.author ? INK : MUTED,
          maxLines: 2,
          sub: `«${printableText(e.title) ?? none}»`,
        },
        ...scored.map((_, k): Cell => {
          const v = e.means[k];
          return { text: v === null || v === undefined ? none : meanFormat.format(v), font: "sans" };
        }),
        { text: e.score === null ? none : scoreFormat.format(e.score), font: "sansBold" },
        { text: e.place === null ? none : String(e.place), font: "sansBold" },
        {
          text: t("contests-protocol-decision", { decision: e.decision }),
          font: e.decision === "WINNER" || e.decision === "PRIZE_WINNER" ? "sansBold" : "sans",
          maxLines: 2,
        },
      ];
      drawRow(
        doc,
        resultCols,
        cells,
        i,
        () => y,
        room,
        (h) => (y += h),
      );
    });
    onNewPage = undefined;
  }

  // ----------------------------------------------------------------- audience vote
  if (input.audience) {
    section("contests-protocol-section-audience", 40);
    line("serif", 9.5, MUTED, t("contests-protocol-audience-intro"), { maxLines: 3 });
    for (const a of input.audience.nominations) {
      // A nomination's heading, its count and its first winner stay together.
      room(56);
      const name = printableText(a.nomination) ?? none;
      para("sansBold", 10, INK, name, (p) => t("contests-protocol-nomination", { nomination: p }), { gap: 8, maxLines: 2 });
      line("serif", 9.5, INK, t("contests-protocol-audience-votes", { count: a.votes }), { gap: 2 });
      if (a.winners.length === 0) line("serif", 9.5, MUTED, t("contests-protocol-audience-none"), { gap: 1 });
      for (const w of a.winners) {
        const author = printableText(w.author) ?? t("contests-protocol-author-erased");
        const title = printableText(w.title) ?? none;
        para("serif", 9.5, INK, title, (p) => t("contests-protocol-audience-winner", { code: printableText(w.code) ?? none, author, title: p, votes: w.votes }), {
          gap: 1,
          indent: 12,
          maxLines: 3,
        });
      }
    }
    line("serif", 9.5, INK, t("contests-protocol-audience-flagged", { count: input.audience.flagged }), { gap: 8, maxLines: 2 });
  }

  // ----------------------------------------------------------------- confirmation
  section("contests-protocol-section-confirmation", 30);
  const chair = printableText(input.chairName);
  const confirmed = formatDocumentDate(input.confirmedAt, zone);
  if (chair) para("serif", 10.5, INK, chair, (p) => t("contests-protocol-confirmation", { name: p, date: confirmed }), { maxLines: 3 });
  else line("serif", 10.5, INK, t("contests-protocol-confirmation-erased", { date: confirmed }), { maxLines: 2 });
  line("sans", 8.5, MUTED, t("contests-protocol-verify", { url: input.verifyUrl.replace(/^https?:\/\//, "") }), { gap: 6, maxLines: 2 });

  // ----------------------------------------------------------------- footers
  const footer = t("contests-protocol-footer", { number: input.number, code: input.code });
  drawPageFooters(doc, { left: MARGIN, width: WIDTH, ruleY: PAGE_H - 40, textY: PAGE_H - 34 }, footer, (page, pages) => t("contests-protocol-page", { page, pages }));
  doc.flushPages();
  return toBuffer(doc);
}

/** What the contests slice reads from its tables for a protocol; the rest comes from the document. */
export type ProtocolFacts = Omit<ProtocolPdfInput, "number" | "code" | "verifyUrl" | "issuedAt" | "contestTitle" | "confirmedAt">;

/**
 * The renderer to register for PROTOCOL documents
 * (`certificates.registerRenderer("PROTOCOL", protocolRenderer({...}))`):
 * the number, code, issue date, contest title and confirmation time from the
 * document as issued, the rest from `facts(contestId)`.
 */
export function protocolRenderer(deps: {
  facts: (contestId: number) => Promise<ProtocolFacts>;
  verifyUrl: (code: string) => Promise<string>;
  translate: Translate;
  locale?: Locale;
}): (document: DocumentView) => Promise<Buffer> {
  return async (document) => {
    const d = document.details;
    if (d.kind !== "PROTOCOL") throw new Error(`document ${document.id} is not a protocol`);
    const [facts, verifyUrl] = await Promise.all([deps.facts(d.contestId), deps.verifyUrl(document.code)]);
    return renderProtocolPdf(
      {
        ...facts,
        number: document.number,
        code: document.code,
        verifyUrl,
        issuedAt: document.issuedAt,
        contestTitle: d.contestTitle,
        confirmedAt: new Date(d.confirmedAt),
      },
      deps.translate,
      deps.locale ?? "ru",
    );
  };
}

function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

// ---------------------------------------------------------------------------
// Tables

interface Cell {
  text: string;
  font: FontName;
  color?: string;
  /** Lines at most (the rest cut with «…»); 1 unless said. */
  maxLines?: number;
  /** A second part under the first, in the regular face, at most two lines (the work's title under its author). */
  sub?: string;
}

/** The header row: bold labels on a tinted band. */
function drawHeader(doc: Doc, columns: readonly Column[], y: number, advance: (height: number) => void): void {
  const size = 7;
  const height = Math.max(...columns.map((c) => measure(doc, "sansBold", size, c.label, c.width - 2 * CELL_PAD))) + 2 * CELL_PAD + 1;
  doc.rect(MARGIN, y, WIDTH, height).fill(LIGHT);
  let x = MARGIN;
  for (const c of columns) {
    doc
      .font("sansBold")
      .fontSize(size)
      .fillColor(ACCENT)
      .text(c.label, x + CELL_PAD, y + CELL_PAD + 0.5, { width: c.width - 2 * CELL_PAD, align: c.align, height: height - CELL_PAD });
    x += c.width;
  }
  doc
    .lineWidth(0.6)
    .strokeColor(ACCENT)
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + WIDTH, y + height)
    .stroke();
  advance(height);
}

interface FittedCell {
  main: { text: string; height: number };
  sub?: { text: string; height: number };
}

function fitCell(doc: Doc, cell: Cell, width: number): FittedCell {
  const w = width - 2 * CELL_PAD;
  const lineHeight = measure(doc, cell.font, TABLE_SIZE, "Ag", w);
  const main = fitLines(doc, cell.font, cell.text, w, lineHeight * (cell.maxLines ?? 1) + 0.5);
  if (cell.sub === undefined) return { main };
  const subLine = measure(doc, "sans", TABLE_SIZE, "Ag", w);
  return { main, sub: fitLines(doc, "sans", cell.sub, w, subLine * 2 + 0.5) };
}

/** `text` at the table's size in at most `maxHeight`: whole if it fits, else cut with «…»; a closing quote survives the cut. */
function fitLines(doc: Doc, font: FontName, text: string, width: number, maxHeight: number): { text: string; height: number } {
  const quoted = text.startsWith("«") && text.endsWith("»") && text.length >= 2;
  const part = quoted ? text.slice(1, -1) : text;
  const build = (p: string) => (quoted ? `«${p}»` : p);
  const f = fit(doc, { font, maxSize: TABLE_SIZE, minSize: TABLE_SIZE, width, maxHeight }, part, build);
  // A single word wider than the column is broken by pdfkit; still within the height budget measured above.
  return { text: f.text, height: f.height };
}

/** One body row: cells fitted, the row moved whole to a new page if it does not fit, striped, ruled. */
function drawRow(
  doc: Doc,
  columns: readonly Column[],
  cells: readonly Cell[],
  index: number,
  currentY: () => number,
  room: (height: number) => void,
  advance: (height: number) => void,
): void {
  const fitted = cells.map((cell, i) => fitCell(doc, cell, columns[i]!.width));
  const height = Math.max(...fitted.map((f) => f.main.height + (f.sub ? f.sub.height + 0.5 : 0))) + 2 * CELL_PAD;
  room(height);
  const y = currentY();
  if (index % 2 === 1) doc.rect(MARGIN, y, WIDTH, height).fill(STRIPE);
  let x = MARGIN;
  fitted.forEach((f, i) => {
    const col = columns[i]!;
    const cell = cells[i]!;
    const w = col.width - 2 * CELL_PAD;
    doc
      .font(cell.font)
      .fontSize(TABLE_SIZE)
      .fillColor(cell.color ?? INK)
      .text(f.main.text, x + CELL_PAD, y + CELL_PAD, { width: w, align: col.align, height: f.main.height + 1 });
    if (f.sub) {
      doc
        .font("sans")
        .fontSize(TABLE_SIZE)
        .fillColor(MUTED)
        .text(f.sub.text, x + CELL_PAD, y + CELL_PAD + f.main.height + 0.5, { width: w, align: col.align, height: f.sub.height + 1 });
    }
    x += col.width;
  });
  doc
    .lineWidth(0.3)
    .strokeColor(RULE)
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + WIDTH, y + height)
    .stroke();
  advance(height);
}
