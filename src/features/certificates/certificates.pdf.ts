/**
 * The community's documents (A4 landscape, one page) and the attestation
 * portfolio (A4 portrait, as many pages as it takes) as PDF, drawn with
 * pdfkit. Pure: no database, no Telegram; the caller passes everything.
 *
 * - Russian only: the documents go to Russian education offices. The texts are
 *   in locales/ru/certificates-pdf.ftl and are read through the project's
 *   translator, built here once for "ru" from `localesDir()`; values are
 *   passed as TrustedHtml because the output is a PDF, not Telegram HTML (a
 *   title «<b>&» must print as typed, not as «&lt;b&gt;&amp;»).
 * - Fonts: only PT Serif (body) and PT Sans (labels, small print), the static
 *   TTFs of @expo-google-fonts, embedded as subsets with Unicode maps. The
 *   document is constructed with PT Serif as its default font, so pdfkit never
 *   opens its built-in Helvetica. Characters the fonts have no glyph for
 *   (emoji, most symbols) are dropped from user text rather than printed as
 *   empty boxes; a name left empty prints as «—».
 * - Hostile lengths: every user-supplied block has a height budget; its font
 *   shrinks step by step to a minimum and then the user's part (the name, the
 *   title) is cut with «…» until it fits, so a document is always one page.
 * - Deterministic: the same input gives the same bytes. pdfkit's dates are set
 *   from `issuedAt` (`generatedAt` for the portfolio); its file ID is a hash of
 *   the info dictionary and its subset tags derive from font ids, so nothing
 *   else varies. The stored sha256 of a document can therefore be re-checked by
 *   rendering it again.
 * - The QR code (error correction M) is drawn as vector rectangles, one filled
 *   path, runs of dark modules merged, with a four-module quiet zone.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { createTranslator } from "../../bot/i18n.js";
import { trusted } from "../../shared/html.js";
import { canonicalTimeZone, wallTimeAt } from "../../shared/time.js";
import type { DocumentKind, DocumentView, Issuer } from "./certificates.types.js";

/** Russian names the caller resolves from the catalogue (subject, grades, material type, event kind). */
export interface DocumentNames {
  subject?: string;
  /** Already joined, e.g. «5–9». */
  grades?: string;
  materialType?: string;
  /**
   * Not printed: the sentence needs the kind in the prepositional case («в
   * вебинаре», «на мастер-классе»), which it takes from details.eventKind and
   * locales (certificates-pdf-event-in-*). Kept so callers can pass one shape.
   */
  eventKind?: string;
}

/** What one document's PDF shows. */
export interface DocumentPdfInput {
  document: DocumentView;
  issuer: Issuer;
  /** The full verification link the QR code carries, e.g. https://example.org/v/ABCD2345EF. */
  verifyUrl: string;
  names: DocumentNames;
  /** The material's page in the library (publications only). */
  libraryUrl?: string;
}

/** One document in the portfolio, as plain values. */
export interface PortfolioLine {
  title: string;
  /** «У-2026-000123». */
  number: string;
  /** The verification code. */
  code: string;
  /** As printed, e.g. «12.03.2026» (see `formatDocumentDate`). */
  date?: string;
  /** Academic hours (participation). */
  hours?: number;
  /** The library link (publications). */
  url?: string;
  /** A short qualifier: «победитель (I место)», «председатель жюри», «номинация …». */
  note?: string;
}

/** The attestation portfolio: the holder's profile facts and their documents by section. */
export interface PortfolioPdfInput {
  /** Every field optional: a member shares what they chose to fill in. */
  holder: {
    name?: string;
    position?: string;
    school?: string;
    city?: string;
    /** As printed, e.g. «12 лет». */
    experience?: string;
    /** Already joined, e.g. «математика, информатика». */
    subjects?: string;
  };
  sections: {
    publications: PortfolioLine[];
    participation: PortfolioLine[];
    speaker: PortfolioLine[];
    diplomas: PortfolioLine[];
    jury: PortfolioLine[];
  };
  /** The sum of the participation hours, as the caller counted it (valid documents only). */
  totalHours: number;
  /** Printed, and the PDF's creation date (so a re-render is byte-identical). */
  generatedAt: Date;
  issuer: Issuer;
  /** Where codes are checked, printed in the footer, e.g. https://example.org/v/. */
  verifyBaseUrl: string;
}

