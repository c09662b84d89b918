// What organisers do with contests (ContestsService) on the real PostgreSQL: creating them with
// every validation rule, moving dates, cancelling, the jury and its chair, progress and reminders.
// A fixed clock the tests move by hand; domain events and queued deliveries are recorded.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import { AuditRepository } from "../../src/features/audit/audit.repository.js";
import { CatalogueRepository } from "../../src/features/catalogue/catalogue.repository.js";
import { CatalogueService } from "../../src/features/catalogue/catalogue.service.js";
import { ContestsAdminRepository } from "../../src/features/contests/contests.admin.repository.js";
import { fitLines, jurorReminderRenderer } from "../../src/features/contests/contests.admin.render.js";
import { ContestJudging } from "../../src/features/contests/contests.judging.js";
import { ContestsRepository } from "../../src/features/contests/contests.repository.js";
import { VotesRepository } from "../../src/features/contests/contests.votes.repository.js";
import { ContestsService, JUROR_REMINDER_KIND, jurorAutoReminderRefId, type RemovalRecompute } from "../../src/features/contests/contests.service.js";
import type { ContestDraft } from "../../src/features/contests/contests.types.js";
import { MembersRepository } from "../../src/features/members/members.repository.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { SettingsRepository } from "../../src/features/settings/settings.repository.js";
import { SettingsService } from "../../src/features/settings/settings.service.js";
import { createTranslator } from "../../src/bot/i18n.js";
import type { DomainEventMap, DomainEventPublisher } from "../../src/shared/domain-events.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectDomain, expectForbidden, expectNotFound } from "../support/domain-errors.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = new Date("2026-12-01T09:00:00.000Z");

let db: TestDatabase;
let prisma: PrismaClient;
let service: ContestsService;
let settings: SettingsService;
const emitted: { name: keyof DomainEventMap; payload: unknown }[] = [];
const domainEvents: DomainEventPublisher = {
  async emit(name, payload) {
    emitted.push({ name, payload });
  },
};
/** What the service queued on the sending path. */
const enqueued: { kind: string; refId: string; members: readonly number[] }[] = [];
let enqueueFails = false;
const delivery = {
  async enqueue(kind: string, refId: string, members: readonly number[]) {
    if (enqueueFails) throw new Error("Redis is down");
    enqueued.push({ kind, refId, members });
    return { created: members.length, ignored: 0 };
  },
};
let now = START;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  settings = new SettingsService(new SettingsRepository(prisma), new AuditRepository(prisma));
  service = makeService();
});

/** The service under test; `voteBursts` and `recompute` as the app wires them when a test needs them. */
function makeService(extra: { voteBursts?: ConstructorParameters<typeof ContestsService>[8]; recompute?: RemovalRecompute } = {}): ContestsService {
  return new ContestsService(
    new ContestsAdminRepository(prisma),
    new AuditRepository(prisma),
    new CatalogueService(new CatalogueRepository(prisma)),
    settings,
    new MembersRepository(prisma),
    delivery,
    domainEvents,
    () => new Date(now.getTime()),
    extra.voteBursts,
    extra.recompute,
  );
}

beforeEach(() => {
  now = START;
  emitted.length = 0;
  enqueued.length = 0;
  enqueueFails = false;
});

afterAll(async () => {
  await db?.drop();
});

let nextTelegramId = 7_400_000_000n;

