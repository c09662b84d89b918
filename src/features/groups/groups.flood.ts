/**
 * Antiflood (issue 11, "Keeping groups clean"): more than N messages of one
 * sender in one group within M seconds → the burst is deleted and the sender
 * muted once.
 *
 * The counters are kept in the memory of the bot process, the decision to
 * mute in Redis. Every update of the bot reaches its one bot process (long
 * polling, or the one ROLE=bot container in webhook mode; see Deployment in
 * the README), so the process sees each sender's every message and counts
 * exactly; a clean message then costs no Redis round trip at all. The first
 * design counted in Redis (a Lua script per message, then one per batch of
 * messages) and `npm run bench:groups` measured it: the round trip put every
 * message of a getUpdates batch behind the script, p99 24–44 ms against the
 * 20 ms target, 3–5× the batch's time without it. What Redis still holds is
 * what must be decided once across processes and restarts: the `SET NX` key
 * "this sender's mute in this group is decided", so however many of a
 * sender's messages cross the limit at once (the front runs before per-sender
 * ordering) exactly one gets the verdict "mute" (with every id of the window,
 * to delete) and every later one "muted" (delete it too: Telegram may not have
 * applied the mute yet). A restart forgets the counts: a flood that spans it
 * needs N more messages to be caught.
 */
import type { Api } from "grammy";
import type { Redis } from "ioredis";
import type { Logger } from "../../shared/logger.js";

/**
 * A sender's "mute decided" key in a chat. Keyed by chat and user, so
 * /forgetme finds a member's keys from the groups table (every chat the bot
 * screens has a row), without a SCAN.
 */
export function mutedKey(prefix: string, chatId: number | bigint, userId: number | bigint): string {
  return `${prefix}:gmuted:${chatId}:${userId}`;
}

/** The flood settings of a group (GroupView.flood). */
export interface FloodLimit {
  messages: number;
  seconds: number;
  muteMinutes: number;
}

/** ok: nothing to do; mute: this message crossed the limit (delete `messageIds`, mute once); muted: the mute is decided already (delete this message). */
export type FloodVerdict = { kind: "ok" } | { kind: "mute"; messageIds: number[] } | { kind: "muted" };

const OK: FloodVerdict = { kind: "ok" };
const MUTED: FloodVerdict = { kind: "muted" };

/** One sender in one group: their messages of the window (times in ms, oldest first) and the mute decision. */
interface Window {
  times: number[];
  ids: number[];
  /** The decision in Redis, once the limit was crossed (true: this process mutes). */
  decision?: Promise<boolean>;
  /** Until when the sender counts as muted (their messages are deleted). */
  mutedUntil: number;
}

/** Every PRUNE_EVERY messages, windows idle for IDLE_MS (longer than any flood window) are dropped. */
const PRUNE_EVERY = 10_000;
const IDLE_MS = 10 * 60_000;

/** Per-sender flood counters of every group: in memory; the mute decision in Redis. */
export class FloodGuard {
  private readonly windows = new Map<string, Window>();
  private checks = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one message (`atMs`: when it was written) and says what to do. */
  check(chatId: number, userId: number, messageId: number, atMs: number, limit: FloodLimit): Promise<FloodVerdict> | FloodVerdict {
    if (++this.checks % PRUNE_EVERY === 0) this.prune();
    const key = `${chatId}:${userId}`;
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { times: [], ids: [], mutedUntil: 0 }));
    if (w.decision) {
      if (w.mutedUntil > this.now()) return w.decision.then(() => MUTED);
      // The mute is over: count afresh.
      w.decision = undefined;
      w.times = [];
      w.ids = [];
    }
    w.times.push(atMs);
    w.ids.push(messageId);
    const since = atMs - limit.seconds * 1000;
    let drop = 0;
    while (drop < w.times.length && w.times[drop]! <= since) drop++;
    if (drop > 0) {
      w.times.splice(0, drop);
      w.ids.splice(0, drop);
    }
    if (w.times.length <= limit.messages) return OK;

    // Crossed: decide once, in Redis. The mute key outlives the mute by a little:
    // messages in flight when Telegram applies it are still deleted.
    const muteMs = Math.max(limit.muteMinutes, 1) * 60_000;
    const ids = w.ids;
    w.times = [];
    w.ids = [];
    w.mutedUntil = this.now() + muteMs;
    const window = w;
    const decision = this.redis.set(mutedKey(this.prefix, chatId, userId), "1", "PX", muteMs, "NX").then(
      (reply) => reply === "OK",
      (err: unknown) => {
        // Redis unreachable: nothing is decided; the next message over the limit tries again.
        if (window.decision === decision) window.decision = undefined;
        throw err;
      },
    );
    w.decision = decision;
    return decision.then((won): FloodVerdict => (won ? { kind: "mute", messageIds: ids } : MUTED));
  }

  /** Forgets a sender's counters and mute decision (/unmute; a staff member who crossed the limit). */
  async release(chatId: number | bigint, userId: number | bigint): Promise<void> {
    this.windows.delete(`${chatId}:${userId}`);
    await this.redis.del(mutedKey(this.prefix, chatId, userId));
  }

  /** Forgets a sender's counters in every group (/forgetme: their message ids and Telegram id leave memory too). */
  forget(userId: number | bigint): void {
    const suffix = `:${userId}`;
    for (const key of this.windows.keys()) if (key.endsWith(suffix)) this.windows.delete(key);
  }

  /** Drops the windows of senders quiet for longer than a window and no longer muted. */
  private prune(): void {
    const now = this.now();
    const horizon = now - IDLE_MS;
    for (const [key, w] of this.windows) {
      if (w.mutedUntil <= now && (w.times.length === 0 || w.times.at(-1)! < horizon)) this.windows.delete(key);
    }
  }

  /** Senders with a window in memory (tests). */
  get size(): number {
    return this.windows.size;
  }
}

/**
 * Deletes messages in batches: ids collected per chat for `delayMs` (or until
 * 100, Telegram's limit per deleteMessages call) go in one call, so a sender
 * flooding 100 messages a second costs a few calls, not 100.
 */
export class DeleteBatcher {
  private pending = new Map<number, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly delayMs = 300,
  ) {}

  add(chatId: number, messageIds: readonly number[]): void {
    let ids = this.pending.get(chatId);
    if (!ids) this.pending.set(chatId, (ids = []));
    ids.push(...messageIds);
    if (ids.length >= 100) {
      this.pending.delete(chatId);
      this.send(chatId, ids);
    }
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  /** Deletes now, in batches of 100 (awaited). */
  async deleteNow(chatId: number, messageIds: readonly number[]): Promise<void> {
    for (let i = 0; i < messageIds.length; i += 100) {
      const batch = messageIds.slice(i, i + 100);
      try {
        await this.api.deleteMessages(chatId, batch);
      } catch (err) {
        // Deleted already, too old (48 h), or the bot lost the right: nothing to repair.
        this.logger.info({ err: err instanceof Error ? err.message : err, chatId, count: batch.length }, "could not delete group messages");
      }
    }
  }

  private send(chatId: number, ids: number[]): void {
    const run = this.deleteNow(chatId, ids);
    this.inFlight = this.inFlight.then(() => run);
  }

  /** Sends everything collected and waits for every batch (tests; shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    for (const [chatId, ids] of pending) this.send(chatId, ids);
    await this.inFlight;
  }
}
