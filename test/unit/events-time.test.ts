import { describe, expect, it } from "vitest";
import { parseDuration, parseEventDateTime } from "../../src/features/events/events.time.js";

// Wednesday 10 June 2026, 12:00 in Moscow.
const NOW = new Date("2026-06-10T09:00:00Z");
const MOSCOW = "Europe/Moscow";

function parse(input: string, timeZone = MOSCOW, now = NOW): string {
  const result = parseEventDateTime(input, { timeZone, now });
  return result.ok ? result.value.toISOString() : result.error;
}

describe("parseEventDateTime", () => {
  it("reads what parseDateTime reads", () => {
    expect(parse("25.12 18:00")).toBe("2026-12-25T15:00:00.000Z");
  });

  it("refuses with the events' locale keys", () => {
    expect(parse("когда-нибудь")).toBe("events-time-unparsed");
    expect(parse("31.02 18:00")).toBe("events-time-invalid");
    expect(parse("сегодня 11:59")).toBe("events-time-past");
    expect(parse("25.12.2062 18:00")).toBe("events-time-too-far");
    expect(parse("25.12 18:00", "Mars/Olympus")).toBe("events-timezone-unknown");
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

  it.each(["0", "0 мин", "0:00", "0 ч", "-90", "-1 ч", "−30", "24:01", "1441", "25 ч", "24.01 ч", "1:60", "0.001 ч"])("refuses %j as invalid", (input) => {
    expect(parseDuration(input)).toEqual({ ok: false, error: "events-duration-invalid" });
  });

  it.each(["", "abc", "полтора", "1.5", "90 дней", "30 мин 1 ч", "1.5 ч 30 мин", "1 ч 1 ч", "<b>90</b>", "🕐", "9".repeat(4000), "90 мин".repeat(20)])(
    "refuses %j as unparsed without throwing",
    (input) => {
      expect(parseDuration(input)).toEqual({ ok: false, error: "events-duration-unparsed" });
    },
  );
});
