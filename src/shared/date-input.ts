/**
 * Dates and times as people type them ("25.12 18:00", "завтра в 18:00",
 * "Dec 25 18:00"), read in the typist's zone. Pure functions: the current
 * instant and the zone are always passed in, so a conversation can take `now`
 * from `conversation.external` and tests can fix it. Wall time → UTC follows
 * the clock-change rule of shared/time.ts.
 */
import { foldWord, inputWords } from "./input-words.js";
import { addDays, canonicalTimeZone, daysInMonth, wallTimeAt, wallTimeToUtc, weekdayOf, type LocalDate, type WallTime } from "./time.js";

/** Why `parseDateTime` refused its input; callers turn these into their own locale keys. */
export type DateTimeError = "unparsed" | "invalid" | "past" | "too-far" | "unknown-zone";

export type ParseResult<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/** Times further ahead than this are refused as a typo (2062 for 2026). */
const MAX_YEARS_AHEAD = 2;
/** Anything longer is not a date; refusing early bounds the work on hostile input. */
const MAX_INPUT_LENGTH = 100;

// ---------------------------------------------------------------------------
// Words

// In locales/<locale>/input.ftl, every language at once (shared/input-words.ts).

interface Vocabulary {
  months: Map<string, number>;
  /** Day of the week as Date#getUTCDay numbers it (0 = Sunday). */
  weekdays: Map<string, number>;
  relativeDays: Map<string, number>;
  /** Words that carry no meaning here: "в пятницу в 18:00", "25 декабря 2026 г.", "on Dec 25 at 18:00". */
  fillers: Set<string>;
  /** Phrases of several words ("day after tomorrow"), longest first: read as one word. */
  phrases: { pattern: RegExp; word: string }[];
}

let vocabulary: Vocabulary | undefined;

function vocab(): Vocabulary {
  if (vocabulary) return vocabulary;
  const table = (keys: Array<[string, number]>) => new Map(keys.flatMap(([key, value]) => inputWords(key).map((w) => [w, value] as const)));
  const months = table(Array.from({ length: 12 }, (_, i) => [`input-month-${i + 1}`, i + 1]));
  const weekdays = table(Array.from({ length: 7 }, (_, i) => [`input-weekday-${i}`, i]));
  const relativeDays = table([
    ["input-today", 0],
    ["input-tomorrow", 1],
    ["input-day-after-tomorrow", 2],
  ]);
  const phrases = [...months.keys(), ...weekdays.keys(), ...relativeDays.keys()]
    .filter((w) => w.includes(" "))
    .sort((a, b) => b.length - a.length)
    .map((w) => ({ pattern: new RegExp(w.replace(/ /g, "\\s+"), "g"), word: w.replace(/ /g, "_") }));
  const joined = <V>(map: Map<string, V>) => new Map([...map].map(([w, v]) => [w.replace(/ /g, "_"), v]));
  vocabulary = {
    months: joined(months),
    weekdays: joined(weekdays),
    relativeDays: joined(relativeDays),
    fillers: new Set([...inputWords("input-date-fillers"), "-", "–", "—"]),
    phrases,
  };
  return vocabulary;
}

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

type DateSpec = { kind: "absolute"; day: number; month: number; year?: number } | { kind: "relative"; days: number } | { kind: "weekday"; weekday: number };

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

  const { months, weekdays, relativeDays } = vocab();
  const month = months.get(word);
  if (month !== undefined) return [{ kind: "month", month }];
  const weekday = weekdays.get(word);
  if (weekday !== undefined) return [{ kind: "weekday", weekday }];
  const days = relativeDays.get(word);
  if (days !== undefined) return [{ kind: "relative", days }];
  return [];
}

/** The input's words, folded; phrases joined into one word, fillers dropped. A trailing dot goes: "дек.", "г.", "25.12.2026.". */
function wordsOf(input: string): string[] {
  const { phrases, fillers } = vocab();
  let text = foldWord(input).replace(/(\d)t(\d)/g, "$1 $2"); // ISO 8601 "2026-12-25T18:00"
  for (const { pattern, word } of phrases) text = text.replace(pattern, word);
  return text
    .replace(/,/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/\.$/, ""))
    .filter((word) => word !== "" && !fillers.has(word));
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

/** The wall time a reading names, or undefined when it names an impossible date or time. */
function resolveReading(reading: Reading, zone: string, now: Date): WallTime | undefined {
  const { hour, minute } = reading.time;
  // 24:00 is refused too: "midnight at the end of the 25th" is a typo magnet.
  if (hour > 23 || minute > 59) return undefined;
  const today = wallTimeAt(now.getTime(), zone);
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
 * Reads a future date and time as a person types it, in their zone:
 * "25.12 18:00", "25.12.2026 18.00", "2026-12-25 18:00", "18:00 25.12",
 * "25 декабря 18:00", "Dec 25 18:00", "завтра в 18:00", "в пятницу 18:00".
 * Day comes before month whatever the locale (the community writes dates that
 * way; guessing US order would silently move events); Russian and English
 * words are understood in either locale. Refuses (never throws on input):
 * unreadable, impossible (31.02, 25:00), past, over 2 years ahead, or an
 * unknown zone.
 */
export function parseDateTime(input: string, options: { timeZone: string; now: Date }): ParseResult<Date, DateTimeError> {
  const zone = canonicalTimeZone(options.timeZone);
  if (!zone) return { ok: false, error: "unknown-zone" };
  const now = options.now;
  if (Number.isNaN(now.getTime())) throw new RangeError("parseDateTime: `now` is an invalid Date");
  if (typeof input !== "string" || input.length > MAX_INPUT_LENGTH) return { ok: false, error: "unparsed" };

  const list = wordsOf(input);
  if (list.length === 0 || list.length > 6) return { ok: false, error: "unparsed" };
  const tokenOptions = list.map(readToken);
  if (tokenOptions.some((options) => options.length === 0)) return { ok: false, error: "unparsed" };
  const candidates = readings(tokenOptions);
  if (candidates.length === 0) return { ok: false, error: "unparsed" };

  let wall: WallTime | undefined;
  for (const reading of candidates) {
    wall = resolveReading(reading, zone, now);
    if (wall) break;
  }
  if (!wall) return { ok: false, error: "invalid" };

  const value = wallTimeToUtc(wall, zone);
  if (value.getTime() <= now.getTime()) return { ok: false, error: "past" };
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (value.getTime() > limit.getTime()) return { ok: false, error: "too-far" };
  return { ok: true, value };
}
