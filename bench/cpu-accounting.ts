// Where the machine's CPU went during a run (Linux /proc): this process, the
// PostgreSQL backends serving the bench's database, Redis, and everything else.
// "Everything else" matters on a shared machine: other people's test runs
// take cores from the bot and inflate its latency.
import { readdirSync, readFileSync } from "node:fs";

export interface CpuSnapshot {
  /** Jiffies of all CPUs: busy (not idle/iowait) and total. */
  busy: number;
  total: number;
  cpus: number;
  bench: number;
  /** The process given as `childPid` (the bot process of the update benchmark), 0 without one. */
  child: number;
  postgres: number;
  redis: number;
}

function processTicks(pid: string): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3.
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** undefined where /proc is not available. `database` picks this run's PostgreSQL backends. */
export function cpuSnapshot(database: string, childPid?: number): CpuSnapshot | undefined {
  try {
    const lines = readFileSync("/proc/stat", "utf8").split("\n");
    const fields = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    const snapshot: CpuSnapshot = { busy: total - idle, total, cpus: lines.filter((l) => /^cpu\d/.test(l)).length, bench: 0, child: 0, postgres: 0, redis: 0 };
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const p = processTicks(pid);
      if (!p) continue;
      if (Number(pid) === process.pid) snapshot.bench += p.ticks;
      else if (Number(pid) === childPid) snapshot.child += p.ticks;
      else if (p.comm.startsWith("redis-server")) snapshot.redis += p.ticks;
      else if (p.comm.startsWith("postgres")) {
        let cmdline = "";
        try {
          cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        } catch {
          continue;
        }
        // Backends show "postgres: <cluster>: <user> <database> <client> <state>".
        if (cmdline.includes(` ${database} `)) snapshot.postgres += p.ticks;
      }
    }
    return snapshot;
  } catch {
    return undefined;
  }
}

/** e.g. "machine 72% busy of 2 CPUs: bench 56%, its PostgreSQL 9%, Redis 3%, everything else 4%" (shares of the whole machine). */
export function describeCpu(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): string {
  if (!before || !after) return "";
  const total = after.total - before.total;
  const share = (d: number) => `${((d / total) * 100).toFixed(0)}%`;
  const busy = after.busy - before.busy;
  const bench = after.bench - before.bench;
  const postgres = after.postgres - before.postgres;
  const redis = after.redis - before.redis;
  // Backends that ended during the run are missed and land in "everything else".
  const rest = Math.max(0, busy - bench - postgres - redis);
  return `machine ${share(busy)} busy (${after.cpus} CPUs): bench ${share(bench)}, its PostgreSQL backends ${share(postgres)}, Redis ${share(redis)}, everything else ${share(rest)}`;
}

/** CPU ms per item (update, message) of each party between two snapshots (jiffies are 10 ms on Linux). */
export function cpuPerItem(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined, items: number) {
  if (!a || !b) return undefined;
  const per = (ticks: number) => (ticks * 10) / items;
  const bot = b.child - a.child;
  const postgres = b.postgres - a.postgres;
  const redis = b.redis - a.redis;
  const bench = b.bench - a.bench;
  const busy = b.busy - a.busy;
  return {
    bot: per(bot),
    postgres: per(postgres),
    redis: per(redis),
    bench: per(bench),
    rest: per(Math.max(0, busy - bot - postgres - redis - bench)),
    busyShare: busy / (b.total - a.total),
  };
}
