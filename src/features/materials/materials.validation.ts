import type { Checked } from "../members/profile.validation.js";
import {
  DESCRIPTION_MAX,
  MAX_FILE_BYTES,
  TAG_MAX_LENGTH,
  TAGS_MAX,
  TITLE_MAX,
  TITLE_MIN,
  type AttachmentInput,
  type FileAttachment,
  type MaterialAttachment,
} from "./materials.types.js";
import { baseMime, fileTypeOf, mimesOf, normaliseFileName } from "./materials.file-types.js";

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: string): Checked<T> => ({ ok: false, error });
/** Control and format characters, except the zero-width joiner that emoji such as 👩‍🏫 are built with. */
const CONTROL = /(?!\u200D)[\p{Cc}\p{Cf}]/u;

function cleanLine(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

export function checkTitle(raw: string): Checked<string> {
  const value = cleanLine(raw);
  if (CONTROL.test(value)) return fail("validation-text-control");
  if (Array.from(value).length < TITLE_MIN) return fail("materials-title-short");
  if (Array.from(value).length > TITLE_MAX) return fail("materials-title-long");
  if (!/[\p{L}\p{N}]/u.test(value)) return fail("materials-title-letters");
  return ok(value);
}

/** Description keeps its line breaks; up to 2,000 characters. */
export function checkDescription(raw: string): Checked<string> {
  const value = raw
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/gu, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (CONTROL.test(value.replace(/\n/g, ""))) return fail("validation-text-control");
  if (Array.from(value).length > DESCRIPTION_MAX) return fail("materials-description-long");
  return ok(value);
}

/** Tags: separated by commas, spaces or #; lower-cased, unique, at most 10 of up to 40 characters. */
export function checkTags(raw: string): Checked<string[]> {
  const tags = [
    ...new Set(
      raw
        .split(/[,;#\s]+/u)
        .map((t) =>
          t
            .trim()
            .toLowerCase()
            .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""),
        )
        .filter(Boolean),
    ),
  ];
  if (tags.length > TAGS_MAX) return fail("materials-tags-many");
  if (tags.some((t) => Array.from(t).length > TAG_MAX_LENGTH || !/^[\p{L}\p{N}_-]+$/u.test(t))) return fail("materials-tags-bad");
  return ok(tags);
}

/**
 * Whether a file may be shared: its size, and its type by the allow-list in
 * materials.file-types.ts (extension and MIME type together, after the name is
 * normalised). The accepted attachment carries the normalised name.
 */
export function checkAttachment(input: AttachmentInput): Checked<MaterialAttachment> {
  if (input.kind === "LINK") {
    const url = checkUrl(input.url ?? "");
    return url.ok ? ok({ kind: "LINK", url: url.value }) : fail(url.error);
  }
  if (!input.fileId) return fail("materials-file-type");
  const a: FileAttachment = { ...input, kind: input.kind, fileId: input.fileId };
  if (a.fileSize !== undefined && a.fileSize > MAX_FILE_BYTES) return fail("materials-file-too-big");
  // Telegram re-encodes a photo as JPEG and gives it no name.
  if (a.kind === "PHOTO") return ok(a);
  if ((a.fileName?.length ?? 0) > 255 || (a.mimeType?.length ?? 0) > 127) return fail("materials-file-type");
  const family = a.kind === "VIDEO" ? "video" : a.kind === "AUDIO" ? "audio" : undefined;
  if (!a.fileName) {
    // Video and audio messages may come without a name: then their MIME type must be one of the kind's.
    const mime = baseMime(a.mimeType);
    if (family && mime && mimesOf(family).has(mime)) return ok(a);
    return fail(family ? "materials-file-type" : "materials-file-no-extension");
  }
  const name = normaliseFileName(a.fileName);
  if (!name.ok) return fail(name.error);
  const type = fileTypeOf(name.name, a.mimeType);
  if (!type.ok) return fail(type.error);
  if (family && type.family !== family) return fail("materials-file-type");
  return ok({ ...a, fileName: name.name });
}

/** http(s) links only, with a host; at most 2,048 characters. */
export function checkUrl(raw: string): Checked<string> {
  const value = raw.trim();
  try {
    const url = new URL(value);
    const host = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !host.test(url.hostname)) return fail("materials-link-bad");
    // The limit applies to what is stored: the percent-encoded form.
    const normalised = url.toString();
    return normalised.length <= 2048 ? ok(normalised) : fail("materials-link-bad");
  } catch {
    return fail("materials-link-bad");
  }
}
