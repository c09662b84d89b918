import { describe, expect, it } from "vitest";
import { sequenceKey } from "../../src/bot/create-bot.js";

describe("sequenceKey (what orders updates)", () => {
  it("orders a private chat as a whole", () => {
    expect(sequenceKey({ chat: { id: 42, type: "private" }, from: { id: 42 } })).toBe("42");
  });

  it("orders one sender in a group but lets unrelated senders of a busy group run side by side", () => {
    const a = sequenceKey({ chat: { id: -100, type: "supergroup" }, from: { id: 1 } });
    const b = sequenceKey({ chat: { id: -100, type: "supergroup" }, from: { id: 2 } });
    expect(a).toBe("-100:1");
    expect(b).not.toBe(a);
    expect(sequenceKey({ chat: { id: -100, type: "supergroup" }, from: { id: 1 } })).toBe(a);
  });

  it("falls back to the sender without a chat (inline queries) and to the chat without a sender", () => {
    expect(sequenceKey({ from: { id: 7 } })).toBe("7");
    expect(sequenceKey({ chat: { id: -5, type: "channel" } })).toBe("-5");
  });
});
