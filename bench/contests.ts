// Contests benchmark (issue 13, "Tests and numbers"), on a fresh PostgreSQL database.
//
//   npm run bench:contests                                  # everything (under a minute)
//   npm run bench:contests -- --only assign --entries 5000 --jurors 200
//   npm run bench:contests -- --strict                      # exit 1 when a target is missed
//
// Seeds one contest in its JUDGING phase: `--entries` (2,000) entries across
// `--nominations` (4) nominations by members of about 60 schools in 3 cities
// (spelt in several ways: «МБОУ «СОШ № 5»», «мбоу сош №5»), `--jurors` (100)
// jurors, most of them with a school, 30 of them authors of an entry too.
//
// 1. assign: ContestJudging.assign end to end (reading entries, jurors and
//    their schools, the assignment, inserting the reviews, one transaction
//    under the contest lock) for `--reviews` (3) reviews per entry; target
//    ≤ 1 s. Then every constraint is checked with checkAssignment on what the
//    database holds (violations: target 0), the loads (min/max per juror), a
//    second run (must add nothing), and 100 conflicts declared at once followed
//    by the incremental run that replaces them (checked again, CONFLICT pairs
//    included).
// 2. results: 3 SUBMITTED reviews per entry with random scores (about 1 % of
//    entries fail authorship by a majority); ContestJudging.computeResults end
//    to end (reading, computing, the batched writes of 2,000 entries and 6,000
//    reviews); target ≤ 1 s; then a re-run (as after the chair orders a tie).
// 3. votes: bench/contests-votes.ts — `--voters` (3,000) members vote in two
//    nominations (3 taps each: a second entry tapped 0–40 ms after the first),
//    through VotesService.vote with 64 callers at once, then end to end through
//    the bot process against the Bot API fake (`--latency` 30–60 ms) with taps
//    offered for 1,000 accepted votes/s; target ≥ 1,000 votes/s accepted, and
//    exactly one vote per member per nomination (checked).
//
// The database tb_bench_contests_<pid> is dropped at the end. The last line says
// whether every target was met ("MISSED: …" when not).
import { parseArgs } from "node:util";
import { createPrisma, type PrismaClient } from "../src/db/prisma.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import { assignReviews, checkAssignment, schoolKey, type AssignInput } from "../src/features/contests/contests.assignment.js";
import { ContestJudging } from "../src/features/contests/contests.judging.js";
import { prng } from "../test/support/prng.js";
import { runVoteBench } from "./contests-votes.js";
import { databaseUrl, dropDatabase, log } from "./bench-env.js";

const { values: opts } = parseArgs({
  options: {
    only: { type: "string", default: "assign,results,votes" },
    entries: { type: "string", default: "2000" },
    jurors: { type: "string", default: "100" },
    nominations: { type: "string", default: "4" },
    reviews: { type: "string", default: "3" },
    voters: { type: "string", default: "3000" },
    latency: { type: "string", default: "30-60" },
    strict: { type: "boolean", default: false },
  },
});
const ONLY = new Set(opts.only.split(",").map((s) => s.trim()));
const ENTRIES = Number(opts.entries);
const JURORS = Number(opts.jurors);
const NOMINATIONS = Number(opts.nominations);
const REVIEWS = Number(opts.reviews);
const TARGET_MS = 1000;

const dbName = `tb_bench_contests_${process.pid}`;
const dbUrl = databaseUrl(dbName);
const missed: string[] = [];
const results: string[] = [];
const int = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => `${n.toFixed(0)} ms`;
const random = prng(13);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
let nextTelegramId = 6_800_000_000;

// ---------------------------------------------------------------- seeding

const CITIES = ["Казань", "Самара", "Москва"];
/** One school in several spellings (what members really type); schoolKey makes them one. */
function schoolSpelling(n: number): string {
  return pick([`МБОУ «СОШ № ${n}»`, `мбоу сош №${n}`, `МБОУ "СОШ №${n}"`, `МБОУ СОШ ${n}`]);
}
interface Person {
  organisation: string | null;
  city: string;
}
function person(withSchool: number): Person {
  const school = 1 + Math.floor(random() * 20);
  const city = pick(CITIES);
  return { organisation: random() < withSchool ? schoolSpelling(school) : null, city };
}

