// Event reminders and notices (src/features/events/events.jobs.ts) on the real PostgreSQL
// and Redis: the real container with its EventNotices (following EventsService's domain events), the "events.*" processors, the
// delivery renderers and the "delivery.send" processor, sending to the local HTTP fake
// of the Bot API. Time is controlled, not waited for: the container's clock is fixed and
// moved by hand, and processors are run directly on the payloads their jobs carry (BullMQ's
// own delayed-job timing is its business; what we check is the delay we ask for).

import type { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { deliveryJobId } from "../../src/features/delivery/delivery.service.js";
import { EVENT_DELIVERY_KINDS, feedbackJobId } from "../../src/features/events/events.jobs.js";
import { reminderJobId, reminderRefId } from "../../src/features/events/events.reminders.js";
import type { EventDraft, EventView } from "../../src/features/events/events.types.js";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import { startBotApiFake, type BotApiFake, type RecordedCall } from "../support/bot-api-fake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { WorkerHarness } from "../support/worker-harness.js";
import { formatZonedTime } from "../../src/shared/time.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = new Date("2026-12-01T09:00:00.000Z");

let fake: BotApiFake;
let db: TestDatabase;
let harness: WorkerHarness;
let container: Container;
/** The container's clock (events service and notices); moved with `setNow`. */
let now = T0;
const setNow = (date: Date | number) => {
  now = new Date(typeof date === "number" ? date : date.getTime());
};

beforeAll(async () => {
  fake = await startBotApiFake();
  db = await createTestDatabase();
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

beforeEach(async () => {
  fake.reset();
  setNow(T0);
  harness = await WorkerHarness.create({
    fake,
    db,
    env: { SEND_RATE_PER_SECOND: "25", DEFAULT_TIMEZONE: "Europe/Moscow" },
    delivery: { attempts: 1, backoffDelayMs: 10 },
    clock: () => new Date(now.getTime()),
  });
  container = harness.container;
});

afterEach(async () => {
  await harness.close();
  // The database is the file's; deliveries are per test (their jobs lived under the test's Redis prefix).
  await db.prisma.delivery.deleteMany({});
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_400_000_000n;

async function member(role: MemberRole = "MEMBER", timezone = "Europe/Moscow"): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await db.prisma.member.create({
    data: {
      telegramId,
      role,
      registeredAt: new Date(),
      consentStatus: "GIVEN",
      profile: {
        create: { fullName: `Участник ${telegramId}`, professionalRole: "TEACHER", regionCode: "RU-MOW", city: "Москва", experienceYears: 5, timezone },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered: true, username: null };
}

function draft(over: Partial<EventDraft> = {}): EventDraft {
  return {
    title: "Формирующее оценивание <на уроках> & математика",
    kind: "WEBINAR",
    description: "Практика и разбор случаев.",
    subjectCodes: ["math"],
    start: new Date(T0.getTime() + 3 * DAY),
    duration: 90,
    timeZone: "Europe/Moscow",
    onlineUrl: "https://meet.example.org/room-1",
    ...over,
  };
}

/** Creates an event (as a moderator) and registers `registrants` members; the notices follow the service's domain events. */
async function newEvent(over: Partial<EventDraft> = {}, registrants: MemberState[] = []): Promise<{ organiser: MemberState; event: EventView }> {
  const organiser = await member("MODERATOR");
  const event = await container.services.events.create(organiser, draft(over));
  for (const m of registrants) await container.services.events.register(m, event.id);
  return { organiser, event };
}

const members = (n: number, timezone?: string) => Promise.all(Array.from({ length: n }, () => member("MEMBER", timezone)));

const eventsQueue = () => container.queues.queue("events");
const sendQueue = () => container.queues.queue("send");
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

function fanout(event: EventView, offsetMinutes: number, startsAt: Date = event.startsAt): JobPayloads["events.reminder-fanout"] {
  return { eventId: event.id, offsetMinutes, startsAt: epoch(startsAt) };
}

/** Runs the container's fan-out processor on a payload, as a worker would when its delay ran out. */
async function runFanout(payload: JobPayloads["events.reminder-fanout"]): Promise<void> {
  await container.processors["events.reminder-fanout"](payload, {} as Job<typeof payload>, container.logger);
}

/** Runs the send processor on every QUEUED delivery's job, as the send queue's workers would. */
async function sendQueued(): Promise<void> {
  const queued = await db.prisma.delivery.findMany({ where: { status: "QUEUED" }, orderBy: { id: "asc" } });
  for (const d of queued) {
    const job = (await sendQueue().getJob(deliveryJobId(d.id))) as Job<JobPayloads["delivery.send"]> | undefined;
    expect(job, `job of delivery ${d.id}`).toBeDefined();
    await container.processors["delivery.send"](job!.data, job!, container.logger);
  }
}

async function deliveriesOf(kind: string, refId: string) {
  return db.prisma.delivery.findMany({ where: { kind, refId }, orderBy: { memberId: "asc" } });
}

const sentTo = (m: MemberState): RecordedCall[] => fake.calls.filter((c) => c.response.ok && Number(c.payload.chat_id) === Number(m.telegramId));
const textOf = (c: RecordedCall) => String(c.payload.text ?? c.payload.caption ?? "");

async function eventJobIds(eventId: number): Promise<string[]> {
  const jobs = await eventsQueue().getJobs(["delayed", "waiting", "prioritized"]);
  return jobs
    .filter((j) => (j.data as { eventId: number }).eventId === eventId)
    .map((j) => j.id!)
    .sort();
}

// ---------------------------------------------------------------- scheduling

describe("scheduling", () => {
  it("schedules one fan-out per reminder (1 day, 1 hour, start) with deterministic ids and delays, and the feedback request", async () => {
    const { event } = await newEvent({ capacity: 10 });
    const start = event.startsAt.getTime();
    // 10 places at 25/s: 1 s of sending, plus the 30 s margin.
    const lead = (1 + 30) * 1000;
    for (const offset of [1440, 60, 0]) {
      const job = await eventsQueue().getJob(reminderJobId(event.id, offset, event.startsAt));
      expect(job?.name, `offset ${offset}`).toBe("events.reminder-fanout");
      expect(job?.data).toEqual(fanout(event, offset));
      expect(job?.opts.delay).toBe(start - offset * MINUTE - lead - T0.getTime());
    }
    const end = new Date(start + 90 * MINUTE);
    const feedback = await eventsQueue().getJob(feedbackJobId(event.id, end));
    expect(feedback?.data).toEqual({ eventId: event.id, endsAt: epoch(end) });
    expect(feedback?.opts.delay).toBe(end.getTime() + 10 * MINUTE - T0.getTime());

    // Telling it twice (a retried handler) leaves the same four jobs.
    await container.services.eventJobs.notices.created(event.id);
    expect(await eventJobIds(event.id)).toHaveLength(4);
  });

  it("plans from the live registrant count, not the capacity: a 10,000-place event with no one registered yet is planned for 50", async () => {
    const { event } = await newEvent({ capacity: 10_000 });
    for (const offset of [1440, 60, 0]) {
      const job = await eventsQueue().getJob(reminderJobId(event.id, offset, event.startsAt));
      const fanoutAt = T0.getTime() + job!.opts.delay!;
      const dueAt = event.startsAt.getTime() - offset * MINUTE;
      // 50 at 25/s: 2 s, plus the 30 s margin.
      expect(dueAt - fanoutAt).toBe((2 + 30) * 1000);
    }
  });

  it("plans with the rung above the registrants (3 registrants: planned for 50)", async () => {
    const registrants = await members(3);
    const { event } = await newEvent({}, registrants);
    await container.services.eventJobs.notices.changed(event.id, { timeChanged: false, remindersChanged: true, calendarChanged: false, promoted: [] });
    const job = await eventsQueue().getJob(reminderJobId(event.id, 60, event.startsAt));
    expect(job?.opts.delay).toBe(event.startsAt.getTime() - 60 * MINUTE - 32_000 - T0.getTime());
  });
});

describe("registrations growing after planning", () => {
  it("an event without a capacity planned with no registrants: the 1-day fan-out moves the later fan-outs earlier for today's count", async () => {
    const { event } = await newEvent();
    const hourJob = reminderJobId(event.id, 60, event.startsAt);
    const due = event.startsAt.getTime() - HOUR;
    expect((await eventsQueue().getJob(hourJob))?.opts.delay).toBe(due - 32_000 - T0.getTime());

    // 1,000 register: at 25/s the fan-out needs 40 s, plus the 30 s margin.
    const registrants = await members(1_000);
    await db.prisma.eventRegistration.createMany({ data: registrants.map((m) => ({ eventId: event.id, memberId: m.id, status: "REGISTERED" as const })) });
    setNow(event.startsAt.getTime() - DAY);
    await runFanout(fanout(event, 1440));
    expect(await sendQueue().count()).toBe(1_000);
    for (const offset of [60, 0]) {
      const job = await eventsQueue().getJob(reminderJobId(event.id, offset, event.startsAt));
      expect(job?.delay, `offset ${offset}`).toBe(event.startsAt.getTime() - offset * MINUTE - 70_000 - now.getTime());
    }
  }, 120_000);
  it("issue 9 item 3: each registration that crosses a rung re-plans the fan-outs earlier (same job ids, no duplicates)", async () => {
    // Reproduces: the fan-out was planned once, at creation, from the registrants then (none), and
    // registering never re-planned it, so a large event's reminders went out late.
    // The container's clock follows real time here, as BullMQ's delays do.
    const realT0 = Date.now();
    let tickedAt = realT0;
    const tick = () => {
      tickedAt = Date.now();
      setNow(T0.getTime() + (tickedAt - realT0));
    };
    const { event } = await newEvent();
    const startJob = reminderJobId(event.id, 0, event.startsAt);
    /** Seconds between the start-reminder's fan-out and its due time (the start), as BullMQ holds it. */
    const lead = async () => {
      const job = await eventsQueue().getJob(startJob);
      return (event.startsAt.getTime() - (T0.getTime() + job!.timestamp + job!.delay - realT0)) / 1000;
    };
    // The plan is made at the tick and the job added a little later (more on a loaded machine): that much earlier is fine.
    const near = async (expected: number) => {
      const measured = await lead();
      const slack = (Date.now() - tickedAt) / 1000;
      expect(measured).toBeGreaterThan(expected - slack - 0.1);
      expect(measured).toBeLessThan(expected + 0.1);
    };
    const people = await members(210);
    let crossings = 0;
    for (const [i, m] of people.entries()) {
      const before = await eventsQueue()
        .getJob(startJob)
        .then((j) => j!.delay);
      tick();
      // "event.registered" re-plans, before register() returns.
      const { placesTaken, created } = await container.services.events.register(m, event.id);
      expect(created).toBe(true);
      expect(placesTaken).toBe(i + 1);
      if ((await eventsQueue().getJob(startJob))!.delay !== before) crossings++;
      if (placesTaken === 51) await near(4 + 30); // planned for 100
      if (placesTaken === 101) await near(8 + 30); // planned for 200
      if (placesTaken === 201) await near(20 + 30); // planned for 500
    }
    // Re-planned only at the rungs (51, 101, 201), not per registration.
    expect(crossings).toBe(3);
    // Re-planning moved the same jobs: one per offset, and the feedback request.
    expect(await eventJobIds(event.id)).toHaveLength(4);
  }, 120_000);

  it("issue 9 item 3: a larger capacity that promotes many re-plans the fan-outs for the new count", async () => {
    const { organiser, event } = await newEvent({ capacity: 10 });
    const startJob = reminderJobId(event.id, 0, event.startsAt);
    const due = event.startsAt.getTime();
    expect((await eventsQueue().getJob(startJob))!.delay).toBe(due - 31_000 - T0.getTime()); // planned for the 10 places
    const people = await members(110);
    await db.prisma.eventRegistration.createMany({
      data: people.map((m, i) => ({
        eventId: event.id,
        memberId: m.id,
        status: i < 10 ? ("REGISTERED" as const) : ("WAITLISTED" as const),
        createdAt: new Date(T0.getTime() + i),
      })),
    });
    const edit = await container.services.events.edit(organiser, event.id, { capacity: 200 });
    expect(edit.promoted).toHaveLength(100);
    // 110 places taken, planned for 200 at 25/s: 8 s, plus the 30 s margin.
    expect((await eventsQueue().getJob(startJob))!.delay).toBe(due - 38_000 - T0.getTime());
    expect(await eventJobIds(event.id)).toHaveLength(4);
  }, 120_000);

  it("issue 9 item 3: a member who gets a place after the fan-out ran, before the reminder is due, is sent it once", async () => {
    const [early, late] = await members(2);
    const { event } = await newEvent({ reminderOffsets: [0] }, [early!]);
    setNow(event.startsAt.getTime() - 32_000);
    await runFanout(fanout(event, 0));
    setNow(event.startsAt.getTime() - 10_000);
    await container.services.events.register(late, event.id);
    await runFanout(fanout(event, 0)); // a second run (a retry) adds nobody twice
    await sendQueued();
    for (const m of [early!, late!]) {
      expect(sentTo(m).filter((c) => textOf(c).includes("Начинается"))).toHaveLength(1);
    }
  });
});

// ---------------------------------------------------------------- moving

describe("moving an event", () => {
  it("old fan-outs do nothing, their queued deliveries are skipped, new ones are scheduled, and registrants get the new calendar file", async () => {
    const registrants = await members(2);
    const { organiser, event } = await newEvent({}, registrants);
    const oldStart = event.startsAt;

    // The 1-day fan-out of the old time already ran: its deliveries are queued, not yet sent.
    setNow(oldStart.getTime() - DAY);
    await runFanout(fanout(event, 1440));
    expect((await deliveriesOf("event.reminder", reminderRefId(event.id, 1440, oldStart))).map((d) => d.status)).toEqual(["QUEUED", "QUEUED"]);

    const newStart = new Date(oldStart.getTime() + 2 * HOUR);
    const edit = await container.services.events.edit(organiser, event.id, { start: newStart });
    expect(edit.remindersChanged).toBe(true);

    // Old jobs are gone, new ones are there (the old 1-day one had run; its time is past).
    for (const offset of [1440, 60, 0]) expect(await eventsQueue().getJob(reminderJobId(event.id, offset, oldStart))).toBeUndefined();
    for (const offset of [60, 0]) expect((await eventsQueue().getJob(reminderJobId(event.id, offset, newStart)))?.data).toEqual(fanout(event, offset, newStart));
    expect((await deliveriesOf("event.reminder", reminderRefId(event.id, 1440, oldStart))).map((d) => d.status)).toEqual(["SKIPPED", "SKIPPED"]);

    // An old job that a worker had already taken when it was removed: it enqueues nothing.
    setNow(oldStart.getTime() - HOUR);
    await runFanout(fanout(event, 60, oldStart));
    expect(await deliveriesOf("event.reminder", reminderRefId(event.id, 60, oldStart))).toEqual([]);

    // The calendar file goes out (sendDocument with the new time); no reminder for the old time.
    await sendQueued();
    for (const m of registrants) {
      const calls = sentTo(m);
      expect(calls.map((c) => c.method)).toEqual(["sendDocument"]);
      expect(textOf(calls[0]!)).toContain(formatZonedTime(newStart, "Europe/Moscow", "ru"));
      expect(calls[0]!.payload.document).toMatchObject({ kind: "upload", filename: `event-${event.id}.ics` });
    }

    // The new 1-hour reminder goes out at the new time.
    setNow(newStart.getTime() - HOUR);
    await runFanout(fanout(event, 60, newStart));
    await sendQueued();
    for (const m of registrants) {
      const reminders = sentTo(m).filter((c) => c.method === "sendMessage");
      expect(reminders).toHaveLength(1);
      expect(textOf(reminders[0]!)).toContain("Скоро начало");
      expect(textOf(reminders[0]!)).toContain(formatZonedTime(newStart, "Europe/Moscow", "ru"));
    }
  });
});

// ---------------------------------------------------------------- cancelling

describe("cancelling an event", () => {
  it("sends nothing afterwards and tells everyone who had a place or waited", async () => {
    const [a, b, waiting] = await members(3);
    const { organiser, event } = await newEvent({ capacity: 2 }, [a!, b!, waiting!]);
    setNow(event.startsAt.getTime() - DAY);
    await runFanout(fanout(event, 1440));

    const { notify } = await container.services.events.cancel(organiser, event.id);
    expect(notify.sort()).toEqual([a!.id, b!.id, waiting!.id].sort());

    expect(await eventJobIds(event.id)).toEqual([]);
    expect((await deliveriesOf("event.reminder", reminderRefId(event.id, 1440, event.startsAt))).map((d) => d.status)).toEqual(["SKIPPED", "SKIPPED"]);
    // A fan-out that still runs (taken by a worker before the removal) enqueues nothing.
    setNow(event.startsAt.getTime() - HOUR);
    await runFanout(fanout(event, 60));
    expect(await deliveriesOf("event.reminder", reminderRefId(event.id, 60, event.startsAt))).toEqual([]);

    await sendQueued();
    for (const m of [a!, b!, waiting!]) {
      const calls = sentTo(m);
      expect(calls).toHaveLength(1);
      expect(textOf(calls[0]!)).toContain("отменено");
      // The title is user text: escaped.
      expect(textOf(calls[0]!)).toContain("&lt;на уроках&gt; &amp; математика");
    }
    expect((await container.services.delivery.progress(EVENT_DELIVERY_KINDS.cancelled, `event:${event.id}:cancelled`)).SENT).toBe(3);
  });
});

// ---------------------------------------------------------------- exactly once

describe("exactly once", () => {
  it("the same fan-out job run twice gives each registrant the reminder once", async () => {
    const registrants = await members(3);
    const { event } = await newEvent({}, registrants);
    setNow(event.startsAt.getTime() - HOUR - 30_000);
    await runFanout(fanout(event, 60));
    await runFanout(fanout(event, 60));
    const ref = reminderRefId(event.id, 60, event.startsAt);
    expect(await deliveriesOf("event.reminder", ref)).toHaveLength(3);
    expect(await sendQueue().count()).toBe(3);

    await sendQueued();
    // And the fan-out once more after the sends: nothing new.
    await runFanout(fanout(event, 60));
    await sendQueued();
    for (const m of registrants) expect(sentTo(m)).toHaveLength(1);
    expect((await container.services.delivery.progress("event.reminder", ref)).SENT).toBe(3);
  });

  it("a member who cancelled between the fan-out and the send gets nothing (re-checked at send time)", async () => {
    const [stays, leaves] = await members(2);
    const { event } = await newEvent({}, [stays!, leaves!]);
    setNow(event.startsAt.getTime() - DAY);
    await runFanout(fanout(event, 1440));
    await container.services.events.cancelRegistration(leaves, event.id);
    await sendQueued();
    expect(sentTo(stays!)).toHaveLength(1);
    expect(sentTo(leaves!)).toHaveLength(0);
    const rows = await deliveriesOf("event.reminder", reminderRefId(event.id, 1440, event.startsAt));
    expect(rows.find((r) => r.memberId === leaves!.id)?.status).toBe("SKIPPED");
  });
});

// ---------------------------------------------------------------- downtime

describe("overdue after downtime", () => {
  it("a 1-day reminder run at T−22 h still sends; planning then starts it at once", async () => {
    const registrants = await members(2);
    const start = new Date(T0.getTime() + 22 * HOUR);
    const { event } = await newEvent({ start }, registrants);
    // Planned at T−22 h: the 1-day fan-out is overdue and runs now, the others are scheduled.
    expect((await eventsQueue().getJob(reminderJobId(event.id, 1440, start)))?.opts.delay).toBe(0);
    expect((await eventsQueue().getJob(reminderJobId(event.id, 60, start)))?.opts.delay).toBeGreaterThan(0);

    await runFanout(fanout(event, 1440));
    await sendQueued();
    for (const m of registrants) {
      expect(sentTo(m)).toHaveLength(1);
      expect(textOf(sentTo(m)[0]!)).toContain(formatZonedTime(start, "Europe/Moscow", "ru"));
    }
  });

  it("a start reminder run after the end sends nothing, and one queued before the end is skipped when sent after it", async () => {
    const registrants = await members(2);
    const { event } = await newEvent({}, registrants);
    const end = event.startsAt.getTime() + 90 * MINUTE;

    setNow(end + MINUTE);
    await runFanout(fanout(event, 0));
    expect(await deliveriesOf("event.reminder", reminderRefId(event.id, 0, event.startsAt))).toEqual([]);

    // Queued in time, but the send queue was paused past the end.
    setNow(event.startsAt);
    await runFanout(fanout(event, 0));
    setNow(end + MINUTE);
    await sendQueued();
    expect(fake.calls.filter((c) => c.method === "sendMessage")).toEqual([]);
    expect((await container.services.delivery.progress("event.reminder", reminderRefId(event.id, 0, event.startsAt))).SKIPPED).toBe(2);
  });
});

// ---------------------------------------------------------------- time zones

describe("time zones", () => {
  it("a Vladivostok member's reminder shows the Vladivostok time of an event created in Kaliningrad", async () => {
    const [vladivostok] = await members(1, "Asia/Vladivostok");
    // 18:00 in Kaliningrad (UTC+2) is 16:00 UTC, 02:00 the next day in Vladivostok (UTC+10).
    const { event } = await newEvent({ start: "25.12 18:00", timeZone: "Europe/Kaliningrad" }, [vladivostok!]);
    expect(event.startsAt.toISOString()).toBe("2026-12-25T16:00:00.000Z");

    setNow(event.startsAt);
    await runFanout(fanout(event, 0));
    await sendQueued();
    const [call] = sentTo(vladivostok!);
    const text = textOf(call!);
    expect(text).toContain("26 декабря 2026, 02:00 (Asia/Vladivostok, UTC+10)");
    expect(text).toContain("https://meet.example.org/room-1");
    // The start reminder carries the check-in button (handled by the events feature).
    const keyboard = call!.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] };
    expect(keyboard.inline_keyboard.flat().map((b) => b.callback_data)).toEqual([`evt1:ci:${event.id}`]);
  });
});

// ---------------------------------------------------------------- follow-up

describe("promotion, recording and feedback", () => {
  it("a promoted member is told with the link; non-attendees get the recording; attendees get the feedback request", async () => {
    const [first, second] = await members(2);
    const { organiser, event } = await newEvent({ capacity: 1 }, [first!, second!]);
    const { promotedMemberId } = await container.services.events.cancelRegistration(first, event.id);
    expect(promotedMemberId).toBe(second!.id);
    await sendQueued();
    expect(sentTo(second!)).toHaveLength(1);
    expect(textOf(sentTo(second!)[0]!)).toContain("https://meet.example.org/room-1");
    // Issue 9 item 5: the place comes with its calendar file, in the same message; no promise of a file later.
    expect(sentTo(second!)[0]!.method).toBe("sendDocument");
    expect(sentTo(second!)[0]!.payload.document).toMatchObject({ kind: "upload", filename: `event-${event.id}.ics` });
    expect(textOf(sentTo(second!)[0]!)).not.toContain("придёт");

    setNow(event.startsAt.getTime() + 5 * MINUTE);
    expect(await container.services.events.checkIn(second, event.id)).toBe("checked-in");
    const endsAt = new Date(event.startsAt.getTime() + 90 * MINUTE);
    setNow(endsAt.getTime() + 10 * MINUTE);
    await container.processors["events.feedback-request"](
      { eventId: event.id, endsAt: epoch(endsAt) },
      {} as Job<JobPayloads["events.feedback-request"]>,
      container.logger,
    );
    await sendQueued();
    const feedback = sentTo(second!)[1]!;
    const keyboard = feedback.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] };
    expect(keyboard.inline_keyboard.flat().map((b) => b.callback_data)).toEqual([1, 2, 3, 4, 5].map((n) => `evt1:fb:${event.id}:${n}`));

    const late = await member();
    await db.prisma.eventRegistration.create({ data: { eventId: event.id, memberId: late.id, status: "REGISTERED" } });
    const { notify } = await container.services.events.setRecording(organiser, event.id, "https://video.example.org/rec-1");
    expect(notify).toEqual([late.id]);
    await sendQueued();
    expect(textOf(sentTo(late)[0]!)).toContain("https://video.example.org/rec-1");
    expect(sentTo(second!)).toHaveLength(2);
  });
});

describe("issue 9: calendar files and promotion notices", () => {
  it("item 5: a change sends the new calendar file to members with a place and only a text to the waitlist", async () => {
    // Reproduces: the waitlist was sent the calendar file (a file in the calendar reads as a place).
    const [placed, waiting] = await members(2);
    const { organiser, event } = await newEvent({ capacity: 1 }, [placed!, waiting!]);
    await container.services.events.edit(organiser, event.id, { title: "Новое название вебинара" });
    await sendQueued();
    expect(sentTo(placed!).map((c) => c.method)).toEqual(["sendDocument"]);
    expect(sentTo(waiting!).map((c) => c.method)).toEqual(["sendMessage"]);
    expect(textOf(sentTo(waiting!)[0]!)).toContain("листе ожидания");
  });

  it("item 5: a promotion with a 2,000-character link still fits the caption (the file carries the link)", async () => {
    const longUrl = `https://meet.example.org/${"a".repeat(1990)}`;
    const [first, second] = await members(2);
    const { event } = await newEvent({ capacity: 1, onlineUrl: longUrl }, [first!, second!]);
    await container.services.events.cancelRegistration(first, event.id);
    await sendQueued();
    const [doc] = sentTo(second!);
    expect(doc!.method).toBe("sendDocument");
    expect(textOf(doc!).length).toBeLessThanOrEqual(1024);
  });

  it("item 18: the 'a place is free' notice is not sent to a member who cancelled right after being promoted", async () => {
    const [first, second, third] = await members(3);
    const { event } = await newEvent({ capacity: 1 }, [first!, second!, third!]);
    const { promotedMemberId } = await container.services.events.cancelRegistration(first, event.id);
    expect(promotedMemberId).toBe(second!.id);
    // The promoted member cancels before the notice is sent; the next in line is promoted in turn.
    const next = await container.services.events.cancelRegistration(second, event.id);
    expect(next.promotedMemberId).toBe(third!.id);
    await sendQueued();
    expect(sentTo(second!)).toEqual([]);
    expect(sentTo(third!).map((c) => c.method)).toEqual(["sendDocument"]);
    expect((await db.prisma.delivery.findFirstOrThrow({ where: { kind: "event.promoted", memberId: second!.id } })).status).toBe("SKIPPED");
  });

  it("item 10: the cancellation notice shows the time without brackets inside brackets", async () => {
    // Reproduces: «(3 декабря 2026, 18:00 (Europe/Moscow, UTC+3))».
    const [a] = await members(1);
    const { organiser, event } = await newEvent({}, [a!]);
    await container.services.events.cancel(organiser, event.id);
    await sendQueued();
    const text = textOf(sentTo(a!)[0]!);
    expect(text).toContain(formatZonedTime(event.startsAt, "Europe/Moscow", "ru"));
    expect(text).not.toMatch(/\([^)]*\(/);
  });
});
