import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BotHarness, type TestUser } from "../support/bot-harness.js";
import { reminderJobId } from "../../src/features/events/events.reminders.js";
import { register } from "./support.js";
import { formatZonedTime } from "../../src/shared/time.js";

const ORGANISER = 7101;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ORGANISER] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
}

async function setZone(u: TestUser, timezone: string): Promise<void> {
  await h.container.prisma.profile.update({ where: { memberId: await memberId(u) }, data: { timezone } });
}

const HOSTILE_TITLE = "<b>Дроби</b> & «семинар» </i>";

/** The organiser answers every question of /newevent; returns the new event's id. */
async function createEvent(org: TestUser, options: { start?: string; capacity?: string; reminders?: string } = {}): Promise<number> {
  await org.send("/newevent");
  await org.send(HOSTILE_TITLE);
  await org.tap("Вебинар");
  await org.tap("Пропустить");
  await org.tap("Математика");
  await org.tap("Готово");
  const question = org.lastKeyboardMessage()!.text!;
  expect(question).toContain("Europe/Kaliningrad");
  await org.send(options.start ?? "завтра 18:00");
  await org.send("90");
  await org.send("https://example.org/room");
  await org.send(options.capacity ?? "1");
  await org.tap("До начала");
  expect(org.lastKeyboardMessage()!.text).toContain("Напоминания: за 1 день, за 1 час и в начале — оставить?");
  if (options.reminders === undefined) await org.tap("Оставить как есть");
  else await org.send(options.reminders);
  await org.tap("Пропустить");
  expect(org.lastKeyboardMessage()!.text).toContain(HOSTILE_TITLE.trim());
  const done = await org.tap("Опубликовать");
  const text = org.texts(done).find((t) => t.includes("опубликовано"))!;
  expect(text).toBeDefined();
  return Number(/№(\d+)/.exec(text)![1]);
}

