// The groups' gate on real PostgreSQL, Redis and BullMQ workers (WorkerHarness):
// - the `groups.expire-requests` job declines what waited 48 hours (a fixed clock), each
//   request exactly once even with two sweeps running at once, and in batches;
// - a raid of 500 join requests in a few seconds: every request decided exactly once,
//   registration invitations never holding a decision up (429s send them to the queue,
//   where they wait for the sending path's budget).
import { afterEach, describe, expect, it } from "vitest";
import { JOIN_REQUEST_TTL_MS } from "../../src/features/groups/groups.gate.service.js";
import { BotApiFakeError } from "../support/bot-api-fake/index.js";
import { WorkerHarness } from "../support/worker-harness.js";
import { waitUntil } from "../support/wait.js";

const CHAT_ID = -1007770001;
const HOUR = 3_600_000;

let harness: WorkerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function linkedGroup(h: WorkerHarness, joinPolicy: "REGISTERED" | "MANUAL" = "REGISTERED"): Promise<number> {
  const group = await h.container.prisma.group.create({
    data: { chatId: BigInt(CHAT_ID), title: "Физика", chatType: "supergroup", missingRights: [], linkedAt: new Date(), joinPolicy },
  });
  return group.id;
}

const user = (id: number) => ({ id, first_name: `User ${id}`, language_code: "ru" });
const request = (id: number) => ({ chatId: CHAT_ID, user: user(id), userChatId: id, botUsername: "teachers_test_bot" });

describe("groups gate: expiry", () => {
  it("declines requests pending for 48 hours, each exactly once, and leaves younger ones", async () => {
    let now = Date.parse("2026-12-01T10:00:00Z");
    harness = await WorkerHarness.create({ clock: () => new Date(now), env: { SEND_RATE_PER_SECOND: "500" } });
    const h = harness;
    expect(h.container.schedules).toContainEqual(expect.objectContaining({ id: "groups.expire-requests", name: "groups.expire-requests" }));
    await linkedGroup(h);
    const gate = h.container.services.groupGate;
    // Invitations are not the subject here.
    h.fake.setHandler("sendMessage", () => ({ message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "x" } }));

    const old = Array.from({ length: 230 }, (_, i) => 6000 + i);
    for (const id of old) await gate.handleJoinRequest(request(id));
    now += 47 * HOUR;
    await gate.handleJoinRequest(request(6999));
    now += HOUR + 60_000; // the first 230 are 48 h 1 min old, the last one 1 h 1 min.

    const prisma = h.container.prisma;
    expect(await prisma.groupJoinRequest.count({ where: { status: "PENDING" } })).toBe(231);
    // Two sweeps at once (two worker processes, the schedule fired twice): nobody is declined twice.
    h.startWorkers();
    h.startWorkers();
    await Promise.all([
      h.container.queues.add("groups.expire-requests", {}, { jobId: "expire-a" }),
      h.container.queues.add("groups.expire-requests", {}, { jobId: "expire-b" }),
    ]);
    await waitUntil(async () => (await prisma.groupJoinRequest.count({ where: { status: "DECLINED" } })) === 230, 30_000);
    await waitUntil(async () => (await h.container.queues.queue("maintenance").getJobCounts("completed")).completed === 2, 30_000);

    const declines = h.fake.callsOf("declineChatJoinRequest");
    expect(declines).toHaveLength(230);
    expect(new Set(declines.map((c) => Number(c.payload.user_id))).size).toBe(230);
    expect(declines.every((c) => Number(c.payload.chat_id) === CHAT_ID)).toBe(true);
    expect(await prisma.groupJoinRequest.findMany({ where: { status: "PENDING" }, select: { telegramUserId: true } })).toEqual([{ telegramUserId: 6999n }]);
    const decided = await prisma.groupJoinRequest.findMany({ where: { status: "DECLINED" } });
    expect(decided.every((r) => r.decidedAt?.getTime() === now && r.decidedById === null)).toBe(true);

    // A decline Telegram refuses for a passing reason is released, and the next run declines it.
    now += JOIN_REQUEST_TTL_MS;
    let refuse = true;
    h.fake.setHandler("declineChatJoinRequest", () => {
      if (refuse) throw new BotApiFakeError(400, "Bad Request: CHAT_ADMIN_REQUIRED"); // the bot lost its rights for a while
      return true;
    });
    expect(await h.container.services.groupGate.expire()).toBe(0);
    expect(await prisma.groupJoinRequest.count({ where: { status: "PENDING" } })).toBe(1);
    refuse = false;
    expect(await h.container.services.groupGate.expire()).toBe(1);
    expect(await prisma.groupJoinRequest.count({ where: { status: "PENDING" } })).toBe(0);
    expect(await prisma.groupJoinRequest.count({ where: { confirmedAt: null } })).toBe(0);
  }, 60_000);

  it("carries out again a decision a crash cut short, and approves what a passing failure left pending, each after 10 minutes", async () => {
    let now = Date.parse("2026-12-01T10:00:00Z");
    harness = await WorkerHarness.create({ clock: () => new Date(now) });
    const h = harness;
    const groupId = await linkedGroup(h);
    const prisma = h.container.prisma;
    // As a worker killed between the claim and Telegram's answer leaves them.
    const at = new Date(now);
    await prisma.groupJoinRequest.createMany({
      data: [
        { groupId, telegramUserId: 7001n, userChatId: 7001n, status: "APPROVED", decidedAt: at, createdAt: at },
        { groupId, telegramUserId: 7002n, userChatId: 7002n, status: "DECLINED", decidedAt: at, createdAt: at },
      ],
    });
    now += 60_000;
    await h.container.services.groupGate.expire();
    expect(h.fake.callsOf("approveChatJoinRequest")).toHaveLength(0);

    now += 10 * 60_000;
    await h.container.services.groupGate.expire();
    expect(h.fake.callsOf("approveChatJoinRequest").map((c) => Number(c.payload.user_id))).toEqual([7001]);
    expect(h.fake.callsOf("declineChatJoinRequest").map((c) => Number(c.payload.user_id))).toEqual([7002]);
    expect(await prisma.groupJoinRequest.count({ where: { confirmedAt: null } })).toBe(0);
    // A registered member whose approval Telegram refused for a passing reason is approved by a later run, not declined after 48 h.
    await prisma.member.create({ data: { telegramId: 7003n, consentStatus: "GIVEN", consentAt: at, registeredAt: at } });
    h.fake.setHandler("approveChatJoinRequest", () => {
      throw new BotApiFakeError(400, "Bad Request: CHAT_ADMIN_REQUIRED");
    });
    await expect(h.container.services.groupGate.handleJoinRequest(request(7003))).rejects.toThrow(/CHAT_ADMIN_REQUIRED/);
    expect((await prisma.groupJoinRequest.findFirst({ where: { telegramUserId: 7003n } }))!.status).toBe("PENDING");
    h.fake.setHandler("approveChatJoinRequest", undefined);
    now += 5 * 60_000;
    await h.container.services.groupGate.expire();
    expect((await prisma.groupJoinRequest.findFirst({ where: { telegramUserId: 7003n } }))!.status).toBe("PENDING");
    now += 6 * 60_000;
    await h.container.services.groupGate.expire();
    expect(await prisma.groupJoinRequest.findFirst({ where: { telegramUserId: 7003n } })).toMatchObject({ status: "APPROVED", decidedById: null });
    expect(
      h.fake
        .callsOf("approveChatJoinRequest")
        .filter((c) => c.response.ok)
        .map((c) => Number(c.payload.user_id)),
    ).toEqual([7001, 7003]);

    // Carried out once: the next run has nothing to do.
    now += 10 * 60_000;
    await h.container.services.groupGate.expire();
    expect(h.fake.callsOf("approveChatJoinRequest").filter((c) => c.response.ok)).toHaveLength(2);
  }, 30_000);
});

