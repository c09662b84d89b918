// Rules of the jury's work (JuryService) on the real PostgreSQL: contests,
// entries, jurors and reviews are written directly with prisma; the clock is
// fixed; contests.judging.ts is stood in for by test/support/contests-jury.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import { AuditRepository } from "../../src/features/audit/audit.repository.js";
import { ContestsAdminRepository } from "../../src/features/contests/contests.admin.repository.js";
import { JuryRepository } from "../../src/features/contests/contests.jury.repository.js";
import { JuryService } from "../../src/features/contests/contests.jury.service.js";
import { commentRequired as needsComment, reviewTotal } from "../../src/features/contests/contests.results.js";
import { ContestsRepository } from "../../src/features/contests/contests.repository.js";
import type { ContestView, CriterionView } from "../../src/features/contests/contests.types.js";
import type { JurorContest, JurorEntry } from "../../src/features/contests/contests.jury.service.js";
import { contestsText, draftText, entryFullText, entryText, summaryText } from "../../src/features/contests/contests.jury.render.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { visibleLength } from "../../src/shared/html.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { DomainEventMap, DomainEventPublisher } from "../../src/shared/domain-events.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectDomain, expectForbidden } from "../support/domain-errors.js";
import { assignReview, createContest, createEntry, seatJuror, simpleJudging, type ContestFixture } from "../support/contests-jury.js";

const START = new Date("2026-12-01T09:00:00.000Z");
const CLOSES = new Date("2026-12-05T09:00:00.000Z");

let db: TestDatabase;
let prisma: PrismaClient;
let service: JuryService;
let judging: ReturnType<typeof simpleJudging>;
const emitted: { name: keyof DomainEventMap; payload: unknown }[] = [];
const domainEvents: DomainEventPublisher = {
  async emit(name, payload) {
    emitted.push({ name, payload });
  },
};
let now = START;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  judging = simpleJudging(prisma);
  service = new JuryService(
    new JuryRepository(prisma),
    new ContestsRepository(prisma),
    new AuditRepository(prisma),
    judging,
    domainEvents,
    () => new Date(now.getTime()),
  );
});
beforeEach(() => {
  now = START;
  emitted.length = 0;
});
afterAll(async () => {
  await db?.drop();
});

let nextTelegramId = 7_400_000_000n;
async function member(): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await prisma.member.create({ data: { telegramId, role: "MEMBER", registeredAt: new Date(), consentStatus: "GIVEN" }, select: { id: true } });
  return { id: row.id, telegramId, role: "MEMBER", locale: "ru", isActive: true, registered: true, username: null };
}

interface World {
  contest: ContestFixture;
  juror: MemberState;
  other: MemberState;
  author: MemberState;
  review: number;
  otherReview: number;
  entry: { id: number; number: number };
}

/** A contest in JUDGING with two jurors, one entry assigned to both. */
async function world(options: { status?: "JUDGING" | "CONFIRMING" } = {}): Promise<World> {
  const [organiser, juror, other, author] = [await member(), await member(), await member(), await member()];
  const contest = await createContest(prisma, organiser.id, { status: options.status ?? "JUDGING", judgingClosesAt: CLOSES });
  await seatJuror(prisma, contest.id, juror.id);
  await seatJuror(prisma, contest.id, other.id);
  const entry = await createEntry(prisma, contest, author.id);
  const review = await assignReview(prisma, contest.id, entry.id, juror.id);
  const otherReview = await assignReview(prisma, contest.id, entry.id, other.id);
  return { contest, juror, other, author, review, otherReview, entry };
}

const [STANDARDS, AUTHORSHIP] = [0, 4];

/** Scores every criterion: the four scored ones with `points`, authorship passed. */
async function scoreAll(w: World, points: [number, number, number, number], reviewId = w.review, juror = w.juror) {
  for (const [i, p] of points.entries()) await service.score(juror, reviewId, w.contest.criteria[i]!, p);
  await service.score(juror, reviewId, w.contest.criteria[AUTHORSHIP]!, 1);
}

const stored = (id: number) => prisma.contestReview.findUniqueOrThrow({ where: { id } });