describe("events", () => {
  it("organiser creates, members register with waitlist and promotion, check-in, /myevents, cancel", async () => {
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор Калининградский" });
    await setZone(org, "Europe/Kaliningrad");
    const vlad = h.user(7102);
    await register(vlad, { name: "Участница Владивостокская" });
    await setZone(vlad, "Asia/Vladivostok");
    const second = h.user(7103);
    await register(second, { name: "Второй Участник" });

    const id = await createEvent(org);
    const row = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(row.title).toBe(HOSTILE_TITLE.trim());
    expect(row.timezone).toBe("Europe/Kaliningrad");
    // 18:00 in Kaliningrad (UTC+2) is 16:00 UTC.
    expect(row.startsAt.getUTCHours()).toBe(16);
    expect(row.capacity).toBe(1);

    // The Vladivostok member opens the deep link and sees the time in her zone (UTC+10: 02:00 next day).
    await vlad.send(`/start e_${id}`);
    const card = vlad.lastKeyboardMessage()!.text!;
    expect(card).toContain(formatZonedTime(row.startsAt, "Asia/Vladivostok", "ru"));
    expect(card).toContain("02:00");
    expect(card).toContain(HOSTILE_TITLE.trim());
    expect(card).not.toContain("example.org");
    expect(card).not.toContain(row.checkinCode);
    const registered = await vlad.tap("Записаться");
    const doc = registered.find((c) => c.method === "sendDocument")!;
    expect(doc).toBeDefined();
    expect((doc.payload.document as { filename: string }).filename).toBe(`event-${id}.ics`);
    expect(String(doc.payload.caption)).toContain("https://example.org/room");
    expect(vlad.lastKeyboardMessage()!.text).toContain("Вы записаны");

    // Capacity 1: the second member waits, first in line.
    await second.send("/events");
    expect(second.lastKeyboardMessage()!.text).toContain("мест нет");
    await second.tap("1.");
    const waited = await second.tap("лист ожидания");
    expect(answer(waited)).toContain("очередь: 1");
    const secondId = await memberId(second);
    expect((await h.container.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: id, memberId: secondId } })).status).toBe("WAITLISTED");

    // The first cancels: the second is promoted and told (a delivery is queued).
    const cancelled = await vlad.tap("Отменить запись");
    expect(answer(cancelled)).toContain("Запись отменена");
    expect((await h.container.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: id, memberId: secondId } })).status).toBe("REGISTERED");
    const deliveries = await h.container.prisma.delivery.findMany({ where: { kind: "event.promoted", memberId: secondId } });
    expect(deliveries).toHaveLength(1);

    // /myevents lists it as upcoming.
    await second.send("/myevents");
    expect(second.lastMessage()!.text).toContain(HOSTILE_TITLE.trim());

    // A member's forged organiser buttons are refused and change nothing.
    expect(answer(await second.tapData(`evt1:xy:${id}`))).toContain("только организаторам");
    expect(answer(await second.tapData(`evt1:ed:${id}`))).toContain("только организаторам");
    expect(answer(await second.tapData(`evt1:rg:${id}`))).toContain("только организаторам");
    expect(answer(await second.tapData("evt1:zz:1"))).toContain("больше не действует");
    expect(answer(await second.tapData("evt1:c:abc"))).toContain("больше не действует");
    expect(answer(await second.tapData("evt1:c:999999"))).toContain("не найдено");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).status).toBe("SCHEDULED");

    // Check-in: too early now; then the event "starts" (moved in the database) and the code works.
    expect(second.texts(await second.send(`/checkin ${row.checkinCode}`)).join()).toContain("нет идущих");
    await h.container.prisma.event.update({ where: { id }, data: { startsAt: new Date(Date.now() - 60_000) } });
    expect(second.texts(await second.send("/checkin WRONG1")).join()).toContain("Неверное кодовое слово");
    expect(second.texts(await second.send(`/checkin ${row.checkinCode.toLowerCase()}`)).join()).toContain("Вы отметились");
    expect((await h.container.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: id, memberId: secondId } })).attendedAt).not.toBeNull();
    // The reminder's button: already checked in.
    expect(answer(await second.tapData(`evt1:ci:${id}`))).toContain("уже отметились");
    // The vladivostok member cancelled, so she cannot check in.
    expect(answer(await vlad.tapData(`evt1:ci:${id}`))).toContain("Отметиться могут только");

    // Feedback: a score, then an optional comment.
    const scored = await second.tapData(`evt1:fb:${id}:5`);
    expect(answer(scored)).toContain("5");
    await second.send("Очень полезно <script>");
    expect((await h.container.prisma.eventFeedback.findFirstOrThrow({ where: { eventId: id, memberId: secondId } })).comment).toBe("Очень полезно <script>");

    // The organiser sees the code, the registrants and the average, then cancels the event.
    await org.send(`/start e_${id}`);
    expect(org.lastKeyboardMessage()!.text).toContain(row.checkinCode);
    await org.tap("Участники");
    expect(org.lastKeyboardMessage()!.text).toContain("Второй Участник");
    await org.tap("Назад");
    await org.tap("Отзывы");
    expect(org.lastKeyboardMessage()!.text).toContain("5.0");
    await org.tap("Назад");
    await org.tap("Отменить мероприятие");
    const cancelledEvent = await org.tap("Да, отменить");
    expect(answer(cancelledEvent)).toContain("отменено");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
    expect(org.lastKeyboardMessage()!.text).toContain("Мероприятие отменено");
  });

  it("refuses bad dates with a reason and keeps members out of /newevent", async () => {
    const member = h.user(7104);
    await register(member, { name: "Обычный Участник" });
    expect(member.texts(await member.send("/newevent")).join()).toContain("только организаторам");

    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор Калининградский" });
    await setZone(org, "Europe/Kaliningrad");
    await org.send("/newevent");
    await org.send("Семинар по дробям");
    await org.tap("Семинар");
    await org.tap("Пропустить");
    await org.tap("Готово");
    expect(org.texts(await org.send("31.02 18:00")).join()).toContain("не бывает");
    expect(org.texts(await org.send("01.01.2020 18:00")).join()).toContain("уже прошло");
    expect(org.texts(await org.send("когда-нибудь")).join()).toContain("Не понял дату");
    await org.send("завтра 10:00");
    expect(org.texts(await org.send("0")).join()).toContain("больше нуля");
    await org.send("1,5 часа");
    await org.tap("Без ссылки");
    expect(org.texts(await org.send("0")).join()).toContain("от 1 до 100");
    await org.tap("Без ограничения");
    await org.tap("До начала");
    // Reminder offsets: unreadable, too far ahead and too many are refused with a reason.
    expect(org.texts(await org.send("когда-нибудь")).join()).toContain("Не понял напоминания");
    expect(org.texts(await org.send("2 дня, 3 парсека")).join()).toContain("Не понял напоминания");
    expect(org.texts(await org.send("31 день")).join()).toContain("не раньше чем за 7 дней");
    expect(org.texts(await org.send("1d 2h 3h 4h 5h 0")).join()).toContain("Не больше 5 напоминаний");
    await org.tap("Без напоминаний");
    await org.tap("Пропустить");
    await org.tap("Опубликовать");
    const event = await h.container.prisma.event.findFirstOrThrow({ where: { title: "Семинар по дробям" } });
    expect(event).toMatchObject({ durationMinutes: 90, capacity: null, onlineUrl: null, subjectCodes: [], reminderOffsets: [] });
  });
  it("organiser edits the start and capacity one field at a time and adds a recording; members toggle all events", async () => {
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор Калининградский" });
    await setZone(org, "Europe/Kaliningrad");
    const id = await createEvent(org, { capacity: "1" });
    const vlad = h.user(7102);
    await register(vlad, { name: "Участница Владивостокская", subjects: ["Физика"] });
    const waiter = h.user(7105);
    await register(waiter, { name: "Ждущий Участник", subjects: ["Физика"] });

    // Physics teachers see no maths events until they ask for all.
    await vlad.send("/events");
    expect(vlad.lastKeyboardMessage()!.text).toContain("Пока нет запланированных");
    await vlad.tap("Показать все");
    expect(vlad.lastKeyboardMessage()!.text).toContain(HOSTILE_TITLE.trim());
    await vlad.tap("1.");
    await vlad.tap("Записаться");
    await waiter.send(`/start e_${id}`);
    await waiter.tap("лист ожидания");
    expect(waiter.lastKeyboardMessage()!.text).toContain("ваша очередь: 1");

    const before = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Время начала");
    expect(org.lastKeyboardMessage()!.text).toContain("Europe/Kaliningrad");
    const edited = await org.send("завтра 12:00");
    expect(org.texts(edited).join()).toContain("Мероприятие изменено");
    const after = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(after.startsAt.getUTCHours()).toBe(10);
    expect(after.sequence).toBe(before.sequence + 1);
    // Registrants are told about the new time (and get a new calendar file) through the delivery path.
    expect(await h.container.prisma.delivery.count({ where: { kind: "event.changed", refId: `event:${id}:changed:${after.sequence}` } })).toBe(2);

    // A capacity below the registered count is refused; a larger one promotes the waitlist.
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Число мест");
    await org.send("2");
    const waiterId = await memberId(waiter);
    expect((await h.container.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: id, memberId: waiterId } })).status).toBe("REGISTERED");
    expect(await h.container.prisma.delivery.count({ where: { kind: "event.promoted", memberId: waiterId } })).toBe(1);

    await org.send(`/start e_${id}`);
    await org.tap("Добавить запись");
    expect(org.texts(await org.send("не ссылка")).join()).toContain("http");
    expect(org.texts(await org.send("https://example.org/recording")).join()).toContain("Запись добавлена");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).recordingUrl).toBe("https://example.org/recording");
  });

  it("organiser sets custom reminder offsets, then edits the title and the offsets from the card; members cannot edit", async () => {
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор Калининградский" });
    await setZone(org, "Europe/Kaliningrad");
    const member = h.user(7106);
    await register(member, { name: "Обычная Участница" });
    const eventsQueue = () => h.container.queues.queue("events");

    // Typed offsets: duplicates collapse, largest first.
    const id = await createEvent(org, { capacity: "5", reminders: "2 дня, 3 часа, 15 мин, 3 ч" });
    const created = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(created.reminderOffsets).toEqual([2880, 180, 15]);
    // Reminders still ahead are scheduled for the custom offsets.
    for (const offset of [180, 15]) expect(await eventsQueue().getJob(reminderJobId(id, offset, created.startsAt))).toBeDefined();

    // A member sees no edit button, and forged organiser buttons are refused.
    await member.send(`/start e_${id}`);
    const memberButtons = member
      .lastKeyboardMessage()!
      .reply_markup!.inline_keyboard.flat()
      .map((b) => b.text);
    expect(memberButtons.join()).not.toContain("Изменить");
    await member.tap("Записаться");
    expect(answer(await member.tapData(`evt1:ed:${id}`))).toContain("только организаторам");
    expect(answer(await member.tapData(`evt1:ef:${id}:t`))).toContain("только организаторам");
    expect(answer(await member.tapData(`evt1:ef:${id}:rm`))).toContain("только организаторам");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).title).toBe(created.title);

    // The edit menu offers every field.
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    const menu = org
      .lastKeyboardMessage()!
      .reply_markup!.inline_keyboard.flat()
      .map((b) => b.text)
      .join();
    for (const label of [
      "Название",
      "Вид",
      "Описание",
      "Предметы",
      "Время начала",
      "Длительность",
      "Ссылка",
      "Число мест",
      "Срок регистрации",
      "Спикеры",
      "Напоминания",
    ]) {
      expect(menu).toContain(label);
    }

    // The title: the same question and checks as /newevent; registrants get the change (a new calendar file).
    await org.tap("Название");
    expect(org.texts(await org.send("ab")).join()).toContain("слишком короткое");
    expect(org.texts(await org.send("Дроби без страха")).join()).toContain("Мероприятие изменено");
    const renamed = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(renamed.title).toBe("Дроби без страха");
    expect(renamed.sequence).toBe(created.sequence + 1);
    const memberDbId = await memberId(member);
    expect(await h.container.prisma.delivery.count({ where: { kind: "event.changed", memberId: memberDbId, refId: `event:${id}:changed:${renamed.sequence}` } })).toBe(1);

    // The offsets: the question shows the current ones; bad input is refused; the reminders move.
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Напоминания");
    expect(org.lastKeyboardMessage()!.text).toContain("за 2 дня, за 3 часа и за 15 мин");
    expect(org.texts(await org.send("8 недель")).join()).toContain("не раньше чем за 7 дней");
    expect(org.texts(await org.send("скоро")).join()).toContain("Не понял напоминания");
    expect(org.texts(await org.send("2h 30 0")).join()).toContain("Мероприятие изменено");
    const moved = await h.container.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(moved.reminderOffsets).toEqual([120, 30, 0]);
    // Nothing in the calendar file changed: no new notice, but the queue follows the new offsets.
    expect(moved.sequence).toBe(renamed.sequence);
    for (const offset of [120, 30, 0]) expect(await eventsQueue().getJob(reminderJobId(id, offset, moved.startsAt))).toBeDefined();
    for (const offset of [180, 15]) expect(await eventsQueue().getJob(reminderJobId(id, offset, moved.startsAt))).toBeUndefined();

    // The kind and the registration deadline (checked against the stored start).
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Вид");
    await org.tap("Семинар");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).kind).toBe("SEMINAR");
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Срок регистрации");
    expect(org.texts(await org.send("завтра 19:00")).join()).toContain("не позже начала");
    expect(org.texts(await org.send("завтра 17:00")).join()).toContain("Мероприятие изменено");
    const deadline = (await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).registrationDeadline!;
    expect(deadline.getTime()).toBe(moved.startsAt.getTime() - 60 * 60_000);

    // "Keep as is" changes nothing.
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Напоминания");
    expect(org.texts(await org.tap("Оставить как есть")).join()).toContain("Ничего не изменилось");
  });
});

