// Items 2 and 15 of issue 9, end to end on the real bot, PostgreSQL and Redis.
//
// A member with data in every model (an ADMIN who organised an event, holds
// the only place of a FULL event with a waitlist, left feedback, rated,
// downloaded, commented, reported, uploaded a pending «Секретова_урок.pdf»
// and a published material, scheduled a broadcast, set a digest and a
// community setting, has a delivery queued, an open questionnaire, a saved
// search and a rate-limit counter) asks for /mydata, then /forgetme.
//
// Reproduces item 2: /mydata left out event registrations, feedback,
// organised events and broadcasts. Reproduces item 15: after /forgetme the
// database still held their Telegram id (twice) and the summary in
// `broadcasts`, which stayed SCHEDULED; their feedback comment, report reason,
// pending material's title, description and file name; their registration
// stayed REGISTERED so the waitlist was never promoted. Here the whole
// database (every row of every table, as JSON) and every Redis key of the
// prefix (names and values) are dumped after erasure and searched for any
// trace of the member.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness, type TestUser } from "../support/bot-harness.js";
import { register } from "../bot/support.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import { fanoutJobId } from "../../src/features/broadcasts/broadcasts.jobs.js";
import { conversationKey } from "../../src/bot/conversation-storage.js";
import { rateLimitKey } from "../../src/features/members/members.personal-data.js";
import { commentScreenKey } from "../../src/features/contests/contests.jury.comment-screen.js";
import { newcomerNoticeKey } from "../../src/features/groups/groups.moderation.service.js";

const ADMIN = 4_100_000_001;
const VICTIM = 4_242_424_242;
const WAITER = 4_100_000_003;
const AUTHOR = 4_100_000_004;

/** Everything that identifies the victim or that they wrote; none may survive erasure (compared in lower case). */
const TRACES = ["секретов", String(VICTIM), "sekretova", "зонтик"];

let h: BotHarness;

async function state(telegramId: number): Promise<MemberState> {
  return (await h.container.services.members.find(BigInt(telegramId)))!;
}

const HOUR = 3600_000;

async function event(organiser: MemberState, title: string, capacity: number | null): Promise<number> {
  const created = await h.container.services.events.create(organiser, {
    title,
    kind: "SEMINAR",
    subjectCodes: [],
    start: new Date(Date.now() + 48 * HOUR),
    duration: 60,
    timeZone: "Europe/Moscow",
    capacity,
  });
  return created.id;
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  relationFromFields?: string[];
}

/**
 * Models of the schema with no row pointing at the member (by a member id column: a foreign key to
 * members, or a …ById / memberId column). Empty means the fixture has data in every model that can
 * hold some, so a new model is not silently left out of this test.
 */
async function modelsWithoutRowsOf(memberId: number): Promise<string[]> {
  const text = await readFile(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  const { datamodel } = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", text]], noColor: true }))) as {
    datamodel: { models: Array<{ name: string; dbName: string | null; fields: DmmfField[] }> };
  };
  const missing: string[] = [];
  for (const model of datamodel.models) {
    const fromMember = new Set(model.fields.filter((f) => f.kind === "object" && f.type === "Member").flatMap((f) => f.relationFromFields ?? []));
    const columns = model.fields
      .filter(
        (f) => f.kind === "scalar" && f.type === "Int" && (fromMember.has(f.name) || /^memberId$|ById$/.test(f.name) || (model.name === "Member" && f.name === "id")),
      )
      .map((f) => f.dbName ?? f.name);
    if (columns.length === 0) continue;
    const where = columns.map((c) => `"${c}" = $1`).join(" OR ");
    const [row] = await h.db.prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${model.dbName ?? model.name}" WHERE ${where}`, memberId);
    if (row!.n === 0) missing.push(model.name);
  }
  return missing;
}

/** Every row of every table of the database, as JSON text. */
async function dumpDatabase(): Promise<Map<string, string>> {
  const tables = await h.db.prisma.$queryRaw<Array<{ name: string }>>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
  const dump = new Map<string, string>();
  for (const { name } of tables) {
    const rows = await h.db.prisma.$queryRawUnsafe<Array<{ j: string }>>(`SELECT row_to_json(t)::text AS j FROM "${name}" t`);
    dump.set(name, rows.map((r) => r.j).join("\n"));
  }
  return dump;
}

