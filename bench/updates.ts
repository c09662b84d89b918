// Update-handling benchmark, end to end: the real bot process (`src/main.ts`,
// ROLE=bot, long polling) on its own PostgreSQL database and Redis prefix,
// against a Bot API fake on loopback HTTP that answers every call after a
// jittered latency (bench/recording-api.ts). Members go through the
// registration questionnaire (bench/scenario.ts); their updates reach the bot
// only through the fake's getUpdates, so whatever polling loop the process runs
// is part of what is measured.
//
//   npm run bench                                 # 1,000 members (10,000 updates) offered at 1,000/s
//   npm run bench -- --rate=300,600,1000          # one phase per rate, fresh members each, one bot process
//   npm run bench -- --latency=30-60 --strict     # exit 1 when a target is missed
//   npm run bench -- --cpu-prof=/tmp/prof         # the bot process writes a .cpuprofile at exit
//   npm run bench -- --node-args="--max-semi-space-size=32"   # node options of the bot process
//   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile
//
// What is timed, per update:
// - its delivery: when the fake's getUpdates answer carrying it left;
// - the bot's last API call for it: the calls of a chat from the delivery of
//   an update to the next update of that chat are its calls (a member sends
//   the next update only after the bot answered the previous one, plus a think
//   time); the latency is delivery → arrival of the last of them;
// - the bot's own time: that latency minus the time the bot spent waiting for
//   the Bot API (the union of its earlier calls' request→answer intervals).
//   This is the target's measure; delivery → last call includes the round trips
//   any Bot API costs, and is printed too.
// A member is ready for its next update once the bot made as many calls as the
// warm-up learned for that step (the warm-up waits until a chat is quiet).
//
// Load is an open loop: update slots come at --rate per second; each slot goes
// to the member that has been ready longest. "answered/s" counts updates whose
// last call came, over the time from the first offer to the last answer.
//
// It exits 1 when a check fails (refused calls, error answers, members not
// registered, updates without their calls), and with --strict also when a
// target is missed; the last line says MET or MISSED.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { cpuPerItem, cpuSnapshot } from "./cpu-accounting.js";
import { startBenchApi, type ApiCall, type BenchApi } from "./recording-api.js";
import { callbackUpdate, planMembers, textUpdate, type Action, type MemberPlan, type UpdateKind } from "./scenario.js";
import { REDIS_URL, databaseUrl, dropDatabase, log, sleep } from "./bench-env.js";
import { botEnv, describeErrors, startBotProcess, waitForPolling, type BotProcess } from "./bot-process.js";
import { summary } from "./stats.js";

const { values: opts } = parseArgs({
  options: {
    members: { type: "string", default: "1000" },
    rate: { type: "string", default: "1000" },
    latency: { type: "string", default: "30-60" },
    think: { type: "string", default: "200" },
    warmup: { type: "string", default: "16" },
    seed: { type: "string", default: "42" },
    role: { type: "string", default: "bot" },
    "log-level": { type: "string", default: "info" },
    "cpu-prof": { type: "string" },
    "node-args": { type: "string", default: "" },
    strict: { type: "boolean", default: false },
  },
});
const MEMBERS = Number(opts.members);
const RATES = opts.rate.split(",").map(Number);
const [LATENCY_MIN, LATENCY_MAX] = opts.latency.split("-").map(Number) as [number, number | undefined];
const THINK_MS = Number(opts.think);
const WARMUP = Number(opts.warmup);
if (RATES.some((r) => !(r > 0)) || !(MEMBERS > 0) || !(LATENCY_MIN >= 0)) throw new Error("--rate, --members and --latency must be positive numbers");

const TARGET_RATE = 1000;
const TARGET_P99_MS = 50;
// The limiter allows at most this many updates per member and second; the config caps it at 100.
const RATE_LIMIT = "100";
const FIRST_MEMBER_ID = 5_000_000_000; // above 2^32, like recent Telegram accounts
// Region queries that the catalogue should resolve to one region each (checked at start).
const REGION_QUERIES = ["Татарстан", "Приморский", "Новосибирская", "Свердловская", "Тверская", "Краснодарский", "Пермский", "Омская"];
/** Warm-up: a chat with no call for this long has had every call of its update (a loaded machine stretches the gaps). */
const QUIET_MS = 1000;
/** An update delivered this long ago, with fewer calls than learned and none for this long, is given up as stuck. */
const STUCK_MS = 30_000;
const ms = (v: number) => v.toFixed(1).padStart(8);