async function member(role: MemberRole = "MEMBER", options: { registered?: boolean; name?: string } = {}): Promise<MemberState> {
  const registered = options.registered ?? true;
  const telegramId = nextTelegramId++;
  const row = await prisma.member.create({
    data: {
      telegramId,
      role,
      registeredAt: registered ? new Date() : null,
      ...(registered ? { consentStatus: "GIVEN" as const } : {}),
      profile: {
        create: {
          fullName: options.name ?? `Член ${telegramId}`,
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          experienceYears: 5,
          timezone: "Europe/Moscow",
        },
      },
    },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered, username: null };
}

function draft(overrides: Partial<ContestDraft> = {}): ContestDraft {
  return {
    title: "Лучший урок года",
    description: "Описание",
    rules: "Правила",
    timeZone: "Europe/Moscow",
    submissionOpensAt: new Date(START.getTime() + DAY),
    submissionClosesAt: new Date(START.getTime() + 10 * DAY),
    judgingClosesAt: new Date(START.getTime() + 20 * DAY),
    resultsAt: new Date(START.getTime() + 21 * DAY),
    formats: ["file"],
    nominations: [{ title: "Математика 5–9", subjectCodes: ["math"], gradeCodes: ["5", "6"] }],
    criteria: [
      { title: "Качество", maxPoints: 5, tieBreak: true },
      { title: "Авторство", maxPoints: 0, passFail: true },
    ],
    ...overrides,
  };
}

let admin: MemberState;
let moderator: MemberState;
let plain: MemberState;

beforeAll(async () => {
  admin = await member("ADMIN");
  moderator = await member("MODERATOR");
  plain = await member("MEMBER");
});

describe("authorization", () => {
  it("admins create; moderators only when contests.moderators is on; members never", async () => {
    await expectForbidden(service.create(plain, draft()), "contests-admin-forbidden");
    await expectForbidden(service.create(undefined, draft()), "contests-admin-forbidden");
    await expectForbidden(service.create(moderator, draft()), "contests-admin-forbidden");
    await settings.set(admin, "contests.moderators", true);
    try {
      const made = await service.create(moderator, draft());
      expect(made.organiserId).toBe(moderator.id);
    } finally {
      await settings.set(admin, "contests.moderators", false);
    }
    await expectForbidden(service.manageable(moderator), "contests-admin-forbidden");
    const c = await service.create(admin, draft());
    await expectForbidden(service.changeDates(moderator, c.id, { resultsAt: new Date(START.getTime() + 22 * DAY) }), "contests-admin-forbidden");
    await expectForbidden(service.cancel(moderator, c.id), "contests-admin-forbidden");
    await expectForbidden(service.appointJuror(moderator, c.id, plain.id), "contests-admin-forbidden");
    await expectForbidden(service.removeJuror(plain, c.id, plain.id), "contests-admin-forbidden");
    await expectForbidden(service.setChair(plain, c.id, plain.id), "contests-admin-forbidden");
    await expectForbidden(service.progress(plain, c.id), "contests-admin-forbidden");
    await expectForbidden(service.remindJuror(plain, c.id, plain.id), "contests-admin-forbidden");
    await expectForbidden(service.searchMembers(plain, "Член"), "contests-admin-forbidden");
    expect(await prisma.contestJuror.count({ where: { contestId: c.id } })).toBe(0);
  });
});

describe("create", () => {
  it("stores the contest with its nominations and rubric, audits it and emits contest.created", async () => {
    const c = await service.create(admin, draft({ title: "  Лучший   урок  ", maxFiles: 3, fileFamilies: ["pdf", "document"], maxFileMb: 20, jurorCap: 10 }));
    expect(c).toMatchObject({ title: "Лучший урок", status: "SCHEDULED", reviewsPerEntry: 3, prizePlaces: 2, maxFiles: 3, maxFileMb: 20, jurorCap: 10 });
    expect(c.fileFamilies.sort()).toEqual(["document", "pdf"]);
    expect(c.nominations).toEqual([expect.objectContaining({ title: "Математика 5–9", subjectCodes: ["math"], gradeCodes: ["5", "6"], position: 1 })]);
    expect(c.criteria.map((x) => [x.title, x.maxPoints, x.passFail, x.tieBreak])).toEqual([
      ["Качество", 5, false, true],
      ["Авторство", 0, true, false],
    ]);
    expect(emitted).toEqual([{ name: "contest.created", payload: { contestId: c.id } }]);
    const audit = await prisma.auditLog.findFirst({ where: { action: "contest.create" }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ contestId: c.id });
  });

  it("opens at once when it opens now (or less than a minute ago)", async () => {
    const c = await service.create(admin, draft({ submissionOpensAt: new Date(START.getTime() - 30_000) }));
    expect(c.status).toBe("OPEN");
  });

  it("the default rubric: six criteria 0–5, methodological quality breaks ties, and pass/fail authorship", async () => {
    const t = createTranslator({ defaultLocale: "ru" }).forLocale("ru");
    const rubric = service.defaultRubric(t);
    expect(rubric).toHaveLength(7);
    expect(rubric.filter((c) => !c.passFail).every((c) => c.maxPoints === 5)).toBe(true);
    expect(rubric.filter((c) => c.tieBreak)).toHaveLength(1);
    expect(rubric.find((c) => c.tieBreak)!.title).toMatch(/методическ/i);
    expect(rubric.at(-1)).toMatchObject({ passFail: true, maxPoints: 0 });
    const c = await service.create(admin, draft({ criteria: rubric }));
    expect(c.criteria).toHaveLength(7);
  });

  const refusals: [string, Partial<ContestDraft>, string][] = [
    ["title too short", { title: "ab" }, "contests-admin-title-short"],
    ["title too long", { title: "x".repeat(201) }, "contests-admin-title-long"],
    ["description too long", { description: "x".repeat(2001) }, "contests-admin-description-long"],
    ["rules too long", { rules: "x".repeat(3001) }, "contests-admin-rules-long"],
    ["unknown zone", { timeZone: "Mars/Olympus" }, "contests-admin-timezone-unknown"],
    ["closes before opens", { submissionClosesAt: new Date(START.getTime() + DAY) }, "contests-admin-dates-order-close"],
    ["judging before closing", { judgingClosesAt: new Date(START.getTime() + 5 * DAY) }, "contests-admin-dates-order-judging"],
    ["results before judging closes", { resultsAt: new Date(START.getTime() + 19 * DAY) }, "contests-admin-dates-order-results"],
    ["opens in the past", { submissionOpensAt: new Date(START.getTime() - 2 * MINUTE) }, "contests-admin-date-past"],
    ["too far ahead", { resultsAt: new Date(START.getTime() + 800 * DAY) }, "contests-admin-date-too-far"],
    ["invalid date", { resultsAt: new Date(Number.NaN) }, "contests-admin-date-invalid"],
    ["no format", { formats: [] }, "contests-admin-formats-bad"],
    ["unknown format", { formats: ["video" as never] }, "contests-admin-formats-bad"],
    ["max files 0", { maxFiles: 0 }, "contests-admin-max-files-bad"],
    ["max files 11", { maxFiles: 11 }, "contests-admin-max-files-bad"],
    ["unknown family", { fileFamilies: ["exe" as never] }, "contests-admin-families-bad"],
    ["size 0", { maxFileMb: 0 }, "contests-admin-max-size-bad"],
    ["size 51", { maxFileMb: 51 }, "contests-admin-max-size-bad"],
    ["reviews 0", { reviewsPerEntry: 0 }, "contests-admin-reviews-bad"],
    ["reviews 10", { reviewsPerEntry: 10 }, "contests-admin-reviews-bad"],
    ["cap 0", { jurorCap: 0 }, "contests-admin-cap-bad"],
    ["prizes 6", { prizePlaces: 6 }, "contests-admin-prizes-bad"],
    ["prizes -1", { prizePlaces: -1 }, "contests-admin-prizes-bad"],
    ["no nomination", { nominations: [] }, "contests-admin-nominations-count"],
    ["11 nominations", { nominations: Array.from({ length: 11 }, (_, i) => ({ title: `N${i}`, subjectCodes: [], gradeCodes: [] })) }, "contests-admin-nominations-count"],
    ["nomination title long", { nominations: [{ title: "x".repeat(201), subjectCodes: [], gradeCodes: [] }] }, "contests-admin-nomination-title-bad"],
    ["unknown subject", { nominations: [{ title: "N", subjectCodes: ["alchemy"], gradeCodes: [] }] }, "contests-admin-subject-unknown"],
    ["unknown grade", { nominations: [{ title: "N", subjectCodes: [], gradeCodes: ["13"] }] }, "contests-admin-grade-unknown"],
    ["no criteria", { criteria: [] }, "contests-admin-criteria-count"],
    ["13 criteria", { criteria: Array.from({ length: 13 }, (_, i) => ({ title: `C${i}`, maxPoints: 3 })) }, "contests-admin-criteria-count"],
    ["points 11", { criteria: [{ title: "C", maxPoints: 11 }] }, "contests-admin-criterion-points-bad"],
    ["points 0 scored", { criteria: [{ title: "C", maxPoints: 0 }] }, "contests-admin-criterion-points-bad"],
    [
      "pass/fail with points",
      {
        criteria: [
          { title: "C", maxPoints: 3 },
          { title: "P", maxPoints: 2, passFail: true },
        ],
      },
      "contests-admin-criterion-points-bad",
    ],
    ["weight 0", { criteria: [{ title: "C", maxPoints: 3, weight: 0 }] }, "contests-admin-criterion-weight-bad"],
    ["weight 11", { criteria: [{ title: "C", maxPoints: 3, weight: 11 }] }, "contests-admin-criterion-weight-bad"],
    ["only pass/fail", { criteria: [{ title: "P", maxPoints: 0, passFail: true }] }, "contests-admin-criteria-no-scored"],
    [
      "two tie-breaks",
      {
        criteria: [
          { title: "A", maxPoints: 3, tieBreak: true },
          { title: "B", maxPoints: 3, tieBreak: true },
        ],
      },
      "contests-admin-criteria-tiebreak-many",
    ],
    ["criterion without title", { criteria: [{ title: "  ", maxPoints: 3 }] }, "contests-admin-criterion-title-bad"],
  ];
  it.each(refusals)("refuses: %s — nothing saved", async (_name, overrides, key) => {
    const before = await prisma.contest.count();
    await expectDomain(service.create(admin, draft(overrides)), key);
    expect(await prisma.contest.count()).toBe(before);
    expect(emitted).toEqual([]);
  });

  it("accepts the boundaries: 10 nominations, 12 criteria, 9 reviews, 5 prize places, 50 MB, weight 0.1 and 10", async () => {
    const c = await service.create(
      admin,
      draft({
        nominations: Array.from({ length: 10 }, (_, i) => ({ title: `N${i}`, subjectCodes: [], gradeCodes: [] })),
        criteria: Array.from({ length: 12 }, (_, i) => ({ title: `C${i}`, maxPoints: 10, weight: i === 0 ? 0.1 : 10 })),
        reviewsPerEntry: 9,
        prizePlaces: 5,
        maxFileMb: 50,
        maxFiles: 10,
        resultsAt: new Date(START.getTime() + 20 * DAY),
      }),
    );
    expect(c.nominations).toHaveLength(10);
    expect(c.criteria).toHaveLength(12);
  });
});

async function contestIn(status: "SCHEDULED" | "OPEN" | "JUDGING" | "CONFIRMING" | "PUBLISHED" | "CANCELLED") {
  const c = await service.create(admin, draft());
  if (status !== "SCHEDULED") await prisma.contest.update({ where: { id: c.id }, data: { status } });
  emitted.length = 0;
  return c;
}

describe("changeDates", () => {
  it("moves any date of a scheduled contest; the order must hold; emits contest.dates-changed", async () => {
    const c = await contestIn("SCHEDULED");
    const results = new Date(START.getTime() + 25 * DAY);
    const { contest, changed } = await service.changeDates(admin, c.id, { resultsAt: results, submissionOpensAt: new Date(START.getTime() + 2 * DAY) });
    expect(changed.sort()).toEqual(["resultsAt", "submissionOpensAt"]);
    expect(contest.resultsAt).toEqual(results);
    expect(emitted).toEqual([{ name: "contest.dates-changed", payload: { contestId: c.id } }]);
    emitted.length = 0;
    await expectDomain(service.changeDates(admin, c.id, { submissionClosesAt: new Date(START.getTime() + 21 * DAY) }), "contests-admin-dates-order-judging");
    await expectDomain(service.changeDates(admin, c.id, { submissionOpensAt: new Date(START.getTime() - HOUR) }), "contests-admin-date-past");
    expect(emitted).toEqual([]);
    expect((await prisma.contest.findUnique({ where: { id: c.id } }))!.submissionOpensAt).toEqual(new Date(START.getTime() + 2 * DAY));
  });

  it("the same dates change nothing and emit nothing", async () => {
    const c = await contestIn("SCHEDULED");
    const { changed } = await service.changeDates(admin, c.id, { resultsAt: c.resultsAt });
    expect(changed).toEqual([]);
    expect(emitted).toEqual([]);
  });

  it("dates of phases that ran cannot move", async () => {
    const open = await contestIn("OPEN");
    await expectDomain(service.changeDates(admin, open.id, { submissionOpensAt: new Date(START.getTime() + 2 * DAY) }), "contests-admin-date-passed");
    await service.changeDates(admin, open.id, { submissionClosesAt: new Date(START.getTime() + 11 * DAY) });
    const judging = await contestIn("JUDGING");
    await expectDomain(service.changeDates(admin, judging.id, { submissionClosesAt: new Date(START.getTime() + 11 * DAY) }), "contests-admin-date-passed");
    await service.changeDates(admin, judging.id, { judgingClosesAt: new Date(START.getTime() + 19 * DAY) });
    const confirming = await contestIn("CONFIRMING");
    await expectDomain(service.changeDates(admin, confirming.id, { judgingClosesAt: new Date(START.getTime() + 19 * DAY) }), "contests-admin-date-passed");
    const published = await contestIn("PUBLISHED");
    await expectDomain(service.changeDates(admin, published.id, { resultsAt: new Date(START.getTime() + 30 * DAY) }), "contests-admin-finished");
    const cancelled = await contestIn("CANCELLED");
    await expectDomain(service.changeDates(admin, cancelled.id, { resultsAt: new Date(START.getTime() + 30 * DAY) }), "contests-admin-cancelled");
    await expectNotFound(service.changeDates(admin, 2_000_000_000, { resultsAt: new Date(START.getTime() + 30 * DAY) }), "contests-admin-not-found");
  });
});

describe("cancel", () => {
  it("cancels before publication and tells the entrants and jurors", async () => {
    const c = await contestIn("OPEN");
    const author = await member();
    const juror = await member();
    await service.appointJuror(admin, c.id, juror.id);
    await prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: author.id, number: 1, title: "Урок", declaredAt: START },
    });
    emitted.length = 0;
    const { contest, notify } = await service.cancel(admin, c.id);
    expect(contest.status).toBe("CANCELLED");
    expect(notify.sort()).toEqual([author.id, juror.id].sort());
    expect(emitted).toEqual([{ name: "contest.cancelled", payload: { contestId: c.id, notify } }]);
    await expectDomain(service.cancel(admin, c.id), "contests-admin-cancelled");
  });

  it("refuses after publication", async () => {
    const c = await contestIn("PUBLISHED");
    await expectDomain(service.cancel(admin, c.id), "contests-admin-finished");
  });
});

