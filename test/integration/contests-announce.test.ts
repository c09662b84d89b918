// Announcing a contest's phases (issue 13) on the real PostgreSQL and Redis: the group
// announcement pipeline of the groups slice (registered kinds contest-open / -judging /
// -results), the sending path for the broadcast to the contest's segment, real BullMQ workers
// and the local HTTP fake of the Bot API. Contests are made with prisma directly: the phase
// moves are another module's; here the status is set as a move would leave it.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { CONTEST_PHASE_DELIVERY, contestAnnouncerOf, contestPhaseRef, type ContestAnnouncer } from "../../src/features/contests/contests.announce.js";
import type { ContestStatus } from "../../src/generated/prisma/enums.js";
import { startBotApiFake, type BotApiFake, type RecordedCall } from "../support/bot-api-fake.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { waitUntil } from "../support/wait.js";
import { WorkerHarness } from "../support/worker-harness.js";

const T0 = new Date("2026-12-01T09:00:00.000Z");
const DAY = 24 * 3_600_000;
const WINDOW_MS = 300;

let fake: BotApiFake;
let db: TestDatabase;
let harness: WorkerHarness;
let container: Container;
let announcer: ContestAnnouncer;

beforeAll(async () => {
  fake = await startBotApiFake();
  db = await createTestDatabase();
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

beforeEach(async () => {
  fake.reset();
  harness = await WorkerHarness.create({
    fake,
    db,
    env: { GROUP_ANNOUNCE_WINDOW_MS: String(WINDOW_MS), DEFAULT_TIMEZONE: "Europe/Moscow" },
    delivery: { attempts: 1, backoffDelayMs: 10 },
    clock: () => new Date(T0.getTime()),
  });
  container = harness.container;
  // The contests slice's services hold the announcer once the lead wires it; until then it is built here, the same way.
  const wired = (container.services as { contestAnnouncer?: ContestAnnouncer }).contestAnnouncer;
  announcer = wired ?? contestAnnouncerOf(container, container.services.contestsRepository);
  harness.startWorkers();
});

afterEach(async () => {
  await harness.close();
  await db.prisma.group.deleteMany({});
  await db.prisma.delivery.deleteMany({});
  await db.prisma.contest.deleteMany({});
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_700_000_000n;
let nextChatId = -1_001_800_000_000;

interface MemberOptions {
  subjects?: string[];
  grades?: string[];
  locale?: string;
  timezone?: string;
  registered?: boolean;
  erased?: boolean;
}

async function member(options: MemberOptions = {}): Promise<{ id: number; telegramId: number }> {
  const telegramId = nextTelegramId++;
  const row = await db.prisma.member.create({
    data: {
      telegramId: options.erased ? null : telegramId,
      locale: options.locale ?? "ru",
      registeredAt: options.registered === false ? null : new Date(),
      deletedAt: options.erased ? new Date() : null,
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: "Мария Ивановна",
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          experienceYears: 5,
          timezone: options.timezone ?? "Europe/Moscow",
          subjects: { create: (options.subjects ?? []).map((subjectCode) => ({ subjectCode })) },
          grades: { create: (options.grades ?? []).map((gradeCode) => ({ gradeCode })) },
        },
      },
    },
    select: { id: true },
  });
  return { id: row.id, telegramId: Number(telegramId) };
}

async function group(options: { subjects?: string[]; general?: boolean; locale?: string; eventsThread?: number; announceEvents?: boolean } = {}) {
  const chatId = nextChatId--;
  const row = await db.prisma.group.create({
    data: {
      chatId: BigInt(chatId),
      title: `Группа ${chatId}`,
      chatType: "supergroup",
      isForum: options.eventsThread !== undefined,
      missingRights: [],
      linkedAt: new Date(),
      isGeneral: options.general ?? false,
      locale: options.locale ?? "ru",
      eventsThreadId: options.eventsThread ?? null,
      announceEvents: options.announceEvents ?? true,
      subjects: { create: (options.subjects ?? (options.general ? [] : ["math"])).map((subjectCode) => ({ subjectCode })) },
    },
    select: { id: true },
  });
  return { id: row.id, chatId };
}

let organiserId: number | undefined;

interface ContestOptions {
  title?: string;
  status?: ContestStatus;
  broadcast?: boolean;
  audienceVote?: boolean;
  nominations?: { subjects: string[]; grades: string[] }[];
}

async function contest(options: ContestOptions = {}): Promise<number> {
  organiserId ??= (await member()).id;
  const nominations = options.nominations ?? [{ subjects: ["math"], grades: ["5"] }];
  const row = await db.prisma.contest.create({
    data: {
      organiserId,
      title: options.title ?? "Урок года",
      timezone: "Europe/Moscow",
      submissionOpensAt: T0,
      submissionClosesAt: new Date(T0.getTime() + 7 * DAY),
      judgingClosesAt: new Date(T0.getTime() + 14 * DAY),
      resultsAt: new Date(T0.getTime() + 15 * DAY),
      formats: ["file"],
      fileFamilies: [],
      status: options.status ?? "OPEN",
      broadcastPhases: options.broadcast ?? false,
      audienceVote: options.audienceVote ?? false,
      nominations: {
        create: nominations.map((n, i) => ({ position: i + 1, title: `Номинация ${i + 1}`, subjectCodes: n.subjects, gradeCodes: n.grades })),
      },
    },
    select: { id: true },
  });
  return row.id;
}

const postsTo = (chatId: number, method = "sendMessage") => fake.callsOf(method).filter((c) => c.payload.chat_id === chatId);
const rows = (groupId: number) => db.prisma.groupAnnouncement.findMany({ where: { groupId }, orderBy: { id: "asc" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (c: RecordedCall) => String(c.payload.text);
const deliveries = (contestId: number, phase: "open" | "judging" | "results") =>
  db.prisma.delivery.findMany({ where: { kind: CONTEST_PHASE_DELIVERY, refId: contestPhaseRef(contestId, phase) }, orderBy: { memberId: "asc" } });

async function announced(groupId: number, count = 1): Promise<void> {
  await waitUntil(async () => (await rows(groupId)).filter((r) => r.status === "SENT").length >= count, 10_000);
}

// ---------------------------------------------------------------- tests

describe("announcing phases in groups", () => {
  it("posts each phase once in the groups of the nominations' subjects and in general groups, none elsewhere", async () => {
    const math = await group({ subjects: ["math"], eventsThread: 8 });
    const physics = await group({ subjects: ["physics"] });
    const general = await group({ general: true, locale: "en" });
    const history = await group({ subjects: ["history"] });
    const id = await contest({
      title: "Урок <b>& года",
      nominations: [
        { subjects: ["math"], grades: ["5"] },
        { subjects: ["physics"], grades: [] },
      ],
    });

    await announcer.phase(id, "open");
    // A retried job announces again: nothing more.
    await announcer.phase(id, "open");
    await announced(math.id);
    await announced(physics.id);
    await announced(general.id);
    await sleep(WINDOW_MS * 3);

    expect(postsTo(math.chatId)).toHaveLength(1);
    expect(postsTo(physics.chatId)).toHaveLength(1);
    expect(postsTo(general.chatId)).toHaveLength(1);
    expect(postsTo(history.chatId)).toHaveLength(0);
    expect(await rows(history.id)).toHaveLength(0);

    const [post] = postsTo(math.chatId);
    expect(post!.payload.message_thread_id).toBe(8);
    expect(text(post!)).toContain("Открыт приём работ");
    expect(text(post!)).toContain("Урок &lt;b&gt;&amp; года");
    expect(text(post!)).not.toContain("<b>&");
    // Dates in the contest's zone (Moscow, UTC+3): submissions close 8 December, 12:00.
    expect(text(post!)).toContain("8 декабря 2026, 12:00 (Europe/Moscow, UTC+3)");
    expect(text(post!)).toContain("Номинация 1, Номинация 2");
    expect(JSON.stringify(post!.payload.reply_markup)).toContain(`https://t.me/${fake.botInfo.username}?start=c_${id}`);
    expect(text(postsTo(general.chatId)[0]!)).toContain("A contest is open for entries");
    const stored = fake.getMessage(math.chatId, (await rows(math.id))[0]!.messageId!) as { text?: string };
    expect(stored.text).toContain("Урок <b>& года");
    expect((await rows(math.id))[0]).toMatchObject({ kind: "contest-open", refId: id, status: "SENT", threadId: 8 });

    // The next phases, each once more per group.
    await db.prisma.contest.update({ where: { id }, data: { status: "JUDGING" } });
    await announcer.phase(id, "judging");
    await announcer.phase(id, "judging");
    await announced(math.id, 2);
    await db.prisma.contest.update({ where: { id }, data: { status: "PUBLISHED" } });
    await announcer.phase(id, "results");
    await announced(math.id, 3);
    await announced(general.id, 3);
    await sleep(WINDOW_MS * 3);
    expect(postsTo(math.chatId)).toHaveLength(3);
    expect(postsTo(general.chatId)).toHaveLength(3);
    expect(postsTo(history.chatId)).toHaveLength(0);
    expect((await rows(math.id)).map((r) => r.kind)).toEqual(["contest-open", "contest-judging", "contest-results"]);
    expect(text(postsTo(math.chatId)[1]!)).toContain("работает жюри");
    expect(text(postsTo(math.chatId)[2]!)).toContain("Итоги конкурса опубликованы");
    expect(JSON.stringify(postsTo(math.chatId)[2]!.payload.reply_markup)).toContain(`start=c_${id}`);
  });

  it("announces a contest of every subject in general groups only, and not where event announcements are off", async () => {
    const math = await group({ subjects: ["math"] });
    const general = await group({ general: true });
    const quiet = await group({ general: true, announceEvents: false });
    const id = await contest({ nominations: [{ subjects: [], grades: [] }], audienceVote: true, status: "JUDGING" });
    await announcer.phase(id, "judging");
    await announced(general.id);
    await sleep(WINDOW_MS * 3);
    expect(postsTo(math.chatId)).toHaveLength(0);
    expect(postsTo(quiet.chatId)).toHaveLength(0);
    expect(await rows(quiet.id)).toHaveLength(0);
    const [post] = postsTo(general.chatId);
    expect(text(post!)).toContain("зрительское голосование");
    expect(JSON.stringify(post!.payload.reply_markup)).toContain("Голосовать");
  });

  it("drops a pending announcement of a phase the contest has left, and takes back the posts of a cancelled contest", async () => {
    const g = await group();
    const id = await contest();
    await announcer.phase(id, "open");
    await announced(g.id);
    const messageId = (await rows(g.id))[0]!.messageId!;

    // Judging announced while the contest is (already) published: stale when its turn comes.
    await db.prisma.contest.update({ where: { id }, data: { status: "PUBLISHED" } });
    await announcer.phase(id, "judging");
    await waitUntil(async () => (await rows(g.id)).some((r) => r.kind === "contest-judging" && r.status === "DELETED"), 10_000);
    expect(postsTo(g.chatId)).toHaveLength(1);

    await db.prisma.contest.update({ where: { id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    await announcer.cancelled(id);
    await waitUntil(async () => (await rows(g.id))[0]!.status === "DELETED", 10_000);
    expect(postsTo(g.chatId, "deleteMessage").map((c) => c.payload.message_id)).toEqual([messageId]);
    // A cancelled contest announces nothing more.
    await announcer.phase(id, "results");
    expect(await rows(g.id)).toHaveLength(2);
  });

  it("edits the posts with the new dates when they change", async () => {
    const g = await group();
    const id = await contest();
    await announcer.phase(id, "open");
    await announced(g.id);
    await db.prisma.contest.update({ where: { id }, data: { submissionClosesAt: new Date(T0.getTime() + 9 * DAY) } });
    await announcer.datesChanged(id);
    await waitUntil(async () => postsTo(g.chatId, "editMessageText").length >= 1, 10_000);
    const [edit] = postsTo(g.chatId, "editMessageText");
    expect(text(edit!)).toContain("10 декабря 2026, 12:00");
    expect(JSON.stringify(edit!.payload.reply_markup)).toContain(`start=c_${id}`);
  });

  it("re-queues the withdrawal of a cancelled contest's post after Redis lost it", async () => {
    const g = await group();
    const id = await contest();
    await announcer.phase(id, "open");
    await announced(g.id);
    await db.prisma.contest.update({ where: { id }, data: { status: "CANCELLED" } });
    expect(await container.services.groupAnnouncements.reconcile()).toEqual({ groupsRequeued: 0, withdrawalsRequeued: 1 });
    await waitUntil(async () => (await rows(g.id))[0]!.status === "DELETED", 10_000);
    expect(postsTo(g.chatId, "deleteMessage")).toHaveLength(1);
  });
});

describe("broadcast to the segment", () => {
  it("sends each phase once to registered, reachable members of the nominations' subjects and grades", async () => {
    const mathFive = await member({ subjects: ["math", "history"], grades: ["5"] });
    const physicsSix = await member({ subjects: ["physics"], grades: ["6"], locale: "en", timezone: "Asia/Yekaterinburg" });
    const mathTen = await member({ subjects: ["math"], grades: ["10"] });
    const history = await member({ subjects: ["history"], grades: ["5"] });
    const unregistered = await member({ subjects: ["math"], grades: ["5"], registered: false });
    const erased = await member({ subjects: ["math"], grades: ["5"], erased: true });
    const id = await contest({
      broadcast: true,
      title: "Урок <b>& года",
      nominations: [
        { subjects: ["math"], grades: ["5"] },
        { subjects: ["physics"], grades: ["6"] },
      ],
    });

    await announcer.phase(id, "open");
    await announcer.phase(id, "open");
    const segment = [mathFive.id, physicsSix.id];
    expect((await deliveries(id, "open")).map((d) => d.memberId)).toEqual(segment);
    await waitUntil(async () => (await deliveries(id, "open")).every((d) => d.status === "SENT"), 10_000);

    const to = (m: { telegramId: number }) => postsTo(m.telegramId);
    expect(to(mathFive)).toHaveLength(1);
    expect(to(physicsSix)).toHaveLength(1);
    for (const m of [mathTen, history, unregistered, erased]) expect(to(m)).toHaveLength(0);
    const ru = text(to(mathFive)[0]!);
    expect(ru).toContain("Урок &lt;b&gt;&amp; года");
    expect(ru).toContain("8 декабря 2026, 12:00 (Europe/Moscow");
    const en = text(to(physicsSix)[0]!);
    expect(en).toContain("A contest is open for entries");
    // In the member's own zone (UTC+5).
    expect(en).toContain("8 December 2026, 14:00 (Asia/Yekaterinburg");
    expect(JSON.stringify(to(mathFive)[0]!.payload.reply_markup)).toContain(`https://t.me/${fake.botInfo.username}?start=c_${id}`);

    await db.prisma.contest.update({ where: { id }, data: { status: "JUDGING" } });
    await announcer.phase(id, "judging");
    expect((await deliveries(id, "judging")).map((d) => d.memberId)).toEqual(segment);
  });

  it("sends to everyone registered when a nomination is open to every subject and grade", async () => {
    const a = await member({ subjects: ["math"], grades: ["5"] });
    const b = await member({ subjects: ["history"], grades: ["10"] });
    const c = await member();
    const id = await contest({
      broadcast: true,
      nominations: [
        { subjects: ["math"], grades: ["5"] },
        { subjects: [], grades: [] },
      ],
    });
    await announcer.phase(id, "open");
    const got = (await deliveries(id, "open")).map((d) => d.memberId);
    // Every registered member of the database (the organiser and other tests' members too).
    for (const m of [a, b, c]) expect(got).toContain(m.id);
    expect(got).toContain(organiserId);
  });

  it("broadcasts nothing when the organiser did not choose it (the groups still get their post)", async () => {
    await member({ subjects: ["math"], grades: ["5"] });
    const g = await group();
    const id = await contest({ broadcast: false });
    await announcer.phase(id, "open");
    await announced(g.id);
    expect(await deliveries(id, "open")).toEqual([]);
  });

  it("skips messages of a phase the contest left before their turn", async () => {
    const m = await member({ subjects: ["math"], grades: ["5"] });
    const id = await contest({ broadcast: true, status: "CANCELLED" });
    await announcer.phase(id, "open");
    expect(await deliveries(id, "open")).toEqual([]);
    await db.prisma.contest.update({ where: { id }, data: { status: "JUDGING" } });
    await announcer.phase(id, "open");
    await waitUntil(async () => (await deliveries(id, "open")).every((d) => d.status === "SKIPPED"), 10_000);
    expect(postsTo(m.telegramId)).toHaveLength(0);
  });
});
