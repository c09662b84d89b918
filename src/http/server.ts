import http from "node:http";
import type { Update } from "grammy/types";
import type { Container } from "../container.js";
import { createFailureLog, type FailureLog } from "../shared/failure-log.js";
import { findRoute, type HttpRoute } from "./routes.js";

export type { HttpRoute } from "./routes.js";

/**
 * The webhook handler: grammY's `webhookCallback(bot, webhookAdapter, …)`. It
 * gets the update already read and parsed by the server (which answers a
 * malformed or oversized body itself), so a bad request never reaches grammY.
 */
export type WebhookHandler = (request: ParsedWebhookRequest, res: http.ServerResponse) => unknown;

/** A webhook request whose body the server has read and parsed. */
export interface ParsedWebhookRequest {
  update: Update;
  secretHeader: string | undefined;
}

/** grammY framework adapter for {@link ParsedWebhookRequest}s (the "http" adapter, minus reading the body). */
export function webhookAdapter(
  request: ParsedWebhookRequest,
  res: http.ServerResponse,
): { update: Update; header: string | undefined; end: () => void; respond: (json: string) => void; unauthorized: () => void } {
  return {
    update: request.update,
    header: request.secretHeader,
    end: () => res.end(),
    respond: (json: string) => res.writeHead(200, { "content-type": "application/json" }).end(json),
    unauthorized: () => res.writeHead(401).end("secret token is wrong"),
  };
}

/** Telegram's updates are far below this; a bigger body is refused before it is read whole. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

class BadRequest extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

async function readJsonBody(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new BadRequest(413, "body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BadRequest(413, "body too large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest(400, "body is not JSON");
  }
}

function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Health = "ok" | "down";

/**
 * Checks PostgreSQL and Redis; each answers within a second or counts as down.
 * The answer carries the status only: a driver's message names hosts and ports
 * and is for the log (one line per minute per kind), not for whoever asks.
 */
export async function checkHealth(container: Pick<Container, "prisma" | "redis">, failures?: FailureLog): Promise<{ ok: boolean; database: Health; redis: Health }> {
  const [db, redis] = await Promise.allSettled([withTimeout(container.prisma.$queryRaw`SELECT 1`, 1000), withTimeout(container.redis.ping(), 1000)]);
  if (db.status === "rejected") failures?.report("health: PostgreSQL down", db.reason);
  if (redis.status === "rejected") failures?.report("health: Redis down", redis.reason);
  const describe = (r: PromiseSettledResult<unknown>): Health => (r.status === "fulfilled" ? "ok" : "down");
  return { ok: db.status === "fulfilled" && redis.status === "fulfilled", database: describe(db), redis: describe(redis) };
}

/**
 * The process's HTTP endpoint: `GET /healthz` in every role, and the
 * Telegram webhook at `webhookPath` in webhook mode (grammY's handler checks
 * the secret token header and answers 401 without it). A webhook body that is
 * not a JSON update gets 400, one over {@link MAX_WEBHOOK_BODY_BYTES} 413.
 * `routes` are the slices' pages (main.ts mounts them when PUBLIC_URL is set);
 * the first whose method and pattern match answers, anything else is 404.
 */
export function createHttpServer(options: {
  container: Pick<Container, "prisma" | "redis" | "logger">;
  webhookPath?: string;
  webhook?: WebhookHandler;
  maxBodyBytes?: number;
  routes?: readonly HttpRoute[];
}): http.Server {
  const { container } = options;
  const failures = createFailureLog(container.logger);
  // Nothing awaits a request listener: handle answers every failure itself.
  return http.createServer((req, res) => void handle(req, res));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/healthz") {
        const health = await checkHealth(container, failures);
        res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: health.ok ? "ok" : "degraded", database: health.database, redis: health.redis }));
        return;
      }
      if (options.webhook && req.method === "POST" && url.pathname === options.webhookPath) {
        const body = await readJsonBody(req, options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES);
        if (!isUpdate(body)) throw new BadRequest(400, "body is not a Telegram update");
        const secret = req.headers["x-telegram-bot-api-secret-token"];
        await options.webhook({ update: body, secretHeader: Array.isArray(secret) ? secret[0] : secret }, res);
        return;
      }
      const found = options.routes?.length ? findRoute(options.routes, req.method, url.pathname) : undefined;
      if (found) {
        await found.route.handle(req, res, found.match);
        return;
      }
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    } catch (err) {
      if (err instanceof BadRequest) {
        // Connection: close, so a client still sending a refused large body is not read further.
        if (!res.headersSent) res.writeHead(err.status, { "content-type": "text/plain", connection: "close" });
        res.end(err.message);
        return;
      }
      failures.report("http request failed", err, { path: url.pathname });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    }
  }
}
