import { describe, expect, it } from "vitest";
import {
  formatEventTime,
  parseDuration,
  parseEventDateTime,
  resolveWallTime,
  wallTimeToUtc,
} from "../../src/features/events/events.time.js";

// Wednesday 10 June 2026, 12:00 in Moscow.
const NOW = new Date("2026-06-10T09:00:00Z");
const MOSCOW = "Europe/Moscow";

function parse(input: string, timeZone = MOSCOW, now = NOW): string {
  const result = parseEventDateTime(input, { timeZone, now });
  return result.ok ? result.value.toISOString() : result.error;
}

describe("parseEventDateTime: accepted forms (Europe/Moscow, UTC+3)", () => {
  it.each([
    // Numeric dates, every separator, year in four, two or no digits.
    ["25.12 18:00", "2026-12-25T15:00:00.000Z"],
    ["25.12.2026 18:00", "2026-12-25T15:00:00.000Z"],
    ["25.12.26 18:00", "2026-12-25T15:00:00.000Z"],
    ["25/12/2026 18:00", "2026-12-25T15:00:00.000Z"],
    ["25-12-2026 18:00", "2026-12-25T15:00:00.000Z"],
    ["25/12 18:00", "2026-12-25T15:00:00.000Z"],
    ["5.7 9:05", "2026-07-05T06:05:00.000Z"],
    ["2026-12-25 18:00", "2026-12-25T15:00:00.000Z"],
    ["2026-12-25T18:00", "2026-12-25T15:00:00.000Z"],
    ["2026/12/25 18:00", "2026-12-25T15:00:00.000Z"],
    // Time first, and the time separators.
    ["18:00 25.12", "2026-12-25T15:00:00.000Z"],
    ["25.12 18.00", "2026-12-25T15:00:00.000Z"],
    ["25.12 18-00", "2026-12-25T15:00:00.000Z"],
    ["18.00 25.12", "2026-12-25T15:00:00.000Z"],
    ["25.12 9:05", "2026-12-25T06:05:00.000Z"],
    ["25.12 09:05", "2026-12-25T06:05:00.000Z"],
    ["25.12 00:00", "2026-12-24T21:00:00.000Z"],
    // Month names, Russian (genitive, nominative, abbreviated) and English.
    ["25 декабря 18:00", "2026-12-25T15:00:00.000Z"],
    ["25 дек 18:00", "2026-12-25T15:00:00.000Z"],
    ["25 дек. 18:00", "2026-12-25T15:00:00.000Z"],
    ["25 Декабря 2026 г. в 18:00", "2026-12-25T15:00:00.000Z"],
    ["25 декабря 2026 года, 18:00", "2026-12-25T15:00:00.000Z"],
    ["1 мая 10:00", "2027-05-01T07:00:00.000Z"],
    ["18:00 25 декабря", "2026-12-25T15:00:00.000Z"],
    ["25 Dec 18:00", "2026-12-25T15:00:00.000Z"],
    ["Dec 25 18:00", "2026-12-25T15:00:00.000Z"],
    ["Dec 25, 2026 18:00", "2026-12-25T15:00:00.000Z"],
    ["December 25 at 18:00", "2026-12-25T15:00:00.000Z"],
    ["on 25 December 2026 at 18:00", "2026-12-25T15:00:00.000Z"],
    // Relative days.
    ["сегодня 18:00", "2026-06-10T15:00:00.000Z"],
    ["сегодня в 18:00", "2026-06-10T15:00:00.000Z"],
    ["завтра 18:00", "2026-06-11T15:00:00.000Z"],
    ["Завтра в 9:05", "2026-06-11T06:05:00.000Z"],
    ["послезавтра 18:00", "2026-06-12T15:00:00.000Z"],
    ["today 18:00", "2026-06-10T15:00:00.000Z"],
    ["tomorrow at 18:00", "2026-06-11T15:00:00.000Z"],
    ["18:00 завтра", "2026-06-11T15:00:00.000Z"],
    // Weekdays: the next such day.
    ["в пятницу 18:00", "2026-06-12T15:00:00.000Z"],
    ["пятница 18:00", "2026-06-12T15:00:00.000Z"],
    ["пт 18:00", "2026-06-12T15:00:00.000Z"],
    ["friday 18:00", "2026-06-12T15:00:00.000Z"],
    ["во вторник в 10:00", "2026-06-16T07:00:00.000Z"],
    ["Mon 10:00", "2026-06-15T07:00:00.000Z"],
    // A weekday beside a date, as pasted from an announcement, is checked and accepted.
    ["пятница, 12 июня, 18:00", "2026-06-12T15:00:00.000Z"],
    ["Fri 12.06 18:00", "2026-06-12T15:00:00.000Z"],
    // Forgiving about spacing, letter case, ё, a final full stop and full-width digits.
    ["  25.12   18:00 ", "2026-12-25T15:00:00.000Z"],
    ["25.12.2026 18:00.", "2026-12-25T15:00:00.000Z"],
    ["\u00a025.12\u00a018:00", "2026-12-25T15:00:00.000Z"],
    ["２５.１２ １８:００", "2026-12-25T15:00:00.000Z"],
  ])("%j → %s", (input, expected) => {
    expect(parse(input)).toBe(expected);
  });

  it("accepts the zone in any letter case", () => {
    expect(parse("25.12 18:00", "europe/moscow")).toBe("2026-12-25T15:00:00.000Z");
  });

  it("reads an ambiguous pair of dotted numbers with the date first, as Russian writes it", () => {
    // 10.12 could be 10:12 and 18.05 could be 18 May; both readings are valid.
    expect(parse("10.12 18.05")).toBe("2026-12-10T15:05:00.000Z");
    // Only one reading is valid: 25.12 cannot be a time.
    expect(parse("18.05 25.12")).toBe("2026-12-25T15:05:00.000Z");
  });
});

