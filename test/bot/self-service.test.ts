import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { conversationKey } from "../../src/bot/conversation-storage.js";
import { register } from "./support.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

describe("member self-service", () => {
  it("/profile shows the card and edits one field with the registration question", async () => {
    const u = h.user(2001);
    await register(u);
    const card = await u.send("/profile");
    expect(u.texts(card)[0]).toContain("Иванова Анна");
    await u.tap("✏️ Город");
    const invalid = await u.send("1");
    expect(u.texts(invalid)[0]).toContain("хотя бы 2 символа");
    const saved = await u.send("Набережные Челны");
    expect(u.texts(saved).some((t) => t.includes("Профиль обновлён") && t.includes("Набережные Челны"))).toBe(true);
    expect((await h.container.prisma.profile.findFirst())!.city).toBe("Набережные Челны");

    // Subjects: the current ones are ticked; untick and tick another.
    await u.tap("✏️ Предметы");
    expect(u.buttons()).toContain("✅ Математика");
    await u.tap("Математика");
    await u.tap("Физика");
    await u.tap("Готово");
    const subjects = await h.container.prisma.profileSubject.findMany();
    expect(subjects.map((s) => s.subjectCode)).toEqual(["physics"]);

    // Cancel leaves the profile as it was.
    await u.tap("✏️ ФИО");
    const cancelled = await u.tap("Отмена");
    expect(u.texts(cancelled).some((t) => t.includes("Изменение отменено"))).toBe(true);
    expect((await h.container.prisma.profile.findFirst())!.fullName).toBe("Иванова Анна");
  });

  it("changing the region offers the new region's time zone; edits show the current answer", async () => {
    // Reproduces #9 item 10: a move from Татарстан to Приморье kept Moscow time without a word.
    const u = h.user(2010);
    await register(u);
    expect((await h.container.prisma.profile.findFirst())!.timezone).toBe("Europe/Moscow");
    await u.send("/profile");
    await u.tap("✏️ Город");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас: Казань");
    await u.tap("Оставить как есть");
    await u.tap("✏️ Регион");
    expect(u.lastKeyboardMessage()!.text).toMatch(/Сейчас: [^\n]*Татарстан/);
    const moved = await u.send("Приморский");
    expect(u.texts(moved).some((t) => t.includes("Регион изменён"))).toBe(true);
    expect(u.buttons()).toContain("✅ Оставить Asia/Vladivostok");
    const done = await u.tap("Оставить Asia/Vladivostok");
    expect(u.texts(done).some((t) => t.includes("Профиль обновлён") && t.includes("Asia/Vladivostok"))).toBe(true);
    expect((await h.container.prisma.profile.findFirst())!.timezone).toBe("Asia/Vladivostok");

    // Cancel at the time zone keeps the new region and the old zone; a region in the same zone asks nothing.
    await u.tap("✏️ Регион");
    await u.send("Татарстан");
    await u.tap("Отмена");
    let row = (await h.container.prisma.profile.findFirst())!;
    expect(row.timezone).toBe("Asia/Vladivostok");
    await u.tap("✏️ Часовой пояс");
    await u.tap("Оставить");
    await u.send("/profile");
    await u.tap("✏️ Регион");
    await u.send("Тверская");
    row = (await h.container.prisma.profile.findFirst())!;
    expect(u.lastMessage()!.text).toContain("Профиль обновлён");
    expect(row.timezone).toBe("Europe/Moscow");
  });

  it("refuses profile edits from unregistered users and forged field codes", async () => {
    const stranger = h.user(2002);
    const profile = await stranger.send("/profile");
    expect(stranger.texts(profile)[0]).toContain("Сначала зарегистрируйтесь");
    const forged = await stranger.tapData("prof1:edit:n");
    expect(forged.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("Сначала зарегистрируйтесь");
    const u = h.user(2003);
    await register(u);
    const bad = await u.tapData("prof1:edit:zz");
    expect(bad.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("больше не действует");
  });

  it("/language switches the interface language", async () => {
    const u = h.user(2004);
    await register(u);
    await u.send("/language");
    const switched = await u.tap("English");
    expect(u.texts(switched)[0]).toContain("English");
    const help = await u.send("/help");
    expect(u.texts(help)[0]).toContain("/profile — My profile");
    expect((await h.container.prisma.member.findFirst())!.locale).toBe("en");
  });

  it("/help lists the member's commands; admins see admin commands", async () => {
    const u = h.user(2005);
    const help = await u.send("/help");
    expect(u.texts(help)[0]).toContain("/profile");
    expect(u.texts(help)[0]).not.toContain("/admin");
    expect(u.texts(help)[0]).toContain("/start");
  });

  it("/mydata sends everything stored as a JSON file", async () => {
    const u = h.user(2006, { username: "teacher_anna" });
    await register(u, { name: "Анна-Мария О'Нил" });
    const calls = await u.send("/mydata");
    const doc = calls.find((c) => c.method === "sendDocument")!;
    expect(doc).toBeDefined();
    const upload = doc.payload.document as { filename: string; size: number };
    expect(upload.filename).toMatch(/^mydata-\d+\.json$/);
    const sent = (doc.response as { result: { document: { file_id: string } } }).result.document;
    const data = JSON.parse(h.fake.fileContent(sent.file_id)!.toString("utf8"));
    expect(data.member).toMatchObject({ telegramId: "2006", username: "teacher_anna", consent: { status: "GIVEN" } });
    expect(data.profile).toMatchObject({ fullName: "Анна-Мария О'Нил", city: "Казань", region: { code: "RU-TA" } });
  });

  it("/forgetme erases personal data after confirmation; the member row stays as deleted", async () => {
    const u = h.user(2007);
    await register(u);
    const memberId = (await h.container.prisma.member.findFirst())!.id;
    await u.send("/forgetme");
    const kept = await u.tap("Нет, оставить");
    expect(u.texts(kept)[0]).toContain("без изменений");
    expect(await h.container.prisma.profile.count()).toBe(1);

    // Leave a conversation open to see that its state is erased too.
    await u.send("/profile");
    await u.tap("✏️ Город");
    expect(await h.container.redis.exists(conversationKey(h.redisPrefix, 2007))).toBe(1);
    await u.send("/forgetme");
    await u.tap("Да, удалить");
    const row = await h.container.prisma.member.findUnique({ where: { id: memberId }, include: { profile: true } });
    expect(row).toMatchObject({ telegramId: null, username: null, profile: null, consentStatus: null, registeredAt: null });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    const audit = await h.container.prisma.auditLog.findMany({ where: { targetMemberId: memberId } });
    expect(audit.map((a) => a.action)).toContain("member.forget");
    expect(await h.container.redis.exists(conversationKey(h.redisPrefix, 2007))).toBe(0);

    // A second tap on the old confirmation changes nothing.
    const again = await u.tapData("priv1:forget-yes");
    expect(again.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("ничего не сохранено");
    // Starting again is a fresh registration.
    const start = await u.send("/start");
    expect(u.texts(start)[0]).toContain("Согласие на обработку");
  });

  it("a saved search is keyed by its member: another member's token finds nothing, and /forgetme finds them all", async () => {
    // Searches are stored under <prefix>:search:<telegram id>:<token> so that erasure can SCAN a member's
    // searches (issue 9, item 15); it also binds a token to its owner (item 18: a forged callback with
    // another member's token used to change that member's search).
    const a = h.user(2010);
    await register(a);
    const b = h.user(2011);
    await register(b, { name: "Петрова Ольга" });
    await a.send("/search дроби");
    const filters = a
      .lastKeyboardMessage()!
      .reply_markup!.inline_keyboard.flat()
      .find((k) => k.text.includes("Фильтры"));
    const data = (filters as { callback_data: string }).callback_data;
    const keys = await h.container.redis.keys(`${h.redisPrefix}:search:2010:*`);
    expect(keys).toHaveLength(1);
    const stored = await h.container.redis.get(keys[0]!);

    await b.send("/search физика");
    const forged = await b.tapData(data);
    expect(forged.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("Этот поиск устарел");
    expect(await h.container.redis.get(keys[0]!)).toBe(stored);
    const own = await a.tapData(data);
    expect(own.find((c) => c.method === "answerCallbackQuery")!.payload.text).toBeUndefined();

    await a.send("/forgetme");
    await a.tap("Да, удалить");
    expect(await h.container.redis.keys(`${h.redisPrefix}:search:2010:*`)).toEqual([]);
    expect(await h.container.redis.keys(`${h.redisPrefix}:search:2011:*`)).toHaveLength(1);
  });

  it("marks a member inactive when they block the bot and active when they return", async () => {
    const u = h.user(2008);
    await register(u);
    const status = (s: "kicked" | "member") =>
      h.handle({
        my_chat_member: {
          chat: { id: 2008, type: "private", first_name: "Анна" },
          from: u.from,
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { status: s === "kicked" ? "member" : "kicked", user: { id: 7000000001, is_bot: true, first_name: "Bot" } },
          new_chat_member: { status: s, user: { id: 7000000001, is_bot: true, first_name: "Bot" }, ...(s === "kicked" ? { until_date: 0 } : {}) },
        },
      } as never);
    await status("kicked");
    expect((await h.container.prisma.member.findFirst())!.isActive).toBe(false);
    await status("member");
    expect((await h.container.prisma.member.findFirst())!.isActive).toBe(true);
  });

  it("ignores updates it does not handle and hints on unknown text", async () => {
    const u = h.user(2009);
    await register(u);
    expect(await u.sendSticker()).toEqual([]);
    const channelPost = await h.handle({
      channel_post: { message_id: 1, date: 0, chat: { id: -100123, type: "channel", title: "News" }, text: "hello" },
    } as never);
    expect(channelPost).toEqual([]);
    const edited = await h.handle({
      edited_message: { message_id: 1, date: 0, edit_date: 1, chat: { id: 2009, type: "private", first_name: "A" }, from: u.from, text: "x" },
    } as never);
    expect(edited).toEqual([]);
    const group = await h.handle({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: -500, type: "group", title: "Учителя математики" },
        from: u.from,
        text: "/profile",
        entities: [{ type: "bot_command", offset: 0, length: 8 }],
      },
    } as never);
    expect(group).toEqual([]);
    const text = await u.send("привет");
    expect(u.texts(text)[0]).toContain("/help");
    const unknown = await u.send("/nonsense");
    expect(u.texts(unknown)[0]).toContain("Такой команды нет");
    const cancel = await u.send("/cancel");
    expect(u.texts(cancel)[0]).toContain("нечего отменять");
  });

  it("rate-limits a member who floods the bot", async () => {
    await h.close();
    h = await BotHarness.create({ env: { RATE_LIMIT_PER_SECOND: "1" } });
    const u = h.user(2010);
    const replies: string[] = [];
    // 1 per second over a 5-second window: a burst of 5 is served, then one notice, then silence.
    for (let i = 0; i < 8; i++) replies.push(...u.texts(await u.send(`/help`)));
    expect(replies.filter((t) => t.includes("Команды")).length).toBe(5);
    expect(replies.filter((t) => t.includes("Слишком много сообщений")).length).toBe(1);
  });
});
