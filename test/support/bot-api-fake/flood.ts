// Telegram's flood limits, as the local Bot API fake enforces them when asked
// (startBotApiFake({ floodLimits })): the benchmarks must see a 429 with
// retry_after when the bot sends faster than Telegram allows, as the real
// server answers, instead of measuring a rate Telegram would refuse.
//
// Telegram documents these as guidance, not exact rules
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
// about 30 messages a second overall, 1 a second in one chat, 20 a minute in
// one group, and up to 1,000 a second with allow_paid_broadcast. The fake holds
// each exactly, over sliding windows, counted when a request arrives (before
// the fake's latency, which stands for Telegram's processing time) — stricter
// than "by the clock", so a bot that passes here passes there.

import type { ApiResponse } from "./types.js";

export interface FloodLimits {
  /** Messages a second overall, without allow_paid_broadcast. Default 30. */
  globalPerSecond: number;
  /** Messages a second sent with allow_paid_broadcast (a window of their own). Default 1,000. */
  paidPerSecond: number;
  /** Messages a second to one private chat. Default 1. */
  perChatPerSecond: number;
  /** Messages a minute to one group (a chat id below zero). Default 20. */
  perGroupPerMinute: number;
}

export const TELEGRAM_FLOOD_LIMITS: FloodLimits = { globalPerSecond: 30, paidPerSecond: 1_000, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Methods that create a message (what the limits count); edits, answers and reads are not counted. */
const COUNTED = /^(send|copy|forward)/;

/** Timestamps (ms) of the last `windowMs`, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private trim(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Ms until one more fits, 0 when it fits now. */
  waitMs(now: number): number {
    this.trim(now);
    if (this.times.length - this.head < this.limit) return 0;
    return this.times[this.times.length - this.limit]! + this.windowMs - now;
  }

  add(now: number): void {
    this.times.push(now);
  }

  get empty(): boolean {
    return this.head >= this.times.length;
  }
}

export interface FloodControl {
  /**
   * Counts a request arriving at `now` (ms); a 429 answer (with retry_after in
   * whole seconds, at least 1) when it exceeds a limit, else undefined.
   */
  admit(method: string, payload: Record<string, unknown>, now: number): ApiResponse | undefined;
  /** 429s answered so far, by limit. */
  readonly refused: Record<"global" | "paid" | "chat" | "group", number>;
}

export function createFloodControl(limits: Partial<FloodLimits> = {}): FloodControl {
  const l = { ...TELEGRAM_FLOOD_LIMITS, ...limits };
  const global = new Window(l.globalPerSecond, 1000);
  const paid = new Window(l.paidPerSecond, 1000);
  const chats = new Map<string, Window>();
  const refused = { global: 0, paid: 0, chat: 0, group: 0 };
  let admitted = 0;

  return {
    refused,
    admit(method, payload, now) {
      if (!COUNTED.test(method)) return undefined;
      const lane = payload.allow_paid_broadcast === true ? paid : global;
      const chatId = payload.chat_id === undefined ? undefined : String(payload.chat_id);
      const group = chatId !== undefined && (chatId.startsWith("-") || chatId.startsWith("@"));
      let chat = chatId === undefined ? undefined : chats.get(chatId);
      if (chatId !== undefined && !chat) {
        chat = group ? new Window(l.perGroupPerMinute, 60_000) : new Window(l.perChatPerSecond, 1000);
        chats.set(chatId, chat);
      }
      const waits: Array<[keyof typeof refused, number]> = [
        [lane === paid ? "paid" : "global", lane.waitMs(now)],
        [group ? "group" : "chat", chat?.waitMs(now) ?? 0],
      ];
      const [which, wait] = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
      if (wait > 0) {
        refused[which]++;
        const retry_after = Math.max(1, Math.ceil(wait / 1000));
        return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry_after}`, parameters: { retry_after } };
      }
      lane.add(now);
      chat?.add(now);
      // Forget idle chats now and then: a benchmark sends to tens of thousands once each.
      if (++admitted % 10_000 === 0) for (const [id, w] of chats) if (w.waitMs(now) === 0 && w.empty) chats.delete(id);
      return undefined;
    },
  };
}
