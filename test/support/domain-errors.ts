// Assertions on the domain errors services throw (shared by the service tests).
import { expect } from "vitest";
import { DomainError, ForbiddenError, NotFoundError } from "../../src/shared/errors.js";

/** The error a promise rejects with (fails the test if it resolves or rejects with something else). */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
  expect(outcome.error).toBeInstanceOf(DomainError);
  return outcome.error as DomainError;
}

/** A plain domain error (a rule), neither a refusal of rights nor "not found". */
export async function expectDomain(promise: Promise<unknown>, key: string): Promise<void> {
  const e = await failure(promise);
  expect(e.key).toBe(key);
  expect(e).not.toBeInstanceOf(ForbiddenError);
  expect(e).not.toBeInstanceOf(NotFoundError);
}

export async function expectForbidden(promise: Promise<unknown>, key: string): Promise<void> {
  const e = await failure(promise);
  expect(e).toBeInstanceOf(ForbiddenError);
  expect(e.key).toBe(key);
}

export async function expectNotFound(promise: Promise<unknown>, key: string): Promise<void> {
  const e = await failure(promise);
  expect(e).toBeInstanceOf(NotFoundError);
  expect(e.key).toBe(key);
}