// ---------------------------------------------------------------------------
// Fonts and texts

const require = createRequire(import.meta.url);

const FONT_FILES = {
  serif: "@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf",
  serifBold: "@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf",
  sans: "@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf",
  sansBold: "@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf",
} as const;
/** The four faces every PDF of the project uses (see the header comment). */
export type FontName = keyof typeof FONT_FILES;
const FONT_NAMES = Object.keys(FONT_FILES) as FontName[];

/**
 * The part of fontkit this module uses. fontkit is pdfkit's own font reader
 * (it ships no types); pdfkit ≥ 0.20 takes a parsed fontkit font wherever it
 * takes a font file.
 */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface Fontkit {
  create(buffer: Buffer): FontkitFont;
}

interface Resources {
  fontkit: Fontkit;
  files: Record<FontName, Buffer>;
  /** Parsed once, only to ask which characters they have: never given to pdfkit (see `newDocument`). */
  coverage: FontkitFont[];
  t: (key: string, vars?: Record<string, string | number>) => string;
}

let resources: Resources | undefined;

/** Fonts and texts, loaded on first use and then kept. */
function loadResources(): Resources {
  if (resources) return resources;
  const fontkit = require("fontkit") as Fontkit;
  const files = Object.fromEntries(FONT_NAMES.map((n) => [n, readFileSync(require.resolve(FONT_FILES[n]))])) as Record<FontName, Buffer>;
  const coverage = FONT_NAMES.map((n) => fontkit.create(files[n]));
  const translate = createTranslator({ defaultLocale: "ru" }).forLocale("ru");
  // Values go in as TrustedHtml: the output is a PDF, so nothing is HTML-escaped.
  const t = (key: string, vars?: Record<string, string | number>): string =>
    translate(key, vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? trusted(v) : v])));
  resources = { fontkit, files, coverage, t };
  return resources;
}

/**
 * User text as the fonts can print it: one line, NFC, control and format
 * characters and anything without a glyph in every PT face removed, spaces
 * collapsed. `undefined` when nothing is left.
 */
export function printableText(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const { coverage } = loadResources();
  let out = "";
  for (const ch of text.normalize("NFC").replace(/\s+/gu, " ")) {
    const cp = ch.codePointAt(0)!;
    if (ch === " " || (!/\p{C}/u.test(ch) && coverage.every((font) => font.hasGlyphForCodePoint(cp)))) out += ch;
  }
  out = out.replace(/ {2,}/g, " ").trim();
  return out === "" ? undefined : out;
}

/** dd.MM.yyyy of an instant in a zone (Europe/Moscow unless the event's zone applies). */
export function formatDocumentDate(date: Date, timeZone = "Europe/Moscow"): string {
  const { year, month, day } = wallTimeAt(date.getTime(), canonicalTimeZone(timeZone) ?? "Europe/Moscow");
  return `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.${year}`;
}

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

// ---------------------------------------------------------------------------
// Layout helpers

type Doc = PDFKit.PDFDocument;

/** The palette shared with the other PDFs built on these helpers (contests.protocol-pdf.ts). */
export const INK = "#1f2430";
export const MUTED = "#5a6170";
export const ACCENT = "#1f3a5f";

interface Block {
  font: FontName;
  size: number;
  text: string;
  color: string;
  /** Space before the block. */
  gap: number;
  lineGap: number;
  height: number;
}

export interface FitOptions {
  font: FontName;
  maxSize: number;
  minSize: number;
  width: number;
  maxHeight: number;
  lineGap?: number;
}

