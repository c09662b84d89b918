/**
 * Event dates, times and durations as organisers type them, and event times
 * as members read them. Pure functions: the current instant and the time zone
 * are always passed in, so a conversation can take `now` from
 * `conversation.external` and tests can fix it.
 *
 * Wall time → UTC uses Intl only. Where a zone's clocks jump, the choice is the
 * one RFC 5545 (§3.3.5) and Temporal's `disambiguation: "compatible"` make:
 * - a wall time that never happens (the spring-forward gap, e.g. 02:30 in
 *   Europe/Berlin on the last Sunday of March) is read with the offset in force
 *   before the gap, so it lands as far past the gap as it was into it (03:30);
 * - a wall time that happens twice (the autumn overlap) is the first one, still
 *   on summer time.
 * Either way `formatEventTime` shows the organiser the result before it is
 * saved, and `resolveWallTime` tells the caller which case applied.
 */
import { canonicalTimeZone, utcOffsetLabel } from "../../shared/time.js";

/** Locale keys of the refusals of `parseEventDateTime`. */
export const EVENT_TIME_ERRORS = [
  "events-time-unparsed",
  "events-time-invalid",
  "events-time-past",
  "events-time-too-far",
  "events-timezone-unknown",
] as const;
export type EventTimeError = (typeof EVENT_TIME_ERRORS)[number];

/** Locale keys of the refusals of `parseDuration`. */
export const EVENT_DURATION_ERRORS = ["events-duration-unparsed", "events-duration-invalid"] as const;
export type EventDurationError = (typeof EVENT_DURATION_ERRORS)[number];

export type ParseResult<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/** A calendar date and clock time as read on a wall clock in some zone (month 1–12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** How a wall time maps to instants in a zone. */
export type WallTimeKind = "exact" | "skipped" | "repeated";

/** Events further ahead than this are refused as a typo (2062 for 2026). */
const MAX_YEARS_AHEAD = 2;
/** Longest event; longer ones are several events. */
const MAX_DURATION_MINUTES = 24 * 60;
/** Anything longer is not a date; refusing early bounds the work on hostile input. */
const MAX_INPUT_LENGTH = 100;

const DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Wall time ↔ instant

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

function wallAt(instantMs: number, zone: string): Required<WallTime> {
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
  const w = wallAt(instantMs, zone);
  return wallMs(w.year, w.month, w.day, w.hour, w.minute, w.second) - Math.floor(instantMs / 1000) * 1000;
}

