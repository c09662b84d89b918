// The audience vote of a contest under load (issue 13: "1,000 audience votes/s accepted with
// exactly one counted per member per nomination under concurrency").
//
//   npx tsx bench/contests-votes.ts                       # both parts (npm run bench:contests runs it too)
//   npx tsx bench/contests-votes.ts --voters 3000 --rate 1000 --latency 30-60
//
// Every voter votes in both nominations and, in the first one, taps a second entry 0–40 ms
// after the first (a double tap, or two entries opened side by side): 3 taps, 2 votes to count.
//
// 1. The vote path on PostgreSQL: VotesService.vote (the one statement that checks, inserts and
//    logs) called by `--concurrency` (64) callers at once from this process, as fast as it goes:
//    votes accepted per second.
// 2. End to end: the real bot process (node src/main.ts, ROLE=bot, long polling) against the Bot
//    API fake over loopback HTTP with a jittered latency; taps are offered in an open loop so that
//    `--rate` votes per second are to be accepted (1.5 × that in taps). Accepted per second from
//    the first offer to the last answer, and tap → answerCallbackQuery latency.
// Both check that each voter has exactly one vote per nomination and that every refused tap was
// told "already voted". The database and the Redis prefix are removed at the end.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import type { PrismaClient } from "../src/db/prisma.js";
import { createConfig } from "../src/config.js";
import { createContainer, type Container } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { createLogger } from "../src/shared/logger.js";
import { voteCb } from "../src/features/contests/contests.votes.keyboards.js";
import type { MemberState } from "../src/features/members/members.types.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { prng } from "../test/support/prng.js";
import { startBenchApi, type BenchApi } from "./recording-api.js";
import { callbackUpdate } from "./scenario.js";
import { REDIS_URL, databaseUrl, dropDatabase, log, sleep } from "./bench-env.js";
import { botEnv, describeErrors, startBotProcess, waitForPolling, type BotProcess } from "./bot-process.js";
import { summary } from "./stats.js";

/** What the vote benchmark takes (the standalone run reads them from its arguments). */
export interface VoteBenchOptions {
  voters: number;
  /** Votes per second to accept (taps are offered at 1.5 × that). */
  rate: number;
  /** "30-60": the Bot API fake's jittered latency in ms. */
  latency: string;
  /** Callers at once in part 1. */
  concurrency: number;
  /** Parts to run: "1", "2". */
  parts: ReadonlySet<string>;
}

const FIRST_TELEGRAM_ID = 8_100_000_000;

interface Seeded {
  contestId: number;
  nominations: number[];
  /** Admitted entries per nomination. */
  entries: number[][];
  voters: MemberState[];
}