describe("parseEventDateTime: which day and year", () => {
  it("rolls a date without a year that has passed over to next year", () => {
    const december = new Date("2026-12-20T09:00:00Z");
    expect(parse("05.01 10:00", MOSCOW, december)).toBe("2027-01-05T07:00:00.000Z");
    expect(parse("5 января 10:00", MOSCOW, december)).toBe("2027-01-05T07:00:00.000Z");
    expect(parse("25.12 10:00", MOSCOW, december)).toBe("2026-12-25T07:00:00.000Z");
  });

  it("refuses today's date at a passed time instead of moving it a year ahead", () => {
    expect(parse("10.06 11:00")).toBe("events-time-past");
    expect(parse("10.06 13:00")).toBe("2026-06-10T10:00:00.000Z");
  });

  it("uses the organiser's date, not the UTC date, for 'today' and for the year rollover", () => {
    // 22:30 UTC on 10 June is already 01:30 on 11 June in Moscow.
    const lateUtc = new Date("2026-06-10T22:30:00Z");
    expect(parse("сегодня 18:00", MOSCOW, lateUtc)).toBe("2026-06-11T15:00:00.000Z");
    expect(parse("завтра 18:00", MOSCOW, lateUtc)).toBe("2026-06-12T15:00:00.000Z");
    expect(parse("сегодня 18:00", "UTC", lateUtc)).toBe("events-time-past");
    // New Year's Eve in UTC, already 1 January in Vladivostok: 01.01 is today there, not next year.
    const newYear = new Date("2026-12-31T20:00:00Z");
    expect(parse("01.01 12:00", "Asia/Vladivostok", newYear)).toBe("2027-01-01T02:00:00.000Z");
  });

  it("takes today for a weekday while its time is still ahead, else the same day next week", () => {
    // NOW is Wednesday 12:00 in Moscow.
    expect(parse("в среду 18:00")).toBe("2026-06-10T15:00:00.000Z");
    expect(parse("в среду 11:00")).toBe("2026-06-17T08:00:00.000Z");
    expect(parse("wednesday 12:00")).toBe("2026-06-17T09:00:00.000Z");
  });

  it("gives different instants for 'завтра 18:00' in Moscow, Vladivostok and Kaliningrad", () => {
    expect(parse("завтра 18:00", "Europe/Moscow")).toBe("2026-06-11T15:00:00.000Z");
    expect(parse("завтра 18:00", "Asia/Vladivostok")).toBe("2026-06-11T08:00:00.000Z"); // UTC+10
    expect(parse("завтра 18:00", "Europe/Kaliningrad")).toBe("2026-06-11T16:00:00.000Z"); // UTC+2
  });

  it("shows a member in Vladivostok the local time of an event an organiser set in Kaliningrad", () => {
    const created = parseEventDateTime("25.12 18:00", { timeZone: "Europe/Kaliningrad", now: NOW });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.toISOString()).toBe("2026-12-25T16:00:00.000Z");
    expect(formatEventTime(created.value, "Europe/Kaliningrad", "ru")).toBe("25 декабря 2026, 18:00 (Europe/Kaliningrad, UTC+2)");
    // Eight hours ahead of Kaliningrad: already the next day.
    expect(formatEventTime(created.value, "Asia/Vladivostok", "ru")).toBe("26 декабря 2026, 02:00 (Asia/Vladivostok, UTC+10)");
    expect(formatEventTime(created.value, "Asia/Vladivostok", "en")).toBe("26 December 2026, 02:00 (Asia/Vladivostok, UTC+10)");
  });
});

