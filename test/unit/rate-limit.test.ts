// The public pages' per-address limiter (src/http/rate-limit.ts): the budget,
// the sliding window, Retry-After, bounded memory and the client's key.
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { addressKey, clientKey, createRateLimiter } from "../../src/http/rate-limit.js";
import { prng } from "../support/prng.js";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createRateLimiter", () => {
  it("lets perMinute requests through, then answers with a Retry-After within the minute", () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 5, now: c.now });
    for (let i = 0; i < 5; i++) expect(limiter.take("a").ok).toBe(true);
    const refused = limiter.take("a");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Other addresses have their own budget.
    expect(limiter.take("b").ok).toBe(true);
  });

  it("slides: the last window's requests still count in the next one, fading out", () => {
    const c = clock(0);
    const limiter = createRateLimiter({ perMinute: 10, now: c.now });
    c.advance(50_000);
    for (let i = 0; i < 10; i++) expect(limiter.take("a").ok).toBe(true);
    // A fixed window would allow 10 more right after the edge; 10 s into the next
    // window five sixths of the last one still count: one more request is allowed.
    c.advance(20_000);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
    // A whole window later the budget is back.
    c.advance(120_000);
    for (let i = 0; i < 10; i++) expect(limiter.take("a").ok).toBe(true);
  });

  it("honours its own Retry-After: a client that waits that long gets through", () => {
    const c = clock(0);
    const limiter = createRateLimiter({ perMinute: 3, now: c.now });
    for (let i = 0; i < 3; i++) limiter.take("a");
    c.advance(30_000);
    const refused = limiter.take("a");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    c.advance(refused.retryAfterSeconds * 1000);
    expect(limiter.take("a").ok).toBe(true);
  });

  it("Retry-After is honoured: a client that waits that long gets in (random schedules)", () => {
    const random = prng(12);
    for (let run = 0; run < 200; run++) {
      const c = clock(Math.floor(random() * 1e9));
      const perMinute = 1 + Math.floor(random() * 20);
      const limiter = createRateLimiter({ perMinute, now: c.now });
      for (let i = 0; i < 60; i++) {
        c.advance(Math.floor(random() * 8000));
        const decision = limiter.take("a");
        if (decision.ok) continue;
        expect(decision.retryAfterSeconds).toBeLessThanOrEqual(120);
        c.advance(decision.retryAfterSeconds * 1000);
        expect(limiter.take("a").ok).toBe(true);
      }
    }
  });

  it("keeps at most maxKeys addresses under a flood of distinct ones, forgetting the least recent", () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 1, maxKeys: 100, now: c.now });
    limiter.take("victim");
    for (let i = 0; i < 10_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(100);
    // An address seen again recently survives the flood; it is still limited.
    limiter.take("hot");
    for (let i = 0; i < 99; i++) limiter.take(`10.1.0.${i}`);
    expect(limiter.take("hot").ok).toBe(false);
    expect(limiter.size).toBe(100);
  });

  it("drops idle addresses as requests come, without a timer", () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 5, now: c.now });
    for (let i = 0; i < 50; i++) limiter.take(`a${i}`);
    expect(limiter.size).toBe(50);
    c.advance(121_000);
    limiter.take("late");
    expect(limiter.size).toBe(1);
  });
});

describe("clientKey", () => {
  const req = (remoteAddress: string, forwarded?: string) =>
    ({ socket: { remoteAddress }, headers: forwarded ? { "x-forwarded-for": forwarded } : {} }) as unknown as http.IncomingMessage;

  it("takes the socket's address unless told to trust a proxy", () => {
    expect(clientKey(req("203.0.113.5", "1.2.3.4"))).toBe("203.0.113.5");
    expect(clientKey(req("127.0.0.1", "1.2.3.4, 198.51.100.7"), true)).toBe("198.51.100.7");
    expect(clientKey(req("127.0.0.1"), true)).toBe("127.0.0.1");
  });

  it("limits IPv6 per /64 and IPv4-mapped addresses as IPv4", () => {
    expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002::ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
