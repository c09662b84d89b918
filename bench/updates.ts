// Update-handling benchmark: members registering through the real createBot and
// the real container, on PostgreSQL and Redis, with the Bot API answered over
// HTTP by a recording server (bench/recording-api.ts).
//
//   npm run bench                                   # 1,000 members, 10,000 updates, 16 in flight, in-process API
//   npm run bench -- --concurrency=100 --api=fake   # the strict test fake instead
//   npm run bench -- --rate=400                     # open loop: offer 400 updates/s
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/updates.ts
//
// Each member's updates are handled one after the other (`await bot.handleUpdate`),
// as the runner's per-chat sequential processing does, with `--concurrency`
// members in flight. By default the load is closed-loop: each member sends its
// next update as soon as the previous one is handled, so the bot is saturated and
// latency is mostly queueing (mean latency ≈ in flight / throughput). `--rate=N`
// offers N updates/s instead (open loop, same workers), to see latency below
// saturation.
//
// The bench makes its own database (tb_bench_<pid> on BENCH_DATABASE_ADMIN_URL's
// server, migrated with the app's runner, dropped at the end) and its own Redis
// prefix (deleted at the end). It exits with 1 when a check fails (refused
// calls, rate-limited or stale answers, members not registered), not when a
// target is missed.
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { createBot } from "../src/bot/create-bot.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { cpuSnapshot, describeCpu } from "./cpu-accounting.js";
import { startRecordingApi, type ApiKind, type RecordingApi, type SeenCall } from "./recording-api.js";
import { callbackUpdate, planMembers, textUpdate, type MemberPlan, type UpdateKind } from "./scenario.js";
import { REDIS_URL, databaseUrl, dropDatabase } from "./bench-env.js";

const { values: opts } = parseArgs({
  options: {
    members: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
    api: { type: "string", default: "inprocess" },
    warmup: { type: "string", default: "16" },
    seed: { type: "string", default: "42" },
    rate: { type: "string", default: "0" },
  },
});
const MEMBERS = Number(opts.members);
const CONCURRENCY = Number(opts.concurrency);
const WARMUP = Number(opts.warmup);
const RATE = Number(opts.rate);
const API_KIND = opts.api as ApiKind;
if (API_KIND !== "minimal" && API_KIND !== "fake" && API_KIND !== "inprocess") throw new Error(`--api must be minimal, fake or inprocess, not ${API_KIND}`);

// The limiter allows at most this many updates per member and second; the config caps it at 100.
const RATE_LIMIT = "100";
const FIRST_MEMBER_ID = 5_000_000_000; // above 2^32, like recent Telegram accounts
const LOOP_RESOLUTION_MS = 5;
const KINDS: UpdateKind[] = ["text", "callback", "command"];
// Region queries that the catalogue should resolve to one region each (checked at start).
const REGION_QUERIES = ["Татарстан", "Приморский", "Новосибирская", "Свердловская", "Тверская", "Краснодарский", "Пермский", "Омская"];



function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (v: number) => v.toFixed(1).padStart(8);

interface Recorder {
  latencies: number[];
  kinds: UpdateKind[];
  steps: string[];
}

interface RunProblems {
  missingButtons: string[];
  thrown: string[];
}

