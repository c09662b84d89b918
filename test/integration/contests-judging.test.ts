// ContestJudging on the real PostgreSQL: the assignment of reviews (incremental,
// idempotent, safe when two runs race) and the stored results (batched writes,
// re-runnable after the chair orders a tie or a review changes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import { checkAssignment, schoolKey } from "../../src/features/contests/contests.assignment.js";
import { ContestJudging } from "../../src/features/contests/contests.judging.js";
import type { Scores } from "../../src/features/contests/contests.types.js";
import { NotFoundError } from "../../src/shared/errors.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-12-20T10:00:00.000Z");
let db: TestDatabase;
let prisma: PrismaClient;
let judging: ContestJudging;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  judging = new ContestJudging(prisma, () => NOW);
});

afterAll(async () => {
  await db?.drop();
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_700_000_000n;

/** Members with a profile at `organisation` in `city` (one per item). */
async function members(schools: Array<{ organisation: string | null; city: string }>): Promise<number[]> {
  const rows = await prisma.member.createManyAndReturn({
    data: schools.map(() => ({ telegramId: nextTelegramId++, registeredAt: new Date(), consentStatus: "GIVEN" as const })),
    select: { id: true },
  });
  await prisma.profile.createMany({
    data: rows.map((r, i) => ({
      memberId: r.id,
      fullName: `Участник ${r.id}`,
      professionalRole: "TEACHER" as const,
      regionCode: "RU-MOW",
      city: schools[i]!.city,
      organisation: schools[i]!.organisation,
      experienceYears: 5,
      timezone: "Europe/Moscow",
    })),
  });
  return rows.map((r) => r.id);
}

const noSchool = (n: number) => Array.from({ length: n }, () => ({ organisation: null, city: "Москва" }));

// Two scored criteria (the second breaks ties) and the authorship pass/fail.
const CRITERIA = [
  { position: 1, title: "Соответствие", maxPoints: 5 },
  { position: 2, title: "Методика", maxPoints: 5, weight: 2, tieBreak: true },
  { position: 3, title: "Авторство", maxPoints: 0, passFail: true },
];

async function contest(options: { reviewsPerEntry?: number; jurorCap?: number | null; prizePlaces?: number; nominations?: number } = {}) {
  const organiser = (await members(noSchool(1)))[0]!;
  const row = await prisma.contest.create({
    data: {
      organiserId: organiser,
      title: "Лучший урок",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date("2026-12-01T00:00:00Z"),
      submissionClosesAt: new Date("2026-12-10T00:00:00Z"),
      judgingClosesAt: new Date("2026-12-19T00:00:00Z"),
      resultsAt: new Date("2026-12-25T00:00:00Z"),
      formats: ["text"],
      status: "JUDGING",
      reviewsPerEntry: options.reviewsPerEntry ?? 3,
      jurorCap: options.jurorCap ?? null,
      prizePlaces: options.prizePlaces ?? 2,
      nominations: {
        create: Array.from({ length: options.nominations ?? 1 }, (_, i) => ({ position: i + 1, title: `Номинация ${i + 1}`, subjectCodes: [], gradeCodes: [] })),
      },
      criteria: { create: CRITERIA },
    },
    include: { nominations: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } } },
  });
  const [c1, c2, pass] = row.criteria.map((c) => c.id) as [number, number, number];
  /** Scores: `a` and `b` points, authorship passed unless told. */
  const scores = (a: number, b: number, passed = true): Scores => ({ [c1]: a, [c2]: b, [pass]: passed ? 1 : 0 });
  return { id: row.id, nominations: row.nominations.map((n) => n.id), scores };
}

