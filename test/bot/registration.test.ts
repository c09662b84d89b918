import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newMessageId } from "../support/bot-api-fake.js";
import { BotHarness, visible, type TestUser } from "../support/bot-harness.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

/** Walks a user through the whole registration, returning at the summary. */
async function fillQuestionnaire(u: TestUser, organisation = "Школа № 5") {
  await u.send("/start");
  await u.tap("Я согласен");
  await u.send("Иванова Анна Сергеевна");
  await u.tap("Учитель");
  await u.tap("Математика");
  await u.tap("Физика");
  await u.tap("Готово");
  await u.tap("5 класс");
  await u.tap("6 класс");
  await u.tap("Готово");
  await u.send("Татарстан");
  await u.send("Казань");
  await u.send(organisation);
  await u.send("12");
  await u.tap("Оставить");
  await u.tap("Русский");
}

describe("registration", () => {
  it("takes a new member through every step and stores the profile once confirmed", async () => {
    const u = h.user(1001, { first_name: '<b>Anna & "Co"</b>', username: "anna_t" });
    const start = await u.send("/start");
    const consent = start.find((c) => c.method === "sendMessage")!;
    // The hostile first name is shown exactly as typed, not as markup.
    expect(visible(consent.payload.text as string)).toContain('<b>Anna & "Co"</b>');
    expect(visible(consent.payload.text as string)).toContain("152-ФЗ");
    expect(await h.container.prisma.member.count()).toBe(0);

    await fillQuestionnaire(u, '<b>Anna & "Co"</b>');
    const summary = u.lastKeyboardMessage()!;
    expect(summary.text!).toContain("Проверьте анкету");
    expect(summary.text!).toContain('<b>Anna & "Co"</b>');
    expect(summary.text).toContain("Europe/Moscow");
    // Nothing is stored before the member confirms.
    expect(await h.container.prisma.profile.count()).toBe(0);

    const done = await u.tap("Всё верно");
    expect(u.texts(done).some((t) => t.includes("Добро пожаловать"))).toBe(true);
    const member = await h.container.prisma.member.findUnique({
      where: { telegramId: 1001n },
      include: { profile: { include: { subjects: true, grades: true } } },
    });
    expect(member).toMatchObject({ consentStatus: "GIVEN", locale: "ru", username: "anna_t", role: "MEMBER" });
    expect(member!.registeredAt).toBeInstanceOf(Date);
    expect(member!.profile).toMatchObject({
      fullName: "Иванова Анна Сергеевна",
      professionalRole: "TEACHER",
      regionCode: "RU-TA",
      city: "Казань",
      organisation: '<b>Anna & "Co"</b>',
      experienceYears: 12,
      timezone: "Europe/Moscow",
    });
    expect(member!.profile!.subjects.map((s) => s.subjectCode).sort()).toEqual(["math", "physics"]);
    expect(member!.profile!.grades.map((g) => g.gradeCode).sort()).toEqual(["5", "6"]);

    // A registered member gets the main menu instead of a new registration.
    const again = await u.send("/start");
    expect(u.texts(again)[0]).toContain("Главное меню");
  });

  it("explains invalid answers, asks again and stores nothing wrong", async () => {
    const u = h.user(1002);
    await u.send("/start");
    await u.tap("Я согласен");
    const short = await u.send("А");
    expect(u.texts(short)[0]).toContain("хотя бы 2 буквы");
    const html = await u.send("<b>Anna</b>");
    expect(u.texts(html)[0]).toContain("только буквы");
    const long = await u.send("Я".repeat(4000));
    expect(u.texts(long)[0]).toContain("не больше 100");
    const sticker = await u.sendSticker();
    expect(u.texts(sticker)[0]).toContain("ответьте текстом");
    await u.send("Петров Пётр");
    // Done with nothing selected is refused with an alert.
    await u.tap("Учитель");
    const empty = await u.tap("Готово");
    expect(empty.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("хотя бы один");
    await u.tap("Химия");
    await u.tap("Готово");
    await u.tap("1 класс");
    await u.tap("Готово");
    const nowhere = await u.send("Атлантида");
    expect(u.texts(nowhere)[0]).toContain("не найден");
    await u.send("сев");
    // Several regions match: a short list of buttons (Sevastopol, North Ossetia).
    expect(u.buttons().filter((b) => /Севастополь|Северная Осетия/.test(b))).toHaveLength(2);
    await u.tap("Севастополь");
    await u.send("Химки");
    await u.tap("Пропустить");
    const years = await u.send("сто");
    expect(u.texts(years)[0]).toContain("числом");
    const tooMany = await u.send("99");
    expect(u.texts(tooMany)[0]).toContain("от 0 до 70");
    await u.send("7 лет");
    const badZone = await u.send("Mars/Olympus");
    expect(u.texts(badZone)[0]).toContain("часового пояса");
    await u.send("asia/novosibirsk");
    await u.tap("English");
    const summary = u.lastKeyboardMessage()!;
    expect(summary.text!).toContain("Asia/Novosibirsk");
    await u.tap(/Confirm|register/i);
    const member = await h.container.prisma.member.findUnique({ where: { telegramId: 1002n }, include: { profile: true } });
    expect(member).toMatchObject({ locale: "en" });
    expect(member!.profile).toMatchObject({ fullName: "Петров Пётр", organisation: null, experienceYears: 7, timezone: "Asia/Novosibirsk", regionCode: "RU-SEV" });
  });

  it("goes back a step keeping earlier answers, and /cancel stores nothing", async () => {
    const u = h.user(1003);
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Сидорова Мария");
    await u.tap("Методист");
    await u.tap("История");
    const back = await u.tap("Назад");
    // The role question is asked again.
    expect(u.texts(back).some((t) => t.includes("Кем вы работаете"))).toBe(true);
    await u.tap("Учитель");
    // Subjects keep the previous ticks? The step was left with Back, so nothing was chosen yet.
    await u.tap("История");
    await u.tap("Готово");
    await u.tap("Назад");
    // Back on grades returns to subjects with История still ticked.
    expect(u.buttons()).toContain("✅ История");
    const cancel = await u.send("/cancel");
    expect(u.texts(cancel).some((t) => t.includes("Регистрация отменена"))).toBe(true);
    expect(await h.container.prisma.member.count()).toBe(0);
    // After cancel, /start begins again from consent.
    const again = await u.send("/start");
    expect(visible(u.texts(again)[0]!)).toContain("Согласие на обработку");
  });

  it("Back to a typed question shows the previous answer and keeps it with one tap", async () => {
    // Reproduces #9 item 10: Back to the name question asked for the name as if nothing had been given.
    const u = h.user(1010);
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Сидорова Мария Ивановна");
    const back = await u.tap("Назад");
    const question = u.texts(back).find((t) => t.includes("Как вас зовут"));
    expect(question).toContain("Сейчас: <b>Сидорова Мария Ивановна</b>");
    await u.tap("Оставить как есть");
    expect(u.lastKeyboardMessage()!.text).toContain("Кем вы работаете");
    await u.tap("Учитель");
    await u.tap("Математика");
    await u.tap("Готово");
    await u.tap("7 класс");
    await u.tap("Готово");
    await u.send("Татарстан");
    await u.send("Казань");
    await u.send("Гимназия № 2");
    // Back from the experience question to the organisation: the school is shown; a new answer replaces it.
    await u.tap("Назад");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас: Гимназия № 2");
    await u.send("Лицей № 1");
    // Back twice from experience: organisation, then city; the region question shows Татарстан with its button.
    await u.tap("Назад");
    await u.tap("Назад");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас: Казань");
    await u.tap("Назад");
    expect(u.lastKeyboardMessage()!.text).toMatch(/Сейчас: [^\n]*Татарстан/);
    await u.tap("Оставить как есть");
    await u.tap("Оставить как есть");
    await u.tap("Оставить как есть");
    expect(u.lastKeyboardMessage()!.text).toContain("Какой у вас педагогический стаж");
    await u.send("12");
    // Back from the time zone to the experience: 12 is shown and kept.
    await u.tap("Назад");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас: 12");
    await u.tap("Оставить как есть");
    await u.tap("Оставить");
    await u.tap("Русский");
    await u.tap("Всё верно");
    const profile = await h.container.prisma.profile.findFirst();
    expect(profile).toMatchObject({
      fullName: "Сидорова Мария Ивановна",
      city: "Казань",
      organisation: "Лицей № 1",
      experienceYears: 12,
      regionCode: expect.any(String),
    });
  });

  it("stores only the Telegram id and the refusal when consent is refused", async () => {
    const u = h.user(1004);
    await u.send("/start");
    const refused = await u.tap("Не согласен");
    expect(u.texts(refused).some((t) => t.includes("Без согласия"))).toBe(true);
    const row = await h.container.prisma.member.findUnique({ where: { telegramId: 1004n }, include: { profile: true } });
    expect(row).toMatchObject({ consentStatus: "REFUSED", username: null, registeredAt: null, profile: null });
    // Changing one's mind later works and reuses the row.
    await fillQuestionnaire(u);
    await u.tap("Всё верно");
    const after = await h.container.prisma.member.findUnique({ where: { telegramId: 1004n } });
    expect(after).toMatchObject({ id: row!.id, consentStatus: "GIVEN" });
  });

  it("continues where it stopped after a restart of the bot", async () => {
    const u = h.user(1005);
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Кузнецов Иван");
    await u.tap("Учитель");
    await u.tap("Информатика");
    await h.restart();
    // The subject keyboard still works on the new process.
    await u.tap("Математика");
    await u.tap("Готово");
    expect(u.lastKeyboardMessage()!.text).toContain("В каких классах");
    await u.tap("9 класс");
    await u.tap("Готово");
    await u.send("Приморский");
    await u.send("Владивосток");
    await u.tap("Пропустить");
    await u.send("3");
    // Time zone is suggested from the region.
    expect(u.lastKeyboardMessage()!.text).toContain("Asia/Vladivostok");
    await u.tap("Оставить");
    await u.tap("Русский");
    await u.tap("Всё верно");
    const member = await h.container.prisma.member.findUnique({ where: { telegramId: 1005n }, include: { profile: { include: { subjects: true } } } });
    expect(member!.profile!.timezone).toBe("Asia/Vladivostok");
    expect(member!.profile!.subjects.map((s) => s.subjectCode).sort()).toEqual(["informatics", "math"]);
  });

  it("answers stale buttons politely and a double tap on confirm registers once", async () => {
    const u = h.user(1006);
    await fillQuestionnaire(u);
    const summary = u.lastKeyboardMessage()!;
    const confirmData = summary.reply_markup!.inline_keyboard.flat().find((b: { text: string }) => b.text.includes("Всё верно")) as { callback_data: string };
    await u.tapData(confirmData.callback_data, summary.message_id);
    const second = await u.tapData(confirmData.callback_data, summary.message_id);
    // The questionnaire is over: the second tap is told so, and nothing else happens.
    expect(second.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("анкета уже закончена");
    expect(second.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
    expect(await h.container.prisma.profile.count()).toBe(1);
    const forged = await u.tapData("st1:pick:HACKER");
    expect(forged.find((c) => c.method === "answerCallbackQuery")!.payload.text).toContain("больше не действует");
    const garbage = await u.tapData("💥".repeat(10));
    expect(garbage.find((c) => c.method === "answerCallbackQuery")).toBeDefined();
  });

  it("Regression: text typed before a question appeared is never taken as its answer (the city typed twice while the bot was slow)", async () => {
    const u = h.user(1007);
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Иванова Анна");
    await u.tap("Учитель");
    await u.tap("Математика");
    await u.tap("Готово");
    await u.tap("5 класс");
    await u.tap("Готово");
    await u.send("Татарстан");
    expect(u.lastKeyboardMessage()!.text).toContain("город");
    // The member types the city twice before the bot answers the first: both
    // messages are older than the school question the first one brings.
    const [first, second] = [newMessageId(u.id), newMessageId(u.id)];
    await u.send("Казань", first);
    const schoolQuestion = u.lastKeyboardMessage()!;
    expect(schoolQuestion.text).toContain("школы");
    expect(second).toBeLessThan(schoolQuestion.message_id);
    const late = await u.send("Казань", second);
    // Not the school's name: the question is asked again below.
    expect(u.texts(late).join("\n")).toContain("Продолжим с того места");
    expect(u.lastKeyboardMessage()!.text).toContain("школы");
    const asking = () =>
      u.messages().filter((m) => (m.reply_markup?.inline_keyboard.flat() ?? []).some((b) => "callback_data" in b && b.callback_data.startsWith("st2:")));
    expect(asking()).toHaveLength(2);
    await u.send("Школа № 5");
    // Answering takes the buttons off both copies of the school question.
    expect(asking().map((m) => m.text)).toEqual([expect.stringContaining("стаж")]);
    await u.send("12");
    await u.tap("Оставить");
    await u.tap("Русский");
    await u.tap("Всё верно");
    const profile = await h.container.prisma.profile.findFirst({ where: { member: { telegramId: 1007n } } });
    expect(profile).toMatchObject({ city: "Казань", organisation: "Школа № 5", experienceYears: 12 });
  });
});

describe("edited messages (asked for only to screen groups)", () => {
  it("an edit in the private chat is not an answer: nothing is sent and the questionnaire goes on", async () => {
    const u = h.user(1008);
    await u.send("/start");
    await u.tap("Я согласен");
    const nameId = newMessageId(u.id);
    await u.send("Иванова Анна", nameId);
    expect(u.lastKeyboardMessage()!.text).toContain("Кем вы работаете");
    // The member corrects their name in the chat: Telegram sends edited_message.
    const calls = await h.handle({
      edited_message: {
        message_id: nameId,
        date: Math.floor(Date.now() / 1000),
        edit_date: Math.floor(Date.now() / 1000),
        chat: { id: u.id, type: "private", first_name: "Анна" },
        from: { id: u.id, is_bot: false, first_name: "Анна" },
        text: "Петрова Анна",
      },
    });
    expect(calls).toEqual([]);
    await u.tap("Учитель");
    expect(u.lastKeyboardMessage()!.text).toContain("предмет");
  });
});