/** A judging contest with an audience vote, 2 nominations × 20 entries, and `count` voters registered long before. */
async function seed(prisma: PrismaClient, count: number, firstTelegramId: number): Promise<Seeded> {
  const registeredAt = new Date("2026-01-01T00:00:00Z");
  const admin = await prisma.member.create({ data: { telegramId: BigInt(firstTelegramId - 1), role: "ADMIN", registeredAt, consentStatus: "GIVEN" } });
  const now = Date.now();
  const contest = await prisma.contest.create({
    data: {
      organiserId: admin.id,
      title: "Бенчмарк голосования",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(now - 10 * 86_400_000),
      submissionClosesAt: new Date(now - 86_400_000),
      judgingClosesAt: new Date(now + 86_400_000),
      resultsAt: new Date(now + 2 * 86_400_000),
      formats: ["link"],
      status: "JUDGING",
      audienceVote: true,
      nominations: { create: [1, 2].map((position) => ({ position, title: `Номинация ${position}`, subjectCodes: [], gradeCodes: [] })) },
      criteria: { create: [{ position: 1, title: "Качество", maxPoints: 5 }] },
    },
    include: { nominations: { orderBy: { position: "asc" } } },
  });
  const authors = await prisma.member.createManyAndReturn({
    data: Array.from({ length: 40 }, (_, i) => ({ telegramId: BigInt(firstTelegramId - 100 - i), registeredAt, consentStatus: "GIVEN" as const })),
    select: { id: true },
  });
  const entries: number[][] = [];
  let number = 0;
  for (const [n, nomination] of contest.nominations.entries()) {
    const rows = await prisma.contestEntry.createManyAndReturn({
      data: Array.from({ length: 20 }, (_, i) => ({
        contestId: contest.id,
        nominationId: nomination.id,
        authorId: authors[n * 20 + i]!.id,
        number: ++number,
        title: `Работа ${number}`,
        link: "https://example.org/work",
        declaredAt: new Date(),
      })),
      select: { id: true },
    });
    entries.push(rows.map((r) => r.id));
  }
  await prisma.contest.update({ where: { id: contest.id }, data: { lastEntryNumber: number } });
  const voters: MemberState[] = [];
  for (let i = 0; i < count; i += 1000) {
    const rows = await prisma.member.createManyAndReturn({
      data: Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({ telegramId: BigInt(firstTelegramId + i + k), registeredAt, consentStatus: "GIVEN" as const })),
      select: { id: true, telegramId: true },
    });
    await prisma.profile.createMany({
      data: rows.map((r) => ({
        memberId: r.id,
        fullName: `Голосующий ${r.telegramId}`,
        professionalRole: "TEACHER" as const,
        regionCode: "RU-TA",
        city: "Казань",
        experienceYears: 3,
        timezone: "Europe/Moscow",
      })),
    });
    for (const r of rows) voters.push({ id: r.id, telegramId: r.telegramId!, role: "MEMBER", locale: "ru", isActive: true, registered: true, username: null });
  }
  return { contestId: contest.id, nominations: contest.nominations.map((n) => n.id), entries, voters };
}

/** Each voter's taps: nomination 1 twice (two different entries), nomination 2 once. */
function tapsOf(s: Seeded, random: () => number): { voter: MemberState; entryId: number; delayMs: number }[][] {
  const pick = (n: number) => s.entries[n]![Math.floor(random() * s.entries[n]!.length)]!;
  return s.voters.map((voter) => {
    const first = pick(0);
    let second = pick(0);
    while (second === first) second = pick(0);
    return [
      { voter, entryId: first, delayMs: 0 },
      { voter, entryId: second, delayMs: Math.floor(random() * 40) },
      { voter, entryId: pick(1), delayMs: 200 + Math.floor(random() * 200) },
    ];
  });
}

async function check(prisma: PrismaClient, s: Seeded): Promise<string[]> {
  const problems: string[] = [];
  const rows = await prisma.$queryRaw<{ member_id: number; n: number }[]>`
    SELECT member_id, count(*)::int AS n FROM contest_votes WHERE contest_id = ${s.contestId} GROUP BY member_id`;
  const perVoter = new Map(rows.map((r) => [r.member_id, r.n]));
  let wrong = 0;
  for (const v of s.voters) if (perVoter.get(v.id) !== 2) wrong++;
  if (wrong) problems.push(`${wrong} voters without exactly one vote in each nomination`);
  const total = await prisma.contestVote.count({ where: { contestId: s.contestId } });
  if (total !== s.voters.length * 2) problems.push(`${total} votes counted, ${s.voters.length * 2} expected`);
  return problems;
}

