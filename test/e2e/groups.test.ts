// Subject discussion groups (issue 11) at process level: the real entry point
// against the local HTTP Bot API fake (with its group state) and a database
// of its own, the way a community admin and teachers use it:
//   the bot is added to a forum supergroup → an admin runs /link and picks the
//   subject with the buttons → join link, topics and pinned rules appear; a
//   registered teacher's join request is approved, an unregistered one is
//   invited to register; the bot is stopped with SIGTERM (a deploy) and
//   started again → the newcomer's link is still deleted (the in-memory
//   registry is rebuilt from PostgreSQL) and a flood is still muted once.
import type { Chat, InlineKeyboardButton, Message } from "grammy/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_BOT_ADMIN_RIGHTS,
  makeCallbackUpdate,
  makeChatJoinRequestUpdate,
  makeGroupCommandUpdate,
  makeGroupTextUpdate,
  makeMyChatMemberUpdate,
  startBotApiFake,
  type BotApiFake,
  type FakeUserInput,
  type RecordedCall,
} from "../support/bot-api-fake.js";
import { telegramViolation, TEST_REDIS_URL } from "../support/bot-harness.js";
import { startBotProcess, type BotProcess } from "../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const ADMIN: FakeUserInput = { id: 6_300_000_001, first_name: "Ольга", language_code: "ru" };
const TEACHER: FakeUserInput = { id: 6_300_000_002, first_name: "Анна", language_code: "ru" };
const OLD_TIMER: FakeUserInput = { id: 6_300_000_003, first_name: "Пётр", language_code: "ru" };
const OLD_TIMER_2: FakeUserInput = { id: 6_300_000_005, first_name: "Ирина", language_code: "ru" };
const STRANGER: FakeUserInput = { id: 6_300_000_004, first_name: "Гость", language_code: "en" };

let fake: BotApiFake;
let db: TestDatabase;
let redisPrefix: string;
let bot: BotProcess;
let chat: Chat.SupergroupChat;

async function seedMember(user: FakeUserInput, role: "ADMIN" | "MEMBER"): Promise<number> {
  const row = await db.prisma.member.create({
    data: {
      telegramId: BigInt(user.id),
      role,
      registeredAt: new Date(),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: `${user.first_name} Тестова`,
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          experienceYears: 5,
          timezone: "Europe/Moscow",
          subjects: { create: [{ subjectCode: "math" }] },
        },
      },
    },
    select: { id: true },
  });
  return row.id;
}

async function start(): Promise<void> {
  bot = await startBotProcess({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, redisPrefix, apiRoot: fake.apiRoot, env: { ADMIN_IDS: String(ADMIN.id) } });
  await bot.ready();
}