describe("daylight saving time (Europe/Berlin, 2026)", () => {
  const BERLIN = "Europe/Berlin";
  const MARCH = new Date("2026-03-01T12:00:00Z");

  it("converts ordinary winter and summer times with their own offsets", () => {
    expect(wallTimeToUtc({ year: 2026, month: 1, day: 15, hour: 18, minute: 0 }, BERLIN).toISOString()).toBe("2026-01-15T17:00:00.000Z");
    expect(wallTimeToUtc({ year: 2026, month: 7, day: 15, hour: 18, minute: 0 }, BERLIN).toISOString()).toBe("2026-07-15T16:00:00.000Z");
  });

  it("moves a time in the spring gap forward by the gap: 29 March 02:30 is 03:30 CEST", () => {
    const resolved = resolveWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, BERLIN);
    expect(resolved).toEqual({ instant: new Date("2026-03-29T01:30:00Z"), kind: "skipped" });
    expect(parse("29.03 02:30", BERLIN, MARCH)).toBe("2026-03-29T01:30:00.000Z");
    // The organiser sees the shifted time in the summary before confirming.
    expect(formatEventTime(resolved.instant, BERLIN, "en")).toBe("29 March 2026, 03:30 (Europe/Berlin, UTC+2)");
  });

  it("treats the edges of the gap exactly", () => {
    expect(resolveWallTime({ year: 2026, month: 3, day: 29, hour: 1, minute: 59 }, BERLIN)).toEqual({
      instant: new Date("2026-03-29T00:59:00Z"),
      kind: "exact",
    });
    expect(resolveWallTime({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 }, BERLIN)).toEqual({
      instant: new Date("2026-03-29T01:00:00Z"),
      kind: "exact",
    });
  });

  it("takes the first (summer-time) occurrence of a time in the autumn overlap: 25 October 02:30", () => {
    const resolved = resolveWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, BERLIN);
    expect(resolved).toEqual({ instant: new Date("2026-10-25T00:30:00Z"), kind: "repeated" });
    expect(parse("25.10 02:30", BERLIN, MARCH)).toBe("2026-10-25T00:30:00.000Z");
    expect(formatEventTime(resolved.instant, BERLIN, "ru")).toBe("25 октября 2026, 02:30 (Europe/Berlin, UTC+2)");
    // An hour later the clock reads 02:30 again, on winter time.
    expect(formatEventTime(new Date("2026-10-25T01:30:00Z"), BERLIN, "ru")).toBe("25 октября 2026, 02:30 (Europe/Berlin, UTC+1)");
    expect(resolveWallTime({ year: 2026, month: 10, day: 25, hour: 3, minute: 0 }, BERLIN).kind).toBe("exact");
  });

  it("handles a half-hour DST shift and a gap at midnight the same way", () => {
    // Lord Howe Island falls back 30 minutes from 02:00 to 01:30 (UTC+11 → UTC+10:30).
    expect(resolveWallTime({ year: 2026, month: 4, day: 5, hour: 1, minute: 45 }, "Australia/Lord_Howe")).toEqual({
      instant: new Date("2026-04-04T14:45:00Z"),
      kind: "repeated",
    });
    // São Paulo's last DST began at midnight: 00:30 on 4 Nov 2018 did not exist.
    expect(resolveWallTime({ year: 2018, month: 11, day: 4, hour: 0, minute: 30 }, "America/Sao_Paulo")).toEqual({
      instant: new Date("2018-11-04T03:30:00Z"),
      kind: "skipped",
    });
  });

  it("has no transitions in Russian zones (no DST since 2014)", () => {
    expect(resolveWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, MOSCOW).kind).toBe("exact");
    expect(resolveWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, MOSCOW).kind).toBe("exact");
  });
});