describe("the jury", () => {
  it("appoints registered members once, sets one chair, removes jurors without submitted reviews", async () => {
    const c = await contestIn("OPEN");
    const a = await member();
    const b = await member();
    await service.appointJuror(admin, c.id, a.id);
    await service.appointJuror(admin, c.id, b.id);
    expect(emitted.filter((e) => e.name === "contest.jury-changed")).toHaveLength(2);
    await expectDomain(service.appointJuror(admin, c.id, a.id), "contests-admin-juror-already");
    await service.setChair(admin, c.id, a.id);
    await service.setChair(admin, c.id, b.id);
    const jurors = await prisma.contestJuror.findMany({ where: { contestId: c.id }, orderBy: { memberId: "asc" } });
    expect(jurors.map((j) => j.chair)).toEqual([false, true]);
    await service.removeJuror(admin, c.id, a.id);
    expect(await prisma.contestJuror.count({ where: { contestId: c.id } })).toBe(1);
    await expectDomain(service.removeJuror(admin, c.id, a.id), "contests-admin-juror-not-juror");
    await expectDomain(service.setChair(admin, c.id, a.id), "contests-admin-juror-not-juror");
    const actions = await prisma.auditLog.findMany({ where: { action: { startsWith: "contest." }, targetMemberId: { in: [a.id, b.id] } }, select: { action: true } });
    expect(actions.map((x) => x.action).sort()).toEqual(["contest.chair", "contest.chair", "contest.juror-add", "contest.juror-add", "contest.juror-remove"]);
  });

  it("refuses unregistered, erased and unknown members", async () => {
    const c = await contestIn("SCHEDULED");
    const unregistered = await member("MEMBER", { registered: false });
    const erased = await member();
    await prisma.member.update({ where: { id: erased.id }, data: { deletedAt: START, telegramId: null } });
    await expectDomain(service.appointJuror(admin, c.id, unregistered.id), "contests-admin-juror-not-member");
    await expectDomain(service.appointJuror(admin, c.id, erased.id), "contests-admin-juror-not-member");
    await expectDomain(service.appointJuror(admin, c.id, 2_000_000_000), "contests-admin-juror-not-member");
    expect(await prisma.contestJuror.count({ where: { contestId: c.id } })).toBe(0);
  });

  it("a juror with a submitted review stays; one with only assigned reviews goes with them", async () => {
    const c = await contestIn("OPEN");
    const author = await member();
    const busy = await member();
    const idle = await member();
    await service.appointJuror(admin, c.id, busy.id);
    await service.appointJuror(admin, c.id, idle.id);
    const entry = await prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: author.id, number: 1, title: "Урок", declaredAt: START },
    });
    await prisma.contest.update({ where: { id: c.id }, data: { status: "JUDGING" } });
    await prisma.contestReview.create({ data: { contestId: c.id, entryId: entry.id, jurorId: busy.id, status: "SUBMITTED", total: 5, submittedAt: START } });
    await prisma.contestReview.create({ data: { contestId: c.id, entryId: entry.id, jurorId: idle.id } });
    await expectDomain(service.removeJuror(admin, c.id, busy.id), "contests-admin-juror-has-reviews");
    await service.removeJuror(admin, c.id, idle.id);
    expect(await prisma.contestReview.count({ where: { contestId: c.id } })).toBe(1);
  });

  it("the jury is fixed once judging closed or the contest was cancelled", async () => {
    const confirming = await contestIn("CONFIRMING");
    await expectDomain(service.appointJuror(admin, confirming.id, plain.id), "contests-admin-jury-closed");
    const cancelled = await contestIn("CANCELLED");
    await expectDomain(service.appointJuror(admin, cancelled.id, plain.id), "contests-admin-cancelled");
  });

  it("finds members by name like /admin (erased ones left out)", async () => {
    const m = await member("MEMBER", { name: "Сидорова Жюри Тестовна" });
    const hits = await service.searchMembers(admin, "жюри тестовна");
    expect(hits.map((h) => h.id)).toEqual([m.id]);
    await expectDomain(service.searchMembers(admin, "  "), "contests-admin-search-bad");
  });
});

