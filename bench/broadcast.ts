// Broadcast benchmark (issue 5, "Benchmark"; made honest in issue 9): a broadcast
// created with the app's own BroadcastsService.create, fanned out and sent by the
// real worker process (`node --import tsx src/main.ts`, ROLE=worker) on PostgreSQL
// and Redis, to the local HTTP fake of the Bot API (test/support/bot-api-fake.ts).
// The fake enforces Telegram's flood limits (test/support/bot-api-fake/flood.ts: 30/s
// overall, 1,000/s with allow_paid_broadcast, 1/s per chat, 20/min per group, over
// sliding windows counted when a request arrives) and answers 429 with retry_after
// past them; its latency is `--latency` plus up to `--jitter` ms at random.
//
//   npm run bench:broadcast                                # everything (about 15 minutes)
//   npm run bench:broadcast -- --only 2,3 --recipients 2000
//   npm run bench:broadcast -- --only 4 --lane4 paid       # SIGKILL on the paid lane
//   npm run bench:broadcast -- --strict                    # exit 1 when a target is missed
//   npm run bench:broadcast -- --only 2 --profile-worker /tmp/prof   # CPU profile of the worker
//
// 1. Free lane: `--recipients` (10,000) recipients at SEND_RATE_PER_SECOND=`--rate`
//    (the app's default unless given): the rate from the broadcast's confirmation
//    (create(), what the admin waits for) to the last answered send, as a share of
//    the budget (target ≥ 98 %), and the most sends in any second, by the clock and
//    sliding, counted when they reached the fake (target: none above the budget).
// 2. Paid lane ("broadcast.paid" on): the same at PAID_SEND_RATE_PER_SECOND=`--paid-rate`
//    (the app's default unless given): the rate from confirmation as a share of
//    Telegram's 1,000/s (target ≥ 90 %), no second above the budget, with where the CPU went.
// 3. `--blocked` % (1 %) of the recipients blocked the bot (403) and a burst of
//    `--burst` 429s with retry_after `--retry-after` s injected once a fifth is sent,
//    on lane `--lane3` (paid): every other recipient gets the broadcast exactly once.
// 4. The worker process is killed with SIGKILL once `--kill-at` (half) is sent and
//    started again, on lane `--lane4` (free): lost recipients (target 0) and
//    duplicates (target ≤ the sends in flight at the kill). Deliveries SENDING at
//    the kill have an unknown outcome: the delivery sweep (every minute, after 2
//    minutes) sends them again, so this scenario lasts at least 3 minutes.
// 5. Redis memory per queued delivery: the fan-out (the real processor, called
//    here) queues `--recipients` deliveries with no worker running; INFO used_memory
//    before and after, and MEMORY USAGE of the send queue's keys.
//
// Each scenario has its own Redis prefix, fake, worker process and recipients (a
// region of their own, which is the broadcast's audience); the database
// tb_bench_bc_<pid> and the prefixes are removed at the end. The last line says
// whether every target was met ("MISSED: …" when not); the exit code is 1 when
// something crashes, or with --strict when a target was missed.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import type { JobPayloads } from "../src/jobs/definitions.js";
import type { MemberState } from "../src/features/members/members.types.js";
import type { DeliveryProgress } from "../src/features/delivery/delivery.types.js";
import { BROADCAST_KIND, broadcastRefId, type BroadcastView } from "../src/features/broadcasts/broadcasts.types.js";
import { makeTextUpdate, startBotApiFake, type BotApiFake } from "../test/support/bot-api-fake.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { cpuSnapshot, type CpuSnapshot } from "./cpu-accounting.js";
import { cpuDelta, cpuTicks, peakRssBytes, postgresBackendTicks, startWorkerProcess, stopWorkerProcess, type WorkerProcess } from "./worker-process.js";
import { BENCH_BOT_TOKEN, REDIS_URL, databaseUrl, dropDatabase, log, sleep } from "./bench-env.js";

const { values: opts } = parseArgs({
  options: {
    only: { type: "string", default: "1,2,3,4,5" },
    recipients: { type: "string", default: "10000" },
    rate: { type: "string", default: "" },
    "paid-rate": { type: "string", default: "" },
    latency: { type: "string", default: "30" },
    jitter: { type: "string", default: "40" },
    strict: { type: "boolean", default: false },
    lane3: { type: "string", default: "paid" },
    lane4: { type: "string", default: "free" },
    blocked: { type: "string", default: "1" },
    burst: { type: "string", default: "25" },
    "retry-after": { type: "string", default: "2" },
    "kill-at": { type: "string", default: "0.5" },
    "profile-worker": { type: "string", default: "" },
  },
});
const ONLY = opts.only
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const N = Number(opts.recipients);
// The app's own defaults unless given: the benchmark measures what a deployment gets.
const APP_DEFAULTS = createConfig({ BOT_TOKEN: BENCH_BOT_TOKEN, DATABASE_URL: "postgresql://x@127.0.0.1/x", REDIS_URL: "redis://127.0.0.1" });
const RATE = opts.rate ? Number(opts.rate) : APP_DEFAULTS.sendRatePerSecond;
const PAID_RATE = opts["paid-rate"] ? Number(opts["paid-rate"]) : APP_DEFAULTS.paidSendRatePerSecond;
/** Telegram's limits, which the fake enforces: the paid lane's target is a share of this. */
const TELEGRAM_FREE = 30;
const TELEGRAM_PAID = 1000;
const LATENCY = Number(opts.latency);
const JITTER = Number(opts.jitter);
const STRICT = opts.strict === true;
/** Targets missed, for the last line. */
const missed: string[] = [];
const BLOCKED_PCT = Number(opts.blocked);
const BURST = Number(opts.burst);
const RETRY_AFTER_S = Number(opts["retry-after"]);
const KILL_AT = Number(opts["kill-at"]);
const PROFILE_DIR = opts["profile-worker"];
type Lane = "free" | "paid";
function lane(value: string | undefined, flag: string): Lane {
  if (value !== "free" && value !== "paid") throw new Error(`${flag} must be free or paid, not ${value}`);
  return value;
}
const LANE3 = lane(opts.lane3, "--lane3");
const LANE4 = lane(opts.lane4, "--lane4");
for (const s of ONLY) if (!["1", "2", "3", "4", "5"].includes(s)) throw new Error(`--only: unknown scenario ${s}`);
if (!Number.isInteger(N) || N < 10) throw new Error("--recipients must be an integer ≥ 10");

