// The contest results protocol (contests.protocol-pdf.ts), checked on real rendered
// files with poppler (pdftotext, pdffonts, pdfinfo) and the QR code decoded back
// with jsQR: the texts, the tables and their repeated headers, hostile titles and
// erased authors, page numbers, deterministic bytes, and 2,000 entries.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import type { DocumentView } from "../../src/features/certificates/certificates.types.js";
import { protocolRenderer, renderProtocolPdf, type ProtocolEntry, type ProtocolPdfInput } from "../../src/features/contests/contests.protocol-pdf.js";

const jsQR = jsQRModule.default;
const dir = mkdtempSync(path.join(tmpdir(), "contests-protocol-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const translator = createTranslator({ defaultLocale: "ru" });
const ru = translator.forLocale("ru");
const en = translator.forLocale("en");

let counter = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `protocol-${++counter}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const textOf = (file: string) => run("pdftotext", [file, "-"]).replace(/\s+/g, " ");
/** The text of each page, whitespace collapsed. */
const pageTexts = (file: string) =>
  run("pdftotext", [file, "-"])
    .split("\f")
    .slice(0, -1)
    .map((p) => p.replace(/\s+/g, " "));
const pagesOf = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run("pdfinfo", [file]))?.[1]);

const CRITERIA = [
  "Соответствие стандартам и номинации",
  "Актуальность и новизна",
  "Методическое качество",
  "Практическая значимость",
  "Использование цифровых инструментов",
  "Оформление и грамотность",
].map((title, i) => ({ title, maxPoints: 5, weight: i === 2 ? 2 : 1, passFail: false, tieBreak: i === 2 }));

function entries(prefix: number, count: number, override: (i: number) => Partial<ProtocolEntry> = () => ({})): ProtocolEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `К-${String(prefix + i + 1).padStart(3, "0")}`,
    author: `Автор Номер${prefix + i + 1}`,
    title: `Работа номер ${prefix + i + 1}`,
    means: [4.333, 3.667, 5, 4, 2.5, 3],
    score: 30 - i * 0.01,
    place: i < 3 ? i + 1 : null,
    decision: i === 0 ? "WINNER" : i < 3 ? "PRIZE_WINNER" : "PARTICIPANT",
    ...override(i),
  }));
}

function input(overrides: Partial<ProtocolPdfInput> = {}): ProtocolPdfInput {
  return {
    number: "ПР-2026-000003",
    code: "ABCD2345EF",
    verifyUrl: "https://edu.example.org/v/ABCD2345EF",
    communityName: "Учительская сеть",
    contestTitle: "Лучший урок весны",
    timezone: "Asia/Novosibirsk",
    submissionOpensAt: new Date("2026-03-01T03:00:00Z"),
    submissionClosesAt: new Date("2026-03-20T16:59:00Z"),
    judgingClosesAt: new Date("2026-04-01T16:59:00Z"),
    confirmedAt: new Date("2026-04-01T20:30:00Z"),
    issuedAt: new Date("2026-04-05T06:00:00Z"),
    jury: [
      { name: "Смирнова Анна Викторовна", chair: true },
      { name: "Петров Алексей Сергеевич", chair: false },
      { name: null, chair: false },
    ],
    counts: { received: 13, withdrawn: 2, admitted: 11, disqualified: 1, removed: 1 },
    removals: [{ code: "К-106", reason: "Повторяет работу К-101 <того же автора> & прошлого года" }],
    outliers: 4,
    criteria: [...CRITERIA, { title: "Авторство подтверждено", maxPoints: 0, weight: 1, passFail: true, tieBreak: false }],
    nominations: [
      {
        title: "Начальная школа",
        entries: entries(0, 6, (i) =>
          i === 4
            ? { decision: "DISQUALIFIED", score: null, place: null, means: [null, null, null, null, null, null] }
            : i === 5
              ? { decision: "NO_REVIEWS", score: null, place: null, means: [null, null, null, null, null, null] }
              : {},
        ),
      },
      {
        title: "Основная школа",
        entries: entries(100, 6, (i) => (i === 5 ? { decision: "REMOVED", score: null, place: null, means: [null, null, null, null, null, null] } : {})),
      },
    ],
    audience: {
      flagged: 1,
      nominations: [
        { nomination: "Начальная школа", votes: 120, winners: [{ code: "К-002", author: "Автор Номер2", title: "Работа номер 2", votes: 54 }] },
        { nomination: "Основная школа", votes: 0, winners: [] },
      ],
    },
    chairName: "Смирнова Анна Викторовна",
    ...overrides,
  };
}

describe("renderProtocolPdf", () => {
  it("prints the title, number, code, dates in the contest's zone, jury, counts, rubric, tables, audience prize and confirmation; PT fonts only", async () => {
    const pdf = await renderProtocolPdf(input(), ru);
    const file = save(pdf);
    const text = textOf(file);
    for (const piece of [
      "Сетевое педагогическое сообщество «Учительская сеть»",
      "Протокол подведения итогов конкурса «Лучший урок весны»",
      "№ ПР-2026-000003 от 05.04.2026",
      "Код проверки: ABCD2345EF",
      "edu.example.org/v/ABCD2345EF",
      "Asia/Novosibirsk (UTC+7)",
      // 03:00Z is 10:00 in Novosibirsk; 16:59Z is 23:59.
      "Приём работ: 01.03.2026 10:00 — 20.03.2026 23:59",
      "Работа жюри: 20.03.2026 23:59 — 01.04.2026 23:59",
      "Итоги утверждены: 02.04.2026 03:30",
      "1. Смирнова Анна Викторовна — председатель жюри",
      "2. Петров Алексей Сергеевич",
      "3. член жюри удалил свои данные",
      "Поступило работ: 13",
      "Отозвано авторами до окончания приёма: 2",
      "Допущено к оценке: 11",
      "Дисквалифицировано (не подтверждено авторство): 1",
      "Снято с конкурса решением организаторов: 1",
      "К-106 — Повторяет работу К-101 <того же автора> & прошлого года",
      "К-106 Автор Номер106 «Работа номер 106» — — — — — — — — снята организаторами",
      "более чем на 30 %, передано председателю: 4",
      "Методическое качество (решает при равенстве баллов)",
      "зачёт / незачёт",
      "незачёт дисквалифицирует работу",
      "Номинация «Начальная школа»",
      "Номинация «Основная школа»",
      "К-001 Автор Номер1 «Работа номер 1» 4,3 3,7 5,0 4,0 2,5 3,0 30,00 1 победитель",
      "К-002 Автор Номер2 «Работа номер 2» 4,3 3,7 5,0 4,0 2,5 3,0 29,99 2 призёр",
      "К-004 Автор Номер4 «Работа номер 4» 4,3 3,7 5,0 4,0 2,5 3,0 29,97 — участник",
      "К-005 Автор Номер5 «Работа номер 5» — — — — — — — — дисквалифицирована",
      "К-006 Автор Номер6 «Работа номер 6» — — — — — — — — нет оценок",
      "Приз зрительских симпатий",
      "Голосов в номинации: 120",
      "К-002 · Автор Номер2 · «Работа номер 2» — 54 голоса",
      "Голосов не подано, приз не присуждён.",
      "Итоги конкурса утверждены председателем жюри 02.04.2026. Председатель жюри: Смирнова Анна Викторовна.",
      "Протокол № ПР-2026-000003 · код проверки ABCD2345EF",
      "стр. 1 из",
    ])
      expect(text).toContain(piece);
    // The jury's columns are the scored criteria only: К7 (pass/fail) has none in the table.
    expect(text).toMatch(/Код Автор, работа К1 К2 К3 К4 К5 К6 Итог Место .*Решение/);
    expect(text).not.toMatch(/К6 К7 Итог/);
    for (const line of run("pdffonts", [file])
      .split("\n")
      .slice(2)
      .filter((l) => l.trim())) {
      expect(line).toMatch(/^[A-Z]{6}\+PT(Serif|Sans)/);
      expect(line).toMatch(/ yes yes yes /);
    }
    expect(pdf.toString("latin1")).not.toMatch(/Helvetica/);
  });

  it("carries the verification link in a QR code", async () => {
    const file = save(await renderProtocolPdf(input(), ru));
    const prefix = path.join(dir, `qr-${++counter}`);
    execFileSync("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", file, prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
    expect(decoded).toBe("https://edu.example.org/v/ABCD2345EF");
  });

  it("omits the audience section when no vote was held, and names an erased chair by role only", async () => {
    const text = textOf(save(await renderProtocolPdf(input({ audience: undefined, chairName: null }), ru)));
    expect(text).not.toContain("Приз зрительских симпатий");
    expect(text).toContain("Итоги конкурса утверждены председателем жюри 02.04.2026.");
  });

  it("300 entries: the header repeats on every page of the table, page numbers «стр. N из M», nothing lost", async () => {
    const many = input({ nominations: [{ title: "Начальная школа", entries: entries(0, 300) }] });
    const file = save(await renderProtocolPdf(many, ru));
    const pages = pagesOf(file);
    // About 35 rows a page after the first two pages.
    expect(pages).toBeGreaterThanOrEqual(9);
    expect(pages).toBeLessThanOrEqual(13);
    const texts = pageTexts(file);
    expect(texts).toHaveLength(pages);
    texts.forEach((p, i) => expect(p).toContain(`стр. ${i + 1} из ${pages}`));
    const tablePages = texts.filter((p) => /К-\d{3}/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(8);
    // (pdftotext may read the last header cell after the footer: its order is poppler's, not the page's.)
    for (const p of tablePages) expect(p).toMatch(/Код Автор, работа К1 К2 К3 К4 К5 К6 Итог Место .*Решение/);
    expect(texts.slice(1).some((p) => p.includes("Номинация «Начальная школа» (продолжение)"))).toBe(true);
    const all = texts.join(" ");
    for (let i = 1; i <= 300; i++) expect(all).toContain(`К-${String(i).padStart(3, "0")} Автор Номер${i} «Работа номер ${i}»`);
  });

  it("keeps hostile titles and names inside their cells: tags and ampersands as typed, 500 characters cut, emoji dropped, erased authors named", async () => {
    const long = "Очень длинное название методической разработки ".repeat(11).slice(0, 500);
    const hostile = input({
      contestTitle: `<b>Конкурс</b> & "кавычки" 🎉 ${"долгий ".repeat(80)}`,
      nominations: [
        {
          title: `Номинация & <i>курсив</i> ${"н".repeat(400)}`,
          entries: entries(0, 5, (i) =>
            i === 0
              ? { title: `<b>Урок</b> & "дроби" 🎉` }
              : i === 1
                ? { title: long }
                : i === 2
                  ? { author: null }
                  : i === 3
                    ? { author: "Констанция-Аполлинария ".repeat(20) }
                    : { author: "🎉🎉", title: "👩‍🏫" },
          ),
        },
      ],
    });
    const file = save(await renderProtocolPdf(hostile, ru));
    const text = textOf(file);
    expect(text).toContain('Протокол подведения итогов конкурса «<b>Конкурс</b> & "кавычки" долгий');
    expect(text).toContain('«<b>Урок</b> & "дроби"»');
    expect(text).not.toContain("&amp;");
    expect(text).not.toContain("&lt;");
    expect(text).toContain("К-003 участник удалил свои данные «Работа номер 3»");
    // An author whose name is only emoji, like an erased one, is said in words; a title of emoji prints as «—».
    expect(text).toContain("К-005 участник удалил свои данные «—»");
    // The 500-character title is cut with «…» (two lines of the cell), the closing quote kept.
    expect(text).toMatch(/«Очень длинное название методической разработки Очень [^»]*…»/);
    expect(text.length).toBeLessThan(6_000);
    // The cut name and title stay within the table: the numbers of the same row follow them.
    expect(text).toMatch(/…» 4,3 3,7 5,0 4,0 2,5 3,0 29,99 2 призёр/);
    // Every page's text lies within the page's width (pdftotext -bbox: no word past the right margin).
    const bbox = run("pdftotext", ["-bbox", file, "-"]);
    for (const m of bbox.matchAll(/xMax="([\d.]+)"/g)) expect(Number(m[1])).toBeLessThanOrEqual(595.28 - 39);
    for (const m of bbox.matchAll(/yMax="([\d.]+)"/g)) expect(Number(m[1])).toBeLessThanOrEqual(841.89);
  });

  it("is deterministic: the same input renders to the same bytes (dated by the issue date)", async () => {
    const a = await renderProtocolPdf(input(), ru);
    const b = await renderProtocolPdf(input(), ru);
    expect(a.equals(b)).toBe(true);
    expect(run("pdfinfo", ["-isodates", save(a)])).toMatch(/CreationDate:\s+2026-04-05T06:00:00/);
    const c = await renderProtocolPdf(input({ counts: { received: 14, withdrawn: 2, admitted: 11, disqualified: 1, removed: 1 } }), ru);
    expect(a.equals(c)).toBe(false);
  });

  it("renders in English for an English-speaking community", async () => {
    const text = textOf(save(await renderProtocolPdf(input(), en, "en")));
    for (const piece of [
      "Results protocol of the contest «Лучший урок весны»",
      "No. ПР-2026-000003 of 05.04.2026",
      "1. Смирнова Анна Викторовна — jury chair",
      "Entries received: 13",
      "Removed from the contest by the organisers: 1",
      "removed by the organisers",
      "К-001 Автор Номер1 «Работа номер 1» 4.3 3.7 5.0 4.0 2.5 3.0 30.00 1 winner",
      "disqualified",
      "Audience Choice Award",
      "page 1 of",
    ])
      expect(text).toContain(piece);
  });

  it("renders 2,000 entries in a few seconds, under 1 MB", async () => {
    const big = input({
      nominations: Array.from({ length: 4 }, (_, n) => ({
        title: `Номинация ${n + 1}`,
        entries: entries(n * 500, 500, (i) => ({ title: `Методическая разработка урока математики по теме «Дроби», вариант ${i + 1}` })),
      })),
    });
    const started = performance.now();
    const pdf = await renderProtocolPdf(big, ru);
    const ms = performance.now() - started;
    const file = save(pdf);
    const pages = pagesOf(file);
    console.info(`protocol of 2,000 entries: ${Math.round(ms)} ms, ${pages} pages, ${Math.round(pdf.length / 1024)} KB`);
    expect(ms).toBeLessThan(15_000);
    expect(pdf.length).toBeLessThan(1024 * 1024);
    expect(pages).toBeGreaterThan(50);
    expect(textOf(file)).toContain("К-2000 Автор Номер2000");
  }, 60_000);

  it("protocolRenderer: draws a PROTOCOL document from its own number, code, dates and title plus the contest's facts", async () => {
    const { number: _n, code: _c, verifyUrl: _v, issuedAt: _i, contestTitle: _t, confirmedAt: _a, ...facts } = input();
    const asked: number[] = [];
    const render = protocolRenderer({
      facts: async (contestId) => {
        asked.push(contestId);
        return facts;
      },
      verifyUrl: async (code) => `https://edu.example.org/v/${code}`,
      translate: ru,
    });
    const document = {
      id: 5,
      kind: "PROTOCOL",
      number: "ПР-2026-000009",
      code: "ZZZZ2345EF",
      issuedAt: new Date("2026-04-06T06:00:00Z"),
      details: { kind: "PROTOCOL", contestId: 3, contestTitle: "Открытый урок", entries: 12, admitted: 11, disqualified: 1, confirmedAt: "2026-04-02T05:00:00Z" },
    } as DocumentView;
    const text = textOf(save(await render(document)));
    expect(asked).toEqual([3]);
    for (const piece of [
      "«Открытый урок»",
      "№ ПР-2026-000009 от 06.04.2026",
      "Код проверки: ZZZZ2345EF",
      "edu.example.org/v/ZZZZ2345EF",
      "Итоги утверждены: 02.04.2026 12:00",
    ])
      expect(text).toContain(piece);
    await expect(render({ ...document, kind: "JURY", details: { kind: "JURY", contestId: 3, contestTitle: "x" } })).rejects.toThrow(/not a protocol/);
  });
});
