// Event-reminder benchmark (issue 4, "Benchmark"; issue 9 items 3 and "benchmarks that
// measure what users feel"): the real reminder scheduling, fan-out and sending path
// (container.processors through startWorkers, or the real worker process) on PostgreSQL
// and Redis, sending to the local HTTP fake of the Bot API (test/support/bot-api-fake.ts)
// with 50 ms latency.
//
//   npm run bench:reminders                                  # the app's order (scenario "order")
//   npm run bench:reminders -- --strict                      # exit 1 when a target is missed
//   npm run bench:reminders -- --scenario=order --registrants=2000 --lead=150 --reg-spread=60
//   npm run bench:reminders -- --scenario=1 --events=10000 --rate1=100
//   npm run bench:reminders -- --scenario=3 --registrants3=2000
//   npm run bench:reminders -- --scenario=all                # order, 1 and 3
//
// order. In the app's order: the organiser creates the event (EventsService.create, whose
//    "event.created" schedules the reminders, as for /newevent), unlimited capacity, one reminder at the
//    start; then `--registrants` members register over `--reg-spread` seconds, each as
//    the "Записаться" button does (EventsService.register, whose "event.registered" re-plans).
//    SEND_RATE_PER_SECOND=25. Lateness of each member's reminder = when the fake answered
//    its sendMessage − the reminder's own time (the start), not the planned fan-out time.
//    Target: every registrant has it by its time (0 late).
// 1. `--events` events with one registrant each and reminder offset 0, whose due
//    times (= start) are spread evenly over `--spread` seconds: lateness of each
//    reminder = time the fake answered its sendMessage − due time.
// 3. One event with `--registrants3` registrants, sent by the real process
//    (`node --import tsx src/main.ts`, ROLE=worker), killed with SIGKILL when
//    half were sent and restarted: lost and duplicated reminders. (Rows are made
//    with Prisma before the event is scheduled: this one measures the kill, not planning.)
//
// The last line says whether every target was met ("MISSED" otherwise); --strict exits 1 then.
// Times of sends are the fake's `calls[].at` (when it answered, i.e. after its
// 50 ms latency: a conservative "received" time).
//
// Own database tb_bench_rem_<pid> (dropped at the end) and Redis prefix (deleted at the end).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import { startWorkers, type Workers } from "../src/jobs/workers.js";
import { fanoutDurationSeconds, DEFAULT_FANOUT_MARGIN_SECONDS, reminderJobId } from "../src/features/events/events.reminders.js";
import type { MemberState } from "../src/features/members/members.types.js";
import { DomainError } from "../src/shared/errors.js";
import { startBotApiFake, type BotApiFake } from "../test/support/bot-api-fake.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { BENCH_BOT_TOKEN, REDIS_URL, databaseUrl, dropDatabase, log, sleep } from "./bench-env.js";
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from "./worker-process.js";

const { values: opts } = parseArgs({
  options: {
    scenario: { type: "string", default: "order" },
    registrants: { type: "string", default: "2000" },
    lead: { type: "string", default: "240" },
    "reg-spread": { type: "string", default: "60" },
    "reg-concurrency": { type: "string", default: "8" },
    strict: { type: "boolean", default: false },
    events: { type: "string", default: "10000" },
    spread: { type: "string", default: "180" },
    lead1: { type: "string", default: "75" },
    rate1: { type: "string", default: "100" },
    registrants3: { type: "string", default: "2000" },
    rate: { type: "string", default: "25" },
    latency: { type: "string", default: "50" },
  },
});
const SCENARIOS = opts.scenario === "all" ? ["order", "1", "3"] : opts.scenario.split(",");
const N_ORDER = Number(opts.registrants);
const LEAD_ORDER_S = Number(opts.lead);
const REG_SPREAD_S = Number(opts["reg-spread"]);
const REG_CONCURRENCY = Number(opts["reg-concurrency"]);
const EVENTS1 = Number(opts.events);
const SPREAD1_S = Number(opts.spread);
const RATE1 = Number(opts.rate1);
const LEAD1_S = Number(opts.lead1);
const N3 = Number(opts.registrants3);
const RATE = Number(opts.rate);
const LATENCY = Number(opts.latency);