const dbName = `tb_bench_bc_${process.pid}`;
const basePrefix = `tb_bench_bc_${process.pid}_${randomBytes(4).toString("hex")}`;
/** A region per scenario: the broadcast's audience is exactly that scenario's recipients. */
const REGION: Record<string, string> = { "1": "RU-AD", "2": "RU-AL", "3": "RU-BA", "4": "RU-BU", "5": "RU-DA" };
let nextTelegramId = 6_000_000_000; // above 2^32, like recent Telegram accounts

const dbUrl = databaseUrl(dbName);

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${Math.round(bytes / 1024 / 1024)} MB`);
const int = (n: number) => n.toLocaleString("en-US");

function envFor(prefix: string, apiRoot: string): Record<string, string> {
  return {
    BOT_TOKEN: BENCH_BOT_TOKEN,
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    TELEGRAM_API_ROOT: apiRoot,
    SEND_RATE_PER_SECOND: String(RATE),
    PAID_SEND_RATE_PER_SECOND: String(PAID_RATE),
    DEFAULT_TIMEZONE: "Europe/Moscow",
  };
}

function makeContainer(prefix: string, apiRoot: string): Container {
  return createContainer(createConfig({ ...envFor(prefix, apiRoot), LOG_LEVEL: "warn" }), { logger: createLogger("warn") });
}

// ---------------------------------------------------------------- data

let admin: MemberState | undefined;

/** The broadcasting admin (no profile, so never in an audience); created once. */
async function ensureAdmin(c: Container): Promise<MemberState> {
  if (admin) return admin;
  const telegramId = BigInt(nextTelegramId++);
  const row = await c.prisma.member.create({
    data: { telegramId, role: "ADMIN", registeredAt: new Date(), consentStatus: "GIVEN" },
    select: { id: true },
  });
  admin = { id: row.id, telegramId, role: "ADMIN", locale: "ru", isActive: true, registered: true, username: null };
  return admin;
}

interface Recipient {
  id: number;
  telegramId: number;
}

/** Registered members with consent and a profile in `region`. */
async function createRecipients(c: Container, n: number, region: string): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (let i = 0; i < n; i += 2000) {
    const rows = await c.prisma.member.createManyAndReturn({
      data: Array.from({ length: Math.min(2000, n - i) }, () => ({
        telegramId: BigInt(nextTelegramId++),
        registeredAt: new Date(),
        consentStatus: "GIVEN" as const,
        consentAt: new Date(),
      })),
      select: { id: true, telegramId: true },
    });
    await c.prisma.profile.createMany({
      data: rows.map((r) => ({
        memberId: r.id,
        fullName: `Участник ${r.telegramId}`,
        professionalRole: "TEACHER" as const,
        regionCode: region,
        city: "Город",
        experienceYears: 5,
        timezone: "Europe/Moscow",
      })),
    });
    for (const r of rows) out.push({ id: r.id, telegramId: Number(r.telegramId) });
  }
  return out;
}

/** Puts the author's message into the fake (copyMessage copies it from there) and confirms a broadcast of it. */
async function createBroadcast(c: Container, fake: BotApiFake, paid: Lane, region: string): Promise<BroadcastView> {
  const author = await ensureAdmin(c);
  await c.services.settings.set(author, "broadcast.paid", paid === "paid");
  const update = makeTextUpdate(
    { id: Number(author.telegramId), first_name: "Администратор" },
    "Коллеги, 1 декабря в 16:00 — вебинар «Формирующее оценивание». Регистрация в боте.",
  );
  fake.pushUpdate(update);
  const broadcast = await c.services.broadcasts.create(author, {
    sourceChatId: author.telegramId,
    messageIds: [update.message!.message_id],
    summary: "Коллеги, 1 декабря в 16:00 — вебинар",
    audience: { regions: [region] },
  });
  if (broadcast.paid !== (paid === "paid")) throw new Error(`broadcast ${broadcast.id} is paid=${broadcast.paid}, expected ${paid}`);
  return broadcast;
}

// ---------------------------------------------------------------- measuring

/** What the fake answered to copyMessage calls for a set of chats, read incrementally from `fake.calls`. */
class SendTracker {
  private seen = 0;
  /** Chat → times of successful copies. */
  readonly ok = new Map<number, number[]>();
  /** When each successful send was answered (what the sender waits for). */
  readonly okTimes: number[] = [];
  /** When each successful send reached the fake (where Telegram counts its limits). */
  readonly okArrivals: number[] = [];
  /** Error code → count. */
  readonly errors = new Map<number, number>();
  errorTimes: Array<{ at: number; code: number }> = [];
  withPaidFlag = 0;
  constructor(
    private readonly fake: BotApiFake,
    private readonly chats: ReadonlySet<number>,
  ) {}

  update(): this {
    const calls = this.fake.calls;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      if (call.method !== "copyMessage") continue;
      const chat = Number(call.payload.chat_id);
      if (!this.chats.has(chat)) continue;
      if (call.response.ok) {
        const list = this.ok.get(chat);
        if (list) list.push(call.at);
        else this.ok.set(chat, [call.at]);
        this.okTimes.push(call.at);
        this.okArrivals.push(call.receivedAt ?? call.at);
        if (call.payload.allow_paid_broadcast === true) this.withPaidFlag++;
      } else {
        const code = call.response.error_code;
        this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
        this.errorTimes.push({ at: call.at, code });
      }
    }
    return this;
  }

  get okCount(): number {
    return this.okTimes.length;
  }
}

interface RateStats {
  sends: number;
  windowMs: number;
  rate: number;
  /** Most sends in any 1 s (sliding). */
  peak1s: number;
  /** Whole seconds from the first send with more than `limit` sends. */
  secondsOver: number;
  firstAt: number;
  lastAt: number;
}

function rateStats(times: readonly number[], limit: number): RateStats {
  const t = [...times].sort((a, b) => a - b);
  const first = t[0] ?? NaN;
  const last = t[t.length - 1] ?? NaN;
  let peak = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const bins = new Map<number, number>();
  for (const x of t) bins.set(Math.floor((x - first) / 1000), (bins.get(Math.floor((x - first) / 1000)) ?? 0) + 1);
  const windowMs = last - first;
  return {
    sends: t.length,
    windowMs,
    rate: windowMs > 0 ? (t.length - 1) / (windowMs / 1000) : NaN,
    peak1s: peak,
    secondsOver: [...bins.values()].filter((n) => n > limit).length,
    firstAt: first,
    lastAt: last,
  };
}

interface CpuMark {
  machine: CpuSnapshot | undefined;
  worker: { user: number; system: number } | undefined;
  postgres: Map<number, number>;
}
/** USER_HZ: /proc's CPU times are in these ticks (100 on every Linux this runs on). */
const CLOCK_TICKS = 100;
const cpuMark = (workerPid: number | undefined): CpuMark => ({
  machine: cpuSnapshot(dbName),
  worker: workerPid ? cpuTicks(workerPid) : undefined,
  postgres: postgresBackendTicks(dbName),
});

/** Shares of one core (100 % = one core busy): the worker process, this process (the fake), PostgreSQL, Redis, the rest. */
function describeCpu(a: CpuMark, b: CpuMark, sends?: number): string {
  if (!a.machine || !b.machine) return "n/a (no /proc)";
  const total = b.machine.total - a.machine.total;
  const core = (ticks: number) => `${((ticks / total) * 100 * b.machine!.cpus).toFixed(0)}%`;
  const workerUser = a.worker && b.worker ? b.worker.user - a.worker.user : 0;
  const workerSystem = a.worker && b.worker ? b.worker.system - a.worker.system : 0;
  const worker = workerUser + workerSystem;
  const bench = b.machine.bench - a.machine.bench;
  const postgres = cpuDelta(a.postgres, b.postgres);
  const redis = b.machine.redis - a.machine.redis;
  const busy = b.machine.busy - a.machine.busy;
  const rest = Math.max(0, busy - worker - bench - postgres - redis);
  const shares = `worker process ${core(worker)}, bench process with the fake ${core(bench)}, PostgreSQL ${core(postgres)}, Redis ${core(redis)}, everything else ${core(rest)} (of one core; the machine has ${b.machine.cpus}, ${((busy / total) * 100).toFixed(0)}% busy)`;
  if (!sends) return shares;
  // CPU time per send does not depend on what else runs on the machine (much), unlike the shares.
  const msPer = (ticks: number) => ((ticks * 1000) / CLOCK_TICKS / sends).toFixed(2);
  return `${shares}\n                CPU time per send: worker ${msPer(worker)} ms (user ${msPer(workerUser)}, system ${msPer(workerSystem)}), fake ${msPer(bench)} ms, PostgreSQL ${msPer(postgres)} ms, Redis ${msPer(redis)} ms (the whole server, shared)`;
}

function statusCounts(c: Container, broadcastId: number): Promise<DeliveryProgress> {
  return c.services.delivery.progress(BROADCAST_KIND, broadcastRefId(broadcastId));
}
const describeCounts = (counts: DeliveryProgress) =>
  Object.entries(counts)
    .filter(([k, v]) => v > 0 && k !== "total")
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(", ") || "none";

/**
 * Waits until the broadcast is fanned out and every one of its `expected`
 * deliveries is final, then (briefly) for its status DONE. `onTick` runs
 * every 50 ms meanwhile (injections, kills).
 */
async function waitSettled(
  c: Container,
  broadcastId: number,
  expected: number,
  tracker: SendTracker,
  deadline: number,
  what: string,
  onTick?: () => Promise<boolean | void>,
): Promise<{ settledAt: number; counts: DeliveryProgress; status: string }> {
  let lastDb = 0;
  let lastLog = Date.now();
  for (;;) {
    tracker.update();
    if (onTick && (await onTick()) === true) return { settledAt: NaN, counts: await statusCounts(c, broadcastId), status: "interrupted" };
    const now = Date.now();
    if (now - lastLog > 15_000) {
      lastLog = now;
      log(`${what}: ${int(tracker.okCount)}/${int(expected)} sent`);
    }
    if (now - lastDb > 500 && tracker.okCount + [...tracker.errors.entries()].filter(([code]) => code !== 429).reduce((a, [, n]) => a + n, 0) >= expected) {
      lastDb = now;
      const counts = await statusCounts(c, broadcastId);
      const b = await c.prisma.broadcast.findUnique({ where: { id: broadcastId }, select: { fannedOutAt: true } });
      if (b?.fannedOutAt && counts.total === expected && counts.QUEUED === 0 && counts.SENDING === 0) {
        const settledAt = Date.now();
        // The progress chain (every BROADCAST_PROGRESS_SECONDS) records DONE and sends the author the final report.
        let status = "";
        for (let i = 0; i < 60; i++) {
          status = (await c.prisma.broadcast.findUnique({ where: { id: broadcastId }, select: { status: true } }))?.status ?? "gone";
          if (status === "DONE") break;
          await sleep(250);
        }
        return { settledAt, counts: await statusCounts(c, broadcastId), status };
      }
    }
    if (now > deadline) {
      log(`${what}: deadline passed with ${int(tracker.okCount)}/${int(expected)} sent`);
      const status = (await c.prisma.broadcast.findUnique({ where: { id: broadcastId }, select: { status: true } }))?.status ?? "gone";
      return { settledAt: NaN, counts: await statusCounts(c, broadcastId), status: `${status} (deadline passed)` };
    }
    await sleep(50);
  }
}

/** Once per chat: missing recipients, and duplicate copies (extra sends) and the chats that got them. */
function exactlyOnce(tracker: SendTracker, recipients: readonly Recipient[], skip: ReadonlySet<number> = new Set()) {
  let missing = 0;
  let dupChats = 0;
  let extra = 0;
  const dupList: number[] = [];
  for (const r of recipients) {
    if (skip.has(r.telegramId)) continue;
    const n = tracker.ok.get(r.telegramId)?.length ?? 0;
    if (n === 0) missing++;
    else if (n > 1) {
      dupChats++;
      extra += n - 1;
      dupList.push(r.telegramId);
    }
  }
  return { missing, dupChats, extra, dupList };
}

// ---------------------------------------------------------------- results

interface Row {
  what: string;
  result: string;
  target: string;
}
const table: Row[] = [];
/** Peak RSS of the worker process, per scenario. */
const peakRss: string[] = [];
const details: string[] = [];
const print = (lines: string[]) => {
  details.push(lines.join("\n"));
  console.log(lines.join("\n"));
};

interface Setup {
  prefix: string;
  fake: BotApiFake;
  c: Container;
  recipients: Recipient[];
  chats: Set<number>;
}

async function setup(scenario: string, n: number): Promise<Setup> {
  const prefix = `${basePrefix}_s${scenario}`;
  const fake = await startBotApiFake({ latencyMs: LATENCY, latencyJitterMs: JITTER, floodLimits: true });
  const c = makeContainer(prefix, fake.apiRoot);
  await ensureAdmin(c);
  const recipients = await createRecipients(c, n, REGION[scenario]!);
  return { prefix, fake, c, recipients, chats: new Set(recipients.map((r) => r.telegramId)) };
}

async function teardown(s: Setup, workers: Array<WorkerProcess | undefined>): Promise<void> {
  for (const w of workers) if (w) await stopWorkerProcess(w);
  await s.c.close();
  await s.fake.close();
}

async function worker(s: Setup, tag: string): Promise<WorkerProcess> {
  const w = await startWorkerProcess({
    env: envFor(s.prefix, s.fake.apiRoot),
    tag,
    log,
    ...(PROFILE_DIR ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
  await w.ready;
  readyRss.set(w.pid, peakRssBytes(w.pid));
  return w;
}
/** Peak RSS of each worker process when it logged "ready" (before any sending): its baseline. */
const readyRss = new Map<number, number | undefined>();
const atReady = (w: WorkerProcess) => `${mb(readyRss.get(w.pid))} at ready`;

const warningsOf = (w: WorkerProcess) => [...w.warnings.entries()].map(([m, n]) => `${n}× "${m}"`).join(", ") || "none";

// ---------------------------------------------------------------- scenarios 1 and 2: the rate

async function rateScenario(scenario: "1" | "2"): Promise<void> {
  const paid: Lane = scenario === "2" ? "paid" : "free";
  const budget = paid === "paid" ? PAID_RATE : RATE;
  const telegram = paid === "paid" ? TELEGRAM_PAID : TELEGRAM_FREE;
  // Free lane: a share of the budget (Telegram's ~30/s less the safety margin); paid lane: of Telegram's 1,000/s.
  const targetRate = paid === "paid" ? 0.9 * TELEGRAM_PAID : 0.98 * budget;
  log(`scenario ${scenario}: ${int(N)} recipients on the ${paid} lane at ${budget}/s`);
  const s = await setup(scenario, N);
  let w: WorkerProcess | undefined;
  try {
    w = await worker(s, `#${scenario}`);
    const tracker = new SendTracker(s.fake, s.chats);
    const cpu0 = cpuMark(w.pid);
    // The admin's confirmation: create() is what the confirm button runs.
    const t0 = Date.now();
    const broadcast = await createBroadcast(s.c, s.fake, paid, REGION[scenario]!);
    const confirmedAt = Date.now();
    // A second CPU window over the middle of the run (30 % → 90 % of the sends), after the fan-out's busiest part.
    const mid: { from?: CpuMark; fromSends?: number; to?: CpuMark; toSends?: number } = {};
    const done = await waitSettled(s.c, broadcast.id, N, tracker, t0 + (N / budget) * 2000 + 120_000, `scenario ${scenario}`, async () => {
      if (!mid.from && tracker.okCount >= N * 0.3) Object.assign(mid, { from: cpuMark(w!.pid), fromSends: tracker.okCount });
      if (!mid.to && tracker.okCount >= N * 0.9) Object.assign(mid, { to: cpuMark(w!.pid), toSends: tracker.okCount });
    });
    const cpu1 = cpuMark(w.pid);
    tracker.update();
    const rss = peakRssBytes(w.pid);
    const r = rateStats(tracker.okTimes, budget);
    // Where Telegram counts: when each request arrived, by whole clock seconds and sliding.
    const arrivals = rateStats(tracker.okArrivals, budget);
    const clock = clockSeconds(tracker.okArrivals);
    const fromConfirm = tracker.ok.size / ((r.lastAt - t0) / 1000);
    const once = exactlyOnce(tracker, s.recipients);
    const b = await s.c.prisma.broadcast.findUnique({ where: { id: broadcast.id }, select: { startedAt: true, fannedOutAt: true } });
    const share = (100 * fromConfirm) / budget;
    const settings = s.c.queueSettings[paid === "paid" ? "send-paid" : "send"];
    const flood429 = tracker.errors.get(429) ?? 0;
    const ok = fromConfirm >= targetRate && clock.max <= budget && arrivals.peak1s <= budget && once.missing === 0;
    if (fromConfirm < targetRate) missed.push(`${scenario}. ${paid} lane ${fromConfirm.toFixed(1)}/s from confirmation < ${targetRate.toFixed(1)}/s`);
    if (clock.max > budget || arrivals.peak1s > budget)
      missed.push(`${scenario}. ${paid} lane: ${clock.max} in a clock second, ${arrivals.peak1s} sliding > budget ${budget}`);
    if (once.missing) missed.push(`${scenario}. ${once.missing} recipients missing`);
    print([
      "",
      `Scenario ${scenario}: ${paid} lane, ${int(N)} recipients, budget ${budget}/s (${paid === "paid" ? "PAID_SEND_RATE_PER_SECOND" : "SEND_RATE_PER_SECOND"}; Telegram's limit ${telegram}/s, enforced by the fake)`,
      `  send budget: SendBudget (Redis sliding window + pace), concurrency ${settings?.concurrency}; Bot API fake latency ${LATENCY}–${LATENCY + JITTER} ms; real worker process`,
      `  delivered:    ${int(tracker.ok.size)} of ${int(N)}; missing ${once.missing}; duplicates ${once.extra}; deliveries ${describeCounts(done.counts)}; broadcast ${done.status}`,
      `  errors:       ${[...tracker.errors.entries()].map(([code, n]) => `${n}× ${code}`).join(", ") || "none"} (429s: the fake's flood limits)${paid === "paid" ? `; sent with allow_paid_broadcast: ${int(tracker.withPaidFlag)}` : ""}`,
      `  timeline:     create() took ${sec(confirmedAt - t0)}; first send ${sec(r.firstAt - t0)} after confirmation; fan-out done ${b?.fannedOutAt && b.startedAt ? sec(b.fannedOutAt.getTime() - b.startedAt.getTime()) : "?"} after its start; last send answered ${sec(r.lastAt - t0)} after confirmation`,
      `  rate:         ${int(tracker.ok.size)} delivered in ${sec(r.lastAt - t0)} from confirmation = ${fromConfirm.toFixed(2)}/s = ${share.toFixed(1)}% of the ${budget}/s budget, ${((100 * fromConfirm) / telegram).toFixed(1)}% of Telegram's ${telegram}/s (target ≥ ${targetRate.toFixed(1)}/s); first to last send ${r.rate.toFixed(2)}/s`,
      `  per second:   at the fake's arrival, whole clock seconds: max ${clock.max} (budget ${budget}); sliding max ${arrivals.peak1s}; answered-time sliding max ${r.peak1s}`,
      ...(paid === "paid" || N / budget <= 60 ? [`  each second:  ${clock.bins.join(" ")}`] : []),
      `  CPU:          ${describeCpu(cpu0, cpu1, tracker.okCount)}`,
      ...(mid.from && mid.to ? [`  CPU, 30 → 90 % of the sends: ${describeCpu(mid.from, mid.to, mid.toSends! - mid.fromSends!)}`] : []),
      `  memory:       worker process peak RSS ${mb(rss)} (${atReady(w)}); bench process (with the fake) ${mb(process.resourceUsage().maxRSS * 1024)}`,
      `  worker warnings: ${warningsOf(w)}`,
    ]);
    table.push({
      what: `${scenario}. ${paid} lane, ${int(N)} recipients, ${budget}/s`,
      result: `${fromConfirm.toFixed(1)}/s from confirmation = ${share.toFixed(1)}% of budget, ${((100 * fromConfirm) / telegram).toFixed(1)}% of ${telegram}/s; ${int(tracker.ok.size)}/${int(N)} delivered, ${once.extra} dup, ${flood429} × 429${ok ? "" : " (MISSED)"}`,
      target: paid === "paid" ? `≥ 90% of ${telegram}/s` : "≥ 98% of budget",
    });
    table.push({
      what: `   most sends in one second`,
      result: `${clock.max} by the clock, ${arrivals.peak1s} sliding`,
      target: `≤ ${budget} (the budget)`,
    });
    peakRss.push(`${scenario}: ${mb(rss)}`);
  } finally {
    await teardown(s, [w]);
  }
}

