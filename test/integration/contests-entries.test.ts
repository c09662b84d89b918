// What members do in contests (EntriesService) on the real PostgreSQL: submitting with every
// rule, numbering under concurrency, duplicates, edits and withdrawals until the deadline, the
// list, my entries and results. Contests are created directly in the database (the organisers'
// service is another helper's); a fixed clock the tests move by hand.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { EntriesRepository } from "../../src/features/contests/contests.entries.repository.js";
import { EntriesService, RECENT_DAYS } from "../../src/features/contests/contests.entries.service.js";
import { ContestsRepository } from "../../src/features/contests/contests.repository.js";
import type { EntryFileView, EntryInput } from "../../src/features/contests/contests.types.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectDomain, expectNotFound } from "../support/domain-errors.js";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;
const START = new Date("2026-12-01T09:00:00.000Z");

let db: TestDatabase;
let prisma: PrismaClient;
let service: EntriesService;
let now = START;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  service = new EntriesService(new EntriesRepository(prisma), new ContestsRepository(prisma), () => new Date(now.getTime()));
});
beforeEach(() => {
  now = START;
});
afterAll(async () => {
  await db?.drop();
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_500_000_000n;

async function member(options: { registered?: boolean } = {}): Promise<MemberState> {
  const registered = options.registered ?? true;
  const telegramId = nextTelegramId++;
  const row = await prisma.member.create({
    data: { telegramId, role: "MEMBER", registeredAt: registered ? new Date() : null, ...(registered ? { consentStatus: "GIVEN" as const } : {}) },
    select: { id: true },
  });
  return { id: row.id, telegramId, role: "MEMBER", locale: "ru", isActive: true, registered, username: null };
}

let organiser: MemberState;

/** An OPEN contest (closing a week after START) with two nominations and a two-criterion rubric, unless overridden. */
async function contest(over: Partial<Prisma.ContestUncheckedCreateInput> = {}) {
  organiser ??= await member();
  return prisma.contest.create({
    data: {
      organiserId: organiser.id,
      title: "Лучший урок математики",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(START.getTime() - DAY),
      submissionClosesAt: new Date(START.getTime() + 7 * DAY),
      judgingClosesAt: new Date(START.getTime() + 14 * DAY),
      resultsAt: new Date(START.getTime() + 21 * DAY),
      formats: ["file", "link", "text"],
      maxFiles: 3,
      fileFamilies: [],
      maxFileMb: 10,
      status: "OPEN",
      nominations: {
        create: [
          { position: 1, title: "Урок", subjectCodes: ["math"], gradeCodes: ["7"] },
          { position: 2, title: "Проект", subjectCodes: [], gradeCodes: [] },
        ],
      },
      criteria: {
        create: [
          { position: 1, title: "Методика", maxPoints: 5, tieBreak: true },
          { position: 2, title: "Авторство", maxPoints: 0, passFail: true },
        ],
      },
      ...over,
    },
    include: { nominations: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } } },
  });
}

let fileSeq = 0;
function file(over: Partial<EntryFileView> = {}): EntryFileView {
  fileSeq++;
  return {
    position: 1,
    fileId: `file-${fileSeq}`,
    fileUniqueId: `uniq-${fileSeq}`,
    fileName: `урок-${fileSeq}.pdf`,
    mimeType: "application/pdf",
    fileSize: 2 * MB,
    ...over,
  };
}

function input(nominationId: number, over: Partial<EntryInput> = {}): EntryInput {
  return { nominationId, title: "Дроби в 7 классе", description: "Урок-игра", files: [file()], declared: true, ...over };
}

async function entriesOf(contestId: number) {
  return prisma.contestEntry.findMany({ where: { contestId }, include: { files: true }, orderBy: { number: "asc" } });
}

// ---------------------------------------------------------------- submitting