/** The height of `text` set in `font` at `size` in a column `width` wide. */
export function measure(doc: Doc, font: FontName, size: number, text: string, width: number, lineGap = 0): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text, { width, lineGap });
}

/** The first `length` characters (code points) of `text`, with «…» when cut. */
export function cut(text: string, length: number): string {
  const chars = [...text];
  return length >= chars.length ? text : `${chars.slice(0, length).join("").trimEnd()}…`;
}

/**
 * The largest size (step 0.5) at which `build(part)` fits the budget; at the
 * minimum size the variable part is cut with «…» (binary search on its length).
 */
export function fit(doc: Doc, options: FitOptions, part: string, build: (part: string) => string): { size: number; text: string; height: number } {
  const { font, maxSize, minSize, width, maxHeight, lineGap } = options;
  const whole = build(part);
  for (let size = maxSize; size >= minSize; size -= 0.5) {
    const text = whole;
    const height = measure(doc, font, size, text, width, lineGap);
    if (height <= maxHeight) return { size, text, height };
  }
  const length = [...part].length;
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(doc, font, minSize, build(cut(part, mid)), width, lineGap) <= maxHeight) lo = mid;
    else hi = mid - 1;
  }
  const text = build(cut(part, lo));
  return { size: minSize, text, height: measure(doc, font, minSize, text, width, lineGap) };
}

/**
 * A document with the four faces registered. Each document parses its own
 * copies of the fonts: a parsed fontkit font caches glyph objects with the
 * characters of the first lookup, and a glyph first met as a component of a
 * composite glyph in one document's subset (the dots of «:» are «.») would
 * then lose its Unicode mapping in every later document — the bytes would
 * depend on what the process had rendered before (test/unit/certificates-pdf
 * "history"). The price: parsing is about half the render time (13 ms a
 * document with shared fonts, 35 ms without, on an idle core).
 */
/**
 * Parsed fonts, shared by every document: parsing the TrueType tables is most
 * of a render's cost. What fontkit caches per glyph (a glyph object keeps the
 * characters it was first asked for, which pdfkit copies into the ToUnicode
 * map) is dropped before each document, so no document's text depends on what
 * an earlier one printed: the output stays the same bytes as with fresh fonts.
 */
let sharedFonts: Record<FontName, FontkitFont & { _glyphs: Record<number, unknown> }> | undefined;

function fontsForDocument(): Record<FontName, FontkitFont> {
  const { fontkit, files } = loadResources();
  sharedFonts ??= Object.fromEntries(FONT_NAMES.map((n) => [n, fontkit.create(files[n])])) as Record<FontName, FontkitFont & { _glyphs: Record<number, unknown> }>;
  for (const font of Object.values(sharedFonts)) font._glyphs = {};
  return sharedFonts;
}

/**
 * A new A4 document with the four faces registered and PT Serif as its
 * default font, its dates fixed to `date` (so the bytes depend on the input
 * only). `lang` is the document's language tag.
 */
export function newDocument(layout: "landscape" | "portrait", date: Date, title: string, bufferPages: boolean, lang = "ru-RU"): Doc {
  const fonts = fontsForDocument();
  // A parsed font where the types say a file name (see FontkitFont).
  const source = (name: FontName) => fonts[name] as unknown as string;
  const doc = new PDFDocument({
    size: "A4",
    layout,
    margin: 0,
    // The default font: without one pdfkit opens Helvetica at construction.
    font: source("serif"),
    bufferPages,
    lang,
    info: { Title: title, CreationDate: date, ModDate: date },
  });
  for (const name of FONT_NAMES) doc.registerFont(name, source(name));
  return doc;
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** Draws the QR code of `text` in a `side`-point square (quiet zone included) as one filled path. */
export function drawQr(doc: Doc, text: string, x: number, y: number, side: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 4;
  const module = side / (count + 2 * quiet);
  const ox = x + quiet * module;
  const oy = y + quiet * module;
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col++;
      doc.rect(ox + start * module, oy + row * module, (col - start) * module, module);
    }
  }
  doc.fillColor("#000000").fill("nonzero");
}