/** Sends in each whole second of the clock (from the first one's), and the most in one. */
function clockSeconds(times: readonly number[]): { bins: number[]; max: number } {
  if (times.length === 0) return { bins: [], max: 0 };
  const first = Math.floor(Math.min(...times) / 1000);
  const bins: number[] = [];
  for (const t of times) {
    const i = Math.floor(t / 1000) - first;
    while (bins.length <= i) bins.push(0);
    bins[i]!++;
  }
  return { bins, max: Math.max(...bins) };
}

// ---------------------------------------------------------------- scenario 3: blocked members and 429s

async function scenario3(): Promise<void> {
  const budget = LANE3 === "paid" ? PAID_RATE : RATE;
  log(`scenario 3: ${int(N)} recipients on the ${LANE3} lane, ${BLOCKED_PCT}% blocked, ${BURST} × 429 (retry_after ${RETRY_AFTER_S} s)`);
  const s = await setup("3", N);
  let w: WorkerProcess | undefined;
  try {
    const every = Math.max(1, Math.round(100 / BLOCKED_PCT));
    const blocked = new Set(s.recipients.filter((_, i) => i % every === every - 1).map((r) => r.telegramId));
    for (const chat of blocked) s.fake.blockChat(chat);
    w = await worker(s, "#3");
    const tracker = new SendTracker(s.fake, s.chats);
    const t0 = Date.now();
    const broadcast = await createBroadcast(s.c, s.fake, LANE3, REGION["3"]!);
    let injectedAt: number | undefined;
    const done = await waitSettled(s.c, broadcast.id, N, tracker, t0 + (N / budget) * 2000 + 180_000, "scenario 3", async () => {
      if (injectedAt === undefined && tracker.okCount >= N / 5) {
        s.fake.inject429(BURST, RETRY_AFTER_S);
        injectedAt = Date.now();
        log(`scenario 3: ${BURST} × 429 injected after ${int(tracker.okCount)} sends`);
      }
    });
    tracker.update();
    const rss = peakRssBytes(w.pid);
    const once = exactlyOnce(tracker, s.recipients, blocked);
    const blockedSent = [...blocked].filter((chat) => tracker.ok.has(chat)).length;
    const inactive = await s.c.prisma.member.count({ where: { telegramId: { in: [...blocked].map(BigInt) }, isActive: false } });
    const r = rateStats(tracker.okTimes, 30);
    const errs429 = tracker.errorTimes.filter((e) => e.code === 429).map((e) => e.at);
    // The longest gap between two successful sends after the burst: the pause the 429s caused.
    let pauseMs = 0;
    if (injectedAt !== undefined) {
      const after = tracker.okTimes.filter((t) => t >= injectedAt! - 1000).sort((a, b) => a - b);
      for (let i = 1; i < after.length; i++) pauseMs = Math.max(pauseMs, after[i]! - after[i - 1]!);
    }
    const ideal = (N - blocked.size) / budget;
    const nonBlocked = N - blocked.size;
    const allOnce = once.missing === 0 && once.extra === 0 && blockedSent === 0;
    print([
      "",
      `Scenario 3: ${LANE3} lane (${budget}/s), ${int(N)} recipients, ${int(blocked.size)} blocked the bot (403), a burst of ${BURST} × 429 (retry_after ${RETRY_AFTER_S} s) after a fifth was sent`,
      `  delivered:    ${int(nonBlocked - once.missing)} of ${int(nonBlocked)} non-blocked members; missing ${once.missing}; duplicates ${once.extra} (in ${once.dupChats} chats); blocked members sent to: ${blockedSent}`,
      `  deliveries:   ${describeCounts(done.counts)}; blocked members now inactive: ${inactive} of ${blocked.size}; broadcast ${done.status}`,
      `  errors:       ${[...tracker.errors.entries()].map(([code, n]) => `${n}× ${code}`).join(", ") || "none"}; the 429s came within ${errs429.length ? sec(Math.max(...errs429) - Math.min(...errs429)) : "-"}; longest pause in sending after them ${sec(pauseMs)}`,
      `  duration:     ${sec(r.lastAt - r.firstAt)} first to last send (${ideal.toFixed(1)} s at the full budget); ${r.rate.toFixed(1)}/s; peak ${r.peak1s} in one second`,
      `  memory:       worker process peak RSS ${mb(rss)} (${atReady(w)})`,
      `  worker warnings: ${warningsOf(w)}`,
    ]);
    peakRss.push(`3: ${mb(rss)}`);
    if (!allOnce) missed.push(`3. not every non-blocked member got it exactly once`);
    table.push({
      what: `3. ${BLOCKED_PCT}% blocked + ${BURST} × 429, ${LANE3} lane`,
      result: `${int(nonBlocked - once.missing)}/${int(nonBlocked)} non-blocked delivered, ${once.extra} dup, ${blockedSent} to blocked; ${allOnce ? "all once" : "NOT all once"}`,
      target: "all non-blocked once",
    });
  } finally {
    await teardown(s, [w]);
  }
}

