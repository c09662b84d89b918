import { describe, expect, it } from "vitest";
import { canonicalTimeZone, isValidTimeZone, utcOffsetLabel } from "../../src/shared/time.js";

// A winter date: Russia has had no daylight saving time since 2014, India never has.
const AT = new Date("2025-01-15T12:00:00Z");

describe("isValidTimeZone", () => {
  it.each(["Europe/Moscow", "Asia/Novosibirsk", "America/Argentina/Buenos_Aires", "Etc/GMT+3", "UTC", "asia/omsk"])(
    "accepts %j",
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(["Nowhere/City", "Mars/Olympus", "../../etc/passwd", "Europe/../Moscow", "", " Europe/Moscow", "+03:00", "Europe/Moscow/Extra/Deep"])(
    "refuses %j",
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
    },
  );
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
