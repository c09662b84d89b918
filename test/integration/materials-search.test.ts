// MaterialsSearch on the real PostgreSQL: Russian and English stemming, ranking,
// typo tolerance through the vocabulary trigger, filters, visibility, paging,
// hostile input, browsing, inline lists and the per-subject counts.

import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createContainer, type Container } from "../../src/container.js";
import { createPrisma } from "../../src/db/prisma.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { MaterialsSearch, normaliseSearchQuery, SEARCH_CANDIDATES, type MaterialFilters, type MaterialListItem } from "../../src/features/materials/materials.search.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { prng } from "../support/prng.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const DAY = 24 * 3600 * 1000;

type MaterialInput = Partial<Prisma.MaterialUncheckedCreateInput> & { title: string; daysAgo?: number };

/** Inserts materials (approved and published `daysAgo` days ago unless said otherwise); returns their ids. */
async function insert(db: TestDatabase, authorId: number, inputs: MaterialInput[]): Promise<number[]> {
  const ids: number[] = [];
  for (const { daysAgo = 1, ...input } of inputs) {
    const row = await db.prisma.material.create({
      data: {
        authorId,
        description: "",
        subjectCode: "math",
        gradeCodes: ["5"],
        type: "LESSON_PLAN",
        tags: [],
        kind: "DOCUMENT",
        fileId: `file-${input.title}`,
        status: "APPROVED",
        publishedAt: new Date(Date.now() - daysAgo * DAY),
        ...input,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

const titles = (items: MaterialListItem[]) => items.map((i) => i.title);

/** A MaterialsSearch over `database` (its own pool, closed after the file). */
const opened: MaterialsSearch[] = [];
function searchOver(database: TestDatabase, options: { fewMatches?: number } = {}): MaterialsSearch {
  const search = new MaterialsSearch({ databaseUrl: database.url, ...options });
  opened.push(search);
  return search;
}
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

describe("MaterialsSearch", () => {
  let db: TestDatabase;
  let search: MaterialsSearch;
  let authorId: number;
  const id: Record<string, number> = {};

  /** Searches like the bot does: normalised text, first page of 10 unless said. */
  const find = (text: string, filters: MaterialFilters = {}, limit = 10, offset = 0) => search.search(normaliseSearchQuery(text)!, filters, limit, offset);

  beforeAll(async () => {
    db = await createTestDatabase();
    search = searchOver(db);
    authorId = (await db.prisma.member.create({ data: { telegramId: 1001n }, select: { id: true } })).id;

    const materials: (MaterialInput & { key: string })[] = [
      { key: "fractions", title: "Сложение дробей", description: "Обыкновенные дроби с одинаковыми знаменателями.", daysAgo: 3 },
      { key: "presentation", title: "Презентация к уроку", description: "Слайды по теме «Деление с остатком».", type: "PRESENTATION", daysAgo: 5 },
      { key: "photosynthesis", title: "Фотосинтез", description: "Как растения получают энергию.", subjectCode: "biology", gradeCodes: ["6", "7"], daysAgo: 10 },
      {
        key: "lessonPlan",
        title: "Lesson plan: Past Simple",
        description: "Grammar practice with irregular verbs.",
        subjectCode: "english",
        gradeCodes: ["6"],
        daysAgo: 2,
      },
      { key: "olympiad", title: "Задачи повышенной трудности", tags: ["олимпиада", "логика"], gradeCodes: ["6"], type: "WORKSHEET", daysAgo: 40 },
      { key: "electrolysisTitle", title: "Электролиз растворов", subjectCode: "chemistry", gradeCodes: ["9"], daysAgo: 400 },
      {
        key: "electrolysisText",
        title: "Химические реакции",
        description: "Разбираем электролиз и гидролиз солей.",
        subjectCode: "chemistry",
        gradeCodes: ["9"],
        daysAgo: 1,
      },
      {
        key: "oldFractions",
        title: "Умножение дробей",
        subjectCode: "math",
        gradeCodes: ["6"],
        type: "TEST",
        daysAgo: 800,
        downloadCount: 50,
        ratingSum: 8,
        ratingCount: 2,
      },
      { key: "popularA", title: "Таблица умножения", subjectCode: "primary", gradeCodes: ["2"], daysAgo: 20, downloadCount: 50, ratingSum: 10, ratingCount: 2 },
      { key: "popularB", title: "Состав числа", subjectCode: "primary", gradeCodes: ["1"], daysAgo: 30, downloadCount: 90 },
      // Never visible, whatever they match.
      { key: "pending", title: "Фотосинтез: черновик", subjectCode: "biology", status: "PENDING", publishedAt: null },
      { key: "rejected", title: "Фотосинтез отклонённый", subjectCode: "biology", status: "REJECTED", publishedAt: null },
      { key: "changes", title: "Фотосинтез на доработке", subjectCode: "biology", status: "CHANGES_REQUESTED", publishedAt: null },
      { key: "withdrawn", title: "Фотосинтез отозванный", subjectCode: "biology", status: "WITHDRAWN" },
      { key: "unpublished", title: "Фотосинтез снятый", subjectCode: "biology", status: "UNPUBLISHED" },
      { key: "hidden", title: "Фотосинтез скрытый", subjectCode: "biology", hiddenAt: new Date() },
      { key: "deleted", title: "Фотосинтез удалённый", subjectCode: "biology", deletedAt: new Date() },
      { key: "pendingOnlyWord", title: "Квазиэлектроника", subjectCode: "physics", status: "PENDING", publishedAt: null },
    ];
    const ids = await insert(
      db,
      authorId,
      materials.map(({ key: _key, ...m }) => m),
    );
    materials.forEach((m, i) => (id[m.key] = ids[i]!));
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe("full-text search", () => {
    it("understands Russian morphology: «дроби» finds «Сложение дробей»", async () => {
      const page = await find("дроби");

      expect(page.mode).toBe("fulltext");
      expect(titles(page.items)).toContain("Сложение дробей");
    });

    it("«презентации» finds «Презентация к уроку»", async () => {
      expect(titles((await find("презентации")).items)).toEqual(["Презентация к уроку"]);
    });

    it("stems English words: «lessons» finds “Lesson plan”", async () => {
      const page = await find("lessons");

      expect(titles(page.items)).toEqual(["Lesson plan: Past Simple"]);
      expect(titles((await find("irregular verb")).items)).toEqual(["Lesson plan: Past Simple"]); // description
    });

    it("searches tags and descriptions too", async () => {
      expect(titles((await find("олимпиадные")).items)).toEqual(["Задачи повышенной трудности"]);
      expect(titles((await find("знаменатель")).items)).toEqual(["Сложение дробей"]);
    });

    it("ranks a title match above a newer description match", async () => {
      const page = await find("электролиз");

      expect(titles(page.items)).toEqual(["Электролиз растворов", "Химические реакции"]);
      expect(page.items[0]!.publishedAt.getTime()).toBeLessThan(page.items[1]!.publishedAt.getTime());
    });

    it("needs every word (AND), older matches included", async () => {
      expect(titles((await find("сложение дробей")).items)).toEqual(["Сложение дробей"]);
      expect(titles((await find("умножения дробей")).items)).toEqual(["Умножение дробей"]); // 800 days old
    });

    it("returns the list fields of a material", async () => {
      const [item] = (await find("фотосинтез")).items;

      expect(item).toEqual({
        id: id.photosynthesis,
        title: "Фотосинтез",
        type: "LESSON_PLAN",
        kind: "DOCUMENT",
        subjectCode: "biology",
        gradeCodes: ["6", "7"],
        authorId,
        publishedAt: expect.any(Date),
        downloadCount: 0,
        ratingSum: 0,
        ratingCount: 0,
        commentCount: 0,
        fileId: "file-Фотосинтез",
        fileName: null,
        mimeType: null,
        url: null,
        description: "Как растения получают энергию.",
      });
    });

    it("shows only approved materials that are neither hidden nor deleted", async () => {
      const page = await find("фотосинтез");

      expect(page.items.map((i) => i.id)).toEqual([id.photosynthesis]);
      expect(page.hasMore).toBe(false);
    });

    it("filters by subject, grade and type", async () => {
      expect(titles((await find("дробей", { subjectCode: "math" })).items)).toEqual(["Сложение дробей", "Умножение дробей"]);
      expect(titles((await find("дробей", { subjectCode: "math", gradeCode: "6" })).items)).toEqual(["Умножение дробей"]);
      expect(titles((await find("дробей", { type: "TEST" })).items)).toEqual(["Умножение дробей"]);
      expect((await find("дробей", { subjectCode: "biology" })).items).toEqual([]);
      expect(titles((await find("фотосинтез", { subjectCode: "biology", gradeCode: "7", type: "LESSON_PLAN" })).items)).toEqual(["Фотосинтез"]);
    });

    it("understands websearch syntax: quotes, minus, or", async () => {
      expect(titles((await find('"сложение дробей"')).items)).toEqual(["Сложение дробей"]);
      expect(titles((await find("дробей -умножение")).items)).toEqual(["Сложение дробей"]);
      expect(titles((await find("фотосинтез or электролиз")).items).sort()).toEqual(["Фотосинтез", "Химические реакции", "Электролиз растворов"].sort());
    });

    it.each([
      "' OR 1=1 --",
      "<b>дроби</b>",
      "дроби & умножение",
      '"unclosed',
      "фотосинтез:*",
      "(дроби",
      "a | !b",
      "'; DROP TABLE materials; --",
      "дроби \\ \\'",
      "и в на",
      "50% скидка",
      "x".repeat(200),
    ])("never fails on hostile input %j", async (raw) => {
      const query = normaliseSearchQuery(raw);
      expect(query).toBeDefined();

      const page = await search.search(query!, {}, 10, 0);

      expect(Array.isArray(page.items)).toBe(true);
    });

    it("never fails on a 2,000-character query", async () => {
      const query = normaliseSearchQuery("дроби ".repeat(400))!;

      expect(titles((await search.search(query, {}, 10, 0)).items)).toContain("Сложение дробей");
    });

    // fewMatches 0: every query goes through the time slices, as a frequent word does in a big library;
    // by default a small table's words are rare, and each query reads its matches at once.
    it.each([
      ["all matches at once", {}],
      ["time slices", { fewMatches: 0 }],
    ])("pages with hasMore, newest first among equal ranks, across months and years (%s)", async (_plan, options) => {
      const local = await createTestDatabase();
      try {
        const author = (await local.prisma.member.create({ data: { telegramId: 2002n }, select: { id: true } })).id;
        // 25 identical titles published from 1 to 721 days ago: every publication-time slice has some.
        await insert(
          local,
          author,
          Array.from({ length: 25 }, (_, i) => ({ title: `Геометрия ${i}`, daysAgo: 1 + i * 30 })),
        );
        const s = searchOver(local, options);

        const pages = [await s.search("геометрия", {}, 10, 0), await s.search("геометрия", {}, 10, 10), await s.search("геометрия", {}, 10, 20)];

        expect(pages.map((p) => [p.items.length, p.hasMore])).toEqual([
          [10, true],
          [10, true],
          [5, false],
        ]);
        const all = pages.flatMap((p) => p.items);
        expect(titles(all)).toEqual(Array.from({ length: 25 }, (_, i) => `Геометрия ${i}`));
        expect(new Set(all.map((i) => i.id)).size).toBe(25);
        // The page after the last one is empty and still full-text (it does not fall back to fuzzy).
        expect(await s.search("геометрия", {}, 10, 30)).toEqual({ items: [], hasMore: false, mode: "fulltext" });
      } finally {
        await local.drop();
      }
    });

    it.each([
      ["all matches at once", {}],
      ["time slices", { fewMatches: 0 }],
    ])(`ranks at most the ${SEARCH_CANDIDATES} newest matches (%s)`, async (_plan, options) => {
      const local = await createTestDatabase();
      try {
        const author = (await local.prisma.member.create({ data: { telegramId: 3003n }, select: { id: true } })).id;
        await local.prisma.material.createMany({
          data: Array.from({ length: SEARCH_CANDIDATES + 5 }, (_, i) => ({
            authorId: author,
            title: `Тригонометрия ${i}`,
            subjectCode: "algebra",
            gradeCodes: ["10"],
            type: "TEST" as const,
            tags: [],
            kind: "DOCUMENT" as const,
            status: "APPROVED" as const,
            publishedAt: new Date(Date.now() - (i + 1) * DAY),
          })),
        });
        const s = searchOver(local, options);

        const page = await s.search("тригонометрия", {}, 100, 0);

        expect(page.items).toHaveLength(SEARCH_CANDIDATES);
        expect(page.hasMore).toBe(false);
        expect(titles(page.items)).not.toContain(`Тригонометрия ${SEARCH_CANDIDATES}`); // the five oldest are left out
      } finally {
        await local.drop();
      }
    });

    it("finds the same whichever plan the statistics choose (frequent words walk the index)", async () => {
      const local = await createTestDatabase();
      try {
        const author = (await local.prisma.member.create({ data: { telegramId: 4004n }, select: { id: true } })).id;
        await insert(
          local,
          author,
          Array.from({ length: 60 }, (_, i) => ({
            title: i % 4 === 0 ? `Урок ${i}: классный час` : `Урок ${i}`,
            subjectCode: i % 2 ? "history" : "math",
            daysAgo: 1 + i * 13,
          })),
        );
        const queries: [string, MaterialFilters][] = [
          ["уроки", {}],
          ["уроки", { subjectCode: "history" }],
          ["классный час", {}],
          ["урок классный час", { subjectCode: "math" }],
        ];
        const before = await Promise.all(queries.map(([q, f]) => searchOver(local).search(q, f, 100, 0)));

        await local.prisma.$executeRawUnsafe("ANALYZE materials");
        const frequent = await local.prisma.$queryRaw<{ share: number }[]>`
          SELECT e.share::float8 AS share
            FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share)
           WHERE s.tablename = 'materials' AND s.attname = 'search_vector' AND e.lexeme = 'урок'`;
        expect(frequent[0]?.share).toBeGreaterThan(0.9); // the statistics now say «урок» is everywhere
        const after = await Promise.all(queries.map(([q, f]) => searchOver(local).search(q, f, 100, 0)));
        const sliced = await Promise.all(queries.map(([q, f]) => searchOver(local, { fewMatches: 0 }).search(q, f, 100, 0)));

        expect(after).toEqual(before);
        expect(sliced).toEqual(before);
        expect(before.map((p) => p.items.length)).toEqual([60, 30, 15, 15]);
      } finally {
        await local.drop();
      }
    });
  });

  describe("typo tolerance", () => {
    it("finds «Фотосинтез» for «фотосинтес», in fuzzy mode, saying what it searched", async () => {
      const page = await find("фотосинтес");

      expect(page.mode).toBe("fuzzy");
      expect(page.correctedQuery).toBe("фотосинтез");
      expect(titles(page.items)).toEqual(["Фотосинтез"]);
    });

    it("corrects each word of a query and keeps the filters", async () => {
      expect(titles((await find("слажение дробей")).items)).toEqual(["Сложение дробей"]);
      expect(titles((await find("презинтация", { type: "PRESENTATION" })).items)).toEqual(["Презентация к уроку"]);
      expect((await find("фотосинтес", { subjectCode: "math" })).items).toEqual([]);
    });

    it("pages through fuzzy results like full-text ones", async () => {
      const page = await find("фотосинтес", {}, 10, 10);

      expect(page).toEqual({ items: [], hasMore: false, mode: "fuzzy", correctedQuery: "фотосинтез" });
    });

    it("corrects nothing into words only unpublished materials use", async () => {
      // «Квазиэлектроника» is only in a pending material: not in the vocabulary, not found.
      expect(await find("квазиэлектроника")).toEqual({ items: [], hasMore: false, mode: "fuzzy" });
      expect(await find("квазиэлектронека")).toEqual({ items: [], hasMore: false, mode: "fuzzy" });
    });

    it("answers a search that matches nothing with an empty fuzzy page", async () => {
      expect(await find("ъъъъъъ")).toEqual({ items: [], hasMore: false, mode: "fuzzy" });
      expect(await find("и в на")).toEqual({ items: [], hasMore: false, mode: "fuzzy" }); // stop words only
    });

    it("learns the words of a material when it is approved", async () => {
      const [materialId] = await insert(db, authorId, [{ title: "Голосеменные растения", subjectCode: "biology", status: "PENDING", publishedAt: null }]);
      expect((await find("голосименные")).items).toEqual([]);

      await db.prisma.material.update({ where: { id: materialId }, data: { status: "APPROVED", publishedAt: new Date() } });

      expect(titles((await find("голосименные")).items)).toEqual(["Голосеменные растения"]);
      await db.prisma.material.update({ where: { id: materialId }, data: { deletedAt: new Date() } });
    });
  });

  describe("browse", () => {
    it("lists visible materials newest first, with filters", async () => {
      const page = await search.browse({}, "newest", 3, 0);

      expect(titles(page.items)).toEqual(["Химические реакции", "Lesson plan: Past Simple", "Сложение дробей"]);
      expect(page.hasMore).toBe(true);
      expect(titles((await search.browse({ subjectCode: "math" }, "newest", 10, 0)).items)).toEqual([
        "Сложение дробей",
        "Презентация к уроку",
        "Задачи повышенной трудности",
        "Умножение дробей",
      ]);
      expect(titles((await search.browse({ subjectCode: "math", gradeCode: "6" }, "newest", 10, 0)).items)).toEqual(["Задачи повышенной трудности", "Умножение дробей"]);
      expect(titles((await search.browse({ subjectCode: "math", gradeCode: "6", type: "TEST" }, "newest", 10, 0)).items)).toEqual(["Умножение дробей"]);
    });

    it("lists the most downloaded first, then the better rated, then the newest", async () => {
      const page = await search.browse({}, "popular", 4, 0);

      // 90 downloads; 50 with 5.0 stars; 50 with 4.0 stars; then 0 downloads, newest first.
      expect(titles(page.items)).toEqual(["Состав числа", "Таблица умножения", "Умножение дробей", "Химические реакции"]);
      expect(titles((await search.browse({ subjectCode: "primary", gradeCode: "2" }, "popular", 10, 0)).items)).toEqual(["Таблица умножения"]);
    });

    it("pages without overlap and never shows invisible materials", async () => {
      const all: MaterialListItem[] = [];
      for (let offset = 0; ; offset += 4) {
        const page = await search.browse({}, "newest", 4, offset);
        all.push(...page.items);
        if (!page.hasMore) break;
      }

      expect(all.map((i) => i.id).sort((a, b) => a - b)).toEqual(
        ["fractions", "presentation", "photosynthesis", "lessonPlan", "olympiad", "electrolysisTitle", "electrolysisText", "oldFractions", "popularA", "popularB"]
          .map((k) => id[k]!)
          .sort((a, b) => a - b),
      );
    });

    it("rejects a page size or offset outside the limits", async () => {
      await expect(search.browse({}, "newest", 0, 0)).rejects.toThrow(RangeError);
      await expect(search.browse({}, "newest", 101, 0)).rejects.toThrow(RangeError);
      await expect(search.search("дроби", {}, 10, -1)).rejects.toThrow(RangeError);
    });
  });

  describe("newestForSubjects (inline mode without a query)", () => {
    it("lists the newest materials of the given subjects, or of all when none is given", async () => {
      const chosen = await search.newestForSubjects(["chemistry", "biology"], 10, 0);
      expect(titles(chosen.items)).toEqual(["Химические реакции", "Фотосинтез", "Электролиз растворов"]);
      expect(chosen.hasMore).toBe(false);

      const all = await search.newestForSubjects([], 2, 0);
      expect(titles(all.items)).toEqual(["Химические реакции", "Lesson plan: Past Simple"]);
      expect(all.hasMore).toBe(true);
      expect(titles((await search.newestForSubjects([], 2, 2)).items)).toEqual(["Сложение дробей", "Презентация к уроку"]);
    });
  });
});

// The per-subject counts of the library menu («Математика (12)»), kept in
// material_subject_counts by statement triggers on materials.
describe("countsBySubject", () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";
  let db: TestDatabase;
  let authorId: number;
  let nextTelegramId = 7_300_000_000n;

  const VISIBLE_SQL = `status = 'APPROVED' AND hidden_at IS NULL AND deleted_at IS NULL AND published_at IS NOT NULL`;

  /** What the counts must be: counted from the materials themselves. */
  async function recount(): Promise<Record<string, number>> {
    const rows = await db.prisma.$queryRawUnsafe<{ subject: string; n: number }[]>(
      `SELECT subject_code AS subject, count(*)::int AS n FROM materials WHERE ${VISIBLE_SQL} GROUP BY subject_code`,
    );
    return Object.fromEntries(rows.map((r) => [r.subject, r.n]));
  }

  async function member(role: MemberState["role"] = "MEMBER"): Promise<MemberState> {
    const telegramId = nextTelegramId++;
    const row = await db.prisma.member.create({
      data: { telegramId, role, registeredAt: new Date(), consentStatus: "GIVEN" },
      select: { id: true },
    });
    return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered: true, username: null };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    authorId = (await member()).id;
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("Regression (issue 9, item 8): a material hidden by reports or unpublished in one process leaves the counts of another at once", async () => {
    // Before: each process cached the counts for a minute and only the process that made a change
    // dropped its cache, so another process kept showing «Физика (1)» that led to an empty list.
    // Two containers with their own pools stand for two processes of the bot.
    const prefix = createTestRedisPrefix();
    const config = createConfig({
      BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      TELEGRAM_API_ROOT: "http://127.0.0.1:9", // never called: no job runs here
    });
    const reader: Container = createContainer(config, { logger: pino({ level: "silent" }) });
    const writer: Container = createContainer(config, { logger: pino({ level: "silent" }) });
    try {
      const [geometryA, geometryB, astronomy] = await insert(db, authorId, [
        { title: "Признаки равенства треугольников", subjectCode: "geometry" },
        { title: "Теорема Пифагора", subjectCode: "geometry" },
        { title: "Законы Кеплера", subjectCode: "astronomy" },
      ]);
      const pending = await writer.services.materials.create(
        await member(),
        { title: "Звёздное небо", description: "", subjectCode: "astronomy", gradeCodes: ["10"], type: "PRESENTATION", tags: [] },
        { kind: "DOCUMENT", fileId: "f-sky", fileUniqueId: "u-sky", fileName: "sky.pdf", mimeType: "application/pdf", fileSize: 1000 },
      );
      const counts = async () => {
        const all = Object.fromEntries(await reader.services.search.countsBySubject());
        return { geometry: all.geometry, astronomy: all.astronomy };
      };
      expect(await counts()).toEqual({ geometry: 2, astronomy: 1 }); // the reader has seen the counts (and would cache them)

      // Three members report a geometry material: the writer's service hides it.
      const reporters = await Promise.all([member(), member(), member()]);
      for (const r of reporters) await writer.services.materials.report(r, geometryA!, null, "не по теме");
      expect((await db.prisma.material.findUniqueOrThrow({ where: { id: geometryA! } })).hiddenAt).not.toBeNull();
      expect(await counts()).toEqual({ geometry: 1, astronomy: 1 });

      // A moderator unpublishes the only astronomy material: the subject leaves the menu.
      const moderator = await member("MODERATOR");
      await writer.services.materials.unpublish(moderator, astronomy!, "устарело");
      expect(await counts()).toEqual({ geometry: 1, astronomy: undefined });

      // Reports dismissed (the material shows again), another one deleted, a pending one approved.
      await writer.services.materials.dismissReports(moderator, geometryA!, null);
      expect(await counts()).toEqual({ geometry: 2, astronomy: undefined });
      await writer.services.materials.remove(moderator, geometryB!);
      expect(await counts()).toEqual({ geometry: 1, astronomy: undefined });
      expect(await counts()).toEqual({ geometry: 1, astronomy: undefined }); // the pending one is not counted
      await writer.services.materials.decide(moderator, pending, "approve");
      expect(await counts()).toEqual({ geometry: 1, astronomy: 1 });

      expect(Object.fromEntries(await reader.services.search.countsBySubject())).toEqual(await recount());
    } finally {
      await Promise.all([reader.close(), writer.close()]);
      const redis = new Redis(REDIS_URL);
      try {
        await cleanRedisPrefix(redis, prefix);
      } finally {
        redis.disconnect();
      }
    }
  });

  it("stays exact under any statement: multi-row inserts, updates, subject moves, deletes, truncate", async () => {
    const search = searchOver(db);
    const rng = prng(9);
    const subjects = ["math", "physics", "biology", "history"];
    const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)]!;
    const randomSet = () => {
      const fields = [
        `status = '${pick(["APPROVED", "APPROVED", "PENDING", "UNPUBLISHED", "WITHDRAWN"])}'`,
        `hidden_at = ${pick(["NULL", "NULL", "now()"])}`,
        `deleted_at = ${pick(["NULL", "NULL", "NULL", "now()"])}`,
        `published_at = ${pick(["now()", "now()", "NULL"])}`,
        `subject_code = '${pick(subjects)}'`,
        "view_count = view_count + 1",
      ];
      return fields.filter(() => rng() < 0.5).join(", ") || "download_count = download_count + 1";
    };
    for (let step = 0; step < 60; step++) {
      const op = rng();
      if (op < 0.3) {
        const n = 1 + Math.floor(rng() * 20);
        await db.prisma.$executeRawUnsafe(
          `INSERT INTO materials (author_id, title, subject_code, type, kind, status, published_at, hidden_at, updated_at)
           SELECT $1, 'Материал ' || i, (ARRAY['math','physics','biology','history'])[1 + (i * $2) % 4], 'TEST', 'LINK',
                  (ARRAY['APPROVED','APPROVED','PENDING']::"MaterialStatus"[])[1 + i % 3],
                  CASE WHEN i % 3 = 2 THEN NULL ELSE now() END, CASE WHEN i % 7 = 0 THEN now() END, now()
             FROM generate_series(1, $3) AS i`,
          authorId,
          step,
          n,
        );
      } else if (op < 0.85) {
        // One statement over a random share of the rows, in one transaction with another one.
        await db.prisma.$transaction([
          db.prisma.$executeRawUnsafe(`UPDATE materials SET ${randomSet()} WHERE id % 5 = ${Math.floor(rng() * 5)}`),
          db.prisma.$executeRawUnsafe(`UPDATE materials SET ${randomSet()} WHERE id % 3 = ${Math.floor(rng() * 3)}`),
        ]);
      } else if (op < 0.97) {
        await db.prisma.$executeRawUnsafe(`DELETE FROM materials WHERE id % 11 = ${Math.floor(rng() * 11)}`);
      } else {
        await db.prisma.$executeRawUnsafe(`TRUNCATE materials CASCADE`);
      }
      expect(Object.fromEntries(await search.countsBySubject()), `after step ${step}`).toEqual(await recount());
    }
    // A rolled-back change leaves no trace.
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE materials SET hidden_at = now()`);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(Object.fromEntries(await search.countsBySubject())).toEqual(await recount());

    // The deltas are folded as they come (one trigger run in eight): 200 changes leave far fewer rows.
    const [one] = await db.prisma.material.findMany({ where: { status: "APPROVED" }, select: { id: true }, take: 1 });
    for (let k = 0; k < 200; k++) await db.prisma.material.update({ where: { id: one!.id }, data: { hiddenAt: k % 2 ? null : new Date() } });
    expect(await db.prisma.materialSubjectCount.count()).toBeLessThan(100);
    expect(Object.fromEntries(await search.countsBySubject())).toEqual(await recount());
  });

  it("stays exact when many transactions change materials of the same subjects at once (and none deadlocks)", async () => {
    const search = searchOver(db);
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO materials (author_id, title, subject_code, type, kind, status, published_at, updated_at)
       SELECT $1, 'Параллельный ' || i, (ARRAY['math','physics','biology','history'])[1 + i % 4], 'TEST', 'LINK', 'APPROVED', now(), now()
         FROM generate_series(1, 200) AS i`,
      authorId,
    );
    const ids = (await db.prisma.material.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    const rng = prng(17);
    // Each transaction hides or shows a few materials of several subjects, in random order, on its own connection.
    const clients = Array.from({ length: 4 }, () => createPrisma(db.url, { max: 2 }));
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, k) => {
          // In id order, so that the materials rows themselves are locked in one order.
          const chosen = [...new Set(Array.from({ length: 6 }, () => ids[Math.floor(rng() * ids.length)]!))].sort((x, y) => x - y);
          const hide = rng() < 0.6;
          return clients[k % clients.length]!.$transaction(async (tx) => {
            for (const id of chosen) await tx.$executeRaw`UPDATE materials SET hidden_at = ${hide ? new Date() : null} WHERE id = ${id}`;
          });
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    expect(Object.fromEntries(await search.countsBySubject())).toEqual(await recount());
  });
});