describe("submitting", () => {
  it("accepts an entry with its number, files and declaration; captions are not part of it", async () => {
    const c = await contest();
    const m = await member();
    const entry = await service.submit(
      m,
      c.id,
      input(c.nominations[0]!.id, {
        files: [file(), file({ fileName: "план.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })],
      }),
    );
    expect(entry.number).toBe(1);
    expect(entry.status).toBe("SUBMITTED");
    expect(entry.files.map((f) => f.position)).toEqual([1, 2]);
    expect(entry.duplicateOf).toBeNull();
    const [row] = await entriesOf(c.id);
    expect(row!.declaredAt.getTime()).toBe(START.getTime());
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).lastEntryNumber).toBe(1);
  });

  it("refuses after the deadline even while the status is still OPEN (the job is late), and before opening; nothing changes", async () => {
    const c = await contest();
    const m = await member();
    now = new Date(c.submissionClosesAt.getTime());
    await expectDomain(service.submit(m, c.id, input(c.nominations[0]!.id)), "contests-submissions-closed");
    now = START;
    const judging = await contest({ status: "JUDGING" });
    await expectDomain(service.submit(m, judging.id, input(judging.nominations[0]!.id)), "contests-submissions-closed");
    const scheduled = await contest({ status: "SCHEDULED", submissionOpensAt: new Date(START.getTime() + DAY) });
    await expectDomain(service.submit(m, scheduled.id, input(scheduled.nominations[0]!.id)), "contests-submissions-not-yet");
    const cancelled = await contest({ status: "CANCELLED" });
    await expectDomain(service.submit(m, cancelled.id, input(cancelled.nominations[0]!.id)), "contests-cancelled");
    for (const id of [c.id, judging.id, scheduled.id, cancelled.id]) {
      expect(await entriesOf(id)).toHaveLength(0);
      expect((await prisma.contest.findUniqueOrThrow({ where: { id } })).lastEntryNumber).toBe(0);
    }
    await expectNotFound(service.submit(m, 999_999, input(1)), "contests-not-found");
  });

  it("refuses a nomination of another contest", async () => {
    const c = await contest();
    const other = await contest();
    await expectDomain(service.submit(await member(), c.id, input(other.nominations[0]!.id)), "contests-nomination-unknown");
    expect(await entriesOf(c.id)).toHaveLength(0);
  });

  it("checks the work: count, type, families, size, formats, link, text, title, description, declaration", async () => {
    const c = await contest({ maxFiles: 2, maxFileMb: 5 });
    const n = c.nominations[0]!.id;
    const m = await member();
    await expectDomain(service.submit(m, c.id, input(n, { files: [file(), file(), file()] })), "contests-entry-files-many");
    await expectDomain(service.submit(m, c.id, input(n, { files: [file({ fileName: "run.exe", mimeType: "application/x-msdownload" })] })), "contests-entry-file-type");
    // An executable named as a PDF: the MIME type gives it away.
    await expectDomain(service.submit(m, c.id, input(n, { files: [file({ fileName: "урок.pdf", mimeType: "application/x-msdownload" })] })), "contests-entry-file-type");
    await expectDomain(
      service.submit(m, c.id, input(n, { files: [file({ fileName: "урок.docm", mimeType: "application/vnd.ms-word.document.macroEnabled.12" })] })),
      "materials-file-macros",
    );
    await expectDomain(service.submit(m, c.id, input(n, { files: [file({ fileName: "урок\u202Efdp.exe" })] })), "materials-file-name-hidden");
    await expectDomain(service.submit(m, c.id, input(n, { files: [file({ fileSize: 5 * MB + 1 })] })), "contests-entry-file-too-big");
    await expectDomain(service.submit(m, c.id, input(n, { files: [file({ fileSize: 60 * MB })] })), "contests-entry-file-too-big");
    await expectDomain(service.submit(m, c.id, input(n, { files: [], link: "javascript:alert(1)" })), "contests-entry-link-bad");
    await expectDomain(service.submit(m, c.id, input(n, { files: [], text: "а".repeat(3501) })), "contests-entry-text-long");
    await expectDomain(service.submit(m, c.id, input(n, { files: [], text: "   " })), "contests-entry-work-empty");
    await expectDomain(service.submit(m, c.id, input(n, { title: "Ду" })), "contests-entry-title-short");
    await expectDomain(service.submit(m, c.id, input(n, { title: "Д".repeat(201) })), "contests-entry-title-long");
    await expectDomain(service.submit(m, c.id, input(n, { description: "о".repeat(1001) })), "contests-entry-description-long");
    await expectDomain(service.submit(m, c.id, input(n, { declared: false })), "contests-entry-not-declared");

    const pdfOnly = await contest({ formats: ["file"], fileFamilies: ["pdf"] });
    const p = pdfOnly.nominations[0]!.id;
    await expectDomain(
      service.submit(
        m,
        pdfOnly.id,
        input(p, { files: [file({ fileName: "урок.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })] }),
      ),
      "contests-entry-file-family",
    );
    await expectDomain(service.submit(m, pdfOnly.id, input(p, { files: [], link: "https://example.org/lesson" })), "contests-entry-format-not-allowed");
    await expectDomain(service.submit(m, pdfOnly.id, input(p, { text: "и ещё текст" })), "contests-entry-format-not-allowed");
    expect(await entriesOf(c.id)).toHaveLength(0);
    expect(await entriesOf(pdfOnly.id)).toHaveLength(0);

    // What passes: a link and a text with line breaks kept.
    const ok = await service.submit(m, c.id, input(n, { files: [], link: "https://example.org/урок", text: "Строка 1\nСтрока 2" }));
    expect(ok.link).toBe("https://example.org/%D1%83%D1%80%D0%BE%D0%BA");
    expect(ok.text).toBe("Строка 1\nСтрока 2");
  });

  it("refuses the unregistered", async () => {
    const c = await contest();
    await expectDomain(service.submit(await member({ registered: false }), c.id, input(c.nominations[0]!.id)), "errors-not-registered");
    await expectDomain(service.list(undefined, 0), "errors-not-registered");
  });

  it("takes one entry per member per nomination; a withdrawn one frees the nomination and keeps its number", async () => {
    const c = await contest();
    const [lesson, project] = c.nominations;
    const m = await member();
    const first = await service.submit(m, c.id, input(lesson!.id));
    await expectDomain(service.submit(m, c.id, input(lesson!.id, { files: [file()] })), "contests-entry-one-per-nomination");
    const second = await service.submit(m, c.id, input(project!.id));
    expect(second.number).toBe(2);
    const withdrawn = await service.withdraw(m, first.id);
    expect(withdrawn.status).toBe("WITHDRAWN");
    expect(withdrawn.number).toBe(1);
    const again = await service.submit(m, c.id, input(lesson!.id));
    expect(again.number).toBe(3);
    expect((await entriesOf(c.id)).map((e) => [e.number, e.status])).toEqual([
      [1, "WITHDRAWN"],
      [2, "SUBMITTED"],
      [3, "SUBMITTED"],
    ]);
    const card = await service.card(m, c.id);
    expect(card.available).toEqual([]);
    expect(card.mine.map((e) => e.number)).toEqual([1, 2, 3]);
  });

  it("flags a file identical to another author's entry or material, never the member's own", async () => {
    const c = await contest();
    const n = c.nominations[0]!.id;
    const [a, b, d] = [await member(), await member(), await member()];
    const shared = file();
    const original = await service.submit(a, c.id, input(n, { files: [shared] }));
    // The author's own file in another contest is not a duplicate.
    const other = await contest();
    const own = await service.submit(a, other.id, input(other.nominations[1]!.id, { files: [shared] }));
    expect(own.duplicateOf).toBeNull();
    // The same file again in another contest by someone else (another file_id, the same file_unique_id).
    const copy = await service.submit(b, other.id, input(other.nominations[0]!.id, { files: [file(), { ...shared, fileId: "another-file-id" }] }));
    expect(copy.duplicateOf).toBe(`entry:${original.id}`);

    const material = await prisma.material.create({
      data: {
        authorId: b.id,
        title: "Дроби",
        subjectCode: "math",
        gradeCodes: ["7"],
        type: "LESSON_PLAN",
        tags: [],
        kind: "DOCUMENT",
        fileId: "m-file",
        fileUniqueId: "m-uniq",
        createdAt: new Date(START.getTime() - DAY),
      },
    });
    const fromMaterial = await service.submit(d, c.id, input(n, { files: [file({ fileUniqueId: "m-uniq" })] }));
    expect(fromMaterial.duplicateOf).toBe(`material:${material.id}`);
    // The material's own author submitting it is fine; the entry is accepted either way.
    const byAuthor = await service.submit(b, c.id, input(n, { files: [file({ fileUniqueId: "m-uniq" })] }));
    expect(byAuthor.duplicateOf).toBeNull();
    expect(fromMaterial.status).toBe("SUBMITTED");
  });

  it("numbers 20 concurrent submissions 1..20 without gaps or repeats", async () => {
    const c = await contest();
    const people = await Promise.all(Array.from({ length: 20 }, () => member()));
    const entries = await Promise.all(people.map((m) => service.submit(m, c.id, input(c.nominations[0]!.id))));
    expect(entries.map((e) => e.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).lastEntryNumber).toBe(20);
  });

  it("lets one member's concurrent double submission into one nomination through once", async () => {
    const c = await contest();
    const m = await member();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => service.submit(m, c.id, input(c.nominations[0]!.id))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await entriesOf(c.id)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- editing and withdrawing

describe("editing and withdrawing", () => {
  it("lets the author change the title, description and work until the deadline; duplicates are checked again", async () => {
    const c = await contest();
    const [a, b] = [await member(), await member()];
    const theirs = await service.submit(b, c.id, input(c.nominations[1]!.id));
    const entry = await service.submit(a, c.id, input(c.nominations[0]!.id));
    const renamed = await service.edit(a, entry.id, { title: "  Дроби:  игра  " });
    expect(renamed.title).toBe("Дроби: игра");
    const described = await service.edit(a, entry.id, { description: "" });
    expect(described.description).toBe("");
    const rework = await service.edit(a, entry.id, { work: { files: [file(), { ...theirs.files[0]!, position: 2 }], link: null, text: null } });
    expect(rework.files).toHaveLength(2);
    expect(rework.duplicateOf).toBe(`entry:${theirs.id}`);
    expect(rework.number).toBe(entry.number);
    await expectDomain(service.edit(a, entry.id, { work: { files: [file(), file(), file(), file()], link: null, text: null } }), "contests-entry-files-many");
    expect(await prisma.contestEntryFile.count({ where: { entryId: entry.id } })).toBe(2);
  });

  it("refuses someone else's entry (as not found) and changes nothing", async () => {
    const c = await contest();
    const [a, b] = [await member(), await member()];
    const entry = await service.submit(a, c.id, input(c.nominations[0]!.id));
    await expectNotFound(service.edit(b, entry.id, { title: "Чужое название" }), "contests-entry-not-found");
    await expectNotFound(service.withdraw(b, entry.id), "contests-entry-not-found");
    await expectNotFound(service.entry(b, entry.id), "contests-entry-not-found");
    await expectNotFound(service.results(b, entry.id), "contests-entry-not-found");
    const row = await prisma.contestEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row.title).toBe("Дроби в 7 классе");
    expect(row.status).toBe("SUBMITTED");
  });

  it("after the deadline nothing changes: no edit, no withdrawal (status still OPEN or already JUDGING)", async () => {
    const c = await contest();
    const a = await member();
    const entry = await service.submit(a, c.id, input(c.nominations[0]!.id));
    now = new Date(c.submissionClosesAt.getTime() + 1);
    await expectDomain(service.edit(a, entry.id, { title: "Поздно" }), "contests-entry-frozen");
    await expectDomain(service.withdraw(a, entry.id), "contests-entry-frozen");
    await expectDomain(service.editForm(a, entry.id), "contests-entry-frozen");
    expect((await service.entry(a, entry.id)).editable).toBe(false);
    now = START;
    await prisma.contest.update({ where: { id: c.id }, data: { status: "JUDGING" } });
    await expectDomain(service.withdraw(a, entry.id), "contests-entry-frozen");
    const row = await prisma.contestEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect([row.title, row.status, row.withdrawnAt]).toEqual(["Дроби в 7 классе", "SUBMITTED", null]);
  });

  it("a withdrawn entry cannot be edited or withdrawn again", async () => {
    const c = await contest();
    const a = await member();
    const entry = await service.submit(a, c.id, input(c.nominations[0]!.id));
    await service.withdraw(a, entry.id);
    await expectDomain(service.edit(a, entry.id, { title: "Новое" }), "contests-entry-withdrawn");
    await expectDomain(service.withdraw(a, entry.id), "contests-entry-withdrawn");
  });
});

// ---------------------------------------------------------------- list, mine, results

describe("the list, my entries and results", () => {
  it("lists open contests first, then upcoming, then being judged, then recently published; never cancelled or old ones", async () => {
    const local = await createTestDatabase();
    try {
      const svc = new EntriesService(new EntriesRepository(local.prisma), new ContestsRepository(local.prisma), () => new Date(now.getTime()));
      const org = await local.prisma.member.create({ data: { telegramId: 1n, registeredAt: new Date(), consentStatus: "GIVEN" } });
      const viewer: MemberState = { id: org.id, telegramId: 1n, role: "MEMBER", locale: "ru", isActive: true, registered: true, username: null };
      const make = (title: string, data: Partial<Prisma.ContestUncheckedCreateInput>) =>
        local.prisma.contest.create({
          data: {
            organiserId: org.id,
            title,
            timezone: "Europe/Moscow",
            submissionOpensAt: new Date(START.getTime() - DAY),
            submissionClosesAt: new Date(START.getTime() + 7 * DAY),
            judgingClosesAt: new Date(START.getTime() + 14 * DAY),
            resultsAt: new Date(START.getTime() + 21 * DAY),
            formats: ["file"],
            status: "OPEN",
            ...data,
          },
        });
      await make("published-old", { status: "PUBLISHED", publishedAt: new Date(START.getTime() - (RECENT_DAYS + 1) * DAY) });
      await make("published-recent", { status: "PUBLISHED", publishedAt: new Date(START.getTime() - DAY) });
      await make("judging", { status: "JUDGING" });
      await make("cancelled", { status: "CANCELLED" });
      await make("scheduled", { status: "SCHEDULED", submissionOpensAt: new Date(START.getTime() + DAY) });
      await make("open-later", { submissionClosesAt: new Date(START.getTime() + 9 * DAY) });
      await make("open-soon", { submissionClosesAt: new Date(START.getTime() + 2 * DAY) });
      await make("confirming", { status: "CONFIRMING" });
      const first = await svc.list(viewer, 0);
      const second = await svc.list(viewer, 1);
      expect(first.total).toBe(6);
      expect(first.pages).toBe(1);
      expect([...first.items, ...second.items.filter((c) => !first.items.some((f) => f.id === c.id))].map((c) => c.title)).toEqual([
        "open-soon",
        "open-later",
        "scheduled",
        "judging",
        "confirming",
        "published-recent",
      ]);
      // A page past the end gives the last one.
      expect(second.page).toBe(0);
    } finally {
      await local.drop();
    }
  });

  it("shows scores only after publication; results list each review anonymously with comments", async () => {
    const c = await contest();
    const a = await member();
    const entry = await service.submit(a, c.id, input(c.nominations[0]!.id));
    const [method, authorship] = c.criteria;
    const jurors = [await member(), await member(), await member()];
    await prisma.contestReview.create({
      data: {
        contestId: c.id,
        entryId: entry.id,
        jurorId: jurors[0]!.id,
        status: "SUBMITTED",
        scores: { [method!.id]: 4, [authorship!.id]: 1 },
        total: 4,
        comment: "Хорошая структура",
      },
    });
    await prisma.contestReview.create({
      data: { contestId: c.id, entryId: entry.id, jurorId: jurors[1]!.id, status: "SUBMITTED", scores: { [method!.id]: 5, [authorship!.id]: 1 }, total: 5 },
    });
    await prisma.contestReview.create({ data: { contestId: c.id, entryId: entry.id, jurorId: jurors[2]!.id, status: "ASSIGNED", scores: {} } });
    await prisma.contestEntry.update({ where: { id: entry.id }, data: { score: 4.5, place: 1, award: "WINNER" } });
    await prisma.contest.update({ where: { id: c.id }, data: { status: "CONFIRMING" } });

    await expectDomain(service.results(a, entry.id), "contests-results-not-yet");
    const before = await service.mine(a);
    expect(before[0]!.entry.score).toBeNull();
    expect(before[0]!.entry.place).toBeNull();
    expect(before[0]!.published).toBe(false);

    await prisma.contest.update({ where: { id: c.id }, data: { status: "PUBLISHED", publishedAt: START } });
    const after = await service.mine(a);
    expect(after[0]!.entry.score).toBe(4.5);
    expect(after[0]!.entry.award).toBe("WINNER");
    const results = await service.results(a, entry.id);
    expect(results.reviews).toHaveLength(2);
    expect(results.reviews[0]!.scores).toEqual({ [method!.id]: 4, [authorship!.id]: 1 });
    expect(results.reviews[0]!.comment).toBe("Хорошая структура");
    expect(JSON.stringify(results.reviews)).not.toContain("jurorId");
    expect(results.entry.place).toBe(1);
  });
});
