// The real bot process (`node --import tsx src/main.ts`) for process-level
// tests: started against the local Bot API fake, a test database and a Redis
// prefix, and stopped the ways a deploy or a crash stops it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface BotProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  apiRoot: string;
  /** Extra environment (overrides the defaults). */
  env?: Record<string, string>;
}

export interface BotProcess {
  child: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  tail(max?: number): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the process logged "ready" (polling and HTTP up); rejects if it exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const E2E_BOT_TOKEN = "123456:E2E-token-abcdefghijklmnopqrstuvwxyz";

export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    // A clean environment: nothing from the developer's shell or vitest leaks into the config.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      BOT_TOKEN: E2E_BOT_TOKEN,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.redisPrefix,
      TELEGRAM_API_ROOT: options.apiRoot,
      BOT_MODE: "polling",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
      RATE_LIMIT_PER_SECOND: "50",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const tail = (max = 6000) => `--- stderr ---\n${stderr.slice(-max)}\n--- stdout ---\n${stdout.slice(-max)}`;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    tail,
    exit,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let exited = false;
      void exit.then(() => (exited = true));
      while (!/"msg":"ready"/.test(stdout)) {
        if (exited) throw new Error(`the bot process exited before it was ready\n${tail()}`);
        if (Date.now() > deadline) throw new Error(`the bot process was not ready within ${timeoutMs} ms\n${tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(signal, timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
