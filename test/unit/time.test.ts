import { describe, expect, it } from "vitest";
import { parseDateTime } from "../../src/shared/date-input.js";
import { canonicalTimeZone, formatZonedTime, isValidTimeZone, resolveWallTime, utcOffsetLabel, wallTimeToUtc } from "../../src/shared/time.js";

// A winter date: Russia has had no daylight saving time since 2014, India never has.
const AT = new Date("2025-01-15T12:00:00Z");

describe("isValidTimeZone", () => {
  it.each(["Europe/Moscow", "Asia/Novosibirsk", "America/Argentina/Buenos_Aires", "Etc/GMT+3", "UTC", "asia/omsk"])("accepts %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(["Nowhere/City", "Mars/Olympus", "../../etc/passwd", "Europe/../Moscow", "", " Europe/Moscow", "+03:00", "Europe/Moscow/Extra/Deep"])("refuses %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe("canonicalTimeZone", () => {
  it("returns the canonical spelling of any letter case", () => {
    expect(canonicalTimeZone("asia/omsk")).toBe("Asia/Omsk");
    expect(canonicalTimeZone("EUROPE/KALININGRAD")).toBe("Europe/Kaliningrad");
    expect(canonicalTimeZone("utc")).toBe("UTC");
  });

  it("trims surrounding spaces", () => {
    expect(canonicalTimeZone("  Asia/Vladivostok  ")).toBe("Asia/Vladivostok");
  });

  it("returns undefined for unknown zones", () => {
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalTimeZone("../../etc")).toBeUndefined();
  });
});

describe("utcOffsetLabel", () => {
  it.each([
    ["Europe/Kaliningrad", "UTC+2"],
    ["Europe/Moscow", "UTC+3"],
    ["Asia/Novosibirsk", "UTC+7"],
    ["Asia/Vladivostok", "UTC+10"],
    ["Asia/Kamchatka", "UTC+12"],
    ["Asia/Kolkata", "UTC+5:30"],
    ["America/St_Johns", "UTC-3:30"],
  ])("labels %s as %s", (zone, label) => {
    expect(utcOffsetLabel(zone, AT)).toBe(label);
  });

  it("follows daylight saving time at the given instant", () => {
    expect(utcOffsetLabel("Europe/Berlin", AT)).toBe("UTC+1");
    expect(utcOffsetLabel("Europe/Berlin", new Date("2025-07-15T12:00:00Z"))).toBe("UTC+2");
  });

  // Regression: with the ICU of Node 20.20 Intl writes "GMT+0", which showed as "UTC+0".
  it("labels a zero offset as plain UTC, as documented", () => {
    expect(utcOffsetLabel("UTC", AT)).toBe("UTC");
  });
});

const MOSCOW = "Europe/Moscow";

function parse(input: string, timeZone: string, now: Date): string {
  const result = parseDateTime(input, { timeZone, now });
  return result.ok ? result.value.toISOString() : result.error;
}

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
    expect(formatZonedTime(resolved.instant, BERLIN, "en")).toBe("29 March 2026, 03:30 (Europe/Berlin, UTC+2)");
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
    expect(formatZonedTime(resolved.instant, BERLIN, "ru")).toBe("25 октября 2026, 02:30 (Europe/Berlin, UTC+2)");
    // An hour later the clock reads 02:30 again, on winter time.
    expect(formatZonedTime(new Date("2026-10-25T01:30:00Z"), BERLIN, "ru")).toBe("25 октября 2026, 02:30 (Europe/Berlin, UTC+1)");
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

describe("formatZonedTime", () => {
  const AT = new Date("2026-12-25T15:00:00Z");

  it("writes the date, time, zone and offset in Russian and English", () => {
    expect(formatZonedTime(AT, MOSCOW, "ru")).toBe("25 декабря 2026, 18:00 (Europe/Moscow, UTC+3)");
    expect(formatZonedTime(AT, MOSCOW, "en")).toBe("25 December 2026, 18:00 (Europe/Moscow, UTC+3)");
  });

  it("pads the time and shows fractional offsets", () => {
    expect(formatZonedTime(new Date("2026-03-01T03:35:00Z"), "Asia/Kolkata", "en")).toBe("1 March 2026, 09:05 (Asia/Kolkata, UTC+5:30)");
    expect(formatZonedTime(new Date("2026-01-01T00:00:00Z"), "UTC", "ru")).toBe("1 января 2026, 00:00 (UTC, UTC)");
  });

  it("shows the zone as the member chose it, though ICU calls Asia/Kolkata Asia/Calcutta", () => {
    expect(formatZonedTime(AT, "Asia/Kolkata", "en")).toBe("25 December 2026, 20:30 (Asia/Kolkata, UTC+5:30)");
    expect(formatZonedTime(AT, "Europe/Kyiv", "en")).toBe("25 December 2026, 17:00 (Europe/Kyiv, UTC+2)");
    expect(formatZonedTime(AT, "europe/moscow", "en")).toBe("25 December 2026, 18:00 (Europe/Moscow, UTC+3)");
  });

  it("falls back to UTC, and says so, for an unknown stored zone", () => {
    expect(formatZonedTime(AT, "Mars/Olympus", "ru")).toBe("25 декабря 2026, 15:00 (UTC, UTC)");
  });

  it("throws for an invalid Date", () => {
    expect(() => formatZonedTime(new Date(Number.NaN), MOSCOW, "ru")).toThrow(RangeError);
  });
});
