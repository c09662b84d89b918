// The flood limits the Bot API fake enforces for the benchmarks (test/support/bot-api-fake/flood.ts).
import { Api, GrammyError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFloodControl } from "../support/bot-api-fake/flood.js";
import { startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";

const send = (chat: number, paid = false) => ({ chat_id: chat, text: "x", ...(paid ? { allow_paid_broadcast: true } : {}) });

describe("createFloodControl", () => {
  it("allows 30 messages in any sliding second overall, then answers 429 with retry_after until one leaves the window", () => {
    const flood = createFloodControl();
    for (let i = 0; i < 30; i++) expect(flood.admit("sendMessage", send(i + 1), 1000 + i * 10)).toBeUndefined();
    expect(flood.admit("copyMessage", send(100), 1500)).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    // The first left the window at 2000 (exclusive): one more fits, not two.
    expect(flood.admit("sendMessage", send(101), 2000)).toBeUndefined();
    expect(flood.admit("sendMessage", send(102), 2001)).toMatchObject({ error_code: 429 });
    expect(flood.refused.global).toBe(2);
  });

  it("counts allow_paid_broadcast messages in a window of 1,000 of their own", () => {
    const flood = createFloodControl();
    for (let i = 0; i < 1000; i++) expect(flood.admit("copyMessage", send(i + 1, true), 5000 + i * 0.5)).toBeUndefined();
    expect(flood.admit("copyMessage", send(5000, true), 5600)).toMatchObject({ error_code: 429 });
    // The free lane is untouched by them.
    expect(flood.admit("sendMessage", send(5001), 5600)).toBeUndefined();
  });

  it("one message a second per private chat, 20 a minute per group; edits and reads are not counted", () => {
    const flood = createFloodControl();
    expect(flood.admit("sendMessage", send(7), 0)).toBeUndefined();
    expect(flood.admit("sendMessage", send(7), 500)).toMatchObject({ error_code: 429 });
    expect(flood.admit("editMessageText", send(7), 500)).toBeUndefined();
    expect(flood.admit("sendMessage", send(7), 1000)).toBeUndefined();
    for (let i = 0; i < 20; i++) expect(flood.admit("sendMessage", send(-100), 10_000 + i * 1100)).toBeUndefined();
    expect(flood.admit("sendMessage", send(-100), 40_000)).toMatchObject({ error_code: 429, parameters: { retry_after: 30 } });
    expect(flood.refused).toMatchObject({ chat: 1, group: 1 });
  });
});

describe("startBotApiFake({ floodLimits })", () => {
  let fake: BotApiFake;
  beforeAll(async () => {
    fake = await startBotApiFake({ floodLimits: { globalPerSecond: 5 }, latencyMs: 5, latencyJitterMs: 10 });
  });
  afterAll(() => fake.close());

  it("answers 429 with retry_after over HTTP once the limit is passed, and records when each request arrived", async () => {
    const api = new Api("123:abc", { apiRoot: fake.apiRoot });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => api.sendMessage(i + 1, "hi")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as GrammyError);
    expect(refused.map((e) => [e.error_code, e.parameters.retry_after])).toEqual(Array(3).fill([429, 1]));
    for (const call of fake.calls) expect(call.at - call.receivedAt!).toBeGreaterThanOrEqual(4);
  });
});
