// The PDF documents and the portfolio, checked on real rendered files with
// poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and the QR code decoded
// back with jsQR. poppler-utils is required: the CI script installs it.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import {
  formatDocumentDate,
  printableText,
  renderDocumentPdf,
  renderPortfolioPdf,
  type DocumentPdfInput,
  type PortfolioLine,
  type PortfolioPdfInput,
} from "../../src/features/certificates/certificates.pdf.js";
import type { DocumentDetails, DocumentKind, DocumentView, Issuer } from "../../src/features/certificates/certificates.types.js";

// jsqr is CommonJS with an ES-style `default` in its types: under NodeNext the default import is the module.
const jsQR = jsQRModule.default;

const dir = mkdtempSync(path.join(tmpdir(), "certificates-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAX_DOCUMENT_BYTES = 120 * 1024;
const issuer: Issuer = { communityName: "Учительская сеть", signerName: "А. В. Смирнова", signerTitle: "Координатор сообщества" };
const issuedAt = new Date("2026-03-12T21:30:00Z"); // 13.03 in Moscow, 12.03 in UTC

/** The kinds renderDocumentPdf draws (a PROTOCOL is drawn by contests.protocol-pdf.ts). */
type CertificateKind = Exclude<DocumentKind, "PROTOCOL">;

const DETAILS: Record<CertificateKind, DocumentDetails> = {
  PUBLICATION: {
    kind: "PUBLICATION",
    materialId: 12,
    materialType: "LESSON_PLAN",
    subjectCode: "math",
    gradeCodes: ["5", "6"],
    publishedAt: "2026-03-01T09:00:00Z",
  },
  PARTICIPATION: { kind: "PARTICIPATION", eventId: 5, eventKind: "WEBINAR", startsAt: "2026-03-10T15:00:00Z", timezone: "Asia/Novosibirsk" },
  SPEAKER: { kind: "SPEAKER", eventId: 5, eventKind: "MASTER_CLASS", startsAt: "2026-03-10T15:00:00Z", timezone: "Europe/Moscow" },
  DIPLOMA: { kind: "DIPLOMA", contestId: 3, contestTitle: "Лучший урок весны", nomination: "Начальная школа", degree: "PRIZE_WINNER", place: 2 },
  JURY: { kind: "JURY", contestId: 3, contestTitle: "Лучший урок весны", chair: true },
};
const PREFIX: Record<DocumentKind, string> = { PUBLICATION: "П", PARTICIPATION: "У", SPEAKER: "В", DIPLOMA: "Д", JURY: "Ж", PROTOCOL: "ПР" };

function documentOf(kind: CertificateKind, overrides: Partial<DocumentView> = {}): DocumentView {
  return {
    id: 1,
    kind,
    number: `${PREFIX[kind]}-2026-000123`,
    code: "ABCD2345EF",
    holderId: 7,
    source: "event:5",
    holderName: "Иванова Мария Петровна",
    holderPosition: "учитель математики",
    holderSchool: "МБОУ «СОШ № 12», г. Казань",
    title: "Формирующее оценивание на уроках математики",
    details: DETAILS[kind],
    hours: kind === "PARTICIPATION" ? 72 : null,
    issuedAt,
    sha256: null,
    fileSize: null,
    fileId: null,
    renderedAt: null,
    notifiedAt: null,
    revokedAt: null,
    revokedCause: null,
    revokedReason: null,
    replacedByNumber: null,
    holderErasedAt: null,
    ...overrides,
  };
}

function inputOf(kind: CertificateKind, overrides: Partial<DocumentView> = {}): DocumentPdfInput {
  return {
    document: documentOf(kind, overrides),
    issuer,
    verifyUrl: "https://bot.example.org/v/ABCD2345EF",
    names: { subject: "Математика", grades: "5–6", materialType: "Конспект урока", eventKind: "Вебинар" },
    libraryUrl: "https://t.me/teachers_bot?start=m_12",
  };
}

let counter = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `doc-${++counter}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
/** The text with line breaks and runs of spaces as single spaces (pdftotext wraps where the PDF does). */
const textOf = (file: string) => run("pdftotext", [file, "-"]).replace(/\s+/g, " ");
const pagesOf = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run("pdfinfo", [file]))?.[1]);

interface FontRow {
  name: string;
  emb: string;
  sub: string;
  uni: string;
}
function fontsOf(file: string): FontRow[] {
  return run("pdffonts", [file])
    .split("\n")
    .slice(2)
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name … emb sub uni objectId gen
      return { name: cols[0]!, emb: cols.at(-5)!, sub: cols.at(-4)!, uni: cols.at(-3)! };
    });
}

function decodeQr(file: string): string | undefined {
  const prefix = path.join(dir, `qr-${++counter}`);
  execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", file, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

function portfolioLine(section: string, i: number, extra: Partial<PortfolioLine> = {}): PortfolioLine {
  return {
    title: `${section} ${i}: Формирующее оценивание на уроках математики в основной школе`,
    number: `У-2026-${String(i).padStart(6, "0")}`,
    code: `CODE${String(i).padStart(6, "0")}`,
    date: "12.03.2026",
    ...extra,
  };
}

function portfolioInput(): PortfolioPdfInput {
  return {
    holder: {
      name: "Иванова Мария Петровна",
      position: "учитель математики",
      school: "МБОУ «СОШ № 12»",
      city: "Казань",
      experience: "12 лет",
      subjects: "математика, информатика",
    },
    sections: {
      publications: Array.from({ length: 12 }, (_, i) => portfolioLine("Материал", i + 1, { url: `https://t.me/teachers_bot?start=m_${i + 1}` })),
      participation: Array.from({ length: 24 }, (_, i) => portfolioLine("Вебинар", 100 + i, { hours: 3 })),
      speaker: Array.from({ length: 8 }, (_, i) => portfolioLine("Доклад", 200 + i)),
      diplomas: Array.from({ length: 8 }, (_, i) => portfolioLine("Конкурс", 300 + i, { note: "победитель (I место)" })),
      jury: Array.from({ length: 8 }, (_, i) => portfolioLine("Жюри", 400 + i, { note: "председатель жюри" })),
    },
    totalHours: 72,
    generatedAt: new Date("2026-04-01T08:00:00Z"),
    issuer,
    verifyBaseUrl: "https://bot.example.org/v/",
  };
}