describe("progress and reminders", () => {
  async function judgingContest() {
    const c = await contestIn("OPEN");
    const author = await member();
    const other = await member();
    const lagging = await member("MEMBER", { name: "Отстающий Юрий" });
    const done = await member("MEMBER", { name: "Готовая Анна" });
    await service.appointJuror(admin, c.id, lagging.id);
    await service.appointJuror(admin, c.id, done.id);
    const e1 = await prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: author.id, number: 1, title: "Урок", declaredAt: START },
    });
    const e2 = await prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: other.id, number: 2, title: "Копия", declaredAt: START, duplicateOf: "entry:1" },
    });
    await prisma.contest.update({ where: { id: c.id }, data: { status: "JUDGING" } });
    await prisma.contestReview.createMany({
      data: [
        { contestId: c.id, entryId: e1.id, jurorId: lagging.id },
        { contestId: c.id, entryId: e2.id, jurorId: lagging.id, status: "CONFLICT" },
        { contestId: c.id, entryId: e1.id, jurorId: done.id, status: "SUBMITTED", total: 4 },
        { contestId: c.id, entryId: e2.id, jurorId: done.id, status: "SUBMITTED", total: 3 },
      ],
    });
    return { c, lagging, done };
  }

  it("shows per juror, per nomination and the duplicates", async () => {
    const { c, lagging, done } = await judgingContest();
    const p = await service.progress(admin, c.id);
    expect(p.jurors.find((j) => j.memberId === lagging.id)).toMatchObject({ name: "Отстающий Юрий", assigned: 1, submitted: 0, conflicts: 1, remindedAt: null });
    expect(p.jurors.find((j) => j.memberId === done.id)).toMatchObject({ assigned: 2, submitted: 2, conflicts: 0 });
    expect(p.nominations).toEqual([expect.objectContaining({ entries: 2, reviewsDone: 2, reviewsNeeded: 6 })]);
    expect(p.duplicates).toEqual([expect.objectContaining({ number: 2, duplicateOf: "entry:1" })]);
  });

  it("flags bursts of audience votes when the contest has a vote", async () => {
    const { c } = await judgingContest();
    const entry = await prisma.contestEntry.findFirstOrThrow({ where: { contestId: c.id, number: 2 } });
    const withVotes = makeService({ voteBursts: async () => [{ entryId: entry.id, votes: 12, suspicious: 10 }] });
    expect((await withVotes.progress(admin, c.id)).voteFlags).toEqual([]);
    await prisma.contest.update({ where: { id: c.id }, data: { audienceVote: true } });
    expect((await withVotes.progress(admin, c.id)).voteFlags).toEqual([{ entryId: entry.id, number: 2, votes: 12, suspicious: 10 }]);
  });

  it("reminds a lagging juror through the sending path, once an hour", async () => {
    const { c, lagging, done } = await judgingContest();
    const r = await service.remindJuror(admin, c.id, lagging.id);
    expect(r.pending).toBe(1);
    expect(enqueued).toEqual([{ kind: JUROR_REMINDER_KIND, refId: `contest:${c.id}:remind:${Math.floor(START.getTime() / MINUTE)}`, members: [lagging.id] }]);
    now = new Date(START.getTime() + 59 * MINUTE);
    await expectDomain(service.remindJuror(admin, c.id, lagging.id), "contests-admin-remind-too-soon");
    now = new Date(START.getTime() + 60 * MINUTE);
    await service.remindJuror(admin, c.id, lagging.id);
    expect(enqueued).toHaveLength(2);
    expect(new Set(enqueued.map((e) => e.refId)).size).toBe(2);
    await expectDomain(service.remindJuror(admin, c.id, done.id), "contests-admin-remind-nothing");
    await expectDomain(service.remindJuror(admin, c.id, plain.id), "contests-admin-juror-not-juror");
    const p = await service.progress(admin, c.id);
    expect(p.jurors.find((j) => j.memberId === lagging.id)!.remindedAt).toEqual(now);
  });

  it("a reminder that could not be queued leaves the juror remindable at once", async () => {
    const { c, lagging } = await judgingContest();
    enqueueFails = true;
    await expect(service.remindJuror(admin, c.id, lagging.id)).rejects.toThrow("Redis is down");
    enqueueFails = false;
    await service.remindJuror(admin, c.id, lagging.id);
    expect(enqueued).toHaveLength(1);
  });

  it("reminders only while judging", async () => {
    const c = await contestIn("OPEN");
    await expectDomain(service.remindJuror(admin, c.id, plain.id), "contests-admin-remind-not-judging");
  });

  it("the reminder renders for a juror with unscored reviews only (manual and automatic refIds)", async () => {
    const { c, lagging, done } = await judgingContest();
    const render = jurorReminderRenderer({
      contests: new ContestsRepository(prisma),
      members: new MembersRepository(prisma),
      translator: createTranslator({ defaultLocale: "ru" }),
      defaultTimezone: "Europe/Moscow",
    });
    const manual = await render(`contest:${c.id}:remind:1`, { id: lagging.id, telegramId: 1n, locale: "ru" });
    expect(manual).toMatchObject({ method: "sendMessage" });
    expect((manual as { text: string }).text).toContain("Лучший урок года");
    const auto = await render(jurorAutoReminderRefId(c.id, 24), { id: lagging.id, telegramId: 1n, locale: "en" });
    expect((auto as { text: string }).text).toMatch(/review/i);
    expect(await render(`contest:${c.id}:remind:1`, { id: done.id, telegramId: 1n, locale: "ru" })).toBeUndefined();
    expect(await render(`contest:${c.id}:remind:1`, { id: plain.id, telegramId: 1n, locale: "ru" })).toBeUndefined();
    expect(await render("contest:x:remind:1", { id: lagging.id, telegramId: 1n, locale: "ru" })).toBeUndefined();
    await prisma.contest.update({ where: { id: c.id }, data: { status: "CONFIRMING" } });
    expect(await render(`contest:${c.id}:remind:1`, { id: lagging.id, telegramId: 1n, locale: "ru" })).toBeUndefined();
  });
});

