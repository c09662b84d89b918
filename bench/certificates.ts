// Certificates benchmark (issue 12, "Speed"): the real worker processes
// (`node --import tsx src/main.ts`, ROLE=worker) on PostgreSQL and Redis, sending to
// the local HTTP fake of the Bot API (test/support/bot-api-fake.ts), which answers
// after `--latency` plus up to `--jitter` ms and enforces Telegram's flood limits.
//
//   npm run bench:certificates                               # everything (about 12 minutes)
//   npm run bench:certificates -- --only 1 --documents 1000 --workers 1
//   npm run bench:certificates -- --only 3 --participants 2000
//   npm run bench:certificates -- --strict                   # exit 1 when a target is missed
//
// 1. Rendering: `--documents` (600) documents issued at once through
//    CertificatesService.issue; `--workers` (2) worker processes run the render
//    jobs in parallel (and send the PDFs at the send budget meanwhile). Documents
//    per second from the issue to the last PDF stored (target ≥ 40/s), and the PDFs'
//    sizes (target ≤ 120 KB each).
// 2. The verification page: bench/certificates-page.ts (GET /v/<code> at 500
//    requests/s with autocannon, target p99 ≤ 10 ms), run as its own process.
// 3. A big event: `--participants` (10,000) members register for an event (the
//    app's EventsService, after the event was created), check in, and once it is
//    over the organiser issues the participation certificates; one worker process
//    issues, renders and sends them through the sending path at
//    SEND_RATE_PER_SECOND. It is killed with SIGKILL when `--kill-at` (half) are
//    delivered and started again. Targets: every participant gets exactly one PDF
//    (lost 0; duplicates no more than the sends in flight at the kill, whose outcome
//    the sending path cannot know), the rate from the issue to the last PDF as a
//    share of the budget, and what PostgreSQL held in document_files at most
//    (rendering runs about a minute ahead of sending).
//
// The database tb_bench_cert_<pid> and the Redis prefixes are removed at the end.
// The last line says whether every target was met ("MISSED: …" when not).
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import type { MemberState } from "../src/features/members/members.types.js";
import { startBotApiFake, type BotApiFake } from "../test/support/bot-api-fake.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from "./worker-process.js";
import { BENCH_BOT_TOKEN, REDIS_URL, databaseUrl, dropDatabase, log, sleep } from "./bench-env.js";

const { values: opts } = parseArgs({
  options: {
    only: { type: "string", default: "1,2,3" },
    documents: { type: "string", default: "600" },
    workers: { type: "string", default: "2" },
    participants: { type: "string", default: "10000" },
    latency: { type: "string", default: "30" },
    jitter: { type: "string", default: "40" },
    "kill-at": { type: "string", default: "0.5" },
    strict: { type: "boolean", default: false },
    "profile-worker": { type: "string", default: "" },
  },
});
const ONLY = new Set(opts.only.split(",").map((s) => s.trim()));
const DOCUMENTS = Number(opts.documents);
const WORKERS = Number(opts.workers);
const PARTICIPANTS = Number(opts.participants);
const LATENCY = Number(opts.latency);
const JITTER = Number(opts.jitter);
const KILL_AT = Number(opts["kill-at"]);
const APP_DEFAULTS = createConfig({ BOT_TOKEN: BENCH_BOT_TOKEN, DATABASE_URL: "postgresql://x@127.0.0.1/x", REDIS_URL: "redis://127.0.0.1" });
const RATE = APP_DEFAULTS.sendRatePerSecond;

const dbName = `tb_bench_cert_${process.pid}`;
const basePrefix = `tb_bench_cert_${process.pid}_${randomBytes(4).toString("hex")}`;
const dbUrl = databaseUrl(dbName);
const missed: string[] = [];
const results: string[] = [];
const int = (n: number) => n.toLocaleString("en-US");
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let nextTelegramId = 6_500_000_000;

function envFor(prefix: string, apiRoot: string): Record<string, string> {
  return { BOT_TOKEN: BENCH_BOT_TOKEN, DATABASE_URL: dbUrl, REDIS_URL, REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: apiRoot, DEFAULT_TIMEZONE: "Europe/Moscow" };
}

function makeContainer(prefix: string, apiRoot: string): Container {
  return createContainer(createConfig({ ...envFor(prefix, apiRoot), LOG_LEVEL: "warn" }), { logger: createLogger("warn") });
}

