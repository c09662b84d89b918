import type http from "node:http";

/** The answer of {@link RateLimiter.take}: go ahead, or wait `retryAfterSeconds`. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A per-key request budget (the public pages' limit per client address). */
export interface RateLimiter {
  take(key: string): RateDecision;
  /** Keys currently remembered (for tests and the benchmark). */
  readonly size: number;
}

interface Window {
  /** Start of the current window (ms). */
  start: number;
  current: number;
  previous: number;
  /** Last request (ms): the map is kept in this order. */
  seen: number;
}

/**
 * An in-memory sliding-window counter per key (the last minute-aligned
 * window's count, weighted by how much of it still overlaps, plus the current
 * one's), so a client cannot double its rate at a window's edge as with fixed
 * windows.
 *
 * Memory is bounded: the map is kept in order of last request (a hit moves its
 * key to the end), keys idle for two windows are dropped from the front as
 * requests come (amortised O(1), no timer), and when `maxKeys` are remembered
 * the least recently seen key is forgotten. A flood of distinct addresses
 * therefore costs at most `maxKeys` entries; its price is that a client
 * rotating through more than `maxKeys` addresses is not limited, which is as
 * far as one process's memory can go (a reverse proxy or firewall limits
 * beyond that). Per process: with several processes behind one address each
 * counts its own share.
 */
export function createRateLimiter(options: { perMinute: number; windowMs?: number; maxKeys?: number; now?: () => number }): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const limit = options.perMinute;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();

  const pruneIdle = (at: number) => {
    for (const [key, w] of windows) {
      if (at - w.seen < 2 * windowMs) break;
      windows.delete(key);
    }
  };

  /** How long until one more request fits: later in this window as the last one fades, or in the next. */
  const waitFor = (w: Window, intoWindow: number): number => {
    const room = limit - 1 - w.current;
    if (room >= 0 && w.previous > 0) {
      const at = 1 - room / w.previous;
      if (at <= 1) return Math.max(0, at - intoWindow) * windowMs;
    }
    // In the next window this one's count is the fading previous.
    const next = w.current > 0 ? Math.max(0, 1 - (limit - 1) / w.current) : 0;
    return (1 - intoWindow + next) * windowMs;
  };

  return {
    get size() {
      return windows.size;
    },
    take(key) {
      const at = now();
      pruneIdle(at);
      let w = windows.get(key);
      if (w) windows.delete(key);
      else {
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start: at - (at % windowMs), current: 0, previous: 0, seen: at };
      }
      windows.set(key, w);
      w.seen = at;
      const elapsedWindows = Math.floor((at - w.start) / windowMs);
      if (elapsedWindows >= 1) {
        w.previous = elapsedWindows === 1 ? w.current : 0;
        w.current = 0;
        w.start += elapsedWindows * windowMs;
      }
      const intoWindow = (at - w.start) / windowMs;
      const estimate = w.previous * (1 - intoWindow) + w.current;
      if (estimate + 1 > limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitFor(w, intoWindow) / 1000)) };
      w.current++;
      return { ok: true };
    },
  };
}

/**
 * The key a request is limited under: the socket's address, or with
 * `trustProxy` (TRUST_PROXY=true, set only behind a reverse proxy that appends
 * the client to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does)
 * the right-most address of that header, the one the proxy itself wrote.
 * IPv6 clients are limited per /64 (one host usually owns the whole prefix);
 * IPv4-mapped addresses count as IPv4.
 */
export function clientKey(req: http.IncomingMessage, trustProxy = false): string {
  let address = req.socket.remoteAddress ?? "";
  if (trustProxy) {
    const header = req.headers["x-forwarded-for"];
    const last = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (last) address = last;
  }
  return addressKey(address);
}

/** An address as a limiter key: IPv4 as is, IPv6 as its /64 prefix. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("%")[0]!.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