describe("wallTimeToUtc", () => {
  it("throws RangeError for impossible parts and unknown zones (callers validate first)", () => {
    expect(() => wallTimeToUtc({ year: 2026, month: 2, day: 29, hour: 0, minute: 0 }, MOSCOW)).toThrow(RangeError);
    expect(() => wallTimeToUtc({ year: 2026, month: 1, day: 1, hour: 24, minute: 0 }, MOSCOW)).toThrow(RangeError);
    expect(() => wallTimeToUtc({ year: 2026, month: 1, day: 1, hour: 1.5, minute: 0 }, MOSCOW)).toThrow(RangeError);
    expect(() => wallTimeToUtc({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, "Mars/Olympus")).toThrow(RangeError);
  });

  it("accepts a leap day in a leap year", () => {
    expect(wallTimeToUtc({ year: 2028, month: 2, day: 29, hour: 18, minute: 0 }, MOSCOW).toISOString()).toBe("2028-02-29T15:00:00.000Z");
  });
});

describe("parseEventDateTime: refusals", () => {
  it.each(["", "   ", "18:00", "25.12", "завтра", "25 18:00", "25 12 18:00", "1800 25.12", "25.12 18", "в следующую пятницу 18:00",
    "25.12 18:00 19:00", "25.12 26.12 18:00", "25 декабря 18:00 мск", "25.12 6pm", "25.12 18:00:00", "dec 18:00", "25.12.2026.1 18:00",
    "25.12 18:0", "25.12/2026 18:00", "25.12 в 18:00 25.12"])(
    "refuses %j as unparsed",
    (input) => {
      expect(parse(input)).toBe("events-time-unparsed");
    },
  );

  it.each(["31.02 18:00", "31.04 18:00", "29.02.2027 18:00", "25.13 18:00", "0.12 18:00", "25.12 25:00", "25:00 25.12", "25.12 24:30",
    "25.12 24:00", "25.12 18:60", "32 декабря 18:00", "четверг, 12 июня, 18:00", "31.02.2020 18:00"])(
    "refuses %j as invalid",
    (input) => {
      expect(parse(input)).toBe("events-time-invalid");
    },
  );

  it("refuses times in the past", () => {
    expect(parse("сегодня 11:59")).toBe("events-time-past");
    expect(parse("сегодня 12:00")).toBe("events-time-past");
    expect(parse("сегодня 12:01")).toBe("2026-06-10T09:01:00.000Z");
    expect(parse("01.01.2020 10:00")).toBe("events-time-past");
    expect(parse("2025-12-25 18:00")).toBe("events-time-past");
    expect(parse("25.12.25 18:00")).toBe("events-time-past"); // a two-digit year is 20xx
  });

  it("refuses dates more than two years ahead", () => {
    expect(parse("10.06.2028 11:00")).toBe("2028-06-10T08:00:00.000Z");
    expect(parse("10.06.2028 12:01")).toBe("events-time-too-far");
    expect(parse("25.12.2062 18:00")).toBe("events-time-too-far");
    expect(parse("25.12.9999 18:00")).toBe("events-time-too-far");
  });

  it("refuses an unknown time zone before looking at the input", () => {
    expect(parse("25.12 18:00", "Mars/Olympus")).toBe("events-timezone-unknown");
    expect(parse("25.12 18:00", "+03:00")).toBe("events-timezone-unknown");
    expect(parse("25.12 18:00", "")).toBe("events-timezone-unknown");
  });

  it.each([
    ["markup", "<b>25.12 18:00</b>"],
    ["a tag alone", "<b>"],
    ["4,000 characters", "25.12 18:00 ".repeat(334)],
    ["4,000 digits", "1".repeat(4000)],
    ["many short words", "1 ".repeat(49)],
    ["emoji", "🎄 25.12 18:00"],
    ["emoji alone", "👩‍🏫🔥"],
    ["control characters", "25.12\u0000 18:00"],
    ["a lone surrogate", "25.12 \ud83d18:00"],
    ["SQL", "'; DROP TABLE events; --"],
    ["regular expression bait", "((((((((((((((((((((((((((((("],
  ])("refuses hostile input (%s) without throwing", (_name, input) => {
    expect(() => parseEventDateTime(input, { timeZone: MOSCOW, now: NOW })).not.toThrow();
    expect(parse(input)).toBe("events-time-unparsed");
  });

  it("answers hostile input quickly", () => {
    const started = performance.now();
    for (let i = 0; i < 200; i++) parse(`${"25.12 ".repeat(15)}18:00`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("parseDuration", () => {
  it.each([
    ["90", 90],
    ["90 мин", 90],
    ["90мин", 90],
    ["90 минут", 90],
    ["45 minutes", 45],
    ["45 min", 45],
    ["1.5 ч", 90],
    ["1,5 часа", 90],
    ["1.5h", 90],
    ["2 часа", 120],
    ["2 ч", 120],
    ["2 hours", 120],
    ["1 час", 60],
    ["1:30", 90],
    ["0:45", 45],
    ["1h30m", 90],
    ["1h 30m", 90],
    ["1 ч 30 мин", 90],
    ["1ч30м", 90],
    ["2 hours and 15 minutes", 135],
    ["1 час и 15 минут", 75],
    ["полтора часа", 90],
    ["полчаса", 30],
    ["24 ч", 1440],
    ["1440", 1440],
    ["0.25 ч", 15],
    ["  90 МИН. ", 90],
  ])("%j → %i minutes", (input, minutes) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: minutes });
  });

  it.each(["0", "0 мин", "0:00", "0 ч", "-90", "-1 ч", "−30", "24:01", "1441", "25 ч", "24.01 ч", "1:60", "0.001 ч"])(
    "refuses %j as invalid",
    (input) => {
      expect(parseDuration(input)).toEqual({ ok: false, error: "events-duration-invalid" });
    },
  );

  it.each(["", "abc", "полтора", "1.5", "90 дней", "30 мин 1 ч", "1.5 ч 30 мин", "1 ч 1 ч", "<b>90</b>", "🕐", "9".repeat(4000), "90 мин".repeat(20)])(
    "refuses %j as unparsed without throwing",
    (input) => {
      expect(parseDuration(input)).toEqual({ ok: false, error: "events-duration-unparsed" });
    },
  );
});

describe("formatEventTime", () => {
  const AT = new Date("2026-12-25T15:00:00Z");

  it("writes the date, time, zone and offset in Russian and English", () => {
    expect(formatEventTime(AT, MOSCOW, "ru")).toBe("25 декабря 2026, 18:00 (Europe/Moscow, UTC+3)");
    expect(formatEventTime(AT, MOSCOW, "en")).toBe("25 December 2026, 18:00 (Europe/Moscow, UTC+3)");
  });

  it("pads the time and shows fractional offsets", () => {
    expect(formatEventTime(new Date("2026-03-01T03:35:00Z"), "Asia/Kolkata", "en")).toBe("1 March 2026, 09:05 (Asia/Kolkata, UTC+5:30)");
    expect(formatEventTime(new Date("2026-01-01T00:00:00Z"), "UTC", "ru")).toBe("1 января 2026, 00:00 (UTC, UTC)");
  });

  it("shows the zone as the member chose it, though ICU calls Asia/Kolkata Asia/Calcutta", () => {
    expect(formatEventTime(AT, "Asia/Kolkata", "en")).toBe("25 December 2026, 20:30 (Asia/Kolkata, UTC+5:30)");
    expect(formatEventTime(AT, "Europe/Kyiv", "en")).toBe("25 December 2026, 17:00 (Europe/Kyiv, UTC+2)");
    expect(formatEventTime(AT, "europe/moscow", "en")).toBe("25 December 2026, 18:00 (Europe/Moscow, UTC+3)");
  });

  it("falls back to UTC, and says so, for an unknown stored zone", () => {
    expect(formatEventTime(AT, "Mars/Olympus", "ru")).toBe("25 декабря 2026, 15:00 (UTC, UTC)");
  });

  it("throws for an invalid Date", () => {
    expect(() => formatEventTime(new Date(Number.NaN), MOSCOW, "ru")).toThrow(RangeError);
  });
});
