/**
 * The `.ics` calendar file sent to registrants, built with the `ics` package
 * and then put right where `ics` 3.12 is not RFC 5545:
 * - it folds lines at 75 *characters*, not octets, so a line of Cyrillic
 *   reaches about 150 octets: the output is unfolded and folded again at 75
 *   octets, never inside a UTF-8 sequence or an escape such as `\,`;
 * - its ORGANIZER without an e-mail has no value at all (`ORGANIZER;CN="x"`)
 *   and it escapes quotes in parameters as `\"`, which RFC 5545 has no syntax
 *   for: the ORGANIZER line is written here instead (RFC 6868 caret encoding);
 * - it passes a lone CR and other control characters through: they are
 *   removed from the text before it gets there;
 * - DTSTAMP defaults to the current time: it is set from `updatedAt`, so the
 *   same event version always gives the same bytes.
 *
 * Times are written in UTC ("…Z"), which every client converts to its own
 * zone, so no VTIMEZONE is needed and nothing depends on the server's zone.
 */
import { createEvent, type EventAttributes } from "ics";
import { canonicalTimeZone } from "../../shared/time.js";

/** One event as a calendar file sees it. */
export interface IcsEvent {
  /** Stable for the life of the event, e.g. `event-42@bot.example.org`: calendar apps match updates by it. */
  uid: string;
  title: string;
  description?: string;
  /** The online link, written as URL and as LOCATION (many clients show only LOCATION). */
  url?: string;
  start: Date;
  durationMinutes: number;
  /** The organiser's zone. Validated but not written: the times are in UTC. */
  timeZone: string;
  organizerName?: string;
  /** The ORGANIZER address; `noreply@<domain of uid>` when absent. */
  organizerEmail?: string;
  /** Raise it on every change (time, title, cancellation) so calendar apps replace the old copy. */
  sequence: number;
  /** CANCEL also sets STATUS:CANCELLED; send it with the same uid and a higher sequence. */
  method?: "PUBLISH" | "CANCEL";
  /** When this version of the event was saved; written as DTSTAMP and LAST-MODIFIED. */
  updatedAt: Date;
}

const PRODUCT_ID = "-//Teachers Network Bot//Events//RU";
const MAX_LINE_OCTETS = 75;

/** RFC 5545 §3.1 forbids control characters other than HTAB in values; CR/LF become one newline. */
function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
      // A lone surrogate cannot be written as UTF-8.
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
  );
}

/** A parameter value: DQUOTE-wrapped, with RFC 6868 caret encoding for ^, newline and ". */
function paramValue(text: string): string {
  return `"${cleanText(text).replace(/\^/g, "^^").replace(/\n/g, "^n").replace(/"/g, "^'")}"`;
}

function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line so no physical line exceeds 75 octets (the leading
 * space of a continuation counts). Splits only between code points and never
 * between a backslash and the character it escapes.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let size = 0;
  let limit = MAX_LINE_OCTETS;
  const units = line.match(/\\.|[\s\S]/gu) ?? [];
  for (const unit of units) {
    let unitSize = 0;
    for (const char of unit) unitSize += octets(char.codePointAt(0)!);
    if (size + unitSize > limit) {
      lines.push(current);
      current = " ";
      size = 1;
      limit = MAX_LINE_OCTETS;
    }
    current += unit;
    size += unitSize;
  }
  lines.push(current);
  return lines.join("\r\n");
}

function domainOf(uid: string): string {
  return uid.slice(uid.lastIndexOf("@") + 1);
}

function validDate(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`buildIcs: ${name} is not a valid Date`);
  return ms;
}

/**
 * The text of an `.ics` file (CRLF line endings, folded at 75 octets) for one
 * event. Throws RangeError for input the service should never pass: an unsafe
 * uid, an empty title, a non-http(s) url, a bad duration or sequence.
 */
export function buildIcs(event: IcsEvent): string {
  // Printable ASCII without the TEXT specials keeps the UID identical in every client.
  if (!/^[A-Za-z0-9._~+-]+@[A-Za-z0-9.-]+$/.test(event.uid) || event.uid.length > 200) {
    throw new RangeError(`buildIcs: uid must look like "event-42@example.org", got ${JSON.stringify(event.uid)}`);
  }
  const title = cleanText(event.title).trim();
  if (!title) throw new RangeError("buildIcs: empty title");
  if (!Number.isInteger(event.durationMinutes) || event.durationMinutes < 1) {
    throw new RangeError(`buildIcs: durationMinutes must be a positive integer, got ${event.durationMinutes}`);
  }
  if (!Number.isInteger(event.sequence) || event.sequence < 0 || event.sequence > 2_147_483_647) {
    throw new RangeError(`buildIcs: sequence must be a non-negative integer, got ${event.sequence}`);
  }
  if (!canonicalTimeZone(event.timeZone)) throw new RangeError(`buildIcs: unknown time zone ${JSON.stringify(event.timeZone)}`);
  const url = event.url?.trim();
  if (url !== undefined && url !== "") {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !["http:", "https:"].includes(parsed.protocol) || /\s/.test(url)) {
      throw new RangeError(`buildIcs: url must be an http(s) URL, got ${JSON.stringify(url)}`);
    }
  }
  const start = validDate(event.start, "start");
  const updatedAt = validDate(event.updatedAt, "updatedAt");
  const method = event.method ?? "PUBLISH";
  const description = event.description === undefined ? "" : cleanText(event.description).trim();

  // `timestamp` (DTSTAMP) is accepted by ics's schema but missing from its types.
  const attributes: EventAttributes & { timestamp: number } = {
    productId: PRODUCT_ID,
    method,
    uid: event.uid,
    sequence: event.sequence,
    timestamp: updatedAt,
    lastModified: updatedAt,
    title,
    start,
    startInputType: "utc",
    startOutputType: "utc",
    end: start + event.durationMinutes * 60_000,
    endInputType: "utc",
    endOutputType: "utc",
    status: method === "CANCEL" ? "CANCELLED" : "CONFIRMED",
    ...(description ? { description } : {}),
    ...(url ? { url, location: url } : {}),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`buildIcs: the ics package refused the event: ${error?.message ?? "no output"}`);

  // ics folds with CRLF + TAB; unfold, add ORGANIZER, fold again by octets.
  const lines = value
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((line) => line !== "");
  if (event.organizerName !== undefined || event.organizerEmail !== undefined) {
    const email = event.organizerEmail?.trim() || `noreply@${domainOf(event.uid)}`;
    if (!/^[^\s@:;,"]+@[A-Za-z0-9.-]+$/.test(email)) throw new RangeError(`buildIcs: bad organizerEmail ${JSON.stringify(email)}`);
    const name = event.organizerName === undefined ? "" : cleanText(event.organizerName).trim();
    const organizer = `ORGANIZER${name ? `;CN=${paramValue(name)}` : ""}:mailto:${email}`;
    lines.splice(lines.lastIndexOf("END:VEVENT"), 0, organizer);
  }
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
