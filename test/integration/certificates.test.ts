// The certificates slice on real PostgreSQL, Redis and BullMQ workers (WorkerHarness),
// with the Bot API fake receiving the PDFs:
// - numbering: sequential per kind and year, no gaps and no duplicates when many
//   issue at once, one current document per thing and holder however often it is asked;
// - the life of a publication record: approved → rendered once → sent through the
//   sending path (file_id kept, bytes dropped, the hash equal to the file the holder got)
//   → revoked when a moderator unpublishes the material, with the moderator's reason;
// - event certificates: only after the end, only with hours, only to those who checked
//   in; an annulled check-in revokes; a reissue replaces;
// - verification: masking, consent, erased holders, unknown and malformed codes;
// - the sweep: a render job lost with Redis, a record lost in a crash.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { WorkerHarness } from "../support/worker-harness.js";
import { waitUntil } from "../support/wait.js";

const START = Date.parse("2026-12-05T09:00:00Z");
const MINUTE = 60_000;

let harness: WorkerHarness;
let now = START;

beforeAll(async () => {
  harness = await WorkerHarness.create({ clock: () => new Date(now), env: { SEND_RATE_PER_SECOND: "25", PUBLIC_URL: "https://edu.example.org" } });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

let nextTelegramId = 7_400_000_000n;

async function member(role: MemberRole = "MEMBER", name?: string, organisation: string | null = "МБОУ «СОШ № 12»"): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await harness.container.prisma.member.create({
    data: {
      telegramId,
      role,
      registeredAt: new Date(START - 86_400_000),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: name ?? `Иванова Анна ${telegramId}`,
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          organisation,
          experienceYears: 5,
          timezone: "Europe/Moscow",
        },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered: true, username: null };
}

async function approvedMaterial(title = "Дроби <b>&</b> проценты") {
  const author = await member();
  const moderator = await member("MODERATOR");
  const { materials } = harness.container.services;
  const id = await materials.create(
    author,
    { title, description: "", subjectCode: "math", gradeCodes: ["5", "6"], type: "LESSON_PLAN", tags: [] },
    { kind: "LINK", url: "https://example.org/lesson" },
  );
  await materials.decide(moderator, id, "approve");
  return { author, moderator, id };
}

const documents = () => harness.container.prisma.document;

describe("numbering", () => {
  it("numbers sequentially per kind and year, without gaps or duplicates, when many issue at once", async () => {
    const { certificates } = harness.container.services;
    const holders = await Promise.all(Array.from({ length: 30 }, () => member()));
    // 30 single issues and 3 batches of the same holders for another thing, all at once, plus repeats.
    await Promise.all([
      ...holders.map((h) =>
        certificates.issue([
          {
            kind: "JURY",
            holderId: h.id,
            source: "contest:1",
            title: "Лучший урок",
            details: { kind: "JURY", contestId: 1, contestTitle: "Лучший урок" },
          },
        ]),
      ),
      ...[0, 1, 2].map(() =>
        certificates.issue(
          holders.map((h) => ({
            kind: "JURY" as const,
            holderId: h.id,
            source: "contest:2",
            title: "Открытый урок",
            details: { kind: "JURY" as const, contestId: 2, contestTitle: "Открытый урок" },
          })),
        ),
      ),
    ]);
    const rows = await documents().findMany({ where: { kind: "JURY" }, orderBy: { number: "asc" } });
    expect(rows).toHaveLength(60);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 60 }, (_, i) => `Ж-2026-${String(i + 1).padStart(6, "0")}`));
    expect(new Set(rows.map((r) => r.code)).size).toBe(60);
    expect(rows.every((r) => /^[A-Z2-7]{10}$/.test(r.code))).toBe(true);
    const counter = await harness.container.prisma.documentCounter.findUnique({ where: { kind_year: { kind: "JURY", year: 2026 } } });
    expect(counter?.last).toBe(60);
  }, 60_000);

  it("spreads a big batch's render jobs at the send budget, so PDFs do not wait long in PostgreSQL", async () => {
    const { certificates } = harness.container.services;
    const holders = await harness.container.prisma.$queryRaw<{ id: number }[]>`
      WITH m AS (
        INSERT INTO members (telegram_id, role, locale, registered_at, consent_status, updated_at)
        SELECT 7450000000 + g, 'MEMBER', 'ru', now(), 'GIVEN', now() FROM generate_series(1, 1600) g RETURNING id
      )
      INSERT INTO profiles (member_id, full_name, professional_role, region_code, city, experience_years, timezone, updated_at)
      SELECT id, 'Участник ' || id, 'TEACHER', 'RU-MOW', 'Москва', 3, 'Europe/Moscow', now() FROM m RETURNING member_id AS id`;
    const ids = await certificates.issue(
      holders.map((h) => ({
        kind: "SPEAKER" as const,
        holderId: h.id,
        source: "event:999999",
        title: "Конференция",
        details: { kind: "SPEAKER" as const, eventId: 999999, eventKind: "CONFERENCE" as const, startsAt: new Date(START).toISOString(), timezone: "Europe/Moscow" },
      })),
    );
    const queue = harness.container.queues.queue("documents");
    try {
      expect(ids).toHaveLength(1600);
      const due = await documents().findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, dueAt: true } });
      // 25 a second (the default budget), the first minute's worth at once.
      expect(due[0]!.dueAt.getTime()).toBe(now);
      expect(due[1499]!.dueAt.getTime()).toBe(now);
      expect(due[1599]!.dueAt.getTime()).toBe(now + 1599 * 40 - 60_000);
      const last = await queue.getJob(`doc-${due[1599]!.id}`);
      expect(last?.opts.delay).toBe(1599 * 40 - 60_000);
    } finally {
      // Not the subject of the other tests: their render jobs would find nothing.
      await queue.obliterate({ force: true });
      await harness.container.prisma.document.deleteMany({ where: { id: { in: ids } } });
    }
  }, 60_000);

  it("skips holders who are not registered or erased their data, and records the holder as they are at issue", async () => {
    const { certificates } = harness.container.services;
    const school = await member("MEMBER", "Петров Пётр Петрович", "Гимназия № 1");
    const noSchool = await member("MEMBER", "Сидорова Мария", null);
    const erased = await member();
    await harness.container.prisma.member.update({ where: { id: erased.id }, data: { deletedAt: new Date(), telegramId: null } });
    const ids = await certificates.issue(
      [school, noSchool, erased].map((h) => ({
        kind: "DIPLOMA" as const,
        holderId: h.id,
        source: "contest:9:entry:1",
        title: "Урок",
        details: { kind: "DIPLOMA" as const, contestId: 9, contestTitle: "Конкурс", degree: "PARTICIPANT" as const },
      })),
    );
    expect(ids).toHaveLength(2);
    const rows = await documents().findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.holderName, r.holderPosition, r.holderSchool])).toEqual([
      ["Петров Пётр Петрович", "Учитель", "Гимназия № 1"],
      ["Сидорова Мария", "Учитель", null],
    ]);
  });
});