async function entries(contestId: number, authors: number[], nominationId: number, from = 1): Promise<number[]> {
  const rows = await prisma.contestEntry.createManyAndReturn({
    data: authors.map((authorId, i) => ({ contestId, nominationId, authorId, number: from + i, title: `Работа ${from + i}`, text: "…", declaredAt: new Date() })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function jury(contestId: number, memberIds: number[]): Promise<void> {
  await prisma.contestJuror.createMany({ data: memberIds.map((memberId, i) => ({ contestId, memberId, chair: i === 0 })) });
}

/** What checkAssignment needs, read back from the database. */
async function stored(contestId: number) {
  const [entryRows, jurorRows, reviewRows] = await Promise.all([
    prisma.contestEntry.findMany({ where: { contestId, status: "SUBMITTED" }, select: { id: true, authorId: true, author: { select: { profile: true } } } }),
    prisma.contestJuror.findMany({ where: { contestId }, select: { memberId: true, member: { select: { profile: true } } } }),
    prisma.contestReview.findMany({ where: { contestId }, select: { entryId: true, jurorId: true, status: true } }),
  ]);
  return {
    entries: entryRows.map((e) => ({ id: e.id, authorId: e.authorId, school: schoolKey(e.author.profile?.organisation ?? null, e.author.profile?.city ?? null) })),
    jurors: jurorRows.map((j) => ({ id: j.memberId, school: schoolKey(j.member.profile?.organisation ?? null, j.member.profile?.city ?? null) })),
    reviews: reviewRows,
  };
}

// ---------------------------------------------------------------- assignment

describe("ContestJudging.assign", () => {
  it("assigns every entry its reviews, never to its author or a colleague from the same school", async () => {
    const c = await contest();
    const school5 = { organisation: "МБОУ «СОШ № 5»", city: "Казань" };
    const authors = await members([...Array.from({ length: 6 }, () => ({ organisation: "мбоу сош №5", city: "казань" })), ...noSchool(24)]);
    const entryIds = await entries(c.id, authors, c.nominations[0]!);
    const jurors = [authors[0]!, ...(await members([school5, school5, ...noSchool(5)]))];
    await jury(c.id, jurors);

    const outcome = await judging.assign(c.id);
    expect(outcome).toEqual({ created: 90, shortfall: 0, cap: 12 }); // ceil(90 / 8)

    const s = await stored(c.id);
    expect(s.reviews).toHaveLength(90);
    const violations = checkAssignment({ entries: s.entries, jurors: s.jurors, reviewsPerEntry: 3, cap: null, existing: [] }, s.reviews, outcome.cap);
    expect(violations).toEqual([]);
    // The three jurors of school 5 (one of them an author) reviewed none of its six entries.
    const school5Entries = new Set(entryIds.slice(0, 6));
    expect(s.reviews.filter((r) => school5Entries.has(r.entryId) && jurors.slice(0, 3).includes(r.jurorId))).toEqual([]);

    // Run again: nothing to add.
    expect(await judging.assign(c.id)).toEqual({ created: 0, shortfall: 0, cap: 12 });
  });

  it("creates each review once when two runs race", async () => {
    const c = await contest();
    const authors = await members(noSchool(40));
    await entries(c.id, authors, c.nominations[0]!);
    await jury(c.id, await members(noSchool(10)));

    const [a, b] = await Promise.all([judging.assign(c.id), judging.assign(c.id)]);
    expect(a.created + b.created).toBe(120);
    expect([a.created, b.created]).toContain(0);
    const pairs = await prisma.contestReview.groupBy({ by: ["entryId"], where: { contestId: c.id }, _count: true });
    expect(pairs.every((p) => p._count === 3)).toBe(true);
    expect(pairs).toHaveLength(40);
  });

  it("reassigns after a conflict and when jurors are added, never back to the juror who declared it", async () => {
    const c = await contest({ reviewsPerEntry: 2 });
    const entryIds = await entries(c.id, await members(noSchool(6)), c.nominations[0]!);
    const jurors = await members(noSchool(2));
    await jury(c.id, jurors);
    expect(await judging.assign(c.id)).toEqual({ created: 12, shortfall: 0, cap: 6 });

    const declared = await prisma.contestReview.findFirstOrThrow({ where: { contestId: c.id, entryId: entryIds[0]! }, orderBy: { jurorId: "asc" } });
    await prisma.contestReview.update({ where: { id: declared.id }, data: { status: "CONFLICT", conflictAt: new Date() } });
    // Only two jurors: the other one already has the entry, so it stays one short.
    expect(await judging.assign(c.id)).toMatchObject({ created: 0, shortfall: 1 });

    const [newcomer] = await members(noSchool(1));
    await jury(c.id, [newcomer!]);
    expect(await judging.assign(c.id)).toMatchObject({ created: 1, shortfall: 0 });
    const rows = await prisma.contestReview.findMany({ where: { entryId: entryIds[0]! }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.jurorId, r.status])).toEqual([
      [declared.jurorId, "CONFLICT"],
      [jurors.find((j) => j !== declared.jurorId), "ASSIGNED"],
      [newcomer, "ASSIGNED"],
    ]);
  });

  it("reports a shortfall under the organiser's cap", async () => {
    const c = await contest({ jurorCap: 4 });
    await entries(c.id, await members(noSchool(5)), c.nominations[0]!);
    await jury(c.id, await members(noSchool(3)));
    expect(await judging.assign(c.id)).toEqual({ created: 12, shortfall: 3, cap: 4 });
  });

  it("refuses an unknown contest", async () => {
    await expect(judging.assign(2_000_000_000)).rejects.toBeInstanceOf(NotFoundError);
  });
});

// ---------------------------------------------------------------- results

describe("ContestJudging.computeResults", () => {
  async function reviewed(options: { nominations?: number } = {}) {
    const c = await contest({ reviewsPerEntry: 3, nominations: options.nominations });
    const jurors = await members(noSchool(5));
    await jury(c.id, jurors);
    return { c, jurors };
  }

  async function submit(entryId: number, jurorId: number, scores: Scores, contestId: number) {
    return prisma.contestReview.create({ data: { contestId, entryId, jurorId, status: "SUBMITTED", scores, submittedAt: new Date() } });
  }

  it("stores scores, places, awards, outliers and disqualifications in one run", async () => {
    const { c, jurors } = await reviewed({ nominations: 2 });
    const [n1, n2] = c.nominations as [number, number];
    const e = await entries(c.id, await members(noSchool(5)), n1);
    const [other] = await entries(c.id, await members(noSchool(1)), n2, 10);
    const unreviewed = (await entries(c.id, await members(noSchool(1)), n1, 20))[0]!;
    const [j1, j2, j3] = jurors as [number, number, number];
    // Totals a + 2b: entry 0 → 15,15,14; entry 1 → 12,12,3 (the 3 is an outlier); entry 2 → 9,9,8;
    // entry 3 → 6 ×3; entry 4 → fails authorship twice (disqualified).
    const plan: Array<[number, Scores[]]> = [
      [e[0]!, [c.scores(5, 5), c.scores(5, 5), c.scores(4, 5)]],
      [e[1]!, [c.scores(4, 4), c.scores(4, 4), c.scores(1, 1)]],
      [e[2]!, [c.scores(3, 3), c.scores(3, 3), c.scores(2, 3)]],
      [e[3]!, [c.scores(2, 2), c.scores(2, 2), c.scores(2, 2)]],
      [e[4]!, [c.scores(5, 5, false), c.scores(5, 5, false), c.scores(5, 5)]],
      [other!, [c.scores(1, 1)]],
    ];
    let outlierId = 0;
    for (const [entryId, list] of plan) {
      for (const [i, scores] of list.entries()) {
        const review = await submit(entryId, [j1, j2, j3][i]!, scores, c.id);
        if (entryId === e[1] && i === 2) outlierId = review.id;
      }
    }
    // An ASSIGNED review does not count.
    await prisma.contestReview.create({ data: { contestId: c.id, entryId: e[3]!, jurorId: jurors[3]!, scores: c.scores(5, 5) } });

    const outcome = await judging.computeResults(c.id);
    expect(outcome).toEqual({ ties: [], outliers: 1, disqualified: 1 });

    const rows = await prisma.contestEntry.findMany({ where: { contestId: c.id }, orderBy: { number: "asc" } });
    const view = rows.map((r) => [r.number, r.score, r.tieBreakScore, r.place, r.award, r.status]);
    expect(view).toEqual([
      [1, 14.67, 5, 1, "WINNER", "SUBMITTED"],
      [2, 9, 3, 2, "PRIZE_WINNER", "SUBMITTED"],
      [3, 8.67, 3, 3, "PRIZE_WINNER", "SUBMITTED"],
      [4, 6, 2, 4, "PARTICIPANT", "SUBMITTED"],
      [5, 15, 5, null, null, "DISQUALIFIED"],
      [10, 3, 1, 1, "WINNER", "SUBMITTED"],
      [20, null, null, null, "PARTICIPANT", "SUBMITTED"],
    ]);
    expect(rows.find((r) => r.id === unreviewed)!.place).toBeNull();
    const flagged = await prisma.contestReview.findMany({ where: { contestId: c.id, outlier: true }, select: { id: true } });
    expect(flagged.map((r) => r.id)).toEqual([outlierId]);
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).resultsComputedAt).toEqual(NOW);
  });

  it("is re-runnable: a tie the chair orders, an outlier corrected, a disqualification lifted", async () => {
    const { c, jurors } = await reviewed();
    const n1 = c.nominations[0]!;
    const e = await entries(c.id, await members(noSchool(3)), n1);
    const [j1, j2] = jurors as [number, number];
    await submit(e[0]!, j1, c.scores(3, 3), c.id);
    await submit(e[0]!, j2, c.scores(3, 3), c.id);
    await submit(e[1]!, j1, c.scores(3, 3), c.id);
    await submit(e[1]!, j2, c.scores(3, 3), c.id);
    const failing = await submit(e[2]!, j1, c.scores(5, 5, false), c.id);
    const low = await submit(e[2]!, j2, c.scores(0, 0, false), c.id);

    const first = await judging.computeResults(c.id);
    expect(first.ties).toEqual([{ nominationId: n1, entryIds: [e[0], e[1]], places: [1, 2] }]);
    expect(first.disqualified).toBe(1);
    expect(first.outliers).toBe(2); // 15 and 0 around a median of 7.5

    // The chair puts entry 2 first; the jurors correct the third entry (passed, and the low score raised).
    await prisma.contestEntry.update({ where: { id: e[1]! }, data: { chairRank: 1 } });
    await prisma.contestEntry.update({ where: { id: e[0]! }, data: { chairRank: 2 } });
    await prisma.contestReview.update({ where: { id: failing.id }, data: { scores: c.scores(5, 5) } });
    await prisma.contestReview.update({ where: { id: low.id }, data: { scores: c.scores(5, 4) } });

    const second = await judging.computeResults(c.id);
    expect(second).toEqual({ ties: [], outliers: 0, disqualified: 0 });
    const rows = await prisma.contestEntry.findMany({ where: { contestId: c.id }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.place, r.award, r.status])).toEqual([
      [3, "PRIZE_WINNER", "SUBMITTED"],
      [2, "PRIZE_WINNER", "SUBMITTED"],
      [1, "WINNER", "SUBMITTED"],
    ]);
    expect(await prisma.contestReview.count({ where: { contestId: c.id, outlier: true } })).toBe(0);
  });

  it("handles a contest without entries", async () => {
    const { c } = await reviewed();
    expect(await judging.computeResults(c.id)).toEqual({ ties: [], outliers: 0, disqualified: 0 });
  });
});
