import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { webhookCallback } from "grammy";
import { Redis } from "ioredis";
import { createHttpServer, MAX_WEBHOOK_BODY_BYTES, webhookAdapter } from "../../src/http/server.js";
import { BotHarness } from "../support/bot-harness.js";

const SECRET = "s3cret-token-for-tests-0123456789";
let h: BotHarness;
let server: http.Server;
let base: string;

beforeAll(async () => {
  h = await BotHarness.create();
  server = createHttpServer({
    container: h.container,
    webhookPath: "/telegram/hook",
    webhook: webhookCallback(h.bot, webhookAdapter, { secretToken: SECRET }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

const update = (id: number) => ({
  update_id: id,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: 4001, type: "private", first_name: "Вера" },
    from: { id: 4001, is_bot: false, first_name: "Вера", language_code: "ru" },
    text: "/help",
    entities: [{ type: "bot_command", offset: 0, length: 5 }],
  },
});

describe("HTTP endpoint", () => {
  it("reports database and Redis health", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", redis: "ok" });
  });

  it("rejects webhook requests without the right secret token and handles the right ones", async () => {
    const before = h.calls.length;
    const none = await fetch(`${base}/telegram/hook`, { method: "POST", body: JSON.stringify(update(1)), headers: { "content-type": "application/json" } });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${base}/telegram/hook`, {
      method: "POST",
      body: JSON.stringify(update(2)),
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong-wrong-wrong-wrong" },
    });
    expect(wrong.status).toBe(401);
    expect(h.calls.length).toBe(before);
    const ok = await fetch(`${base}/telegram/hook`, {
      method: "POST",
      body: JSON.stringify(update(3)),
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    });
    expect(ok.status).toBe(200);
    const sent = h.calls.slice(before).find((c) => c.method === "sendMessage");
    expect(sent?.payload.text).toContain("/profile");
  });

  // Reproduces #9 item 18: a malformed body reached grammY's JSON.parse and the server answered 500.
  it("answers a malformed webhook body with 400 and an oversized one with 413, handling nothing", async () => {
    const before = h.calls.length;
    const post = (body: string | Uint8Array) =>
      fetch(`${base}/telegram/hook`, { method: "POST", body, headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET } });
    expect((await post("{not json")).status).toBe(400);
    expect((await post("")).status).toBe(400);
    expect((await post("[1,2,3]")).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: "x" }))).status).toBe(400);
    expect((await post(new Uint8Array(MAX_WEBHOOK_BODY_BYTES + 1).fill(32))).status).toBe(413);
    expect(h.calls.length).toBe(before);
    // The server still works afterwards.
    expect((await post(JSON.stringify(update(4)))).status).toBe(200);
  });

  it("answers 404 elsewhere", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("reports Redis down as 503", async () => {
    // A real client pointed at a port where no Redis listens.
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on("error", () => undefined);
    const broken = createHttpServer({ container: { ...h.container, redis: dead } });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/healthz`);
      expect(res.status).toBe(503);
      // Status only: the driver's message ("connect ECONNREFUSED 127.0.0.1:1") used to be in the body.
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "degraded", database: "ok", redis: "down" });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Connection/i);
    } finally {
      dead.disconnect();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});
