// The groups' gate (issue 11, "Only registered teachers get in"): chat_join_request of a
// linked group decided by its policy, the registration link for everyone else, the
// moderators' queue of MANUAL groups, the ban list, and the buttons' bad input.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GroupJoinPolicy } from "../../src/generated/prisma/enums.js";
import { BotApiFakeError } from "../support/bot-api-fake/index.js";
import { BotHarness, visible, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { answerQuestionnaire, register } from "./support.js";

const ADMIN_A = 901;
const ADMIN_B = 902;
const CHAT_ID = -1001234567890;

let h: BotHarness;
let groupId: number;

async function linkedGroup(joinPolicy: GroupJoinPolicy = "REGISTERED", chatId = CHAT_ID, title = "Математика <b>&</b> физика"): Promise<number> {
  const group = await h.container.prisma.group.create({
    data: { chatId: BigInt(chatId), title, chatType: "supergroup", missingRights: [], linkedAt: new Date(), joinPolicy, inviteLink: "https://t.me/+gate" },
  });
  h.container.services.groups.registry.invalidate(chatId);
  return group.id;
}

/** A chat_join_request update, as Telegram sends it when the user taps the group's request link. */
function joinRequest(u: TestUser, chatId = CHAT_ID): Promise<ApiCall[]> {
  return h.handle({
    chat_join_request: {
      chat: { id: chatId, type: "supergroup", title: "Математика" },
      from: u.from,
      user_chat_id: u.id,
      date: Math.floor(Date.now() / 1000),
    },
  });
}

const requestOf = (userId: number) => h.container.prisma.groupJoinRequest.findMany({ where: { telegramUserId: BigInt(userId) } });
const called = (calls: ApiCall[], method: string, userId: number) => calls.filter((c) => c.method === method && Number(c.payload.user_id) === userId);

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN_A, ADMIN_B] });
  // Telegram's side of the group: the bot is an administrator; requests and memberships are tracked.
  h.fake.groups.create({ id: CHAT_ID, title: "Математика" });
  groupId = await linkedGroup();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