/** The next call of `method` into the group (or any chat with `chatId`) after call number `from`. */
async function next(method: string | string[], from: number, predicate: (c: RecordedCall) => boolean = () => true, timeoutMs = 20_000): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = fake.calls.slice(from).find((c) => [method].flat().includes(c.method) && predicate(c));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `no ${String(method)} within ${timeoutMs} ms; last calls:\n${fake.calls
      .slice(-8)
      .map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 200)}`)
      .join("\n")}\n${bot.tail(3000)}`,
  );
}

const inChat = (id: number) => (c: RecordedCall) => Number(c.payload.chat_id) === id;
const buttons = (m: Message): InlineKeyboardButton.CallbackButton[] =>
  (m.reply_markup?.inline_keyboard ?? []).flat().filter((b): b is InlineKeyboardButton.CallbackButton => "callback_data" in b);

beforeAll(async () => {
  [fake, db] = await Promise.all([startBotApiFake({ latencyMs: 20 }), createTestDatabase()]);
  redisPrefix = createTestRedisPrefix();
  await seedMember(ADMIN, "ADMIN");
  await seedMember(TEACHER, "MEMBER");
  await seedMember(OLD_TIMER, "MEMBER");
  chat = fake.groups.create({ id: -1_003_300_000_001, title: "Математики <b>&</b> друзья", is_forum: true, creator: ADMIN });
  fake.groups.setMember(chat.id, OLD_TIMER);
  fake.groups.setMember(chat.id, OLD_TIMER_2);
  await start();
}, 120_000);

afterAll(async () => {
  await bot?.stop("SIGTERM");
  const redis = new Redis(TEST_REDIS_URL);
  await cleanRedisPrefix(redis, redisPrefix).finally(() => redis.disconnect());
  await Promise.all([db?.drop(), fake?.close()]);
});

describe("subject groups, end to end", () => {
  it("an admin adds the bot and links the forum to a subject with buttons: join link, three topics, pinned rules", async () => {
    let from = fake.calls.length;
    fake.pushUpdate(makeMyChatMemberUpdate({ chat, from: ADMIN, old: "left", new: { status: "administrator", rights: DEFAULT_BOT_ADMIN_RIGHTS } }));
    await next("sendMessage", from, inChat(chat.id));

    from = fake.calls.length;
    fake.pushUpdate(makeGroupCommandUpdate(ADMIN, chat, "link"));
    const ask = await next("sendMessage", from, (c) => inChat(chat.id)(c) && c.payload.reply_markup !== undefined);
    let message = (ask.response as { result: Message }).result;
    expect(message.text).toContain("Математики <b>&</b> друзья");
    const math = buttons(message).find((b) => b.text.includes("Математика"))!;
    from = fake.calls.length;
    fake.pushUpdate(makeCallbackUpdate(ADMIN, math.callback_data, message));
    await next(["editMessageText", "editMessageReplyMarkup"], from, inChat(chat.id));
    message = fake.getMessage(chat.id, message.message_id)!;
    // The keyboard is edited in place.
    expect(buttons(message).find((b) => b.text.includes("Математика"))!.text).toContain("✅");
    const done = buttons(message).find((b) => b.text.includes("Готово"))!;
    from = fake.calls.length;
    fake.pushUpdate(makeCallbackUpdate(ADMIN, done.callback_data, message));
    await next("pinChatMessage", from, inChat(chat.id));

    const group = fake.groups.get(chat.id)!;
    expect(group.inviteLinks.filter((l) => l.creates_join_request)).toHaveLength(1);
    expect(group.topics).toHaveLength(3);
    expect(group.pinned.length).toBeGreaterThan(0);
    const row = await db.prisma.group.findUnique({ where: { chatId: BigInt(chat.id) }, include: { subjects: true } });
    expect(row).toMatchObject({ linkedAt: expect.any(Date), isForum: true, inviteLink: expect.stringContaining("t.me") });
    expect(row!.subjects.map((s) => s.subjectCode)).toEqual(["math"]);
    expect(row!.materialsThreadId).toBe(group.topics.find((t) => t.name.includes("Материалы"))!.message_thread_id);
  });

  it("a registered teacher's request is approved at once; a stranger is invited to register in private", async () => {
    const link = fake.groups.get(chat.id)!.inviteLinks[0]!;
    let from = fake.calls.length;
    fake.pushUpdate(makeChatJoinRequestUpdate({ chat, user: TEACHER, invite_link: link }));
    await next("approveChatJoinRequest", from, (c) => Number(c.payload.user_id) === TEACHER.id);
    // Telegram then sends chat_member (allowed_updates asks for it): the bot records the join.
    await expect.poll(() => db.prisma.groupMember.count({ where: { telegramUserId: BigInt(TEACHER.id), leftAt: null } }), { timeout: 15_000 }).toBe(1);

    from = fake.calls.length;
    fake.pushUpdate(makeChatJoinRequestUpdate({ chat, user: STRANGER, invite_link: link }));
    const dm = await next("sendMessage", from, (c) => Number(c.payload.chat_id) === STRANGER.id);
    const url = JSON.stringify(dm.payload.reply_markup);
    expect(url).toMatch(/start=join_\d+/);
    expect(fake.calls.slice(from).filter((c) => c.method === "approveChatJoinRequest")).toHaveLength(0);
    expect(await db.prisma.groupJoinRequest.findFirst({ where: { telegramUserId: BigInt(STRANGER.id) } })).toMatchObject({ status: "PENDING" });
  });

  it("after a deploy (SIGTERM, start again) the newcomer's link is deleted, the old member's kept, and a flood muted once", async () => {
    const stopped = await bot.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    await start();

    let from = fake.calls.length;
    fake.pushUpdate(makeGroupTextUpdate(TEACHER, chat, "Смотрите https://example.com/spam", { entities: [{ type: "url", offset: 8, length: 24 }] }));
    const deleted = await next("deleteMessages", from, inChat(chat.id));
    expect(deleted.payload.message_ids).toHaveLength(1);
    // With one short notice that names the newcomer (escaped) and goes away by itself.
    await next("sendMessage", from, (c) => inChat(chat.id)(c) && String(c.payload.text).includes("удалено"));

    from = fake.calls.length;
    const kept = makeGroupTextUpdate(OLD_TIMER_2, chat, "Полезная ссылка https://edu.ru", { entities: [{ type: "url", offset: 16, length: 14 }] });
    fake.pushUpdate(kept);
    // Eight quick messages from one sender: over the default 5 in 10 s.
    for (let i = 0; i < 8; i++) fake.pushUpdate(makeGroupTextUpdate(OLD_TIMER, chat, `сообщение ${i}`));
    await next("restrictChatMember", from, (c) => Number(c.payload.user_id) === OLD_TIMER.id);
    await new Promise((r) => setTimeout(r, 1500));
    const mine = fake.calls.slice(from);
    // The old member's link was not touched: only flood messages were deleted.
    const keptId = (kept.message as Message).message_id;
    expect(mine.filter((c) => c.method === "restrictChatMember")).toHaveLength(1);
    const deletedIds = mine.flatMap((c) =>
      c.method === "deleteMessages" ? (c.payload.message_ids as number[]) : c.method === "deleteMessage" ? [Number(c.payload.message_id)] : [],
    );
    expect(deletedIds.length).toBeGreaterThanOrEqual(3);
    expect(deletedIds).not.toContain(keptId);
    // Nothing the bot sent broke Telegram's rules.
    expect(fake.calls.map((c) => telegramViolation(c.method, c.payload)).filter(Boolean)).toEqual([]);
    expect(fake.calls.filter((c) => !c.response.ok && c.response.error_code !== 400)).toEqual([]);
  });
});
