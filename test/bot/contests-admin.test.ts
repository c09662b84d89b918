// Organising contests through the bot: /newcontest with the default and a custom rubric, the
// management screens of /contestadmin (dates, jury by search, chair, progress, reminders,
// cancelling), forged buttons, the moderators' setting and an English organiser.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";
import { JUROR_REMINDER_KIND } from "../../src/features/contests/contests.service.js";

const ADMIN = 7301;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const DAY = 24 * 3600_000;
const answer = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const HOSTILE = "<b>Урок</b> & «конкурс»";

/** A date `days` ahead as organisers type it, at 10:00 (in their zone). */
function typed(days: number): string {
  const d = new Date(Date.now() + days * DAY);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} 10:00`;
}

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
}

describe("/newcontest", () => {
  it("an admin creates a contest with the default rubric: bad input refused, a restart resumes, the title escaped", async () => {
    const org = h.user(ADMIN);
    await register(org, { name: "Организатор Конкурсов" });
    await org.send("/newcontest");
    expect(org.lastKeyboardMessage()!.text).toContain("Как называется конкурс");
    await org.send("ab");
    expect(org.lastMessage()!.text).toContain("от 3 до 200");
    await org.send(HOSTILE);
    // Back to the title, and the title again.
    await org.tap("Назад");
    await org.send(HOSTILE);
    await org.tap("Пропустить");
    await org.send("Правила: один конспект от участника.");
    await org.sendDocument({ fileName: "Положение.pdf", mimeType: "application/pdf", size: 20_000 });
    // Nominations: one with a subject and a grade.
    await org.send("Математика 5–7");
    await org.tap("Математика");
    await org.tap("Готово");
    await org.tap("5 класс");
    await org.tap("7 класс");
    await org.tap("Готово");
    expect(org.lastKeyboardMessage()!.text).toContain("1. Математика 5–7");

    // A restart of the process in the middle: the wizard goes on where it was.
    await h.restart();
    await org.tap("номинаций: 1");

    // Dates: unreadable, past and out of order are refused with a clear answer.
    await org.send("когда-нибудь");
    expect(org.lastMessage()!.text).toContain("Не понял дату");
    await org.send("01.01.2020 10:00");
    expect(org.lastMessage()!.text).toContain("уже прошла");
    await org.send(typed(5));
    await org.send(typed(3));
    expect(org.lastMessage()!.text).toContain("должен закончиться позже");
    await org.send(typed(10));
    await org.send(typed(20));
    await org.send(typed(19));
    expect(org.lastMessage()!.text).toContain("не могут быть объявлены раньше");
    await org.send(typed(21));

    // Format: files (preselected), up to 3, PDF only, 20 MB.
    await org.tap("Готово");
    await org.tap("3");
    await org.tap("PDF");
    await org.tap("Готово");
    await org.tap("20");
    // Jury: 3 reviews, no cap, 2 prize places.
    await org.tap("3");
    await org.tap("Без ограничения");
    await org.tap("2");
    await org.tap("Стандартная рубрика");
    await org.tap("Да");
    await org.tap("Нет");
    const summary = org.lastKeyboardMessage()!.text!;
    expect(summary).toContain(HOSTILE);
    expect(summary).toContain("Методическое качество");
    expect(summary).toContain("Положение.pdf");
    expect(await h.container.prisma.contest.count()).toBe(0);

    const done = await org.tap("Создать конкурс");
    expect(org.texts(done).join("\n")).toContain("создан");
    const row = await h.container.prisma.contest.findFirstOrThrow({ include: { nominations: true, criteria: { orderBy: { position: "asc" } } } });
    expect(row).toMatchObject({
      title: HOSTILE,
      status: "SCHEDULED",
      maxFiles: 3,
      maxFileMb: 20,
      fileFamilies: ["pdf"],
      reviewsPerEntry: 3,
      prizePlaces: 2,
      audienceVote: true,
      broadcastPhases: false,
    });
    expect(row.rulesFileName).toBe("Положение.pdf");
    expect(row.nominations[0]).toMatchObject({ title: "Математика 5–7", subjectCodes: ["math"], gradeCodes: ["5", "7"] });
    expect(row.criteria).toHaveLength(7);
    expect(row.criteria.filter((c) => c.tieBreak).map((c) => c.title)).toEqual(["Методическое качество"]);
    expect(row.criteria.at(-1)).toMatchObject({ passFail: true, maxPoints: 0 });
    expect(row.submissionClosesAt.getTime() - row.submissionOpensAt.getTime()).toBe(5 * DAY);
  });

  it("an English organiser builds a custom rubric; the contest opens at once", async () => {
    const org = h.user(ADMIN);
    await register(org, { name: "Contest Organiser", language: "English" });
    await org.send("/newcontest");
    expect(org.lastKeyboardMessage()!.text).toContain("What is the contest called");
    await org.send("Best lesson of the year");
    await org.tap("Skip");
    await org.tap("Skip");
    await org.tap("Skip");
    await org.send("Open nomination");
    await org.tap("Done");
    await org.tap("Done");
    await org.tap("nominations: 1");
    await org.tap("Now");
    await org.send(typed(7));
    await org.send(typed(14));
    await org.send(typed(14).replace("10:00", "12:00"));
    // Links only: no questions about files.
    await org.tap("Link");
    await org.tap("File");
    await org.tap("Done");
    await org.tap("1");
    await org.send("5");
    await org.tap("0");
    await org.tap("Custom rubric");
    await org.send("Clarity");
    await org.tap("10");
    await org.send("20");
    expect(org.lastMessage()!.text).toContain("weight is a number");
    await org.send("1,5");
    await org.tap("Yes");
    await org.send("Own work");
    await org.tap("pass/fail");
    await org.tap("criteria: 2");
    await org.tap("No");
    await org.tap("Yes");
    expect(org.lastKeyboardMessage()!.text).toContain("Check the contest");
    const done = await org.tap("Create the contest");
    expect(org.texts(done).join("\n")).toContain("taking entries");
    const row = await h.container.prisma.contest.findFirstOrThrow({ include: { criteria: { orderBy: { position: "asc" } }, nominations: true } });
    expect(row).toMatchObject({ status: "OPEN", formats: ["link"], reviewsPerEntry: 1, jurorCap: 5, prizePlaces: 0, audienceVote: false, broadcastPhases: true });
    expect(row.nominations[0]).toMatchObject({ subjectCodes: [], gradeCodes: [] });
    expect(row.criteria.map((c) => [c.title, c.maxPoints, c.weight, c.passFail, c.tieBreak])).toEqual([
      ["Clarity", 10, 1.5, false, true],
      ["Own work", 0, 1, true, false],
    ]);
  });

  it("moderators may organise only when the setting is on; members never", async () => {
    const admin = h.user(ADMIN);
    await register(admin);
    const mod = h.user(7302);
    await register(mod, { name: "Модератор Модераторов" });
    await h.container.prisma.member.update({ where: { telegramId: BigInt(mod.id) }, data: { role: "MODERATOR" } });
    const member = h.user(7303);
    await register(member);
    expect(mod.texts(await mod.send("/newcontest")).join()).toContain("могут администраторы");
    expect(mod.texts(await mod.send("/contestadmin")).join()).toContain("могут администраторы");
    expect(member.texts(await member.send("/newcontest")).join()).toContain("могут администраторы");
    // The admin switches the setting on in /settings.
    await admin.send("/settings");
    await admin.tap("Конкурсы модераторов");
    expect(await h.container.services.settings.get("contests.moderators")).toBe(true);
    await mod.send("/contestadmin");
    expect(mod.lastKeyboardMessage()!.text).toContain("Конкурсов пока нет");
    await mod.tap("Новый конкурс");
    expect(mod.lastKeyboardMessage()!.text).toContain("Как называется конкурс");
    // A member's forged «Новый конкурс» button.
    expect(answer(await member.tapData("cadm1:n"))).toContain("могут администраторы");
    expect(member.texts(await member.send("/contestadmin")).join()).toContain("могут администраторы");
  });
});

describe("/contestadmin", () => {
  async function contestFor(org: TestUser, status: "SCHEDULED" | "JUDGING" = "SCHEDULED") {
    const c = await h.container.services.contests.create(await stateOf(org), {
      title: HOSTILE,
      timeZone: "Europe/Moscow",
      submissionOpensAt: new Date(Date.now() + DAY),
      submissionClosesAt: new Date(Date.now() + 5 * DAY),
      judgingClosesAt: new Date(Date.now() + 10 * DAY),
      resultsAt: new Date(Date.now() + 11 * DAY),
      formats: ["file"],
      nominations: [{ title: "Общая", subjectCodes: [], gradeCodes: [] }],
      criteria: [{ title: "Качество", maxPoints: 5 }],
    });
    if (status !== "SCHEDULED") await h.container.prisma.contest.update({ where: { id: c.id }, data: { status } });
    return c;
  }

  async function stateOf(u: TestUser) {
    const row = await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
    return {
      id: row.id,
      telegramId: row.telegramId!,
      role: row.role,
      locale: row.locale,
      isActive: row.isActive,
      registered: row.registeredAt !== null,
      username: row.username,
    };
  }

  it("appoints jurors by search, sets the chair, removes one; forged buttons change nothing", async () => {
    const org = h.user(ADMIN);
    await register(org);
    const first = h.user(7311);
    await register(first, { name: "Петрова Жюри Первая" });
    const second = h.user(7312);
    await register(second, { name: "Сидоров Жюри Второй" });
    const c = await contestFor(org);

    await org.send("/contestadmin");
    await org.tap(HOSTILE.slice(0, 10));
    expect(org.lastKeyboardMessage()!.text).toContain(HOSTILE);
    await org.tap("Жюри");
    expect(org.lastKeyboardMessage()!.text).toContain("Жюри пока не назначено");
    await org.tap("Найти и добавить");
    await org.send("Жюри");
    expect(org.lastKeyboardMessage()!.text).toContain("Найдено");
    expect(answer(await org.tap("Петрова"))).toContain("Добавлен");
    await org.tap("Найти и добавить");
    await org.send("Сидоров");
    await org.tap("Сидоров");
    expect(org.lastKeyboardMessage()!.text).toContain("2. Сидоров Жюри Второй");
    expect(answer(await org.tap("👑 2"))).toContain("Председатель");
    expect(org.lastKeyboardMessage()!.text).toContain("1. Сидоров Жюри Второй — 👑 председатель");
    const jurors = await h.container.prisma.contestJuror.findMany({ where: { contestId: c.id } });
    expect(jurors.filter((j) => j.chair).map((j) => j.memberId)).toEqual([await memberId(second)]);
    await org.tap("✖️ 2");
    await org.tap("Да, исключить");
    expect(await h.container.prisma.contestJuror.count({ where: { contestId: c.id } })).toBe(1);

    // A member's forged organiser buttons, an unknown action, bad ids, a missing contest.
    const firstId = await memberId(first);
    expect(answer(await first.tapData(`cadm1:ja:${c.id}:${firstId}`))).toContain("могут администраторы");
    expect(answer(await first.tapData(`cadm1:xy:${c.id}`))).toContain("могут администраторы");
    expect(answer(await org.tapData("cadm1:zz:1"))).toContain("больше не действует");
    expect(answer(await org.tapData("cadm1:c:abc"))).toContain("больше не действует");
    expect(answer(await org.tapData(`cadm1:ja:${c.id}`))).toContain("больше не действует");
    expect(answer(await org.tapData("cadm1:c:999999"))).toContain("не найден");
    expect(answer(await org.tapData(`cadm1:ja:${c.id}:999999`))).toContain("зарегистрированного");
    expect(answer(await org.tapData(`cadm1:dd:${c.id}:7`))).toContain("больше не действует");
    expect(await h.container.prisma.contestJuror.count({ where: { contestId: c.id } })).toBe(1);
    expect((await h.container.prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("SCHEDULED");
  });

  it("moves a date, refuses one out of order, and cancels", async () => {
    const org = h.user(ADMIN);
    await register(org);
    const c = await contestFor(org);
    await org.send("/contestadmin");
    await org.tap(HOSTILE.slice(0, 10));
    await org.tap("Даты");
    await org.tap("Объявление итогов");
    await org.send(typed(9));
    expect(org.lastMessage()!.text).toContain("не могут быть объявлены раньше");
    await org.send(typed(12));
    expect(org.lastMessage()!.text).toContain("Дата изменена");
    const row = await h.container.prisma.contest.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.resultsAt.getTime()).toBeGreaterThan(c.resultsAt.getTime());
    await org.tap("Открыть карточку");
    await org.tap("Отменить конкурс");
    const cancelled = await org.tap("Да, отменить конкурс");
    expect(answer(cancelled)).toContain("Конкурс отменён");
    expect((await h.container.prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("CANCELLED");
  });

  it("removes an entry: bad codes and a short reason refused, a double tap removes once, the author is told why; closed after confirmation", async () => {
    const org = h.user(ADMIN);
    await register(org);
    const juror = h.user(7331);
    await register(juror);
    const author = h.user(7332);
    await register(author, { name: "Автор Дубликата" });
    const c = await contestFor(org, "JUDGING");
    const [jurorId, authorId] = [await memberId(juror), await memberId(author)];
    await h.container.services.contests.appointJuror(await stateOf(org), c.id, jurorId);
    const entry = await h.container.prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId, number: 1, title: "Урок <дробей>", declaredAt: new Date(), duplicateOf: "material:5" },
    });
    await h.container.prisma.contestReview.create({ data: { contestId: c.id, entryId: entry.id, jurorId } });

    // Not an organiser: refused before any question.
    expect(answer(await juror.tapData(`cadm1:rm:${c.id}`))).toContain("администраторы");

    await org.send("/contestadmin");
    await org.tap(HOSTILE.slice(0, 10));
    await org.tap("Снять работу с конкурса");
    expect(org.lastKeyboardMessage()!.text).toContain("Пришлите её код, например К-017");
    await org.send("что-то");
    expect(org.lastMessage()!.text).toContain("Не удалось прочитать код");
    await org.send("К-099");
    expect(org.lastMessage()!.text).toContain("нет работы с таким кодом");
    await org.send("к1");
    const screen = org.lastKeyboardMessage()!.text!;
    expect(screen).toContain("К-001 «Урок <дробей>»");
    expect(screen).toContain("Автор: Автор Дубликата");
    expect(screen).toContain("совпадает с чужой работой");
    await org.send("ну");
    expect(org.lastMessage()!.text).toContain("от 3 до 500 символов");
    const reason = "Совпадает с материалом <b>другого</b> автора & выложен раньше";
    await org.send(reason);
    expect(org.lastKeyboardMessage()!.text).toContain(`Причина: ${reason}`);
    const [first, second] = await Promise.all([org.tap("Да, снять работу"), org.tap("Да, снять работу")]);
    expect([...org.texts(first), ...org.texts(second)].join("\n")).toContain("Работа К-001 снята с конкурса");

    const row = await h.container.prisma.contestEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row).toMatchObject({ status: "DISQUALIFIED", disqualificationReason: reason });
    expect(await h.container.prisma.contestReview.count({ where: { entryId: entry.id } })).toBe(0);
    expect(await h.container.prisma.auditLog.count({ where: { action: "contest.entry-remove", targetMemberId: authorId } })).toBe(1);
    const deliveries = await h.container.prisma.delivery.findMany({ where: { kind: "contest.entry-removed" } });
    expect(deliveries.map((d) => d.memberId)).toEqual([authorId]);
    const render = h.container.services.deliveryRenderers.get("contest.entry-removed")!;
    const notice = (await render(deliveries[0]!.refId, { id: authorId, telegramId: BigInt(author.id), locale: "ru" })) as { text: string };
    expect(notice.text).toContain("Ваша работа К-001 «Урок &lt;дробей&gt;» снята с конкурса");
    expect(notice.text).toContain("Причина: Совпадает с материалом &lt;b&gt;другого&lt;/b&gt; автора &amp; выложен раньше");
    // The same ref for anyone else renders nothing.
    expect(await render(deliveries[0]!.refId, { id: jurorId, telegramId: BigInt(juror.id), locale: "ru" })).toBeUndefined();
    // A malformed ref renders nothing either (it once asked the database for entry NaN).
    expect(await render(`contest:${c.id}:removed:x`, { id: authorId, telegramId: BigInt(author.id), locale: "ru" })).toBeUndefined();

    // Removed already; and once the chair confirmed, no more removals.
    await org.tap("Открыть карточку");
    await org.tap("Снять работу с конкурса");
    await org.send("1");
    expect(org.lastMessage()!.text).toContain("уже снята с конкурса");
    await org.send("/cancel");
    await h.container.prisma.contest.update({ where: { id: c.id }, data: { status: "CONFIRMING", confirmedAt: new Date() } });
    expect(answer(await org.tapData(`cadm1:rm:${c.id}`))).toContain("Итоги уже утверждены");
  });

  it("progress shows the laggard; «Напомнить» queues one reminder through the sending path", async () => {
    const org = h.user(ADMIN);
    await register(org);
    const juror = h.user(7321);
    await register(juror, { name: "Медленный Юрист" });
    const author = h.user(7322);
    await register(author);
    const c = await contestFor(org);
    const jurorId = await memberId(juror);
    await h.container.services.contests.appointJuror(await stateOf(org), c.id, jurorId);
    await h.container.prisma.contest.update({ where: { id: c.id }, data: { status: "JUDGING" } });
    const entry = await h.container.prisma.contestEntry.create({
      data: { contestId: c.id, nominationId: c.nominations[0]!.id, authorId: await memberId(author), number: 1, title: "Урок", declaredAt: new Date() },
    });
    await h.container.prisma.contestReview.create({ data: { contestId: c.id, entryId: entry.id, jurorId } });

    await org.send("/contestadmin");
    await org.tap(HOSTILE.slice(0, 10));
    await org.tap("Ход оценки");
    expect(org.lastKeyboardMessage()!.text).toContain("1. Медленный Юрист: оценено 0 из 1");
    expect(answer(await org.tap("Напомнить: 1"))).toContain("Напоминание отправлено");
    const deliveries = await h.container.prisma.delivery.findMany({ where: { kind: JUROR_REMINDER_KIND } });
    expect(deliveries.map((d) => d.memberId)).toEqual([jurorId]);
    expect(answer(await org.tap("Напомнить: 1"))).toContain("меньше часа");
    expect(await h.container.prisma.delivery.count({ where: { kind: JUROR_REMINDER_KIND } })).toBe(1);
    // What the juror would receive.
    const render = h.container.services.deliveryRenderers.get(JUROR_REMINDER_KIND)!;
    const message = await render(deliveries[0]!.refId, { id: jurorId, telegramId: BigInt(juror.id), locale: "ru" });
    expect(message).toMatchObject({ method: "sendMessage" });
    expect((message as { text: string }).text).toContain("неоценённых работ — 1");
  });
});