describe("groups gate: raid", () => {
  it("500 join requests in a burst: each decided exactly once, invitations queued on 429 without holding approvals", async () => {
    harness = await WorkerHarness.create({ env: { SEND_RATE_PER_SECOND: "25" } });
    const h = harness;
    await linkedGroup(h);
    const prisma = h.container.prisma;
    // 250 registered members, 250 strangers.
    const registered = Array.from({ length: 250 }, (_, i) => 10_000 + i);
    const strangers = Array.from({ length: 250 }, (_, i) => 20_000 + i);
    await prisma.member.createMany({
      data: registered.map((id) => ({ telegramId: BigInt(id), consentStatus: "GIVEN", consentAt: new Date(), registeredAt: new Date(), isActive: true })),
    });
    h.startWorkers();
    // Telegram is strict with messages: the first invitations meet a 429.
    h.fake.inject429(3, 1);

    const gate = h.container.services.groupGate;
    const ids = [...registered, ...strangers].sort(() => Math.random() - 0.5);
    const started = Date.now();
    // As the polling loop would: many updates in flight at once (here 50).
    const decisions = new Map<number, string>();
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map(async (id) => decisions.set(id, (await gate.handleJoinRequest(request(id))).decision)));
    }
    const decidedMs = Date.now() - started;

    expect(registered.every((id) => decisions.get(id) === "approved")).toBe(true);
    expect(strangers.every((id) => decisions.get(id) === "pending")).toBe(true);
    const approvals = h.fake.callsOf("approveChatJoinRequest").map((c) => Number(c.payload.user_id));
    expect(approvals.sort()).toEqual([...registered].sort());
    // Every stranger gets exactly one invitation, inline or through the queue, within Telegram's window.
    await waitUntil(
      () =>
        new Set(
          h.fake
            .callsOf("sendMessage")
            .filter((c) => c.response.ok)
            .map((c) => Number(c.payload.chat_id)),
        ).size === 250,
      60_000,
    );
    const sentMs = Date.now() - started;
    const ok = h.fake.callsOf("sendMessage").filter((c) => c.response.ok);
    expect(ok).toHaveLength(250);
    expect(new Set(ok.map((c) => Number(c.payload.chat_id)))).toEqual(new Set(strangers));
    expect(await prisma.groupJoinRequest.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } })).toEqual([
      { status: "PENDING", _count: 250 },
      { status: "APPROVED", _count: 250 },
    ]);
    console.log(`raid: 500 requests decided in ${decidedMs} ms; 250 invitations sent by ${sentMs} ms`);
    expect(decidedMs).toBeLessThan(30_000);
  }, 90_000);
});