describe("a publication record", () => {
  it("is revoked when a moderator deletes the material, and is not sent when revoked before its turn (no workers run yet)", async () => {
    const { moderator, id } = await approvedMaterial("Удалённый материал");
    const doc = await documents().findFirstOrThrow({ where: { source: `material:${id}` } });
    await harness.container.services.materials.remove(moderator, id);
    expect((await harness.container.services.certificates.verify(doc.code))?.revokedCause).toBe("material-deleted");
    await harness.container.services.certificates.render(doc.id);
    const after = await documents().findUniqueOrThrow({ where: { id: doc.id } });
    expect(after.notifiedAt).not.toBeNull();
    expect(await harness.container.prisma.delivery.count({ where: { kind: "certificate", refId: `document:${doc.id}` } })).toBe(0);
    // Only the notice that it was revoked.
    expect(await harness.container.prisma.delivery.count({ where: { kind: "certificate.revoked", refId: `document:${doc.id}` } })).toBe(1);
  }, 30_000);

  it("is issued on approval, rendered once, sent with the PDF whose hash the page shows, and revoked on unpublishing", async () => {
    const { author, moderator, id } = await approvedMaterial();
    const { certificates, materials } = harness.container.services;
    const doc = await documents().findFirstOrThrow({ where: { source: `material:${id}`, kind: "PUBLICATION" } });
    expect(doc.holderId).toBe(author.id);
    expect(doc.title).toBe("Дроби <b>&</b> проценты");
    expect(doc.number).toMatch(/^П-2026-\d{6}$/);

    harness.startWorkers();
    const call = await harness.fake.waitForCall("sendDocument", (c) => Number(c.payload.chat_id) === Number(author.telegramId), 20_000);
    await waitUntil(async () => (await documents().findUniqueOrThrow({ where: { id: doc.id } })).fileId !== null, 10_000);
    const after = await documents().findUniqueOrThrow({ where: { id: doc.id } });
    const sent = harness.fake.fileContent(after.fileId!);
    expect(sent).toBeDefined();
    expect(createHash("sha256").update(sent!).digest("hex")).toBe(after.sha256);
    expect(after.fileSize).toBe(sent!.length);
    expect(String(call.payload.caption)).toContain(doc.number);
    // Telegram holds it now: the bytes are gone from PostgreSQL, and a second render job changes nothing.
    expect(await harness.container.prisma.documentFile.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await certificates.render(doc.id)).toBe("already");
    expect((await documents().findUniqueOrThrow({ where: { id: doc.id } })).sha256).toBe(after.sha256);
    expect(await harness.container.prisma.delivery.count({ where: { kind: "certificate", refId: `document:${doc.id}` } })).toBe(1);

    // Approving twice is refused by the materials slice; the domain event replayed issues nothing new.
    await certificates.issueForMaterial(id);
    expect(await documents().count({ where: { source: `material:${id}` } })).toBe(1);

    const verified = await certificates.verify(doc.code.toLowerCase());
    expect(verified).toMatchObject({ status: "valid", number: doc.number, sha256: after.sha256, nameMasked: true });
    expect(verified?.holderName).toMatch(/^И\*{6}а А\. \d\.$/);

    await materials.unpublish(moderator, id, "Нарушены авторские права");
    const revoked = await certificates.verify(doc.code);
    expect(revoked).toMatchObject({ status: "revoked", revokedCause: "material-unpublished", revokedReason: "Нарушены авторские права" });
    expect(revoked?.revokedAt?.getTime()).toBe(now);
    // The holder is told, through the sending path, with the cause and the moderator's words (the title's `<b>&` as text).
    const notice = await harness.fake.waitForCall(
      "sendMessage",
      (c) => Number(c.payload.chat_id) === Number(author.telegramId) && String(c.payload.text).includes(doc.number),
      20_000,
    );
    expect(String(notice.payload.text)).toContain("Дроби &lt;b&gt;&amp;&lt;/b&gt; проценты");
    expect(String(notice.payload.text)).toContain("материал снят с публикации модератором");
    expect(String(notice.payload.text)).toContain("Нарушены авторские права");
    expect(notice.response.ok).toBe(true);
    const audit = await harness.container.prisma.auditLog.findFirst({ where: { action: "document.revoke", targetMemberId: author.id } });
    expect(audit).toMatchObject({ actorId: moderator.id, details: expect.objectContaining({ number: doc.number, cause: "material-unpublished" }) });
  }, 60_000);
});

