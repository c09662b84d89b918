// Redis losing its data (#9 item 13) on the real PostgreSQL and Redis. It
// reproduces the reported failure: after Redis was flushed (or restarted without
// persistence) 0 of 20 members got either reminder, the maintenance schedules
// stayed gone until a restart and a scheduled broadcast went out only after one.
// Now the state watcher (src/jobs/resync.ts) sees its sentinel key missing and
// rebuilds, from PostgreSQL, the schedules and every job that should exist.
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { fanoutJobId } from "../../src/features/broadcasts/broadcasts.jobs.js";
import { BROADCAST_KIND, broadcastRefId } from "../../src/features/broadcasts/broadcasts.types.js";
import { deliveryJobId } from "../../src/features/delivery/delivery.service.js";
import { reminderJobId } from "../../src/features/events/events.reminders.js";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { createStateWatcher, stateSentinelKey } from "../../src/jobs/resync.js";
import { SCHEDULES } from "../../src/features/index.js";
import { makeTextUpdate, startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix } from "../support/redis.js";
import { waitUntil } from "../support/wait.js";
import { TEST_REDIS_URL as REDIS_URL, WorkerHarness } from "../support/worker-harness.js";

const DAY = 24 * 3600_000;

let fake: BotApiFake;
let db: TestDatabase;
let harness: WorkerHarness;
let prefix: string;
let container: Container;
let admin: Redis;

beforeAll(async () => {
  [fake, db] = await Promise.all([startBotApiFake(), createTestDatabase()]);
  admin = new Redis(REDIS_URL);
});
afterAll(async () => {
  admin.disconnect();
  await Promise.all([fake?.close(), db?.drop()]);
});
beforeEach(async () => {
  fake.reset();
  harness = await WorkerHarness.create({
    fake,
    db,
    env: { LOG_LEVEL: "silent", SEND_RATE_PER_SECOND: "200" },
    delivery: { attempts: 2, backoffDelayMs: 10 },
  });
  ({ prefix, container } = harness);
});
afterEach(async () => {
  await harness.close();
});

let nextTelegramId = 7_700_000_000n;