function daysInMonth(year: number, month: number): number {
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

// ---------------------------------------------------------------------------
// Words

const MONTHS: Record<string, number> = {};
const addWords = (table: Record<string, number>, value: number, words: string[]): void => {
  for (const word of words) table[word] = value;
};
addWords(MONTHS, 1, ["январь", "января", "янв", "january", "jan"]);
addWords(MONTHS, 2, ["февраль", "февраля", "фев", "февр", "february", "feb"]);
addWords(MONTHS, 3, ["март", "марта", "мар", "march", "mar"]);
addWords(MONTHS, 4, ["апрель", "апреля", "апр", "april", "apr"]);
addWords(MONTHS, 5, ["май", "мая", "may"]);
addWords(MONTHS, 6, ["июнь", "июня", "июн", "june", "jun"]);
addWords(MONTHS, 7, ["июль", "июля", "июл", "july", "jul"]);
addWords(MONTHS, 8, ["август", "августа", "авг", "august", "aug"]);
addWords(MONTHS, 9, ["сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"]);
addWords(MONTHS, 10, ["октябрь", "октября", "окт", "october", "oct"]);
addWords(MONTHS, 11, ["ноябрь", "ноября", "ноя", "нояб", "november", "nov"]);
addWords(MONTHS, 12, ["декабрь", "декабря", "дек", "december", "dec"]);

// Day of the week as Date#getUTCDay numbers it (0 = Sunday).
const WEEKDAYS: Record<string, number> = {};
addWords(WEEKDAYS, 1, ["понедельник", "пн", "пон", "monday", "mon"]);
addWords(WEEKDAYS, 2, ["вторник", "вт", "tuesday", "tue", "tues"]);
addWords(WEEKDAYS, 3, ["среда", "среду", "ср", "wednesday", "wed"]);
addWords(WEEKDAYS, 4, ["четверг", "чт", "thursday", "thu", "thur", "thurs"]);
addWords(WEEKDAYS, 5, ["пятница", "пятницу", "пт", "friday", "fri"]);
addWords(WEEKDAYS, 6, ["суббота", "субботу", "сб", "saturday", "sat"]);
addWords(WEEKDAYS, 0, ["воскресенье", "вс", "воскр", "sunday", "sun"]);

const RELATIVE_DAYS: Record<string, number> = {};
addWords(RELATIVE_DAYS, 0, ["сегодня", "today"]);
addWords(RELATIVE_DAYS, 1, ["завтра", "tomorrow"]);
addWords(RELATIVE_DAYS, 2, ["послезавтра"]);

/** Words that carry no meaning here: "в пятницу в 18:00", "25 декабря 2026 г.", "on Dec 25 at 18:00". */
const FILLERS = new Set(["в", "во", "at", "on", "the", "г", "год", "года", "-", "–", "—"]);

const MONTH_NAMES = {
  ru: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
} as const;

// ---------------------------------------------------------------------------
// Date and time parsing

type Token =
  | { kind: "time"; hour: number; minute: number }
  | { kind: "date"; day: number; month: number; year?: number }
  | { kind: "day"; day: number }
  | { kind: "year"; year: number }
  | { kind: "month"; month: number }
  | { kind: "relative"; days: number }
  | { kind: "weekday"; weekday: number };

type DateSpec =
  | { kind: "absolute"; day: number; month: number; year?: number }
  | { kind: "relative"; days: number }
  | { kind: "weekday"; weekday: number };

interface Reading {
  time: { hour: number; minute: number };
  date: DateSpec;
  /** A weekday written beside an explicit date ("пятница, 25 декабря"): it must agree. */
  weekdayCheck?: number;
}

function fullYear(digits: string): number {
  // "26" is 2026: a two-digit year is never meant as 1926 for an upcoming event.
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/** Every way one word of the input can be read; empty when it cannot be read at all. */
function readToken(word: string): Token[] {
  let m = /^(\d{1,2}):(\d{2})$/.exec(word);
  if (m) return [{ kind: "time", hour: Number(m[1]), minute: Number(m[2]) }];

  // "25.12" is a date, "18.00" a time; "10.12" could be either, so both readings are kept.
  m = /^(\d{1,2})([./-])(\d{1,2})$/.exec(word);
  if (m) {
    const readings: Token[] = [{ kind: "date", day: Number(m[1]), month: Number(m[3]) }];
    if (m[2] !== "/" && m[3]!.length === 2) readings.push({ kind: "time", hour: Number(m[1]), minute: Number(m[3]) });
    return readings;
  }
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(word);
  if (m) return [{ kind: "date", day: Number(m[1]), month: Number(m[3]), year: fullYear(m[4]!) }];
  m = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/.exec(word);
  if (m) return [{ kind: "date", day: Number(m[4]), month: Number(m[3]), year: Number(m[1]) }];
  if (/^\d{1,2}$/.test(word)) return [{ kind: "day", day: Number(word) }];
  if (/^\d{4}$/.test(word)) return [{ kind: "year", year: Number(word) }];

  const month = MONTHS[word];
  if (month !== undefined) return [{ kind: "month", month }];
  const weekday = WEEKDAYS[word];
  if (weekday !== undefined) return [{ kind: "weekday", weekday }];
  const days = RELATIVE_DAYS[word];
  if (days !== undefined) return [{ kind: "relative", days }];
  return [];
}

function words(input: string): string[] {
  return input
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/day after tomorrow/g, "послезавтра")
    .replace(/(\d)t(\d)/g, "$1 $2") // ISO 8601 "2026-12-25T18:00"
    .replace(/,/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/\.$/, "")) // "дек.", "г.", "25.12.2026."
    .filter((word) => word !== "" && !FILLERS.has(word));
}

/** The date part of a reading, from the tokens that are not the time; undefined when they do not form one. */
function readDate(tokens: Token[]): { date: DateSpec; weekdayCheck?: number } | undefined {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (tokens.length === 1 && first?.kind === "weekday") return { date: { kind: "weekday", weekday: first.weekday } };

  let weekdayCheck: number | undefined;
  let rest = tokens;
  if (first?.kind === "weekday") {
    weekdayCheck = first.weekday;
    rest = tokens.slice(1);
  } else if (last?.kind === "weekday") {
    weekdayCheck = last.weekday;
    rest = tokens.slice(0, -1);
  }
  const [a, b, c, ...more] = rest;
  if (!a || more.length > 0) return undefined;
  const withCheck = (date: DateSpec) => (weekdayCheck === undefined ? { date } : { date, weekdayCheck });

  if (!b) {
    if (a.kind === "date") return withCheck({ kind: "absolute", day: a.day, month: a.month, year: a.year });
    if (a.kind === "relative") return withCheck({ kind: "relative", days: a.days });
    return undefined;
  }
  if (c && c.kind !== "year") return undefined;
  const year = c?.year;
  // "25 декабря [2026]" and "Dec 25 [2026]".
  if (a.kind === "day" && b.kind === "month") return withCheck({ kind: "absolute", day: a.day, month: b.month, year });
  if (a.kind === "month" && b.kind === "day") return withCheck({ kind: "absolute", day: b.day, month: a.month, year });
  return undefined;
}