describe("event certificates", () => {
  async function pastEvent(hours: number | null) {
    const organiser = await member("MODERATOR");
    const { events } = harness.container.services;
    const event = await events.create(organiser, {
      title: "Вебинар «Оценивание» & практика",
      kind: "WEBINAR",
      description: "",
      subjectCodes: [],
      start: new Date(now + 2 * 60 * MINUTE),
      duration: 90,
      timeZone: "Europe/Moscow",
    });
    const attendees = await Promise.all([member(), member(), member()]);
    const absent = await member();
    for (const m of [...attendees, absent]) await events.register(m, event.id);
    now += 2 * 60 * MINUTE + 10 * MINUTE;
    for (const m of attendees) await events.checkIn(m, event.id);
    if (hours !== null) await events.setAcademicHours(organiser, event.id, hours);
    return { organiser, event, attendees, absent };
  }

  it("are issued after the end, with the hours, to those who checked in; a double request issues once; an annulled check-in revokes", async () => {
    const { organiser, event, attendees, absent } = await pastEvent(4);
    const { certificates, events } = harness.container.services;
    await expect(certificates.issueForEvent(organiser, event.id)).rejects.toMatchObject({ key: "certificates-event-not-over" });
    await expect(certificates.issueForEvent(attendees[0], event.id)).rejects.toMatchObject({ key: "certificates-organisers-only" });
    now += 90 * MINUTE;
    const [first, second] = await Promise.all([certificates.issueForEvent(organiser, event.id), certificates.issueForEvent(organiser, event.id)]);
    expect(first.attendees).toBe(3);
    expect(second.attendees).toBe(3);
    harness.startWorkers();
    await waitUntil(async () => (await documents().count({ where: { source: `event:${event.id}`, kind: "PARTICIPATION" } })) === 3, 20_000);
    await certificates.issueEventNow(event.id);
    const rows = await documents().findMany({ where: { source: `event:${event.id}` } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.hours === 4)).toBe(true);
    expect(rows.map((r) => r.holderId).sort()).toEqual(attendees.map((a) => a.id).sort());
    expect(rows.some((r) => r.holderId === absent.id)).toBe(false);
    expect(await certificates.eventCounts(event.id)).toEqual({ participation: 3, speaker: 0 });

    await events.annulCheckIn(organiser, event.id, attendees[0].id);
    const annulled = rows.find((r) => r.holderId === attendees[0].id)!;
    expect(await certificates.verify(annulled.code)).toMatchObject({ status: "revoked", revokedCause: "checkin-annulled" });
    expect(await certificates.eventCounts(event.id)).toEqual({ participation: 2, speaker: 0 });
    await expect(events.annulCheckIn(organiser, event.id, attendees[0].id)).rejects.toMatchObject({ key: "events-checkin-annul-none" });

    const speaker = await member();
    const { created } = await certificates.issueSpeaker(organiser, event.id, speaker.id);
    expect(created).toBe(true);
    expect((await certificates.issueSpeaker(organiser, event.id, speaker.id)).created).toBe(false);
    expect(await certificates.eventCounts(event.id)).toEqual({ participation: 2, speaker: 1 });
  }, 60_000);

  it("need the organiser's hours first", async () => {
    const { organiser, event } = await pastEvent(null);
    now += 90 * MINUTE;
    await expect(harness.container.services.certificates.issueForEvent(organiser, event.id)).rejects.toMatchObject({ key: "certificates-event-no-hours" });
    await expect(harness.container.services.events.setAcademicHours(organiser, event.id, 0)).rejects.toMatchObject({ key: "events-hours-invalid" });
    await expect(harness.container.services.events.setAcademicHours(organiser, event.id, 73)).rejects.toMatchObject({ key: "events-hours-invalid" });
  }, 30_000);
});

