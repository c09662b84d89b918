// Member digests (src/features/digests) on the real PostgreSQL and Redis: the real
// container's "digests.tick" processor, its "digest" renderer and the "delivery.send"
// processor, sending to the local HTTP fake of the Bot API. Time is controlled, not
// waited for: the container's clock is fixed and moved by hand, and processors are run
// directly (BullMQ's repeat timing is its business). Each test has its own database,
// because the tick works on every subscription there is.

import type { Job } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { deliveryJobId } from "../../src/features/delivery/delivery.service.js";
import { DigestsRepository } from "../../src/features/digests/digests.repository.js";
import { DIGEST_KIND, DIGEST_PRIORITY, DigestsService, digestRefId } from "../../src/features/digests/digests.service.js";
import { MembersRepository } from "../../src/features/members/members.repository.js";
import type { MaterialStatus, EventStatus } from "../../src/generated/prisma/enums.js";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import type { BotApiFake, RecordedCall } from "../support/bot-api-fake.js";
import type { TestDatabase } from "../support/database.js";
import { visible } from "../support/bot-harness.js";
import { WorkerHarness } from "../support/worker-harness.js";
import { formatZonedTime } from "../../src/shared/time.js";

const DAY = 86_400_000;
/** Wednesday 2 December 2026, 12:00 in Moscow. */
const T0 = new Date("2026-12-02T09:00:00.000Z");
/** Monday 7 December 2026, 10:00 in Moscow; the week before starts on 30 November. */
const MOSCOW_DUE = new Date("2026-12-07T07:00:00.000Z");
const MOSCOW_WEEK_BEFORE = new Date("2026-11-30T07:00:00.000Z");

let harness: WorkerHarness;
let fake: BotApiFake;
let db: TestDatabase;
let container: Container;
let now = T0;
const setNow = (date: Date | string) => {
  now = new Date(date);
};

beforeEach(async () => {
  harness = await WorkerHarness.create({
    env: { DEFAULT_TIMEZONE: "Europe/Moscow" },
    delivery: { attempts: 1, backoffDelayMs: 10 },
    clock: () => new Date(now.getTime()),
  });
  ({ fake, db, container } = harness);
  setNow(T0);
  author = undefined;
});