/** One update on its way: offered, delivered, and the calls the bot made for it. */
interface Flight {
  updateId: number;
  chatId: number;
  step: string;
  kind: UpdateKind;
  offered: number;
  calls: ApiCall[];
  /** Calls that make it answered (learned in the warm-up); undefined while learning. */
  expected?: number;
  answeredAt?: number;
  stuck?: boolean;
  onAnswered?: () => void;
}

interface Timing {
  step: string;
  kind: UpdateKind;
  /** delivery → arrival of the last call */
  last: number;
  /** the same minus the time spent waiting on the Bot API */
  own: number;
  /** delivery → the answer of the last call (what the member waits for) */
  felt: number;
  calls: number;
}

/** Latency of one update; undefined when it was never delivered or made no call. */
function timingOf(flight: Flight, deliveredAt: number | undefined): Timing | undefined {
  if (deliveredAt === undefined) return undefined;
  // A call from before the delivery belongs to the chat's previous update (checked separately).
  const calls = flight.calls.filter((c) => c.arrived >= deliveredAt).sort((a, b) => a.arrived - b.arrived);
  if (calls.length === 0) return undefined;
  const last = calls[calls.length - 1]!;
  const end = last.arrived;
  // Union of the waits for the earlier calls' answers, inside [delivery, last call].
  const intervals = calls
    .slice(0, -1)
    .map((c) => [Math.max(deliveredAt, c.arrived), Math.min(end, c.answered)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let waited = 0;
  let cursor = -Infinity;
  for (const [a, b] of intervals) {
    const from = Math.max(a, cursor);
    if (b > from) waited += b - from;
    cursor = Math.max(cursor, b);
  }
  const lastMs = end - deliveredAt;
  return { step: flight.step, kind: flight.kind, last: lastMs, own: lastMs - waited, felt: last.answered - deliveredAt, calls: calls.length };
}

function printTable(title: string, rows: Array<{ name: string; values: number[] }>): void {
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(26)}${"count".padStart(7)}${"mean".padStart(8)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}${"max".padStart(8)}   (ms)`);
  for (const { name, values } of rows) {
    const s = summary(values);
    console.log(`  ${name.padEnd(26)}${String(values.length).padStart(7)}${ms(s.mean)}${ms(s.p50)}${ms(s.p95)}${ms(s.p99)}${ms(s.max)}`);
  }
}

interface PhaseResult {
  rate: number;
  updates: number;
  offeredPerSecond: number;
  answeredPerSecond: number;
  timings: Timing[];
  starvedMs: number;
  cpu?: { bot: number; postgres: number; redis: number; bench: number; rest: number; busyShare: number };
}

async function main(): Promise<void> {
  const dbName = `tb_bench_${process.pid}`;
  const dbUrl = databaseUrl(dbName);
  const redisPrefix = `tb_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  let container: Container | undefined;
  let api: BenchApi | undefined;
  let bot: BotProcess | undefined;

  const cleanup = async () => {
    await bot?.stop();
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

  let failed: boolean;
  let missed: boolean;
  try {
    await dropDatabase(dbName);
    await ensureDatabase(dbUrl);
    const { applied } = await migrate({ databaseUrl: dbUrl });
    api = await startBenchApi({ latencyMinMs: LATENCY_MIN, latencyMaxMs: LATENCY_MAX ?? LATENCY_MIN, seed: Number(opts.seed) });

    // The bench's own view of the database: the catalogue, the texts of error answers, the final count.
    const env = await botEnv({
      databaseUrl: dbUrl,
      redisPrefix,
      apiRoot: api.apiRoot,
      logLevel: opts["log-level"],
      rateLimitPerSecond: RATE_LIMIT,
      role: opts.role,
    });
    const config = createConfig(env);
    container = createContainer(config, { logger: createLogger("warn") });
    const { catalogue } = container.services;
    const regionQueries = [];
    for (const query of REGION_QUERIES) if ((await catalogue.searchRegions(query)).length === 1) regionQueries.push(query);
    if (regionQueries.length === 0) throw new Error("none of the region queries matches exactly one region");
    const cat = {
      subjects: (await catalogue.subjects()).map((s) => s.code),
      grades: (await catalogue.grades()).map((g) => g.code),
      regionQueries,
    };
    const t = container.translator.forLocale("ru");
    const marks = { rateLimited: t("errors-rate-limited"), stale: t("errors-stale-button"), internal: t("errors-internal") };

    // The bot process, as deployed; its log goes to a file, named in the output when a check fails.
    const logPath = path.join(tmpdir(), `${dbName}.log`);
    bot = await startBotProcess(
      {
        databaseUrl: dbUrl,
        redisPrefix,
        apiRoot: api.apiRoot,
        logLevel: opts["log-level"],
        logPath,
        nodeArgs: opts["node-args"].split(" ").filter(Boolean),
        cpuProfDir: opts["cpu-prof"],
      },
      env,
    );
    const { tail, errorLines } = bot;
    const botPid = bot.pid;

    console.log(`bench: updates end to end — the bot process (node src/main.ts, ROLE=${opts.role}, long polling) against a Bot API fake over loopback HTTP`);
    console.log(`  PostgreSQL ${dbName} (migrations applied: ${applied.length}), Redis prefix ${redisPrefix}; node ${process.version}`);
    console.log(`  Bot API latency ${LATENCY_MIN}–${LATENCY_MAX ?? LATENCY_MIN} ms (uniform jitter; getUpdates half each way); think time ${THINK_MS} ms`);
    if (opts["node-args"]) console.log(`  bot process node options: ${opts["node-args"]}`);
    console.log(`  RATE_LIMIT_PER_SECOND=${RATE_LIMIT} for the bench (default 4) so that the limiter does not drop bench updates; LOG_LEVEL=${env.LOG_LEVEL}`);

    // Calls per chat go to the update in flight for that chat.
    const flights = new Map<number, Flight>();
    const counts = { failed: 0, rateLimited: 0, stale: 0, internal: 0, stray: 0 };
    const failures: string[] = [];
    const byMethod = new Map<string, number>();
    api.onCall((call) => {
      byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
      if (!call.ok) {
        counts.failed++;
        if (failures.length < 5) failures.push(`${call.method}: ${call.description}`);
      }
      if (call.text === marks.rateLimited) counts.rateLimited++;
      else if (call.text === marks.stale) counts.stale++;
      else if (call.text === marks.internal) counts.internal++;
      const flight = call.chatId === undefined ? undefined : flights.get(call.chatId);
      if (!flight) {
        if (call.chatId !== undefined) counts.stray++;
        return;
      }
      flight.calls.push(call);
      if (flight.expected !== undefined && flight.answeredAt === undefined && flight.calls.length >= flight.expected) {
        flight.answeredAt = call.arrived;
        flight.onAnswered?.();
      }
    });

    const problems: string[] = [];
    let updateId = 0;
    const offer = (member: MemberPlan, action: Action, expected: number | undefined): Flight => {
      const id = ++updateId;
      let update;
      if (action.kind === "callback") {
        const keyboard = api!.keyboardMessage(member.id);
        const data = keyboard?.data.find((d) => buttonMatches(d, action.data));
        if (!data) {
          problems.push(`${member.id} ${action.step}: no button ${action.data} (keyboard: ${keyboard?.data.join(" ") ?? "none"})`);
        }
        update = callbackUpdate(id, member, keyboard?.message_id ?? 1, keyboard?.text ?? "", data ?? action.data, api!.botInfo);
      } else {
        update = textUpdate(id, member, api!.nextUserMessageId(member.id), action.text);
      }
      const flight: Flight = { updateId: id, chatId: member.id, step: action.step, kind: action.kind, offered: performance.now(), calls: [], expected };
      flights.set(member.id, flight);
      api!.offer(update);
      return flight;
    };

    // Start-up: wait for the first long poll.
    const startupMs = await waitForPolling(bot, () => api!.stats().getUpdates);
    log(`bot process ${botPid} polling after ${(startupMs / 1000).toFixed(1)} s`);

    // Warm-up (not counted): JIT, pools, caches — and how many calls each step makes, waiting until the chat is quiet.
    const learned = new Map<string, number[]>();
    const warmupPlans = planMembers(WARMUP, FIRST_MEMBER_ID - 10_000, cat, 7);
    let nextWarm = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let member = warmupPlans[nextWarm++]; member; member = warmupPlans[nextWarm++]) {
          for (const action of member.actions) {
            const flight = offer(member, action, undefined);
            for (;;) {
              await sleep(25);
              const lastCall = flight.calls.reduce((m, c) => Math.max(m, c.answered), flight.offered);
              const quietFor = performance.now() - lastCall;
              if (flight.calls.length > 0 ? quietFor > QUIET_MS : quietFor > STUCK_MS) break;
            }
            let seen = learned.get(action.step);
            if (!seen) learned.set(action.step, (seen = []));
            seen.push(flight.calls.length);
          }
        }
      }),
    );
    const expectedCalls = new Map<string, number>();
    for (const [step, seen] of learned) {
      // The most frequent count: a call that came after the quiet time is counted for the next step once, not always.
      const frequency = new Map<number, number>();
      for (const n of seen) frequency.set(n, (frequency.get(n) ?? 0) + 1);
      const [mode] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
      if (frequency.size > 1)
        console.log(`  note: step "${step}" made ${[...frequency].map(([n, k]) => `${n} calls ${k}×`).join(", ")} in the warm-up; ${mode} expected`);
      expectedCalls.set(step, mode);
    }
    const zero = [...expectedCalls].filter(([, n]) => n === 0).map(([s]) => s);
    if (zero.length) throw new Error(`steps without any Bot API call in the warm-up (is the bot answering?): ${zero.join(", ")}\n${tail.toString()}`);
    console.log(`  warm-up: ${WARMUP} members, calls per step: ${[...expectedCalls].map(([s, n]) => `${s} ${n}`).join(", ")}`);

    // Measured phases: one per rate, each with its own members.
    const results: PhaseResult[] = [];
    const allPlans: MemberPlan[] = [...warmupPlans];
    for (const [phase, rate] of RATES.entries()) {
      const plans = planMembers(MEMBERS, FIRST_MEMBER_ID + phase * 1_000_000, cat, Number(opts.seed) + phase);
      allPlans.push(...plans);
      const missing = [...new Set(plans.flatMap((p) => p.actions.map((a) => a.step)))].filter((s) => !expectedCalls.has(s));
      if (missing.length) throw new Error(`the warm-up did not cover ${missing.join(", ")} (raise --warmup)`);
      const total = plans.reduce((n, p) => n + p.actions.length, 0);
      const done: Flight[] = [];
      const ready: Array<{ plan: MemberPlan; next: number }> = plans.map((plan) => ({ plan, next: 0 }));
      let wakeGenerator: (() => void) | undefined;
      let allAnswered: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (allAnswered = resolve));
      let answered = 0;
      const markAnswered = (entry: { plan: MemberPlan; next: number }, flight: Flight) => {
        answered++;
        done.push(flight);
        if (entry.next < entry.plan.actions.length) {
          setTimeout(() => {
            ready.push(entry);
            wakeGenerator?.();
          }, THINK_MS);
        }
        if (answered === total) allAnswered();
      };
      // Updates whose calls stopped coming before the learned count: answered by timeout, counted as a problem.
      const watchdog = setInterval(() => {
        const now = performance.now();
        for (const flight of flights.values()) {
          if (flight.answeredAt !== undefined || flight.expected === undefined || !flight.onAnswered) continue;
          const delivered = api!.deliveredAt(flight.updateId);
          if (delivered === undefined) continue; // still queued: the bot is behind, not stuck
          const lastActivity = flight.calls.reduce((m, c) => Math.max(m, c.answered), delivered);
          if (now - lastActivity > STUCK_MS) {
            flight.stuck = true;
            flight.answeredAt = flight.calls.at(-1)?.arrived ?? now;
            flight.onAnswered();
          }
        }
      }, 500);

      const cpu0 = cpuSnapshot(dbName, botPid);
      const first = performance.now();
      let lastOffer = first;
      let starvedMs = 0;
      let slot = 0;
      log(`phase ${phase + 1}: ${total} updates from ${MEMBERS} members offered at ${rate}/s`);
      while (slot < total) {
        const now = performance.now();
        while (slot < total && first + (slot * 1000) / rate <= now && ready.length > 0) {
          const entry = ready.shift()!;
          const action = entry.plan.actions[entry.next++]!;
          const flight = offer(entry.plan, action, expectedCalls.get(action.step));
          flight.onAnswered = () => markAnswered(entry, flight);
          slot++;
          lastOffer = now;
        }
        if (slot >= total) break;
        if (ready.length === 0) {
          // Every member is waiting for the bot or thinking: the generator cannot offer more.
          const from = performance.now();
          await new Promise<void>((resolve) => (wakeGenerator = resolve));
          wakeGenerator = undefined;
          starvedMs += performance.now() - from;
        } else {
          await sleep(Math.max(0, first + (slot * 1000) / rate - performance.now()));
        }
      }
      await finished;
      const lastAnswer = Math.max(...done.map((f) => f.answeredAt!));
      const cpu1 = cpuSnapshot(dbName, botPid);
      clearInterval(watchdog);
      // Late calls of the last updates still find their flight.
      await sleep(QUIET_MS);

      const timings: Timing[] = [];
      for (const flight of done) {
        if (flight.stuck) problems.push(`${flight.chatId} ${flight.step}: ${flight.calls.length} of ${flight.expected} calls`);
        if (flight.calls.length > flight.expected!) problems.push(`${flight.chatId} ${flight.step}: ${flight.calls.length} calls, ${flight.expected} expected`);
        const deliveredAt = api.deliveredAt(flight.updateId);
        if (deliveredAt !== undefined && flight.calls.some((c) => c.arrived < deliveredAt))
          problems.push(`${flight.chatId} ${flight.step}: a call of the previous update came after this one was offered`);
        const timing = timingOf(flight, deliveredAt);
        if (timing) timings.push(timing);
        else problems.push(`${flight.chatId} ${flight.step}: not delivered or no call`);
      }
      const seconds = (lastAnswer - first) / 1000;
      results.push({
        rate,
        updates: total,
        offeredPerSecond: total / Math.max(0.001, (lastOffer - first) / 1000),
        answeredPerSecond: total / seconds,
        timings,
        starvedMs,
        cpu: cpuPerItem(cpu0, cpu1, total),
      });
    }

    // Results
    for (const r of results) {
      const own = summary(r.timings.map((x) => x.own));
      const last = summary(r.timings.map((x) => x.last));
      const felt = summary(r.timings.map((x) => x.felt));
      const callsPer = r.timings.reduce((n, x) => n + x.calls, 0) / Math.max(1, r.timings.length);
      console.log(`\nphase: ${r.rate} updates/s offered, ${r.updates} updates (${callsPer.toFixed(2)} Bot API calls per update)`);
      console.log(
        `  throughput:             ${r.answeredPerSecond.toFixed(0)} updates/s answered (offered at ${r.offeredPerSecond.toFixed(0)}/s${r.starvedMs > 50 ? `; every member was busy for ${(r.starvedMs / 1000).toFixed(1)} s` : ""})`,
      );
      console.log(`  bot's own time:         p50 ${own.p50.toFixed(1)} ms, p95 ${own.p95.toFixed(1)} ms, p99 ${own.p99.toFixed(1)} ms, max ${own.max.toFixed(1)} ms`);
      console.log(
        `  delivery → last call:   p50 ${last.p50.toFixed(1)} ms, p95 ${last.p95.toFixed(1)} ms, p99 ${last.p99.toFixed(1)} ms (includes the Bot API round trips before it)`,
      );
      console.log(`  delivery → last answer: p50 ${felt.p50.toFixed(1)} ms, p95 ${felt.p95.toFixed(1)} ms, p99 ${felt.p99.toFixed(1)} ms (what the member waits for)`);
      if (r.cpu) {
        const c = r.cpu;
        console.log(
          `  CPU per update:         bot process ${c.bot.toFixed(2)} ms, its PostgreSQL backends ${c.postgres.toFixed(2)} ms, Redis ${c.redis.toFixed(2)} ms (all clients), ` +
            `bench (fake + members) ${c.bench.toFixed(2)} ms, everything else ${c.rest.toFixed(2)} ms; machine ${(c.busyShare * 100).toFixed(0)}% busy`,
        );
      }
    }
    const lastPhase = results[results.length - 1]!;
    const byKind: UpdateKind[] = ["text", "callback", "command"];
    printTable(
      `bot's own time by kind (last phase, ${lastPhase.rate}/s)`,
      byKind.map((kind) => ({ name: kind, values: lastPhase.timings.filter((x) => x.kind === kind).map((x) => x.own) })),
    );
    printTable(
      "bot's own time by step (in the order members meet them)",
      [...new Set(lastPhase.timings.map((x) => x.step))].map((name) => ({ name, values: lastPhase.timings.filter((x) => x.step === name).map((x) => x.own) })),
    );

    // Checks
    const ids = allPlans.filter((p) => p.completes).map((p) => BigInt(p.id));
    const registered = await container.prisma.member.count({ where: { telegramId: { in: ids }, registeredAt: { not: null } } });
    const s = api.stats();
    console.log("\nchecks");
    console.log(`  Bot API calls: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(", ")}`);
    console.log(`  getUpdates: ${s.getUpdates} calls delivered ${s.delivered} updates (up to ${s.maxBatch} at once)`);
    console.log(`  refused calls: ${counts.failed}${failures.length ? ` (${failures.join("; ")})` : ""}`);
    console.log(
      `  rate-limited answers: ${counts.rateLimited}; stale-button answers: ${counts.stale}; internal-error answers: ${counts.internal}; calls after their update was answered: ${counts.stray}`,
    );
    console.log(`  members registered: ${registered} of ${ids.length}`);
    if (problems.length) console.log(`  problems: ${problems.length} (${problems.slice(0, 5).join("; ")})`);
    if (errorLines.length) console.log(`  errors logged by the bot: ${errorLines.length} (${describeErrors(errorLines)})`);
    failed = errorLines.length > 0 || counts.failed > 0 || counts.rateLimited + counts.stale + counts.internal > 0 || registered !== ids.length || problems.length > 0;
    if (failed) console.log(`  CHECKS FAILED (the bot's log: ${path.join(tmpdir(), `${dbName}.log`)})`);

    // Targets: met when some phase answered ≥ 1,000/s with p99 of the bot's own time ≤ 50 ms.
    const scored = results.map((r) => ({ r, p99: summary(r.timings.map((x) => x.own)).p99 }));
    const meets = scored.filter(({ r, p99 }) => r.answeredPerSecond >= TARGET_RATE && p99 <= TARGET_P99_MS);
    const best = meets[0] ?? scored.reduce((a, b) => (b.r.answeredPerSecond > a.r.answeredPerSecond ? b : a));
    missed = meets.length === 0;
    console.log("\ntargets (measured on a shared machine: indicative)");
    console.log(`  throughput ≥ ${TARGET_RATE} updates/s answered: measured ${best.r.answeredPerSecond.toFixed(0)}/s (offered ${best.r.rate}/s)`);
    console.log(`  p99 of the bot's own time ≤ ${TARGET_P99_MS} ms: measured ${best.p99.toFixed(1)} ms`);
    console.log(
      missed
        ? `MISSED: ${best.r.answeredPerSecond.toFixed(0)} updates/s with p99 ${best.p99.toFixed(1)} ms of the bot's own time (targets ≥ ${TARGET_RATE}/s, ≤ ${TARGET_P99_MS} ms)`
        : `MET: ${best.r.answeredPerSecond.toFixed(0)} updates/s with p99 ${best.p99.toFixed(1)} ms of the bot's own time`,
    );
  } finally {
    await cleanup();
  }
  if (failed || (missed && opts.strict)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * A question's buttons carry the step's token (`st2:<token>:<action>`, see
 * src/bot/questionnaire.ts); the scenario names them `st1:<action>`, as the
 * handlers read them.
 */
function buttonMatches(data: string, wanted: string): boolean {
  if (data === wanted) return true;
  const step = /^st2:[^:]+:(.*)$/.exec(data);
  return step !== null && wanted === `st1:${step[1]}`;
}