describe("pure rules", () => {
  const criteria: CriterionView[] = [
    { id: 1, position: 0, title: "a", maxPoints: 5, weight: 1, passFail: false, tieBreak: false },
    { id: 2, position: 1, title: "b", maxPoints: 5, weight: 2, passFail: false, tieBreak: false },
    { id: 3, position: 2, title: "c", maxPoints: 0, weight: 1, passFail: true, tieBreak: false },
  ];
  it("the total is Σ weight × points without pass/fail; a comment is needed below 30 % and above 90 % of the maximum", () => {
    expect(reviewTotal(criteria, { 1: 3, 2: 4, 3: 1 })).toBe(11);
    // Max 15: 4 is 26.7 % (needs), 5 is 33 % (not), 13 is 86.7 % (not), 14 is 93 % (needs).
    expect(needsComment(criteria, { 1: 2, 2: 1, 3: 1 })).toBe(true);
    expect(needsComment(criteria, { 1: 1, 2: 2, 3: 1 })).toBe(false);
    expect(needsComment(criteria, { 1: 3, 2: 5, 3: 1 })).toBe(false);
    expect(needsComment(criteria, { 1: 4, 2: 5, 3: 0 })).toBe(true);
  });
});

describe("screens within Telegram's limits", () => {
  const t = createTranslator({ defaultLocale: "ru" }).forLocale("ru");
  const env = { t, locale: "ru" as const, zone: "Europe/Moscow" };
  const contest = {
    id: 1,
    title: "<&>".repeat(66),
    status: "CONFIRMING",
    confirmedAt: null,
    resultsAt: START,
    judgingClosesAt: CLOSES,
    submissionClosesAt: START,
    nominations: [],
    criteria: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, position: i, title: "&".repeat(200), maxPoints: 10, weight: 1.5, passFail: false, tieBreak: false })),
  } as unknown as ContestView;

  it("the chair's draft of 2,000 entries in 10 nominations fits one message", () => {
    const entry = (n: number) => ({ id: n, number: n, score: 33.333, place: n, award: "PARTICIPANT" as const, reviews: 3 });
    const nominations = Array.from({ length: 10 }, (_, k) => ({
      id: k,
      title: "<b>".repeat(60),
      ranking: Array.from({ length: 180 }, (_, i) => entry(k * 200 + i + 1)),
      disqualified: Array.from({ length: 5 }, (_, i) => entry(k * 200 + 181 + i)),
      removed: Array.from({ length: 5 }, (_, i) => entry(k * 200 + 186 + i)),
      withoutReviews: Array.from({ length: 10 }, (_, i) => entry(k * 200 + 191 + i)),
      outliers: Array.from({ length: 30 }, (_, i) => ({ reviewId: i, entryId: k * 200 + i + 1, total: 3, median: 30 })),
      ties: [[entry(1), entry(2)]],
    }));
    const text = draftText(env, { contest, nominations, unresolvedTies: 10, confirmed: false });
    expect(visibleLength(text)).toBeLessThanOrEqual(4096);
    expect(text).toContain("… и ещё строк");
  });

  it("/jury with ten contests of the longest titles fits one message", () => {
    const items = Array.from({ length: 10 }, () => ({
      contest: { ...contest, title: "&".repeat(200), status: "JUDGING" },
      chair: true,
      assigned: 60,
      submitted: 30,
      left: 30,
    }));
    expect(visibleLength(contestsText(env, items as unknown as JurorContest[]))).toBeLessThanOrEqual(4096);
  });

  it("the blind entry with every field at its maximum fits one message, and the summary of 12 criteria too", () => {
    const view = {
      contest,
      review: { id: 1, contestId: 1, entryId: 1, jurorId: 1, status: "ASSIGNED", scores: {}, comment: "&".repeat(1000), total: null, outlier: false, submittedAt: null },
      entry: {
        id: 1,
        contestId: 1,
        nominationId: 1,
        number: 1,
        title: "&".repeat(200),
        description: "<".repeat(1000),
        link: `https://example.org/${"a".repeat(2000)}`,
        text: ">".repeat(3500),
        status: "SUBMITTED",
        files: [],
      },
      nominationTitle: "&".repeat(200),
      editable: true,
      commentRequired: true,
      total: 0,
      maxTotal: 180,
    } as unknown as JurorEntry;
    expect(visibleLength(entryText(env, view))).toBeLessThanOrEqual(4096);
    expect(visibleLength(entryFullText(t, view))).toBeLessThanOrEqual(4096);
    expect(visibleLength(summaryText(t, view))).toBeLessThanOrEqual(4096);
  });
});