afterEach(async () => {
  await harness.close();
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_600_000_000n;

interface MemberOptions {
  timezone?: string;
  subjects?: string[];
  grades?: string[];
  locale?: string;
  active?: boolean;
}

async function member(options: MemberOptions = {}): Promise<{ id: number; telegramId: bigint }> {
  const telegramId = nextTelegramId++;
  const row = await db.prisma.member.create({
    data: {
      telegramId,
      locale: options.locale ?? "ru",
      isActive: options.active ?? true,
      registeredAt: new Date(T0.getTime() - 30 * DAY),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: `Учитель ${telegramId}`,
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          experienceYears: 5,
          timezone: options.timezone ?? "Europe/Moscow",
          subjects: { create: (options.subjects ?? ["math"]).map((subjectCode) => ({ subjectCode })) },
          grades: { create: (options.grades ?? ["7"]).map((gradeCode) => ({ gradeCode })) },
        },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId };
}

let author: { id: number } | undefined;
async function someAuthor(): Promise<{ id: number }> {
  author ??= await db.prisma.member.create({ data: { telegramId: 7_699_999_999n, registeredAt: T0, consentStatus: "GIVEN" }, select: { id: true } });
  return author;
}

async function material(
  over: {
    title?: string;
    subject?: string;
    grades?: string[];
    publishedAt?: Date | null;
    status?: MaterialStatus;
    hidden?: boolean;
    deleted?: boolean;
    authorId?: number;
  } = {},
): Promise<number> {
  const row = await db.prisma.material.create({
    data: {
      authorId: over.authorId ?? (await someAuthor()).id,
      title: over.title ?? "Дроби: рабочий лист",
      subjectCode: over.subject ?? "math",
      gradeCodes: over.grades ?? ["7"],
      type: "WORKSHEET",
      tags: [],
      kind: "LINK",
      url: "https://example.org/m",
      status: over.status ?? "APPROVED",
      publishedAt: over.publishedAt === undefined ? new Date(MOSCOW_DUE.getTime() - 2 * DAY) : over.publishedAt,
      hiddenAt: over.hidden ? T0 : null,
      deletedAt: over.deleted ? T0 : null,
    },
    select: { id: true },
  });
  return row.id;
}

async function event(over: { title?: string; subjects?: string[]; createdAt?: Date; startsAt?: Date; status?: EventStatus; organiserId?: number } = {}): Promise<number> {
  const row = await db.prisma.event.create({
    data: {
      organiserId: over.organiserId ?? (await someAuthor()).id,
      title: over.title ?? "Вебинар о формирующем оценивании",
      kind: "WEBINAR",
      subjectCodes: over.subjects ?? ["math"],
      startsAt: over.startsAt ?? new Date(MOSCOW_DUE.getTime() + 3 * DAY),
      durationMinutes: 60,
      timezone: "Europe/Moscow",
      reminderOffsets: [],
      checkinCode: "CODE",
      status: over.status ?? "SCHEDULED",
      createdAt: over.createdAt ?? new Date(MOSCOW_DUE.getTime() - 2 * DAY),
    },
    select: { id: true },
  });
  return row.id;
}

/** Runs the container's tick processor, as the maintenance worker would every minute. */
async function runTick(): Promise<void> {
  await container.processors["digests.tick"]({}, {} as Job<JobPayloads["digests.tick"]>, container.logger);
}

const subscription = (memberId: number) => db.prisma.digestSubscription.findUniqueOrThrow({ where: { memberId } });
const digests = () => db.prisma.delivery.findMany({ where: { kind: DIGEST_KIND }, orderBy: [{ memberId: "asc" }, { id: "asc" }] });

/** Runs the send processor on every QUEUED delivery's job, as the send queue's workers would. */
async function sendQueued(): Promise<void> {
  const queued = await db.prisma.delivery.findMany({ where: { status: "QUEUED" }, orderBy: { id: "asc" } });
  for (const d of queued) {
    const job = (await container.queues.queue("send").getJob(deliveryJobId(d.id))) as Job<JobPayloads["delivery.send"]> | undefined;
    expect(job, `job of delivery ${d.id}`).toBeDefined();
    await container.processors["delivery.send"](job!.data, job!, container.logger);
  }
}

const sentTo = (m: { telegramId: bigint }): RecordedCall[] =>
  fake.calls.filter((c) => c.method === "sendMessage" && c.response.ok && Number(c.payload.chat_id) === Number(m.telegramId));
const textTo = (m: { telegramId: bigint }): string => String(sentTo(m).at(-1)?.payload.text ?? "");

// ---------------------------------------------------------------- adoption

describe("default subscriptions", () => {
  it("every registered, reachable member gets a weekly subscription due at Monday 10:00 in their own zone; nobody else does", async () => {
    const moscow = await member();
    const kamchatka = await member({ timezone: "Asia/Kamchatka" });
    const newYork = await member({ timezone: "America/New_York" });
    const unknownZone = await member({ timezone: "Mars/Olympus_Mons" });
    const inactive = await member({ active: false });
    const refused = await db.prisma.member.create({ data: { telegramId: 7_611_000_001n, consentStatus: "REFUSED" } });
    const halfway = await db.prisma.member.create({ data: { telegramId: 7_611_000_002n } });
    const erased = await db.prisma.member.create({ data: { telegramId: null, deletedAt: T0, isActive: false } });

    const result = await container.services.digests.tick();
    expect(result).toEqual({ adopted: 4, due: 0, queued: 0, empty: 0 });
    const rows = await db.prisma.digestSubscription.findMany({ orderBy: { memberId: "asc" } });
    expect(rows.map((r) => r.memberId)).toEqual([moscow.id, kamchatka.id, newYork.id, unknownZone.id]);
    for (const r of rows) expect(r).toMatchObject({ frequency: "WEEKLY", subjectCodes: [], gradeCodes: [], lastDigestAt: null });
    expect((await subscription(moscow.id)).nextDueAt).toEqual(MOSCOW_DUE);
    // Monday 10:00 in Kamchatka (UTC+12) is Sunday 22:00 UTC; in New York (EST, UTC−5) 15:00 UTC.
    expect((await subscription(kamchatka.id)).nextDueAt).toEqual(new Date("2026-12-06T22:00:00Z"));
    expect((await subscription(newYork.id)).nextDueAt).toEqual(new Date("2026-12-07T15:00:00Z"));
    // A zone the runtime does not know falls back to the community default.
    expect((await subscription(unknownZone.id)).nextDueAt).toEqual(MOSCOW_DUE);
    for (const id of [inactive.id, refused.id, halfway.id, erased.id]) expect(await db.prisma.digestSubscription.findUnique({ where: { memberId: id } })).toBeNull();

    // Adoption is done once: the next tick finds nobody new and changes nothing.
    expect(await container.services.digests.tick()).toEqual({ adopted: 0, due: 0, queued: 0, empty: 0 });
  });

  it("a member who turned digests off stays off (adoption never overrides a choice)", async () => {
    const m = await member();
    const state = (await container.services.members.find(m.telegramId))!;
    await container.services.digests.setFrequency(state, "OFF");
    await runTick();
    setNow(new Date(MOSCOW_DUE.getTime() + 60_000));
    await material();
    await runTick();
    expect(await subscription(m.id)).toMatchObject({ frequency: "OFF", nextDueAt: null });
    expect(await digests()).toEqual([]);
  });
});

// ---------------------------------------------------------------- content

describe("digest content", () => {
  it("has the window's approved materials in the member's subjects and grades and their new upcoming events, and nothing else", async () => {
    const reader = await member({ subjects: ["math", "physics"], grades: ["7", "8"] });
    await runTick();
    const inWindow = new Date(MOSCOW_DUE.getTime() - 2 * DAY);
    const hostile = `<b>Дроби</b> & «ответы» ${"ж".repeat(150)}`;

    const included = {
      hostile: await material({ title: hostile }),
      physics: await material({ title: "Законы Ньютона", subject: "physics", grades: ["8", "9"] }),
      noGrades: await material({ title: "Материал без классов", grades: [] }),
      firstMinute: await material({ title: "Опубликован в начале окна", publishedAt: MOSCOW_WEEK_BEFORE }),
    };
    const excluded = [
      await material({ title: "Химия (не мой предмет)", subject: "chemistry" }),
      await material({ title: "Для 10 класса", grades: ["10", "11"] }),
      await material({ title: "На модерации", status: "PENDING", publishedAt: null }),
      await material({ title: "Снят с публикации", status: "UNPUBLISHED" }),
      await material({ title: "Скрыт по жалобам", hidden: true }),
      await material({ title: "Удалён", deleted: true }),
      await material({ title: "Старый", publishedAt: new Date(MOSCOW_WEEK_BEFORE.getTime() - 1) }),
      await material({ title: "Опубликован ровно в срок", publishedAt: MOSCOW_DUE }),
      await material({ title: "Свой материал", authorId: reader.id }),
    ];
    const events = {
      math: await event({ title: "Вебинар по математике" }),
      everyone: await event({ title: "Педсовет для всех", subjects: [] }),
    };
    const excludedEvents = [
      await event({ title: "Семинар по химии", subjects: ["chemistry"] }),
      await event({ title: "Отменённый семинар", status: "CANCELLED" }),
      await event({ title: "Уже прошедший", startsAt: new Date(MOSCOW_DUE.getTime() - DAY) }),
      await event({ title: "Созданный до окна", createdAt: new Date(MOSCOW_WEEK_BEFORE.getTime() - DAY) }),
      await event({ title: "Своё мероприятие", organiserId: reader.id }),
    ];
    expect(excluded).toHaveLength(9);
    expect(excludedEvents).toHaveLength(5);
    expect(inWindow.getTime()).toBeLessThan(MOSCOW_DUE.getTime());

    // Not yet due a second before; due at 10:00.
    setNow(new Date(MOSCOW_DUE.getTime() - 1000));
    await runTick();
    expect(await digests()).toEqual([]);
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    const queued = await digests();
    expect(queued.map((d) => ({ member: d.memberId, ref: d.refId, status: d.status }))).toEqual([
      { member: reader.id, ref: digestRefId({ from: MOSCOW_WEEK_BEFORE, to: MOSCOW_DUE }), status: "QUEUED" },
    ]);
    const job = await container.queues.queue("send").getJob(deliveryJobId(queued[0]!.id));
    expect(job?.opts.priority).toBe(DIGEST_PRIORITY);
    expect(await subscription(reader.id)).toMatchObject({ lastDigestAt: MOSCOW_DUE, nextDueAt: new Date("2026-12-14T07:00:00Z") });

    await sendQueued();
    const html = textTo(reader);
    const text = visible(html);
    expect(text).toContain("Новое за неделю по вашим предметам");
    expect(text).toContain("Новые материалы (4)");
    expect(text).toContain(`${hostile.slice(0, 99)}…`);
    expect(html).toContain("&lt;b&gt;Дроби&lt;/b&gt; &amp; «ответы»");
    for (const id of Object.values(included)) expect(html).toContain(`https://t.me/${fake.botInfo.username}?start=m_${id}`);
    for (const id of excluded) expect(html).not.toContain(`start=m_${id}"`);
    expect(text).toContain("Законы Ньютона — Физика, Рабочий лист");
    expect(text).toContain("Новые мероприятия (2)");
    for (const id of Object.values(events)) expect(html).toContain(`?start=e_${id}"`);
    for (const id of excludedEvents) expect(html).not.toContain(`start=e_${id}"`);
    expect(text).toContain(formatZonedTime(new Date(MOSCOW_DUE.getTime() + 3 * DAY), "Europe/Moscow", "ru"));
    expect(text).toContain("/subscriptions");
    expect(sentTo(reader)[0]!.payload.link_preview_options).toEqual({ is_disabled: true });
    expect((await digests())[0]!.status).toBe("SENT");
  });

  it("follows the subscription's own subjects and grades instead of the profile's", async () => {
    const reader = await member({ subjects: ["math"], grades: ["7"] });
    const state = (await container.services.members.find(reader.telegramId))!;
    await container.services.digests.toggleSubject(state, "history");
    await container.services.digests.toggleSubject(state, "math");
    await container.services.digests.toggleGrade(state, "10");
    expect(await subscription(reader.id)).toMatchObject({ subjectCodes: ["history"], gradeCodes: ["7", "10"] });
    const history = await material({ title: "Смутное время", subject: "history", grades: ["10"] });
    await material({ title: "Дроби", subject: "math", grades: ["7"] });
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    await sendQueued();
    const html = textTo(reader);
    expect(html).toContain(`start=m_${history}"`);
    expect(visible(html)).not.toContain("Дроби");
  });

  it("shows the first 10 materials and 5 events, newest and soonest first, with 'and N more', within Telegram's limit", async () => {
    const reader = await member({ locale: "en" });
    await runTick();
    for (let i = 0; i < 13; i++) {
      await material({ title: `№${i} ${"Длинное название & <i>".repeat(8)}`, publishedAt: new Date(MOSCOW_WEEK_BEFORE.getTime() + (i + 1) * 3_600_000) });
    }
    for (let i = 0; i < 7; i++) await event({ title: `Event ${i}`, startsAt: new Date(MOSCOW_DUE.getTime() + (i + 1) * DAY) });
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    await sendQueued();
    const html = textTo(reader);
    const text = visible(html);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("New materials (13)");
    expect(text).toContain("…and 3 more in /library");
    expect(text).toContain("…and 2 more in /events");
    // Newest material first (№12), the three oldest left for /library; soonest event first.
    expect(text.indexOf("№12 ")).toBeGreaterThan(0);
    expect(text.indexOf("№12 ")).toBeLessThan(text.indexOf("№11 "));
    expect(text).toContain("№3 ");
    expect(text).not.toContain("№2 ");
    expect(html).toContain("&lt;i&gt;");
    expect(text.indexOf("Event 0")).toBeLessThan(text.indexOf("Event 4"));
    expect(text).not.toContain("Event 5");
    expect(text).toContain("Mathematics, Worksheet");
  });
});

// ---------------------------------------------------------------- no empty digests

describe("no empty digests", () => {
  it("a member with nothing new gets no digest, and the window still moves on", async () => {
    const idle = await member({ subjects: ["music"] });
    const busy = await member({ subjects: ["math"] });
    await material({ subject: "math" });
    await runTick();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    const result = await container.services.digests.tick();
    expect(result).toEqual({ adopted: 0, due: 2, queued: 1, empty: 1 });
    expect((await digests()).map((d) => d.memberId)).toEqual([busy.id]);
    expect(await subscription(idle.id)).toMatchObject({ lastDigestAt: MOSCOW_DUE, nextDueAt: new Date("2026-12-14T07:00:00Z") });
    await sendQueued();
    expect(sentTo(idle)).toEqual([]);
    expect(sentTo(busy)).toHaveLength(1);
  });

  it("a digest whose content was withdrawn or cancelled before it was sent is skipped, not sent empty", async () => {
    const reader = await member();
    await runTick();
    const materialId = await material();
    const eventId = await event();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    expect(await digests()).toHaveLength(1);
    await db.prisma.material.update({ where: { id: materialId }, data: { status: "WITHDRAWN" } });
    await db.prisma.event.update({ where: { id: eventId }, data: { status: "CANCELLED" } });
    await sendQueued();
    expect(sentTo(reader)).toEqual([]);
    expect((await digests())[0]).toMatchObject({ status: "SKIPPED", error: "no longer applies" });
  });

  it("a digest queued before the member turned digests off is skipped", async () => {
    const reader = await member();
    await runTick();
    await material();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    await container.services.digests.setFrequency(await container.services.members.find(reader.telegramId), "OFF");
    await sendQueued();
    expect(sentTo(reader)).toEqual([]);
    expect((await digests())[0]!.status).toBe("SKIPPED");
  });
});

// ---------------------------------------------------------------- time zones

describe("time zone of delivery", () => {
  it("each member's digest is queued at 10:00 on Monday in their own zone, with event times in that zone", async () => {
    const kamchatka = await member({ timezone: "Asia/Kamchatka" });
    const moscow = await member({ timezone: "Europe/Moscow" });
    const newYork = await member({ timezone: "America/New_York", locale: "en" });
    await runTick();
    // Published early in every member's window (Kamchatka's week starts on Sunday 29 Nov, 22:00 UTC).
    await material({ publishedAt: new Date("2026-12-01T00:00:00Z") });
    const startsAt = new Date("2026-12-10T15:00:00Z");
    await event({ startsAt, createdAt: new Date("2026-12-01T00:00:00Z") });

    const queuedFor = async () => (await digests()).map((d) => d.memberId).sort((a, b) => a - b);
    setNow("2026-12-06T21:59:00Z");
    await runTick();
    expect(await queuedFor()).toEqual([]);
    setNow("2026-12-06T22:00:10Z"); // Monday 10:00 in Kamchatka
    await runTick();
    expect(await queuedFor()).toEqual([kamchatka.id]);
    setNow("2026-12-07T07:00:10Z"); // Monday 10:00 in Moscow
    await runTick();
    expect(await queuedFor()).toEqual([kamchatka.id, moscow.id]);
    setNow("2026-12-07T14:59:00Z");
    await runTick();
    expect(await queuedFor()).toEqual([kamchatka.id, moscow.id]);
    setNow("2026-12-07T15:00:10Z"); // Monday 10:00 in New York
    await runTick();
    expect(await queuedFor()).toEqual([kamchatka.id, moscow.id, newYork.id]);

    const refs = new Map((await digests()).map((d) => [d.memberId, d.refId]));
    expect(refs.get(kamchatka.id)).toBe(digestRefId({ from: new Date("2026-11-29T22:00:00Z"), to: new Date("2026-12-06T22:00:00Z") }));
    expect(refs.get(newYork.id)).toBe(digestRefId({ from: new Date("2026-11-30T15:00:00Z"), to: new Date("2026-12-07T15:00:00Z") }));

    await sendQueued();
    expect(visible(textTo(kamchatka))).toContain(formatZonedTime(startsAt, "Asia/Kamchatka", "ru"));
    expect(visible(textTo(kamchatka))).toContain("11 декабря 2026, 03:00 (Asia/Kamchatka, UTC+12)");
    expect(visible(textTo(moscow))).toContain("10 декабря 2026, 18:00 (Europe/Moscow, UTC+3)");
    expect(visible(textTo(newYork))).toContain("10 December 2026, 10:00 (America/New_York, UTC-5)");
  });

  it("New York across the end of DST: the first Monday after it is 10:00 EST (15:00 UTC), not 10:00 EDT", async () => {
    setNow("2026-10-28T16:00:00Z"); // Wednesday, still on EDT
    const newYork = await member({ timezone: "America/New_York" });
    await runTick();
    expect((await subscription(newYork.id)).nextDueAt).toEqual(new Date("2026-11-02T15:00:00Z"));
    await material({ publishedAt: new Date("2026-10-30T12:00:00Z") });
    setNow("2026-11-02T14:00:30Z"); // 09:00 EST: 10:00 would be on summer time only
    await runTick();
    expect(await digests()).toEqual([]);
    setNow("2026-11-02T15:00:30Z");
    await runTick();
    expect((await digests()).map((d) => d.refId)).toEqual([digestRefId({ from: new Date("2026-10-26T14:00:00Z"), to: new Date("2026-11-02T15:00:00Z") })]);
    expect((await subscription(newYork.id)).nextDueAt).toEqual(new Date("2026-11-09T15:00:00Z"));
  });

  it("moving the profile east keeps this week's digest, in the new zone; daily digests come at 10:00 every day", async () => {
    const m = await member({ timezone: "Europe/Moscow" });
    await runTick();
    setNow("2026-12-07T01:00:00Z"); // Monday 11:00 in Vladivostok, 04:00 in Moscow
    await container.services.profile.update(m.id, "timezone", "Asia/Vladivostok");
    // The same Monday's 10:00, now in Vladivostok (00:00 UTC): already due.
    expect((await subscription(m.id)).nextDueAt).toEqual(new Date("2026-12-07T00:00:00Z"));
    await material({ publishedAt: new Date("2026-12-03T00:00:00Z") });
    await runTick();
    expect(await digests()).toHaveLength(1);
    expect(await subscription(m.id)).toMatchObject({ lastDigestAt: new Date("2026-12-07T00:00:00Z"), nextDueAt: new Date("2026-12-14T00:00:00Z") });

    // Daily from now on: tomorrow 10:00 in Vladivostok, not within 12 hours of the last digest.
    await container.services.digests.setFrequency(await container.services.members.find(m.telegramId), "DAILY");
    expect((await subscription(m.id)).nextDueAt).toEqual(new Date("2026-12-08T00:00:00Z"));
    await material({ publishedAt: new Date("2026-12-07T10:00:00Z") });
    setNow("2026-12-08T00:00:20Z");
    await runTick();
    expect((await digests()).map((d) => d.refId)).toEqual([
      digestRefId({ from: new Date("2026-11-30T00:00:00Z"), to: new Date("2026-12-07T00:00:00Z") }),
      digestRefId({ from: new Date("2026-12-07T00:00:00Z"), to: new Date("2026-12-08T00:00:00Z") }),
    ]);
  });
});

// ---------------------------------------------------------------- robustness

describe("idempotency and catch-up", () => {
  it("two ticks at once (two worker processes) queue each digest once and advance each window once", async () => {
    const members = await Promise.all(Array.from({ length: 30 }, (_, i) => member({ timezone: i % 2 ? "Europe/Moscow" : "Asia/Kamchatka" })));
    await runTick();
    await material({ publishedAt: new Date("2026-12-03T00:00:00Z") });
    setNow("2026-12-07T08:00:00Z");
    const other = harness.newContainer();
    let results;
    try {
      results = await Promise.all([container.services.digests.tick(), other.services.digests.tick(), container.services.digests.tick()]);
    } finally {
      await other.close();
    }
    // SKIP LOCKED: each due subscription was handled by exactly one of the three.
    expect(results.reduce((sum, r) => sum + r.due, 0)).toBe(30);
    expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(30);
    const queued = await digests();
    expect(queued).toHaveLength(30);
    expect(new Set(queued.map((d) => d.memberId)).size).toBe(30);
    expect(await container.queues.queue("send").count()).toBe(30);
    for (const m of members) expect((await subscription(m.id)).lastDigestAt).not.toBeNull();

    // A later tick in the same week finds nothing due.
    expect(await container.services.digests.tick()).toMatchObject({ due: 0, queued: 0 });
    expect(await digests()).toHaveLength(30);
  });

  it("a tick that dies after queueing but before advancing: the next tick queues nothing twice", async () => {
    const m = await member();
    await runTick();
    await material();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    // The same service, but the process "dies" right after its enqueue (before the commit).
    const crashing = new DigestsService(
      new DigestsRepository(db.prisma),
      new MembersRepository(db.prisma),
      container.services.catalogue,
      {
        enqueue: async (...args: Parameters<Container["services"]["delivery"]["enqueue"]>) => {
          await container.services.delivery.enqueue(...args);
          throw new Error("worker killed");
        },
      },
      { defaultTimezone: "Europe/Moscow", now: () => now },
    );
    await expect(crashing.tick()).rejects.toThrow("worker killed");
    expect(await digests()).toHaveLength(1);
    expect(await subscription(m.id)).toMatchObject({ lastDigestAt: null, nextDueAt: MOSCOW_DUE });

    await runTick();
    expect(await digests()).toHaveLength(1);
    expect(await container.queues.queue("send").count()).toBe(1);
    expect(await subscription(m.id)).toMatchObject({ lastDigestAt: MOSCOW_DUE });
    await sendQueued();
    expect(sentTo(m)).toHaveLength(1);
  });

  it("after three weeks of downtime: one digest with everything since the last one, not three", async () => {
    const m = await member();
    await db.prisma.digestSubscription.create({
      data: {
        memberId: m.id,
        frequency: "WEEKLY",
        subjectCodes: [],
        gradeCodes: [],
        lastDigestAt: new Date("2026-11-16T07:00:00Z"),
        nextDueAt: new Date("2026-11-23T07:00:00Z"),
      },
    });
    const early = await material({ title: "Первая неделя", publishedAt: new Date("2026-11-18T00:00:00Z") });
    const late = await material({ title: "Третья неделя", publishedAt: new Date("2026-12-03T00:00:00Z") });
    setNow("2026-12-09T12:00:00Z");
    const result = await container.services.digests.tick();
    expect(result).toMatchObject({ due: 1, queued: 1 });
    expect((await digests()).map((d) => d.refId)).toEqual([digestRefId({ from: new Date("2026-11-16T07:00:00Z"), to: MOSCOW_DUE })]);
    expect(await subscription(m.id)).toMatchObject({ lastDigestAt: MOSCOW_DUE, nextDueAt: new Date("2026-12-14T07:00:00Z") });
    await sendQueued();
    const html = textTo(m);
    expect(html).toContain(`start=m_${early}"`);
    expect(html).toContain(`start=m_${late}"`);
    expect(visible(html)).toContain("Новое по вашим предметам с 16 ноября 2026, 10:00");
    expect(sentTo(m)).toHaveLength(1);
  });

  it("works through many due members in batches: every one handled in one tick, members of one zone share one window", async () => {
    const count = 1_200;
    const base = await db.prisma.member.createManyAndReturn({
      data: Array.from({ length: count }, (_, i) => ({ telegramId: 7_620_000_000n + BigInt(i), registeredAt: T0, consentStatus: "GIVEN" as const })),
      select: { id: true },
    });
    await db.prisma.profile.createMany({
      data: base.map(({ id }) => ({
        memberId: id,
        fullName: "Учитель",
        professionalRole: "TEACHER" as const,
        regionCode: "RU-MOW",
        city: "Москва",
        experienceYears: 3,
        timezone: "Europe/Moscow",
      })),
    });
    await db.prisma.profileSubject.createMany({ data: base.map(({ id }) => ({ memberId: id, subjectCode: "math" })) });
    await db.prisma.profileGrade.createMany({ data: base.map(({ id }) => ({ memberId: id, gradeCode: "7" })) });
    expect(await container.services.digests.tick()).toMatchObject({ adopted: count });
    await material();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    expect(await container.services.digests.tick()).toEqual({ adopted: 0, due: count, queued: count, empty: 0 });
    const refs = await db.prisma.delivery.groupBy({ by: ["refId"], where: { kind: DIGEST_KIND }, _count: { _all: true } });
    expect(refs).toEqual([{ refId: digestRefId({ from: MOSCOW_WEEK_BEFORE, to: MOSCOW_DUE }), _count: { _all: count } }]);
    expect(await db.prisma.digestSubscription.count({ where: { nextDueAt: { lte: now } } })).toBe(0);
  });
});

// ---------------------------------------------------------------- erasure

describe("erased members", () => {
  it("/forgetme removes the subscription, and a queued digest is not sent", async () => {
    const m = await member();
    await runTick();
    await material();
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    await runTick();
    expect(await digests()).toHaveLength(1);
    await container.services.privacy.forget((await container.services.members.find(m.telegramId))!);
    expect(await db.prisma.digestSubscription.findUnique({ where: { memberId: m.id } })).toBeNull();
    await sendQueued();
    expect(fake.calls.filter((c) => c.method === "sendMessage")).toEqual([]);
    // Not adopted again: an erased member is not registered.
    await runTick();
    expect(await db.prisma.digestSubscription.count()).toBe(0);
  });

  it("the tick drops a subscription whose member was erased without the hook, and queues nothing for them", async () => {
    const m = await member();
    await runTick();
    await material();
    await db.prisma.member.update({ where: { id: m.id }, data: { telegramId: null, registeredAt: null, deletedAt: T0, isActive: false } });
    await db.prisma.profile.delete({ where: { memberId: m.id } });
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    expect(await container.services.digests.tick()).toMatchObject({ due: 1, queued: 0 });
    expect(await db.prisma.digestSubscription.count()).toBe(0);
    expect(await digests()).toEqual([]);
  });

  it("an inactive member (blocked the bot) gets no digest; the window moves on", async () => {
    const m = await member();
    await runTick();
    await material();
    await db.prisma.member.update({ where: { id: m.id }, data: { isActive: false } });
    setNow(new Date(MOSCOW_DUE.getTime() + 30_000));
    expect(await container.services.digests.tick()).toMatchObject({ due: 1, queued: 0 });
    expect(await digests()).toEqual([]);
    expect((await subscription(m.id)).lastDigestAt).toEqual(MOSCOW_DUE);
  });
});
