// The flood limit (src/bot/rate-limit.ts), driven through the real bot on real
// PostgreSQL and Redis. It reproduces #9 item 18: commands in groups bypassed
// the limiter (1,000 commands from one member cost 1,230 database
// transactions), and button presses beyond the first over the limit were never
// answered (their spinners turned until Telegram gave up).
import pg from "pg";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { newMessageId } from "../support/bot-api-fake.js";

/** Counts the SQL statements this process sends to PostgreSQL (every pg client: Prisma's adapter uses pg). */
function countQueries(): { readonly count: number; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const counter = { count: 0, stop: () => void (proto.query = original) };
  proto.query = function (this: unknown, ...args: unknown[]) {
    counter.count++;
    return original.apply(this, args);
  };
  return counter;
}

let h: BotHarness;
const PER_SECOND = 4;
// The harness's limit is 4 a second over a 5-second window: 20 updates per window.
const PER_WINDOW = PER_SECOND * 5;

beforeAll(async () => {
  h = await BotHarness.create({ env: { RATE_LIMIT_PER_SECOND: String(PER_SECOND) } });
});
afterAll(async () => {
  await h.close();
});

function groupCommand(userId: number, text: string): Omit<Update, "update_id"> {
  const command = /^\/\S+/.exec(text)![0];
  return {
    message: {
      message_id: newMessageId(-100_500),
      date: Math.floor(Date.now() / 1000),
      chat: { id: -100_500, type: "supergroup", title: "Учительская" },
      from: { id: userId, is_bot: false, first_name: "Флуд", language_code: "ru" },
      text,
      entities: [{ type: "bot_command", offset: 0, length: command.length }],
    },
  };
}

describe("flood limit", () => {
  it("1,000 group commands from one member cost bounded database work", { timeout: 120_000 }, async () => {
    const started = Date.now();
    const queries = countQueries();
    try {
      await Promise.all(Array.from({ length: 1_000 }, () => h.handle(groupCommand(6_200_000_001, "/events@teachers_test_bot"))));
    } finally {
      queries.stop();
    }
    // At most PER_WINDOW commands get through per window that the flood lasted.
    const windows = Math.ceil((Date.now() - started) / 5_000) + 1;
    // A command that gets through costs a few statements (the member, the command's own reads); the rest cost none.
    const bound = windows * PER_WINDOW * 10;
    console.info(`1,000 group commands: ${queries.count} SQL statements in ${Date.now() - started} ms (bound ${bound})`);
    expect(queries.count).toBeLessThanOrEqual(bound);
    expect(queries.count).toBeLessThan(400);
  });

  it("answers every flooded button press exactly once, without the database", { timeout: 120_000 }, async () => {
    const user = h.user(6_200_000_002);
    const before = h.calls.length;
    const queries = countQueries();
    try {
      await Promise.all(Array.from({ length: 300 }, () => user.tapData("zz:stale")));
    } finally {
      queries.stop();
    }
    const pressed = 300;
    const answers = h.calls.slice(before).filter((c) => c.method === "answerCallbackQuery");
    const perId = new Map<string, number>();
    for (const a of answers) perId.set(String(a.payload.callback_query_id), (perId.get(String(a.payload.callback_query_id)) ?? 0) + 1);
    expect(perId.size).toBe(pressed);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(answers.every((a) => a.response.ok)).toBe(true);
    // Most presses were over the limit and answered by the limiter with the notice.
    const limited = answers.filter((a) => String(a.payload.text).includes("Подождите"));
    expect(limited.length).toBeGreaterThanOrEqual(pressed - 3 * PER_WINDOW);
    expect(queries.count).toBeLessThan(3 * PER_WINDOW * 5);
  });

  it("still limits private messages, telling the member once per window", { timeout: 60_000 }, async () => {
    const user = h.user(6_200_000_003);
    const before = h.calls.length;
    await Promise.all(Array.from({ length: 60 }, () => user.send("/help")));
    const notices = h.calls.slice(before).filter((c) => c.method === "sendMessage" && String(c.payload.text).includes("Подождите"));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.length).toBeLessThanOrEqual(2);
  });
});