describe("reading", () => {
  it("myContests counts assigned, submitted and left; queue shows codes and nominations, unfinished first", async () => {
    const w = await world();
    const second = await createEntry(prisma, w.contest, w.author.id, { nomination: w.contest.nominations[1] });
    const r2 = await assignReview(prisma, w.contest.id, second.id, w.juror.id);
    await scoreAll(w, [3, 3, 3, 3], r2);
    await service.submit(w.juror, r2);
    const mine = (await service.myContests(w.juror)).find((c) => c.contest.id === w.contest.id)!;
    expect(mine).toMatchObject({ chair: false, assigned: 2, submitted: 1, left: 1 });
    const { items } = await service.queue(w.juror, w.contest.id);
    expect(items.map((i) => [i.reviewId, i.status, i.entryNumber, i.nominationTitle])).toEqual([
      [w.review, "ASSIGNED", w.entry.number, "Урок"],
      [r2, "SUBMITTED", second.number, "Проект"],
    ]);
    expect(JSON.stringify(items)).not.toContain(String(w.author.id) + ",");
    expect(await service.myContests(w.author)).toEqual([]);
    await expectForbidden(service.queue(w.author, w.contest.id), "contests-jury-not-juror");
  });

  it("the blind view carries no author: neither the author's id nor a duplicate flag", async () => {
    const w = await world();
    const view = await service.entry(w.juror, w.review);
    expect(view.entry).not.toHaveProperty("authorId");
    expect(view.entry).not.toHaveProperty("duplicateOf");
    expect(view.entry.number).toBe(w.entry.number);
    expect(view.editable).toBe(true);
    await expectForbidden(service.entry(w.juror, w.otherReview), "contests-jury-review-not-yours");
    await expectForbidden(service.entry(w.juror, 2_000_000_000), "contests-jury-review-not-yours");
    await expectForbidden(service.entry(w.author, w.review), "contests-jury-review-not-yours");
  });
});

