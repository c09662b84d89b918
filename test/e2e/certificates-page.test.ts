// The public verification page in the real process (`node --import tsx src/main.ts`):
// main.ts mounts the slices' routes in every role that serves HTTP, and only
// when PUBLIC_URL is set. A worker-only process (ROLE=worker) with PUBLIC_URL
// answers /v/<code> from PostgreSQL; a process without PUBLIC_URL answers 404.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";
import { TEST_REDIS_URL } from "../support/bot-harness.js";
import { freePort, startBotProcess, type BotProcess } from "../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";
import { certificatesModule } from "../../src/features/certificates/index.js";

const CODE = "E2EPAGE234";
let fake: BotApiFake;
let db: TestDatabase;
let redisPrefix: string;
let running: BotProcess | undefined;

beforeAll(async () => {
  [fake, db] = await Promise.all([startBotApiFake({}), createTestDatabase()]);
  redisPrefix = createTestRedisPrefix();
  const holder = await db.prisma.member.create({
    data: {
      telegramId: 6_300_000_001n,
      role: "MEMBER",
      registeredAt: new Date("2026-01-10T10:00:00Z"),
      consentStatus: "GIVEN",
      profile: {
        create: { fullName: "Иванова Анна Петровна", professionalRole: "TEACHER", regionCode: "RU-MOW", city: "Москва", experienceYears: 5, timezone: "Europe/Moscow" },
      },
    },
    select: { id: true },
  });
  await db.prisma.document.create({
    data: {
      kind: "PARTICIPATION",
      number: "У-2026-000001",
      code: CODE,
      holderId: holder.id,
      source: "event:1",
      currentKey: `PARTICIPATION:event:1:${holder.id}`,
      holderName: "Иванова Анна Петровна",
      title: "Вебинар «Функциональная грамотность»",
      details: { kind: "PARTICIPATION", eventId: 1, eventKind: "WEBINAR", startsAt: "2026-03-10T12:00:00Z", timezone: "Europe/Moscow" },
      hours: 2,
      issuedAt: new Date("2026-03-10T20:30:00Z"),
      dueAt: new Date("2026-03-10T20:30:00Z"),
    },
  });
});

afterAll(async () => {
  await running?.stop("SIGKILL");
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await cleanRedisPrefix(redis, redisPrefix);
  } finally {
    redis.disconnect();
  }
  await Promise.all([db?.drop(), fake?.close()]);
});

async function start(env: Record<string, string>): Promise<{ base: string; process: BotProcess }> {
  const port = await freePort();
  running = await startBotProcess({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, redisPrefix, apiRoot: fake.apiRoot, env: { PORT: String(port), ...env } });
  await running.ready();
  return { base: `http://127.0.0.1:${port}`, process: running };
}

describe("public pages in the real process", () => {
  // Runs once the slice's module declares its routes (`httpRoutes: certificatesModuleRoutes` in its index.ts).
  it.skipIf(!certificatesModule.httpRoutes)("a worker-only process with PUBLIC_URL serves /v/<code> from PostgreSQL, the name masked without consent", async () => {
    const { base, process } = await start({ ROLE: "worker", PUBLIC_URL: "https://edu.example.org", VERIFY_RATE_PER_MINUTE: "100" });
    try {
      const res = await fetch(`${base}/v/${CODE.toLowerCase()}`);
      const body = await res.text();
      expect(res.status, process.tail()).toBe(200);
      expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(body).toContain("Документ действителен");
      expect(body).toContain("У-2026-000001");
      expect(body).not.toContain("Иванова Анна Петровна");
      expect((await fetch(`${base}/v/AAAAAAAAAA`)).status).toBe(404);
    } finally {
      expect((await process.stop("SIGTERM")).code).toBe(0);
    }
  });

  it("without PUBLIC_URL /v and /p are 404 (ROLE=all)", async () => {
    const { base, process } = await start({});
    try {
      const res = await fetch(`${base}/v/${CODE}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe("Not found");
      expect((await fetch(`${base}/p/abcdefgh234`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      expect((await process.stop("SIGTERM")).code).toBe(0);
    }
  });
});
