import { describe, expect, it } from "vitest";
import {
  audienceOutgrewPlan,
  DEFAULT_FANOUT_MARGIN_SECONDS,
  DEFAULT_REMINDER_OFFSETS,
  EVENT_REMINDER_KIND,
  fanoutDurationSeconds,
  isReminderRefCurrent,
  isReminderStillUseful,
  isValidReminderOffset,
  parseReminderRefId,
  plannedAudience,
  planReminders,
  reminderJobId,
  reminderKind,
  reminderRefId,
  type PlannedReminder,
} from "../../src/features/events/events.reminders.js";
import { prng } from "../support/prng.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Wednesday 10 June 2026, 12:00 Moscow; the event is a week later, 18:00 Moscow.
const NOW = new Date("2026-06-10T09:00:00Z");
const T = new Date("2026-06-17T15:00:00Z");
const T_SECONDS = T.getTime() / 1000;
const at = (ms: number) => new Date(T.getTime() + ms);

const event = (overrides: Partial<{ startsAt: Date; durationMinutes: number; offsets: number[]; cancelled: boolean }> = {}) => ({
  startsAt: T,
  durationMinutes: 90,
  offsets: [...DEFAULT_REMINDER_OFFSETS],
  ...overrides,
});

const statuses = (plan: PlannedReminder[]) => Object.fromEntries(plan.map((p) => [p.offsetMinutes, p.status]));

// BullMQ 6's own rule for custom job ids (Job.validateOptions).
function bullmqAcceptsJobId(id: string): boolean {
  if (`${parseInt(id, 10)}` === id) return false;
  return !(id.includes(":") && id.split(":").length !== 3);
}

