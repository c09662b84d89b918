/**
 * The time an admin types for a scheduled broadcast (issue 9, item 7): what
 * `parseDateTime` (shared/date-input.ts) reads, and also exactly what the prompt's example
 * shows — the bot's own format, «2 декабря 2026, 22:26 (Europe/Moscow, UTC+3)» —
 * so the example can be copied back:
 *
 * - a trailing zone label in brackets: "(Europe/Moscow, UTC+3)", "(Asia/Omsk)",
 *   "(UTC+3)". A zone in it is the zone the time is read in (the member may
 *   copy a time shown in another zone); an offset must agree with that zone
 *   at that time, or the input is refused as invalid.
 * - a month name in any grammatical case, as every date parser of the bot
 *   reads it (locales/<locale>/input.ftl): "в декабре", "к декабрю", "декабрём".
 *
 * Refusals are shown with the events questionnaire's texts (the same parser,
 * the same advice).
 */
import { parseDateTime, type DateTimeError, type ParseResult } from "../../shared/date-input.js";
import { canonicalTimeZone, utcOffsetLabel } from "../../shared/time.js";

/** Locale keys of the refusals of `parseBroadcastTime`. */
export type BroadcastTimeError = "events-time-unparsed" | "events-time-invalid" | "events-time-past" | "events-time-too-far" | "events-timezone-unknown";

const ERROR_KEYS: Record<DateTimeError, BroadcastTimeError> = {
  unparsed: "events-time-unparsed",
  invalid: "events-time-invalid",
  past: "events-time-past",
  "too-far": "events-time-too-far",
  "unknown-zone": "events-timezone-unknown",
};

/** "UTC+3", "UTC+05:30", "GMT-4", "UTC": minutes east of UTC; undefined when it is not an offset. */
function readOffset(text: string): number | undefined {
  const m = /^(?:utc|gmt)(?:\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?)?$/i.exec(text.trim());
  if (!m) return undefined;
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "+" ? minutes : -minutes;
}

const offsetOfLabel = (label: string): number => readOffset(label) ?? 0;

/** Reads `input` in `timeZone` (or in the zone its label names). */
export function parseBroadcastTime(input: string, options: { timeZone: string; now: Date }): ParseResult<Date, BroadcastTimeError> {
  const parsed = readBroadcastTime(input, options);
  return parsed.ok ? parsed : { ok: false, error: ERROR_KEYS[parsed.error] };
}

function readBroadcastTime(input: string, options: { timeZone: string; now: Date }): ParseResult<Date, DateTimeError> {
  if (typeof input !== "string" || input.length > 200) return { ok: false, error: "unparsed" };
  let text = input.normalize("NFKC").trim();
  let zone = options.timeZone;
  let offset: number | undefined;

  const label = /\(([^()]*)\)\s*$/.exec(text);
  if (label) {
    text = text.slice(0, label.index).trim().replace(/,$/, "");
    for (const part of label[1]!
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const asOffset = readOffset(part);
      if (asOffset !== undefined) {
        if (offset !== undefined) return { ok: false, error: "unparsed" };
        offset = asOffset;
        continue;
      }
      const named = canonicalTimeZone(part);
      if (!named) return { ok: false, error: /\//.test(part) ? "unknown-zone" : "unparsed" };
      // Keep the spelling typed (ICU's canonical ids are old names: Europe/Kyiv → Europe/Kiev).
      zone = part;
    }
    if (zone === options.timeZone && offset !== undefined && !label[1]!.includes("/")) {
      // Only an offset: read the time at that fixed offset (Etc/GMT zones count the other way round).
      if (offset % 60 !== 0) return { ok: false, error: "unparsed" };
      const hours = -offset / 60;
      zone = hours === 0 ? "UTC" : `Etc/GMT${hours > 0 ? "+" : "-"}${Math.abs(hours)}`;
    }
  }

  const parsed = parseDateTime(text, { timeZone: zone, now: options.now });
  if (parsed.ok && offset !== undefined && offsetOfLabel(utcOffsetLabel(canonicalTimeZone(zone) ?? zone, parsed.value)) !== offset) {
    return { ok: false, error: "invalid" };
  }
  return parsed;
}
