/**
 * Event dates, times and durations as organisers type them. Pure functions:
 * the current instant and the time zone are always passed in, so a
 * conversation can take `now` from `conversation.external` and tests can fix
 * it. Reading dates and times is shared (shared/date-input.ts); this module
 * gives its refusals the events' locale keys and reads durations.
 */
import { parseDateTime, type DateTimeError, type ParseResult } from "../../shared/date-input.js";
import { foldWord, inputPattern, inputWords } from "../../shared/input-words.js";
import { EVENT_DURATION_MAX } from "./events.types.js";

/** Locale keys of the refusals of `parseEventDateTime`. */
export const EVENT_TIME_ERRORS = ["events-time-unparsed", "events-time-invalid", "events-time-past", "events-time-too-far", "events-timezone-unknown"] as const;
export type EventTimeError = (typeof EVENT_TIME_ERRORS)[number];

const EVENT_TIME_ERROR_KEYS: Record<DateTimeError, EventTimeError> = {
  unparsed: "events-time-unparsed",
  invalid: "events-time-invalid",
  past: "events-time-past",
  "too-far": "events-time-too-far",
  "unknown-zone": "events-timezone-unknown",
};

/** Locale keys of the refusals of `parseDuration`. */
export const EVENT_DURATION_ERRORS = ["events-duration-unparsed", "events-duration-invalid"] as const;
export type EventDurationError = (typeof EVENT_DURATION_ERRORS)[number];

/**
 * Reads the start of an event as an organiser types it, in the organiser's
 * zone (the forms `parseDateTime` reads). Refuses with a locale key:
 * unreadable, impossible (31.02, 25:00), past, over 2 years ahead, or an
 * unknown zone.
 */
export function parseEventDateTime(input: string, options: { timeZone: string; now: Date }): ParseResult<Date, EventTimeError> {
  const parsed = parseDateTime(input, options);
  return parsed.ok ? parsed : { ok: false, error: EVENT_TIME_ERROR_KEYS[parsed.error] };
}

// ---------------------------------------------------------------------------
// Durations

// The unit words are in locales/<locale>/input.ftl (shared/input-words.ts), read on first use.
let units: { hour: Set<string>; minute: Set<string>; halfHour: RegExp; hourAndHalf: RegExp; and: RegExp } | undefined;
function durationWords() {
  units ??= {
    hour: new Set(inputWords("input-unit-hour")),
    minute: new Set(inputWords("input-unit-minute")),
    halfHour: new RegExp(`^(?:${inputPattern("input-half-hour")})$`, "u"),
    hourAndHalf: new RegExp(`^(?:${inputPattern("input-hour-and-half")})$`, "u"),
    and: new RegExp(` (?:${inputPattern("input-and")}) `, "gu"),
  };
  return units;
}

/**
 * Minutes of an event's duration: "90", "90 мин", "1.5 ч", "1,5 часа", "1:30",
 * "2 часа", "1 ч 30 мин", "1h30m", "45 minutes", "полтора часа". A bare number
 * is minutes. Fractions are rounded to the minute. Refuses unreadable input
 * (`events-duration-unparsed`) and 0, negative or over 24 hours
 * (`events-duration-invalid`).
 */
export function parseDuration(input: string): ParseResult<number, EventDurationError> {
  if (typeof input !== "string" || input.length > 50) return { ok: false, error: "events-duration-unparsed" };
  const words = durationWords();
  let text = foldWord(input).trim().replace(/\.$/, "").replace(/\s+/g, " ");
  if (words.hourAndHalf.test(text)) return { ok: true, value: 90 };
  if (words.halfHour.test(text)) return { ok: true, value: 30 };

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
    const parts = text.replace(words.and, " ").match(/^(\d{1,5}(?:[.,]\d{1,3})?) ?(\p{L}+)(?: ?(\d{1,5}) ?(\p{L}+))?$/u);
    if (!parts) return { ok: false, error: "events-duration-unparsed" };
    const [, amount, unit, amount2, unit2] = parts;
    const value = Number(amount!.replace(",", "."));
    if (unit2 === undefined) {
      if (words.hour.has(unit!)) minutes = value * 60;
      else if (words.minute.has(unit!)) minutes = value;
    } else if (words.hour.has(unit!) && words.minute.has(unit2) && Number.isInteger(value)) {
      minutes = value * 60 + Number(amount2);
    }
    if (minutes === undefined) return { ok: false, error: "events-duration-unparsed" };
  }
  minutes = Math.round(minutes);
  if (negative || minutes < 1 || minutes > EVENT_DURATION_MAX) return { ok: false, error: "events-duration-invalid" };
  return { ok: true, value: minutes };
}
