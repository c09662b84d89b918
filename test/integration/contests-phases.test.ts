// The phase keeper (contests.phases.ts) on real PostgreSQL, Redis and BullMQ workers, with the
// Bot API fake receiving what is sent: a contest opens, closes submissions (entries assigned to
// the jury under every constraint), closes judging (results computed, entrants and the chair
// told), and publishes once the chair confirmed and the results date came (diplomas, jury
// certificates and the protocol issued once, results sent). Moved dates make old jobs stale;
// a lost Redis is rebuilt from PostgreSQL.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { phaseJobId } from "../../src/features/contests/contests.phases.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { contestMember, makeContest, makeEntry } from "../support/contests.js";
import { cleanRedisPrefix } from "../support/redis.js";
import { TEST_REDIS_URL, WorkerHarness } from "../support/worker-harness.js";
import { waitUntil } from "../support/wait.js";

const DAY = 86_400_000;
const OPENS = Date.parse("2026-12-10T09:00:00Z");
const dates = {
  submissionOpensAt: new Date(OPENS),
  submissionClosesAt: new Date(OPENS + 7 * DAY),
  judgingClosesAt: new Date(OPENS + 14 * DAY),
  resultsAt: new Date(OPENS + 15 * DAY),
};
let now = OPENS - DAY;
let harness: WorkerHarness;
const dir = mkdtempSync(path.join(tmpdir(), "contests-phases-"));

