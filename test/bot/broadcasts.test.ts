import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, visible, type TestUser } from "../support/bot-harness.js";
import { fanoutJobId } from "../../src/features/broadcasts/broadcasts.jobs.js";
import { register } from "./support.js";

const ADMIN = 8201;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
/** The text of the latest message with buttons, as the member sees it (the fake stores it parsed). */
const lastQuestion = (u: TestUser) => u.lastKeyboardMessage()!.text!;

/** An admin and two teachers (maths; physics) registered through the real conversation. */
async function community(): Promise<{ admin: TestUser; maths: TestUser; physics: TestUser }> {
  const admin = h.user(ADMIN);
  await register(admin, { name: "Администратор Сообщества" });
  const maths = h.user(8202);
  await register(maths, { name: "Учитель Математики" });
  const physics = h.user(8203);
  await register(physics, { name: "Учитель Физики", subjects: ["Физика"] });
  return { admin, maths, physics };
}

const HOSTILE = "Педсовет <b>в пятницу</b> & «новые» правила </i>";

describe("/broadcast", () => {
  it("composes, counts the audience, previews, schedules; a second Confirm does nothing; the history cancels it", async () => {
    const { admin, maths } = await community();

    // Members are refused, politely.
    const refused = await maths.send("/broadcast");
    expect(maths.texts(refused).join("\n")).toContain("Рассылки доступны администраторам");

    await admin.send("/broadcast");
    expect(lastQuestion(admin)).toContain("Пришлите сообщение");
    // What cannot be copied is explained, and the question stays.
    const dice = await admin.sendContent({ dice: { emoji: "🎲", value: 3 } });
    expect(admin.texts(dice).join("\n")).toContain("нельзя разослать");
    const quiz = await admin.sendContent({
      poll: {
        id: "p",
        question: "2+2?",
        options: [{ text: "4", voter_count: 0 }],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: "quiz",
        allows_multiple_answers: false,
      },
    });
    expect(admin.texts(quiz).join("\n")).toContain("Викторину нельзя");

    // Formatted text: the bold entity must survive, so the message is copied, not re-sent.
    const sent = await admin.sendContent({ text: HOSTILE, entities: [{ type: "bold", offset: 0, length: 8 }] });
    const composedId = Math.max(
      ...h.fake
        .messagesIn(ADMIN)
        .filter((m) => m.text === HOSTILE)
        .map((m) => m.message_id),
    );
    expect(admin.texts(sent).join("\n")).toContain("Сообщение для рассылки получено");
    expect(lastQuestion(admin)).toContain("все участники сообщества");

    // An audience nobody matches is explained before any confirmation.
    await admin.tap("Предметы");
    await admin.tap("Химия");
    await admin.tap("Готово");
    const empty = await admin.tap("Посчитать получателей");
    expect(admin.texts(empty).join("\n")).toContain("не подходит ни один участник");

    await admin.tap("Предметы");
    await admin.tap("Химия"); // off again
    await admin.tap("Математика");
    await admin.tap("Готово");
    expect(lastQuestion(admin)).toContain("Предметы: Математика");
    const counted = await admin.tap("Посчитать получателей");
    // The preview is a copy of the message itself, in the admin's chat.
    const preview = counted.find((c) => c.method === "copyMessage");
    expect(preview?.payload).toMatchObject({ chat_id: ADMIN, from_chat_id: ADMIN, message_id: composedId });
    // The admin and the maths teacher teach maths.
    expect(lastQuestion(admin)).toContain("Получателей сейчас: 2");

    // A time in the past is refused; a future one is taken in the admin's zone.
    await admin.tap("Выбрать время");
    const past = await admin.send("01.01.2020 10:00");
    expect(admin.texts(past).join("\n")).toMatch(/прошло/);
    await admin.send("завтра 10:00");
    expect(lastQuestion(admin)).toContain("Отправка:");
    expect(lastQuestion(admin)).toContain("10:00");

    const confirmMessage = admin.lastKeyboardMessage()!;
    await admin.tap("Запланировать");
    // A double tap on Confirm: the question is closed, nothing more happens.
    const button = confirmMessage.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes("Запланировать"))!;
    const second = await admin.tapData((button as { callback_data: string }).callback_data, confirmMessage.message_id);
    expect(answer(second)).toBeDefined();
    const rows = await h.container.prisma.broadcast.findMany();
    expect(rows).toHaveLength(1);
    const broadcast = rows[0]!;
    expect(broadcast.status).toBe("SCHEDULED");
    expect(broadcast.messageIds).toEqual([composedId]);
    expect(broadcast.audience).toEqual({ subjects: ["math"] });
    expect(broadcast.summary).toBe(HOSTILE.replace(/\s+/g, " ").trim());
    // Tomorrow 10:00 Moscow time (the admin's profile zone from Tatarstan) is 07:00 UTC.
    expect(broadcast.scheduledAt.getUTCHours()).toBe(7);
    const job = await h.container.queues.queue("broadcasts").getJob(fanoutJobId(broadcast.id));
    expect(job?.opts.delay).toBeGreaterThan(0);

    // The status message: scheduled, with a Stop button; hostile text shown safely.
    const status = admin.lastKeyboardMessage()!;
    expect(status.text!).toContain(`Рассылка #${broadcast.id}`);
    expect(status.text!).toContain("запланирована");
    expect(status.text!).toContain("Педсовет <b>в пятницу</b>");
    expect(admin.buttons(status).join()).toContain("Остановить");

    // History: the broadcast with its author; open it and stop it there.
    const history = await admin.send("/broadcasts");
    const list = visible(admin.texts(history).at(-1)!);
    expect(list).toContain(`#${broadcast.id}`);
    expect(list).toContain("Администратор Сообщества");
    await admin.tap(`#${broadcast.id}`);
    expect(lastQuestion(admin)).toContain("Получатели: Предметы: Математика");
    const cancelled = await admin.tap("Остановить");
    expect(answer(cancelled)).toContain("остановлена");
    expect((await h.container.prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status).toBe("CANCELLED");
    expect(await h.container.queues.queue("broadcasts").getJob(fanoutJobId(broadcast.id))).toBeUndefined();
    // The old Stop button under the status message now meets a cancelled broadcast.
    const again = await admin.tapData(status.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data)[0]!, status.message_id);
    expect(answer(again)).toContain("уже отменена");
  });

  it("Back from the audience asks for the message again; the preview is sent once per message", async () => {
    const { admin } = await community();
    await admin.send("/broadcast");
    await admin.send("Первый вариант");
    await admin.tap("Назад");
    expect(lastQuestion(admin)).toContain("Пришлите сообщение");
    await admin.send("Второй вариант");
    const counted = await admin.tap("Посчитать получателей");
    const previews = counted.filter((c) => c.method === "copyMessage");
    expect(previews).toHaveLength(1);
    const secondId = previews[0]!.payload.message_id as number;
    expect(h.fake.getMessage(ADMIN, secondId)?.text).toBe("Второй вариант");
    await admin.tap("Изменить получателей");
    await admin.tap("Регионы");
    const short = await admin.send("Т");
    expect(admin.texts(short).join("\n")).toContain("хотя бы две буквы");
    await admin.send("татар");
    expect(admin.buttons()).toContain("Республика Татарстан");
    await admin.tap("Республика Татарстан");
    await admin.tap("Готово");
    const recounted = await admin.tap("Посчитать получателей");
    expect(recounted.filter((c) => c.method === "copyMessage")).toHaveLength(0);
    expect(lastQuestion(admin)).toContain("Регионы: Республика Татарстан");
    await admin.tap("Отправить сейчас");
    const row = await h.container.prisma.broadcast.findFirstOrThrow();
    expect(row.messageIds).toEqual([secondId]);
    expect(row.audience).toEqual({ regions: ["RU-TA"] });
  });

  it("/broadcasts keeps a page of the widest audiences and hostile texts within Telegram's limits, and pages", async () => {
    const { admin } = await community();
    const state = (await h.container.services.members.find(BigInt(ADMIN)))!;
    const { catalogue, broadcasts } = h.container.services;
    const audience = {
      subjects: (await catalogue.subjects()).map((i) => i.code),
      grades: (await catalogue.grades()).map((i) => i.code),
      regions: (await catalogue.regions()).map((i) => i.code),
      roles: ["TEACHER", "METHODOLOGIST", "SCHOOL_LEADER", "PRESCHOOL_EDUCATOR", "ADDITIONAL_EDUCATION_TEACHER", "STUDENT_TEACHER", "OTHER"] as const,
    };
    await h.container.prisma.profile.update({ where: { memberId: state.id }, data: { fullName: "<b>Админ</b> & «Ко» ".padEnd(100, "я") } });
    for (let i = 0; i < 6; i++) {
      await admin.send(`${HOSTILE} ${"ж".repeat(300)} ${i}`);
      const messageId = Math.max(
        ...h.fake
          .messagesIn(ADMIN)
          .filter((m) => m.from?.id === ADMIN)
          .map((m) => m.message_id),
      );
      await broadcasts.create(state, {
        sourceChatId: BigInt(ADMIN),
        messageIds: [messageId],
        summary: `${HOSTILE} ${"ж".repeat(300)}`,
        audience: { ...audience, roles: [...audience.roles] },
        scheduledAt: new Date(Date.now() + 3_600_000),
      });
    }
    const shown = await admin.send("/broadcasts");
    const list = admin.texts(shown).at(-1)!;
    expect(visible(list).length).toBeLessThanOrEqual(4096);
    expect(visible(list)).toContain("Предметы:");
    expect(visible(list)).toMatch(/\+\d+/);
    expect(visible(list)).toContain("<b>Админ</b>");
    await admin.tap("▶️");
    expect(admin.lastKeyboardMessage()!.text).toContain("стр. 2 из 2");
    await admin.tap("#1");
    expect(admin.lastKeyboardMessage()!.text).toContain("Рассылка #1");
  });

  it("takes an album as one message and copies it back whole for the preview", async () => {
    const { admin } = await community();
    await admin.send("/broadcast");
    const photo = (n: number) => ({
      photo: [{ file_id: `ph-${n}`, file_unique_id: `u-${n}`, width: 90, height: 90 }],
      media_group_id: "grp-1",
      ...(n === 1 ? { caption: "Фото с семинара" } : {}),
    });
    await admin.sendContent(photo(1));
    expect(lastQuestion(admin)).toContain("Получено частей альбома: 1");
    await admin.sendContent(photo(2));
    expect(lastQuestion(admin)).toContain("Получено частей альбома: 2");
    await admin.tap("Готово, альбом целиком");
    const counted = await admin.tap("Посчитать получателей");
    const preview = counted.find((c) => c.method === "copyMessages");
    expect((preview?.payload.message_ids as number[]).length).toBe(2);
    await admin.tap("Отправить сейчас");
    const row = await h.container.prisma.broadcast.findFirstOrThrow();
    expect(row.messageIds).toHaveLength(2);
    expect(row.summary).toContain("Фото с семинара");
    expect(row.status).toBe("SCHEDULED"); // until its fan-out job runs
  });

  it("moderators broadcast only after an admin allows it in /settings; forged settings buttons change nothing", async () => {
    const { admin, maths } = await community();
    await h.container.prisma.member.update({ where: { telegramId: BigInt(maths.id) }, data: { role: "MODERATOR" } });
    const refused = await maths.send("/broadcast");
    expect(maths.texts(refused).join("\n")).toContain("Рассылки доступны администраторам");
    const plainHelp = await maths.send("/help");
    expect(maths.texts(plainHelp).join("\n")).not.toContain("/broadcast — ");
    const settingsRefused = await maths.send("/settings");
    expect(maths.texts(settingsRefused).join("\n")).toContain("только администраторам");
    const forged = await maths.tapData("set1:toggle:mod:0");
    expect(answer(forged)).toContain("только администраторам");
    expect(await h.container.services.settings.get("broadcast.moderators")).toBe(false);

    await admin.send("/settings");
    expect(lastQuestion(admin)).toContain("Рассылки модераторов: выключено");
    const settingsMessage = admin.lastKeyboardMessage()!;
    await admin.tap("Рассылки модераторов");
    expect(h.fake.getMessage(ADMIN, settingsMessage.message_id)!.text!).toContain("Рассылки модераторов: включено");
    // The same (now stale) button tapped again does not switch it back.
    await admin.tapData("set1:toggle:mod:0", settingsMessage.message_id);
    expect(await h.container.services.settings.get("broadcast.moderators")).toBe(true);

    // Now /help and the menu offer it to the moderator.
    const help = await maths.send("/help");
    expect(maths.texts(help).join("\n")).toContain("/broadcast — ");
    await maths.send("/menu");
    expect(maths.buttons()).toContain("📣 Рассылка");

    await maths.send("/broadcast");
    expect(lastQuestion(maths)).toContain("Пришлите сообщение");
    // Garbage callback data of the broadcasts slice is answered politely.
    const garbage = await admin.tapData("bc1:cancel:abc");
    expect(answer(garbage)).toBeDefined();
  });
});