// ---------------------------------------------------------------- scenario 4: SIGKILL

async function scenario4(): Promise<void> {
  const budget = LANE4 === "paid" ? PAID_RATE : RATE;
  log(`scenario 4: ${int(N)} recipients on the ${LANE4} lane; SIGKILL after ${KILL_AT * 100}% and restart`);
  const s = await setup("4", N);
  let first: WorkerProcess | undefined;
  let second: WorkerProcess | undefined;
  try {
    first = await worker(s, "#4a");
    const tracker = new SendTracker(s.fake, s.chats);
    const t0 = Date.now();
    const broadcast = await createBroadcast(s.c, s.fake, LANE4, REGION["4"]!);
    let killedAt = 0;
    let sentBeforeKill = 0;
    let rss1: number | undefined;
    let armedAt = 0;
    // Aim the kill at a moment with sends in flight (a kill between two limiter windows tests nothing):
    // once the threshold is passed, kill as soon as half a window's worth of deliveries is SENDING (or after 3 s).
    // About a tenth of a second's budget in flight: the sends the budget lets out while a request is on its way.
    const windowMax = Math.max(2, Math.ceil(budget / 5));
    const sendingNow = () => s.c.prisma.delivery.count({ where: { kind: BROADCAST_KIND, refId: broadcastRefId(broadcast.id), status: "SENDING" } });
    await waitSettled(s.c, broadcast.id, N, tracker, t0 + (N / budget) * 2000 + 120_000, "scenario 4 (before the kill)", async () => {
      if (tracker.okCount < N * KILL_AT) return false;
      armedAt ||= Date.now();
      for (;;) {
        if ((await sendingNow()) >= Math.ceil(windowMax / 2) || Date.now() - armedAt > 3000) break;
        await sleep(5);
      }
      rss1 = peakRssBytes(first!.pid);
      first!.child.kill("SIGKILL");
      killedAt = Date.now();
      sentBeforeKill = tracker.okCount;
      return true;
    });
    if (!killedAt) throw new Error("scenario 4: the run ended before the kill");
    await first.exited;
    await sleep(200);
    // In flight: deliveries claimed (SENDING) but not recorded SENT when the process died.
    const sendingRows = await s.c.prisma.delivery.findMany({
      where: { kind: BROADCAST_KIND, refId: broadcastRefId(broadcast.id), status: "SENDING" },
      select: { member: { select: { telegramId: true } } },
    });
    const sendingChats = new Set(sendingRows.map((r) => Number(r.member.telegramId)));
    await sleep(Math.max(0, killedAt + LATENCY + 500 - Date.now()));
    tracker.update();
    // Requests the fake held at the kill: it answers them after its latency, to a closed socket.
    const answeredAfterKill = tracker.okTimes.filter((t) => t > killedAt).length;
    log(
      `scenario 4: SIGKILL after ${int(sentBeforeKill)} sends; ${sendingChats.size} deliveries SENDING, ${answeredAfterKill} requests answered by the fake after the kill; restarting`,
    );
    second = await worker(s, "#4b");
    const restartedAt = Date.now();
    const done = await waitSettled(s.c, broadcast.id, N, tracker, restartedAt + (N / budget) * 2000 + 180_000, "scenario 4 (after the restart)");
    tracker.update();
    const rss2 = peakRssBytes(second.pid);
    const once = exactlyOnce(tracker, s.recipients);
    const dupInFlight = once.dupList.filter((chat) => sendingChats.has(chat)).length;
    const firstAfter = tracker.okTimes.filter((t) => t > restartedAt).sort((a, b) => a - b)[0];
    const resent = [...sendingChats].map((chat) => tracker.ok.get(chat)?.filter((t) => t > restartedAt)[0]).filter((t): t is number => t !== undefined);
    const inFlight = sendingChats.size;
    print([
      "",
      `Scenario 4: SIGKILL of the worker process on the ${LANE4} lane (${budget}/s), ${int(N)} recipients, then restart`,
      `  kill:         after ${int(sentBeforeKill)} of ${int(N)} sends (${sec(killedAt - t0)} after create()); in flight at the kill: ${inFlight} deliveries SENDING, of which ${answeredAfterKill} requests were at the fake (answered after the kill)`,
      `  restart:      new process ready ${sec(restartedAt - killedAt)} after the kill; its first send ${firstAfter ? sec(firstAfter - killedAt) : "never"} after the kill`,
      `  in-flight ones re-sent ${resent.length ? `${sec(Math.min(...resent) - killedAt)}–${sec(Math.max(...resent) - killedAt)}` : "never"} after the kill (their outcome unknown: the delivery sweep, after 2 minutes)`,
      `  lost:         ${once.missing} recipients without the broadcast (target 0)`,
      `  duplicates:   ${once.extra} extra sends in ${once.dupChats} chats, ${dupInFlight} of them among the SENDING-at-kill ones (target ≤ ${inFlight} in flight)`,
      `  deliveries:   ${describeCounts(done.counts)}; broadcast ${done.status}; last send ${sec(Math.max(...tracker.okTimes) - t0)} after create()`,
      `  memory:       worker peak RSS ${mb(rss1)} (killed one; ${atReady(first)}), ${mb(rss2)} (restarted one; ${atReady(second)})`,
      `  worker warnings: #4a ${warningsOf(first)}; #4b ${warningsOf(second)}`,
    ]);
    peakRss.push(`4: ${mb(rss1)} killed, ${mb(rss2)} restarted`);
    if (once.missing) missed.push(`4. ${once.missing} lost after SIGKILL`);
    if (once.extra > inFlight) missed.push(`4. ${once.extra} duplicates > ${inFlight} in flight`);
    table.push({ what: `4. SIGKILL at ${KILL_AT * 100}% + restart, ${LANE4} lane: lost`, result: String(once.missing), target: "0" });
    table.push({
      what: `   duplicates`,
      result: `${once.extra} (in flight at the kill: ${inFlight}, ${answeredAfterKill} at the Bot API)`,
      target: `≤ ${inFlight} in flight`,
    });
  } finally {
    await teardown(s, [first, second]);
  }
}

