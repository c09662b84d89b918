import { describe, expect, it } from "vitest";
import { digestRefId, parseDigestRefId } from "../../src/features/digests/digests.service.js";
import {
  MAX_WINDOW_MS,
  digestWindow,
  digestZone,
  dueAfterDigest,
  dueAfterFrequencyChange,
  dueAfterZoneChange,
  latestSlotAtOrBefore,
  nextSlotAfter,
  previousSlot,
} from "../../src/features/digests/digests.time.js";

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe("nextSlotAfter / latestSlotAtOrBefore", () => {
  it("weekly in Moscow (UTC+3): the next Monday 10:00 local, 07:00 UTC", () => {
    // Wednesday 2 December 2026, 12:00 in Moscow.
    expect(iso(nextSlotAfter("WEEKLY", "Europe/Moscow", at("2026-12-02T09:00:00Z")))).toBe("2026-12-07T07:00:00.000Z");
    expect(iso(latestSlotAtOrBefore("WEEKLY", "Europe/Moscow", at("2026-12-02T09:00:00Z")))).toBe("2026-11-30T07:00:00.000Z");
  });

  it("a slot is not after itself, and is the latest at or before itself", () => {
    const slot = at("2026-12-07T07:00:00Z");
    expect(iso(nextSlotAfter("WEEKLY", "Europe/Moscow", slot))).toBe("2026-12-14T07:00:00.000Z");
    expect(iso(latestSlotAtOrBefore("WEEKLY", "Europe/Moscow", slot))).toBe(iso(slot));
    expect(iso(nextSlotAfter("WEEKLY", "Europe/Moscow", new Date(slot.getTime() - 1)))).toBe(iso(slot));
    expect(iso(previousSlot("WEEKLY", "Europe/Moscow", slot))).toBe("2026-11-30T07:00:00.000Z");
  });

  it("daily: 10:00 local on the same day if still ahead, else the next day", () => {
    expect(iso(nextSlotAfter("DAILY", "Europe/Moscow", at("2026-12-02T06:59:00Z")))).toBe("2026-12-02T07:00:00.000Z");
    expect(iso(nextSlotAfter("DAILY", "Europe/Moscow", at("2026-12-02T07:00:00Z")))).toBe("2026-12-03T07:00:00.000Z");
  });

  it("Europe/Kaliningrad (UTC+2): Monday 10:00 is 08:00 UTC", () => {
    expect(iso(nextSlotAfter("WEEKLY", "Europe/Kaliningrad", at("2026-12-07T07:30:00Z")))).toBe("2026-12-07T08:00:00.000Z");
  });

  it("Asia/Kamchatka (UTC+12): Monday 10:00 local is Sunday 22:00 UTC", () => {
    // Sunday 21:00 UTC is Monday 09:00 in Kamchatka: the slot is an hour away, on what is still Sunday in UTC.
    expect(iso(nextSlotAfter("WEEKLY", "Asia/Kamchatka", at("2026-12-06T21:00:00Z")))).toBe("2026-12-06T22:00:00.000Z");
    expect(iso(nextSlotAfter("WEEKLY", "Asia/Kamchatka", at("2026-12-06T22:00:00Z")))).toBe("2026-12-13T22:00:00.000Z");
  });

  it("Pacific/Kiritimati (UTC+14): the local Monday starts on Sunday in UTC", () => {
    expect(iso(nextSlotAfter("WEEKLY", "Pacific/Kiritimati", at("2026-12-06T00:00:00Z")))).toBe("2026-12-06T20:00:00.000Z");
  });

  it("America/New_York across the end of DST (1 Nov 2026): 14:00 UTC in October, 15:00 UTC in November; the week is 169 h", () => {
    const october = nextSlotAfter("WEEKLY", "America/New_York", at("2026-10-21T12:00:00Z"));
    expect(iso(october)).toBe("2026-10-26T14:00:00.000Z");
    const november = nextSlotAfter("WEEKLY", "America/New_York", october);
    expect(iso(november)).toBe("2026-11-02T15:00:00.000Z");
    expect((november.getTime() - october.getTime()) / HOUR).toBe(169);
    // Daily over the change: Saturday 10:00 EDT, Sunday 10:00 EST (25 h later).
    const saturday = at("2026-10-31T14:00:00Z");
    expect(iso(nextSlotAfter("DAILY", "America/New_York", saturday))).toBe("2026-11-01T15:00:00.000Z");
  });

  it("America/New_York across the start of DST (8 Mar 2026): the week is 167 h", () => {
    const before = nextSlotAfter("WEEKLY", "America/New_York", at("2026-02-27T12:00:00Z"));
    expect(iso(before)).toBe("2026-03-02T15:00:00.000Z");
    const after = nextSlotAfter("WEEKLY", "America/New_York", before);
    expect(iso(after)).toBe("2026-03-09T14:00:00.000Z");
    expect((after.getTime() - before.getTime()) / HOUR).toBe(167);
    expect(iso(previousSlot("WEEKLY", "America/New_York", after))).toBe(iso(before));
  });

  it("Europe/Berlin on the last Sunday of October (clocks back at 03:00): daily 10:00 is 08:00 UTC before, 09:00 UTC from that Sunday on", () => {
    expect(iso(nextSlotAfter("DAILY", "Europe/Berlin", at("2026-10-24T09:00:00Z")))).toBe("2026-10-25T09:00:00.000Z");
    expect(iso(nextSlotAfter("DAILY", "Europe/Berlin", at("2026-10-25T09:00:00Z")))).toBe("2026-10-26T09:00:00.000Z");
    expect(iso(latestSlotAtOrBefore("DAILY", "Europe/Berlin", at("2026-10-24T12:00:00Z")))).toBe("2026-10-24T08:00:00.000Z");
  });
});