/** Every grammatical reading of the words, the preferred first. */
function readings(tokenOptions: Token[][]): Reading[] {
  const found: Array<{ reading: Reading; timeFirst: boolean }> = [];
  const combine = (index: number, chosen: Token[]): void => {
    if (index === tokenOptions.length) {
      const timeAt = chosen.flatMap((t, i) => (t.kind === "time" ? [i] : []));
      const at = timeAt[0];
      // One time, at either end: "25.12 18:00" or "18:00 25.12".
      if (timeAt.length !== 1 || at === undefined || (at !== 0 && at !== chosen.length - 1)) return;
      const time = chosen[at] as Extract<Token, { kind: "time" }>;
      const date = readDate(chosen.filter((_, i) => i !== at));
      if (!date) return;
      found.push({ reading: { time: { hour: time.hour, minute: time.minute }, ...date }, timeFirst: at === 0 });
      return;
    }
    for (const option of tokenOptions[index]!) combine(index + 1, [...chosen, option]);
  };
  combine(0, []);
  // "10.12 18.05" reads both ways (10 Dec at 18:05, or 18 May at 10:12): the
  // date-first reading wins, as Russian writes it. Array#sort is stable.
  return found.sort((a, b) => Number(a.timeFirst) - Number(b.timeFirst)).map((f) => f.reading);
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(wallMs(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: LocalDate): number {
  return new Date(wallMs(date.year, date.month, date.day)).getUTCDay();
}

/** The wall time a reading names, or undefined when it names an impossible date or time. */
function resolveReading(reading: Reading, zone: string, now: Date): WallTime | undefined {
  const { hour, minute } = reading.time;
  // 24:00 is refused too: "midnight at the end of the 25th" is a typo magnet.
  if (hour > 23 || minute > 59) return undefined;
  const today = wallAt(now.getTime(), zone);
  let date: LocalDate;
  switch (reading.date.kind) {
    case "absolute": {
      const { day, month } = reading.date;
      if (month < 1 || month > 12 || day < 1) return undefined;
      // A date without a year is the next such date: this year unless it has
      // already passed today (by date, not time: "25.12 18:00" typed on 25.12
      // at 19:00 is a mistake to refuse, not an event a year from now).
      const passed = month < today.month || (month === today.month && day < today.day);
      const year = reading.date.year ?? (passed ? today.year + 1 : today.year);
      if (year < 1 || year > 9999 || day > daysInMonth(year, month)) return undefined;
      date = { year, month, day };
      break;
    }
    case "relative":
      date = addDays(today, reading.date.days);
      break;
    case "weekday": {
      // The next such day, today if the time is still ahead.
      date = addDays(today, (reading.date.weekday - weekdayOf(today) + 7) % 7);
      if (wallTimeToUtc({ ...date, hour, minute }, zone).getTime() <= now.getTime()) date = addDays(date, 7);
      break;
    }
  }
  if (reading.weekdayCheck !== undefined && weekdayOf(date) !== reading.weekdayCheck) return undefined;
  return { ...date, hour, minute };
}

/**
 * Reads the start of an event as an organiser types it, in the organiser's
 * zone: "25.12 18:00", "25.12.2026 18.00", "2026-12-25 18:00", "18:00 25.12",
 * "25 декабря 18:00", "Dec 25 18:00", "завтра в 18:00", "в пятницу 18:00".
 * Day comes before month whatever the locale (the community writes dates that
 * way; guessing US order would silently move events); Russian and English
 * words are understood in either locale. Refuses (never throws on input) with
 * a locale key: unreadable, impossible (31.02, 25:00), past, over 2 years ahead,
 * or an unknown zone.
 */
export function parseEventDateTime(
  input: string,
  options: { timeZone: string; now: Date; locale?: "ru" | "en" },
): ParseResult<Date, EventTimeError> {
  const zone = canonicalTimeZone(options.timeZone);
  if (!zone) return { ok: false, error: "events-timezone-unknown" };
  const now = options.now;
  if (Number.isNaN(now.getTime())) throw new RangeError("parseEventDateTime: `now` is an invalid Date");
  if (typeof input !== "string" || input.length > MAX_INPUT_LENGTH) return { ok: false, error: "events-time-unparsed" };

  const list = words(input);
  if (list.length === 0 || list.length > 6) return { ok: false, error: "events-time-unparsed" };
  const tokenOptions = list.map(readToken);
  if (tokenOptions.some((options) => options.length === 0)) return { ok: false, error: "events-time-unparsed" };
  const candidates = readings(tokenOptions);
  if (candidates.length === 0) return { ok: false, error: "events-time-unparsed" };

  let wall: WallTime | undefined;
  for (const reading of candidates) {
    wall = resolveReading(reading, zone, now);
    if (wall) break;
  }
  if (!wall) return { ok: false, error: "events-time-invalid" };

  const value = wallTimeToUtc(wall, zone);
  if (value.getTime() <= now.getTime()) return { ok: false, error: "events-time-past" };
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (value.getTime() > limit.getTime()) return { ok: false, error: "events-time-too-far" };
  return { ok: true, value };
}

// ---------------------------------------------------------------------------
// Durations

const HOUR_UNITS = new Set(["ч", "час", "часа", "часов", "h", "hr", "hrs", "hour", "hours"]);
const MINUTE_UNITS = new Set(["м", "мин", "минута", "минуты", "минут", "m", "min", "mins", "minute", "minutes"]);

/**
 * Minutes of an event's duration: "90", "90 мин", "1.5 ч", "1,5 часа", "1:30",
 * "2 часа", "1 ч 30 мин", "1h30m", "45 minutes", "полтора часа". A bare number
 * is minutes. Fractions are rounded to the minute. Refuses unreadable input
 * (`events-duration-unparsed`) and 0, negative or over 24 hours
 * (`events-duration-invalid`).
 */
export function parseDuration(input: string): ParseResult<number, EventDurationError> {
  if (typeof input !== "string" || input.length > 50) return { ok: false, error: "events-duration-unparsed" };
  let text = input
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .trim()
    .replace(/\.$/, "")
    .replace(/\s+/g, " ");
  text = text.replace(/^полтора (часа|ч)$/, "90 мин").replace(/^полчаса$/, "30 мин");

  const negative = text.startsWith("-") || text.startsWith("−");
  if (negative) text = text.slice(1).trim();

  let minutes: number | undefined;
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (clock) {
    const m = Number(clock[2]);
    if (m > 59) return { ok: false, error: "events-duration-invalid" };
    minutes = Number(clock[1]) * 60 + m;
  } else if (/^\d{1,5}$/.test(text)) {
    minutes = Number(text);
  } else {
    // "1.5 ч", "1 ч 30 мин", "1h30m", "2 hours and 15 minutes": hours first, each unit once.
    const parts = text.replace(/ (и|and) /g, " ").match(/^(\d{1,5}(?:[.,]\d{1,3})?) ?([a-zа-я]+)(?: ?(\d{1,5}) ?([a-zа-я]+))?$/);
    if (!parts) return { ok: false, error: "events-duration-unparsed" };
    const [, amount, unit, amount2, unit2] = parts;
    const value = Number(amount!.replace(",", "."));
    if (unit2 === undefined) {
      if (HOUR_UNITS.has(unit!)) minutes = value * 60;
      else if (MINUTE_UNITS.has(unit!)) minutes = value;
    } else if (HOUR_UNITS.has(unit!) && MINUTE_UNITS.has(unit2) && Number.isInteger(value)) {
      minutes = value * 60 + Number(amount2);
    }
    if (minutes === undefined) return { ok: false, error: "events-duration-unparsed" };
  }
  minutes = Math.round(minutes);
  if (negative || minutes < 1 || minutes > MAX_DURATION_MINUTES) return { ok: false, error: "events-duration-invalid" };
  return { ok: true, value: minutes };
}

// ---------------------------------------------------------------------------
// Display

/**
 * "25 декабря 2026, 18:00 (Europe/Moscow, UTC+3)" in `timeZone` (usually the
 * viewer's). Built from numeric parts so the text does not depend on the ICU
 * version. An unknown zone falls back to UTC, which the label then says, so a
 * list never fails on one bad stored zone.
 */
export function formatEventTime(date: Date, timeZone: string, locale: "ru" | "en"): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("formatEventTime: invalid Date");
  const zone = canonicalTimeZone(timeZone) ?? "UTC";
  // ICU's "canonical" ids are the old names (Asia/Kolkata → Asia/Calcutta,
  // Europe/Kyiv → Europe/Kiev): show the member the name they chose.
  const given = timeZone.trim();
  const shown = zone === "UTC" || zone.toLowerCase() === given.toLowerCase() ? zone : given;
  const w = wallAt(date.getTime(), zone);
  const month = MONTH_NAMES[locale][w.month - 1];
  const hh = String(w.hour).padStart(2, "0");
  const mm = String(w.minute).padStart(2, "0");
  return `${w.day} ${month} ${w.year}, ${hh}:${mm} (${shown}, ${utcOffsetLabel(zone, date)})`;
}
