import type { Logger } from "./logger.js";

/**
 * Logs repeated failures of the same kind (Redis down, PostgreSQL down,
 * Telegram unreachable) as one line per kind per window instead of one stack
 * trace per update or reconnect attempt: an outage of 20 s used to write 270
 * stack traces. The first failure of a kind in a window is logged with its
 * message (no stack); later ones are counted and the count goes out with the
 * next line of that kind.
 */
export interface FailureLog {
  /** Records a failure of `kind`; logs at most one line per kind per window. */
  report(kind: string, error: unknown, fields?: Record<string, unknown>): void;
}

/** The message of an error, one line, without a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return errorMessage(error.errors[0]);
  const raw = error instanceof Error ? error.message || error.name : String(error);
  return raw
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ")
    .slice(0, 300);
}

export function createFailureLog(logger: Pick<Logger, "warn">, options: { windowMs?: number; now?: () => number } = {}): FailureLog {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const kinds = new Map<string, { loggedAt: number; suppressed: number }>();
  return {
    report(kind, error, fields = {}) {
      const at = now();
      const entry = kinds.get(kind);
      if (entry && at - entry.loggedAt < windowMs) {
        entry.suppressed++;
        return;
      }
      const suppressed = entry?.suppressed ?? 0;
      kinds.set(kind, { loggedAt: at, suppressed: 0 });
      logger.warn({ kind, reason: errorMessage(error), ...(suppressed ? { suppressed } : {}), ...fields }, `${kind} (one line per minute while it lasts)`);
    },
  };
}
