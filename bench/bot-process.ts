// The real bot process for end-to-end benchmarks (bench/updates.ts,
// bench/groups.ts): `node --import tsx src/main.ts` with ROLE=bot (or all) and
// long polling against a Bot API fake, on its own database and Redis prefix.
// Its output is kept in a log file; the last lines and every error line are
// kept for the report, and each complete line can be watched as it arrives
// (`onLine`, with the time it arrived here).
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { BENCH_BOT_TOKEN, REDIS_URL, sleep } from "./bench-env.js";
import { freePort } from "./worker-process.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The last lines of the bot's output, for errors. */
export class Tail {
  private lines: string[] = [];
  push(chunk: string): void {
    this.lines.push(...chunk.split("\n").filter(Boolean));
    if (this.lines.length > 40) this.lines.splice(0, this.lines.length - 40);
  }
  toString(): string {
    return this.lines.join("\n");
  }
}

export interface BotProcessOptions {
  databaseUrl: string;
  redisPrefix: string;
  apiRoot: string;
  logLevel: string;
  /** Where the process's output goes. */
  logPath: string;
  role?: string;
  /** RATE_LIMIT_PER_SECOND (the per-member limiter of private chats). */
  rateLimitPerSecond?: string;
  /** Node options before `--import tsx src/main.ts`. */
  nodeArgs?: string[];
  /** A directory for a .cpuprofile written at exit. */
  cpuProfDir?: string;
  /** Every complete line of stdout, with performance.now() of its arrival here. */
  onLine?: (line: string, arrived: number) => void;
}

export interface BotProcess {
  child: ChildProcess;
  pid: number;
  /** The environment the process got (createConfig(env) gives the bench the same configuration). */
  env: Record<string, string>;
  tail: Tail;
  /** Lines logged at error or fatal level. */
  errorLines: string[];
  exited: Promise<unknown>;
  isRunning(): boolean;
  /** SIGTERM (a graceful shutdown), SIGKILL after 30 s. */
  stop(): Promise<void>;
}

/** The environment of the bot process (without PATH and HOME). */
export async function botEnv(options: Omit<BotProcessOptions, "logPath" | "onLine" | "nodeArgs" | "cpuProfDir">): Promise<Record<string, string>> {
  return {
    BOT_TOKEN: BENCH_BOT_TOKEN,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: options.redisPrefix,
    TELEGRAM_API_ROOT: options.apiRoot,
    LOG_LEVEL: options.logLevel,
    ...(options.rateLimitPerSecond ? { RATE_LIMIT_PER_SECOND: options.rateLimitPerSecond } : {}),
    ROLE: options.role ?? "bot",
    BOT_MODE: "polling",
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
  };
}

/** Starts the bot process, as deployed (tsx compiles at load; what runs is the same code). */
export async function startBotProcess(options: BotProcessOptions, env?: Record<string, string>): Promise<BotProcess> {
  env ??= await botEnv(options);
  const nodeArgs = [...(options.nodeArgs ?? []), ...(options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : []), "--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    // NODE_ENV as in the Docker image.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail = new Tail();
  const errorLines: string[] = [];
  const logFile = createWriteStream(options.logPath);
  let partial = "";
  const keep = (chunk: string) => {
    tail.push(chunk);
    logFile.write(chunk);
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const arrived = performance.now();
    keep(chunk);
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (/"level":(50|60)/.test(line)) errorLines.push(line);
      options.onLine?.(line, arrived);
    }
  });
  child.stderr.setEncoding("utf8").on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve)).finally(() => logFile.end());
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid!,
    env,
    tail,
    errorLines,
    exited,
    isRunning,
    async stop() {
      if (!isRunning()) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Waits for the process's first long poll (`polls()` counts getUpdates calls the fake saw). */
export async function waitForPolling(bot: BotProcess, polls: () => number, timeoutMs = 120_000): Promise<number> {
  const startedAt = performance.now();
  while (polls() === 0) {
    if (!bot.isRunning()) throw new Error(`the bot process ended during start-up:\n${bot.tail.toString()}`);
    if (performance.now() - startedAt > timeoutMs) throw new Error(`the bot process did not poll within ${timeoutMs / 1000} s:\n${bot.tail.toString()}`);
    await sleep(50);
  }
  return performance.now() - startedAt;
}

/** Error lines grouped by message: "3× message; 1× other". */
export function describeErrors(errorLines: readonly string[]): string {
  const kinds = new Map<string, number>();
  for (const line of errorLines) {
    const err = /"message":"([^"]{0,160})/.exec(line)?.[1] ?? /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 160);
    kinds.set(err, (kinds.get(err) ?? 0) + 1);
  }
  return [...kinds]
    .slice(0, 3)
    .map(([m, n]) => `${n}× ${m}`)
    .join("; ");
}
