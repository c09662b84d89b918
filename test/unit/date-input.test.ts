import { describe, expect, it } from "vitest";
import { parseDateTime } from "../../src/shared/date-input.js";
import { formatZonedTime } from "../../src/shared/time.js";

// Wednesday 10 June 2026, 12:00 in Moscow.
const NOW = new Date("2026-06-10T09:00:00Z");
const MOSCOW = "Europe/Moscow";

function parse(input: string, timeZone = MOSCOW, now = NOW): string {
  const result = parseDateTime(input, { timeZone, now });
  return result.ok ? result.value.toISOString() : result.error;
}

describe("parseDateTime: accepted forms (Europe/Moscow, UTC+3)", () => {
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

describe("parseDateTime: which day and year", () => {
  it("rolls a date without a year that has passed over to next year", () => {
    const december = new Date("2026-12-20T09:00:00Z");
    expect(parse("05.01 10:00", MOSCOW, december)).toBe("2027-01-05T07:00:00.000Z");
    expect(parse("5 января 10:00", MOSCOW, december)).toBe("2027-01-05T07:00:00.000Z");
    expect(parse("25.12 10:00", MOSCOW, december)).toBe("2026-12-25T07:00:00.000Z");
  });

  it("refuses today's date at a passed time instead of moving it a year ahead", () => {
    expect(parse("10.06 11:00")).toBe("past");
    expect(parse("10.06 13:00")).toBe("2026-06-10T10:00:00.000Z");
  });

  it("uses the organiser's date, not the UTC date, for 'today' and for the year rollover", () => {
    // 22:30 UTC on 10 June is already 01:30 on 11 June in Moscow.
    const lateUtc = new Date("2026-06-10T22:30:00Z");
    expect(parse("сегодня 18:00", MOSCOW, lateUtc)).toBe("2026-06-11T15:00:00.000Z");
    expect(parse("завтра 18:00", MOSCOW, lateUtc)).toBe("2026-06-12T15:00:00.000Z");
    expect(parse("сегодня 18:00", "UTC", lateUtc)).toBe("past");
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
    const created = parseDateTime("25.12 18:00", { timeZone: "Europe/Kaliningrad", now: NOW });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.toISOString()).toBe("2026-12-25T16:00:00.000Z");
    expect(formatZonedTime(created.value, "Europe/Kaliningrad", "ru")).toBe("25 декабря 2026, 18:00 (Europe/Kaliningrad, UTC+2)");
    // Eight hours ahead of Kaliningrad: already the next day.
    expect(formatZonedTime(created.value, "Asia/Vladivostok", "ru")).toBe("26 декабря 2026, 02:00 (Asia/Vladivostok, UTC+10)");
    expect(formatZonedTime(created.value, "Asia/Vladivostok", "en")).toBe("26 December 2026, 02:00 (Asia/Vladivostok, UTC+10)");
  });
});

describe("parseDateTime: refusals", () => {
  it.each([
    "",
    "   ",
    "18:00",
    "25.12",
    "завтра",
    "25 18:00",
    "25 12 18:00",
    "1800 25.12",
    "25.12 18",
    "в следующую пятницу 18:00",
    "25.12 18:00 19:00",
    "25.12 26.12 18:00",
    "25 декабря 18:00 мск",
    "25.12 6pm",
    "25.12 18:00:00",
    "dec 18:00",
    "25.12.2026.1 18:00",
    "25.12 18:0",
    "25.12/2026 18:00",
    "25.12 в 18:00 25.12",
  ])("refuses %j as unparsed", (input) => {
    expect(parse(input)).toBe("unparsed");
  });

  it.each([
    "31.02 18:00",
    "31.04 18:00",
    "29.02.2027 18:00",
    "25.13 18:00",
    "0.12 18:00",
    "25.12 25:00",
    "25:00 25.12",
    "25.12 24:30",
    "25.12 24:00",
    "25.12 18:60",
    "32 декабря 18:00",
    "четверг, 12 июня, 18:00",
    "31.02.2020 18:00",
  ])("refuses %j as invalid", (input) => {
    expect(parse(input)).toBe("invalid");
  });

  it("refuses times in the past", () => {
    expect(parse("сегодня 11:59")).toBe("past");
    expect(parse("сегодня 12:00")).toBe("past");
    expect(parse("сегодня 12:01")).toBe("2026-06-10T09:01:00.000Z");
    expect(parse("01.01.2020 10:00")).toBe("past");
    expect(parse("2025-12-25 18:00")).toBe("past");
    expect(parse("25.12.25 18:00")).toBe("past"); // a two-digit year is 20xx
  });

  it("refuses dates more than two years ahead", () => {
    expect(parse("10.06.2028 11:00")).toBe("2028-06-10T08:00:00.000Z");
    expect(parse("10.06.2028 12:01")).toBe("too-far");
    expect(parse("25.12.2062 18:00")).toBe("too-far");
    expect(parse("25.12.9999 18:00")).toBe("too-far");
  });

  it("refuses an unknown time zone before looking at the input", () => {
    expect(parse("25.12 18:00", "Mars/Olympus")).toBe("unknown-zone");
    expect(parse("25.12 18:00", "+03:00")).toBe("unknown-zone");
    expect(parse("25.12 18:00", "")).toBe("unknown-zone");
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
    expect(() => parseDateTime(input, { timeZone: MOSCOW, now: NOW })).not.toThrow();
    expect(parse(input)).toBe("unparsed");
  });

  it("answers hostile input quickly", () => {
    const started = performance.now();
    for (let i = 0; i < 200; i++) parse(`${"25.12 ".repeat(15)}18:00`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