describe("admin actions and verification", () => {
  it("revokes with a reason, reissues after a name fix (the old one replaced), and refuses non-admins", async () => {
    const { author, id } = await approvedMaterial("Материал для перевыпуска");
    const admin = await member("ADMIN");
    const moderator = await member("MODERATOR");
    const { certificates } = harness.container.services;
    const doc = await documents().findFirstOrThrow({ where: { source: `material:${id}` } });

    await expect(certificates.reissue(moderator, doc.code)).rejects.toMatchObject({ key: "certificates-admins-only" });
    await harness.container.prisma.profile.update({ where: { memberId: author.id }, data: { fullName: "Иванова-Петрова Анна Сергеевна" } });
    const fresh = await certificates.reissue(admin, doc.code);
    expect(fresh.number).not.toBe(doc.number);
    expect(fresh.holderName).toBe("Иванова-Петрова Анна Сергеевна");
    expect(await certificates.verify(doc.code)).toMatchObject({ status: "revoked", revokedCause: "replaced", replacedByNumber: fresh.number });
    await expect(certificates.reissue(admin, doc.code)).rejects.toMatchObject({ key: "certificates-already-revoked" });

    await expect(certificates.revoke(admin, fresh.code, "   ")).rejects.toMatchObject({ key: "certificates-reason-required" });
    await expect(certificates.revoke(admin, fresh.code, "x".repeat(301))).rejects.toMatchObject({ key: "certificates-reason-long" });
    await expect(certificates.revoke(moderator, fresh.code, "Ошибка")).rejects.toMatchObject({ key: "certificates-admins-only" });
    const revoked = await certificates.revoke(admin, fresh.code, "Выдан по ошибке <script>");
    expect(revoked).toMatchObject({ revokedCause: "admin", revokedReason: "Выдан по ошибке <script>" });
    await expect(certificates.revoke(admin, fresh.code, "ещё раз")).rejects.toMatchObject({ key: "certificates-already-revoked" });
    expect(await harness.container.prisma.auditLog.count({ where: { action: { in: ["document.revoke", "document.reissue"] }, actorId: admin.id } })).toBe(2);
  }, 30_000);

  it("masks the name unless the holder consented, shows erased holders without a name, and knows nothing of forged codes", async () => {
    const { author, id } = await approvedMaterial("Материал для проверки");
    const { certificates } = harness.container.services;
    const doc = await documents().findFirstOrThrow({ where: { source: `material:${id}` } });
    const name = doc.holderName!;
    expect((await certificates.verify(doc.code))?.holderName).not.toBe(name);
    await certificates.setNameConsent(author, true);
    expect(await certificates.verify(doc.code)).toMatchObject({ holderName: name, nameMasked: false });
    await certificates.setNameConsent(author, false);
    expect(await certificates.verify(doc.code)).toMatchObject({ nameMasked: true });

    const slug = await certificates.setPublicPortfolio(author, true);
    expect(slug).toMatch(/^[a-z2-7]{12}$/);
    const page = await certificates.publicPortfolio(slug!);
    expect(page?.documents.map((d) => d.number)).toContain(doc.number);
    expect(page?.nameMasked).toBe(true);
    await certificates.setPublicPortfolio(author, false);
    expect(await certificates.publicPortfolio(slug!)).toBeUndefined();

    // /forgetme: the document stays valid, without a name.
    const erasure = harness.container.services.privacy;
    await erasure.forget(author);
    const erased = await certificates.verify(doc.code);
    expect(erased).toMatchObject({ status: "valid", holderName: null, holderErased: true });

    for (const forged of ["", "AAAAAAAAAA", "ABC", "<b>&amp;</b>", "A".repeat(13), "АБВГДЕЖЗИК", "0189OOIIBB", `${doc.code}X`.repeat(4)]) {
      expect(await certificates.verify(forged)).toBeUndefined();
    }
    expect(await certificates.publicPortfolio("../../etc")).toBeUndefined();
  }, 30_000);
});

