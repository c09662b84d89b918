// The antiflood guard (src/features/groups/groups.flood.ts) on the real Redis:
// counts in memory, decides each mute once in Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloodGuard, type FloodVerdict } from "../../src/features/groups/groups.flood.js";
import { TEST_REDIS_URL } from "../support/bot-harness.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const LIMIT = { messages: 5, seconds: 10, muteMinutes: 60 };
let redis: Redis;
let prefix: string;
let clock = 1_796_000_000_000;
const now = () => clock;

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL);
  prefix = createTestRedisPrefix();
  // Connected before counting (the connection's own first commands are not the guard's).
  await redis.ping();
});
afterAll(async () => {
  await cleanRedisPrefix(redis, prefix);
  redis.disconnect();
});

/** Counts the commands this client sends (a real Redis underneath). */
function commandsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; commands: number }> {
  let commands = 0;
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = (...args: Parameters<Redis["sendCommand"]>) => {
    commands++;
    return original(...args);
  };
  return fn()
    .then((result) => ({ result, commands }))
    .finally(() => {
      redis.sendCommand = original;
    });
}

describe("FloodGuard", () => {
  it("a sender under the limit costs no Redis command", async () => {
    const guard = new FloodGuard(redis, prefix, now);
    const { result, commands } = await commandsDuring(async () => {
      const verdicts: FloodVerdict[] = [];
      // 5 in 10 s from each of 20 senders, and a sixth 11 s later: never over.
      for (let sender = 0; sender < 20; sender++) for (let i = 0; i < 5; i++) verdicts.push(await guard.check(-100, sender, sender * 10 + i, clock + i * 100, LIMIT));
      verdicts.push(await guard.check(-100, 0, 999, clock + 11_000, LIMIT));
      return verdicts;
    });
    expect(result.every((v) => v.kind === "ok")).toBe(true);
    expect(commands).toBe(0);
  });

  it("40 messages at once: exactly one mute with the burst's ids, the rest 'muted'", async () => {
    const guard = new FloodGuard(redis, prefix, now);
    const { result: verdicts, commands } = await commandsDuring(() =>
      Promise.all(Array.from({ length: 40 }, (_, i) => Promise.resolve(guard.check(-200, 7, 100 + i, clock, LIMIT)))),
    );
    // One SET NX for the whole burst (the counter sees commands: see the first test's 0).
    expect(commands).toBe(1);
    const mutes = verdicts.filter((v) => v.kind === "mute");
    expect(mutes).toEqual([{ kind: "mute", messageIds: [100, 101, 102, 103, 104, 105] }]);
    expect(verdicts.slice(0, 5).every((v) => v.kind === "ok")).toBe(true);
    expect(verdicts.filter((v) => v.kind === "muted")).toHaveLength(34);
    expect(await redis.pttl(`${prefix}:gmuted:-200:7`)).toBeGreaterThan(59 * 60_000);
  });

  it("a second process (or the bot after a restart) that sees the flood too does not mute again", async () => {
    const first = new FloodGuard(redis, prefix, now);
    const second = new FloodGuard(redis, prefix, now);
    for (let i = 0; i < 5; i++) await first.check(-300, 8, i, clock, LIMIT);
    expect(await first.check(-300, 8, 5, clock, LIMIT)).toMatchObject({ kind: "mute" });
    for (let i = 0; i < 5; i++) await second.check(-300, 8, 10 + i, clock, LIMIT);
    expect(await second.check(-300, 8, 15, clock, LIMIT)).toEqual({ kind: "muted" });
  });

  it("after the mute, the sender counts afresh; /unmute forgets at once", async () => {
    const guard = new FloodGuard(redis, prefix, now);
    for (let i = 0; i < 6; i++) await guard.check(-400, 9, i, clock, LIMIT);
    expect(await guard.check(-400, 9, 6, clock, LIMIT)).toEqual({ kind: "muted" });
    clock += 61 * 60_000;
    await redis.del(`${prefix}:gmuted:-400:9`); // Redis expired it meanwhile
    expect(await guard.check(-400, 9, 7, clock, LIMIT)).toEqual({ kind: "ok" });

    for (let i = 0; i < 6; i++) await guard.check(-400, 10, 100 + i, clock, LIMIT);
    await guard.release(-400, 10);
    expect(await redis.exists(`${prefix}:gmuted:-400:10`)).toBe(0);
    expect(await guard.check(-400, 10, 200, clock, LIMIT)).toEqual({ kind: "ok" });
  });

  it("old messages delivered late (a backlog after downtime) are counted by their own time, not as a burst", async () => {
    const guard = new FloodGuard(redis, prefix, now);
    const verdicts = [];
    for (let i = 0; i < 12; i++) verdicts.push(await guard.check(-500, 11, i, clock - 120_000 + i * 3000, LIMIT));
    expect(verdicts.every((v) => v.kind === "ok")).toBe(true);
  });
});