// ---------------------------------------------------------------------------
// Documents

const PAGE_W = 841.89;
const PAGE_H = 595.28;
const CONTENT_X = 72;
const CONTENT_W = PAGE_W - 2 * CONTENT_X;

/** A protocol is drawn by the contests slice (registered with CertificatesService.registerRenderer), never as a certificate. */
const PROTOCOL_ELSEWHERE = "a PROTOCOL document is rendered by its registered renderer, not as a certificate";

function subtitleOf(t: Resources["t"], document: DocumentView): string {
  const d = document.details;
  switch (d.kind) {
    case "DIPLOMA": {
      const place = d.place !== undefined ? (ROMAN[d.place] ?? String(d.place)) : undefined;
      if (d.degree === "AUDIENCE") return t("certificates-pdf-subtitle-diploma-audience");
      if (d.degree === "WINNER") return t("certificates-pdf-subtitle-diploma-winner", { place: place ?? "I" });
      if (d.degree === "PRIZE_WINNER") return place ? t("certificates-pdf-subtitle-diploma-prize", { place }) : t("certificates-pdf-subtitle-diploma-prize-no-place");
      return t("certificates-pdf-subtitle-diploma-participant");
    }
    case "JURY":
      return t(d.chair ? "certificates-pdf-subtitle-jury-chair" : "certificates-pdf-subtitle-jury-member");
    case "PROTOCOL":
      throw new Error(PROTOCOL_ELSEWHERE);
    case "PUBLICATION":
      return t("certificates-pdf-subtitle-PUBLICATION");
    case "PARTICIPATION":
    case "SPEAKER":
      return t(`certificates-pdf-subtitle-${d.kind}`);
  }
}

/** The sentence after the holder: a function of the (possibly cut) title so `fit` can shorten it. */
function bodyOf(t: Resources["t"], input: DocumentPdfInput, community: string): { part: string; build: (part: string) => string } {
  const { document } = input;
  const d = document.details;
  const title = printableText(document.title) ?? "—";
  switch (d.kind) {
    case "PUBLICATION":
      return { part: title, build: (p) => t("certificates-pdf-body-publication", { community, title: p }) };
    case "PARTICIPATION":
    case "SPEAKER": {
      const eventIn = t(`certificates-pdf-event-in-${d.eventKind}`);
      const date = formatDocumentDate(new Date(d.startsAt), d.timezone);
      if (d.kind === "SPEAKER") return { part: title, build: (p) => t("certificates-pdf-body-speaker", { eventIn, title: p, date }) };
      const hours = document.hours;
      return {
        part: title,
        build: (p) =>
          hours !== null && hours > 0
            ? t("certificates-pdf-body-participation-hours", { eventIn, title: p, date, hours })
            : t("certificates-pdf-body-participation", { eventIn, title: p, date }),
      };
    }
    case "DIPLOMA": {
      const contest = printableText(d.contestTitle) ?? "—";
      const nomination = printableText(d.nomination);
      const head = t("certificates-pdf-body-diploma", { degree: d.degree, contest });
      const nominationPart = nomination ? ` ${t("certificates-pdf-body-diploma-nomination", { nomination })}` : "";
      return { part: title, build: (p) => `${head}${nominationPart} ${t("certificates-pdf-body-diploma-work", { title: p })}` };
    }
    case "JURY": {
      const contest = printableText(d.contestTitle) ?? title;
      return { part: contest, build: (p) => t(d.chair ? "certificates-pdf-body-jury-chair" : "certificates-pdf-body-jury-member", { contest: p }) };
    }
    case "PROTOCOL":
      throw new Error(PROTOCOL_ELSEWHERE);
  }
}

/** An event's documents show dates in the organiser's zone (the issue date never before the event's); the rest Moscow's. */
function issueZone(document: DocumentView): string | undefined {
  const d = document.details;
  return d.kind === "PARTICIPATION" || d.kind === "SPEAKER" ? d.timezone : undefined;
}

