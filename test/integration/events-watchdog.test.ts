// The events watchdog ("events.watchdog", src/features/events/events.reconcile.ts) on the
// real PostgreSQL and Redis. It reproduces the failure domain events alone cannot prevent:
// an event is saved, then its follow-up (scheduling the reminders) fails because Redis is
// unreachable at that moment; the organiser is told it is published, but no reminder job
// exists, and before the watchdog only the next start (or a Redis data loss) rebuilt them.
// The bot process talks to Redis through a proxy the test cuts; the worker process (a
// second container, Redis reachable) runs the watchdog as its schedule would.
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createContainer, type Container } from "../../src/container.js";
import { feedbackJobId } from "../../src/features/events/events.jobs.js";
import { reminderJobId } from "../../src/features/events/events.reminders.js";
import { SCHEDULES } from "../../src/features/index.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";
import { RedisProxy } from "../support/redis-proxy.js";

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let db: TestDatabase;
let proxy: RedisProxy;
let bot: Container | undefined;
let worker: Container | undefined;
const prefix = createTestRedisPrefix();
const botLog: Array<{ level: number; msg: string; [k: string]: unknown }> = [];

function config(redisUrl: string) {
  return createConfig({
    BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: "silent",
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  proxy = new RedisProxy(new URL(TEST_REDIS_URL));
  await proxy.up();
});

afterAll(async () => {
  // The proxy comes back first: closing a container waits for its Redis connections to quit.
  await proxy.up();
  await Promise.all([bot?.close(), worker?.close()]);
  const redis = new Redis(TEST_REDIS_URL);
  await cleanRedisPrefix(redis, prefix).finally(() => redis.disconnect());
  await db?.drop();
});

async function organiser(): Promise<MemberState> {
  const telegramId = 7_800_000_001n;
  const row = await db.prisma.member.create({ data: { telegramId, role: "MODERATOR", registeredAt: new Date(), consentStatus: "GIVEN" }, select: { id: true } });
  return { id: row.id, telegramId, role: "MODERATOR", locale: "ru", isActive: true, registered: true, username: null };
}

describe("events watchdog", () => {
  it("is a repeatable maintenance job every 5 minutes", () => {
    expect(SCHEDULES).toContainEqual({ id: "events.watchdog", name: "events.watchdog", every: 5 * MINUTE, payload: {} });
  });

  it("an event saved while its reminders could not be scheduled (Redis unreachable) gets them when the watchdog runs", { timeout: 60_000 }, async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) botLog.push(JSON.parse(line));
        done();
      },
    });
    bot = createContainer(config(`redis://127.0.0.1:${proxy.port}/0`), { logger: pino({ level: "info" }, sink) });
    worker = createContainer(config(TEST_REDIS_URL), { logger: pino({ level: "silent" }) });
    const events = () => worker!.queues.queue("events");
    // The bot process is connected (its producers too), then Redis goes away under it.
    await bot.redis.ping();
    await bot.queues.queue("events").waitUntilReady();
    await proxy.down();

    const event = await bot.services.events.create(await organiser(), {
      title: "Формирующее оценивание",
      kind: "WEBINAR",
      description: "Практика.",
      subjectCodes: ["math"],
      start: new Date(Date.now() + 3 * DAY),
      duration: 90,
      timeZone: "Europe/Moscow",
    });
    // Published (committed), the failure logged (as an outage) with the event's name, and no job.
    expect((await db.prisma.event.findUnique({ where: { id: event.id } }))?.status).toBe("SCHEDULED");
    expect(botLog).toContainEqual(expect.objectContaining({ kind: "domain event subscribers failing: Redis unavailable", event: "event.created" }));
    const reminders = event.reminderOffsets.map((offset) => reminderJobId(event.id, offset, event.startsAt));
    const feedback = feedbackJobId(event.id, new Date(event.startsAt.getTime() + 90 * MINUTE));
    expect(event.reminderOffsets.length).toBeGreaterThan(0);
    for (const id of [...reminders, feedback]) expect(await events().getJob(id), id).toBeUndefined();

    const watchdog = () => worker!.processors["events.watchdog"]({}, {} as Job<JobPayloads["events.watchdog"]>, worker!.logger);
    await watchdog();
    for (const id of reminders) expect(await (await events().getJob(id))?.getState(), id).toBe("delayed");
    expect(await (await events().getJob(feedback))?.getState()).toBe("delayed");

    // A run that finds everything in place adds nothing.
    const count = async () => (await events().getJobs(["delayed", "waiting"])).length;
    const before = await count();
    await watchdog();
    expect(await count()).toBe(before);
  });
});
