// Pure parts of the sending path (src/features/delivery): how Bot API errors are
// classified, the send queues' settings, and the renderer registry.

import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { sendQueueSettings } from "../../src/features/delivery/delivery.jobs.js";
import { DeliveryRenderers, isDeliveryKind } from "../../src/features/delivery/delivery.renderers.js";
import { classifySendError } from "../../src/features/delivery/delivery.sender.js";

function grammyError(error_code: number, description: string, parameters: { retry_after?: number } = {}): GrammyError {
  return new GrammyError(`Call to 'sendMessage' failed! (${error_code}: ${description})`, { ok: false, error_code, description, parameters }, "sendMessage", {
    chat_id: 1,
    text: "Personal text that must not leak",
  });
}

describe("classifySendError", () => {
  it("429: pauses for retry_after seconds", () => {
    expect(classifySendError(grammyError(429, "Too Many Requests: retry after 7", { retry_after: 7 }))).toEqual({
      kind: "rate-limited",
      retryAfterMs: 7_000,
      reason: "sendMessage: 429 Too Many Requests: retry after 7",
    });
    // A 429 without retry_after still pauses (for a second).
    expect(classifySendError(grammyError(429, "Too Many Requests"))).toMatchObject({ kind: "rate-limited", retryAfterMs: 1_000 });
  });

  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
  ])("%i %s: blocked, and the member becomes inactive", (code, description) => {
    expect(classifySendError(grammyError(code, description))).toEqual({ kind: "blocked", deactivate: true, reason: `sendMessage: ${code} ${description}` });
  });

  it.each(["Bad Request: chat not found", "Bad Request: PEER_ID_INVALID"])("400 %s: blocked, member left active", (description) => {
    expect(classifySendError(grammyError(400, description))).toMatchObject({ kind: "blocked", deactivate: false });
  });

  it("another 400 or a 413 is Telegram refusing the message: not worth retrying", () => {
    expect(classifySendError(grammyError(400, "Bad Request: message is too long"))).toMatchObject({ kind: "rejected" });
    expect(classifySendError(grammyError(413, "Request Entity Too Large"))).toMatchObject({ kind: "rejected" });
  });

  it("5xx, 401, network errors and anything else are transient", () => {
    expect(classifySendError(grammyError(502, "Bad Gateway"))).toEqual({ kind: "transient", reason: "sendMessage: 502 Bad Gateway" });
    expect(classifySendError(grammyError(401, "Unauthorized"))).toMatchObject({ kind: "transient" });
    const cause = Object.assign(new Error("connect ECONNREFUSED https://api.telegram.org/bot123:SECRET/sendMessage"), { code: "ECONNREFUSED" });
    expect(classifySendError(new HttpError("Network request for 'sendMessage' failed!", cause))).toEqual({
      kind: "transient",
      reason: "Network request for 'sendMessage' failed! (ECONNREFUSED)",
    });
    expect(classifySendError(new Error("boom"))).toEqual({ kind: "transient", reason: "boom" });
  });

  it("a network error after the request may have reached Telegram (timeout, connection lost) is an unknown outcome, not retried (issue 9, item 14)", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(classifySendError(new HttpError("Network request for 'sendMessage' failed!", reset))).toEqual({
      kind: "unknown",
      reason: "Network request for 'sendMessage' failed! (ECONNRESET)",
    });
    const timeout = Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
    expect(classifySendError(new HttpError("Request to 'sendMessage' timed out after 30 seconds", timeout))).toMatchObject({ kind: "unknown" });
  });

  it("never puts the request payload (the text) or the token in the reason", () => {
    for (const error of [
      grammyError(400, "Bad Request: x"),
      grammyError(500, "Internal"),
      new HttpError("Network request for 'sendMessage' failed!", new Error("bot123:SECRET")),
    ]) {
      const { reason } = classifySendError(error);
      expect(reason).not.toContain("Personal text");
      expect(reason).not.toContain("SECRET");
    }
  });
});

describe("sendQueueSettings", () => {
  it.each([
    [27, 16],
    [1, 16],
    [950, 285],
    [1000, 300],
  ])("budget %i/s → concurrency %i, and no BullMQ limiter (SendBudget holds the budget)", (rate, concurrency) => {
    expect(sendQueueSettings(rate)).toEqual({ concurrency });
  });
});

describe("DeliveryRenderers", () => {
  const render = async () => undefined;

  it("registers one renderer per kind", () => {
    const renderers = new DeliveryRenderers().register("event.reminder", render).register("broadcast", render);
    expect(renderers.kinds()).toEqual(["event.reminder", "broadcast"]);
    expect(renderers.get("broadcast")).toBe(render);
    expect(renderers.has("digest")).toBe(false);
    expect(() => renderers.register("broadcast", render)).toThrow(/already has a renderer/);
  });

  it.each(["", "Broadcast", "event reminder", "event.", ".x", "x".repeat(65), "событие"])("refuses the kind %j", (kind) => {
    expect(isDeliveryKind(kind)).toBe(false);
    expect(() => new DeliveryRenderers().register(kind, render)).toThrow(/Invalid delivery kind/);
  });
});