describe("groups gate: policy REGISTERED", () => {
  it("approves a registered member at once", async () => {
    const u = h.user(3001);
    await register(u);
    const calls = await joinRequest(u);
    expect(called(calls, "approveChatJoinRequest", 3001)).toHaveLength(1);
    expect(Number(called(calls, "approveChatJoinRequest", 3001)[0]!.payload.chat_id)).toBe(CHAT_ID);
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(0);
    const [row] = await requestOf(3001);
    expect(row).toMatchObject({ status: "APPROVED", groupId });
    expect(row!.confirmedAt).toBeInstanceOf(Date);
    expect(h.fake.groups.member(CHAT_ID, 3001)?.status).toBe("member");
  });

  it("writes to an unregistered requester with the registration link, and lets them in the moment they register", async () => {
    const u = h.user(3002);
    const calls = await joinRequest(u);
    expect(called(calls, "approveChatJoinRequest", 3002)).toHaveLength(0);
    const dm = calls.find((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 3002)!;
    // The hostile title is shown as typed.
    expect(visible(dm.payload.text as string)).toContain("Математика <b>&</b> физика");
    const button = (dm.payload.reply_markup as { inline_keyboard: { url?: string }[][] }).inline_keyboard.flat()[0]!;
    expect(button.url).toBe(`https://t.me/teachers_test_bot?start=join_${groupId}`);
    expect(await requestOf(3002)).toMatchObject([{ status: "PENDING", memberId: null }]);
    expect(h.fake.groups.get(CHAT_ID)!.joinRequests.map((r) => r.from.id)).toEqual([3002]);

    // The link starts registration (the payload is kept), and finishing it approves the request.
    const from = h.calls.length;
    await register(u);
    const after = h.calls.slice(from);
    expect(called(after, "approveChatJoinRequest", 3002)).toHaveLength(1);
    expect(u.texts(after).some((t) => visible(t).includes("Вы в группе «Математика <b>&</b> физика»"))).toBe(true);
    const [row] = await requestOf(3002);
    expect(row).toMatchObject({ status: "APPROVED", decidedById: null });
    expect(row!.memberId).not.toBeNull();
    expect(h.fake.groups.member(CHAT_ID, 3002)?.status).toBe("member");

    // The "continue" link later: already in, nothing approved twice.
    const again = await u.send(`/start join_${groupId}`);
    expect(called(again, "approveChatJoinRequest", 3002)).toHaveLength(0);
    expect(visible(u.texts(again).at(-1)!)).toContain("Вы в группе");
  });

  it("registration started from the join_ link keeps the payload and approves the request", async () => {
    const u = h.user(3003);
    await joinRequest(u);
    const start = await u.send(`/start join_${groupId}`);
    expect(u.texts(start)[0]).toContain("152-ФЗ");
    const from = h.calls.length;
    await answerQuestionnaire(u, { name: "Петров Пётр" });
    const after = h.calls.slice(from);
    expect(called(after, "approveChatJoinRequest", 3003)).toHaveLength(1);
    expect(u.texts(after).some((t) => t.includes("Вы в группе"))).toBe(true);
    expect(await requestOf(3003)).toMatchObject([{ status: "APPROVED" }]);
  });

  it("a request the user withdrew before registering finishing is recorded as decided, without a crash or a false welcome", async () => {
    const u = h.user(3004);
    await joinRequest(u);
    h.fake.setHandler("approveChatJoinRequest", () => {
      throw new BotApiFakeError(400, "Bad Request: HIDE_REQUESTER_MISSING");
    });
    const from = h.calls.length;
    await register(u);
    const after = h.calls.slice(from);
    expect(called(after, "approveChatJoinRequest", 3004)).toHaveLength(1);
    expect(u.texts(after).some((t) => t.includes("Вы в группе"))).toBe(false);
    expect(u.texts(after).some((t) => t.includes("Добро пожаловать"))).toBe(true);
    expect(await requestOf(3004)).toMatchObject([{ status: "APPROVED" }]);
    // The refusal is the scenario itself.
    expect(h.violations.splice(0)).toEqual(["approveChatJoinRequest: Bad Request: HIDE_REQUESTER_MISSING"]);
  });

  it("declines a banned user at once, registered or not", async () => {
    const banned = h.user(3005);
    await register(banned);
    await h.container.prisma.groupBan.create({ data: { telegramUserId: 3005n, reason: "spam" } });
    expect(await h.container.services.groupModeration.isBanned(3005n)).toBe(true);
    expect(await h.container.services.groupModeration.isBanned(3006n)).toBe(false);
    const calls = await joinRequest(banned);
    expect(called(calls, "declineChatJoinRequest", 3005)).toHaveLength(1);
    expect(h.fake.groups.get(CHAT_ID)!.joinRequests).toEqual([]);
    expect(h.fake.groups.member(CHAT_ID, 3005)?.status).not.toBe("member");
    expect(called(calls, "approveChatJoinRequest", 3005)).toHaveLength(0);
    expect(await requestOf(3005)).toMatchObject([{ status: "DECLINED" }]);
  });

  it("a repeated request updates the one row instead of adding another", async () => {
    const u = h.user(3007);
    await joinRequest(u);
    await joinRequest(u);
    const rows = await requestOf(3007);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("PENDING");
    // Declined by a decision, then asked again: the same row is pending again.
    await h.container.prisma.groupJoinRequest.update({ where: { id: rows[0]!.id }, data: { status: "DECLINED", decidedAt: new Date() } });
    await joinRequest(u);
    expect(await requestOf(3007)).toMatchObject([{ id: rows[0]!.id, status: "PENDING", decidedAt: null }]);
  });

  it("leaves requests of groups that are not linked alone", async () => {
    await h.container.prisma.group.create({ data: { chatId: -1009999, title: "Чужая", chatType: "supergroup", missingRights: [] } });
    const u = h.user(3008);
    await register(u);
    const calls = await joinRequest(u, -1009999);
    expect(calls).toEqual([]);
    expect(await requestOf(3008)).toEqual([]);
  });
});

describe("groups gate: other policies", () => {
  it("ANYONE: approves everyone who is not banned", async () => {
    await h.container.prisma.group.update({ where: { id: groupId }, data: { joinPolicy: "ANYONE" } });
    h.container.services.groups.registry.invalidate(CHAT_ID);
    const stranger = h.user(3101);
    const calls = await joinRequest(stranger);
    expect(called(calls, "approveChatJoinRequest", 3101)).toHaveLength(1);
    expect(calls.some((c) => c.method === "sendMessage")).toBe(false);

    await h.container.prisma.groupBan.create({ data: { telegramUserId: 3102n } });
    const banned = await joinRequest(h.user(3102));
    expect(called(banned, "declineChatJoinRequest", 3102)).toHaveLength(1);
  });

  it("MANUAL: every moderator gets the request; two racing, exactly one decision, and the other sees it", async () => {
    await h.container.prisma.group.update({ where: { id: groupId }, data: { joinPolicy: "MANUAL" } });
    h.container.services.groups.registry.invalidate(CHAT_ID);
    const a = h.user(ADMIN_A);
    const b = h.user(ADMIN_B);
    const requester = h.user(3201, { first_name: "<i>Мария</i> & Co", username: "maria" });
    await register(requester);
    const calls = await joinRequest(requester);
    expect(calls.filter((c) => c.method.endsWith("ChatJoinRequest"))).toHaveLength(0);
    for (const mod of [a, b]) {
      // The fake keeps what the member sees: the hostile name as typed.
      const text = mod.lastKeyboardMessage()!.text ?? "";
      expect(text).toContain("<i>Мария</i> & Co");
      expect(text).toContain("@maria");
      expect(mod.buttons()).toEqual(["✅ Принять", "❌ Отклонить"]);
    }
    const [row] = await requestOf(3201);
    expect(row!.notices).toHaveLength(2);

    // The same request delivered again does not page the moderators twice.
    const again = await joinRequest(requester);
    expect(again.filter((c) => c.method === "sendMessage")).toHaveLength(0);

    const from = h.calls.length;
    await Promise.all([a.tap("Принять"), b.tap("Отклонить")]);
    const race = h.calls.slice(from);
    const decisions = race.filter((c) => c.method === "approveChatJoinRequest" || c.method === "declineChatJoinRequest");
    expect(decisions).toHaveLength(1);
    const status = decisions[0]!.method === "approveChatJoinRequest" ? "APPROVED" : "DECLINED";
    expect(h.fake.groups.get(CHAT_ID)!.joinRequests).toEqual([]);
    expect(h.fake.groups.member(CHAT_ID, 3201)?.status === "member").toBe(status === "APPROVED");
    const fresh = (await requestOf(3201))[0]!;
    expect(fresh.status).toBe(status);
    const winner = status === "APPROVED" ? a : b;
    const loser = status === "APPROVED" ? b : a;
    const winnerMember = await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(winner.id) } });
    expect(fresh.decidedById).toBe(winnerMember!.id);
    // The one decision is audited (the winner's, with the group and the requester); the losing tap writes nothing.
    const joinAudit = () => h.container.prisma.auditLog.findMany({ where: { action: { in: ["group.join-approve", "group.join-decline"] } } });
    expect(await joinAudit()).toEqual([
      expect.objectContaining({
        action: status === "APPROVED" ? "group.join-approve" : "group.join-decline",
        actorId: winnerMember!.id,
        targetMemberId: fresh.memberId,
        details: { groupId, groupTitle: "Математика <b>&</b> физика", targetTelegramId: "3201", requestId: fresh.id },
      }),
    ]);
    // The loser is told; both copies show the decision instead of the buttons.
    const answers = race.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text as string);
    expect(answers.some((t) => t.startsWith("Уже решено") || t.includes("уже принято решение"))).toBe(true);
    for (const mod of [a, b]) {
      const notice = mod.messages().find((m) => m.text?.includes("Заявка на вступление"))!;
      const labels = notice.reply_markup?.inline_keyboard.flat().map((x) => x.text) ?? [];
      expect(labels).toHaveLength(1);
      expect(labels[0]).toMatch(status === "APPROVED" ? /^✅ Принял/ : /^❌ Отклонил/);
    }
    // A later tap on the decided button changes nothing.
    const late = await loser.tapData(`gj1:ok:${fresh.id}`);
    expect(late.filter((c) => c.method.endsWith("ChatJoinRequest"))).toHaveLength(0);
    if (status === "APPROVED") expect(requester.texts(race).some((t) => t.includes("Вы в группе"))).toBe(true);
    expect(await joinAudit()).toHaveLength(1);
  });

  it("MANUAL: a member who is not staff cannot press the buttons, forged and stale data change nothing", async () => {
    await h.container.prisma.group.update({ where: { id: groupId }, data: { joinPolicy: "MANUAL" } });
    h.container.services.groups.registry.invalidate(CHAT_ID);
    const requester = h.user(3301);
    await joinRequest(requester);
    const [row] = await requestOf(3301);

    const member = h.user(3302);
    await register(member);
    const refused = await member.tapData(`gj1:ok:${row!.id}`);
    expect(refused.filter((c) => c.method.endsWith("ChatJoinRequest"))).toHaveLength(0);
    expect(refused.find((c) => c.method === "answerCallbackQuery")!.payload.text).toBeTruthy();

    const admin = h.user(ADMIN_A);
    for (const data of [`gj1:ok:abc`, `gj1:ok:99999`, `gj1:no:0`, `gj1:ok:1:<x>`]) {
      const calls = await admin.tapData(data);
      expect(calls.filter((c) => c.method.endsWith("ChatJoinRequest"))).toHaveLength(0);
      expect(calls.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("больше не действует");
    }
    expect((await requestOf(3301))[0]!.status).toBe("PENDING");
    expect(await h.container.prisma.auditLog.count({ where: { action: { startsWith: "group.join" } } })).toBe(0);

    // Telegram says the requester withdrew: decided, the moderator told, no crash.
    h.fake.setHandler("declineChatJoinRequest", () => {
      throw new BotApiFakeError(400, "Bad Request: HIDE_REQUESTER_MISSING");
    });
    const gone = await admin.tapData(`gj1:no:${row!.id}`);
    expect(gone.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("Заявки уже нет");
    expect((await requestOf(3301))[0]!.status).toBe("DECLINED");
    const adminMember = await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN_A) } });
    expect(await h.container.prisma.auditLog.findMany({ where: { action: { startsWith: "group.join" } } })).toEqual([
      expect.objectContaining({
        action: "group.join-decline",
        actorId: adminMember!.id,
        targetMemberId: null,
        details: expect.objectContaining({ targetTelegramId: "3301" }),
      }),
    ]);
    expect(h.violations.splice(0)).toEqual(["declineChatJoinRequest: Bad Request: HIDE_REQUESTER_MISSING"]);
  });
});
