// Contest documents in the certificates slice, on real PostgreSQL, Redis and BullMQ
// workers (WorkerHarness) with the Bot API fake receiving the PDFs:
// - a results protocol (PROTOCOL) is drawn by the renderer the contests slice
//   registers (renderProtocolPdf here), then hashed, stored, sent to the chair who
//   holds it, verifiable, rendered once; it is not part of the attestation portfolio;
// - without a registered renderer a protocol is never drawn as a certificate;
// - documentsFor finds a contest's current documents ("contest:3" and "contest:3:…",
//   never "contest:30");
// - an audience-prize diploma names the prize on its PDF, in the chat and on /verify.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { verificationText } from "../../src/features/certificates/certificates.render.js";
import { documentFileName, type DocumentRenderer } from "../../src/features/certificates/certificates.service.js";
import type { DocumentView } from "../../src/features/certificates/certificates.types.js";
import { renderProtocolPdf } from "../../src/features/contests/contests.protocol-pdf.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { WorkerHarness } from "../support/worker-harness.js";
import { waitUntil } from "../support/wait.js";

const START = Date.parse("2026-12-05T09:00:00Z");
const translator = createTranslator({ defaultLocale: "ru" });
const dir = mkdtempSync(path.join(tmpdir(), "certificates-contests-"));

let harness: WorkerHarness;
const now = START;

