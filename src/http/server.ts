import http from "node:http";
import type { Container } from "../container.js";

export type WebhookHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

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

/** Checks PostgreSQL and Redis; each answers within a second or counts as down. */
export async function checkHealth(container: Pick<Container, "prisma" | "redis">): Promise<{ ok: boolean; database: string; redis: string }> {
  const [db, redis] = await Promise.allSettled([
    withTimeout(container.prisma.$queryRaw`SELECT 1`, 1000),
    withTimeout(container.redis.ping(), 1000),
  ]);
  const describe = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "ok" : `down: ${(r.reason as Error)?.message ?? r.reason}`);
  return { ok: db.status === "fulfilled" && redis.status === "fulfilled", database: describe(db), redis: describe(redis) };
}

/**
 * The process's HTTP endpoint: `GET /healthz` in every role, and the
 * Telegram webhook at `webhookPath` in webhook mode (grammY's handler checks
 * the secret token header and answers 401 without it).
 */
export function createHttpServer(options: {
  container: Pick<Container, "prisma" | "redis" | "logger">;
  webhookPath?: string;
  webhook?: WebhookHandler;
}): http.Server {
  const { container } = options;
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/healthz") {
        const health = await checkHealth(container);
        res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: health.ok ? "ok" : "degraded", database: health.database, redis: health.redis }));
        return;
      }
      if (options.webhook && req.method === "POST" && url.pathname === options.webhookPath) {
        await options.webhook(req, res);
        return;
      }
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    } catch (err) {
      container.logger.error({ err }, "http request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    }
  });
}
