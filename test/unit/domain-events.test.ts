// The domain-event bus (src/shared/domain-events.ts): subscribers run in order,
// one after the other; a failing one is logged with the event's name and
// neither fails the emitter nor keeps the later subscribers from running.
import { describe, expect, it } from "vitest";
import { DomainEvents, type DomainEventHandlers } from "../../src/shared/domain-events.js";
import type { FailureLog } from "../../src/shared/failure-log.js";

/** A map of its own, so that the product's DomainEventMap gets no test events. */
interface TestEvents {
  "thing.created": { thingId: number };
  "thing.renamed": { thingId: number; field: "title" | "summary" };
}

function recordingLogger() {
  const errors: { fields: Record<string, unknown>; message: string }[] = [];
  return { errors, logger: { error: (fields: Record<string, unknown>, message: string) => void errors.push({ fields, message }) } };
}

describe("DomainEvents", () => {
  it("runs the subscribers of an event in the order they subscribed, each awaited before the next", async () => {
    const { logger } = recordingLogger();
    const bus = new DomainEvents<TestEvents>(logger as never);
    const seen: string[] = [];
    bus.on("thing.created", async ({ thingId }) => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push(`first ${thingId}`);
    });
    bus.on("thing.created", async ({ thingId }) => void seen.push(`second ${thingId}`));
    bus.on("thing.renamed", async () => void seen.push("other event"));
    await bus.emit("thing.created", { thingId: 7 });
    expect(seen).toEqual(["first 7", "second 7"]);
  });

  it("logs a failing subscriber with the event name, does not reject, and runs the later subscribers", async () => {
    const { logger, errors } = recordingLogger();
    const bus = new DomainEvents<TestEvents>(logger as never);
    const seen: number[] = [];
    const failure = new Error("queues unavailable");
    bus.on("thing.created", async () => {
      throw failure;
    });
    bus.on("thing.created", async ({ thingId }) => void seen.push(thingId));
    await expect(bus.emit("thing.created", { thingId: 3 })).resolves.toBeUndefined();
    expect(seen).toEqual([3]);
    expect(errors).toEqual([{ fields: { err: failure, event: "thing.created" }, message: "domain event subscriber failed" }]);
  });

  it("counts a subscriber failing because Redis is down in the failure log (one line per minute), not one error per event", async () => {
    const { logger, errors } = recordingLogger();
    const reports: { kind: string; fields: Record<string, unknown> | undefined }[] = [];
    const failures: FailureLog = { report: (kind, _error, fields) => void reports.push({ kind, fields }) };
    const bus = new DomainEvents<TestEvents>(logger as never, failures);
    bus.on("thing.created", async () => {
      throw Object.assign(new Error("Reached the max retries per request limit (which is 1)."), { name: "MaxRetriesPerRequestError" });
    });
    await bus.emit("thing.created", { thingId: 1 });
    expect(reports).toEqual([{ kind: "domain event subscribers failing: Redis unavailable", fields: { event: "thing.created" } }]);
    expect(errors).toEqual([]);
  });

  it("does nothing for an event without subscribers", async () => {
    const { logger, errors } = recordingLogger();
    const bus = new DomainEvents<TestEvents>(logger as never);
    await bus.emit("thing.renamed", { thingId: 1, field: "title" });
    expect(errors).toEqual([]);
  });

  it("subscribes a slice's handler table, each handler getting its own event's payload", async () => {
    const { logger } = recordingLogger();
    const bus = new DomainEvents<TestEvents>(logger as never);
    const seen: unknown[] = [];
    const handlers: DomainEventHandlers<TestEvents> = {
      "thing.renamed": async (payload) => void seen.push(payload.field),
      "thing.created": async (payload) => void seen.push(payload.thingId),
    };
    bus.subscribe(handlers);
    await bus.emit("thing.created", { thingId: 5 });
    await bus.emit("thing.renamed", { thingId: 5, field: "summary" });
    expect(seen).toEqual([5, "summary"]);
  });

  it("types payloads by event name (checked by tsc -p tsconfig.check.json)", () => {
    const bus = new DomainEvents<TestEvents>(recordingLogger().logger as never);
    // @ts-expect-error: "thing.created" carries a thingId, not a field
    void bus.emit("thing.created", { field: "title" });
    // @ts-expect-error: no such event
    void bus.emit("thing.deleted", { thingId: 1 });
    // @ts-expect-error: the handler of "thing.renamed" reads a field "thing.created" does not have
    bus.on("thing.created", async (payload: TestEvents["thing.renamed"]) => void payload.field);
    expect(true).toBe(true);
  });
});