/** Every key of the test's Redis prefix with its value, whatever its type. */
async function dumpRedis(): Promise<Map<string, string>> {
  const redis = h.container.redis;
  const dump = new Map<string, string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${h.redisPrefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === "string") value = await redis.get(key);
      else if (type === "hash") value = await redis.hgetall(key);
      else if (type === "list") value = await redis.lrange(key, 0, -1);
      else if (type === "set") value = await redis.smembers(key);
      else if (type === "zset") value = await redis.zrange(key, "0", "-1");
      else if (type === "stream") value = await redis.xrange(key, "-", "+");
      dump.set(key, JSON.stringify(value));
    }
  } while (cursor !== "0");
  return dump;
}

function tracesIn(dump: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of dump) {
    const lower = `${name}\n${text}`.toLowerCase();
    for (const trace of TRACES) {
      const at = lower.indexOf(trace);
      if (at >= 0) found.push(`${name}: …${lower.slice(Math.max(0, at - 80), at + 80)}…`);
    }
  }
  return found;
}

function exported(u: TestUser, calls: Awaited<ReturnType<TestUser["send"]>>): Record<string, any> {
  const doc = calls.find((c) => c.method === "sendDocument")!;
  const sent = (doc.response as { result: { document: { file_id: string } } }).result.document;
  return JSON.parse(h.fake.fileContent(sent.file_id)!.toString("utf8"));
}

let victim: TestUser;
let ids: {
  sending: number;
  full: number;
  past: number;
  organised: number;
  pending: number;
  published: number;
  other: number;
  broadcast: number;
  victimId: number;
  waiterId: number;
  groupId: number;
  judging: number;
  openEntry: number;
  judgedEntry: number;
  submittedReview: number;
};