describe("renderDocumentPdf", () => {
  const expected: Record<CertificateKind, string[]> = {
    PUBLICATION: [
      "СПРАВКА",
      "о размещении методического материала",
      "Настоящая справка подтверждает, что",
      "разместил(а) в методической библиотеке сетевого педагогического сообщества «Учительская сеть» материал «Формирующее оценивание на уроках математики»",
      "Вид материала: Конспект урока",
      "Предмет: Математика",
      "Классы: 5–6",
      "Дата размещения: 01.03.2026",
      "https://t.me/teachers_bot?start=m_12",
    ],
    // The event's date in the event's zone (Novosibirsk, UTC+7): 10.03 22:00.
    PARTICIPATION: ["СЕРТИФИКАТ", "участника", "принял(а) участие в вебинаре «Формирующее оценивание на уроках математики», 10.03.2026, в объёме 72 академических часов"],
    SPEAKER: ["СЕРТИФИКАТ", "спикера", "выступил(а) спикером на мастер-классе «Формирующее оценивание на уроках математики», 10.03.2026"],
    DIPLOMA: [
      "ДИПЛОМ",
      "призёра (II место)",
      "Настоящий диплом подтверждает, что",
      "стал(а) призёром конкурса «Лучший урок весны» в номинации «Начальная школа» с работой «Формирующее оценивание на уроках математики»",
    ],
    JURY: ["СЕРТИФИКАТ", "председателя жюри", "был(а) председателем жюри конкурса «Лучший урок весны»"],
  };

  for (const kind of Object.keys(expected) as CertificateKind[]) {
    it(`${kind}: the Russian texts, number, date, code, one page, embedded PT fonts only, ≤ 120 KB`, async () => {
      const pdf = await renderDocumentPdf(inputOf(kind));
      const file = save(pdf);
      const text = textOf(file);
      for (const piece of [
        ...expected[kind],
        "Иванова Мария Петровна",
        "учитель математики, МБОУ «СОШ № 12», г. Казань",
        `№ ${PREFIX[kind]}-2026-000123`,
        "Дата выдачи: 13.03.2026",
        "Код проверки: ABCD2345EF",
        "bot.example.org/v/ABCD2345EF",
        "Учительская сеть",
        "Координатор сообщества",
        "А. В. Смирнова",
      ])
        expect(text).toContain(piece);
      expect(text).not.toMatch(/свидетельство|публикаци|повышени[ея] квалификации|обучени|(^|[^а-яё])курс/iu);
      expect(pagesOf(file)).toBe(1);
      expect(pdf.length).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);

      const fonts = fontsOf(file);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font.name).toMatch(/^[A-Z]{6}\+PT(Serif|Sans)-/);
        expect(font).toMatchObject({ emb: "yes", sub: "yes", uni: "yes" });
      }
      expect(pdf.toString("latin1")).not.toMatch(/Helvetica/);
    });
  }

  it("carries the verification link in a QR code that decodes from the rendered page", async () => {
    const input = inputOf("PARTICIPATION");
    expect(decodeQr(save(await renderDocumentPdf(input)))).toBe(input.verifyUrl);
    const long = { ...inputOf("DIPLOMA"), verifyUrl: "https://verify.teachers-network.example.org/v/ZXCV9876QWERTY?lang=ru" };
    expect(decodeQr(save(await renderDocumentPdf(long)))).toBe(long.verifyUrl);
  });

  it("is deterministic: the same input renders to the same bytes", async () => {
    for (const kind of ["PUBLICATION", "DIPLOMA"] as const) {
      const a = await renderDocumentPdf(inputOf(kind));
      const b = await renderDocumentPdf(inputOf(kind));
      expect(a.equals(b)).toBe(true);
    }
    // …and the date is the issue date, not the render time.
    expect(run("pdfinfo", ["-isodates", save(await renderDocumentPdf(inputOf("JURY")))])).toMatch(/CreationDate:\s+2026-03-12T21:30:00/);
  });

  it("dates an event's document in the organiser's zone, the others in Moscow", async () => {
    const at = new Date("2026-03-12T18:00:00Z"); // 21:00 on the 12th in Moscow, 01:00 on the 13th in Novosibirsk
    expect(textOf(save(await renderDocumentPdf(inputOf("PARTICIPATION", { issuedAt: at }))))).toContain("Дата выдачи: 13.03.2026");
    expect(textOf(save(await renderDocumentPdf(inputOf("DIPLOMA", { issuedAt: at }))))).toContain("Дата выдачи: 12.03.2026");
  });

  it("words hours and degrees in proper Russian", async () => {
    const sentence = async (hours: number) => textOf(save(await renderDocumentPdf(inputOf("PARTICIPATION", { hours }))));
    expect(await sentence(1)).toContain("в объёме 1 академического часа");
    expect(await sentence(3)).toContain("в объёме 3 академических часов");
    expect(await sentence(21)).toContain("в объёме 21 академического часа");
    expect(await sentence(12)).toContain("в объёме 12 академических часов");
    const noHours = textOf(save(await renderDocumentPdf(inputOf("PARTICIPATION", { hours: null }))));
    expect(noHours).toContain("«Формирующее оценивание на уроках математики», 10.03.2026");
    expect(noHours).not.toContain("объёме");

    const diploma = async (details: DocumentDetails) => textOf(save(await renderDocumentPdf(inputOf("DIPLOMA", { details }))));
    const base = DETAILS.DIPLOMA as Extract<DocumentDetails, { kind: "DIPLOMA" }>;
    const winner = await diploma({ ...base, degree: "WINNER", place: 1, nomination: undefined });
    expect(winner).toContain("победителя (I место)");
    expect(winner).toContain("стал(а) победителем конкурса «Лучший урок весны» с работой");
    expect(await diploma({ ...base, degree: "PRIZE_WINNER", place: 3 })).toContain("призёра (III место)");
    const participant = await diploma({ ...base, degree: "PARTICIPANT", place: undefined });
    expect(participant).toContain("ДИПЛОМ участника");
    expect(participant).toContain("принял(а) участие в конкурсе «Лучший урок весны»");
    expect(textOf(save(await renderDocumentPdf(inputOf("JURY", { details: { ...DETAILS.JURY, chair: false } as DocumentDetails }))))).toContain("СЕРТИФИКАТ члена жюри");
  });

  it("names the audience prize as a diploma of its own, never a jury place", async () => {
    const base = DETAILS.DIPLOMA as Extract<DocumentDetails, { kind: "DIPLOMA" }>;
    const text = textOf(save(await renderDocumentPdf(inputOf("DIPLOMA", { details: { ...base, degree: "AUDIENCE", place: undefined } }))));
    expect(text).toContain("ДИПЛОМ «Приз зрительских симпатий»");
    expect(text).toContain("Настоящий диплом подтверждает, что Иванова Мария Петровна");
    expect(text).toContain(
      "стал(а) обладателем приза зрительских симпатий конкурса «Лучший урок весны» в номинации «Начальная школа» с работой «Формирующее оценивание на уроках математики»",
    );
    expect(text).not.toMatch(/место|победител|призёр/);
  });

  it("refuses to draw a protocol as a certificate (the contests slice draws it)", async () => {
    const document = {
      ...documentOf("JURY"),
      kind: "PROTOCOL" as const,
      details: { kind: "PROTOCOL" as const, contestId: 3, contestTitle: "Лучший урок", entries: 3, admitted: 2, disqualified: 1, confirmedAt: issuedAt.toISOString() },
    };
    await expect(renderDocumentPdf({ ...inputOf("JURY"), document })).rejects.toThrow(/registered renderer/);
  });

  describe("hostile input stays on one page", () => {
    const check = async (input: DocumentPdfInput, pieces: string[]) => {
      const pdf = await renderDocumentPdf(input);
      const file = save(pdf);
      expect(pagesOf(file)).toBe(1);
      expect(pdf.length).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      const text = textOf(file);
      for (const piece of [...pieces, "Код проверки: ABCD2345EF", "№ У-2026-000123"]) expect(text).toContain(piece);
      return text;
    };

    it("a 300-character name", async () => {
      const name = "Констанция-Аполлинария ".repeat(14).slice(0, 300);
      const text = await check(inputOf("PARTICIPATION", { holderName: name }), ["Констанция-Аполлинария", "академических часов"]);
      // Shrunk, then cut with an ellipsis if it still did not fit: the start is there either way.
      expect(text).toContain(name.slice(0, 40));
    });

    it("a name without spaces", async () => {
      await check(inputOf("PARTICIPATION", { holderName: "Щ".repeat(300) }), ["ЩЩЩЩЩЩЩЩЩЩ", "академических часов"]);
    });

    it("an emoji-only name prints «—», emoji inside a name are dropped", async () => {
      const text = await check(inputOf("PARTICIPATION", { holderName: "🎉🎉👩‍🏫" }), ["подтверждает, что — учитель математики"]);
      expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
      await check(inputOf("PARTICIPATION", { holderName: "Мария 🌸 Иванова" }), ["Мария Иванова"]);
    });

    it("markup characters print as typed", async () => {
      await check(inputOf("PARTICIPATION", { title: `<b>&</b> "Кавычки" & 'апостроф'` }), [`«<b>&</b> "Кавычки" & 'апостроф'»`]);
    });

    it("a member without a school or position", async () => {
      const text = await check(inputOf("PARTICIPATION", { holderPosition: null, holderSchool: null }), ["подтверждает, что Иванова Мария Петровна принял(а) участие"]);
      expect(text).not.toContain(", ,");
      await check(inputOf("PARTICIPATION", { holderPosition: "учитель физики", holderSchool: null }), ["Иванова Мария Петровна учитель физики принял(а)"]);
    });

    it("an erased holder (name NULL)", async () => {
      await check(inputOf("PARTICIPATION", { holderName: null, holderPosition: null, holderSchool: null }), ["подтверждает, что — принял(а)"]);
    });

    it("a 500-character title, long school, signer and community", async () => {
      const title = "Методическая разработка интегрированного урока ".repeat(11).slice(0, 500);
      const input = inputOf("PARTICIPATION", { title, holderSchool: "Муниципальное бюджетное общеобразовательное учреждение ".repeat(6) });
      input.issuer = {
        communityName: "Сообщество ".repeat(20),
        signerName: "Александра Владимировна Смирнова-Кузнецова",
        signerTitle: "Председатель координационного совета ".repeat(4),
      };
      const text = await check(input, ["Методическая разработка интегрированного урока", "в объёме 72 академических часов"]);
      expect(text).toContain("Александра");
      for (const kind of ["PUBLICATION", "DIPLOMA", "JURY", "SPEAKER"] as const) {
        const long = inputOf(kind, { title, holderName: "Констанция ".repeat(30) });
        if (long.document.details.kind === "DIPLOMA" || long.document.details.kind === "JURY") long.document.details = { ...long.document.details, contestTitle: title };
        const pdf = await renderDocumentPdf({ ...long, libraryUrl: `https://example.org/${"x".repeat(300)}` });
        expect(pagesOf(save(pdf))).toBe(1);
      }
    });
  });
});

