/**
 * Time zones and wall-clock times. Pure functions: the instant and the zone
 * are always passed in, so a conversation can take `now` from
 * `conversation.external` and tests can fix it.
 *
 * Intl.DateTimeFormat objects are expensive to build (a large share of the
 * CPU per update when a keyboard lists twelve zones), so they are built once
 * per zone and kept.
 *
 * Wall time → UTC uses Intl only. Where a zone's clocks jump, the choice is the
 * one RFC 5545 (§3.3.5) and Temporal's `disambiguation: "compatible"` make:
 * - a wall time that never happens (the spring-forward gap, e.g. 02:30 in
 *   Europe/Berlin on the last Sunday of March) is read with the offset in force
 *   before the gap, so it lands as far past the gap as it was into it (03:30);
 * - a wall time that happens twice (the autumn overlap) is the first one, still
 *   on summer time.
 * Either way `formatZonedTime` shows the user the result before it is saved,
 * and `resolveWallTime` tells the caller which case applied.
 */
import type { Locale } from "./locale.js";

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const canonical = new Map<string, string | undefined>();

/** The canonical spelling of a zone typed in any letter case ("asia/omsk" → "Asia/Omsk"). */
export function canonicalTimeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (canonical.has(trimmed)) return canonical.get(trimmed);
  let result: string | undefined;
  if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(trimmed) || trimmed === "UTC") {
    try {
      result = new Intl.DateTimeFormat("en", { timeZone: trimmed }).resolvedOptions().timeZone;
    } catch {
      result = undefined;
    }
  }
  // Typed input is unbounded; cache only what resolves, and a bounded number of misses.
  if (result !== undefined || canonical.size < 10_000) canonical.set(trimmed, result);
  return result;
}

/** True when `zone` is an IANA time zone the runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  return zone === zone.trim() && canonicalTimeZone(zone) !== undefined;
}

/** "UTC+3", "UTC+5:30", "UTC" for the zone's offset at `at`. */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" });
    offsetFormats.set(zone, format);
  }
  const part = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  // ICU writes a zero offset as "GMT" or (newer versions) "GMT+0".
  if (!part || /^GMT(\+0)?$/.test(part)) return "UTC";
  return part.replace("GMT", "UTC");
}

// ---------------------------------------------------------------------------
// Wall time ↔ instant

/** A calendar date and clock time as read on a wall clock in some zone (month 1–12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** A calendar date (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** How a wall time maps to instants in a zone. */
export type WallTimeKind = "exact" | "skipped" | "repeated";

const DAY = 86_400_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone);
  if (!format) {
    // h23: some ICU versions write midnight as "24" with hour12: false.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormats.set(zone, format);
  }
  return format;
}

/** Milliseconds of a wall time read as if it were UTC; years below 100 are not shifted to 19xx. */
function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The wall time an instant shows in `zone` (a canonical zone id). */
export function wallTimeAt(instantMs: number, zone: string): Required<WallTime> {
  const parts = partsFormat(zone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instantMs: number, zone: string): number {
  const w = wallTimeAt(instantMs, zone);
  return wallMs(w.year, w.month, w.day, w.hour, w.minute, w.second) - Math.floor(instantMs / 1000) * 1000;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(wallMs(year, month + 1, 0)).getUTCDate();
}

function isValidWallTime(p: WallTime): boolean {
  const second = p.second ?? 0;
  return (
    [p.year, p.month, p.day, p.hour, p.minute, second].every(Number.isInteger) &&
    p.year >= 1 &&
    p.year <= 9999 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour >= 0 &&
    p.hour <= 23 &&
    p.minute >= 0 &&
    p.minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

function requireZone(timeZone: string): string {
  const zone = canonicalTimeZone(timeZone);
  if (!zone) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  return zone;
}

/**
 * The instant a wall time in `timeZone` denotes, and whether that wall time was
 * skipped or repeated by a clock change (see the module comment for the rule).
 * Throws RangeError for an impossible date/time or an unknown zone.
 */
export function resolveWallTime(parts: WallTime, timeZone: string): { instant: Date; kind: WallTimeKind } {
  const zone = requireZone(timeZone);
  if (!isValidWallTime(parts)) throw new RangeError(`Invalid wall time: ${JSON.stringify(parts)}`);
  const target = wallMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second ?? 0);
  // Offsets differ by at most a few hours around a transition, so the offsets a
  // day either side (and at the naive guess) include every offset that can apply.
  const before = offsetAt(target - DAY, zone);
  const offsets = new Set([before, offsetAt(target, zone), offsetAt(target + DAY, zone)]);
  const matches = [...offsets]
    .map((offset) => target - offset)
    .filter((instant) => offsetAt(instant, zone) === target - instant)
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first === undefined) return { instant: new Date(target - before), kind: "skipped" };
  return { instant: new Date(first), kind: matches.length > 1 ? "repeated" : "exact" };
}

/**
 * The UTC instant of a wall time in `timeZone`: a skipped time is moved forward
 * by the length of the gap, a repeated time is its first occurrence.
 */
export function wallTimeToUtc(parts: WallTime, timeZone: string): Date {
  return resolveWallTime(parts, timeZone).instant;
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(wallMs(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of the week of a date, as Date#getUTCDay numbers it (0 = Sunday). */
export function weekdayOf(date: LocalDate): number {
  return new Date(wallMs(date.year, date.month, date.day)).getUTCDay();
}

// ---------------------------------------------------------------------------
// Display

/**
 * Month names as a date says them ("25 декабря", "25 December"), from the
 * platform's CLDR data rather than a list of our own: asked with the day, ICU
 * gives the genitive Russian needs. Read once per language.
 */
const monthNames = new Map<Locale, readonly string[]>();
function monthName(locale: Locale, month: number): string {
  let names = monthNames.get(locale);
  if (!names) {
    const format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" });
    names = Array.from({ length: 12 }, (_, i) => format.formatToParts(Date.UTC(2000, i, 15)).find((p) => p.type === "month")!.value);
    monthNames.set(locale, names);
  }
  return names[month - 1]!;
}

/**
 * "25 декабря 2026, 18:00 (Europe/Moscow, UTC+3)" in `timeZone` (usually the
 * viewer's). Built from numeric parts and the month's name, so the layout does
 * not depend on the ICU version. An unknown zone falls back to UTC, which the label then says, so a
 * list never fails on one bad stored zone.
 */
export function formatZonedTime(date: Date, timeZone: string, locale: Locale): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("formatZonedTime: invalid Date");
  const zone = canonicalTimeZone(timeZone) ?? "UTC";
  // ICU's "canonical" ids are the old names (Asia/Kolkata → Asia/Calcutta,
  // Europe/Kyiv → Europe/Kiev): show the member the name they chose.
  const given = timeZone.trim();
  const shown = zone === "UTC" || zone.toLowerCase() === given.toLowerCase() ? zone : given;
  const w = wallTimeAt(date.getTime(), zone);
  const month = monthName(locale, w.month);
  const hh = String(w.hour).padStart(2, "0");
  const mm = String(w.minute).padStart(2, "0");
  return `${w.day} ${month} ${w.year}, ${hh}:${mm} (${shown}, ${utcOffsetLabel(zone, date)})`;
}
