// The real worker process for benchmarks (`node --import tsx src/main.ts`,
// ROLE=worker), so that a SIGKILL is a real one and its memory and CPU can be
// measured apart from the benchmark (which also hosts the Bot API fake), and
// what Linux /proc says about a process: peak RSS and CPU time.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves at the process's "ready" log line; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Warnings and errors it logged, counted by message. */
  warnings: Map<string, number>;
}

/**
 * Starts `src/main.ts` with ROLE=worker and `env` on top of this process's
 * environment. Log lines at warn and above are counted by message, and the
 * first few of each are passed to `log`; the rest of its output is dropped.
 */
export async function startWorkerProcess(options: {
  env: Record<string, string>;
  tag: string;
  log: (line: string) => void;
  /** Extra node flags, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]. */
  nodeArgs?: string[];
}): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ROLE: "worker", PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ADMIN_IDS: "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const warnings = new Map<string, number>();
  let partial = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line.includes('"msg":"ready"')) resolve();
        const level = /"level":(\d+)/.exec(line);
        if (!level || Number(level[1]) < 40) continue;
        const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 80);
        const seen = (warnings.get(msg) ?? 0) + 1;
        warnings.set(msg, seen);
        if (seen <= 3) options.log(`worker ${options.tag}: ${line.slice(0, 400)}`);
        else if (seen === 4) options.log(`worker ${options.tag}: more "${msg}" lines are only counted`);
      }
    });
    child.stderr.on("data", (d: Buffer) => options.log(`worker ${options.tag} stderr: ${d.toString().trim().slice(0, 400)}`));
    child.once("exit", (code, signal) => reject(new Error(`worker ${options.tag} exited (${code ?? signal}) before ready`)));
  });
  ready.catch(() => undefined);
  return { child, pid: child.pid!, ready, exited, warnings };
}

/** SIGTERM (a graceful shutdown), then SIGKILL after `timeoutMs`. */
export async function stopWorkerProcess(worker: WorkerProcess, timeoutMs = 15_000): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await worker.exited;
  clearTimeout(timer);
}

/** Peak resident set size of a live process (VmHWM), in bytes; undefined without /proc. */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time of a live process (user, system), in clock ticks; undefined without /proc. */
export function cpuTicks(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[11]), system: Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks of each PostgreSQL backend serving `database`, by pid. Compare two
 * of these pid by pid: a sum over the live backends goes down when a pool
 * closes an idle connection (see cpuDelta).
 */
export function postgresBackendTicks(database: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).startsWith("postgres")) continue;
      // Backends show "postgres: <cluster>: <user> <database> <client> <state>".
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Ticks spent between two samples by the processes of the second (those gone by then are left out). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks;
}