describe("issue 9", () => {
  it("item 9: /checkin finds the running event however many later events the member registered for", async () => {
    // Reproduces: /checkin looked only at a slice of the member's events (myEvents, newest first), so
    // a member registered for many later events was told that nothing was running.
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор" });
    const member = h.user(7190);
    await register(member, { name: "Участница Многих" });
    const organiserId = await memberId(org);
    const mid = await memberId(member);
    const base = { organiserId, kind: "WEBINAR" as const, subjectCodes: [], durationMinutes: 90, timezone: "Europe/Moscow", reminderOffsets: [] };
    const later = await h.container.prisma.event.createManyAndReturn({
      data: Array.from({ length: 210 }, (_, i) => ({ ...base, title: `Будущее ${i}`, startsAt: new Date(Date.now() + (i + 2) * 86_400_000), checkinCode: `LATER${i}` })),
      select: { id: true },
    });
    const running = await h.container.prisma.event.create({
      data: { ...base, title: "Идёт сейчас", startsAt: new Date(Date.now() - 10 * 60_000), checkinCode: "RUNNOW" },
    });
    await h.container.prisma.eventRegistration.createMany({
      data: [...later.map((e) => e.id), running.id].map((eventId) => ({ eventId, memberId: mid, status: "REGISTERED" as const })),
    });
    expect(member.texts(await member.send("/checkin WRONG1")).join()).toContain("Неверное кодовое слово");
    expect(member.texts(await member.send("/checkin runnow")).join()).toContain("Вы отметились на мероприятии «Идёт сейчас»");
    expect((await h.container.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: running.id, memberId: mid } })).attendedAt).not.toBeNull();
  });

  it("item 5: the calendar file goes with a place, never to the waitlist; a registered member's card offers it", async () => {
    // Reproduces: joining the waitlist sent the .ics at once, and a promoted member was promised a
    // file "when you open the event in /myevents" that never came (the card had no way to get it).
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор Калининградский" });
    await setZone(org, "Europe/Kaliningrad");
    const placed = h.user(7191);
    await register(placed, { name: "С Местом" });
    const waiting = h.user(7192);
    await register(waiting, { name: "В Ожидании" });
    const id = await createEvent(org, { capacity: "1" });

    await placed.send(`/start e_${id}`);
    const registered = await placed.tap("Записаться");
    expect(registered.filter((c) => c.method === "sendDocument")).toHaveLength(1);
    // The card of a member with a place offers the file again.
    expect(placed.lastKeyboardMessage()!.text).toContain("Вы записаны");
    const again = await placed.tap("Файл для календаря");
    const doc = again.find((c) => c.method === "sendDocument")!;
    expect((doc.payload.document as { filename: string }).filename).toBe(`event-${id}.ics`);
    expect(again.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);

    await waiting.send(`/start e_${id}`);
    const waited = await waiting.tap("лист ожидания");
    expect(answer(waited)).toContain("очередь: 1");
    expect(waited.filter((c) => c.method === "sendDocument")).toEqual([]);
    const buttons = (waiting.lastKeyboardMessage()!.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(buttons.some((b) => b.includes("Файл для календаря"))).toBe(false);
    // A forged button is refused with one answer and no file.
    const forged = await waiting.tapData(`evt1:ics:${id}`);
    expect(answer(forged)).toContain("только записанным");
    expect(forged.filter((c) => c.method === "sendDocument")).toEqual([]);
    expect(forged.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
  });

  it("item 10: an ended event shows no places, waitlist, Edit or Cancel; a card or summary without a description ends without blank lines", async () => {
    // Reproduces: ended events still offered places, the waitlist position, Edit and Cancel; an empty
    // description left blank lines at the end.
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор" });
    const placed = h.user(7193);
    await register(placed, { name: "Была Записана" });
    const waiting = h.user(7194);
    await register(waiting, { name: "Ждала Места" });
    const base = {
      organiserId: await memberId(org),
      kind: "WEBINAR" as const,
      subjectCodes: [],
      durationMinutes: 60,
      timezone: "Europe/Moscow",
      reminderOffsets: [],
      capacity: 1,
    };
    const ended = await h.container.prisma.event.create({
      data: { ...base, title: "Прошедший семинар", description: "", startsAt: new Date(Date.now() - 3 * 3600_000), checkinCode: "ENDED1" },
    });
    await h.container.prisma.eventRegistration.createMany({
      data: [
        { eventId: ended.id, memberId: await memberId(placed), status: "REGISTERED" as const },
        { eventId: ended.id, memberId: await memberId(waiting), status: "WAITLISTED" as const },
      ],
    });
    const buttonsOf = (u: TestUser) => (u.lastKeyboardMessage()!.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    for (const u of [placed, waiting, org]) {
      await u.send(`/start e_${ended.id}`);
      const text = u.lastKeyboardMessage()!.text!;
      expect(text).toContain("Мероприятие завершилось");
      expect(text).not.toMatch(/мест|ожидани/);
      expect(text).not.toMatch(/\s$/);
      expect(text).not.toContain("\n\n\n");
      const buttons = buttonsOf(u);
      for (const gone of ["Изменить", "Отменить мероприятие", "Записаться", "лист ожидания", "Файл для календаря"]) {
        expect(
          buttons.some((b) => b.includes(gone)),
          `${gone} for ${u.id}`,
        ).toBe(false);
      }
    }
    expect(buttonsOf(org).some((b) => b.includes("Добавить запись"))).toBe(true);
    await placed.send("/myevents");
    expect(placed.lastMessage()!.text).toContain("завершено");
    expect(placed.lastMessage()!.text).not.toContain("мест");

    // An upcoming event without a description: the card and the organiser's summary end with text.
    await org.send("/newevent");
    await org.send("Семинар без описания");
    await org.tap("Вебинар");
    await org.tap("Пропустить");
    await org.tap("Готово");
    await org.send("завтра 18:00");
    await org.send("90");
    await org.tap("Без ссылки");
    await org.tap("Без ограничения");
    await org.tap("До начала");
    await org.tap("Оставить как есть");
    await org.tap("Пропустить");
    const summary = org.lastKeyboardMessage()!.text!;
    expect(summary).toContain("Семинар без описания");
    expect(summary).not.toMatch(/\s$/);
    const done = await org.tap("Опубликовать");
    const id = Number(/№(\d+)/.exec(org.texts(done).join())![1]);
    await placed.send(`/start e_${id}`);
    const card = placed.lastKeyboardMessage()!.text!;
    expect(card).toContain("без ограничения мест");
    expect(card).not.toMatch(/\s$/);
    expect(card).not.toContain("\n\n\n");
  });

  it("item 6: a start that passes while the organiser answers is asked again at once and at «Опубликовать», every answer kept", async () => {
    // Reproduces: /newevent accepted a start that passed while the organiser was still answering, then
    // refused it at «Опубликовать» and ended the conversation, losing all eleven answers.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      const org = h.user(ORGANISER);
      await register(org, { name: "Организатор Неторопливый" });
      const jump = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));
      await org.send("/newevent");
      await org.send("Семинар для неторопливых");
      await org.tap("Вебинар");
      await org.send("Описание, которое нельзя потерять");
      await org.tap("Математика");
      await org.tap("Готово");
      await org.send("завтра 18:00");
      await org.send("90");
      // Two days pass before the next answer: the start is gone. The start question comes again now.
      jump(2 * 86_400_000);
      const late = await org.send("https://example.org/room-slow");
      expect(org.texts(late).join()).toContain("Это время уже прошло");
      expect(org.lastKeyboardMessage()!.text).toContain("Когда начало");
      await org.send("завтра 19:00");
      // Back where it was: the capacity question, the link kept.
      expect(org.lastKeyboardMessage()!.text).toContain("мест");
      await org.send("25");
      await org.tap("До начала");
      await org.tap("Оставить как есть");
      await org.tap("Пропустить");
      expect(org.lastKeyboardMessage()!.text).toContain("Проверьте мероприятие");
      // The summary is left open for two more days: «Опубликовать» is refused, nothing is lost.
      jump(2 * 86_400_000);
      const refused = await org.tap("Опубликовать");
      expect(org.texts(refused).join()).toContain("Это время уже прошло");
      expect(await h.container.prisma.event.count()).toBe(0);
      expect(org.lastKeyboardMessage()!.text).toContain("Когда начало");
      await org.send("завтра 20:00");
      // Straight back to the summary, with every earlier answer.
      const summary = org.lastKeyboardMessage()!.text!;
      expect(summary).toContain("Проверьте мероприятие");
      for (const kept of ["Семинар для неторопливых", "Описание, которое нельзя потерять", "https://example.org/room-slow", "25"]) expect(summary).toContain(kept);
      const done = await org.tap("Опубликовать");
      expect(org.texts(done).join()).toContain("опубликовано");
      const event = await h.container.prisma.event.findFirstOrThrow();
      expect(event).toMatchObject({
        title: "Семинар для неторопливых",
        description: "Описание, которое нельзя потерять",
        onlineUrl: "https://example.org/room-slow",
        capacity: 25,
        durationMinutes: 90,
      });
      expect(event.startsAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      vi.useRealTimers();
    }
  });

  it("item 6 (the same rule for the edit questionnaire): a capacity below the places taken is asked again, not the end", async () => {
    // Reproduces: the refusal at saving ended the edit conversation.
    const org = h.user(ORGANISER);
    await register(org, { name: "Организатор" });
    await setZone(org, "Europe/Kaliningrad");
    const a = h.user(7195);
    await register(a, { name: "Первая Участница" });
    const id = await createEvent(org, { capacity: "5" });
    await h.container.prisma.eventRegistration.createMany({
      data: [await memberId(org), await memberId(a)].map((memberId) => ({ eventId: id, memberId, status: "REGISTERED" as const })),
    });
    await org.send(`/start e_${id}`);
    await org.tap("Изменить");
    await org.tap("Число мест");
    const refused = await org.send("1");
    expect(org.texts(refused).join()).toContain("Нельзя сделать мест меньше");
    expect(org.lastKeyboardMessage()!.text).toContain("Сколько мест");
    expect(org.texts(await org.send("3")).join()).toContain("Мероприятие изменено");
    expect((await h.container.prisma.event.findUniqueOrThrow({ where: { id } })).capacity).toBe(3);
  });
});