describe("the sweep", () => {
  it("renders and sends what a lost job left, and issues the record a crash lost", async () => {
    const { id } = await approvedMaterial("Материал, чьё задание потеряно");
    const { certificates } = harness.container.services;
    const prisma = harness.container.prisma;
    const doc = await documents().findFirstOrThrow({ where: { source: `material:${id}` } });
    await waitUntil(async () => (await documents().findUniqueOrThrow({ where: { id: doc.id } })).notifiedAt !== null, 20_000);
    // As if Redis lost the render job, and as if the crash came before the record of another material.
    await prisma.document.update({ where: { id: doc.id }, data: { notifiedAt: null } });
    const lost = await approvedMaterial("Материал без справки");
    await prisma.document.deleteMany({ where: { source: `material:${lost.id}` } });
    now += 3 * MINUTE;
    const result = await certificates.sweep(2 * MINUTE);
    expect(result.issued).toBe(1);
    expect(result.requeued).toBeGreaterThanOrEqual(1);
    expect(await documents().count({ where: { source: `material:${lost.id}` } })).toBe(1);
    harness.startWorkers();
    await waitUntil(async () => (await documents().findUniqueOrThrow({ where: { id: doc.id } })).notifiedAt !== null, 20_000);
    // One delivery per document, however many times its job ran.
    expect(await prisma.delivery.count({ where: { kind: "certificate", refId: `document:${doc.id}` } })).toBe(1);
  }, 60_000);
});
