/**
 * Tells an outage of Redis or PostgreSQL from a bug: during an outage a member
 * gets "the bot is briefly unavailable" (not "something went wrong", not
 * silence) and the log gets one line per kind per minute (FailureLog), not a
 * stack trace per update.
 */

const REDIS_MESSAGES = [/Connection is closed/i, /Stream isn't writeable/i, /Reached the max retries per request limit/i, /MaxRetriesPerRequest/i];
/** Prisma's codes for "cannot reach / lost the database", "no connection from the pool in time" and the like. */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1008", "P1011", "P1017", "P2024", "P2037"]);
/** PostgreSQL's SQLSTATEs: connection exceptions, admin shutdown, too many connections. */
const POSTGRES_CONNECTION_CODES = /^(08|57P0|53300)/;
// Matched on the message too: conversation.external stores a failure with
// structuredClone, which keeps only the message.
const DATABASE_MESSAGES =
  /Can't reach database server|DatabaseNotReachable|ConnectionClosed|is not currently accepting connections|Connection terminated|Timed out fetching a new connection|Server has closed the connection|the database system is (shutting down|starting up)|terminating connection/i;

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
    const code = (e as { code?: unknown }).code;
    const errorCode = (e as { errorCode?: unknown }).errorCode;
    if (name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.some((re) => re.test(message))) return "redis";
    if (
      name === "PrismaClientInitializationError" ||
      (typeof code === "string" && (PRISMA_UNREACHABLE.has(code) || POSTGRES_CONNECTION_CODES.test(code))) ||
      (typeof errorCode === "string" && PRISMA_UNREACHABLE.has(errorCode)) ||
      DATABASE_MESSAGES.test(message)
    ) {
      return "database";
    }
  }
  return undefined;
}