describe("printableText and formatDocumentDate", () => {
  it("drops what the fonts cannot print and keeps Cyrillic, Latin and punctuation", () => {
    expect(printableText("  Ёлкина\tАнна\n🙂 ")).toBe("Ёлкина Анна");
    expect(printableText("👩‍🏫")).toBeUndefined();
    expect(printableText("a\u0000b\u200bc")).toBe("abc");
    expect(printableText("«—» № 5–6 …")).toBe("«—» № 5–6 …");
    expect(printableText(null)).toBeUndefined();
  });

  it("formats dd.MM.yyyy in Moscow or the given zone", () => {
    expect(formatDocumentDate(issuedAt)).toBe("13.03.2026");
    expect(formatDocumentDate(issuedAt, "UTC")).toBe("12.03.2026");
    expect(formatDocumentDate(issuedAt, "Not/AZone")).toBe("13.03.2026");
  });
});

describe("renderPortfolioPdf", () => {
  it("lays 60 lines over several numbered pages with the total hours and every code", async () => {
    const pdf = await renderPortfolioPdf(portfolioInput());
    const file = save(pdf);
    const pages = pagesOf(file);
    expect(pages).toBeGreaterThan(1);
    const text = textOf(file);
    for (const piece of [
      "ПОРТФОЛИО ПЕДАГОГА",
      "Иванова Мария Петровна",
      "Должность: учитель математики",
      "Образовательная организация: МБОУ «СОШ № 12»",
      "Населённый пункт: Казань",
      "Педагогический стаж: 12 лет",
      "Предметы: математика, информатика",
      "1. Размещённые методические материалы",
      "2. Участие в мероприятиях",
      "3. Выступления в качестве спикера",
      "4. Результаты участия в конкурсах",
      "5. Работа в жюри конкурсов",
      "Итого: 72 академических часа",
      "3 академических часа",
      "победитель (I место)",
      "https://t.me/teachers_bot?start=m_12",
      "Сформировано 01.04.2026",
      `Страница 1 из ${pages}`,
      `Страница ${pages} из ${pages}`,
    ])
      expect(text).toContain(piece);
    for (const sectionLines of Object.values(portfolioInput().sections)) for (const l of sectionLines) expect(text).toContain(`Код проверки: ${l.code}`);
    for (const font of fontsOf(file)) expect(font).toMatchObject({ emb: "yes", sub: "yes", uni: "yes" });
    expect(pdf.toString("latin1")).not.toMatch(/Helvetica/);
    expect((await renderPortfolioPdf(portfolioInput())).equals(pdf)).toBe(true);
  });

  it("an empty portfolio with no profile facts is one page", async () => {
    const empty: PortfolioPdfInput = {
      ...portfolioInput(),
      holder: {},
      sections: { publications: [], participation: [], speaker: [], diplomas: [], jury: [] },
      totalHours: 0,
    };
    const file = save(await renderPortfolioPdf(empty));
    expect(pagesOf(file)).toBe(1);
    const text = textOf(file);
    expect(text).toContain("Нет документов.");
    expect(text).toContain("Итого: 0 академических часов");
    expect(text).toContain("Страница 1 из 1");
  });
});

