// A Redis outage seen by members and by the log (#9 item 13). It reproduces the
// reported failure: while Redis was down members got no reply at all (commands
// waited in ioredis' endless offline queue) and the log got 270 stack traces in
// 20 s. The real bot and container talk to the real Redis through a TCP proxy
// that the test cuts and restores.
import { Writable } from "node:stream";
import { pino } from "pino";
import type { Bot } from "grammy";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConfig } from "../../src/config.js";
import { createContainer, type Container } from "../../src/container.js";
import { createBot } from "../../src/bot/create-bot.js";
import type { BotContext } from "../../src/bot/context.js";
import { makeTextUpdate, startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";
import { TEST_BOT_INFO, TEST_REDIS_URL } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";
import { RedisProxy } from "../support/redis-proxy.js";
import { waitUntil } from "../support/wait.js";
import { SCHEDULES } from "../../src/features/index.js";
import { stateSentinelKey } from "../../src/jobs/resync.js";

let fake: BotApiFake;
let db: TestDatabase;
let proxy: RedisProxy;
let container: Container;
let bot: Bot<BotContext>;
const prefix = createTestRedisPrefix();
const logLines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
let updateId = 1;

beforeAll(async () => {
  [fake, db] = await Promise.all([startBotApiFake({ botId: TEST_BOT_INFO.id, botUsername: TEST_BOT_INFO.username }), createTestDatabase()]);
  proxy = new RedisProxy(new URL(TEST_REDIS_URL));
  await proxy.up();
  const config = createConfig({
    BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
    DATABASE_URL: db.url,
    REDIS_URL: `redis://127.0.0.1:${proxy.port}/0`,
    REDIS_PREFIX: prefix,
    TELEGRAM_API_ROOT: fake.apiRoot,
    RATE_LIMIT_PER_SECOND: "50",
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  container = createContainer(config, { logger: pino({ level: "info" }, sink) });
  bot = createBot(container, { botInfo: TEST_BOT_INFO });
  await bot.init();
});

afterAll(async () => {
  await container?.close();
  const redis = new Redis(TEST_REDIS_URL);
  await cleanRedisPrefix(redis, prefix).finally(() => redis.disconnect());
  await Promise.all([fake?.close(), db?.drop()]);
});

const send = (userId: number, text: string) => {
  const update = makeTextUpdate({ id: userId, first_name: "Анна", language_code: "ru" }, text);
  return bot.handleUpdate({ ...update, update_id: updateId++ });
};
const repliesTo = (userId: number) => fake.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === userId).map((c) => String(c.payload.text));

describe("a Redis outage", () => {
  it("members get a short reply within seconds, the log one line per kind; all works again after", { timeout: 90_000 }, async () => {
    await send(5_100_000_001, "/help");
    expect(repliesTo(5_100_000_001).at(-1)).toContain("/profile");

    // BullMQ prints connection errors of a queue without an 'error' listener to the console, stack and all.
    const consoleError = vi.spyOn(console, "error");
    await proxy.down();
    const logBefore = logLines.length;
    const members = Array.from({ length: 20 }, (_, i) => 5_100_000_100 + i);
    const started = Date.now();
    await Promise.all(members.map((id) => send(id, "/start")));
    const took = Date.now() - started;
    for (const id of members)
      expect(repliesTo(id), `member ${id}`).toEqual(["Бот ненадолго недоступен. Ничего из введённого не потеряно — попробуйте, пожалуйста, ещё раз через минуту."]);
    // ioredis gives up on a command after one reconnect attempt instead of queueing it for good.
    expect(took).toBeLessThan(15_000);
    const outageLines = logLines.slice(logBefore).filter((l) => l.level >= 40);
    console.info(`outage: 20 members answered in ${took} ms; log lines: ${JSON.stringify(outageLines.map((l) => l.msg))}`);
    // Before: a stack trace per update and per reconnect attempt. Now: one line per kind (Redis unreachable, updates failing, ...).
    expect(outageLines.length, JSON.stringify(outageLines.map((l) => l.msg))).toBeLessThanOrEqual(4);
    expect(JSON.stringify(outageLines)).not.toMatch(/"stack"/);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();

    await proxy.up();
    await new Promise((r) => setTimeout(r, 2_500));
    await send(5_100_000_002, "/help");
    expect(repliesTo(5_100_000_002).at(-1)).toContain("/profile");
  });

  // #9 item 13: the maintenance schedules stayed gone until a process restart.
  it("a Redis that comes back empty (restarted without persistence) gets its schedules back as soon as the connection is ready", { timeout: 60_000 }, async () => {
    await container.stateWatcher.start();
    const schedulers = async () => (await container.queues.queue("maintenance").getJobSchedulers()).length;
    expect(await schedulers()).toBe(SCHEDULES.length);
    await proxy.down();
    const direct = new Redis(TEST_REDIS_URL);
    try {
      // What a restart without persistence leaves: nothing.
      await cleanRedisPrefix(direct, prefix);
      await proxy.up();
      const started = Date.now();
      // Well before the 30-second timer: the reconnect ('ready') triggers the check.
      await waitUntil(async () => (await schedulers().catch(() => 0)) === SCHEDULES.length && (await direct.exists(stateSentinelKey(prefix))) === 1, 20_000);
      console.info(`schedules back ${Date.now() - started} ms after Redis came back`);
    } finally {
      direct.disconnect();
    }
  });
});