describe("scoring", () => {
  it("stores integer points 0…max per criterion; refuses out of range, non-integers, pass/fail other than 0/1, another contest's criterion", async () => {
    const w = await world();
    const criterion = w.contest.criteria[STANDARDS]!;
    await service.score(w.juror, w.review, criterion, 4);
    expect((await stored(w.review)).scores).toEqual({ [criterion]: 4 });
    await expectDomain(service.score(w.juror, w.review, criterion, 6), "contests-jury-points-invalid");
    await expectDomain(service.score(w.juror, w.review, criterion, -1), "contests-jury-points-invalid");
    await expectDomain(service.score(w.juror, w.review, criterion, 2.5), "contests-jury-points-invalid");
    await expectDomain(service.score(w.juror, w.review, criterion, Number.NaN), "contests-jury-points-invalid");
    await expectDomain(service.score(w.juror, w.review, w.contest.criteria[AUTHORSHIP]!, 2), "contests-jury-points-invalid");
    const elsewhere = await createContest(prisma, w.author.id);
    await expectDomain(service.score(w.juror, w.review, elsewhere.criteria[0]!, 1), "contests-jury-criterion-unknown");
    expect((await stored(w.review)).scores).toEqual({ [criterion]: 4 });
  });

  it("another juror's review (a forged button) is refused and nothing changes", async () => {
    const w = await world();
    await expectForbidden(service.score(w.juror, w.otherReview, w.contest.criteria[0]!, 3), "contests-jury-review-not-yours");
    await expectForbidden(service.comment(w.juror, w.otherReview, "чужой"), "contests-jury-review-not-yours");
    await expectForbidden(service.submit(w.juror, w.otherReview), "contests-jury-review-not-yours");
    await expectForbidden(service.declareConflict(w.juror, w.otherReview), "contests-jury-review-not-yours");
    expect(await stored(w.otherReview)).toMatchObject({ scores: {}, comment: null, status: "ASSIGNED" });
  });

  it("a juror removed from the jury can no longer touch their review", async () => {
    const w = await world();
    await prisma.contestJuror.delete({ where: { contestId_memberId: { contestId: w.contest.id, memberId: w.juror.id } } });
    await expectForbidden(service.score(w.juror, w.review, w.contest.criteria[0]!, 3), "contests-jury-review-not-yours");
  });

  /** Runs `hold` in a transaction that stays open (its locks held) until the returned release is called. */
  async function holding(hold: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<void>) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const ready = new Promise<void>((resolve) => (held = resolve));
    const done = prisma.$transaction(
      async (tx) => {
        await hold(tx);
        held();
        await gate;
      },
      { timeout: 20_000 },
    );
    await ready;
    return { release, done };
  }
  const waiting = async (pattern: string) =>
    (
      await prisma.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ${pattern}`
    )[0]!.n;

  it("a review sent while the organiser removes its juror: the send waits for the removal and is refused; nothing is sent", async () => {
    const w = await world();
    await scoreAll(w, [3, 3, 3, 3]);
    // The removal, as ContestsAdminRepository.removeJuror does it, caught between its statements.
    const removal = await holding(async (tx) => {
      await tx.$queryRaw`SELECT id FROM contests WHERE id = ${w.contest.id} FOR UPDATE`;
      await tx.contestJuror.delete({ where: { contestId_memberId: { contestId: w.contest.id, memberId: w.juror.id } } });
      await tx.contestReview.deleteMany({ where: { contestId: w.contest.id, jurorId: w.juror.id, status: "ASSIGNED" } });
    });
    const sent = service.submit(w.juror, w.review).then(
      () => "sent",
      (error: unknown) => (error as { key?: string }).key,
    );
    await expect.poll(() => waiting("%FOR SHARE%"), { timeout: 10_000 }).toBe(1);
    removal.release();
    await removal.done;
    expect(await sent).toBe("contests-jury-review-not-yours");
    expect(await prisma.contestReview.count({ where: { jurorId: w.juror.id } })).toBe(0);
  });

  it("the organiser removes a juror while their review is being sent: the removal waits, sees the review sent and is refused", async () => {
    const w = await world();
    await scoreAll(w, [3, 3, 3, 3]);
    const admin = new ContestsAdminRepository(prisma);
    // The send, as JuryRepository.changeReview does it, caught before its commit.
    const send = await holding(async (tx) => {
      await tx.$queryRaw`SELECT status FROM contests WHERE id = ${w.contest.id} FOR SHARE`;
      await tx.contestReview.update({ where: { id: w.review }, data: { status: "SUBMITTED", total: 12, submittedAt: START } });
    });
    let counted: number | undefined;
    const removal = admin
      .removeJuror(
        w.contest.id,
        w.juror.id,
        (submitted) => {
          counted = submitted;
          if (submitted > 0) throw new Error("has reviews");
        },
        async () => undefined,
      )
      .then(
        () => "removed",
        (error: unknown) => (error as Error).message,
      );
    await expect.poll(() => waiting("%FOR UPDATE%"), { timeout: 10_000 }).toBe(1);
    send.release();
    await send.done;
    expect(await removal).toBe("has reviews");
    expect(counted).toBe(1);
    expect(await prisma.contestJuror.count({ where: { contestId: w.contest.id, memberId: w.juror.id } })).toBe(1);
    expect((await stored(w.review)).status).toBe("SUBMITTED");
  });

  it("refuses scoring at and after the close of the jury window, and outside JUDGING", async () => {
    const w = await world();
    now = CLOSES;
    await expectDomain(service.score(w.juror, w.review, w.contest.criteria[0]!, 3), "contests-jury-closed");
    await expectDomain(service.comment(w.juror, w.review, "поздно"), "contests-jury-closed");
    await expectDomain(service.submit(w.juror, w.review), "contests-jury-closed");
    now = START;
    await prisma.contest.update({ where: { id: w.contest.id }, data: { status: "CONFIRMING" } });
    await expectDomain(service.score(w.juror, w.review, w.contest.criteria[0]!, 3), "contests-jury-closed");
    expect((await stored(w.review)).scores).toEqual({});
    // The entry can still be read.
    expect((await service.entry(w.juror, w.review)).editable).toBe(false);
  });

  it("submit needs every criterion and a comment for very low or high totals; sets total and submittedAt; a second submit is a no-op", async () => {
    const w = await world();
    await service.score(w.juror, w.review, w.contest.criteria[0]!, 3);
    await expectDomain(service.submit(w.juror, w.review), "contests-jury-criteria-missing");
    await scoreAll(w, [5, 5, 5, 5]);
    await expectDomain(service.submit(w.juror, w.review), "contests-jury-comment-required");
    await expectDomain(service.comment(w.juror, w.review, "я".repeat(1001)), "contests-jury-comment-long");
    await service.comment(w.juror, w.review, "  Отличная работа  ");
    const { already } = await service.submit(w.juror, w.review);
    expect(already).toBe(false);
    const row = await stored(w.review);
    // 5 + 2×5 + 5 + 5.
    expect(row).toMatchObject({ status: "SUBMITTED", total: 25, comment: "Отличная работа", submittedAt: START });
    expect((await service.submit(w.juror, w.review)).already).toBe(true);
    expect((await stored(w.review)).updatedAt).toEqual(row.updatedAt);
  });

  it("a middling total needs no comment", async () => {
    const w = await world();
    await scoreAll(w, [3, 3, 3, 3]);
    await service.submit(w.juror, w.review);
    expect(await stored(w.review)).toMatchObject({ status: "SUBMITTED", total: 15, comment: null });
  });

  it("editing a submitted review takes it back to ASSIGNED until sent again; the same value keeps it submitted", async () => {
    const w = await world();
    await scoreAll(w, [3, 3, 3, 3]);
    await service.submit(w.juror, w.review);
    await service.score(w.juror, w.review, w.contest.criteria[0]!, 3);
    expect((await stored(w.review)).status).toBe("SUBMITTED");
    await service.score(w.juror, w.review, w.contest.criteria[0]!, 4);
    expect(await stored(w.review)).toMatchObject({ status: "ASSIGNED", total: null, submittedAt: null });
    await service.submit(w.juror, w.review);
    expect(await stored(w.review)).toMatchObject({ status: "SUBMITTED", total: 16 });
    // A new comment too.
    await service.comment(w.juror, w.review, "Хорошо");
    expect((await stored(w.review)).status).toBe("ASSIGNED");
  });
});

describe("conflict of interest", () => {
  it("turns an assigned review into CONFLICT and emits contest.conflict-declared; the entry is no longer shown", async () => {
    const w = await world();
    await service.score(w.juror, w.review, w.contest.criteria[0]!, 2);
    await service.declareConflict(w.juror, w.review);
    expect(await stored(w.review)).toMatchObject({ status: "CONFLICT", conflictAt: START, scores: {} });
    expect(emitted).toEqual([{ name: "contest.conflict-declared", payload: { contestId: w.contest.id, entryId: w.entry.id, jurorId: w.juror.id } }]);
    await expectDomain(service.entry(w.juror, w.review), "contests-jury-conflict-declared");
    await expectDomain(service.score(w.juror, w.review, w.contest.criteria[0]!, 2), "contests-jury-conflict-declared");
    await expectDomain(service.declareConflict(w.juror, w.review), "contests-jury-conflict-declared");
    expect(emitted).toHaveLength(1);
  });

  it("is refused on a submitted review and after the window", async () => {
    const w = await world();
    await scoreAll(w, [3, 3, 3, 3]);
    await service.submit(w.juror, w.review);
    await expectDomain(service.declareConflict(w.juror, w.review), "contests-jury-conflict-submitted");
    const second = await createEntry(prisma, w.contest, w.author.id);
    const open = await assignReview(prisma, w.contest.id, second.id, w.juror.id);
    now = CLOSES;
    await expectDomain(service.declareConflict(w.juror, open), "contests-jury-closed");
    expect((await stored(open)).status).toBe("ASSIGNED");
    expect((await stored(w.review)).status).toBe("SUBMITTED");
    expect(emitted).toEqual([]);
  });
});

describe("the chair", () => {
  /** A contest in CONFIRMING: three entries, two tied, one without reviews, one outlier review. */
  async function confirming() {
    const [organiser, chair, juror, author] = [await member(), await member(), await member(), await member()];
    const contest = await createContest(prisma, organiser.id, { status: "CONFIRMING", judgingClosesAt: CLOSES });
    await seatJuror(prisma, contest.id, chair.id, true);
    await seatJuror(prisma, contest.id, juror.id);
    const a = await createEntry(prisma, contest, author.id);
    const b = await createEntry(prisma, contest, author.id);
    const c = await createEntry(prisma, contest, author.id);
    const none = await createEntry(prisma, contest, author.id);
    const dq = await createEntry(prisma, contest, author.id);
    await prisma.contestEntry.update({ where: { id: dq.id }, data: { status: "DISQUALIFIED" } });
    await assignReview(prisma, contest.id, a.id, chair.id, { status: "SUBMITTED", total: 20 });
    await assignReview(prisma, contest.id, a.id, juror.id, { status: "SUBMITTED", total: 20 });
    await assignReview(prisma, contest.id, b.id, chair.id, { status: "SUBMITTED", total: 20 });
    await assignReview(prisma, contest.id, b.id, juror.id, { status: "SUBMITTED", total: 20 });
    const low = await assignReview(prisma, contest.id, c.id, chair.id, { status: "SUBMITTED", total: 5 });
    await assignReview(prisma, contest.id, c.id, juror.id, { status: "SUBMITTED", total: 15 });
    return { contest, chair, juror, a, b, c, none, dq, low };
  }

  it("only the chair, only in CONFIRMING, sees the draft: ranking, outliers vs the median, disqualified, without reviews, ties", async () => {
    const x = await confirming();
    await expectForbidden(service.draft(x.juror, x.contest.id), "contests-jury-chair-only");
    const stranger = await member();
    await expectForbidden(service.draft(stranger, x.contest.id), "contests-jury-chair-only");
    const draft = await service.draft(x.chair, x.contest.id);
    const n = draft.nominations[0]!;
    expect(n.ranking.map((e) => e.number)).toEqual([x.a.number, x.b.number, x.c.number]);
    expect(n.disqualified.map((e) => e.number)).toEqual([x.dq.number]);
    expect(n.withoutReviews.map((e) => e.number)).toEqual([x.none.number]);
    expect(n.outliers.map((o) => ({ reviewId: o.reviewId, total: o.total, median: o.median }))).toContainEqual({ reviewId: x.low, total: 5, median: 10 });
    expect(n.ties.map((g) => g.map((e) => e.number))).toEqual([[x.a.number, x.b.number]]);
    expect(draft.unresolvedTies).toBe(1);

    await prisma.contest.update({ where: { id: x.contest.id }, data: { status: "JUDGING" } });
    await expectDomain(service.draft(x.chair, x.contest.id), "contests-jury-not-confirming");
  });

  it("ties block confirmation; the chair's order resolves them; confirm sets confirmed_at/by, audits and emits", async () => {
    const x = await confirming();
    await expectDomain(service.confirm(x.chair, x.contest.id), "contests-jury-ties-unresolved");
    await expectForbidden(service.breakTie(x.juror, x.contest.id, x.contest.nominations[0]!, [x.b.id, x.a.id]), "contests-jury-chair-only");
    // Not exactly the tied group: refused.
    await expectDomain(service.breakTie(x.chair, x.contest.id, x.contest.nominations[0]!, [x.b.id, x.c.id]), "contests-jury-tie-gone");
    await expectDomain(service.breakTie(x.chair, x.contest.id, x.contest.nominations[0]!, [x.b.id, x.b.id]), "contests-jury-tie-gone");
    await expectDomain(service.breakTie(x.chair, x.contest.id, x.contest.nominations[1]!, [x.b.id, x.a.id]), "contests-jury-tie-gone");
    const draft = await service.breakTie(x.chair, x.contest.id, x.contest.nominations[0]!, [x.b.id, x.a.id]);
    expect(draft.unresolvedTies).toBe(0);
    expect(draft.nominations[0]!.ranking.map((e) => e.number)).toEqual([x.b.number, x.a.number, x.c.number]);
    expect((await prisma.contestEntry.findUniqueOrThrow({ where: { id: x.b.id } })).chairRank).toBe(1);

    await expectForbidden(service.confirm(x.juror, x.contest.id), "contests-jury-chair-only");
    now = new Date("2026-12-06T10:00:00.000Z");
    const confirmed = await service.confirm(x.chair, x.contest.id);
    expect(confirmed.confirmed).toBe(true);
    const row = await prisma.contest.findUniqueOrThrow({ where: { id: x.contest.id } });
    expect(row).toMatchObject({ status: "CONFIRMING", confirmedAt: now, confirmedById: x.chair.id });
    const audit = await prisma.auditLog.findMany({ where: { actorId: x.chair.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["contest.tie-break", "contest.confirm"]);
    expect(emitted).toEqual([{ name: "contest.confirmed", payload: { contestId: x.contest.id, by: x.chair.id } }]);
    await expectDomain(service.confirm(x.chair, x.contest.id), "contests-jury-already-confirmed");
    await expectDomain(service.breakTie(x.chair, x.contest.id, x.contest.nominations[0]!, [x.a.id, x.b.id]), "contests-jury-already-confirmed");
    expect(emitted).toHaveLength(1);
  });
});