describe("digestZone", () => {
  it("uses the profile's zone when the runtime knows it, else the default", () => {
    expect(digestZone("Asia/Omsk", "Europe/Moscow")).toBe("Asia/Omsk");
    expect(digestZone("Mars/Olympus", "Europe/Moscow")).toBe("Europe/Moscow");
    expect(digestZone(null, "Europe/Moscow")).toBe("Europe/Moscow");
    expect(digestZone(undefined, "Not/AZone")).toBe("UTC");
  });
});

describe("digestWindow", () => {
  const monday = at("2026-12-07T07:00:00Z");
  const lastMonday = at("2026-11-30T07:00:00Z");

  it("a regular weekly digest covers the week since the last one", () => {
    const window = digestWindow("WEEKLY", "Europe/Moscow", { lastDigestAt: lastMonday, dueAt: monday }, new Date(monday.getTime() + 30_000));
    expect(window).toEqual({ from: lastMonday, to: monday });
  });

  it("a first digest covers one period before its due time", () => {
    const window = digestWindow("DAILY", "Europe/Moscow", { lastDigestAt: null, dueAt: monday }, monday);
    expect(iso(window.from)).toBe("2026-12-06T07:00:00.000Z");
    expect(window.to).toEqual(monday);
  });

  it("after three weeks of downtime: one window up to the latest slot, from the last digest", () => {
    const now = at("2026-12-23T12:00:00Z");
    const window = digestWindow("WEEKLY", "Europe/Moscow", { lastDigestAt: lastMonday, dueAt: monday }, now);
    expect(window).toEqual({ from: lastMonday, to: at("2026-12-21T07:00:00Z") });
  });

  it("never covers more than four weeks", () => {
    const now = at("2027-03-01T07:00:00Z");
    const window = digestWindow("WEEKLY", "Europe/Moscow", { lastDigestAt: lastMonday, dueAt: monday }, now);
    expect(window.to).toEqual(now);
    expect(window.to.getTime() - window.from.getTime()).toBe(MAX_WINDOW_MS);
  });

  it("ends no earlier than the stored due time (a zone changed further west without the hook)", () => {
    // Due 10:00 Moscow; the zone is now Kaliningrad (10:00 = 08:00 UTC, not yet reached at 07:00 UTC).
    const window = digestWindow("WEEKLY", "Europe/Kaliningrad", { lastDigestAt: lastMonday, dueAt: monday }, monday);
    expect(window).toEqual({ from: lastMonday, to: monday });
  });
});