async function worker(prefix: string, fake: BotApiFake, tag: string): Promise<WorkerProcess> {
  const profile = opts["profile-worker"];
  const w = await startWorkerProcess({ env: envFor(prefix, fake.apiRoot), tag, log, ...(profile ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profile}`] } : {}) });
  await w.ready;
  return w;
}

/** Registered members with a profile; returns their ids and Telegram ids. */
async function createMembers(c: Container, n: number, role: "MEMBER" | "MODERATOR" = "MEMBER"): Promise<Array<{ state: MemberState; telegramId: number }>> {
  const out: Array<{ state: MemberState; telegramId: number }> = [];
  for (let i = 0; i < n; i += 2000) {
    const rows = await c.prisma.member.createManyAndReturn({
      data: Array.from({ length: Math.min(2000, n - i) }, () => ({
        telegramId: BigInt(nextTelegramId++),
        role,
        registeredAt: new Date(),
        consentStatus: "GIVEN" as const,
        consentAt: new Date(),
      })),
      select: { id: true, telegramId: true },
    });
    await c.prisma.profile.createMany({
      data: rows.map((r, j) => ({
        memberId: r.id,
        fullName: ["Иванова Мария Петровна", "Петров Алексей Сергеевич", "Сидоренко-Ковальчук Анастасия Викторовна"][j % 3]!,
        professionalRole: "TEACHER" as const,
        regionCode: "RU-MOW",
        city: "Москва",
        organisation: j % 4 === 0 ? null : `МБОУ «СОШ № ${(j % 120) + 1}»`,
        experienceYears: 5,
        timezone: "Europe/Moscow",
      })),
    });
    for (const r of rows) {
      const telegramId = Number(r.telegramId);
      out.push({ state: { id: r.id, telegramId: r.telegramId!, role, locale: "ru", isActive: true, registered: true, username: null }, telegramId });
    }
  }
  return out;
}

/** Runs `fn` over `items`, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Successful sendDocument calls per chat, read incrementally from the fake's record. */
class DocumentSends {
  private seen = 0;
  readonly perChat = new Map<number, number>();
  readonly times: number[] = [];
  readonly errors = new Map<number, number>();
  constructor(private readonly fake: BotApiFake) {}
  update(): this {
    const calls = this.fake.calls;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      if (call.method !== "sendDocument") continue;
      if (!call.response.ok) {
        this.errors.set(call.response.error_code, (this.errors.get(call.response.error_code) ?? 0) + 1);
        continue;
      }
      const chat = Number(call.payload.chat_id);
      this.perChat.set(chat, (this.perChat.get(chat) ?? 0) + 1);
      this.times.push(call.at);
    }
    return this;
  }
  get total(): number {
    return this.times.length;
  }
}

// ---------------------------------------------------------------- 1. rendering

async function scenario1(): Promise<void> {
  const prefix = `${basePrefix}_s1`;
  const fake = await startBotApiFake({ latencyMs: LATENCY, latencyJitterMs: JITTER, floodLimits: true });
  const c = makeContainer(prefix, fake.apiRoot);
  const workers: WorkerProcess[] = [];
  try {
    log(`scenario 1: ${int(DOCUMENTS)} documents rendered by ${WORKERS} worker process(es)`);
    const holders = await createMembers(c, DOCUMENTS);
    for (let i = 0; i < WORKERS; i++) workers.push(await worker(prefix, fake, `#1.${i}`));
    const t0 = Date.now();
    const ids = await c.services.certificates.issue(
      holders.map((h, i) => ({
        kind: "SPEAKER" as const,
        holderId: h.state.id,
        source: `event:${100_000 + i}`,
        title: `Секция ${i + 1}: «Формирующее оценивание на уроках математики и информатики в 5–9 классах»`,
        details: { kind: "SPEAKER" as const, eventId: 100_000 + i, eventKind: "CONFERENCE" as const, startsAt: new Date().toISOString(), timezone: "Europe/Moscow" },
        hours: 4,
      })),
    );
    const issuedMs = Date.now() - t0;
    let rendered = 0;
    const deadline = Date.now() + 600_000;
    while (rendered < ids.length && Date.now() < deadline) {
      await sleep(100);
      rendered = await c.prisma.document.count({ where: { id: { in: ids }, renderedAt: { not: null } } });
    }
    const last = await c.prisma.document.aggregate({ where: { id: { in: ids } }, _max: { renderedAt: true, fileSize: true }, _avg: { fileSize: true } });
    const elapsed = (last._max.renderedAt?.getTime() ?? Date.now()) - t0;
    const rate = rendered / (elapsed / 1000);
    const maxKb = (last._max.fileSize ?? 0) / 1024;
    const avgKb = (last._avg.fileSize ?? 0) / 1024;
    const ok = rendered === ids.length && rate >= 40 && maxKb <= 120;
    if (rate < 40) missed.push(`1. rendering ${rate.toFixed(1)} documents/s < 40/s`);
    if (maxKb > 120) missed.push(`1. largest PDF ${maxKb.toFixed(1)} KB > 120 KB`);
    if (rendered < ids.length) missed.push(`1. ${ids.length - rendered} documents not rendered`);
    results.push(
      `1. rendering: ${int(rendered)}/${int(ids.length)} PDFs by ${WORKERS} worker process(es) in ${sec(elapsed)} (issue() took ${sec(issuedMs)}) = ${rate.toFixed(1)} documents/s (target ≥ 40/s); size avg ${avgKb.toFixed(1)} KB, max ${maxKb.toFixed(1)} KB (target ≤ 120 KB)${ok ? "" : " MISSED"}`,
    );
    log(results.at(-1)!);
  } finally {
    for (const w of workers) await stopWorkerProcess(w);
    await c.close();
    await fake.close();
  }
}

// ---------------------------------------------------------------- 2. the verification page

function scenario2(): void {
  log("scenario 2: the verification page (bench/certificates-page.ts)");
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/certificates-page.ts"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 300_000,
  });
  const out = run.stdout.trim();
  console.log(out);
  const line =
    out
      .split("\n")
      .reverse()
      .find((l) => /p99/.test(l)) ?? "(no result)";
  results.push(`2. verification page: ${line.trim()}`);
  if (run.status !== 0 || /MISSED/.test(out)) missed.push("2. verification page (see its lines)");
}

