/**
 * Tells an outage of Redis or PostgreSQL from a bug: during an outage a member
 * gets "the bot is briefly unavailable" (not "something went wrong", not
 * silence) and the log gets one line per kind per minute (FailureLog), not a
 * stack trace per update.
 */

const REDIS_MESSAGES = [/Connection is closed/i, /Stream isn't writeable/i, /Reached the max retries per request limit/i, /MaxRetriesPerRequest/i];
/** Prisma's codes for "cannot reach / lost the database" and "no connection from the pool in time". */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1017", "P2024"]);

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) out.push(e);
  return out;
}

/**
 * Which service an error says is down, if any. Bare network codes (ECONNREFUSED)
 * are not enough: Telegram's fetch errors carry them too.
 */
export function unavailableService(error: unknown): "redis" | "database" | undefined {
  for (const e of chain(error)) {
    const name = (e as { name?: string }).name ?? "";
    const message = (e as { message?: string }).message ?? "";
    const code = (e as { code?: string }).code ?? "";
    if (name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.some((re) => re.test(message))) return "redis";
    if (name === "PrismaClientInitializationError" || PRISMA_UNREACHABLE.has(code) || /Can't reach database server|DatabaseNotReachable|ConnectionClosed/i.test(message)) return "database";
  }
  return undefined;
}
