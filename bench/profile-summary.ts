// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package or
// source file, the hottest functions, and the inclusive time of frames whose
// name or file matches a pattern.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/updates.ts
//   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top=25] [--inclusive=regex,regex]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, inclusive: { type: "string", default: "" } },
});

/** node_modules/<package>, src/<file>, or the kind of frame. */
function bucket(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const src = /\/work\/[^/]+\/((?:src|bench|test)\/.+)$/.exec(url);
  if (src) return src[1]!;
  if (url.startsWith("node:")) return url.replace(/^node:internal\/.*/, "node:internal");
  return url.replace(/^file:\/\//, "");
}

/** Coarse groups of self time, first match wins (by package / file bucket, then function name). */
const GROUPS: Array<[string, RegExp]> = [
  ["garbage collection", /^\(garbage collector\)$/],
  ["idle", /^\(idle\)$/],
  ["benchmark harness (recording API server, drivers)", /^bench\//],
  ["Prisma (client runtime, adapter, pg driver)", /^(@prisma\/|pg$|pg-|postgres-|wasm:)/],
  [
    "Redis (ioredis, storage-redis, ratelimiter)",
    /^(ioredis|@ioredis|@grammyjs\/storage-redis|@grammyjs\/ratelimiter|redis-|cluster-key-slot|denque|standard-as-callback)/,
  ],
  ["conversations plugin", /^@grammyjs\/conversations/],
  ["i18n (fluent)", /^(@grammyjs\/i18n|@fluent\/)/],
  ["src/shared/time.ts (Intl.DateTimeFormat)", /^src\/shared\/time\.ts/],
  ["Bot API client (grammy, node-fetch, auto-retry)", /^(grammy|node-fetch|@grammyjs\/auto-retry|abort-controller|whatwg-url|tr46|webidl)/],
  ["app code (src/)", /^src\//],
  ["other grammY plugins", /^@grammyjs\//],
  ["logging (pino)", /^(pino|sonic-boom|thread-stream)/],
  ["node http/net/stream internals", /^node:(internal|_http|net|stream|events|buffer|url|string_decoder|zlib|timers)/],
  ["native / program", /^\((native|program)\)$/],
];

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%`;

  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const b = bucket(url, functionName);
    byBucket.set(b, (byBucket.get(b) ?? 0) + us);
    const key = `${functionName || "(anonymous)"}  ${b}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const byGroup = new Map<string, number>();
  for (const [b, us] of byBucket) {
    const group = GROUPS.find(([, re]) => re.test(b))?.[0] ?? "other";
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
  }
  const top = Number(values.top);
  console.log(`\n${file}: ${(totalUs / 1e6).toFixed(2)} s of samples`);
  console.log("\nself time by group");
  for (const [g, us] of [...byGroup].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(us)}  ${g}`);
  console.log("\nself time by package / file");
  for (const [b, us] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${b}`);
  console.log("\nhottest functions (self)");
  for (const [f, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${f}`);

  const patterns = (values.inclusive ?? "").split(",").filter(Boolean);
  if (patterns.length) {
    console.log("\ninclusive time of matching frames (each sample counted once per pattern)");
    for (const source of patterns) {
      const re = new RegExp(source);
      const matches = (id: number) => {
        const { functionName, url } = byId.get(id)!.callFrame;
        return re.test(functionName) || re.test(url);
      };
      let us = 0;
      for (const [id, t] of self) {
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
          if (matches(cur)) {
            us += t;
            break;
          }
        }
      }
      console.log(`  ${pct(us)}  /${source}/`);
    }
  }
}