// ---------------------------------------------------------------- 3. a big event

async function scenario3(): Promise<void> {
  const prefix = `${basePrefix}_s3`;
  const fake = await startBotApiFake({ latencyMs: LATENCY, latencyJitterMs: JITTER, floodLimits: true });
  const c = makeContainer(prefix, fake.apiRoot);
  let w: WorkerProcess | undefined;
  try {
    log(`scenario 3: an event with ${int(PARTICIPANTS)} participants`);
    const [organiser] = await createMembers(c, 1, "MODERATOR");
    const { events, certificates } = c.services;
    // Events are created before people register: an event one minute long, starting once they could all
    // register (each registration locks the event's row: about 100 a second here).
    const event = await events.create(organiser!.state, {
      title: "Всероссийская конференция «Цифровая школа: практика & опыт»",
      kind: "CONFERENCE",
      description: "",
      subjectCodes: [],
      start: new Date(Date.now() + 45_000 + PARTICIPANTS * 12),
      duration: 1,
      timeZone: "Europe/Moscow",
    });
    const participants = await createMembers(c, PARTICIPANTS);
    const tReg = Date.now();
    await pool(participants, 16, (p) => events.register(p.state, event.id));
    log(`  ${int(PARTICIPANTS)} registrations in ${sec(Date.now() - tReg)}`);
    const tCheck = Date.now();
    await pool(participants, 16, (p) => events.checkIn(p.state, event.id));
    log(`  ${int(PARTICIPANTS)} check-ins in ${sec(Date.now() - tCheck)}`);
    await events.setAcademicHours(organiser!.state, event.id, 6);
    const endsAt = event.startsAt.getTime() + 60_000;
    if (Date.now() < endsAt + 1_000) {
      log(`  waiting ${sec(endsAt + 1_000 - Date.now())} for the event to end`);
      await sleep(endsAt + 1_000 - Date.now());
    }
    w = await worker(prefix, fake, "#3");
    const sends = new DocumentSends(fake);
    const t0 = Date.now();
    const answer = await certificates.issueForEvent(organiser!.state, event.id);
    const confirmMs = Date.now() - t0;
    let issuedAt: number | undefined;
    let killedAt: number | undefined;
    let inFlightAtKill = 0;
    let peakFiles = 0;
    let peakFileBytes = 0;
    const deadline = t0 + (PARTICIPANTS / RATE) * 2_000 + 300_000;
    const chats = new Set(participants.map((p) => p.telegramId));
    while (Date.now() < deadline) {
      await sleep(500);
      sends.update();
      if (issuedAt === undefined && (await c.prisma.document.count({ where: { source: `event:${event.id}` } })) === PARTICIPANTS) issuedAt = Date.now();
      const files = await c.prisma.$queryRaw<{ n: bigint; bytes: bigint | null }[]>`SELECT count(*) AS n, sum(octet_length(bytes)) AS bytes FROM document_files`;
      peakFiles = Math.max(peakFiles, Number(files[0]!.n));
      peakFileBytes = Math.max(peakFileBytes, Number(files[0]!.bytes ?? 0));
      if (killedAt === undefined && sends.perChat.size >= PARTICIPANTS * KILL_AT) {
        inFlightAtKill = await c.prisma.delivery.count({ where: { kind: "certificate", status: "SENDING" } });
        w.child.kill("SIGKILL");
        await w.exited;
        killedAt = Date.now();
        log(`  SIGKILL at ${int(sends.perChat.size)} delivered (${inFlightAtKill} SENDING); starting a new worker`);
        w = await worker(prefix, fake, "#3b");
      }
      if ([...chats].every((chat) => sends.perChat.has(chat))) break;
    }
    sends.update();
    const delivered = [...chats].filter((chat) => sends.perChat.has(chat)).length;
    const lost = PARTICIPANTS - delivered;
    const duplicates = [...sends.perChat.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const lastAt = Math.max(...sends.times);
    const rate = delivered / ((lastAt - t0) / 1000);
    const share = (100 * rate) / RATE;
    // Apart from the deliveries the SIGKILL left SENDING (the sweep sends those after 2 minutes): the pace of everything else.
    const sorted = [...sends.times].sort((a, b) => a - b);
    const bulk = sorted[Math.max(0, PARTICIPANTS - inFlightAtKill - 1)] ?? lastAt;
    const bulkRate = (PARTICIPANTS - inFlightAtKill) / ((bulk - t0) / 1000);
    const fileIds = await c.prisma.document.count({ where: { source: `event:${event.id}`, fileId: { not: null } } });
    if (lost > 0) missed.push(`3. ${lost} participants without their certificate`);
    if (duplicates > inFlightAtKill) missed.push(`3. ${duplicates} duplicates > ${inFlightAtKill} in flight at the kill`);
    results.push(
      `3. big event: ${int(PARTICIPANTS)} participants (checked in ${answer.attendees}); the organiser's tap answered in ${confirmMs} ms; all documents issued ${issuedAt ? sec(issuedAt - t0) : "never"} after it; ` +
        `${int(delivered)} delivered, lost ${lost} (target 0), duplicates ${duplicates} (in flight at the SIGKILL: ${inFlightAtKill}); all but the ${inFlightAtKill} left SENDING by the SIGKILL ${sec(bulk - t0)} after the tap = ${bulkRate.toFixed(1)}/s = ${((100 * bulkRate) / RATE).toFixed(1)}% of the ${RATE}/s budget; ` +
        `the last (the sweep's, 2 min after the kill) ${sec(lastAt - t0)} after = ${rate.toFixed(1)}/s = ${share.toFixed(1)}% overall; 429s ${sends.errors.get(429) ?? 0}; file_ids kept ${int(fileIds)}; PostgreSQL held at most ${int(peakFiles)} PDFs (${(peakFileBytes / 1024 / 1024).toFixed(1)} MB) waiting to be sent`,
    );
    log(results.at(-1)!);
  } finally {
    if (w) await stopWorkerProcess(w);
    await c.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  await ensureDatabase(dbUrl);
  await migrate({ databaseUrl: dbUrl });
  try {
    if (ONLY.has("1")) await scenario1();
    if (ONLY.has("2")) scenario2();
    if (ONLY.has("3")) await scenario3();
  } finally {
    const redis = new Redis(REDIS_URL);
    for (const s of ["s1", "s3"]) await cleanRedisPrefix(redis, `${basePrefix}_${s}`);
    redis.disconnect();
    await dropDatabase(dbName);
  }
  console.log("");
  for (const r of results) console.log(r);
  console.log(missed.length === 0 ? "All targets met." : `MISSED: ${missed.join("; ")}`);
  if (opts.strict && missed.length > 0) process.exitCode = 1;
}

await main();