// ---------------------------------------------------------------- scenario 5: Redis memory

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

/** MEMORY USAGE (every element counted) of each key under `pattern`, grouped. */
async function keyMemory(redis: Redis, pattern: string): Promise<Map<string, { keys: number; bytes: number }>> {
  const groups = new Map<string, { keys: number; bytes: number }>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    const sizes = await Promise.all(keys.map((k) => redis.call("MEMORY", "USAGE", k, "SAMPLES", "0") as Promise<number | null>));
    keys.forEach((key, i) => {
      const perJob = /:dlv-\d+(:\w+)?$/.exec(key);
      const group = perJob ? `job ${perJob[1] ? `"${perJob[1].slice(1)}" keys` : "hashes"} (dlv-<id>)` : `"${key.slice(key.lastIndexOf(":") + 1)}"`;
      const g = groups.get(group) ?? { keys: 0, bytes: 0 };
      g.keys++;
      g.bytes += sizes[i] ?? 0;
      groups.set(group, g);
    });
  } while (cursor !== "0");
  return groups;
}

async function scenario5(): Promise<void> {
  log(`scenario 5: Redis memory of ${int(N)} queued deliveries (no worker running)`);
  const s = await setup("5", N);
  try {
    const broadcast = await createBroadcast(s.c, s.fake, "free", REGION["5"]!);
    const redis = s.c.redis;
    const pattern = `${s.prefix}:bull:send:*`;
    const keysBefore = await keyMemory(redis, pattern);
    const before = await usedMemory(redis);
    // The fan-out job's own processor, called here: the send jobs are queued exactly as the worker would.
    await s.c.processors["broadcasts.fanout"]({ broadcastId: broadcast.id }, undefined as unknown as Job<JobPayloads["broadcasts.fanout"]>, s.c.logger);
    const after = await usedMemory(redis);
    const keysAfter = await keyMemory(redis, pattern);
    const counts = await statusCounts(s.c, broadcast.id);
    const waiting = await s.c.queues.queue("send").getJobCountByTypes("prioritized", "waiting", "delayed");
    const sum = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((a, g) => a + g.bytes, 0);
    const keyBytes = sum(keysAfter) - sum(keysBefore);
    const queued = counts.QUEUED;
    const groups = [...keysAfter.entries()]
      .map(([name, g]) => ({ name, keys: g.keys, bytes: g.bytes - (keysBefore.get(name)?.bytes ?? 0) }))
      .sort((a, b) => b.bytes - a.bytes);
    print([
      "",
      `Scenario 5: Redis memory per queued delivery (${int(queued)} deliveries QUEUED, ${int(waiting)} jobs in the send queue, no worker)`,
      `  INFO used_memory: +${int(after - before)} bytes = ${Math.round((after - before) / queued)} bytes per delivery (the whole server: noisy if others use it)`,
      `  MEMORY USAGE of the send queue's keys: +${int(keyBytes)} bytes = ${Math.round(keyBytes / queued)} bytes per delivery:`,
      ...groups.map(
        (g) =>
          `    ${g.name.padEnd(28)} ${String(g.keys).padStart(6)} keys ${int(g.bytes).padStart(12)} bytes  ${(g.bytes / queued).toFixed(0).padStart(5)} per delivery`,
      ),
    ]);
    table.push({
      what: "5. Redis per queued delivery",
      result: `${Math.round(keyBytes / queued)} B (send-queue keys); used_memory ${Math.round((after - before) / queued)} B`,
      target: "(report)",
    });
  } finally {
    await teardown(s, []);
  }
}