describe("fitLines", () => {
  it("leaves out whole lines past the budget, never cutting an escaped entity", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i}. &lt;b&gt; &amp; <b>жюри</b>`);
    const fitted = fitLines(lines, 200);
    expect(fitted.at(-1)).toBe("…");
    expect(fitted.slice(0, -1).every((l, i) => l === lines[i])).toBe(true);
    expect(fitLines(lines.slice(0, 2), 200)).toEqual(lines.slice(0, 2));
  });
});

describe("removing an entry (the organisers' decision)", () => {
  /** The service as the app builds it: a removal while the chair confirms computes the results (and the vote) again. */
  function withRecompute(): ContestsService {
    const judging = new ContestJudging(prisma, () => new Date(now.getTime()));
    const votes = new VotesRepository(prisma);
    return makeService({ recompute: { computeResultsIn: (tx, id) => judging.computeResultsIn(tx, id), tallyVotesIn: (tx, id) => votes.close(id, tx) } });
  }

  async function entries(status: Parameters<typeof contestIn>[0], count: number) {
    const c = await contestIn(status);
    const made = [];
    for (let i = 1; i <= count; i++) {
      const author = await member();
      made.push(
        await prisma.contestEntry.create({
          data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: author.id, number: i, title: `Работа ${i}`, declaredAt: START },
        }),
      );
    }
    await prisma.contest.update({ where: { id: c.id }, data: { lastEntryNumber: count } });
    return { c, entries: made };
  }

  it("while judging: the entry leaves the jury's queue and the vote (its voters may vote again); reviews already sent stay; told and audited", async () => {
    const {
      c,
      entries: [e1, e2],
    } = await entries("JUDGING", 2);
    const juror = await member();
    const other = await member();
    const voter = await member();
    await prisma.contestReview.create({ data: { contestId: c.id, entryId: e1!.id, jurorId: juror.id } });
    await prisma.contestReview.create({
      data: { contestId: c.id, entryId: e1!.id, jurorId: other.id, status: "SUBMITTED", scores: { [c.criteria[0]!.id]: 4 }, total: 4 },
    });
    await prisma.contestVote.create({ data: { contestId: c.id, nominationId: c.nominations[0]!.id, entryId: e1!.id, memberId: voter.id } });
    await prisma.contestVote.create({ data: { contestId: c.id, nominationId: c.nominations[0]!.id, entryId: e2!.id, memberId: other.id } });

    await service.disqualify(admin, c.id, 1, "  Совпадает   с чужим\nматериалом  ");
    const row = await prisma.contestEntry.findUniqueOrThrow({ where: { id: e1!.id } });
    expect(row).toMatchObject({ status: "DISQUALIFIED", disqualificationReason: "Совпадает с чужим материалом", place: null, award: null });
    expect(await prisma.contestReview.findMany({ where: { entryId: e1!.id }, select: { jurorId: true, status: true } })).toEqual([
      { jurorId: other.id, status: "SUBMITTED" },
    ]);
    expect(await prisma.contestVote.findMany({ where: { contestId: c.id }, select: { memberId: true } })).toEqual([{ memberId: other.id }]);
    expect(emitted).toEqual([{ name: "contest.entry-removed", payload: { contestId: c.id, entryId: e1!.id, authorId: e1!.authorId } }]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "contest.entry-remove", targetMemberId: e1!.authorId } });
    expect(audit.details).toMatchObject({ contestId: c.id, entryId: e1!.id, number: 1, reason: "Совпадает с чужим материалом" });
    // The other entry is untouched.
    expect((await prisma.contestEntry.findUniqueOrThrow({ where: { id: e2!.id } })).status).toBe("SUBMITTED");
  });

  it("while the chair confirms: places and the audience prize are computed again at once, and a later computation keeps it out", async () => {
    const removing = withRecompute();
    const { c, entries: made } = await entries("JUDGING", 3);
    await prisma.contest.update({ where: { id: c.id }, data: { audienceVote: true } });
    const [quality, authorship] = [c.criteria[0]!.id, c.criteria[1]!.id];
    const juror = await member();
    for (const [i, e] of made.entries()) {
      await prisma.contestReview.create({
        data: { contestId: c.id, entryId: e.id, jurorId: juror.id, status: "SUBMITTED", scores: { [quality]: 5 - i, [authorship]: 1 }, total: 5 - i },
      });
    }
    const voter = await member();
    await prisma.contestVote.create({ data: { contestId: c.id, nominationId: c.nominations[0]!.id, entryId: made[0]!.id, memberId: voter.id } });
    const judging = new ContestJudging(prisma, () => new Date(now.getTime()));
    await judging.computeResults(c.id);
    await new VotesRepository(prisma).close(c.id);
    await prisma.contest.update({ where: { id: c.id }, data: { status: "CONFIRMING" } });
    const places = async () =>
      (
        await prisma.contestEntry.findMany({
          where: { contestId: c.id },
          orderBy: { number: "asc" },
          select: { status: true, place: true, award: true, audiencePrize: true },
        })
      ).map((e) => [e.status, e.place, e.award, e.audiencePrize]);
    expect(await places()).toEqual([
      ["SUBMITTED", 1, "WINNER", true],
      ["SUBMITTED", 2, "PRIZE_WINNER", false],
      ["SUBMITTED", 3, "PRIZE_WINNER", false],
    ]);

    await removing.disqualify(admin, c.id, 1, "Работа прошлого года");
    expect(await places()).toEqual([
      ["DISQUALIFIED", null, null, false],
      ["SUBMITTED", 1, "WINNER", false],
      ["SUBMITTED", 2, "PRIZE_WINNER", false],
    ]);
    // The jury's authorship criterion would admit it: a later computation keeps the organisers' decision.
    await judging.computeResults(c.id);
    expect((await places())[0]).toEqual(["DISQUALIFIED", null, null, false]);
  });

  it("refuses: bad and unknown codes, withdrawn or removed entries, a short or long reason, outside the window, non-organisers — nothing changes", async () => {
    const { c, entries: made } = await entries("OPEN", 2);
    await prisma.contestEntry.update({ where: { id: made[1]!.id }, data: { status: "WITHDRAWN" } });
    await expectForbidden(service.entryToRemove(plain, c.id, "1"), "contests-admin-forbidden");
    await expectForbidden(service.disqualify(plain, c.id, 1, "Причина"), "contests-admin-forbidden");
    await expectDomain(service.entryToRemove(admin, c.id, "К-1-2"), "contests-admin-remove-code-bad");
    await expectDomain(service.entryToRemove(admin, c.id, "<b>1</b>"), "contests-admin-remove-code-bad");
    await expectDomain(service.entryToRemove(admin, c.id, "К-099"), "contests-admin-remove-code-unknown");
    await expectDomain(service.entryToRemove(admin, c.id, "2"), "contests-admin-remove-withdrawn");
    expect((await service.entryToRemove(admin, c.id, "K-001")).id).toBe(made[0]!.id);
    expect((await service.entryToRemove(admin, c.id, "к 1")).id).toBe(made[0]!.id);
    await expectDomain(service.disqualify(admin, c.id, 1, "ну"), "contests-admin-remove-reason-bad");
    await expectDomain(service.disqualify(admin, c.id, 1, "я".repeat(501)), "contests-admin-remove-reason-bad");
    await expectDomain(service.disqualify(admin, c.id, 99, "Причина"), "contests-admin-remove-code-unknown");
    expect((await prisma.contestEntry.findUniqueOrThrow({ where: { id: made[0]!.id } })).status).toBe("SUBMITTED");

    await service.disqualify(admin, c.id, 1, "Причина");
    await expectDomain(service.disqualify(admin, c.id, 1, "Ещё раз"), "contests-admin-remove-already");
    for (const [status, key] of [
      ["SCHEDULED", "contests-admin-remove-nothing"],
      ["PUBLISHED", "contests-admin-remove-closed"],
      ["CANCELLED", "contests-admin-cancelled"],
    ] as const) {
      const other = await entries(status, 1);
      await expectDomain(service.disqualify(admin, other.c.id, 1, "Причина"), key);
      expect((await prisma.contestEntry.findUniqueOrThrow({ where: { id: other.entries[0]!.id } })).status).toBe("SUBMITTED");
    }
    const confirmed = await entries("CONFIRMING", 1);
    await prisma.contest.update({ where: { id: confirmed.c.id }, data: { confirmedAt: START } });
    await expectDomain(service.removable(admin, confirmed.c.id), "contests-admin-remove-closed");
    await expectDomain(service.disqualify(admin, confirmed.c.id, 1, "Причина"), "contests-admin-remove-closed");
  });
});