async function member(role: MemberRole = "MEMBER"): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await db.prisma.member.create({
    data: {
      telegramId,
      role,
      registeredAt: new Date(),
      consentStatus: "GIVEN",
      profile: {
        create: { fullName: `Участник ${telegramId}`, professionalRole: "TEACHER", regionCode: "RU-MOW", city: "Москва", experienceYears: 5, timezone: "Europe/Moscow" },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered: true, username: null };
}

/** Simulates Redis losing its data: every key of this test's prefix is deleted (what FLUSHALL does to them). */
async function loseRedisData(): Promise<void> {
  expect(await cleanRedisPrefix(admin, prefix)).toBeGreaterThan(0);
}

const schedulerIds = async () => (await container.queues.queue("maintenance").getJobSchedulers()).map((s) => s.key).sort();
const jobOf = (queue: "events" | "broadcasts", id: string) => container.queues.queue(queue).getJob(id);
const sentReminders = (m: MemberState) =>
  fake.calls.filter(
    (c) => c.method === "sendMessage" && c.response.ok && Number(c.payload.chat_id) === Number(m.telegramId) && /Скоро начало/.test(String(c.payload.text)),
  );

describe("Redis losing its data", () => {
  it("re-creates the schedules, the event reminders and the scheduled broadcast from PostgreSQL, and they are delivered once", { timeout: 60_000 }, async () => {
    const { events, broadcasts } = container.services;
    await container.stateWatcher.start();
    expect(await schedulerIds()).toEqual(SCHEDULES.map((s) => s.id).sort());

    const organiser = await member("ADMIN");
    const registrants = await Promise.all(Array.from({ length: 20 }, () => member()));
    const event = await events.create(organiser, {
      title: "Формирующее оценивание",
      kind: "WEBINAR",
      description: "Практика.",
      subjectCodes: ["math"],
      start: new Date(Date.now() + 3 * DAY),
      duration: 90,
      timeZone: "Europe/Moscow",
      onlineUrl: "https://meet.example.org/room-1",
    });
    for (const m of registrants) await events.register(m, event.id);
    const update = makeTextUpdate({ id: Number(organiser.telegramId) }, "Педсовет в пятницу");
    fake.pushUpdate(update);
    const broadcast = await broadcasts.create(organiser, {
      sourceChatId: organiser.telegramId,
      messageIds: [update.message!.message_id],
      summary: "x",
      audience: {},
      scheduledAt: new Date(Date.now() + 3600_000),
    });
    const hourReminder = reminderJobId(event.id, 60, event.startsAt);
    expect(await jobOf("events", hourReminder)).toBeDefined();
    expect(await jobOf("broadcasts", fanoutJobId(broadcast.id))).toBeDefined();

    await loseRedisData();
    expect(await schedulerIds()).toEqual([]);
    expect(await jobOf("events", hourReminder)).toBeUndefined();
    expect(await jobOf("broadcasts", fanoutJobId(broadcast.id))).toBeUndefined();

    // What the watcher does every 30 s and on every Redis 'ready'.
    expect(await container.stateWatcher.check()).toBe(true);
    expect(await admin.exists(stateSentinelKey(prefix))).toBe(1);
    expect(await schedulerIds()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const offset of event.reminderOffsets)
      expect(await (await jobOf("events", reminderJobId(event.id, offset, event.startsAt)))?.getState(), `reminder ${offset}`).toBe("delayed");
    const fanout = await jobOf("broadcasts", fanoutJobId(broadcast.id));
    expect(await fanout?.getState()).toBe("delayed");
    // Its time is still the broadcast's (within the test's run time).
    expect(fanout!.timestamp + fanout!.opts.delay! - broadcast.scheduledAt.getTime()).toBeLessThan(5_000);

    // With the sentinel back a check changes nothing, and a second rebuild adds no job.
    const eventJobs = async () => (await container.queues.queue("events").getJobs(["delayed", "waiting"])).length;
    const before = await eventJobs();
    expect(await container.stateWatcher.check()).toBe(false);
    await container.stateWatcher.rebuild("again");
    expect(await eventJobs()).toBe(before);

    // Their time comes (promoted instead of waited for): every registrant gets the reminder once, every member the broadcast.
    harness.startWorkers();
    await (await jobOf("events", hourReminder))!.promote();
    await fanout!.promote();
    await waitUntil(async () => registrants.every((m) => sentReminders(m).length > 0), 20_000);
    await waitUntil(async () => (await container.services.delivery.progress(BROADCAST_KIND, broadcastRefId(broadcast.id))).SENT === 21, 20_000);
    // A rebuild after delivery re-sends nothing.
    await container.stateWatcher.rebuild("after delivery");
    await new Promise((r) => setTimeout(r, 500));
    for (const m of registrants) expect(sentReminders(m)).toHaveLength(1);
  });

  it("queues again, at once, a delivery whose send job was lost", { timeout: 30_000 }, async () => {
    const m = await member();
    const organiser = await member("ADMIN");
    const event = await container.services.events.create(organiser, {
      title: "Семинар",
      kind: "WEBINAR",
      description: "",
      subjectCodes: ["math"],
      start: new Date(Date.now() + DAY),
      duration: 60,
      timeZone: "Europe/Moscow",
    });
    await container.services.events.register(m, event.id);
    await container.services.eventJobs.notices.recording(event.id, [m.id]).catch(() => undefined);
    await db.prisma.delivery.updateMany({ data: { updatedAt: new Date(Date.now() - 60_000) } });
    const [delivery] = await db.prisma.delivery.findMany({ where: { memberId: m.id } });
    expect(delivery?.status).toBe("QUEUED");
    await loseRedisData();
    expect(await container.queues.queue("send").getJob(deliveryJobId(delivery!.id))).toBeUndefined();
    await container.stateWatcher.rebuild("test");
    expect(await (container.queues.queue("send").getJob(deliveryJobId(delivery!.id)) as Promise<Job | undefined>)).toBeDefined();
  });

  it("notices the loss by itself (timer) and rebuilds the schedules", { timeout: 30_000 }, async () => {
    const watcher = createStateWatcher({
      redis: container.redis,
      prefix,
      queues: container.queues,
      schedules: SCHEDULES,
      reconcilers: [],
      logger: container.logger,
      failures: container.failures,
      intervalMs: 100,
    });
    try {
      await watcher.start();
      await loseRedisData();
      await waitUntil(async () => (await schedulerIds()).length === SCHEDULES.length && (await admin.exists(stateSentinelKey(prefix))) === 1, 10_000);
    } finally {
      watcher.stop();
    }
  });
});