beforeAll(async () => {
  harness = await WorkerHarness.create({ clock: () => new Date(now), env: { SEND_RATE_PER_SECOND: "25", PUBLIC_URL: "https://edu.example.org" } });
  harness.startWorkers();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextTelegramId = 7_600_000_000n;

async function member(name: string): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await harness.container.prisma.member.create({
    data: {
      telegramId,
      role: "MEMBER",
      registeredAt: new Date(START - 86_400_000),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: name,
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          organisation: "МБОУ «СОШ № 5»",
          experienceYears: 9,
          timezone: "Europe/Moscow",
        },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role: "MEMBER", locale: "ru", isActive: true, registered: true, username: null };
}

const documents = () => harness.container.prisma.document;

const textOfPdf = (bytes: Uint8Array) => {
  const file = path.join(dir, `sent-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
};

/** What the contests slice would assemble from the database; here from the document alone. */
const protocolRenderer =
  (calls: number[]): DocumentRenderer =>
  async (doc: DocumentView) => {
    calls.push(doc.id);
    if (doc.details.kind !== "PROTOCOL") throw new Error("not a protocol");
    const d = doc.details;
    const confirmedAt = new Date(d.confirmedAt);
    return renderProtocolPdf(
      {
        number: doc.number,
        code: doc.code,
        verifyUrl: await harness.container.services.documentLinks.verifyUrl(doc.code),
        communityName: "Учительская сеть",
        contestTitle: d.contestTitle,
        timezone: "Europe/Moscow",
        submissionOpensAt: new Date(START - 30 * 86_400_000),
        submissionClosesAt: new Date(START - 20 * 86_400_000),
        judgingClosesAt: new Date(START - 86_400_000),
        confirmedAt,
        issuedAt: doc.issuedAt,
        jury: [{ name: doc.holderName, chair: true }],
        counts: { received: d.entries, withdrawn: 0, admitted: d.admitted, disqualified: d.disqualified, removed: 0 },
        removals: [],
        outliers: 0,
        criteria: [{ title: "Методическое качество", maxPoints: 5, weight: 1, passFail: false, tieBreak: true }],
        nominations: [
          {
            title: "Начальная школа",
            entries: [{ code: "К-001", author: null, title: "Урок", means: [5], score: 5, place: 1, decision: "WINNER" }],
          },
        ],
        chairName: doc.holderName,
      },
      translator.forLocale("ru"),
    );
  };

describe("a contest's results protocol", () => {
  it("is drawn by the registered renderer, hashed, sent to the chair, verifiable, rendered once, and not in the portfolio", async () => {
    const { certificates } = harness.container.services;
    const chair = await member("Смирнова Анна Викторовна");
    const calls: number[] = [];
    const previous = certificates.registerRenderer("PROTOCOL", protocolRenderer(calls));
    try {
      const confirmedAt = new Date(START - 3_600_000).toISOString();
      const details = { kind: "PROTOCOL" as const, contestId: 3, contestTitle: "Лучший урок <весны> & лета", entries: 12, admitted: 10, disqualified: 1, confirmedAt };
      const request = { kind: "PROTOCOL" as const, holderId: chair.id, source: "contest:3", title: details.contestTitle, details };
      const [id] = await certificates.issue([request]);
      // Issued twice (a replayed confirmation): one document.
      expect(await certificates.issue([request])).toEqual([]);
      const doc = await documents().findUniqueOrThrow({ where: { id: id! } });
      expect(doc.number).toMatch(/^ПР-2026-\d{6}$/);
      expect(documentFileName(doc)).toMatch(/^PR-2026-\d{6}\.pdf$/);

      const call = await harness.fake.waitForCall("sendDocument", (c) => Number(c.payload.chat_id) === Number(chair.telegramId), 20_000);
      await waitUntil(async () => (await documents().findUniqueOrThrow({ where: { id: doc.id } })).fileId !== null, 10_000);
      const after = await documents().findUniqueOrThrow({ where: { id: doc.id } });
      const sent = harness.fake.fileContent(after.fileId!)!;
      expect(createHash("sha256").update(sent).digest("hex")).toBe(after.sha256);
      expect(String(call.payload.caption)).toContain("Протокол итогов конкурса");
      expect(String(call.payload.caption)).toContain(doc.number);
      const text = textOfPdf(sent);
      expect(text).toContain("Протокол подведения итогов конкурса «Лучший урок <весны> & лета»");
      expect(text).toContain(`№ ${doc.number}`);
      expect(text).toContain(`Код проверки: ${doc.code}`);
      expect(text).toContain("К-001 участник удалил свои данные «Урок»");
      expect(calls).toEqual([doc.id]);

      // Rendered once: a second job changes nothing and does not call the renderer.
      expect(await certificates.render(doc.id)).toBe("already");
      expect(calls).toEqual([doc.id]);
      expect(await harness.container.prisma.delivery.count({ where: { kind: "certificate", refId: `document:${doc.id}` } })).toBe(1);

      const verified = await certificates.verify(doc.code);
      expect(verified).toMatchObject({ kind: "PROTOCOL", status: "valid", number: doc.number, sha256: after.sha256, details });
      const answer = verificationText(translator.forLocale("ru"), verified!, "https://edu.example.org/v/X", "Europe/Moscow");
      expect(answer).toContain("Протокол итогов конкурса");
      expect(answer).toContain("Работ принято: 12, допущено: 10, дисквалифицировано: 1");
      expect(answer).toContain("Итоги утверждены председателем жюри: 05.12.2026");
      expect(answer).toContain("«Лучший урок &lt;весны&gt; &amp; лета»");

      // The chair's list has it; the attestation portfolio and the public portfolio do not.
      expect((await certificates.mine(chair, 0, 10)).items.map((d) => d.id)).toContain(doc.id);
      expect((await certificates.portfolioDocuments(chair)).map((d) => d.id)).not.toContain(doc.id);
      const slug = await certificates.setPublicPortfolio(chair, true);
      expect((await certificates.publicPortfolio(slug!))?.documents.map((d) => d.number)).not.toContain(doc.number);
    } finally {
      certificates.registerRenderer("PROTOCOL", previous);
    }
  }, 60_000);

  it("is never drawn as a certificate when no renderer is registered: the render fails and nothing is stored or sent", async () => {
    const { certificates } = harness.container.services;
    const chair = await member("Петров Алексей Сергеевич");
    const previous = certificates.registerRenderer("PROTOCOL", undefined);
    try {
      const details = {
        kind: "PROTOCOL" as const,
        contestId: 4,
        contestTitle: "Открытый урок",
        entries: 0,
        admitted: 0,
        disqualified: 0,
        confirmedAt: new Date(START).toISOString(),
      };
      // (Its render job fails the same way in the workers, and is retried.)
      const [id] = await certificates.issue([{ kind: "PROTOCOL", holderId: chair.id, source: "contest:4", title: "Открытый урок", details }]);
      await expect(certificates.render(id!)).rejects.toThrow(/no renderer registered for PROTOCOL/);
      const row = await documents().findUniqueOrThrow({ where: { id: id! } });
      expect(row.sha256).toBeNull();
      expect(row.notifiedAt).toBeNull();
    } finally {
      certificates.registerRenderer("PROTOCOL", previous);
    }
  }, 30_000);
});

describe("documentsFor", () => {
  it("finds the current documents of a contest and of its entries, not of another contest or revoked ones", async () => {
    const { certificates } = harness.container.services;
    const a = await member("Иванова Мария Петровна");
    const b = await member("Сидорова Ольга Ивановна");
    const diploma = (holderId: number, source: string, contestId: number) => ({
      kind: "DIPLOMA" as const,
      holderId,
      source,
      title: "Урок дробей",
      details: { kind: "DIPLOMA" as const, contestId, contestTitle: "Конкурс", degree: "PARTICIPANT" as const },
    });
    const jury = {
      kind: "JURY" as const,
      holderId: b.id,
      source: "contest:7",
      title: "Конкурс",
      details: { kind: "JURY" as const, contestId: 7, contestTitle: "Конкурс" },
    };
    const ids = await certificates.issue([diploma(a.id, "contest:7:entry:1", 7), jury, diploma(a.id, "contest:70:entry:2", 70), diploma(b.id, "contest:7:entry:3", 7)]);
    expect(ids).toHaveLength(4);
    const found = await certificates.documentsFor("contest:7");
    expect(found.map((d) => d.source).sort()).toEqual(["contest:7", "contest:7:entry:1", "contest:7:entry:3"]);
    expect((await certificates.documentsFor("contest:7", ["JURY"])).map((d) => d.holderId)).toEqual([b.id]);
    await certificates.revoke({ ...a, role: "ADMIN" }, found.find((d) => d.source === "contest:7:entry:3")!.code, "Ошибка");
    expect((await certificates.documentsFor("contest:7")).map((d) => d.source).sort()).toEqual(["contest:7", "contest:7:entry:1"]);
  }, 30_000);
});

describe("an audience-prize diploma", () => {
  it("names «Приз зрительских симпатий» on its PDF, in the chat and on /verify, without a place", async () => {
    const { certificates } = harness.container.services;
    const holder = await member("Кузнецова Елена Андреевна");
    const details = { kind: "DIPLOMA" as const, contestId: 9, contestTitle: "Лучший урок весны", nomination: "Начальная школа", degree: "AUDIENCE" as const };
    const [id] = await certificates.issue([{ kind: "DIPLOMA", holderId: holder.id, source: "contest:9:entry:5:audience", title: "Путешествие в мир дробей", details }]);
    await harness.fake.waitForCall("sendDocument", (c) => Number(c.payload.chat_id) === Number(holder.telegramId), 20_000);
    await waitUntil(async () => (await documents().findUniqueOrThrow({ where: { id: id! } })).fileId !== null, 10_000);
    const doc = await documents().findUniqueOrThrow({ where: { id: id! } });
    const text = textOfPdf(harness.fake.fileContent(doc.fileId!)!);
    expect(text).toContain("ДИПЛОМ «Приз зрительских симпатий»");
    expect(text).toContain(
      "стал(а) обладателем приза зрительских симпатий конкурса «Лучший урок весны» в номинации «Начальная школа» с работой «Путешествие в мир дробей»",
    );
    expect(text).not.toMatch(/место/);

    const verified = await certificates.verify(doc.code);
    const ru = verificationText(translator.forLocale("ru"), verified!, "https://edu.example.org/v/X", "Europe/Moscow");
    expect(ru).toContain("Результат: приз зрительских симпатий");
    expect(ru).toContain("Номинация: «Начальная школа»");
    expect(ru).not.toContain("место");
    const en = verificationText(translator.forLocale("en"), verified!, "https://edu.example.org/v/X", "Europe/Moscow");
    expect(en).toContain("Result: Audience Choice Award");
  }, 60_000);
});