const dbName = `tb_bench_rem_${process.pid}`;
const basePrefix = `tb_bench_rem_${process.pid}_${randomBytes(4).toString("hex")}`;
let nextTelegramId = 6_000_000_000; // above 2^32, like recent Telegram accounts

const dbUrl = databaseUrl(dbName);

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const sec = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function makeContainer(prefix: string, apiRoot: string, rate: number): Container {
  const config = createConfig({
    BOT_TOKEN: BENCH_BOT_TOKEN,
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    TELEGRAM_API_ROOT: apiRoot,
    SEND_RATE_PER_SECOND: String(rate),
    DEFAULT_TIMEZONE: "Europe/Moscow",
    LOG_LEVEL: "warn",
  });
  return createContainer(config, { logger: createLogger("warn") });
}

/** Members with consent, registered, active; returns [{id, telegramId}]. */
async function createMembers(c: Container, n: number, role: "MEMBER" | "MODERATOR" = "MEMBER"): Promise<Array<{ id: number; telegramId: number }>> {
  const out: Array<{ id: number; telegramId: number }> = [];
  for (let i = 0; i < n; i += 2000) {
    const rows = await c.prisma.member.createManyAndReturn({
      data: Array.from({ length: Math.min(2000, n - i) }, () => ({
        telegramId: BigInt(nextTelegramId++),
        role,
        registeredAt: new Date(),
        consentStatus: "GIVEN" as const,
      })),
      select: { id: true, telegramId: true },
    });
    for (const r of rows) out.push({ id: r.id, telegramId: Number(r.telegramId) });
  }
  return out;
}