function factsOf(t: Resources["t"], input: DocumentPdfInput): string[] {
  const d = input.document.details;
  const facts: string[] = [];
  const add = (key: string, value: string | undefined) => {
    const v = printableText(value);
    if (v) facts.push(t(key, { value: v }));
  };
  if (d.kind === "PUBLICATION") {
    add("certificates-pdf-fact-type", input.names.materialType);
    add("certificates-pdf-fact-subject", input.names.subject);
    add("certificates-pdf-fact-grades", input.names.grades);
    add("certificates-pdf-fact-published", formatDocumentDate(new Date(d.publishedAt)));
    add("certificates-pdf-fact-link", input.libraryUrl);
  }
  return facts;
}

/** Renders one document: A4 landscape, exactly one page, byte-identical for the same input. */
export async function renderDocumentPdf(input: DocumentPdfInput): Promise<Buffer> {
  const { t } = loadResources();
  const { document, issuer } = input;
  const kind: DocumentKind = document.kind;
  if (kind === "PROTOCOL") throw new Error(PROTOCOL_ELSEWHERE);
  const doc = newDocument("landscape", document.issuedAt, document.number, false);
  const community = printableText(issuer.communityName) ?? "—";

  // Frame: a thin double border.
  doc
    .lineWidth(1.6)
    .strokeColor(ACCENT)
    .rect(18, 18, PAGE_W - 36, PAGE_H - 36)
    .stroke();
  doc
    .lineWidth(0.6)
    .rect(25, 25, PAGE_W - 50, PAGE_H - 50)
    .stroke();

  // Community name, title, subtitle.
  const head = fit(doc, { font: "sans", maxSize: 12, minSize: 8, width: CONTENT_W, maxHeight: 16 }, community, (p) =>
    t("certificates-pdf-body-community", { community: p }),
  );
  doc.font("sans").fontSize(head.size).fillColor(MUTED).text(head.text, CONTENT_X, 48, { width: CONTENT_W, align: "center", lineBreak: false });
  doc
    .font("serifBold")
    .fontSize(38)
    .fillColor(ACCENT)
    .text(t(`certificates-pdf-title-${kind}`), CONTENT_X, 74, { width: CONTENT_W, align: "center", characterSpacing: 3 });
  doc.font("serif").fontSize(19).fillColor(ACCENT).text(subtitleOf(t, document), CONTENT_X, 122, { width: CONTENT_W, align: "center" });

  // The middle: intro, holder, position and school, the sentence, the facts;
  // each within a height budget (the sentence gets what the others leave),
  // centred vertically between the subtitle and the bottom row.
  const top = 162;
  const bottom = 428;
  // Narrower than the frame: a centred sentence reads better in shorter lines.
  const width = CONTENT_W - 80;
  const left = CONTENT_X + 40;
  const blocks: Block[] = [];
  const intro = t(`certificates-pdf-intro-${kind}`);
  blocks.push({ font: "serif", size: 14, text: intro, color: INK, gap: 0, lineGap: 0, height: measure(doc, "serif", 14, intro, width) });
  const name = printableText(document.holderName) ?? t("certificates-pdf-no-name");
  const nameFit = fit(doc, { font: "serifBold", maxSize: 30, minSize: 14, width, maxHeight: 76 }, name, (p) => p);
  blocks.push({ font: "serifBold", size: nameFit.size, text: nameFit.text, color: ACCENT, gap: 6, lineGap: 0, height: nameFit.height });
  const holderLine = [printableText(document.holderPosition), printableText(document.holderSchool)].filter(Boolean).join(", ");
  if (holderLine) {
    const f = fit(doc, { font: "serif", maxSize: 13, minSize: 9, width, maxHeight: 34 }, holderLine, (p) => p);
    blocks.push({ font: "serif", size: f.size, text: f.text, color: MUTED, gap: 4, lineGap: 0, height: f.height });
  }
  const facts = factsOf(t, input);
  const factBlocks = facts.map((text): Block => {
    const f = fit(doc, { font: "sans", maxSize: 10.5, minSize: 8, width, maxHeight: 14 }, text, (p) => p);
    return { font: "sans", size: f.size, text: f.text, color: MUTED, gap: 2, lineGap: 0, height: f.height };
  });
  if (factBlocks[0]) factBlocks[0].gap = 10;
  const used = blocks.reduce((s, b) => s + b.gap + b.height, 0) + factBlocks.reduce((s, b) => s + b.gap + b.height, 0);
  const body = bodyOf(t, input, community);
  const bodyFit = fit(doc, { font: "serif", maxSize: 15, minSize: 9, width, maxHeight: bottom - top - used - 10, lineGap: 2 }, body.part, body.build);
  blocks.push({ font: "serif", size: bodyFit.size, text: bodyFit.text, color: INK, gap: 10, lineGap: 2, height: bodyFit.height });
  blocks.push(...factBlocks);
  const total = blocks.reduce((s, b) => s + b.gap + b.height, 0);
  let y = top + Math.max(0, (bottom - top - total) / 2);
  for (const b of blocks) {
    y += b.gap;
    doc
      .font(b.font)
      .fontSize(b.size)
      .fillColor(b.color)
      // `height` only as a safety net: every block was measured to fit.
      .text(b.text, left, y, { width, align: "center", lineGap: b.lineGap, height: b.height + 2 });
    y += b.height;
  }

  // Bottom left: number and date.
  doc
    .font("sansBold")
    .fontSize(11)
    .fillColor(INK)
    .text(t("certificates-pdf-number", { number: document.number }), CONTENT_X, 470, { width: 220, lineBreak: false });
  doc
    .font("sans")
    .fontSize(10)
    .fillColor(MUTED)
    .text(t("certificates-pdf-issued", { date: formatDocumentDate(document.issuedAt, issueZone(document)) }), CONTENT_X, 488, { width: 220, lineBreak: false });

  // Bottom middle: the signer.
  const signX = 300;
  const signW = 300;
  const signerTitle = fit(doc, { font: "sans", maxSize: 10, minSize: 7, width: signW, maxHeight: 26 }, printableText(issuer.signerTitle) ?? "", (p) => p);
  doc
    .font("sans")
    .fontSize(signerTitle.size)
    .fillColor(MUTED)
    .text(signerTitle.text, signX, 500 - signerTitle.height, { width: signW, align: "left" });
  doc
    .lineWidth(0.6)
    .strokeColor(INK)
    .moveTo(signX, 526)
    .lineTo(signX + 130, 526)
    .stroke();
  const signer = fit(doc, { font: "serif", maxSize: 12, minSize: 8, width: signW - 140, maxHeight: 16 }, printableText(issuer.signerName) ?? "", (p) => p);
  doc
    .font("serif")
    .fontSize(signer.size)
    .fillColor(INK)
    .text(signer.text, signX + 140, 526 - signer.height + 2, { width: signW - 140, lineBreak: false });

  // Bottom right: the QR code, the short link and the code.
  const qrSide = 96;
  const qrX = PAGE_W - CONTENT_X - qrSide + 12;
  const qrY = 428;
  drawQr(doc, input.verifyUrl, qrX, qrY, qrSide);
  const shortUrl = input.verifyUrl.replace(/^https?:\/\//, "");
  const urlW = 150;
  const urlX = qrX + qrSide / 2 - urlW / 2;
  const url = fit(doc, { font: "sans", maxSize: 7.5, minSize: 6, width: urlW, maxHeight: 10 }, shortUrl, (p) => p);
  doc
    .font("sans")
    .fontSize(url.size)
    .fillColor(MUTED)
    .text(url.text, urlX, qrY + qrSide - 2, { width: urlW, align: "center", lineBreak: false });
  doc
    .font("sansBold")
    .fontSize(9)
    .fillColor(INK)
    .text(t("certificates-pdf-code", { code: document.code }), urlX - 20, qrY + qrSide + 9, { width: urlW + 40, align: "center", lineBreak: false });

  return toBuffer(doc);
}

// ---------------------------------------------------------------------------
// Portfolio

const P_W = 595.28;
const P_H = 841.89;
const P_MARGIN = 56;
const P_WIDTH = P_W - 2 * P_MARGIN;
const P_BOTTOM = P_H - 64;

/** Renders the attestation portfolio: A4 portrait, page numbers in the footer, byte-identical for the same input. */
export async function renderPortfolioPdf(input: PortfolioPdfInput): Promise<Buffer> {
  const { t } = loadResources();
  const doc = newDocument("portrait", input.generatedAt, t("certificates-pdf-portfolio-title"), true);
  const community = printableText(input.issuer.communityName) ?? "—";
  let y = P_MARGIN;

  const write = (font: FontName, size: number, text: string, color: string, options: { align?: "left" | "center"; indent?: number; gap?: number } = {}) => {
    const x = P_MARGIN + (options.indent ?? 0);
    const width = P_WIDTH - (options.indent ?? 0);
    const f = fit(doc, { font, maxSize: size, minSize: size, width, maxHeight: size * 6 }, text, (p) => p);
    y += options.gap ?? 0;
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(f.text, x, y, { width, align: options.align ?? "left" });
    y += f.height;
  };
  const room = (height: number) => {
    if (y + height > P_BOTTOM) {
      doc.addPage();
      y = P_MARGIN;
    }
  };

  write("serifBold", 22, t("certificates-pdf-portfolio-title"), ACCENT, { align: "center" });
  write("sans", 10.5, t("certificates-pdf-portfolio-subtitle", { community }), MUTED, { align: "center", gap: 4 });
  const h = input.holder;
  write("serifBold", 18, printableText(h.name) ?? t("certificates-pdf-no-name"), INK, { align: "center", gap: 18 });
  const facts: [string, string | undefined][] = [
    ["certificates-pdf-portfolio-position", h.position],
    ["certificates-pdf-portfolio-school", h.school],
    ["certificates-pdf-portfolio-city", h.city],
    ["certificates-pdf-portfolio-experience", h.experience],
    ["certificates-pdf-portfolio-subjects", h.subjects],
  ];
  let first = true;
  for (const [key, value] of facts) {
    const v = printableText(value);
    if (!v) continue;
    write("serif", 11, t(key, { value: v }), INK, { align: "center", gap: first ? 8 : 2 });
    first = false;
  }
  y += 10;

  const sections: [string, PortfolioLine[], boolean][] = [
    ["certificates-pdf-portfolio-section-publications", input.sections.publications, false],
    ["certificates-pdf-portfolio-section-participation", input.sections.participation, true],
    ["certificates-pdf-portfolio-section-speaker", input.sections.speaker, false],
    ["certificates-pdf-portfolio-section-diplomas", input.sections.diplomas, false],
    ["certificates-pdf-portfolio-section-jury", input.sections.jury, false],
  ];
  sections.forEach(([key, lines, withHours], index) => {
    const heading = `${index + 1}. ${t(key)}`;
    const headingHeight = measure(doc, "sansBold", 13, heading, P_WIDTH) + 16;
    const entries = lines.map((line, i) => {
      const meta = [
        t("certificates-pdf-number", { number: line.number }),
        line.date,
        line.hours !== undefined ? t("certificates-pdf-hours", { hours: line.hours }) : undefined,
        printableText(line.note),
        t("certificates-pdf-code", { code: line.code }),
      ]
        .filter(Boolean)
        .join(" · ");
      const url = printableText(line.url);
      const titleFit = fit(
        doc,
        { font: "serif", maxSize: 11, minSize: 11, width: P_WIDTH - 12, maxHeight: 44 },
        printableText(line.title) ?? "—",
        (p) => `${i + 1}. ${p}`,
      );
      const metaHeight = measure(doc, "sans", 9, meta, P_WIDTH - 24);
      const urlHeight = url ? measure(doc, "sans", 8.5, url, P_WIDTH - 24) : 0;
      return { titleFit, meta, url, height: titleFit.height + 2 + metaHeight + urlHeight + 8 };
    });
    // Keep a heading with its first entry.
    room(headingHeight + (entries[0]?.height ?? 20));
    y += 16;
    doc.font("sansBold").fontSize(13).fillColor(ACCENT).text(heading, P_MARGIN, y, { width: P_WIDTH });
    y += headingHeight - 16;
    doc
      .lineWidth(0.5)
      .strokeColor(ACCENT)
      .moveTo(P_MARGIN, y + 1)
      .lineTo(P_MARGIN + P_WIDTH, y + 1)
      .stroke();
    y += 6;
    if (entries.length === 0) write("serif", 10.5, t("certificates-pdf-portfolio-empty"), MUTED, { indent: 12 });
    for (const e of entries) {
      room(e.height);
      doc
        .font("serif")
        .fontSize(11)
        .fillColor(INK)
        .text(e.titleFit.text, P_MARGIN + 12, y, { width: P_WIDTH - 12 });
      y += e.titleFit.height + 2;
      doc
        .font("sans")
        .fontSize(9)
        .fillColor(MUTED)
        .text(e.meta, P_MARGIN + 24, y, { width: P_WIDTH - 24 });
      y += measure(doc, "sans", 9, e.meta, P_WIDTH - 24);
      if (e.url) {
        doc
          .font("sans")
          .fontSize(8.5)
          .fillColor(ACCENT)
          .text(e.url, P_MARGIN + 24, y, { width: P_WIDTH - 24 });
        y += measure(doc, "sans", 8.5, e.url, P_WIDTH - 24);
      }
      y += 8;
    }
    if (withHours) {
      room(20);
      write("sansBold", 11, t("certificates-pdf-portfolio-total-hours", { hours: input.totalHours }), INK, { indent: 12, gap: 2 });
    }
  });

  const signer = [printableText(input.issuer.signerTitle), printableText(input.issuer.signerName)].filter(Boolean).join(" ");
  if (signer) {
    room(40);
    write("serif", 10.5, signer, INK, { gap: 20 });
  }

  // Footer on every page: generation date and where to verify, page x of n.
  const generated = t("certificates-pdf-portfolio-generated", { date: formatDocumentDate(input.generatedAt), url: input.verifyBaseUrl.replace(/^https?:\/\//, "") });
  drawPageFooters(doc, { left: P_MARGIN, width: P_WIDTH, ruleY: P_H - 52, textY: P_H - 46 }, generated, (page, pages) =>
    t("certificates-pdf-portfolio-page", { page, pages }),
  );
  doc.flushPages();
  return toBuffer(doc);
}

/**
 * Every buffered page's footer: a rule, `text` shrunk to one line on the left,
 * «page N of M» on the right (documents of several pages: the portfolio, the
 * contest protocol). Call before flushPages().
 */
export function drawPageFooters(
  doc: PDFKit.PDFDocument,
  at: { left: number; width: number; ruleY: number; textY: number },
  text: string,
  pageLabel: (page: number, pages: number) => string,
): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .lineWidth(0.4)
      .strokeColor(MUTED)
      .moveTo(at.left, at.ruleY)
      .lineTo(at.left + at.width, at.ruleY)
      .stroke();
    const label = pageLabel(i + 1, range.count);
    doc.font("sans").fontSize(8).fillColor(MUTED);
    const labelWidth = doc.widthOfString(label);
    const g = fit(doc, { font: "sans", maxSize: 8, minSize: 6.5, width: at.width - labelWidth - 16, maxHeight: 11 }, text, (p) => p);
    doc
      .font("sans")
      .fontSize(g.size)
      .text(g.text, at.left, at.textY, { width: at.width - labelWidth - 16, lineBreak: false });
    doc
      .font("sans")
      .fontSize(8)
      .text(label, at.left + at.width - labelWidth, at.textY, { lineBreak: false });
  }
}
