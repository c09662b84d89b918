// Saved searches (the query and filters behind a result list's buttons) on the real Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearchStates, searchKeyPattern, searchStateKey } from "../../src/features/materials/materials.search-state.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

let redis: Redis;
let prefix: string;
let states: SearchStates;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  prefix = createTestRedisPrefix();
  states = new SearchStates(redis, prefix);
});

afterAll(async () => {
  await cleanRedisPrefix(redis, prefix);
  await redis.quit();
});

describe("SearchStates", () => {
  it("saves a search for a day under a new token and reads it back for its member only", async () => {
    const token = await states.save(42, { q: "дроби", s: "math" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await states.load(42, token)).toEqual({ q: "дроби", s: "math" });
    expect(await states.load(43, token)).toBeUndefined();
    const ttl = await redis.ttl(searchStateKey(prefix, 42, token));
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it("overwrites a search under its token (a changed filter keeps the buttons working)", async () => {
    const token = await states.save(42, { q: "дроби" });
    expect(await states.save(42, { q: "дроби", y: "TEST" }, token)).toBe(token);
    expect(await states.load(42, token)).toEqual({ q: "дроби", y: "TEST" });
  });

  it("refuses missing and malformed tokens without asking Redis", async () => {
    for (const token of [undefined, "", "short", "abcdefgh*", "../../../"]) {
      expect(await states.load(42, token), String(token)).toBeUndefined();
    }
  });

  it("keys a member's searches so that erasure finds them with one pattern", async () => {
    const token = await states.save(77, { q: "x" });
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", searchKeyPattern(prefix, 77), "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    expect(keys).toEqual([searchStateKey(prefix, 77, token)]);
  });
});
