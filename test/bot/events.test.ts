import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, type TestUser } from "../support/bot-harness.js";
import { formatEventTime } from "../../src/features/events/events.time.js";
import { register } from "./support.js";

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
async function createEvent(org: TestUser, options: { start?: string; capacity?: string } = {}): Promise<number> {
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
    expect(card).toContain(formatEventTime(row.startsAt, "Asia/Vladivostok", "ru"));
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
    await org.tap("Пропустить");
    await org.tap("Опубликовать");
    const event = await h.container.prisma.event.findFirstOrThrow({ where: { title: "Семинар по дробям" } });
    expect(event).toMatchObject({ durationMinutes: 90, capacity: null, onlineUrl: null, subjectCodes: [] });
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
});
