// Certificate PDF sample and render speed (no database, no network):
//
//   npx tsx bench/certificates-sample.ts                 # sample PDF + PNG, then 200 renders
//   npx tsx bench/certificates-sample.ts --count=1000    # a longer timing loop
//   npx tsx bench/certificates-sample.ts --no-png        # timing only
//
// Writes bench/certificate-sample.png (the README's picture: a participation
// certificate rasterised with poppler's pdftoppm at 80 dpi) and
// keeps no PDF. Then renders
// --count documents one after another, all kinds in turn with different
// holders and titles, and prints documents per second and the average size.
// One process, one core: the figure is per worker.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderDocumentPdf, type DocumentPdfInput } from "../src/features/certificates/certificates.pdf.js";
import type { DocumentDetails, DocumentKind, DocumentView } from "../src/features/certificates/certificates.types.js";
import { NUMBER_PREFIX } from "../src/features/certificates/certificates.types.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "true"] as const;
  }),
);
const count = Number(args.get("count") ?? 200);

// Protocols are drawn by the contests slice (contests.protocol-pdf.ts), not by renderDocumentPdf.
const DETAILS: Record<Exclude<DocumentKind, "PROTOCOL">, DocumentDetails> = {
  PUBLICATION: { kind: "PUBLICATION", materialId: 12, materialType: "LESSON_PLAN", subjectCode: "math", gradeCodes: ["5", "6"], publishedAt: "2026-03-01T09:00:00Z" },
  PARTICIPATION: { kind: "PARTICIPATION", eventId: 5, eventKind: "WEBINAR", startsAt: "2026-03-10T12:00:00Z", timezone: "Europe/Moscow" },
  SPEAKER: { kind: "SPEAKER", eventId: 5, eventKind: "CONFERENCE", startsAt: "2026-03-10T12:00:00Z", timezone: "Europe/Moscow" },
  DIPLOMA: { kind: "DIPLOMA", contestId: 3, contestTitle: "Лучший урок весны", nomination: "Начальная школа", degree: "WINNER", place: 1 },
  JURY: { kind: "JURY", contestId: 3, contestTitle: "Лучший урок весны" },
};
const KINDS = Object.keys(DETAILS) as Array<keyof typeof DETAILS>;
const NAMES = ["Иванова Мария Петровна", "Петров Алексей Сергеевич", "Сидоренко-Ковальчук Анастасия Викторовна", "Ким Ён Хи"];
const TITLES = ["Формирующее оценивание на уроках математики", "Проектная деятельность в начальной школе: от замысла к результату", "Цифровые инструменты учителя"];

function sample(i: number, kind: keyof typeof DETAILS): DocumentPdfInput {
  const code = `K${String(i).padStart(9, "0")}`;
  const document: DocumentView = {
    id: i,
    kind,
    number: `${NUMBER_PREFIX[kind]}-2026-${String(i).padStart(6, "0")}`,
    code,
    holderId: i,
    source: `bench:${i}`,
    holderName: NAMES[i % NAMES.length]!,
    holderPosition: i % 3 === 0 ? null : "учитель математики",
    holderSchool: i % 4 === 0 ? null : "МБОУ «Средняя общеобразовательная школа № 12», г. Казань",
    title: TITLES[i % TITLES.length]!,
    details: DETAILS[kind],
    hours: kind === "PARTICIPATION" ? 2 : null,
    issuedAt: new Date(Date.UTC(2026, 2, 12, 9, 0, i)),
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
  };
  return {
    document,
    issuer: { communityName: "Учительская сеть", signerName: "А. В. Смирнова", signerTitle: "Координатор сообщества" },
    verifyUrl: `https://bot.example.org/v/${code}`,
    names: { subject: "Математика", grades: "5–6", materialType: "Конспект урока", eventKind: "Вебинар" },
    libraryUrl: "https://t.me/teachers_bot?start=m_12",
  };
}

if (args.get("no-png") !== "true") {
  const dir = mkdtempSync(path.join(tmpdir(), "certificate-sample-"));
  try {
    const pdf = path.join(dir, "sample.pdf");
    const input = sample(123, "PARTICIPATION");
    input.document.holderName = "Иванова Мария Петровна";
    input.document.holderSchool = "МБОУ «СОШ № 12», г. Казань";
    input.document.holderPosition = "учитель математики";
    writeFileSync(pdf, await renderDocumentPdf(input));
    const out = path.join(ROOT, "bench", "certificate-sample");
    execFileSync("pdftoppm", ["-png", "-r", "80", "-singlefile", pdf, out]);
    console.log(`bench/certificate-sample.png: ${(statSync(`${out}.png`).size / 1024).toFixed(1)} KB (PDF ${(statSync(pdf).size / 1024).toFixed(1)} KB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Warm-up: fonts, translator, JIT.
for (let i = 0; i < 5; i++) await renderDocumentPdf(sample(i, KINDS[i % KINDS.length]!));
let bytes = 0;
let max = 0;
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) {
  const pdf = await renderDocumentPdf(sample(1000 + i, KINDS[i % KINDS.length]!));
  bytes += pdf.length;
  max = Math.max(max, pdf.length);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `${count} documents in ${seconds.toFixed(2)} s: ${(count / seconds).toFixed(1)} docs/s, ${((seconds / count) * 1000).toFixed(1)} ms each, ` +
    `average ${(bytes / count / 1024).toFixed(1)} KB, largest ${(max / 1024).toFixed(1)} KB`,
);
