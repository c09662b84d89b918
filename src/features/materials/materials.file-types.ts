/**
 * The kinds of file teachers share, as an allow-list: each extension with the
 * MIME types Telegram clients report for it. A file is accepted only when its
 * extension is listed AND its MIME type is one that extension can have, so an
 * executable renamed to .pdf (MIME application/x-msdownload) and a PDF-looking
 * MIME on a .exe are both refused. Anything not listed (scripts, installers,
 * disk images, macro-enabled Office files, files without an extension) is
 * refused without having to be named.
 *
 * Names are checked after normalisation: zero-width characters are removed
 * (`evil.exe\u200B` is an .exe), and a name carrying bidirectional controls is
 * refused outright — they exist in a file name only to make the extension read
 * as something else (`invoice\u202Eexe.pdf` shows as «invoicefdp.exe», and the
 * classic `invoice\u202Efdp.exe` as «invoiceexe.pdf»).
 */

export type FileFamily = "document" | "presentation" | "spreadsheet" | "pdf" | "image" | "audio" | "video" | "archive";

const WORD = ["application/msword"];
const TEXT = ["text/plain"];
const OOXML = "application/vnd.openxmlformats-officedocument";
const ODF = "application/vnd.oasis.opendocument";

const GENERIC = "application/octet-stream";

/** Extension → family and the MIME types clients report for it (lower case, no parameters). */
export const FILE_TYPES: Readonly<Record<string, { family: FileFamily; mimes: readonly string[] }>> = {
  doc: { family: "document", mimes: WORD },
  docx: { family: "document", mimes: [`${OOXML}.wordprocessingml.document`] },
  odt: { family: "document", mimes: [`${ODF}.text`] },
  rtf: { family: "document", mimes: ["application/rtf", "text/rtf", "application/x-rtf"] },
  txt: { family: "document", mimes: TEXT },
  ppt: { family: "presentation", mimes: ["application/vnd.ms-powerpoint"] },
  pptx: { family: "presentation", mimes: [`${OOXML}.presentationml.presentation`] },
  odp: { family: "presentation", mimes: [`${ODF}.presentation`] },
  xls: { family: "spreadsheet", mimes: ["application/vnd.ms-excel"] },
  xlsx: { family: "spreadsheet", mimes: [`${OOXML}.spreadsheetml.sheet`] },
  ods: { family: "spreadsheet", mimes: [`${ODF}.spreadsheet`] },
  // Windows reports .csv as an Excel file; Android and macOS as text.
  csv: { family: "spreadsheet", mimes: ["text/csv", "text/x-csv", "text/comma-separated-values", "application/csv", "text/plain", "application/vnd.ms-excel"] },
  pdf: { family: "pdf", mimes: ["application/pdf"] },
  jpg: { family: "image", mimes: ["image/jpeg", "image/pjpeg", "image/jpg"] },
  jpeg: { family: "image", mimes: ["image/jpeg", "image/pjpeg", "image/jpg"] },
  png: { family: "image", mimes: ["image/png"] },
  gif: { family: "image", mimes: ["image/gif"] },
  webp: { family: "image", mimes: ["image/webp"] },
  mp3: { family: "audio", mimes: ["audio/mpeg", "audio/mp3"] },
  ogg: { family: "audio", mimes: ["audio/ogg", "audio/vorbis", "application/ogg"] },
  wav: { family: "audio", mimes: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"] },
  m4a: { family: "audio", mimes: ["audio/mp4", "audio/x-m4a", "audio/m4a"] },
  mp4: { family: "video", mimes: ["video/mp4"] },
  mov: { family: "video", mimes: ["video/quicktime"] },
  webm: { family: "video", mimes: ["video/webm"] },
  // Android clients often report archives as application/octet-stream; an archive's
  // MIME type says nothing about what is inside anyway, so the generic type is accepted here only.
  zip: { family: "archive", mimes: ["application/zip", "application/x-zip-compressed", "application/x-zip", GENERIC] },
  rar: { family: "archive", mimes: ["application/vnd.rar", "application/x-rar-compressed", "application/x-rar", GENERIC] },
  "7z": { family: "archive", mimes: ["application/x-7z-compressed", GENERIC] },
};

/** Office formats that carry macros: refused with their own explanation (save as .docx/.xlsx/.pptx). */
const MACRO_EXTENSIONS = new Set(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm"]);

/** Bidirectional embeddings, overrides, isolates and marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Zero-width and invisible characters that hide what a name ends with. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/gu;

export type FileNameProblem = "materials-file-name-hidden" | "materials-file-no-extension" | "materials-file-macros" | "materials-file-type";

/**
 * A file name as it will be checked and stored: NFC, no invisible characters,
 * no trailing dots or spaces (Windows drops them: "task.exe. " is saved as
 * "task.exe"). A name with bidirectional controls is refused.
 */
export function normaliseFileName(raw: string): { ok: true; name: string } | { ok: false; error: "materials-file-name-hidden" } {
  if (BIDI.test(raw)) return { ok: false, error: "materials-file-name-hidden" };
  const name = raw
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(/[.\s]+$/u, "")
    .trim();
  return { ok: true, name };
}

/** The MIME type without parameters, lower case ("Text/Plain; charset=utf-8" → "text/plain"). */
export function baseMime(mime: string | undefined): string | undefined {
  const base = mime?.split(";")[0]?.trim().toLowerCase();
  return base ? base : undefined;
}

/** The allowed type of a (normalised) name and MIME, or why it is refused. */
export function fileTypeOf(name: string, mime: string | undefined): { ok: true; extension: string; family: FileFamily } | { ok: false; error: FileNameProblem } {
  const match = /\.([^.\s]{1,10})$/u.exec(name);
  if (!match || match.index === 0) return { ok: false, error: "materials-file-no-extension" };
  const extension = match[1]!.toLowerCase();
  if (MACRO_EXTENSIONS.has(extension)) return { ok: false, error: "materials-file-macros" };
  const type = FILE_TYPES[extension];
  const base = baseMime(mime);
  if (!type || !base || !type.mimes.includes(base)) return { ok: false, error: "materials-file-type" };
  return { ok: true, extension, family: type.family };
}

/** MIME types of a family (for video and audio messages sent without a file name). */
export function mimesOf(family: FileFamily): Set<string> {
  return new Set(
    Object.values(FILE_TYPES)
      .filter((t) => t.family === family)
      .flatMap((t) => t.mimes),
  );
}
