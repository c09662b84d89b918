// Which errors mean "a service is down" (src/shared/unavailable.ts), checked on
// the errors the real drivers raise, not on hand-made ones: members are told
// "briefly unavailable" for these (#9 item 13), and a Telegram network error
// must not be mistaken for one.
import { Api } from "grammy";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createPrisma } from "../../src/db/prisma.js";
import { unavailableService } from "../../src/shared/unavailable.js";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("unavailableService", () => {
  it("a Redis command while Redis is unreachable", async () => {
    const redis = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 50 });
    redis.on("error", () => undefined);
    try {
      expect(unavailableService(await rejection(redis.get("x")))).toBe("redis");
    } finally {
      redis.disconnect();
    }
  });

  it("a query while PostgreSQL is unreachable", async () => {
    const prisma = createPrisma("postgresql://postgres@127.0.0.1:1/nothing");
    try {
      const error = await rejection(prisma.$queryRaw`SELECT 1`);
      expect(unavailableService(error), String(error)).toBe("database");
    } finally {
      await prisma.$disconnect();
    }
  });

  it("not a Telegram network error, nor an ordinary bug", async () => {
    const api = new Api("123:abc", { apiRoot: "http://127.0.0.1:1" });
    expect(unavailableService(await rejection(api.getMe()))).toBeUndefined();
    expect(unavailableService(new TypeError("x is undefined"))).toBeUndefined();
  });
});