async function createEvents(c: Container, organiserId: number, starts: Date[], durationMinutes: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < starts.length; i += 2000) {
    const rows = await c.prisma.event.createManyAndReturn({
      data: starts.slice(i, i + 2000).map((startsAt, j) => ({
        organiserId,
        title: `Вебинар ${i + j}`,
        kind: "WEBINAR" as const,
        subjectCodes: [],
        startsAt,
        durationMinutes,
        timezone: "Europe/Moscow",
        onlineUrl: "https://meet.example.org/room",
        reminderOffsets: [0],
        checkinCode: "BENCH",
      })),
      select: { id: true },
    });
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

async function register(c: Container, pairs: Array<{ eventId: number; memberId: number }>): Promise<void> {
  for (let i = 0; i < pairs.length; i += 5000) {
    await c.prisma.eventRegistration.createMany({ data: pairs.slice(i, i + 5000).map((p) => ({ ...p, status: "REGISTERED" as const })) });
  }
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function sendsByChat(fake: BotApiFake): Map<number, number[]> {
  const byChat = new Map<number, number[]>();
  for (const call of fake.calls) {
    if (call.method !== "sendMessage" || !call.response.ok) continue;
    const chat = Number(call.payload.chat_id);
    const list = byChat.get(chat);
    if (list) list.push(call.at);
    else byChat.set(chat, [call.at]);
  }
  return byChat;
}

async function waitUntil(what: string, done: () => boolean | Promise<boolean>, deadline: number, progress?: () => string): Promise<boolean> {
  let lastLog = 0;
  while (Date.now() < deadline) {
    if (await done()) return true;
    if (progress && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`${what}: ${progress()}`);
    }
    await sleep(250);
  }
  return done();
}

async function statusCounts(c: Container, refPrefix: string | undefined): Promise<string> {
  const groups = await c.prisma.delivery.groupBy({
    by: ["status"],
    where: { kind: "event.reminder", ...(refPrefix ? { refId: { startsWith: refPrefix } } : {}) },
    _count: { _all: true },
  });
  return groups.map((g) => `${g.status} ${g._count._all}`).join(", ") || "none";
}

const results: string[] = [];
/** Each scenario's target and whether it was met, for the last line. */
const verdicts: Array<{ scenario: string; met: boolean; text: string }> = [];
const print = (lines: string[]) => {
  const text = lines.join("\n");
  results.push(text);
  console.log(text);
};

// ---------------------------------------------------------------- scenario 1

async function scenario1(): Promise<void> {
  const prefix = `${basePrefix}_s1`;
  const fake = await startBotApiFake({ latencyMs: LATENCY });
  const c = makeContainer(prefix, fake.apiRoot, RATE1);
  let workers: Workers | undefined;
  try {
    log(`scenario 1: creating ${EVENTS1} events with 1 registrant each`);
    const [organiser] = await createMembers(c, 1, "MODERATOR");
    const regs = await createMembers(c, EVENTS1);
    // Due times (offset 0 → due at the start) spread evenly over SPREAD1_S, first one 75 s from now:
    // the fan-out runs (1 s send + 30 s margin) before it, and scheduling 10,000 events takes a while.
    const firstDue = Date.now() + LEAD1_S * 1000;
    const step = (SPREAD1_S * 1000) / EVENTS1;
    const starts = Array.from({ length: EVENTS1 }, (_, i) => new Date(Math.round(firstDue + i * step)));
    const eventIds = await createEvents(c, organiser!.id, starts, 60);
    await register(
      c,
      eventIds.map((eventId, i) => ({ eventId, memberId: regs[i]!.id })),
    );
    const dueByChat = new Map<number, number>();
    eventIds.forEach((_, i) => dueByChat.set(regs[i]!.telegramId, starts[i]!.getTime()));

    workers = startWorkers({ connection: c.bullRedis, prefix, registry: c.processors, jobQueue: c.jobQueue, queueSettings: c.queueSettings, logger: c.logger });
    const t0 = Date.now();
    await mapLimit(eventIds, 32, (id) => c.services.eventJobs.notices.created(id));
    const scheduleMs = Date.now() - t0;
    log(`scenario 1: scheduled ${eventIds.length} events in ${sec(scheduleMs)}; first due in ${sec(firstDue - Date.now())}`);
    const lastDue = starts[starts.length - 1]!.getTime();
    await waitUntil(
      "scenario 1",
      () => sendsByChat(fake).size >= EVENTS1,
      lastDue + 90_000,
      () => `${sendsByChat(fake).size}/${EVENTS1} sent`,
    );
    await sleep(1000);

    const byChat = sendsByChat(fake);
    const lateness: number[] = [];
    let dup = 0;
    for (const [chat, times] of byChat) {
      const due = dueByChat.get(chat);
      if (due === undefined) continue;
      if (times.length > 1) dup += times.length - 1;
      lateness.push(times[0]! - due);
    }
    lateness.sort((a, b) => a - b);
    const lead = (fanoutDurationSeconds(1, RATE1) + DEFAULT_FANOUT_MARGIN_SECONDS) * 1000;
    const vsFanout = lateness.map((l) => l + lead).sort((a, b) => a - b);
    const late = lateness.filter((l) => l > 0).length;
    const allTimes = [...byChat.values()].flat().sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0, j = 0; i < allTimes.length; i++) {
      while (allTimes[i]! - allTimes[j]! >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    print([
      "",
      "Scenario 1: reminders due at distinct times",
      `  configuration:  ${EVENTS1} events × 1 registrant, offset 0 (due = start), due times every ${step.toFixed(1)} ms over ${SPREAD1_S} s;`,
      `                  SEND_RATE_PER_SECOND=${RATE1} (exact sliding-second budget, send concurrency ${c.queueSettings.send?.concurrency});`,
      `                  Bot API fake latency ${LATENCY} ms; workers: startWorkers(container.processors, container.queueSettings) in the bench process`,
      `  scheduling:     eventJobs.notices.created() × ${EVENTS1} (32 at a time) took ${sec(scheduleMs)}`,
      `  delivered:      ${byChat.size} of ${EVENTS1} registrants; ${dup} duplicates; deliveries: ${await statusCounts(c, undefined)}`,
      `  lateness = fake answered − due (negative = early):`,
      `                  p50 ${sec(pct(lateness, 50))}, p99 ${sec(pct(lateness, 99))}, max ${sec(lateness[lateness.length - 1] ?? NaN)}, min ${sec(lateness[0] ?? NaN)}; ${late} after due`,
      `  vs planned fan-out time (due − ${lead / 1000} s: 1 s of sending + 30 s margin):`,
      `                  p50 ${sec(pct(vsFanout, 50))}, p99 ${sec(pct(vsFanout, 99))}, max ${sec(vsFanout[vsFanout.length - 1] ?? NaN)}`,
      `  peak sends in any 1 s: ${peak}; average ${(allTimes.length / ((allTimes[allTimes.length - 1]! - allTimes[0]!) / 1000)).toFixed(1)}/s`,
      `  target p99 lateness ≤ 1 s: ${pct(lateness, 99) <= 1000 ? "met" : "MISSED"}`,
    ]);
    verdicts.push({
      scenario: "1",
      met: pct(lateness, 99) <= 1000 && byChat.size === EVENTS1,
      text: `p99 lateness ${sec(pct(lateness, 99))} (target ≤ 1 s), ${byChat.size}/${EVENTS1} delivered`,
    });
  } finally {
    await workers?.close().catch(() => undefined);
    await c.close();
    await fake.close();
  }
}

// ---------------------------------------------------------------- scenario "order"

async function scenarioOrder(): Promise<void> {
  const prefix = `${basePrefix}_order`;
  const fake = await startBotApiFake({ latencyMs: LATENCY });
  const c = makeContainer(prefix, fake.apiRoot, RATE);
  let workers: Workers | undefined;
  try {
    log(`scenario order: event first, then ${N_ORDER} registrations over ${REG_SPREAD_S} s, at ${RATE}/s`);
    const [organiserRow] = await createMembers(c, 1, "MODERATOR");
    const people = await createMembers(c, N_ORDER);
    const state = (m: { id: number; telegramId: number }, role: "MEMBER" | "MODERATOR"): MemberState => ({
      id: m.id,
      telegramId: BigInt(m.telegramId),
      role,
      locale: "ru",
      isActive: true,
      registered: true,
      username: null,
    });
    workers = startWorkers({ connection: c.bullRedis, prefix, registry: c.processors, jobQueue: c.jobQueue, queueSettings: c.queueSettings, logger: c.logger });
    const startsAt = new Date(Math.ceil((Date.now() + LEAD_ORDER_S * 1000) / 1000) * 1000);
    const createdAt = Date.now();
    const event = await c.services.events.create(state(organiserRow!, "MODERATOR"), {
      title: "Большой вебинар",
      kind: "WEBINAR",
      subjectCodes: [],
      start: startsAt,
      duration: 90,
      timeZone: "Europe/Moscow",
      onlineUrl: "https://meet.example.org/room",
      capacity: null,
      reminderOffsets: [0],
    });
    // events.create scheduled the reminders ("event.created").
    const job = await c.queues.queue("events").getJob(reminderJobId(event.id, 0, event.startsAt));
    const plannedAtCreation = job ? job.timestamp + (job.delay ?? 0) : NaN;

    // Registrations paced evenly over REG_SPREAD_S, REG_CONCURRENCY at a time, as the button handler does them.
    const regStart = Date.now();
    const registeredAt: number[] = [];
    const refused: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: REG_CONCURRENCY }, async () => {
        while (next < people.length) {
          const i = next++;
          const at = regStart + (i * REG_SPREAD_S * 1000) / people.length;
          if (at > Date.now()) await sleep(at - Date.now());
          const m = state(people[i]!, "MEMBER");
          try {
            // Re-plans the fan-outs ("event.registered") before it returns, as for the button handler.
            await c.services.events.register(m, event.id);
            registeredAt.push(Date.now());
          } catch (error) {
            // Registration closes at the start: on a machine too slow to register everyone before it, say so.
            if (!(error instanceof DomainError)) throw error;
            refused.push(i);
          }
        }
      }),
    );
    const regEnd = Date.now();
    const jobAfter = await c.queues.queue("events").getJob(reminderJobId(event.id, 0, event.startsAt));
    const plannedFinal = jobAfter ? jobAfter.timestamp + (jobAfter.delay ?? 0) : NaN;
    log(
      `scenario order: ${N_ORDER} registered in ${sec(regEnd - regStart)}; fan-out planned ${sec(startsAt.getTime() - plannedFinal)} before the start (at creation: ${sec(startsAt.getTime() - plannedAtCreation)})`,
    );
    const due = startsAt.getTime();
    const chats = new Set(people.filter((_, i) => !refused.includes(i)).map((m) => m.telegramId));
    await waitUntil(
      "scenario order",
      () => sendsByChat(fake).size >= chats.size,
      due + 180_000,
      () => `${sendsByChat(fake).size}/${N_ORDER} sent, due in ${sec(due - Date.now())}`,
    );
    await sleep(1000);

    const byChat = sendsByChat(fake);
    const lateness: number[] = [];
    let dup = 0;
    for (const [chat, times] of byChat) {
      if (!chats.has(chat)) continue;
      if (times.length > 1) dup += times.length - 1;
      lateness.push(Math.min(...times) - due);
    }
    lateness.sort((a, b) => a - b);
    const missing = chats.size - lateness.length;
    const late = lateness.filter((l) => l > 0).length + missing + refused.length;
    const sends = [...byChat.values()].flat().sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0, j = 0; i < sends.length; i++) {
      while (sends[i]! - sends[j]! >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    const afterFanoutStart = registeredAt.filter((t) => t > plannedFinal).length;
    const met = late === 0;
    print([
      "",
      "Scenario order: the event first, then registrations (the app's order)",
      `  configuration:  1 event, unlimited capacity, one reminder at the start (due = start, ${sec(due - createdAt)} after creation);`,
      `                  ${N_ORDER} registrations through EventsService.register ("event.registered" re-plans), paced over ${REG_SPREAD_S} s, ${REG_CONCURRENCY} at a time;`,
      `                  SEND_RATE_PER_SECOND=${RATE} (exact sliding-second budget); Bot API fake latency ${LATENCY} ms; workers in the bench process`,
      `  registrations:  took ${sec(regEnd - regStart)} (${(registeredAt.length / ((regEnd - regStart) / 1000)).toFixed(1)}/s); ${afterFanoutStart} came after the fan-out had started (queued one by one: catch-up);`,
      `                  ${refused.length} refused (registration closed at the start: the machine could not register them in time)`,
      `  plan:           fan-out ${sec(due - plannedAtCreation)} before the start at creation (no registrants), ${sec(due - plannedFinal)} after the last re-plan`,
      `                  (${fanoutDurationSeconds(N_ORDER, RATE)} s of sending at ${RATE}/s + ${DEFAULT_FANOUT_MARGIN_SECONDS} s margin for ${N_ORDER})`,
      `  delivered:      ${lateness.length} of ${N_ORDER}; missing ${missing}; duplicates ${dup}; deliveries: ${await statusCounts(c, `event:${event.id}:`)}`,
      `  lateness = fake answered − the reminder's time (negative = early):`,
      `                  p50 ${sec(pct(lateness, 50))}, p99 ${sec(pct(lateness, 99))}, max ${sec(lateness[lateness.length - 1] ?? NaN)}, min ${sec(lateness[0] ?? NaN)}`,
      `  late:           ${late} of ${N_ORDER} after the reminder's time (target 0): ${met ? "met" : "MISSED"}`,
      `  peak sends in any 1 s: ${peak}`,
    ]);
    verdicts.push({
      scenario: "order",
      met,
      text: `${late} of ${N_ORDER} late (target 0${refused.length ? `; ${refused.length} of them refused registration after the start` : ""}), p99 lateness ${sec(pct(lateness, 99))}`,
    });
  } finally {
    await workers?.close().catch(() => undefined);
    await c.close();
    await fake.close();
  }
}