async function partOne(container: Container, s: Seeded, opts: VoteBenchOptions): Promise<{ perSecond: number; problems: string[] }> {
  const votes = container.services.contestVotes;
  const taps = tapsOf(s, prng(1)).flat();
  const outcomes = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(opts.concurrency) }, async () => {
      for (let tap = taps[next++]; tap; tap = taps[next++]) {
        const { outcome } = await votes.vote(tap.voter, tap.entryId);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const accepted = outcomes.get("accepted") ?? 0;
  const problems = await check(container.prisma, s);
  if (accepted !== s.voters.length * 2) problems.push(`${accepted} accepted answers`);
  if ((outcomes.get("repeat") ?? 0) !== s.voters.length) problems.push(`${outcomes.get("repeat") ?? 0} "already voted" answers, ${s.voters.length} expected`);
  console.log(`1. vote path on PostgreSQL (VotesService.vote, ${opts.concurrency} callers at once, ${taps.length} taps of ${s.voters.length} voters)`);
  console.log(`   accepted:        ${accepted} in ${seconds.toFixed(2)} s = ${Math.round(accepted / seconds)} votes/s (taps ${Math.round(taps.length / seconds)}/s)`);
  console.log(`   exactly once:    ${problems.length === 0 ? "yes (one vote per voter per nomination, every second tap told 'already voted')" : problems.join("; ")}`);
  return { perSecond: accepted / seconds, problems };
}

async function partTwo(container: Container, api: BenchApi, s: Seeded, opts: VoteBenchOptions): Promise<{ perSecond: number; problems: string[] }> {
  const RATE = opts.rate;
  const t = container.translator.forLocale("ru");
  const texts = { accepted: t("contests-vote-outcome-accepted"), repeat: t("contests-vote-outcome-repeat") };
  const offered = new Map<string, number>();
  const latencies: number[] = [];
  const outcomes = { accepted: 0, repeat: 0, other: 0 };
  const others: string[] = [];
  let answered = 0;
  let lastAnswer = 0;
  api.onCall((call) => {
    if (call.method !== "answerCallbackQuery") return;
    const id = String(call.payload?.callback_query_id ?? "");
    const at = offered.get(id);
    if (at === undefined) return;
    offered.delete(id);
    answered++;
    lastAnswer = call.arrived;
    latencies.push(call.arrived - at);
    if (call.text === texts.accepted) outcomes.accepted++;
    else if (call.text === texts.repeat) outcomes.repeat++;
    else {
      outcomes.other++;
      if (others.length < 3) others.push(String(call.text));
    }
  });
  const taps = tapsOf(s, prng(2));
  const tapRate = RATE * 1.5;
  const plan: { at: number; voter: MemberState; entryId: number }[] = [];
  // Voters start in an open loop at tapRate/3 per second; their taps follow their own delays.
  taps.forEach((voterTaps, i) => {
    const start = (i * 1000) / (tapRate / 3);
    for (const tap of voterTaps) plan.push({ at: start + tap.delayMs, voter: tap.voter, entryId: tap.entryId });
  });
  plan.sort((a, b) => a.at - b.at);
  let updateId = 1_000_000;
  const started = performance.now();
  for (const tap of plan) {
    const wait = started + tap.at - performance.now();
    if (wait > 1) await sleep(wait);
    const member = { id: Number(tap.voter.telegramId), firstName: "Голосующий", completes: true, actions: [] };
    const update = callbackUpdate(++updateId, member, 1, "", voteCb.pack("v", tap.entryId), api.botInfo);
    offered.set(update.callback_query!.id, performance.now());
    api.offer(update);
  }
  const deadline = performance.now() + 120_000;
  while (answered < plan.length && performance.now() < deadline) await sleep(50);
  const seconds = (lastAnswer - started) / 1000;
  const problems = await check(container.prisma, s);
  if (answered < plan.length) problems.push(`${plan.length - answered} taps without an answer after 2 minutes`);
  if (outcomes.other) problems.push(`${outcomes.other} other answers (${others.join(" | ")})`);
  const lat = summary(latencies);
  console.log(
    `2. end to end: bot process ← Bot API fake (latency ${opts.latency} ms), ${plan.length} taps offered at ${Math.round(tapRate)}/s (${RATE} votes/s to accept)`,
  );
  console.log(
    `   accepted:        ${outcomes.accepted} in ${seconds.toFixed(2)} s = ${Math.round(outcomes.accepted / seconds)} votes/s; "already voted": ${outcomes.repeat}`,
  );
  console.log(`   tap → answer:    p50 ${lat.p50.toFixed(1)} ms, p95 ${lat.p95.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`);
  console.log(`   exactly once:    ${problems.length === 0 ? "yes" : problems.join("; ")}`);
  return { perSecond: outcomes.accepted / seconds, problems };
}

/** Runs the vote benchmark; returns the lines of missed targets (empty when met) and the failed checks. */
export async function runVoteBench(opts: VoteBenchOptions): Promise<{ missed: string[]; failed: string[] }> {
  const [LATENCY_MIN, LATENCY_MAX] = opts.latency.split("-").map(Number) as [number, number | undefined];
  const RATE = opts.rate;
  const dbName = `tb_bench_votes_${process.pid}`;
  const dbUrl = databaseUrl(dbName);
  const redisPrefix = `tb_bench_votes_${process.pid}_${randomBytes(4).toString("hex")}`;
  let container: Container | undefined;
  let api: BenchApi | undefined;
  let bot: BotProcess | undefined;
  const missed: string[] = [];
  const failed: string[] = [];
  try {
    await dropDatabase(dbName);
    await ensureDatabase(dbUrl);
    await migrate({ databaseUrl: dbUrl });
    api = await startBenchApi({ latencyMinMs: LATENCY_MIN, latencyMaxMs: LATENCY_MAX ?? LATENCY_MIN, seed: 3 });
    const env = await botEnv({ databaseUrl: dbUrl, redisPrefix, apiRoot: api.apiRoot, logLevel: "warn" });
    container = createContainer(createConfig(env), { logger: createLogger("warn") });
    if (opts.parts.has("1")) {
      const s = await seed(container.prisma, opts.voters, FIRST_TELEGRAM_ID);
      const one = await partOne(container, s, opts);
      failed.push(...one.problems);
      if (one.perSecond < RATE) missed.push(`vote path ${Math.round(one.perSecond)} votes/s < ${RATE}`);
    }
    if (opts.parts.has("2")) {
      const s = await seed(container.prisma, opts.voters, FIRST_TELEGRAM_ID + 1_000_000);
      bot = await startBotProcess(
        {
          databaseUrl: dbUrl,
          redisPrefix,
          apiRoot: api.apiRoot,
          logLevel: "warn",
          logPath: path.join(tmpdir(), `${dbName}.log`),
          cpuProfDir: process.env.BENCH_CPU_PROF,
        },
        env,
      );
      await waitForPolling(bot, () => api!.stats().getUpdates);
      const two = await partTwo(container, api, s, opts);
      failed.push(...two.problems);
      if (bot.errorLines.length) failed.push(`bot errors: ${describeErrors(bot.errorLines)}`);
      if (two.perSecond < RATE) missed.push(`end to end ${Math.round(two.perSecond)} votes/s < ${RATE}`);
    }
  } finally {
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
  }
  return { missed, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      voters: { type: "string", default: "3000" },
      rate: { type: "string", default: "1000" },
      latency: { type: "string", default: "30-60" },
      concurrency: { type: "string", default: "64" },
      only: { type: "string", default: "1,2" },
      strict: { type: "boolean", default: false },
    },
  });
  const opts: VoteBenchOptions = {
    voters: Number(values.voters),
    rate: Number(values.rate),
    latency: values.latency,
    concurrency: Number(values.concurrency),
    parts: new Set(values.only.split(",")),
  };
  log(`contests vote bench: ${opts.voters} voters`);
  const { missed, failed } = await runVoteBench(opts);
  if (failed.length) console.log(`FAILED: ${failed.join("; ")}`);
  console.log(missed.length ? `MISSED: ${missed.join("; ")}` : `MET: ≥ ${opts.rate} votes/s accepted, exactly one per member per nomination`);
  process.exit(failed.length || (values.strict && missed.length) ? 1 : 0);
}