beforeAll(async () => {
  harness = await WorkerHarness.create({ clock: () => new Date(now), env: { SEND_RATE_PER_SECOND: "30", PUBLIC_URL: "https://edu.example.org" } });
  harness.startWorkers();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

const services = () => harness.container.services;
const prisma = () => harness.container.prisma;
const deliveries = (kind: string, refId: string) => prisma().delivery.findMany({ where: { kind, refId }, select: { memberId: true }, orderBy: { memberId: "asc" } });
const assignedNotices = (contestId: number) =>
  prisma().delivery.findMany({
    where: { kind: "contest.jury-assigned", refId: { startsWith: `contest:${contestId}:assigned:` } },
    select: { memberId: true, refId: true },
    orderBy: { memberId: "asc" },
  });

async function phaseJob(contestId: number, phase: string, at: Date) {
  return harness.container.queues.queueOf("contests.phase").getJob(phaseJobId(contestId, phase as never, at));
}

/** Scores a review through the jury's service: authorship passed, the rubric's points given. */
async function review(juror: MemberState, reviewId: number, criteria: { id: number; passFail: boolean }[], points: number[]) {
  let i = 0;
  for (const c of criteria) await services().jury.score(juror, reviewId, c.id, c.passFail ? 1 : points[i++]!);
  await services().jury.submit(juror, reviewId);
}

describe("a contest from opening to published results", () => {
  it("runs every phase at its date, assigns under the constraints and publishes once confirmed", async () => {
    now = OPENS - DAY;
    const organiser = await contestMember(prisma(), { role: "ADMIN", name: "Организатор Конкурса" });
    const contest = await makeContest(prisma(), organiser.id, { status: "SCHEDULED", dates, title: "Урок <b>года</b> & методика" });
    const phases = services().contestPhases;

    // Created: the opening job waits for its date.
    await phases.created(contest.id);
    const openJob = await phaseJob(contest.id, "open", dates.submissionOpensAt);
    expect(openJob?.opts.delay).toBe(DAY);
    expect(await phases.run(contest.id, "open", OPENS)).toBe("early");

    now = OPENS + 1000;
    expect(await phases.run(contest.id, "open", OPENS)).toBe("moved");
    expect(await phases.run(contest.id, "open", OPENS)).toBe("already");
    expect((await prisma().contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("OPEN");
    expect(await phaseJob(contest.id, "close-submissions", dates.submissionClosesAt)).toBeDefined();

    // Six entries; juror 2 wrote entry 0 and juror 3 works at entry 1's school.
    const chair = await contestMember(prisma(), { name: "Председатель Жюри" });
    const j2 = await contestMember(prisma());
    const j3 = await contestMember(prisma(), { organisation: "Гимназия № 7", city: "Пермь" });
    const j4 = await contestMember(prisma());
    const authors = [j2, await contestMember(prisma(), { organisation: "гимназия №7", city: "Пермь" })];
    for (let i = 2; i < 6; i++) authors.push(await contestMember(prisma(), { name: `Автор ${i}` }));
    const nomination = contest.nominations[0]!.id;
    const entries: { id: number }[] = [];
    for (const [i, a] of authors.entries()) entries.push(await makeEntry(prisma(), contest.id, nomination, a.id, `Работа ${i}`));
    await prisma().contestJuror.createMany({
      data: [chair, j2, j3, j4].map((j, i) => ({ contestId: contest.id, memberId: j.id, chair: i === 0 })),
    });

    now = dates.submissionClosesAt.getTime() + 1000;
    expect(await phases.run(contest.id, "close-submissions", dates.submissionClosesAt.getTime())).toBe("moved");
    const reviews = await prisma().contestReview.findMany({ where: { contestId: contest.id } });
    expect(reviews).toHaveLength(18);
    for (const e of entries) expect(reviews.filter((r) => r.entryId === e.id)).toHaveLength(3);
    expect(reviews.some((r) => r.entryId === entries[0]!.id && r.jurorId === j2.id)).toBe(false);
    expect(reviews.some((r) => r.entryId === entries[1]!.id && r.jurorId === j3.id)).toBe(false);
    const loads = [chair, j2, j3, j4].map((j) => reviews.filter((r) => r.jurorId === j.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    // Running the phase again (a retry) assigns nothing more; each juror is told once.
    expect(await phases.run(contest.id, "close-submissions", dates.submissionClosesAt.getTime())).toBe("already");
    expect(await prisma().contestReview.count({ where: { contestId: contest.id } })).toBe(18);
    expect((await assignedNotices(contest.id)).map((d) => d.memberId)).toEqual([chair.id, j2.id, j3.id, j4.id].sort((a, b) => a - b));

    // Every juror scores what they got: distinct totals, two ties broken by methodological quality.
    const criteria = contest.criteria;
    const jurors = new Map([chair, j2, j3, j4].map((j) => [j.id, j]));
    for (const r of reviews) {
      const i = entries.findIndex((e) => e.id === r.entryId);
      await review(jurors.get(r.jurorId)!, r.id, criteria, [3, 1 + (i % 4), 2 + Math.floor(i / 4)]);
    }

    now = dates.judgingClosesAt.getTime() + 1000;
    expect(await phases.run(contest.id, "close-judging", dates.judgingClosesAt.getTime())).toBe("moved");
    const ranked = await prisma().contestEntry.findMany({ where: { contestId: contest.id }, orderBy: { place: "asc" } });
    expect(ranked.map((e) => [e.title, e.place, e.award])).toEqual([
      ["Работа 3", 1, "WINNER"],
      ["Работа 2", 2, "PRIZE_WINNER"],
      ["Работа 5", 3, "PRIZE_WINNER"],
      ["Работа 1", 4, "PARTICIPANT"],
      ["Работа 4", 5, "PARTICIPANT"],
      ["Работа 0", 6, "PARTICIPANT"],
    ]);
    expect((await deliveries("contest.judging-closed", `contest:${contest.id}:judged`)).length).toBe(6);
    expect((await deliveries("contest.confirm-request", `contest:${contest.id}:confirm`)).map((d) => d.memberId)).toEqual([chair.id]);

    // Confirmed before the results date: nothing is published yet.
    await services().jury.confirm(chair, contest.id);
    await waitUntil(async () => (await prisma().contest.findUniqueOrThrow({ where: { id: contest.id } })).confirmedAt !== null);
    expect(await phases.publish(contest.id)).toBe("early");
    expect(await prisma().document.count({ where: { source: { startsWith: `contest:${contest.id}` } } })).toBe(0);

    now = dates.resultsAt.getTime() + 1000;
    expect(await phases.run(contest.id, "publish", dates.resultsAt.getTime())).toBe("moved");
    expect(await phases.publish(contest.id)).toBe("moved");
    const docs = await prisma().document.findMany({ where: { source: { startsWith: `contest:${contest.id}` } }, orderBy: { id: "asc" } });
    expect(docs.filter((d) => d.kind === "DIPLOMA")).toHaveLength(6);
    expect(docs.filter((d) => d.kind === "JURY")).toHaveLength(4);
    const protocol = docs.find((d) => d.kind === "PROTOCOL");
    expect(protocol?.holderId).toBe(chair.id);
    expect(
      docs
        .filter((d) => d.kind === "DIPLOMA")
        .map((d) => (d.details as { degree: string }).degree)
        .sort(),
    ).toEqual(["PARTICIPANT", "PARTICIPANT", "PARTICIPANT", "PRIZE_WINNER", "PRIZE_WINNER", "WINNER"]);
    expect((await deliveries("contest.results", `contest:${contest.id}:results`)).length).toBe(6);

    // The protocol reaches the chair as a PDF naming the contest, the jury and every code.
    await waitUntil(async () => (await prisma().document.findUniqueOrThrow({ where: { id: protocol!.id } })).fileId !== null, 60_000);
    const held = await prisma().document.findUniqueOrThrow({ where: { id: protocol!.id } });
    const bytes = harness.fake.fileContent(held.fileId!);
    expect(bytes).toBeDefined();
    const file = path.join(dir, "protocol.pdf");
    writeFileSync(file, bytes!);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Урок <b>года</b> & методика");
    expect(text).toContain("Председатель Жюри");
    for (let n = 1; n <= 6; n++) expect(text).toContain(`К-00${n}`);

    // An author's results message: their place, every expert's points, no juror named.
    const winner = authors[3]!;
    await waitUntil(
      () =>
        harness.fake.calls.some((c) => c.method === "sendMessage" && String(c.payload.chat_id) === String(winner.telegramId) && String(c.payload.text).includes("🏆")),
      30_000,
    );
    const message = harness.fake.calls.find(
      (c) => c.method === "sendMessage" && String(c.payload.chat_id) === String(winner.telegramId) && String(c.payload.text).includes("🏆"),
    );
    expect(String(message!.payload.text)).toContain("Победитель");
    expect(String(message!.payload.text)).toContain("Эксперт 3");
    expect(String(message!.payload.text)).toContain("&lt;b&gt;года&lt;/b&gt; &amp; методика");
    expect(String(message!.payload.text)).not.toContain("Председатель Жюри");

    // Publishing again (a retry, the reconciler) issues nothing new.
    expect(await phases.publish(contest.id)).toBe("moved");
    expect(await prisma().document.count({ where: { source: { startsWith: `contest:${contest.id}` } } })).toBe(docs.length);
  }, 120_000);
});

describe("dates, confirmation and the jury", () => {
  it("a moved date makes the old job stale and queues a new one", async () => {
    now = OPENS - DAY;
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "SCHEDULED", dates });
    await services().contestPhases.created(contest.id);
    const later = new Date(OPENS + DAY);
    await prisma().contest.update({ where: { id: contest.id }, data: { submissionOpensAt: later } });
    await services().contestPhases.schedule(contest.id);
    expect(await phaseJob(contest.id, "open", later)).toBeDefined();
    now = OPENS + 1000;
    expect(await services().contestPhases.run(contest.id, "open", OPENS)).toBe("stale");
    expect((await prisma().contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("SCHEDULED");
  });

  it("reminds the organiser and the chair when the results date comes unconfirmed, and publishes as soon as the chair confirms", async () => {
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "CONFIRMING", dates, reviewsPerEntry: 1 });
    const chair = await contestMember(prisma());
    await prisma().contestJuror.create({ data: { contestId: contest.id, memberId: chair.id, chair: true } });
    now = dates.resultsAt.getTime() + 1000;
    expect(await services().contestPhases.run(contest.id, "publish", dates.resultsAt.getTime())).toBe("waiting-confirmation");
    expect((await deliveries("contest.confirm-overdue", `contest:${contest.id}:overdue`)).map((d) => d.memberId).sort()).toEqual(
      [organiser.id, chair.id].sort((a, b) => a - b),
    );
    await services().jury.confirm(chair, contest.id);
    await waitUntil(async () => (await prisma().contest.findUniqueOrThrow({ where: { id: contest.id } })).status === "PUBLISHED", 30_000);
  });

  it("tells the juror who receives an entry passed on after a conflict, even one who already had entries", async () => {
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "OPEN", dates, reviewsPerEntry: 1 });
    const nomination = contest.nominations[0]!.id;
    for (let i = 0; i < 2; i++) await makeEntry(prisma(), contest.id, nomination, (await contestMember(prisma())).id);
    const jurors = [await contestMember(prisma()), await contestMember(prisma())];
    await prisma().contestJuror.createMany({ data: jurors.map((j) => ({ contestId: contest.id, memberId: j.id })) });
    now = dates.submissionClosesAt.getTime() + 1000;
    await services().contestPhases.run(contest.id, "close-submissions", dates.submissionClosesAt.getTime());
    expect((await assignedNotices(contest.id)).map((d) => d.refId)).toEqual([`contest:${contest.id}:assigned:1`, `contest:${contest.id}:assigned:1`]);

    // The first juror declares a conflict: the entry goes to the second, who already had one.
    const review = await prisma().contestReview.findFirstOrThrow({ where: { contestId: contest.id, jurorId: jurors[0]!.id } });
    await services().jury.declareConflict(jurors[0], review.id);
    await waitUntil(async () => (await prisma().contestReview.count({ where: { contestId: contest.id, jurorId: jurors[1]!.id } })) === 2);
    const notices = await assignedNotices(contest.id);
    expect(notices.filter((d) => d.memberId === jurors[1]!.id).map((d) => d.refId)).toEqual([`contest:${contest.id}:assigned:1`, `contest:${contest.id}:assigned:2`]);
    expect(notices.filter((d) => d.memberId === jurors[0]!.id)).toHaveLength(1);
    // A watchdog run afterwards tells nobody again.
    await services().contestPhases.reconcile();
    expect(await assignedNotices(contest.id)).toHaveLength(3);
  });

  it("issues the protocol to the organiser when the chair who confirmed erased their data", async () => {
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const chair = await contestMember(prisma());
    const contest = await makeContest(prisma(), organiser.id, { status: "CONFIRMING", dates });
    await prisma().contestJuror.create({ data: { contestId: contest.id, memberId: chair.id, chair: true } });
    await prisma().contest.update({ where: { id: contest.id }, data: { confirmedAt: new Date(), confirmedById: chair.id } });
    await prisma().member.update({ where: { id: chair.id }, data: { deletedAt: new Date(), telegramId: null } });
    now = dates.resultsAt.getTime() + 1000;
    expect(await services().contestPhases.publish(contest.id)).toBe("moved");
    const protocol = await prisma().document.findFirstOrThrow({ where: { kind: "PROTOCOL", source: `contest:${contest.id}` } });
    expect(protocol.holderId).toBe(organiser.id);
  });

  it("tells the organiser when submissions close without a jury, and assigns as soon as jurors are appointed", async () => {
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "OPEN", dates });
    const author = await contestMember(prisma());
    await makeEntry(prisma(), contest.id, contest.nominations[0]!.id, author.id);
    now = dates.submissionClosesAt.getTime() + 1000;
    expect(await services().contestPhases.run(contest.id, "close-submissions", dates.submissionClosesAt.getTime())).toBe("moved");
    expect((await deliveries("contest.no-jury", `contest:${contest.id}:no-jury`)).map((d) => d.memberId)).toEqual([organiser.id]);
    const jurors = [await contestMember(prisma()), await contestMember(prisma()), await contestMember(prisma())];
    await prisma().contestJuror.createMany({ data: jurors.map((j) => ({ contestId: contest.id, memberId: j.id })) });
    await harness.container.domainEvents.emit("contest.jury-changed", { contestId: contest.id });
    await waitUntil(async () => (await prisma().contestReview.count({ where: { contestId: contest.id } })) === 3);
  });

  it("the watchdog assigns entries a lost jury change left without reviews, and leaves complete contests alone", async () => {
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "JUDGING", dates, reviewsPerEntry: 2 });
    await makeEntry(prisma(), contest.id, contest.nominations[0]!.id, (await contestMember(prisma())).id);
    const jurors = [await contestMember(prisma()), await contestMember(prisma())];
    // Appointed, but the "contest.jury-changed" subscriber never ran (a crash after the commit).
    await prisma().contestJuror.createMany({ data: jurors.map((j) => ({ contestId: contest.id, memberId: j.id })) });
    expect(await services().contestsRepository.entriesMissingReviews(contest.id, 2)).toBe(true);
    now = dates.submissionClosesAt.getTime() + 1000;
    await services().contestPhases.reconcile();
    expect(await prisma().contestReview.count({ where: { contestId: contest.id } })).toBe(2);
    expect(await services().contestsRepository.entriesMissingReviews(contest.id, 2)).toBe(false);
  });

  it("rebuilds the next phase's job from PostgreSQL after Redis lost its data", async () => {
    now = OPENS - DAY;
    const organiser = await contestMember(prisma(), { role: "ADMIN" });
    const contest = await makeContest(prisma(), organiser.id, { status: "SCHEDULED", dates });
    await services().contestPhases.created(contest.id);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await cleanRedisPrefix(redis, harness.prefix);
    } finally {
      redis.disconnect();
    }
    expect(await phaseJob(contest.id, "open", dates.submissionOpensAt)).toBeUndefined();
    await services().contestPhases.reconcile();
    expect(await phaseJob(contest.id, "open", dates.submissionOpensAt)).toBeDefined();
  });
});
