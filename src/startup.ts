/**
 * Start-up checks: before the process reads a single update it makes sure it
 * can reach PostgreSQL, Redis and Telegram (with a token Telegram accepts) and
 * can listen on its port. Each check has its own time limit; a failure ends
 * the start with one line, `Cannot start: <what>`, and exit code 1, instead of
 * hanging for good (an unreachable Redis or Bot API), crashing after updates
 * were already read (a port in use) or printing a stack trace (a revoked token,
 * a refused database).
 *
 * Written by hand: the checks are a few calls of the drivers we already use;
 * what matters is that none of them retries forever (no auto-retry on getMe,
 * no ioredis reconnect loop, a connect timeout on pg).
 */
import type http from "node:http";
import pg from "pg";
import { Redis } from "ioredis";
import { Api, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { errorMessage } from "./shared/failure-log.js";

/** A start-up failure; its message is the one line printed after `Cannot start: `. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** Default time limit of each check. */
export const CHECK_TIMEOUT_MS = 5_000;

/** The line printed for any error that ends the start (never a stack trace). */
export function startupFailureLine(error: unknown): string {
  return `Cannot start: ${error instanceof StartupError ? error.message : errorMessage(error)}`;
}

/** Runs `fn`, turning a rejection or a timeout into a StartupError that says `what` failed. */
export async function bounded<T>(
  what: string,
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  describe: (error: unknown) => string = errorMessage,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StartupError(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`${what}: ${describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(raw: string, defaultPort: number): string {
  try {
    const url = new URL(raw);
    return `${url.hostname || "localhost"}:${url.port || defaultPort}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** The driver's error codes put in words (the raw code stays in brackets). */
function networkProblem(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (ECONNREFUSED)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found (${code})`;
    case "ETIMEDOUT":
      return "connection timed out (ETIMEDOUT)";
    case "28P01":
    case "28000":
      return `credentials refused (${code})`;
    case "3D000":
      return `database does not exist (${code})`;
    default:
      return errorMessage(error);
  }
}

/** SELECT 1 on the server of DATABASE_URL (its maintenance database, as ensureDatabase connects). */
export async function checkPostgres(databaseUrl: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  await bounded(
    `PostgreSQL at ${hostOf(databaseUrl, 5432)}`,
    timeoutMs,
    async () => {
      const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query("SELECT 1");
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    networkProblem,
  );
}

/** PING on REDIS_URL with one connection attempt (no reconnect loop, no offline queue). */
export async function checkRedis(redisUrl: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  await bounded(
    `Redis at ${hostOf(redisUrl, 6379)}`,
    timeoutMs,
    async () => {
      const redis = new Redis(redisUrl, {
        lazyConnect: true,
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      let lastError: unknown;
      redis.on("error", (err) => (lastError = err));
      try {
        await redis.connect().catch((err: unknown) => {
          throw lastError ?? err;
        });
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    },
    (error) => {
      const message = errorMessage(error);
      if (/NOAUTH|WRONGPASS|invalid password/i.test(message)) return `credentials refused (${message})`;
      return networkProblem(error);
    },
  );
}

/**
 * getMe without auto-retry: the bot's identity, or a StartupError saying
 * whether Telegram refused the token or could not be reached.
 */
export async function checkTelegram(botToken: string, apiRoot: string | undefined, timeoutMs = CHECK_TIMEOUT_MS): Promise<UserFromGetMe> {
  const root = apiRoot ?? "https://api.telegram.org";
  const api = new Api(botToken, { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: Math.ceil(timeoutMs / 1000) });
  return bounded(
    `Telegram Bot API at ${root}`,
    timeoutMs,
    (signal) => api.getMe(signal as Parameters<Api["getMe"]>[0]),
    (error) => {
      if (error instanceof GrammyError) {
        if (error.error_code === 401) return "the bot token was refused (401 Unauthorized): revoked or wrong BOT_TOKEN";
        if (error.error_code === 404) return "the bot token is unknown (404 Not Found): check BOT_TOKEN";
        return `getMe refused (${error.error_code} ${error.description})`;
      }
      if (error instanceof HttpError) return `unreachable (${networkProblem(error.error)})`;
      return errorMessage(error);
    },
  );
}

/** PostgreSQL, Redis and Telegram checked at once; every failure is named in the one error. */
export async function preflight(
  config: { databaseUrl: string; redisUrl: string; botToken: string; telegramApiRoot?: string | undefined },
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<UserFromGetMe> {
  const [db, redis, telegram] = await Promise.allSettled([
    checkPostgres(config.databaseUrl, timeoutMs),
    checkRedis(config.redisUrl, timeoutMs),
    checkTelegram(config.botToken, config.telegramApiRoot, timeoutMs),
  ]);
  const problems = [db, redis, telegram].filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => errorMessage(r.reason));
  if (problems.length) throw new StartupError(problems.join("; "));
  return (telegram as PromiseFulfilledResult<UserFromGetMe>).value;
}

/** Listens on the port, or a StartupError naming it (in use, not allowed). */
export async function listen(server: http.Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      const why =
        error.code === "EADDRINUSE" ? "is in use (EADDRINUSE)" : error.code === "EACCES" ? "is not allowed (EACCES)" : `cannot be listened on (${errorMessage(error)})`;
      reject(new StartupError(`port ${port} on ${host} ${why}`));
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}