beforeAll(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
  const { services, prisma } = h.container;
  const admin = h.user(ADMIN);
  await register(admin, { name: "Админова Ольга" });
  victim = h.user(VICTIM, { username: "sekretova_ip", first_name: "Ирина" });
  await register(victim, { name: "Секретова Ирина Петровна" });
  const waiter = h.user(WAITER);
  await register(waiter, { name: "Ожидающий Пётр" });
  const author = h.user(AUTHOR);
  await register(author, { name: "Авторова Мария" });

  const victimId = (await state(VICTIM)).id;
  await prisma.profile.update({ where: { memberId: victimId }, data: { organisation: "Гимназия Секретовой", city: "Секретоград" } });
  await services.admin.changeRole(await state(ADMIN), victimId, "MEMBER", "ADMIN");
  const me = await state(VICTIM);

  // Events: the only place of a full event (the waiter waits), a past one with feedback, one they organise.
  const full = await event(await state(ADMIN), "Вебинар для всех", 1);
  await services.events.register(me, full);
  await services.events.register(await state(WAITER), full);
  const past = await event(await state(ADMIN), "Прошедший семинар", null);
  await services.events.register(me, past);
  await prisma.event.update({ where: { id: past }, data: { startsAt: new Date(Date.now() - 3 * HOUR) } });
  await prisma.eventRegistration.updateMany({ where: { eventId: past }, data: { attendedAt: new Date(Date.now() - 3 * HOUR) } });
  await services.events.feedback(me, past, 4, "ЗОНТИК-ОТЗЫВ: Секретова благодарит лектора");
  const organised = await event(me, "Семинар по дробям", 30);

  // Materials: someone else's published one that the victim rates, downloads, comments and reports.
  const pdf = { kind: "DOCUMENT" as const, fileId: "f-1", fileUniqueId: "u-1", mimeType: "application/pdf", fileSize: 1000 };
  const draft = { description: "", subjectCode: "math", gradeCodes: ["7"], type: "LESSON_PLAN" as const, tags: [] };
  const other = await services.materials.create(await state(AUTHOR), { ...draft, title: "Дроби: конспект" }, { ...pdf, fileName: "drobi.pdf" });
  await services.materials.decide(await state(ADMIN), other, "approve");
  await services.materials.rate(me, other, 5);
  await services.materials.download(me, other, async () => {});
  await services.materials.comment(me, other, "ЗОНТИК-КОММЕНТ: спасибо, ваша Секретова");
  await services.materials.report(me, other, null, "ЗОНТИК-ЖАЛОБА: Секретова нашла плагиат");
  const pending = await services.materials.create(
    me,
    { ...draft, title: "Урок Секретовой ЗОНТИК-ЗАГОЛОВОК", description: "ЗОНТИК-ОПИСАНИЕ авторская разработка" },
    { ...pdf, fileId: "f-2", fileUniqueId: "u-2", fileName: "Секретова_урок.pdf" },
  );
  const published = await services.materials.create(
    me,
    { ...draft, title: "Проценты в задачах" },
    {
      kind: "DOCUMENT",
      fileId: "f-3",
      fileUniqueId: "u-3",
      fileName: "Секретова_презентация.pptx",
      mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      fileSize: 2000,
    },
  );
  await services.materials.decide(await state(ADMIN), published, "approve");
  // Its publication record carries the name and school; publishing the name was consented to, the portfolio page is on.
  await services.certificates.setNameConsent(me, true);
  await services.certificates.setPublicPortfolio(me, true);
  // A rejected one: the moderator's reason is in the audit entry about the victim.
  const rejected = await services.materials.create(me, { ...draft, title: "Черновик к отказу" }, { ...pdf, fileId: "f-4", fileUniqueId: "u-4", fileName: "draft.pdf" });
  await services.materials.decide(await state(ADMIN), rejected, "reject", "ЗОНТИК-ПРИЧИНА: у Секретовой нет источников");

  // A broadcast for tomorrow, with its progress message in the author's chat.
  const broadcast = await services.broadcasts.create(me, {
    sourceChatId: BigInt(VICTIM),
    messageIds: [7],
    summary: "ЗОНТИК-РАССЫЛКА Коллеги, Ирина Секретова приглашает",
    audience: {},
    scheduledAt: new Date(Date.now() + 24 * HOUR),
  });
  await services.broadcasts.attachStatusMessage(me, broadcast.id, BigInt(VICTIM), 8);
  // And one being sent right now: fanned out, its deliveries queued, its progress chain running.
  const sending = await services.broadcasts.create(me, { sourceChatId: BigInt(VICTIM), messageIds: [9], summary: "ЗОНТИК-СЕЙЧАС от Секретовой", audience: {} });
  await services.broadcasts.attachStatusMessage(me, sending.id, BigInt(VICTIM), 10);
  await h.container.processors["broadcasts.fanout"]({ broadcastId: sending.id }, undefined as never, h.container.logger);

  await services.digests.setFrequency(me, "DAILY");
  await services.settings.set(me, "broadcast.moderators", true);
  await services.delivery.enqueue("event.reminder", `event:${organised}:offset:60`, [victimId]);

  // Groups: one the victim added, joined and moderates; a request of theirs; warnings, a ban and
  // reports by and about them.
  const group = await prisma.group.create({
    data: { chatId: -100_777n, title: "Математики", chatType: "supergroup", missingRights: [], addedById: victimId, linkedAt: new Date() },
  });
  const authorId = (await state(AUTHOR)).id;
  await prisma.groupMember.create({ data: { groupId: group.id, telegramUserId: BigInt(VICTIM), memberId: victimId } });
  await prisma.groupJoinRequest.create({
    data: { groupId: group.id, telegramUserId: BigInt(VICTIM), userChatId: BigInt(VICTIM), memberId: victimId, decidedById: victimId },
  });
  const inAMonth = new Date(Date.now() + 30 * 24 * HOUR);
  await prisma.groupWarning.create({
    data: { telegramUserId: BigInt(VICTIM), memberId: victimId, groupId: group.id, reason: "ЗОНТИК-ВАРН: Секретова спорит", expiresAt: inAMonth },
  });
  await prisma.groupWarning.create({ data: { telegramUserId: BigInt(AUTHOR), memberId: authorId, groupId: group.id, issuedById: victimId, expiresAt: inAMonth } });
  await prisma.groupBan.create({ data: { telegramUserId: 4_100_000_099n, bannedById: victimId, reason: "spam" } });
  await prisma.groupReport.create({
    data: {
      groupId: group.id,
      messageId: 1,
      reporterTelegramId: BigInt(AUTHOR),
      reporterMemberId: authorId,
      targetTelegramId: BigInt(VICTIM),
      targetMemberId: victimId,
      excerpt: "ЗОНТИК-СООБЩЕНИЕ Секретовой",
    },
  });
  await prisma.groupReport.create({
    data: {
      groupId: group.id,
      messageId: 2,
      reporterTelegramId: BigInt(VICTIM),
      targetTelegramId: BigInt(AUTHOR),
      targetMemberId: authorId,
      decidedById: victimId,
      status: "DISMISSED",
    },
  });

  // Groups: the antiflood window of their messages in one group (in memory), a flood mute decided in
  // another (Redis), a newcomer notice flag, and their place (id and name) in a welcome batch, with a colleague's.
  const physics = await prisma.group.create({ data: { chatId: -100_778n, title: "Физики", chatType: "supergroup", missingRights: [], linkedAt: new Date() } });
  await services.groupModeration.flood.check(-100_777, VICTIM, 11, Date.now(), { messages: 100, seconds: 3600, muteMinutes: 60 });
  await services.groupModeration.flood.check(-100_778, VICTIM, 12, Date.now(), { messages: 0, seconds: 3600, muteMinutes: 60 });
  await h.container.redis.set(newcomerNoticeKey(h.redisPrefix, physics.chatId, VICTIM), "1", "PX", 600_000);
  const groupView = (await services.groups.byId(group.id))!;
  await services.groupWelcome.joined(groupView, { id: VICTIM, first_name: "Ирина", last_name: "Секретова", is_bot: false });
  await services.groupWelcome.joined(groupView, { id: AUTHOR, first_name: "Мария", is_bot: false });

  // Contests: one the victim organises and judges (a review sent with a comment, one assigned), with
  // their own entry in it and their audience vote; their entry in another, still taking entries.
  const colleague = await state(AUTHOR);
  // Registered before the vote opened (the audience vote's rule).
  await prisma.member.update({ where: { id: victimId }, data: { registeredAt: new Date(Date.now() - 30 * 24 * HOUR) } });
  const contestData = (status: "OPEN" | "JUDGING") => ({
    organiserId: victimId,
    title: "Конкурс уроков",
    timezone: "Europe/Moscow",
    submissionOpensAt: new Date(Date.now() - 20 * 24 * HOUR),
    submissionClosesAt: new Date(Date.now() + (status === "OPEN" ? 10 : -1) * 24 * HOUR),
    judgingClosesAt: new Date(Date.now() + 20 * 24 * HOUR),
    resultsAt: new Date(Date.now() + 21 * 24 * HOUR),
    formats: ["text"],
    status,
    audienceVote: true,
    nominations: { create: [{ position: 1, title: "Урок", subjectCodes: [], gradeCodes: [] }] },
  });
  const judging = await prisma.contest.create({ data: contestData("JUDGING"), include: { nominations: true } });
  const open = await prisma.contest.create({ data: contestData("OPEN"), include: { nominations: true } });
  const entry = (contest: typeof judging, authorId: number, number: number, title: string) =>
    prisma.contestEntry.create({
      data: { contestId: contest.id, nominationId: contest.nominations[0]!.id, authorId, number, title, text: title, declaredAt: new Date() },
    });
  const judgedEntry = await entry(judging, victimId, 1, "Урок о дробях");
  const othersEntry = await entry(judging, colleague.id, 2, "Урок о процентах");
  const othersSecond = await entry(judging, colleague.id, 3, "Урок о долях");
  const openEntry = await entry(open, victimId, 1, "ЗОНТИК-РАБОТА Секретовой");
  await prisma.contestJuror.create({ data: { contestId: judging.id, memberId: victimId, chair: true } });
  const submittedReview = await prisma.contestReview.create({
    data: {
      contestId: judging.id,
      entryId: othersEntry.id,
      jurorId: victimId,
      status: "SUBMITTED",
      scores: { 1: 4 },
      total: 4,
      comment: "ЗОНТИК-ЭКСПЕРТ: Секретова советует",
      submittedAt: new Date(),
    },
  });
  const pendingReview = await prisma.contestReview.create({ data: { contestId: judging.id, entryId: othersSecond.id, jurorId: victimId } });
  // The juror has that review's comment screen open (typed text would be its comment).
  await services.juryComments.open(VICTIM, { reviewId: pendingReview.id, messageId: 1 });
  expect((await services.contestVotes.vote(await state(VICTIM), othersEntry.id)).outcome).toBe("accepted");

  // Redis: an open questionnaire, a saved search, the rate limiter's counter.
  await victim.send("/search ЗОНТИК-ПОИСК Секретова");
  await victim.send("/profile");
  await victim.tap("✏️ Город");

  ids = {
    sending: sending.id,
    full,
    past,
    organised,
    pending,
    published,
    other,
    broadcast: broadcast.id,
    victimId,
    waiterId: (await state(WAITER)).id,
    groupId: group.id,
    judging: judging.id,
    openEntry: openEntry.id,
    judgedEntry: judgedEntry.id,
    submittedReview: submittedReview.id,
  };
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("/mydata and /forgetme over every slice", () => {
  it("/mydata holds the member's data from every slice (item 2)", async () => {
    const data = exported(victim, await victim.send("/mydata"));
    expect(data.member).toMatchObject({ telegramId: String(VICTIM), username: "sekretova_ip", role: "ADMIN" });
    expect(data.profile).toMatchObject({ fullName: "Секретова Ирина Петровна", city: "Секретоград", organisation: "Гимназия Секретовой" });
    expect(data.eventRegistrations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventId: ids.full, status: "REGISTERED" }),
        expect.objectContaining({ eventId: ids.past, attendedAt: expect.any(String) }),
      ]),
    );
    expect(data.eventFeedback).toEqual([expect.objectContaining({ eventId: ids.past, score: 4, comment: "ЗОНТИК-ОТЗЫВ: Секретова благодарит лектора" })]);
    expect(data.organisedEvents).toEqual([expect.objectContaining({ id: ids.organised, title: "Семинар по дробям" })]);
    expect(data.broadcasts).toEqual([
      expect.objectContaining({
        id: ids.broadcast,
        status: "SCHEDULED",
        summary: expect.stringContaining("ЗОНТИК-РАССЫЛКА"),
        sourceChatId: String(VICTIM),
        statusChatId: String(VICTIM),
      }),
      expect.objectContaining({ id: ids.sending, status: "SENDING" }),
    ]);
    expect(data.materials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ids.pending, status: "PENDING", fileName: "Секретова_урок.pdf", description: "ЗОНТИК-ОПИСАНИЕ авторская разработка" }),
        expect.objectContaining({ id: ids.published, status: "APPROVED" }),
      ]),
    );
    expect(data.ratings).toEqual([expect.objectContaining({ materialId: ids.other, value: 5 })]);
    expect(data.downloads).toEqual([expect.objectContaining({ materialId: ids.other })]);
    expect(data.comments).toEqual([expect.objectContaining({ materialId: ids.other, text: "ЗОНТИК-КОММЕНТ: спасибо, ваша Секретова" })]);
    expect(data.reports).toEqual([expect.objectContaining({ materialId: ids.other, reason: "ЗОНТИК-ЖАЛОБА: Секретова нашла плагиат" })]);
    expect(data.digestSubscription).toMatchObject({ frequency: "DAILY" });
    expect(data.documents).toEqual([
      expect.objectContaining({ kind: "PUBLICATION", for: "Проценты в задачах", holderName: "Секретова Ирина Петровна", holderSchool: "Гимназия Секретовой" }),
    ]);
    expect(data.portfolio).toMatchObject({ nameConsentAt: expect.any(String), publicPortfolio: true });
    expect(data.settingsChanged).toEqual([expect.objectContaining({ key: "broadcast.moderators", value: true })]);
    expect(data.deliveries).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "event.reminder", status: "QUEUED" }), expect.objectContaining({ kind: "broadcast" })]),
    );
    expect(data.groupMemberships).toEqual([expect.objectContaining({ group: "Математики", leftAt: null })]);
    expect(data.groupJoinRequests).toEqual([expect.objectContaining({ group: "Математики", status: "PENDING" })]);
    expect(data.groupWarnings).toEqual([expect.objectContaining({ reason: "ЗОНТИК-ВАРН: Секретова спорит" })]);
    expect(data.groupReportsAboutMe).toEqual([expect.objectContaining({ excerpt: "ЗОНТИК-СООБЩЕНИЕ Секретовой" })]);
    expect(data.groupReportsByMe).toHaveLength(1);
    expect(data.groupsAddedByMe).toEqual([expect.objectContaining({ group: "Математики" })]);
    expect(data.contestEntries).toEqual([
      expect.objectContaining({ number: 1, title: "Урок о дробях", status: "SUBMITTED" }),
      expect.objectContaining({ number: 1, title: "ЗОНТИК-РАБОТА Секретовой", status: "SUBMITTED" }),
    ]);
    expect(data.contestJury).toEqual([expect.objectContaining({ contestId: ids.judging, chair: true })]);
    expect(data.contestReviews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: "SUBMITTED", comment: "ЗОНТИК-ЭКСПЕРТ: Секретова советует" }),
        expect.objectContaining({ status: "ASSIGNED" }),
      ]),
    );
    expect(data.contestVotes).toEqual([expect.objectContaining({ contestId: ids.judging, entryNumber: 2 })]);
    expect(data.contestVoteLog).toEqual([expect.objectContaining({ outcome: "accepted" })]);
    expect(data.contestsOrganised).toHaveLength(2);
    expect(data.auditLog.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["role.change", "event.create", "broadcast.create", "settings.change"]),
    );
  });

  it("/forgetme cancels what the member started and leaves no trace in PostgreSQL or Redis (item 15)", async () => {
    const { prisma, queues, redis } = h.container;
    // Before: the member has rows in every model that can hold some, and the traces are there (so the dumps below can find them).
    expect(await modelsWithoutRowsOf(ids.victimId)).toEqual([]);
    expect(tracesIn(await dumpDatabase()).length).toBeGreaterThan(0);
    expect(await redis.exists(conversationKey(h.redisPrefix, VICTIM))).toBe(1);
    // The rate-limit key lives 5 s, and the dumps take several seconds on a loaded machine (a CI run read it
    // after it had expired): the member writes once more and the key is read at once, not from the dump.
    await victim.send("/help");
    expect(await redis.exists(rateLimitKey(h.redisPrefix, VICTIM))).toBe(1);
    expect(await redis.exists(commentScreenKey(h.redisPrefix, VICTIM))).toBe(1);
    const before = await dumpRedis();
    expect(tracesIn(before).length).toBeGreaterThan(0);
    expect([...before.keys()].filter((k) => k.startsWith(`${h.redisPrefix}:search:${VICTIM}:`))).toHaveLength(1);
    const welcomeKey = `${h.redisPrefix}:gwelcome:${ids.groupId}`;
    expect([`${h.redisPrefix}:gmuted:-100778:${VICTIM}`, `${h.redisPrefix}:gnotice:-100778:${VICTIM}`].filter((k) => before.has(k))).toHaveLength(2);
    // The antiflood counts are in the bot's memory: the window of their messages in -100777.
    expect(h.container.services.groupModeration.flood.size).toBeGreaterThan(0);
    expect(before.get(welcomeKey)).toContain("Секретова");
    expect(await queues.queue("broadcasts").getJob(fanoutJobId(ids.broadcast))).toBeDefined();

    await victim.send("/forgetme");
    const done = await victim.tap("Да, удалить");
    expect(victim.texts(done).join()).toContain("удалены");
    // The tap itself wrote the rate-limit key a moment ago; the erasure removed it (read now, well inside its 5 s).
    expect(await redis.exists(rateLimitKey(h.redisPrefix, VICTIM))).toBe(0);
    expect(await redis.exists(commentScreenKey(h.redisPrefix, VICTIM))).toBe(0);

    // The waitlist moved up: the waiter holds the place and is told.
    expect(await prisma.eventRegistration.findUnique({ where: { eventId_memberId: { eventId: ids.full, memberId: ids.waiterId } } })).toMatchObject({
      status: "REGISTERED",
      promotedAt: expect.any(Date),
    });
    expect(await prisma.delivery.count({ where: { kind: "event.promoted", memberId: ids.waiterId } })).toBe(1);
    expect(await prisma.eventRegistration.findUnique({ where: { eventId_memberId: { eventId: ids.full, memberId: ids.victimId } } })).toMatchObject({
      status: "CANCELLED",
    });

    // The broadcast will not go out: cancelled, and its fan-out job is gone.
    expect(await prisma.broadcast.findUnique({ where: { id: ids.broadcast } })).toMatchObject({ status: "CANCELLED", sourceChatId: 0n, statusChatId: null, summary: "" });
    expect(await queues.queue("broadcasts").getJob(fanoutJobId(ids.broadcast))).toBeUndefined();
    // The one being sent stops: nothing more goes out, and its last report does not look for the erased author's chat.
    expect(await prisma.broadcast.findUnique({ where: { id: ids.sending } })).toMatchObject({ status: "CANCELLED", sourceChatId: 0n, statusChatId: null });
    expect(await prisma.delivery.count({ where: { refId: `broadcast:${ids.sending}`, status: { not: "SKIPPED" } } })).toBe(0);
    expect(await prisma.delivery.count({ where: { refId: `broadcast:${ids.sending}` } })).toBe(4);
    const callsBefore = h.fake.calls.length;
    await h.container.processors["broadcasts.progress"]({ broadcastId: ids.sending, tick: 1 }, undefined as never, h.container.logger);
    expect(await prisma.broadcast.findUnique({ where: { id: ids.sending } })).toMatchObject({ finishedAt: expect.any(Date) });
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);

    // What stays, as the privacy policy says: the published material (file renamed), anonymous counts, the organised event.
    expect(await prisma.material.findUnique({ where: { id: ids.pending } })).toBeNull();
    expect(await prisma.material.findUnique({ where: { id: ids.published } })).toMatchObject({ status: "APPROVED", fileName: `material-${ids.published}.pptx` });
    expect(await prisma.material.findUnique({ where: { id: ids.other } })).toMatchObject({ commentCount: 0, ratingCount: 1, downloadCount: 1 });
    expect(await prisma.materialReport.count({ where: { materialId: ids.other, resolvedAt: null } })).toBe(1);
    expect(await prisma.eventFeedback.findUnique({ where: { eventId_memberId: { eventId: ids.past, memberId: ids.victimId } } })).toMatchObject({
      score: 4,
      comment: null,
    });
    expect(await prisma.event.findUnique({ where: { id: ids.organised } })).toMatchObject({ status: "SCHEDULED" });

    // The publication record stays valid and verifiable, without the name; the consent and the public page are gone.
    const record = await prisma.document.findFirstOrThrow({ where: { holderId: ids.victimId } });
    expect(record).toMatchObject({ holderName: null, holderPosition: null, holderSchool: null, revokedAt: null, holderErasedAt: expect.any(Date) });
    expect(await h.container.services.certificates.verify(record.code)).toMatchObject({ status: "valid", holderName: null, holderErased: true });
    expect(await prisma.portfolioSettings.count({ where: { memberId: ids.victimId } })).toBe(0);

    // Contests: the entry nobody judged yet is withdrawn and emptied; the judged one stays (its author a
    // deleted member); the sent review keeps its scores without the comment; the unsent one went to
    // nobody (no other juror here); votes and their log are gone.
    expect(await prisma.contestEntry.findUniqueOrThrow({ where: { id: ids.openEntry } })).toMatchObject({ status: "WITHDRAWN", title: "—", text: null });
    expect(await prisma.contestEntry.findUniqueOrThrow({ where: { id: ids.judgedEntry } })).toMatchObject({ status: "SUBMITTED", title: "Урок о дробях" });
    expect(await prisma.contestReview.findUniqueOrThrow({ where: { id: ids.submittedReview } })).toMatchObject({ status: "SUBMITTED", total: 4, comment: null });
    expect(await prisma.contestReview.count({ where: { jurorId: ids.victimId, status: "ASSIGNED" } })).toBe(0);
    expect(await prisma.contestVote.count({ where: { memberId: ids.victimId } })).toBe(0);
    expect(await prisma.contestVoteLog.count({ where: { memberId: ids.victimId } })).toBe(0);

    // Group memberships and requests are gone; warnings and reports stay, anonymised.
    expect(await prisma.groupMember.count({ where: { memberId: ids.victimId } })).toBe(0);
    expect(await prisma.groupJoinRequest.count({ where: { memberId: ids.victimId } })).toBe(0);
    expect(await prisma.groupWarning.count({ where: { memberId: ids.victimId } })).toBe(1);
    expect(await prisma.groupReport.findFirst({ where: { targetMemberId: ids.victimId } })).toMatchObject({ excerpt: null, targetTelegramId: 0n });

    // The colleague in the same welcome batch is still welcomed.
    expect(await redis.lrange(welcomeKey, 0, -1)).toEqual([JSON.stringify({ id: AUTHOR, name: "Мария" })]);

    expect(h.container.services.groupModeration.flood.size).toBe(0);

    // No trace anywhere: every row of every table, every key and value of the prefix.
    expect(tracesIn(await dumpDatabase())).toEqual([]);
    expect(tracesIn(await dumpRedis())).toEqual([]);

    // /mydata now finds nothing, and the member can start again.
    const after = await victim.send("/mydata");
    expect(victim.texts(after).join()).toContain("ничего не сохранено");
    expect(h.violations).toEqual([]);
  });
});