describe("planReminders: timing", () => {
  it("plans the defaults (1 day, 1 hour, start) for an event next week", () => {
    const plan = planReminders(event(), 10, 25, NOW);
    expect(plan.map((p) => p.offsetMinutes)).toEqual([1440, 60, 0]);
    expect(plan.map((p) => p.dueAt.toISOString())).toEqual(["2026-06-16T15:00:00.000Z", "2026-06-17T14:00:00.000Z", "2026-06-17T15:00:00.000Z"]);
    expect(plan.every((p) => p.status === "scheduled" && p.skipReason === undefined)).toBe(true);
  });

  it("starts a fan-out of 10,000 registrants at 25/s at least 400 s plus the margin early", () => {
    expect(fanoutDurationSeconds(10_000, 25)).toBe(400);
    for (const p of planReminders(event(), 10_000, 25, NOW)) {
      expect(p.fanoutAt.getTime()).toBeLessThanOrEqual(p.dueAt.getTime() - (400 + 30) * 1000);
      expect(p.dueAt.getTime() - p.fanoutAt.getTime()).toBe(430_000); // 6 min 40 s + 30 s margin
    }
    const custom = planReminders(event(), 10_000, 25, NOW, { marginSeconds: 60 });
    expect(custom[0]!.dueAt.getTime() - custom[0]!.fanoutAt.getTime()).toBe(460_000);
  });

  it("assumes only its share of the global budget", () => {
    const [p] = planReminders(event({ offsets: [60] }), 10_000, 25, NOW, { sharePerEvent: 0.5 });
    expect(p!.dueAt.getTime() - p!.fanoutAt.getTime()).toBe((800 + 30) * 1000);
  });

  it("fans a small event (10 registrants) out about the margin before", () => {
    const [p] = planReminders(event({ offsets: [60] }), 10, 25, NOW);
    expect(p!.dueAt.getTime() - p!.fanoutAt.getTime()).toBe((1 + 30) * 1000);
    const [none] = planReminders(event({ offsets: [60] }), 0, 25, NOW);
    expect(none!.dueAt.getTime() - none!.fanoutAt.getTime()).toBe(30 * 1000);
  });

  it("sorts offsets in the order they fall due and drops duplicates", () => {
    const plan = planReminders(event({ offsets: [0, 60, 15, 1440, 60, 0, 180] }), 10, 25, NOW);
    expect(plan.map((p) => p.offsetMinutes)).toEqual([1440, 180, 60, 15, 0]);
    const due = plan.map((p) => p.dueAt.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(planReminders(event({ offsets: [] }), 10, 25, NOW)).toEqual([]);
  });

  it("refuses offsets, counts, rates and options that cannot be right", () => {
    expect(() => planReminders(event({ offsets: [-5] }), 10, 25, NOW)).toThrow(RangeError);
    expect(() => planReminders(event({ offsets: [1.5] }), 10, 25, NOW)).toThrow(RangeError);
    expect(() => planReminders(event({ offsets: [31 * 24 * 60] }), 10, 25, NOW)).toThrow(RangeError);
    expect(() => planReminders(event(), -1, 25, NOW)).toThrow(RangeError);
    expect(() => planReminders(event(), 10, 0, NOW)).toThrow(RangeError);
    expect(() => planReminders(event(), 10, 25, NOW, { sharePerEvent: 0 })).toThrow(RangeError);
    expect(() => planReminders(event(), 10, 25, NOW, { sharePerEvent: 1.5 })).toThrow(RangeError);
    expect(() => planReminders(event(), 10, 25, NOW, { marginSeconds: -1 })).toThrow(RangeError);
    expect(() => planReminders(event({ startsAt: new Date(NaN) }), 10, 25, NOW)).toThrow(RangeError);
    expect(isValidReminderOffset(0) && isValidReminderOffset(10_080)).toBe(true);
    expect(isValidReminderOffset(-1) || isValidReminderOffset(NaN) || isValidReminderOffset(2.5)).toBe(false);
  });

  it("keeps every scheduled fan-out within its budget for random sizes and rates", () => {
    const random = prng(20260617);
    for (let i = 0; i < 2_000; i++) {
      const registrants = Math.floor(random() ** 2 * 200_000);
      const rate = 0.5 + random() * 60;
      const share = random() < 0.5 ? 1 : 0.05 + random() * 0.95;
      const marginSeconds = Math.floor(random() * 120);
      const now = at(-Math.floor(random() * 3 * DAY));
      const plan = planReminders(event({ offsets: [1440, 180, 60, 10, 0] }), registrants, rate, now, {
        marginSeconds,
        sharePerEvent: share,
      });
      for (const p of plan) {
        expect(p.fanoutAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
        if (p.status !== "scheduled") continue;
        const sendsEnd = p.fanoutAt.getTime() + (registrants / (rate * share)) * 1000;
        expect(sendsEnd).toBeLessThanOrEqual(p.dueAt.getTime() - marginSeconds * 1000);
      }
    }
  });
});

describe("planReminders and isReminderStillUseful: after downtime", () => {
  it("workers down from T−2 days to T−22 h: the 1-day reminder is sent now, the 1-hour one stays scheduled", () => {
    const now = at(-22 * HOUR);
    const plan = planReminders(event(), 10_000, 25, now);
    expect(statuses(plan)).toEqual({ 1440: "overdue-send-now", 60: "scheduled", 0: "scheduled" });
    expect(plan[0]!.fanoutAt).toEqual(now);
    expect(isReminderStillUseful(1440, event(), now)).toBe(true);
  });

  it("down until T+10 min of a 90-minute event: only the start reminder is still sent", () => {
    const now = at(10 * MIN);
    const plan = planReminders(event(), 10_000, 25, now);
    expect(statuses(plan)).toEqual({ 1440: "skip", 60: "skip", 0: "overdue-send-now" });
    expect(plan.filter((p) => p.status === "skip").map((p) => p.skipReason)).toEqual(["too-late", "too-late"]);
    expect(plan[2]!.fanoutAt).toEqual(now);
  });

  it("down until after the end: nothing is sent", () => {
    for (const now of [at(90 * MIN), at(91 * MIN), at(3 * DAY)]) {
      const plan = planReminders(event(), 10_000, 25, now);
      expect(statuses(plan)).toEqual({ 1440: "skip", 60: "skip", 0: "skip" });
    }
  });

  it("a cancelled event: nothing is sent, whenever", () => {
    for (const now of [NOW, at(-22 * HOUR), at(10 * MIN)]) {
      const plan = planReminders(event({ cancelled: true }), 10, 25, now);
      expect(plan.every((p) => p.status === "skip" && p.skipReason === "cancelled")).toBe(true);
      expect(isReminderStillUseful(0, event({ cancelled: true }), now)).toBe(false);
    }
  });

  it("of several overdue reminders only the latest is sent", () => {
    const now = at(-50 * MIN);
    const plan = planReminders(event(), 10, 25, now);
    expect(statuses(plan)).toEqual({ 1440: "skip", 60: "overdue-send-now", 0: "scheduled" });
    expect(plan[0]!.skipReason).toBe("superseded");
  });

  it("a reminder whose fan-out should have started already is sent now, even before it is due", () => {
    // 10,000 registrants need 7 min 10 s; 5 minutes before the 1-hour reminder is too late to be on time.
    const now = at(-65 * MIN);
    const plan = planReminders(event({ offsets: [60, 0] }), 10_000, 25, now);
    expect(statuses(plan)).toEqual({ 60: "overdue-send-now", 0: "scheduled" });
  });

  it("draws the line at the start (offset > 0) and at the end (offset 0)", () => {
    const e = event();
    expect(isReminderStillUseful(60, e, at(-1))).toBe(true);
    expect(isReminderStillUseful(60, e, at(0))).toBe(false);
    expect(isReminderStillUseful(1440, e, at(-2 * HOUR))).toBe(true);
    expect(isReminderStillUseful(0, e, at(-DAY))).toBe(true);
    expect(isReminderStillUseful(0, e, at(89 * MIN))).toBe(true);
    expect(isReminderStillUseful(0, e, at(90 * MIN))).toBe(false);
  });
});

describe("reminder refs and job ids", () => {
  it("has the documented form and fits the sending path's refs", () => {
    const ref = reminderRefId(12, 60, T);
    expect(ref).toBe(`event:12:at:${T_SECONDS}:offset:60`);
    expect(ref).toMatch(/^[A-Za-z0-9_:.-]{1,128}$/);
    expect(reminderRefId(2_147_483_647, 43_200, new Date(99_999_999_999_000)).length).toBeLessThanOrEqual(128);
    expect(EVENT_REMINDER_KIND).toBe("event.reminder");
  });

  it("gives the same ids for the same inputs, and new ones when the event moves", () => {
    expect(reminderRefId(12, 60, new Date(T))).toBe(reminderRefId(12, 60, T));
    expect(reminderJobId(12, 60, new Date(T))).toBe(reminderJobId(12, 60, T));
    const moved = at(30 * MIN);
    expect(reminderRefId(12, 60, moved)).not.toBe(reminderRefId(12, 60, T));
    expect(reminderJobId(12, 60, moved)).not.toBe(reminderJobId(12, 60, T));
    // Each part matters.
    const ids = new Set([reminderJobId(12, 60, T), reminderJobId(13, 60, T), reminderJobId(12, 0, T), reminderJobId(1, 260, T), reminderJobId(12, 6, T)]);
    expect(ids.size).toBe(5);
    // A stray millisecond is the same start time.
    expect(reminderRefId(12, 60, new Date(T.getTime() + 999))).toBe(reminderRefId(12, 60, T));
  });

  it("makes job ids BullMQ accepts", () => {
    for (const id of [reminderJobId(12, 60, T), reminderJobId(1, 0, new Date(0)), reminderJobId(2_147_483_647, 43_200, T)]) {
      expect(bullmqAcceptsJobId(id)).toBe(true);
      expect(id).not.toContain(":");
    }
    expect(reminderJobId(12, 60, T)).toBe(`event-reminder-12-${T_SECONDS}-60`);
  });

  it("refuses ids, offsets and dates that cannot be an event's", () => {
    for (const make of [reminderRefId, reminderJobId]) {
      expect(() => make(0, 60, T)).toThrow(RangeError);
      expect(() => make(1.5, 60, T)).toThrow(RangeError);
      expect(() => make(2_147_483_648, 60, T)).toThrow(RangeError);
      expect(() => make(12, -60, T)).toThrow(RangeError);
      expect(() => make(12, 60, new Date(NaN))).toThrow(RangeError);
      expect(() => make(12, 60, new Date(-1000))).toThrow(RangeError);
    }
  });

  it("parses what it makes, round trip", () => {
    for (const [id, offset, startsAt] of [
      [12, 60, T],
      [1, 0, new Date(0)],
      [2_147_483_647, 43_200, at(7 * DAY)],
    ] as const) {
      const ref = reminderRefId(id, offset, startsAt);
      const parsed = parseReminderRefId(ref);
      expect(parsed).toEqual({ eventId: id, offsetMinutes: offset, startsAt });
      expect(reminderRefId(parsed!.eventId, parsed!.offsetMinutes, parsed!.startsAt)).toBe(ref);
    }
  });

  it.each([
    "event:x",
    "event:12",
    "",
    "event:12:at:1781708400:offset:60".padEnd(200, "0"),
    "x".repeat(200),
    "event:../12:at:1781708400:offset:60",
    "event:12:at:1781708400:offset:60/../../etc",
    "event:12:at:1781708400:offset:../60",
    "event:0:at:1781708400:offset:60",
    "event:012:at:1781708400:offset:60",
    "event:-1:at:1781708400:offset:60",
    "event:12:at:-1781708400:offset:60",
    "event:12:at:1781708400:offset:060",
    "event:12:at:1781708400:offset:-60",
    "event:12:at:1781708400:offset:1.5",
    "event:12:at:1781708400:offset:999999",
    "event:2147483648:at:1781708400:offset:60",
    "event:12:at:1781708400:offset:60 ",
    "event:12:at:1781708400:offset:60\n",
    "EVENT:12:at:1781708400:offset:60",
    "event:12:at:1781708400:offset:60:extra",
    "event:12:at:١٢:offset:60",
  ])("refuses the malformed ref %j", (ref) => {
    expect(parseReminderRefId(ref)).toBeUndefined();
  });

  it("tells the renderer whether a ref still matches the event", () => {
    const ref = parseReminderRefId(reminderRefId(12, 60, T))!;
    expect(isReminderRefCurrent(ref, { startsAt: T, offsets: [1440, 60, 0] })).toBe(true);
    expect(isReminderRefCurrent(ref, { startsAt: at(30 * MIN), offsets: [1440, 60, 0] })).toBe(false);
    expect(isReminderRefCurrent(ref, { startsAt: T, offsets: [1440, 0] })).toBe(false);
  });
});

describe("reminderKind", () => {
  it.each([
    [1440, "day"],
    [60, "hour"],
    [0, "start"],
    [30, "custom"],
    [2880, "custom"],
    [120, "custom"],
  ] as const)("%i minutes → %s", (offset, kind) => {
    expect(reminderKind(offset)).toBe(kind);
  });
});

describe("plannedAudience and audienceOutgrewPlan (issue 9 item 3: planning from the live count)", () => {
  it("climbs the 1-2-5 ladder from 50 and is capped by the capacity", () => {
    expect([0, 1, 50, 51, 100, 101, 200, 201, 999, 1000, 1001, 2000, 2001, 10_000, 10_001].map((n) => plannedAudience(n))).toEqual([
      50, 50, 50, 100, 100, 200, 200, 500, 1000, 1000, 2000, 2000, 5000, 10_000, 20_000,
    ]);
    expect(plannedAudience(0, 10)).toBe(10);
    expect(plannedAudience(600, 700)).toBe(700);
    expect(() => plannedAudience(-1)).toThrow(RangeError);
  });

  it("says re-plan exactly when a registration crosses a rung, so 2,000 registrations re-plan 5 times", () => {
    let replans = 0;
    for (let n = 1; n <= 2000; n++) if (audienceOutgrewPlan(n - 1, n)) replans++;
    expect(replans).toBe(5); // at 51, 101, 201, 501, 1001
    expect(audienceOutgrewPlan(50, 51)).toBe(true);
    expect(audienceOutgrewPlan(51, 52)).toBe(false);
    // Within the capacity nothing more can come.
    expect(audienceOutgrewPlan(60, 61, 60)).toBe(false);
  });

  it("a plan made at each rung delivers the whole rung on time: the fan-out of 2,000 at 25/s starts 80 s + margin early", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    const event = { startsAt: new Date(now.getTime() + 3600_000), durationMinutes: 60, offsets: [0] };
    const [p] = planReminders(event, plannedAudience(1001), 25, now);
    expect(event.startsAt.getTime() - p!.fanoutAt.getTime()).toBe((80 + DEFAULT_FANOUT_MARGIN_SECONDS) * 1000);
  });
});