describe("history", () => {
  // Regression: parsed fonts shared between documents made a glyph first met
  // as a composite's component in one document's subset (the dots of «:» are
  // «.») lose its Unicode mapping in every later document: «1.» came out as
  // «1» in pdftotext, and the bytes depended on what the process had rendered.
  it("a render in this process, after all the others, equals one in a fresh process", async () => {
    const script = path.join(dir, "fresh-render.mts");
    const module = path.resolve(import.meta.dirname, "../../src/features/certificates/certificates.pdf.ts");
    writeFileSync(
      script,
      `import { writeFileSync, readFileSync } from "node:fs";
import { renderDocumentPdf, renderPortfolioPdf } from ${JSON.stringify(module)};
const revive = (key: string, value: unknown) => (key === "issuedAt" || key === "generatedAt" ? new Date(value as string) : value);
const [documentInput, portfolioInput] = JSON.parse(readFileSync(process.argv[2]!, "utf8"), revive);
writeFileSync(process.argv[3]!, await renderDocumentPdf(documentInput));
writeFileSync(process.argv[4]!, await renderPortfolioPdf(portfolioInput));
`,
    );
    const inputs = path.join(dir, "fresh-inputs.json");
    const documentInput = inputOf("JURY");
    writeFileSync(inputs, JSON.stringify([documentInput, portfolioInput()]));
    const [documentFile, portfolioFile] = [path.join(dir, "fresh-document.pdf"), path.join(dir, "fresh-portfolio.pdf")];
    execFileSync(process.execPath, ["--import", "tsx", script, inputs, documentFile, portfolioFile]);
    expect((await renderDocumentPdf(documentInput)).equals(readFileSync(documentFile))).toBe(true);
    expect((await renderPortfolioPdf(portfolioInput())).equals(readFileSync(portfolioFile))).toBe(true);
  });
});
