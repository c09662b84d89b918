// Which failures count as "a service is briefly unavailable" (#9 items 12, 14):
// those keep the member's place in a questionnaire and get the
// "briefly unavailable, your answers are kept" reply; everything else is a bug
// or a refusal and ends the conversation as before.
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { isTransientError } from "../../src/bot/conversation-guard.js";

const grammyError = (code: number, description: string) =>
  new GrammyError(`Call to 'sendMessage' failed! (${code}: ${description})`, { ok: false, error_code: code, description }, "sendMessage", {});

describe("isTransientError", () => {
  it("takes Telegram 5xx, 429 and network failures as transient, other refusals not", () => {
    expect(isTransientError(grammyError(502, "Bad Gateway"))).toBe(true);
    expect(isTransientError(grammyError(429, "Too Many Requests: retry after 45"))).toBe(true);
    expect(isTransientError(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNREFUSED")))).toBe(true);
    expect(isTransientError(grammyError(400, "Bad Request: can't parse entities"))).toBe(false);
    expect(isTransientError(grammyError(403, "Forbidden: bot was blocked by the user"))).toBe(false);
  });

  it("recognises them after conversation.external stored them (structuredClone keeps only the message)", () => {
    // The failure that ended every questionnaire after 40 s of 500s arrived in this form.
    expect(isTransientError(structuredClone(grammyError(500, "Internal Server Error")))).toBe(true);
    expect(isTransientError(structuredClone(grammyError(400, "Bad Request: message to edit not found")))).toBe(false);
  });

  it("takes an unreachable or restarting PostgreSQL and a lost Redis as transient, a bug not", () => {
    expect(isTransientError(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }))).toBe(true);
    expect(isTransientError(new Error('database "x" is not currently accepting connections'))).toBe(true);
    expect(isTransientError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isTransientError(new Error("wrapped", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("Reached the max retries per request limit"), { name: "MaxRetriesPerRequestError" }))).toBe(true);
    expect(isTransientError(new Error('relation "profiles" does not exist'))).toBe(false);
    expect(isTransientError(new TypeError("Cannot read properties of undefined"))).toBe(false);
  });
});