// ---------------------------------------------------------------- main

async function cleanup(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const n = await cleanRedisPrefix(redis, basePrefix);
    log(`cleanup: ${n} Redis keys deleted`);
  } finally {
    redis.disconnect();
  }
  await dropDatabase(dbName);
  log(`cleanup: database ${dbName} dropped`);
}

async function main(): Promise<void> {
  process.on("SIGINT", () => {
    void cleanup().finally(() => process.exit(130));
  });
  await dropDatabase(dbName);
  await ensureDatabase(dbUrl);
  await migrate({ databaseUrl: dbUrl });
  console.log(
    `bench: broadcasts (PostgreSQL ${dbName}, Redis prefix ${basePrefix}; node ${process.version}; ${new Date().toISOString()}; scenarios ${ONLY.join(",")}; ${int(N)} recipients; fake latency ${LATENCY}–${LATENCY + JITTER} ms, Telegram's flood limits enforced; SEND_RATE_PER_SECOND ${RATE}, PAID_SEND_RATE_PER_SECOND ${PAID_RATE})`,
  );
  try {
    for (const s of ONLY) {
      if (s === "1" || s === "2") await rateScenario(s);
      else if (s === "3") await scenario3();
      else if (s === "4") await scenario4();
      else await scenario5();
    }
  } finally {
    await cleanup();
  }
  if (peakRss.length) table.push({ what: "worker process peak RSS", result: peakRss.join("; "), target: "(report)" });
  const w1 = Math.max(...table.map((r) => r.what.length), 10);
  const w2 = Math.max(...table.map((r) => r.result.length), 10);
  console.log(
    ["", "Summary", `  ${"".padEnd(w1)}  ${"result".padEnd(w2)}  target`, ...table.map((r) => `  ${r.what.padEnd(w1)}  ${r.result.padEnd(w2)}  ${r.target}`)].join("\n"),
  );
  console.log(missed.length ? `MISSED: ${missed.join("; ")}` : "All targets met.");
  if (STRICT && missed.length) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    void cleanup().finally(() => process.exit(1));
  },
);