/** Runs the plans with `concurrency` members in flight, each member's updates in order. */
async function runMembers(
  bot: ReturnType<typeof createBot>,
  api: RecordingApi,
  plans: MemberPlan[],
  concurrency: number,
  nextUpdateId: () => number,
  recorder: Recorder | undefined,
  problems: RunProblems,
  observe: (call: SeenCall) => void,
  rate = 0,
): Promise<void> {
  let next = 0;
  // Open loop: update number i may start at start + i/rate, not before.
  const start = performance.now();
  let slot = 0;
  const waitForSlot = async () => {
    if (rate <= 0) return;
    const due = start + (slot++ * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  const worker = async () => {
    for (;;) {
      const member = plans[next++];
      if (!member) return;
      for (const action of member.actions) {
        await waitForSlot();
        let update;
        if (action.kind === "callback") {
          const keyboard = api.keyboardMessage(member.id);
          if (!keyboard?.data.includes(action.data)) {
            problems.missingButtons.push(`${member.id} ${action.step}: no button ${action.data} (keyboard: ${keyboard?.data.join(" ") ?? "none"})`);
          }
          update = callbackUpdate(nextUpdateId(), member, keyboard?.message_id ?? 1, keyboard?.text ?? "", action.data, api.botInfo);
        } else {
          update = textUpdate(nextUpdateId(), member, api.nextUserMessageId(member.id), action.text);
        }
        const started = performance.now();
        try {
          await bot.handleUpdate(update);
        } catch (error) {
          problems.thrown.push(`${member.id} ${action.step}: ${(error as Error).message}`);
        }
        const elapsed = performance.now() - started;
        if (recorder) {
          recorder.latencies.push(elapsed);
          recorder.kinds.push(action.kind);
          recorder.steps.push(action.step);
        }
      }
      // Check the calls as we go so that the minimal API does not hold them all.
      api.drain(observe);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
}

function printTable(title: string, rows: Array<{ name: string; values: number[] }>): void {
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(26)}${"count".padStart(7)}${"mean".padStart(8)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}${"max".padStart(8)}   (ms)`);
  for (const { name, values } of rows) {
    const sorted = Float64Array.from(values).sort();
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    console.log(
      `  ${name.padEnd(26)}${String(values.length).padStart(7)}${ms(mean)}${ms(percentile(sorted, 50))}${ms(percentile(sorted, 95))}${ms(percentile(sorted, 99))}${ms(sorted[sorted.length - 1]!)}`,
    );
  }
}

async function main(): Promise<void> {
  const dbName = `tb_bench_${process.pid}`;
  const dbUrl = databaseUrl(dbName);
  const redisPrefix = `tb_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  let container: Container | undefined;
  let api: RecordingApi | undefined;
  let sampler: NodeJS.Timeout | undefined;

  const cleanup = async () => {
    if (sampler) clearInterval(sampler);
    await container?.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    const redis = new Redis(REDIS_URL);
    try {
      await cleanRedisPrefix(redis, redisPrefix);
    } finally {
      redis.disconnect();
    }
    await dropDatabase(dbName);
  };
  process.once("SIGINT", () => {
    console.error("\ninterrupted: cleaning up");
    void cleanup().finally(() => process.exit(130));
  });

  try {
    // A leftover of a crashed run with the same pid would hold registered members.
    await dropDatabase(dbName);
    await ensureDatabase(dbUrl);
    const { applied } = await migrate({ databaseUrl: dbUrl });
    api = await startRecordingApi(API_KIND);

    const config = createConfig({
      BOT_TOKEN: "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz",
      DATABASE_URL: dbUrl,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      TELEGRAM_API_ROOT: api.apiRoot,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
      RATE_LIMIT_PER_SECOND: RATE_LIMIT,
    });
    container = createContainer(config, { logger: createLogger(config.logLevel) });
    const bot = createBot(container, { botInfo: api.botInfo, client: api.fetch ? { fetch: api.fetch } : undefined });
    await bot.init();

    const { catalogue } = container.services;
    const regionQueries = [];
    for (const query of REGION_QUERIES) if ((await catalogue.searchRegions(query)).length === 1) regionQueries.push(query);
    if (regionQueries.length === 0) throw new Error("none of the region queries matches exactly one region");
    const cat = {
      subjects: (await catalogue.subjects()).map((s) => s.code),
      grades: (await catalogue.grades()).map((g) => g.code),
      regionQueries,
    };
    const warmupPlans = planMembers(WARMUP, FIRST_MEMBER_ID - 10_000, cat, 7);
    const plans = planMembers(MEMBERS, FIRST_MEMBER_ID, cat, Number(opts.seed));
    let updateId = 0;
    const nextUpdateId = () => ++updateId;
    const problems: RunProblems = { missingButtons: [], thrown: [] };

    console.log(`bench: updates through createBot + container (PostgreSQL ${dbName}, Redis prefix ${redisPrefix})`);
    console.log(`  migrations applied: ${applied.length}; Bot API: ${api.kind} (${api.apiRoot}, latency 0)`);
    console.log(`  RATE_LIMIT_PER_SECOND=${RATE_LIMIT} for the bench (default 4) so that the limiter does not drop bench updates`);
    console.log(
      `  LOG_LEVEL=${config.logLevel}; node ${process.version}; ${MEMBERS} members, ${CONCURRENCY} in flight; ` +
        (RATE > 0 ? `open loop: ${RATE} updates/s offered` : "closed loop: as fast as the bot answers"),
    );

    // What the bot sent, and whether anything went wrong on the way (warm-up included).
    const t = container.translator.forLocale("ru");
    const marks = { rateLimited: t("errors-rate-limited"), stale: t("errors-stale-button"), internal: t("errors-internal") };
    const byMethod = new Map<string, number>();
    const counts = { failed: 0, rateLimited: 0, stale: 0, internal: 0 };
    const failures: string[] = [];
    const observe = (call: SeenCall) => {
      byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
      if (!call.ok) {
        counts.failed++;
        if (failures.length < 5) failures.push(`${call.method}: ${call.description}`);
      }
      const text = call.payload.text;
      if (text === marks.rateLimited) counts.rateLimited++;
      else if (text === marks.stale) counts.stale++;
      else if (text === marks.internal) counts.internal++;
    };

    // Warm-up (not counted): JIT, connection pools, catalogue cache.
    await runMembers(bot, api, warmupPlans, CONCURRENCY, nextUpdateId, undefined, problems, observe);
    const warmupUpdates = warmupPlans.reduce((n, p) => n + p.actions.length, 0);
    console.log(`  warm-up: ${WARMUP} members, ${warmupUpdates} updates (not counted)`);

    const recorder: Recorder = { latencies: [], kinds: [], steps: [] };
    let peakRss = process.memoryUsage().rss;
    const startRss = peakRss;
    sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    // The histogram includes the sampling interval itself; it is subtracted when printed.
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const sysBefore = cpuSnapshot(dbName);
    const started = performance.now();

    await runMembers(bot, api, plans, CONCURRENCY, nextUpdateId, recorder, problems, observe, RATE);

    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const sysAfter = cpuSnapshot(dbName);
    loop.disable();
    clearInterval(sampler);
    sampler = undefined;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    api.drain(observe);
    const ids = [...warmupPlans, ...plans].filter((p) => p.completes).map((p) => BigInt(p.id));
    const registered = await container.prisma.member.count({ where: { telegramId: { in: ids }, registeredAt: { not: null } } });
    const profiles = await container.prisma.profile.count();

    const total = recorder.latencies.length;
    const sorted = Float64Array.from(recorder.latencies).sort();
    const rate = total / (wallMs / 1000);
    const p99 = percentile(sorted, 99);
    console.log("\nresults");
    console.log(`  total updates:      ${total}`);
    console.log(`  wall time:          ${(wallMs / 1000).toFixed(2)} s`);
    console.log(`  throughput:         ${rate.toFixed(0)} updates/s`);
    console.log(
      `  latency per update: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted[total - 1]!.toFixed(1)} ms`,
    );
    console.log(`  peak RSS:           ${(peakRss / 2 ** 20).toFixed(0)} MB (sampled every 50 ms; ${(startRss / 2 ** 20).toFixed(0)} MB before the run)`);
    const heapMb = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
    const gc = (globalThis as { gc?: () => void }).gc;
    const heapAfter = heapMb();
    gc?.();
    console.log(`  heap used:          ${heapAfter} MB after the run` + (gc ? `, ${heapMb()} MB after a full GC` : " (run with node --expose-gc to see it after a full GC)"));
    console.log(`  CPU:                bench process ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core`);
    const machine = describeCpu(sysBefore, sysAfter);
    if (machine) console.log(`                      ${machine}`);
    const lag = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(1);
    console.log(`  event-loop delay:   p50 ${lag(loop.percentile(50))} ms, p99 ${lag(loop.percentile(99))} ms, max ${lag(loop.max)} ms`);

    printTable(
      "by kind",
      KINDS.map((kind) => ({ name: kind, values: recorder.latencies.filter((_, i) => recorder.kinds[i] === kind) })),
    );
    const stepNames = [...new Set(recorder.steps)];
    printTable(
      "by step (in the order members meet them)",
      stepNames.map((name) => ({ name, values: recorder.latencies.filter((_, i) => recorder.steps[i] === name) })),
    );

    console.log("\nchecks");
    console.log(`  Bot API calls: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(", ")}`);
    console.log(`  refused calls: ${counts.failed}${failures.length ? ` (${failures.join("; ")})` : ""}`);
    console.log(`  rate-limited answers: ${counts.rateLimited}; stale-button answers: ${counts.stale}; internal-error answers: ${counts.internal}`);
    console.log(`  registered members: ${registered} of ${ids.length} expected; profiles: ${profiles}`);
    console.log(`  missing buttons: ${problems.missingButtons.length}; handleUpdate threw: ${problems.thrown.length}`);
    for (const line of [...problems.missingButtons, ...problems.thrown].slice(0, 5)) console.log(`    ${line}`);

    const ok = counts.failed + counts.rateLimited + counts.stale + counts.internal + problems.missingButtons.length + problems.thrown.length === 0 && registered === ids.length;
    const meets = rate >= 1000 && p99 < 50;
    if (RATE > 0 && rate < RATE * 0.95) console.log(`\nthe bot did not keep up with the offered ${RATE} updates/s`);
    console.log(`\ntargets (>= 1000 updates/s, p99 < 50 ms): ${meets ? "met" : "MISSED"}; checks: ${ok ? "passed" : "FAILED"}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
