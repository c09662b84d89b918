// One log line per failure kind per minute (src/shared/failure-log.ts): an
// outage used to log a stack trace per update and per reconnect (#9 item 13).
import { describe, expect, it } from "vitest";
import { createFailureLog, errorMessage } from "../../src/shared/failure-log.js";

function recorder() {
  const lines: Array<{ fields: Record<string, unknown>; msg: string }> = [];
  return { lines, logger: { warn: (fields: Record<string, unknown>, msg: string) => void lines.push({ fields, msg }) } as never };
}

describe("failure log", () => {
  it("logs the first failure of a kind, counts the rest of the minute, and reports the count with the next line", () => {
    let now = 0;
    const { lines, logger } = recorder();
    const log = createFailureLog(logger, { now: () => now });
    for (let i = 0; i < 270; i++) {
      log.report("Redis unreachable", new Error("connect ECONNREFUSED 127.0.0.1:6379"));
      now += 20_000 / 270;
    }
    log.report("PostgreSQL down", new Error("Can't reach database server"));
    expect(lines.map((l) => l.fields.kind)).toEqual(["Redis unreachable", "PostgreSQL down"]);
    expect(lines[0]!.fields.reason).toBe("connect ECONNREFUSED 127.0.0.1:6379");
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /);
    now = 61_000;
    log.report("Redis unreachable", new Error("still down"));
    expect(lines.at(-1)!.fields).toMatchObject({ kind: "Redis unreachable", reason: "still down", suppressed: 269 });
  });

  it("errorMessage is one line", () => {
    expect(errorMessage(new Error("a\n   b\n"))).toBe("a b");
    expect(errorMessage(new AggregateError([new Error("inner")], ""))).toBe("inner");
  });
});