describe("due times after a digest and after changes", () => {
  const monday = at("2026-12-07T07:00:00Z");

  it("after a digest: the next slot after now", () => {
    expect(iso(dueAfterDigest("WEEKLY", "Europe/Moscow", monday, new Date(monday.getTime() + 60_000)))).toBe("2026-12-14T07:00:00.000Z");
    // Sent three weeks late: the next slot after now, not the missed ones.
    expect(iso(dueAfterDigest("WEEKLY", "Europe/Moscow", at("2026-12-21T07:00:00Z"), at("2026-12-23T12:00:00Z")))).toBe("2026-12-28T07:00:00.000Z");
  });

  it("weekly → daily right after the weekly digest: tomorrow, not in a few minutes", () => {
    expect(iso(dueAfterFrequencyChange("DAILY", "Europe/Moscow", monday, new Date(monday.getTime() + 5 * 60_000)))).toBe("2026-12-08T07:00:00.000Z");
  });

  it("a frequency chosen within 12 hours of the last digest waits for the gap", () => {
    // The last digest ended at 21:30 UTC (sent in a zone far east); 10:00 Moscow the next morning
    // (07:00 UTC) is under 12 hours later, so the daily digest starts the morning after.
    const last = at("2026-12-07T21:30:00Z");
    expect(iso(dueAfterFrequencyChange("DAILY", "Europe/Moscow", last, at("2026-12-07T22:00:00Z")))).toBe("2026-12-09T07:00:00.000Z");
  });

  it("zone change east (Moscow → Vladivostok) keeps this week's digest: the same Monday 10:00 in the new zone", () => {
    // Due Monday 10:00 Moscow (07:00 UTC). Vladivostok's Monday 10:00 is 00:00 UTC: nearer than next week's.
    const last = at("2026-11-30T07:00:00Z");
    expect(iso(dueAfterZoneChange("WEEKLY", "Asia/Vladivostok", monday, last))).toBe("2026-12-07T00:00:00.000Z");
  });

  it("zone change west (Moscow → Kaliningrad) right after a digest does not add one", () => {
    const next = at("2026-12-14T07:00:00Z");
    expect(iso(dueAfterZoneChange("WEEKLY", "Europe/Kaliningrad", next, monday))).toBe("2026-12-14T08:00:00.000Z");
  });

  it("zone change whose nearest slot is within 12 h of the last digest takes the one after", () => {
    expect(iso(dueAfterZoneChange("DAILY", "Europe/Moscow", at("2026-12-07T08:00:00Z"), at("2026-12-07T06:00:00Z")))).toBe("2026-12-08T07:00:00.000Z");
  });

  it("the same zone again changes nothing", () => {
    expect(iso(dueAfterZoneChange("WEEKLY", "Europe/Moscow", monday, at("2026-11-30T07:00:00Z")))).toBe(iso(monday));
  });
});

describe("digest refs", () => {
  it("round-trip a window as Unix seconds", () => {
    const window = { from: at("2026-11-30T07:00:00Z"), to: at("2026-12-07T07:00:00Z") };
    expect(digestRefId(window)).toBe("digest:1796022000:1796626800");
    expect(parseDigestRefId(digestRefId(window))).toEqual(window);
  });

  it.each(["digest:1:1", "digest:5:3", "digest:01:3", "digest:1:2:3", "digest:-1:3", "event:1:2", "digest:1e3:2000", ""])("refuse %j", (ref) => {
    expect(parseDigestRefId(ref)).toBeUndefined();
  });
});