async function bigEvent(
  c: Container,
  n: number,
  leadS: number,
): Promise<{ eventId: number; startsAt: Date; members: Array<{ id: number; telegramId: number }>; fanoutS: number }> {
  const [organiser] = await createMembers(c, 1, "MODERATOR");
  const members = await createMembers(c, n);
  const fanoutS = fanoutDurationSeconds(n, RATE);
  // The fan-out starts `leadS` s from now: start = now + lead + n/rate + margin, whole seconds.
  const startsAt = new Date(Math.ceil((Date.now() + (leadS + fanoutS + DEFAULT_FANOUT_MARGIN_SECONDS) * 1000) / 1000) * 1000);
  const [eventId] = await createEvents(c, organiser!.id, [startsAt], 90);
  await register(
    c,
    members.map((m) => ({ eventId: eventId!, memberId: m.id })),
  );
  return { eventId: eventId!, startsAt, members, fanoutS };
}

// ---------------------------------------------------------------- scenario 3

async function scenario3(): Promise<void> {
  const prefix = `${basePrefix}_s3`;
  const fake = await startBotApiFake({ latencyMs: LATENCY });
  const c = makeContainer(prefix, fake.apiRoot, RATE);
  let worker: WorkerProcess | undefined;
  const workerEnv = (): Record<string, string> => ({
    BOT_TOKEN: BENCH_BOT_TOKEN,
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    TELEGRAM_API_ROOT: fake.apiRoot,
    SEND_RATE_PER_SECOND: String(RATE),
  });
  try {
    log(`scenario 3: one event with ${N3} registrants at ${RATE}/s, real worker process`);
    const { eventId, startsAt, members, fanoutS } = await bigEvent(c, N3, 15);
    worker = await startWorkerProcess({ env: workerEnv(), tag: "#1", log });
    await worker.ready;
    log("scenario 3: worker #1 ready");
    await c.services.eventJobs.notices.created(eventId);
    const chats = new Set(members.map((m) => m.telegramId));
    const half = Math.floor(N3 / 2);
    await waitUntil(
      "scenario 3 (before kill)",
      () => fake.callsOf("sendMessage").length >= half,
      startsAt.getTime(),
      () => `${fake.callsOf("sendMessage").length}/${N3} sent`,
    );
    // Kill while a limiter window's requests are at the fake: windows are 200 ms apart and the fake
    // answers after 50 ms, so 175 ms after the last answer the next window's requests are in flight.
    const lastAnswer = fake.calls[fake.calls.length - 1]!.at;
    await sleep(Math.max(0, lastAnswer + 175 - Date.now()));
    const sentBeforeKill = fake.callsOf("sendMessage").length;
    worker.child.kill("SIGKILL");
    const killedAt = Date.now();
    // Sends in flight: deliveries claimed (SENDING) but not recorded SENT when the process died.
    const sendingRows = await c.prisma.delivery.findMany({
      where: { refId: { startsWith: `event:${eventId}:` }, status: "SENDING" },
      select: { member: { select: { telegramId: true } } },
    });
    const inFlight = sendingRows.length;
    const inFlightChats = sendingRows.map((r) => Number(r.member.telegramId));
    await worker.exited;
    await sleep(300);
    const answeredAfterKill = fake.callsOf("sendMessage").filter((call) => call.at > killedAt).length;
    log(`scenario 3: SIGKILL after ${sentBeforeKill} sends; ${inFlight} deliveries SENDING; restarting`);
    worker = await startWorkerProcess({ env: workerEnv(), tag: "#2", log });
    await worker.ready;
    const restartedAt = Date.now();
    log(`scenario 3: worker #2 ready after ${sec(restartedAt - killedAt)}`);
    await waitUntil(
      "scenario 3 (after restart)",
      async () =>
        sendsByChat(fake).size >= N3 &&
        (await c.prisma.delivery.count({ where: { refId: { startsWith: `event:${eventId}:` }, status: { in: ["QUEUED", "SENDING"] } } })) === 0,
      startsAt.getTime() + 120_000,
      () => `${sendsByChat(fake).size}/${N3} sent`,
    );
    await sleep(2000);
    const byChat = sendsByChat(fake);
    let lost = 0;
    let dupMembers = 0;
    let dupSends = 0;
    let late = 0;
    const all: number[] = [];
    for (const chat of chats) {
      const times = byChat.get(chat);
      if (!times) {
        lost++;
        continue;
      }
      all.push(...times);
      if (times.length > 1) {
        dupMembers++;
        dupSends += times.length - 1;
      }
      if (Math.min(...times) > startsAt.getTime()) late++;
    }
    all.sort((a, b) => a - b);
    const lastSend = all[all.length - 1]!;
    const gapAfterKill = (all.find((t) => t > killedAt + 300) ?? NaN) - killedAt;
    const dupTimes: number[] = [];
    for (const chat of chats) {
      const times = byChat.get(chat);
      if (times && times.length > 1) dupTimes.push(...times.slice(1).map((t) => (t - killedAt) / 1000));
    }
    const lastFirstSend = Math.max(...[...chats].map((chat) => Math.min(...(byChat.get(chat) ?? [NaN]))).filter((t) => !Number.isNaN(t)));
    print([
      "",
      "Scenario 3: SIGKILL of the worker process in the middle of the fan-out, then restart",
      `  configuration:  1 event × ${N3} registrants, offset 0; SEND_RATE_PER_SECOND=${RATE}; fan-out planned ${fanoutS} s + ${DEFAULT_FANOUT_MARGIN_SECONDS} s margin;`,
      `                  real process: node --import tsx src/main.ts, ROLE=worker, TELEGRAM_API_ROOT=fake (latency ${LATENCY} ms)`,
      `  kill:           SIGKILL after ${sentBeforeKill} of ${N3} sends; in flight at the kill: ${inFlight} deliveries SENDING (${answeredAfterKill} answered by the fake after the kill)`,
      `  restart:        new process ready ${sec(restartedAt - killedAt)} after the kill; first send ${sec(gapAfterKill)} after the kill`,
      `  lost:           ${lost} registrants without the reminder (target 0)`,
      `  duplicates:     ${dupMembers} registrants got it twice or more (${dupSends} extra sends; target ≤ ${inFlight} in flight)`,
      ...(dupTimes.length
        ? [
            `                  the extra sends came ${Math.min(...dupTimes).toFixed(1)}–${Math.max(...dupTimes).toFixed(1)} s after the kill (BullMQ stalled-job recovery)`,
          ]
        : []),
      `  after offset:   ${late} registrants got their first copy after the due time (target 0); last first copy ${sec(startsAt.getTime() - lastFirstSend)} before the due time;`,
      `                  last send of all (duplicates included) ${sec(startsAt.getTime() - lastSend)} before the due time`,
      `  in-flight ones: sends to the ${inFlight} members whose delivery was SENDING at the kill came at ${inFlightChats.map((ch) => (byChat.get(ch) ?? []).map((t) => `${((t - killedAt) / 1000).toFixed(1)}`).join("+") || "never").join(", ")} s after the kill`,
      `  deliveries:     ${await statusCounts(c, `event:${eventId}:`)}`,
    ]);
  } finally {
    if (worker) await stopWorkerProcess(worker, 10_000);
    await c.close();
    await fake.close();
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
  console.log(`bench: event reminders (PostgreSQL ${dbName}, Redis prefix ${basePrefix}; node ${process.version}; ${new Date().toISOString()})`);
  try {
    for (const s of SCENARIOS) {
      if (s === "order") await scenarioOrder();
      else if (s === "1") await scenario1();
      else if (s === "3") await scenario3();
      else throw new Error(`unknown scenario ${s}`);
    }
  } finally {
    await cleanup();
  }
  const missed = verdicts.filter((v) => !v.met);
  const summary = verdicts.map((v) => `${v.scenario}: ${v.text}`).join("; ");
  console.log("");
  console.log(missed.length === 0 ? `result: every target met (${summary})` : `result: MISSED ${missed.map((v) => v.scenario).join(", ")} (${summary})`);
  if (missed.length > 0 && opts.strict) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    void cleanup().finally(() => process.exit(1));
  },
);