async function createMembers(prisma: PrismaClient, people: Person[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < people.length; i += 2000) {
    const batch = people.slice(i, i + 2000);
    const rows = await prisma.member.createManyAndReturn({
      data: batch.map(() => ({ telegramId: BigInt(nextTelegramId++), registeredAt: new Date(), consentStatus: "GIVEN" as const, consentAt: new Date() })),
      select: { id: true },
    });
    await prisma.profile.createMany({
      data: rows.map((r, j) => ({
        memberId: r.id,
        fullName: "Иванова Мария Петровна",
        professionalRole: "TEACHER" as const,
        regionCode: "RU-MOW",
        city: batch[j]!.city,
        organisation: batch[j]!.organisation,
        experienceYears: 5,
        timezone: "Europe/Moscow",
      })),
    });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

interface Seeded {
  contestId: number;
  criteria: Array<{ id: number; maxPoints: number; passFail: boolean }>;
}

async function seed(prisma: PrismaClient): Promise<Seeded> {
  const [organiser] = await createMembers(prisma, [person(0)]);
  const contest = await prisma.contest.create({
    data: {
      organiserId: organiser!,
      title: "Лучший урок — 2026",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(Date.now() - 20 * 86_400_000),
      submissionClosesAt: new Date(Date.now() - 86_400_000),
      judgingClosesAt: new Date(Date.now() + 10 * 86_400_000),
      resultsAt: new Date(Date.now() + 15 * 86_400_000),
      formats: ["file", "text"],
      status: "JUDGING",
      reviewsPerEntry: REVIEWS,
      nominations: { create: Array.from({ length: NOMINATIONS }, (_, i) => ({ position: i + 1, title: `Номинация ${i + 1}`, subjectCodes: [], gradeCodes: [] })) },
      criteria: {
        create: [
          ...["Соответствие стандартам", "Актуальность", "Методика", "Практическая значимость", "Цифровые инструменты", "Оформление"].map((title, i) => ({
            position: i + 1,
            title,
            maxPoints: 5,
            tieBreak: i === 2,
          })),
          { position: 7, title: "Авторство", maxPoints: 0, passFail: true },
        ],
      },
    },
    include: { nominations: true, criteria: true },
  });

  // Jurors: 80 % with a school; the first 30 also submit an entry each.
  const jurors = await createMembers(
    prisma,
    Array.from({ length: JURORS }, () => person(0.8)),
  );
  await prisma.contestJuror.createMany({ data: jurors.map((memberId, i) => ({ contestId: contest.id, memberId, chair: i === 0 })) });
  // Authors: 70 % with a school (the same 20 schools × 3 cities as the jurors'); one in ten submits twice.
  const authorCount = Math.ceil((ENTRIES - Math.min(30, JURORS)) / 1.1);
  const authors = await createMembers(
    prisma,
    Array.from({ length: authorCount }, () => person(0.7)),
  );
  const byEntry: number[] = [...jurors.slice(0, 30)];
  for (let i = 0; byEntry.length < ENTRIES; i++) byEntry.push(authors[i % authors.length]!);
  const nominationIds = contest.nominations.map((n) => n.id);
  for (let i = 0; i < ENTRIES; i += 2000) {
    await prisma.contestEntry.createMany({
      data: byEntry.slice(i, i + 2000).map((authorId, j) => ({
        contestId: contest.id,
        nominationId: pick(nominationIds),
        authorId,
        number: i + j + 1,
        title: `Работа ${i + j + 1}`,
        text: "Конспект урока.",
        declaredAt: new Date(),
      })),
    });
  }
  await prisma.contest.update({ where: { id: contest.id }, data: { lastEntryNumber: ENTRIES } });
  await prisma.$executeRaw`ANALYZE`;
  return { contestId: contest.id, criteria: contest.criteria.map((c) => ({ id: c.id, maxPoints: c.maxPoints, passFail: c.passFail })) };
}

// ---------------------------------------------------------------- 1. assignment

/** The assignment's input as the database holds it, and the reviews stored. */
async function readBack(prisma: PrismaClient, contestId: number) {
  const [entries, jurors, reviews] = await Promise.all([
    prisma.$queryRaw<{ id: number; authorId: number; organisation: string | null; city: string | null }[]>`
      SELECT e.id, e.author_id AS "authorId", p.organisation, p.city FROM contest_entries e LEFT JOIN profiles p ON p.member_id = e.author_id
       WHERE e.contest_id = ${contestId} AND e.status = 'SUBMITTED'`,
    prisma.$queryRaw<{ id: number; organisation: string | null; city: string | null }[]>`
      SELECT j.member_id AS id, p.organisation, p.city FROM contest_jurors j LEFT JOIN profiles p ON p.member_id = j.member_id WHERE j.contest_id = ${contestId}`,
    prisma.contestReview.findMany({ where: { contestId }, select: { entryId: true, jurorId: true } }),
  ]);
  const input: AssignInput = {
    entries: entries.map((e) => ({ id: e.id, authorId: e.authorId, school: schoolKey(e.organisation, e.city) })),
    jurors: jurors.map((j) => ({ id: j.id, school: schoolKey(j.organisation, j.city) })),
    reviewsPerEntry: REVIEWS,
    cap: null,
    existing: [],
  };
  return { input, reviews };
}

async function benchAssign(prisma: PrismaClient, judging: ContestJudging, seeded: Seeded): Promise<void> {
  log(`assign: ${int(ENTRIES)} entries × ${REVIEWS} reviews to ${JURORS} jurors`);
  // The pure part alone, for the record (on the same input the run will read).
  const before = await readBack(prisma, seeded.contestId);
  const tPure = performance.now();
  assignReviews(before.input);
  const pureMs = performance.now() - tPure;
  const sameSchoolPairs = before.input.entries.reduce((n, e) => n + before.input.jurors.filter((j) => e.school !== null && j.school === e.school).length, 0);

  const t0 = performance.now();
  const outcome = await judging.assign(seeded.contestId);
  const assignMs = performance.now() - t0;

  const { input, reviews } = await readBack(prisma, seeded.contestId);
  const violations = checkAssignment(input, reviews, outcome.cap);
  const loads = new Map<number, number>(input.jurors.map((j) => [j.id, 0]));
  for (const r of reviews) loads.set(r.jurorId, (loads.get(r.jurorId) ?? 0) + 1);
  const min = Math.min(...loads.values());
  const max = Math.max(...loads.values());
  const t1 = performance.now();
  const again = await judging.assign(seeded.contestId);
  const againMs = performance.now() - t1;

  // 100 conflicts declared: the incremental run replaces exactly those, never with the same juror.
  const declared = await prisma.$queryRaw<{ id: number }[]>`
    UPDATE contest_reviews SET status = 'CONFLICT', conflict_at = now(), updated_at = now()
     WHERE id IN (SELECT id FROM contest_reviews WHERE contest_id = ${seeded.contestId} ORDER BY md5(id::text) LIMIT 100) RETURNING id`;
  const t2 = performance.now();
  const reassigned = await judging.assign(seeded.contestId);
  const reassignMs = performance.now() - t2;
  const afterConflicts = await prisma.contestReview.findMany({ where: { contestId: seeded.contestId }, select: { entryId: true, jurorId: true, status: true } });
  const conflictViolations = checkAssignment(
    { ...input, existing: afterConflicts.filter((r) => r.status === "CONFLICT") },
    afterConflicts.filter((r) => r.status !== "CONFLICT"),
    null,
  );
  if (reassigned.created + reassigned.shortfall !== declared.length) missed.push(`1. ${declared.length} conflicts gave ${reassigned.created} new reviews`);
  if (conflictViolations.length > 0) missed.push(`1. ${conflictViolations.length} violations after the conflicts`);

  const ok = assignMs <= TARGET_MS && violations.length === 0 && outcome.shortfall === 0 && again.created === 0 && conflictViolations.length === 0;
  if (assignMs > TARGET_MS) missed.push(`1. assign took ${ms(assignMs)} > ${ms(TARGET_MS)}`);
  if (violations.length > 0) missed.push(`1. ${violations.length} constraint violations (${[...new Set(violations.map((v) => v.rule))].join(", ")})`);
  if (outcome.shortfall > 0) missed.push(`1. ${outcome.shortfall} reviews not assigned`);
  if (again.created > 0) missed.push(`1. a second run added ${again.created} reviews`);
  results.push(
    `1. assign (ContestJudging.assign, end to end): ${int(outcome.created)} reviews for ${int(input.entries.length)} entries × ${REVIEWS} to ${input.jurors.length} jurors in ${ms(assignMs)} (target ≤ ${ms(TARGET_MS)}; the pure assignReviews alone ${ms(pureMs)}); ` +
      `constraint violations in the database ${violations.length} (target 0; own entries of the ${Math.min(30, JURORS)} juror-authors and ${int(sameSchoolPairs)} same-school pairs excluded), shortfall ${outcome.shortfall}; ` +
      `cap ${outcome.cap}, loads ${min}…${max} per juror; a second run added ${again.created} in ${ms(againMs)}; ` +
      `${declared.length} conflicts declared → ${reassigned.created} reassigned (shortfall ${reassigned.shortfall}, cap ${reassigned.cap}) in ${ms(reassignMs)}, violations ${conflictViolations.length}${ok ? "" : " MISSED"}`,
  );
  log(results.at(-1)!);
}

// ---------------------------------------------------------------- 2. results

async function benchResults(prisma: PrismaClient, judging: ContestJudging, seeded: Seeded): Promise<void> {
  log(`results: ${REVIEWS} submitted reviews per entry, then computeResults`);
  if ((await prisma.contestReview.count({ where: { contestId: seeded.contestId } })) === 0) await judging.assign(seeded.contestId);
  const rows = await prisma.contestReview.findMany({
    where: { contestId: seeded.contestId, status: "ASSIGNED" },
    select: { id: true, entryId: true },
    orderBy: { id: "asc" },
  });
  // About 1 % of the entries fail authorship in two of their reviews.
  const failing = new Set<number>();
  for (const entryId of new Set(rows.map((r) => r.entryId))) if (random() < 0.01) failing.add(entryId);
  const failsGiven = new Map<number, number>();
  // Jurors mostly agree on an entry's quality: its level, and each review ±1 point per criterion around it.
  const level = new Map<number, number>();
  const scored = rows.map((r) => {
    const scores: Record<number, number> = {};
    if (!level.has(r.entryId)) level.set(r.entryId, 0.2 + 0.7 * random());
    const quality = level.get(r.entryId)!;
    for (const c of seeded.criteria) {
      if (c.passFail) {
        const n = failsGiven.get(r.entryId) ?? 0;
        const fail = failing.has(r.entryId) && n < 2;
        if (fail) failsGiven.set(r.entryId, n + 1);
        scores[c.id] = fail ? 0 : 1;
      } else scores[c.id] = Math.min(c.maxPoints, Math.max(0, Math.round(quality * c.maxPoints + (random() - 0.5) * 2)));
    }
    return { id: r.id, scores };
  });
  await prisma.$executeRaw`
    UPDATE contest_reviews AS r SET status = 'SUBMITTED', scores = u.scores, submitted_at = now(), updated_at = now()
      FROM unnest(${scored.map((s) => s.id)}::int[], ${scored.map((s) => JSON.stringify(s.scores))}::jsonb[]) AS u(id, scores)
     WHERE r.id = u.id`;
  await prisma.$executeRaw`ANALYZE contest_reviews`;

  const t0 = performance.now();
  const outcome = await judging.computeResults(seeded.contestId);
  const computeMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await judging.computeResults(seeded.contestId);
  const againMs = performance.now() - t1;
  const placed = await prisma.contestEntry.count({ where: { contestId: seeded.contestId, place: { not: null } } });
  const winners = await prisma.contestEntry.count({ where: { contestId: seeded.contestId, award: "WINNER" } });

  const ok = computeMs <= TARGET_MS && placed + outcome.disqualified === ENTRIES;
  if (computeMs > TARGET_MS) missed.push(`2. computeResults took ${ms(computeMs)} > ${ms(TARGET_MS)}`);
  if (placed + outcome.disqualified !== ENTRIES) missed.push(`2. ${ENTRIES - placed - outcome.disqualified} entries without a place`);
  results.push(
    `2. results (ContestJudging.computeResults, end to end): ${int(ENTRIES)} entries, ${int(scored.length)} submitted reviews in ${ms(computeMs)} (target ≤ ${ms(TARGET_MS)}); ` +
      `${int(placed)} placed, ${winners} winners over ${NOMINATIONS} nominations, ${outcome.disqualified} disqualified, ${outcome.outliers} outlier reviews, ${outcome.ties.length} ties for the chair; ` +
      `a re-run ${ms(againMs)} (same outcome: ${JSON.stringify(again) === JSON.stringify(outcome) ? "yes" : "NO"})${ok ? "" : " MISSED"}`,
  );
  log(results.at(-1)!);
}

// ---------------------------------------------------------------- 3. votes

/**
 * The audience vote (bench/contests-votes.ts, on a database of its own): 1,000 votes/s accepted,
 * exactly one counted per member per nomination under concurrency; through the vote path on
 * PostgreSQL and end to end through the bot process.
 */
async function benchVotes(): Promise<void> {
  const { missed: votesMissed, failed } = await runVoteBench({
    voters: Number(opts.voters),
    rate: 1000,
    latency: opts.latency,
    concurrency: 64,
    parts: new Set(["1", "2"]),
  });
  results.push(failed.length ? `votes: FAILED ${failed.join("; ")}` : "votes: exactly one vote per member per nomination (both parts)");
  if (failed.length) missed.push(`votes checks failed: ${failed.join("; ")}`);
  missed.push(...votesMissed);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  await ensureDatabase(dbUrl);
  await migrate({ databaseUrl: dbUrl });
  const prisma = createPrisma(dbUrl, { max: 4 });
  try {
    log(`seeding ${int(ENTRIES)} entries, ${JURORS} jurors, ${NOMINATIONS} nominations`);
    const seeded = await seed(prisma);
    await prisma.$queryRaw`SELECT 1`; // the pool is connected before anything is timed
    const judging = new ContestJudging(prisma);
    if (ONLY.has("assign")) await benchAssign(prisma, judging, seeded);
    if (ONLY.has("results")) await benchResults(prisma, judging, seeded);
    if (ONLY.has("votes")) await benchVotes();
  } finally {
    await prisma.$disconnect();
    await dropDatabase(dbName);
  }
  console.log("");
  for (const r of results) console.log(r);
  console.log(missed.length === 0 ? "All targets met." : `MISSED: ${missed.join("; ")}`);
  if (opts.strict && missed.length > 0) process.exitCode = 1;
}

await main();
