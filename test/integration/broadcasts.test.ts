// Broadcasts (src/features/broadcasts) on the real PostgreSQL and Redis: the real
// container, real BullMQ workers started as main.ts starts them, sending to the local
// HTTP fake of the Bot API. Audience queries, exactly-once fan-out (run twice, crashed
// mid-way), 429 and 403 through the fake, throttled progress edits, cancel, scheduled
// start, the paid lane and albums.

import type { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { BROADCAST_KIND, broadcastRefId, type BroadcastAudience } from "../../src/features/broadcasts/broadcasts.types.js";
import { fanoutJobId } from "../../src/features/broadcasts/broadcasts.jobs.js";
import { BroadcastsRepository } from "../../src/features/broadcasts/broadcasts.repository.js";
import type { MemberRole, MemberState, ProfessionalRole } from "../../src/features/members/members.types.js";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import { makeTextUpdate, startBotApiFake, type BotApiFake } from "../support/bot-api-fake.js";
import type { TestDatabase } from "../support/database.js";
import { expectDomain, expectForbidden } from "../support/domain-errors.js";
import { waitUntil } from "../support/wait.js";
import { WorkerHarness } from "../support/worker-harness.js";

let fake: BotApiFake;
let harness: WorkerHarness;
let db: TestDatabase;
let container: Container;

beforeAll(async () => {
  fake = await startBotApiFake();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.reset();
  harness = await WorkerHarness.create({ fake, build: false });
  db = harness.db;
});
afterEach(async () => {
  await harness.close();
});

function build(env: Record<string, string> = {}): Container {
  container = harness.build({
    env: { LOG_LEVEL: "silent", SEND_RATE_PER_SECOND: "200", BROADCAST_PROGRESS_SECONDS: "1", ...env },
    delivery: { backoffDelayMs: 10, attempts: 3 },
  });
  return container;
}

let nextTelegramId = 8_100_000_000n;

interface Who {
  subjects?: string[];
  grades?: string[];
  region?: string;
  professionalRole?: ProfessionalRole;
  role?: MemberRole;
  registered?: boolean;
  active?: boolean;
}

async function member(who: Who = {}): Promise<MemberState & { chatId: number }> {
  const telegramId = nextTelegramId++;
  const registered = who.registered ?? true;
  const role = who.role ?? "MEMBER";
  const row = await db.prisma.member.create({
    data: {
      telegramId,
      role,
      isActive: who.active ?? true,
      ...(registered
        ? {
            registeredAt: new Date(),
            consentStatus: "GIVEN" as const,
            profile: {
              create: {
                fullName: `Учитель ${telegramId}`,
                professionalRole: who.professionalRole ?? "TEACHER",
                regionCode: who.region ?? "RU-MOW",
                city: "Город",
                experienceYears: 3,
                timezone: "Europe/Moscow",
                subjects: { create: (who.subjects ?? ["math"]).map((subjectCode) => ({ subjectCode })) },
                grades: { create: (who.grades ?? ["5"]).map((gradeCode) => ({ gradeCode })) },
              },
            },
          }
        : {}),
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: who.active ?? true, registered, username: null, chatId: Number(telegramId) };
}

async function members(count: number, who: Who = {}) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(await member(who));
  return out;
}

/** A message the admin sent the bot: the fake stores it, so copyMessage can copy it. */
function composed(admin: { chatId: number }, text = "Педсовет <b>в пятницу</b> & новые правила"): number {
  const update = makeTextUpdate({ id: admin.chatId }, text);
  fake.pushUpdate(update);
  return update.message!.message_id;
}

const copiesPerChat = () => {
  const counts = new Map<number, number>();
  for (const call of fake.calls) {
    if (!/^copyMessages?$/.test(call.method) || !call.response.ok) continue;
    const chat = Number(call.payload.chat_id);
    counts.set(chat, (counts.get(chat) ?? 0) + 1);
  }
  return counts;
};

const progress = (id: number) => container.services.delivery.progress(BROADCAST_KIND, broadcastRefId(id));
const statusOf = async (id: number) => (await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status;

describe("audience", () => {
  it("matches every dimension given and any value within one; only registered, reachable members", async () => {
    build();
    const admin = await member({ role: "ADMIN", subjects: ["history"], region: "RU-SPE" });
    const mathMow = await member({ subjects: ["math"], grades: ["5"], region: "RU-MOW" });
    const physTat = await member({ subjects: ["physics"], grades: ["9"], region: "RU-TA", professionalRole: "METHODOLOGIST" });
    const mathPhysTat = await member({ subjects: ["math", "physics"], grades: ["10", "11"], region: "RU-TA" });
    await member({ subjects: ["math"], registered: false });
    await member({ subjects: ["math"], active: false });
    const erased = await member({ subjects: ["math"] });
    await db.prisma.member.update({ where: { id: erased.id }, data: { deletedAt: new Date(), telegramId: null } });

    const count = (audience: BroadcastAudience) => container.services.broadcasts.countAudience(admin, audience);
    expect(await count({})).toBe(4);
    expect(await count({ subjects: ["math"] })).toBe(2);
    expect(await count({ subjects: ["math", "physics"] })).toBe(3);
    expect(await count({ subjects: ["math", "physics"], regions: ["RU-TA"] })).toBe(2);
    expect(await count({ grades: ["9", "11"] })).toBe(2);
    expect(await count({ roles: ["METHODOLOGIST"] })).toBe(1);
    expect(await count({ subjects: ["math"], regions: ["RU-TA"], grades: ["5"] })).toBe(0);

    const repo = new BroadcastsRepository(db.prisma, container.services.audit);
    expect(await repo.audiencePage({ subjects: ["math", "physics"] }, 0, 10)).toEqual([mathMow.id, physTat.id, mathPhysTat.id]);
    // The cursor pages by member id.
    expect(await repo.audiencePage({ subjects: ["math", "physics"] }, mathMow.id, 1)).toEqual([physTat.id]);

    // An event's registrants (registered or waitlisted, not cancelled).
    const event = await db.prisma.event.create({
      data: {
        organiserId: admin.id,
        title: "Вебинар",
        kind: "WEBINAR",
        startsAt: new Date(Date.now() + 86_400_000),
        durationMinutes: 60,
        timezone: "Europe/Moscow",
        reminderOffsets: [],
        checkinCode: "X1",
      },
    });
    await db.prisma.eventRegistration.createMany({
      data: [
        { eventId: event.id, memberId: mathMow.id, status: "REGISTERED" },
        { eventId: event.id, memberId: physTat.id, status: "WAITLISTED" },
        { eventId: event.id, memberId: mathPhysTat.id, status: "CANCELLED" },
      ],
    });
    expect(await count({ eventId: event.id })).toBe(2);
    expect(await count({ eventId: event.id, subjects: ["physics"] })).toBe(1);

    // Codes that are not in the catalogue are refused, not silently ignored.
    await expectDomain(count({ subjects: ["<b>"] }), "broadcasts-audience-invalid");
    await expectDomain(count({ regions: ["RU-XX"] }), "broadcasts-audience-invalid");
  });
});

describe("who may broadcast", () => {
  it("admins always; moderators only while the setting allows; members never", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    const moderator = await member({ role: "MODERATOR" });
    const teacher = await member();
    const { broadcasts, settings } = container.services;
    const draft = (who: { chatId: number; telegramId: bigint }) => ({ sourceChatId: who.telegramId, messageIds: [composed(who)], summary: "x", audience: {} });

    await expectForbidden(broadcasts.create(teacher, draft(teacher)), "broadcasts-forbidden");
    await expectForbidden(broadcasts.create(moderator, draft(moderator)), "broadcasts-forbidden");
    await expectForbidden(settings.set(moderator, "broadcast.moderators", true), "admin-only");
    await settings.set(admin, "broadcast.moderators", true);
    const created = await broadcasts.create(moderator, draft(moderator));
    expect(created.authorId).toBe(moderator.id);
    // The message must be the author's own (the chat it is copied from).
    await expectForbidden(broadcasts.create(admin, { ...draft(admin), sourceChatId: teacher.telegramId }), "broadcasts-forbidden");
    const audit = await db.prisma.auditLog.findMany({ where: { action: { in: ["settings.change", "broadcast.create"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["settings.change", admin.id],
      ["broadcast.create", moderator.id],
    ]);
  });

  it("refuses an empty audience, a time in the past and the same message twice", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    await members(2, { subjects: ["math"] });
    const { broadcasts } = container.services;
    const messageId = composed(admin);
    const base = { sourceChatId: admin.telegramId, messageIds: [messageId], summary: "Объявление" };
    await expectDomain(broadcasts.create(admin, { ...base, audience: { subjects: ["chemistry"] } }), "broadcasts-audience-empty");
    await expectDomain(broadcasts.create(admin, { ...base, audience: {}, scheduledAt: new Date(Date.now() - 60_000) }), "broadcasts-time-past");
    await expectDomain(broadcasts.create(admin, { ...base, audience: {}, messageIds: [3, 2] }), "broadcasts-message-invalid");
    const first = await broadcasts.create(admin, { ...base, audience: {}, scheduledAt: new Date(Date.now() + 3_600_000) });
    // A second Confirm (or a replayed create) does not make a second broadcast.
    await expectDomain(broadcasts.create(admin, { ...base, audience: {} }), "broadcasts-already-sent");
    expect(await db.prisma.broadcast.count()).toBe(1);
    // Once cancelled, the same message may be broadcast again.
    await broadcasts.cancel(admin, first.id);
    await broadcasts.create(admin, { ...base, audience: {} });
    expect(await db.prisma.broadcast.count()).toBe(2);
  });
});

describe("delivery", () => {
  it("copies the message to every recipient once, edits the progress message and reports the end", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    const recipients = await members(30);
    const { broadcasts } = container.services;
    const messageId = composed(admin);
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [messageId], summary: "Педсовет", audience: {} });
    const status = await container.api.sendMessage(admin.chatId, "status");
    await broadcasts.attachStatusMessage(admin, broadcast.id, admin.telegramId, status.message_id);
    harness.startWorkers();

    await waitUntil(async () => (await statusOf(broadcast.id)) === "DONE");
    const copies = copiesPerChat();
    // The admin is a member too: 31 recipients, each exactly once.
    expect(copies.size).toBe(31);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    for (const r of recipients) expect(copies.get(r.chatId)).toBe(1);
    const copy = fake.callsOf("copyMessage")[0]!;
    expect(copy.payload).toMatchObject({ from_chat_id: admin.chatId, message_id: messageId });
    expect(copy.payload.allow_paid_broadcast).toBeUndefined();
    const p = await progress(broadcast.id);
    expect(p).toMatchObject({ SENT: 31, total: 31 });

    // The final report goes out as a new message replying to the progress message; the last edit shows the totals.
    const report = await fake.waitForCall("sendMessage", (c) => String(c.payload.text).includes(`#${broadcast.id}`) && String(c.payload.text).includes("завершена"));
    expect(report.payload.reply_parameters).toMatchObject({ message_id: status.message_id });
    const edits = fake.callsOf("editMessageText").filter((c) => c.payload.message_id === status.message_id && c.response.ok);
    expect(edits.length).toBeGreaterThan(0);
    expect(String(edits.at(-1)!.payload.text)).toContain("Доставлено: 31");
    // Telegram's rules held (the fake is strict: HTML, lengths).
    expect(fake.calls.filter((c) => !c.response.ok && c.method !== "getUpdates")).toEqual([]);
  });

  it("a fan-out that runs twice, or again after crashing mid-way, queues nobody twice", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    await members(25);
    const { broadcasts } = container.services;
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    const queue = container.queues.queue("broadcasts");
    const job = (await queue.getJob(fanoutJobId(broadcast.id))) as Job<JobPayloads["broadcasts.fanout"]>;
    expect(job).toBeDefined();

    // A crash after the first page: the cursor is stored, the rest is not queued.
    const repo = new BroadcastsRepository(db.prisma, container.services.audit);
    const firstPage = await repo.audiencePage({}, 0, 10);
    await db.prisma.broadcast.update({ where: { id: broadcast.id }, data: { status: "SENDING", startedAt: new Date() } });
    await container.services.delivery.enqueue(BROADCAST_KIND, broadcastRefId(broadcast.id), firstPage, { priority: 100 });
    await repo.advanceCursor(broadcast.id, firstPage.at(-1)!);

    // The job runs again (stalled), and once more (a duplicate run).
    const log = container.logger;
    await container.processors["broadcasts.fanout"](job.data, job, log);
    await container.processors["broadcasts.fanout"](job.data, job, log);
    expect((await progress(broadcast.id)).total).toBe(26);
    expect(await container.queues.queue("send").count()).toBe(26);

    harness.startWorkers();
    await waitUntil(async () => (await statusOf(broadcast.id)) === "DONE");
    expect([...copiesPerChat().values()]).toEqual(Array(26).fill(1));
  });

  it("a blocked member is marked inactive and left out of the next broadcast; a 429 pauses and then everyone else gets it once", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    const recipients = await members(20);
    const blocked = recipients.slice(0, 2);
    for (const b of blocked) fake.blockChat(b.chatId);
    fake.inject429(3, 1);
    const { broadcasts } = container.services;
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    harness.startWorkers();
    await waitUntil(async () => (await statusOf(broadcast.id)) === "DONE");

    expect(await progress(broadcast.id)).toMatchObject({ SENT: 19, BLOCKED: 2, FAILED: 0, total: 21 });
    const copies = copiesPerChat();
    for (const r of recipients.slice(2)) expect(copies.get(r.chatId)).toBe(1);
    expect(fake.calls.filter((c) => !c.response.ok && c.response.error_code === 429)).toHaveLength(3);
    const states = await db.prisma.member.findMany({ where: { id: { in: blocked.map((b) => b.id) } }, select: { isActive: true } });
    expect(states.every((s) => !s.isActive)).toBe(true);
    // The next broadcast does not count them.
    expect(await broadcasts.countAudience(admin, {})).toBe(19);
  });

  it("edits the progress message at most once per interval while sending", async () => {
    // 60 recipients at 20/s: about 3 s of sending with a 1-second interval.
    build({ SEND_RATE_PER_SECOND: "20" });
    const admin = await member({ role: "ADMIN" });
    await members(59);
    const { broadcasts } = container.services;
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    const status = await container.api.sendMessage(admin.chatId, "status");
    await broadcasts.attachStatusMessage(admin, broadcast.id, admin.telegramId, status.message_id);
    harness.startWorkers();
    await waitUntil(async () => (await statusOf(broadcast.id)) === "DONE");
    const edits = fake.callsOf("editMessageText").filter((c) => c.payload.message_id === status.message_id);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    const gaps = edits.slice(1).map((c, i) => c.at - edits[i]!.at);
    // BullMQ's delay is a lower bound; allow its timer a little slack.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
    // A report while sending shows what is left and a time estimate.
    expect(edits.some((c) => /Осталось: \d+/.test(String(c.payload.text)))).toBe(true);
  });

  it("cancel stops what is not yet sent; the sent stay sent; the report says it was stopped", async () => {
    build({ SEND_RATE_PER_SECOND: "10" });
    const admin = await member({ role: "ADMIN" });
    await members(40);
    const { broadcasts } = container.services;
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    harness.startWorkers();
    await waitUntil(async () => (await progress(broadcast.id)).SENT >= 5);
    await broadcasts.cancel(admin, broadcast.id);
    await expectDomain(broadcasts.cancel(admin, broadcast.id), "broadcasts-already-cancelled");
    await waitUntil(async () => (await db.prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).finishedAt !== null);
    const sentAtCancel = (await progress(broadcast.id)).SENT;
    await new Promise((r) => setTimeout(r, 500));
    const p = await progress(broadcast.id);
    expect(p.SENT).toBe(sentAtCancel);
    expect(p.SENT).toBeLessThan(41);
    expect(p.QUEUED + p.SENDING).toBe(0);
    expect(p.SKIPPED).toBe(41 - p.SENT);
    expect(copiesPerChat().size).toBe(p.SENT);
    expect(await container.queues.queue("send").count()).toBe(0);
    await fake.waitForCall("sendMessage", (c) => String(c.payload.text).includes("остановлена"));
  });

  it("a scheduled broadcast starts at its time, and one cancelled before that sends nothing", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    await members(5);
    const { broadcasts } = container.services;
    harness.startWorkers();
    const soon = await broadcasts.create(admin, {
      sourceChatId: admin.telegramId,
      messageIds: [composed(admin)],
      summary: "x",
      audience: {},
      scheduledAt: new Date(Date.now() + 1_500),
    });
    const later = await broadcasts.create(admin, {
      sourceChatId: admin.telegramId,
      messageIds: [composed(admin)],
      summary: "y",
      audience: {},
      scheduledAt: new Date(Date.now() + 2_000),
    });
    expect(await statusOf(soon.id)).toBe("SCHEDULED");
    await broadcasts.cancel(admin, later.id);
    expect(await container.queues.queue("broadcasts").getJob(fanoutJobId(later.id))).toBeUndefined();

    await new Promise((r) => setTimeout(r, 500));
    expect(fake.callsOf("copyMessage")).toHaveLength(0);
    await waitUntil(async () => (await statusOf(soon.id)) === "DONE");
    const started = (await db.prisma.broadcast.findUniqueOrThrow({ where: { id: soon.id } })).startedAt!;
    expect(started.getTime()).toBeGreaterThanOrEqual(soon.scheduledAt.getTime());
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await statusOf(later.id)).toBe("CANCELLED");
    expect((await progress(later.id)).total).toBe(0);
    expect(fake.callsOf("copyMessage")).toHaveLength(6);
  });

  it("paid mode sends through the paid lane with allow_paid_broadcast; an album goes out whole with copyMessages, unpaid", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    const recipients = await members(3);
    const { broadcasts, settings } = container.services;
    await settings.set(admin, "broadcast.paid", true);
    const paid = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    expect(paid.paid).toBe(true);
    // An album: two photos in one media group.
    const album = [1, 2].map((n) => {
      const update = makeTextUpdate({ id: admin.chatId }, "");
      const message = update.message as unknown as Record<string, unknown>;
      delete message.text;
      message.photo = [{ file_id: `photo-${n}`, file_unique_id: `u${n}`, width: 10, height: 10 }];
      message.media_group_id = "album-1";
      if (n === 1) message.caption = "Фото с семинара";
      fake.pushUpdate(update);
      return update.message!.message_id;
    });
    const albumBroadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: album, summary: "Фото", audience: { subjects: ["math"] } });
    expect(albumBroadcast.paid).toBe(false);
    harness.startWorkers();
    await waitUntil(async () => (await statusOf(paid.id)) === "DONE" && (await statusOf(albumBroadcast.id)) === "DONE");

    const paidCopies = fake.callsOf("copyMessage").filter((c) => c.response.ok);
    expect(paidCopies).toHaveLength(4);
    expect(paidCopies.every((c) => c.payload.allow_paid_broadcast === true)).toBe(true);
    expect(await db.prisma.delivery.count({ where: { refId: broadcastRefId(paid.id), paid: true } })).toBe(4);
    const albums = fake.callsOf("copyMessages").filter((c) => c.response.ok);
    expect(albums).toHaveLength(4);
    expect(albums[0]!.payload).toMatchObject({ from_chat_id: admin.chatId, message_ids: album });
    expect(albums.every((c) => c.payload.allow_paid_broadcast === undefined)).toBe(true);
    // Each recipient's chat shows a two-photo album.
    const inChat = fake.messagesIn(recipients[0]!.chatId).filter((m) => m.photo);
    expect(inChat).toHaveLength(2);
    expect(inChat[0]!.media_group_id).toBeDefined();
    expect(inChat[0]!.media_group_id).toBe(inChat[1]!.media_group_id);
  });

  it("the watchdog queues again a fan-out whose job failed for good, and nothing is sent twice", async () => {
    build();
    const admin = await member({ role: "ADMIN" });
    await members(4);
    const { broadcasts } = container.services;
    const broadcast = await broadcasts.create(admin, { sourceChatId: admin.telegramId, messageIds: [composed(admin)], summary: "x", audience: {} });
    // The fan-out job is lost (Redis data lost, or removed after failing its attempts).
    await container.queues.queue("broadcasts").remove(fanoutJobId(broadcast.id));
    const run = () => container.processors["broadcasts.watchdog"]({}, {} as Job<JobPayloads["broadcasts.watchdog"]>, container.logger);
    await run();
    await run();
    harness.startWorkers();
    await waitUntil(async () => (await statusOf(broadcast.id)) === "DONE");
    expect([...copiesPerChat().values()]).toEqual(Array(5).fill(1));
  });
});
