// The polling loop's inbox under load (#11: thousands of group messages a
// second): a batch is written in one command while its updates already run,
// and finished updates leave the inbox together. What must hold: every update
// handled once, in update order per batch, the inbox empty once all finished,
// an update still running stays in the inbox (a crash would replay it), and an
// inbox left by a previous run is replayed with its start counts.
import type { Update } from "grammy/types";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBareApi } from "../../src/bot/api.js";
import { inboxAttemptsKey, inboxKey, startPolling, type PollingHandle } from "../../src/bot/polling.js";
import { createLogger } from "../../src/shared/logger.js";
import { makeTextUpdate, startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";
import { TEST_REDIS_URL } from "../support/bot-harness.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fake: BotApiFake;
let redis: Redis;
let prefix: string;
let polling: PollingHandle | undefined;

beforeEach(async () => {
  fake = await startBotApiFake();
  redis = new Redis(TEST_REDIS_URL);
  prefix = createTestRedisPrefix();
});

afterEach(async () => {
  await polling?.stop(1000);
  polling = undefined;
  await cleanRedisPrefix(redis, prefix);
  redis.disconnect();
  await fake.close();
});

function poll(handle: (update: Update) => Promise<void>): PollingHandle {
  return startPolling({
    api: createBareApi(TOKEN, fake.apiRoot),
    redis,
    redisPrefix: prefix,
    handle,
    allowedUpdates: ["message"],
    logger: createLogger("silent"),
    onFatal: () => undefined,
    timeoutSeconds: 1,
  });
}

async function until(condition: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${withinMs} ms`);
    await sleep(10);
  }
}

describe("the polling inbox under load", () => {
  it("handles 250 updates queued at once exactly once, in order, and leaves the inbox empty", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 250; i++) ids.push(fake.pushUpdate(makeTextUpdate({ id: 7_200_000_000 + (i % 25), first_name: "Анна" }, `сообщение ${i}`)));
    const handled: number[] = [];
    polling = poll(async (u) => void handled.push(u.update_id));
    await until(() => handled.length >= 250, 10_000, "all 250 handled");
    expect(handled).toEqual(ids);
    await until(async () => (await redis.hlen(inboxKey(prefix))) === 0, 2000, "the inbox emptied");
    expect(await redis.hlen(inboxAttemptsKey(prefix))).toBe(0);
    // Nothing was delivered twice: the offsets confirmed every batch.
    await sleep(1200);
    expect(handled).toHaveLength(250);
  });

  it("keeps an update in the inbox while it runs, with one start counted, and drops it once finished", async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const finished: number[] = [];
    polling = poll(async (u) => {
      if ((u.message?.text ?? "") === "медленно") await slow;
      finished.push(u.update_id);
    });
    const quick = fake.pushUpdate(makeTextUpdate({ id: 7_200_000_100, first_name: "Иван" }, "быстро"));
    const held = fake.pushUpdate(makeTextUpdate({ id: 7_200_000_101, first_name: "Ольга" }, "медленно"));
    await until(() => finished.includes(quick), 5000, "the quick update finished");
    await until(async () => (await redis.hexists(inboxKey(prefix), String(quick))) === 0, 2000, "the quick update left the inbox");
    const stored = await redis.hget(inboxKey(prefix), String(held));
    expect((JSON.parse(stored!) as Update).message?.text).toBe("медленно");
    expect(await redis.hget(inboxAttemptsKey(prefix), String(held))).toBe("1");
    release();
    await until(() => finished.includes(held), 2000, "the held update finished");
    await until(async () => (await redis.hlen(inboxKey(prefix))) === 0, 2000, "the inbox emptied");
  });

  it("replays what a previous run left in the inbox first, counting one more start, and drops an update started three times", async () => {
    const left = makeTextUpdate({ id: 7_200_000_200, first_name: "Пётр" }, "осталось") as Update;
    const poison = makeTextUpdate({ id: 7_200_000_201, first_name: "Пётр" }, "ядовитое") as Update;
    left.update_id = 900_001;
    poison.update_id = 900_002;
    await redis.hset(inboxKey(prefix), String(left.update_id), JSON.stringify(left), String(poison.update_id), JSON.stringify(poison));
    await redis.hset(inboxAttemptsKey(prefix), String(left.update_id), "1", String(poison.update_id), "3");
    const handled: number[] = [];
    polling = poll(async (u) => void handled.push(u.update_id));
    await until(() => handled.includes(left.update_id), 5000, "the left update replayed");
    await until(async () => (await redis.hlen(inboxKey(prefix))) === 0, 2000, "the inbox emptied");
    expect(handled).toEqual([left.update_id]);
  });
});
