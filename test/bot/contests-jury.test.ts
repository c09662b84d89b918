// The jury through the bot: /jury → queue → the blind entry (files without captions, no author) →
// scoring one criterion at a time with Back, the comment, the summary, submit (and a double tap),
// editing a sent review; conflict of interest; forged buttons; the chair's results with a tie;
// an English juror and hostile titles. Contests, entries, jurors and reviews are written with prisma.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";
import { assignReview, createContest, createEntry, resetEntryNumbers, seatJuror, simpleJudging, type ContestFixture } from "../support/contests-jury.js";
import type { JuryJudging } from "../../src/features/contests/contests.jury.service.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
  resetEntryNumbers();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const HOSTILE = "Урок <b>&</b> «дроби»";
/** The text of the latest screen with buttons, as the member sees it (the fake keeps messages parsed). */
const screen = (u: TestUser) => u.lastKeyboardMessage()!.text!;

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.services.members.find(BigInt(u.id)))!.id;
}

/** The author: a member with a name, a username and a school the juror must never see. */
async function author(): Promise<number> {
  const row = await h.container.prisma.member.create({
    data: {
      telegramId: 9_555_000_001n,
      username: "ivanova_teacher",
      role: "MEMBER",
      registeredAt: new Date(),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: "Иванова Мария Петровна",
          professionalRole: "TEACHER",
          regionCode: "RU-MOW",
          city: "Москва",
          organisation: "Школа № 1234",
          experienceYears: 10,
          timezone: "Europe/Moscow",
        },
      },
    },
  });
  return row.id;
}

interface Setup {
  contest: ContestFixture;
  juror: TestUser;
  review: number;
  otherReview: number;
  entryId: number;
}

/** A contest in JUDGING; the juror (registered through the bot) and another juror each got the one entry, which has two files. */
async function judging(options: { language?: "English"; title?: string; entryTitle?: string } = {}): Promise<Setup> {
  const { prisma } = h.container;
  const juror = h.user(8301, { username: "juror_one" });
  await register(juror, { name: "Петров Пётр", ...(options.language ? { language: options.language } : {}) });
  const other = await prisma.member.create({ data: { telegramId: 9_555_000_002n, role: "MEMBER", registeredAt: new Date(), consentStatus: "GIVEN" } });
  const authorId = await author();
  const contest = await createContest(prisma, authorId, { title: options.title ?? "Лучший урок математики", nominations: [options.title ? HOSTILE : "Урок", "Проект"] });
  if (options.title) await prisma.contestCriterion.updateMany({ where: { contestId: contest.id, position: 0 }, data: { title: HOSTILE } });
  const jurorId = await memberId(juror);
  await seatJuror(prisma, contest.id, jurorId);
  await seatJuror(prisma, contest.id, other.id);
  for (const id of ["entry-file-1", "entry-file-2"]) h.fake.putFile(id, "x", { fileSize: 1000 });
  const entry = await createEntry(prisma, contest, authorId, {
    title: options.entryTitle ?? "Дроби в 5 классе",
    description: "Урок открытия нового знания.",
    link: "https://example.org/lesson?a=1&b=2",
    files: [
      { fileId: "entry-file-1", fileName: "urok.pdf" },
      { fileId: "entry-file-2", fileName: "prilozhenie.pdf" },
    ],
  });
  const review = await assignReview(prisma, contest.id, entry.id, jurorId);
  const otherReview = await assignReview(prisma, contest.id, entry.id, other.id);
  return { contest, juror, review, otherReview, entryId: entry.id };
}

/** Scores the four criteria 5 and passes authorship: the juror is on the comment screen. */
async function scoreToComment(j: TestUser, review: number): Promise<void> {
  await j.tapData(`ctj1:s:${review}:0`);
  for (let i = 0; i < 4; i++) await j.tap(/^5$/);
  await j.tap("Зачтено");
}

const reviewRow = (id: number) => h.container.prisma.contestReview.findUniqueOrThrow({ where: { id } });

describe("the jury through the bot", () => {
  it("a juror scores an entry end to end: blind view, files without captions, Back, comment, summary, submit, double tap, edit", async () => {
    const s = await judging();
    const j = s.juror;

    await j.send("/jury");
    let text = screen(j);
    expect(text).toContain("Лучший урок математики");
    expect(text).toContain("Работ у вас: 1, оценено: 0, осталось: 1");
    await j.tap("1. Лучший урок");
    expect(j.buttons()).toContain("🆕 К-001 · Урок");

    // The blind view: the files first, by file_id and without captions; the card names no author.
    const opened = await j.tap("К-001");
    const docs = opened.filter((c) => c.method === "sendDocument");
    expect(docs.map((d) => d.payload.document)).toEqual(["entry-file-1", "entry-file-2"]);
    for (const d of docs) expect(d.payload.caption).toBeUndefined();
    const card = j.lastKeyboardMessage()!;
    text = card.text!;
    expect(text).toContain("Работа К-001");
    expect(text).toContain("Дроби в 5 классе");
    expect(text).toContain("Номинация: Урок");
    for (const secret of ["Иванова", "Мария", "ivanova_teacher", "№ 1234", "Школа"]) {
      expect(JSON.stringify(opened)).not.toContain(secret);
    }

    // One criterion per screen, edited in place; Back goes to the previous one.
    const sentBefore = h.calls.filter((c) => c.method === "sendMessage").length;
    await j.tap("Оценить");
    expect(screen(j)).toContain("Критерий 1 из 5");
    await j.tap(/^4$/);
    expect(screen(j)).toContain("Критерий 2 из 5");
    expect(screen(j)).toContain("Вес критерия: ×2");
    await j.tap("Назад");
    expect(screen(j)).toContain("Критерий 1 из 5");
    expect(screen(j)).toContain("Сейчас: 4");
    expect(j.buttons()).toContain("• 4 •");
    await j.tap(/^3$/);
    await j.tap(/^3$/);
    await j.tap(/^3$/);
    await j.tap(/^3$/);
    expect(screen(j)).toContain("Критерий 5 из 5");
    await j.tap("Зачтено");
    // The comment screen: optional at 15 of 25.
    expect(screen(j)).toContain("Комментарий по желанию");
    await j.tap("Дальше");
    text = screen(j);
    expect(text).toContain("Итого: 15 из 25");
    expect(text).toContain("2. Актуальность и новизна — 3 из 5 (×2)");
    expect(text).toContain("5. Авторство — ✅ зачтено");
    expect(h.calls.filter((c) => c.method === "sendMessage").length).toBe(sentBefore);

    const submitData = j
      .lastKeyboardMessage()!
      .reply_markup!.inline_keyboard.flat()
      .find((b) => b.text.includes("Отправить оценку"))!;
    expect(answer(await j.tap("Отправить оценку"))).toContain("Оценка отправлена");
    const sent = await reviewRow(s.review);
    expect(sent).toMatchObject({ status: "SUBMITTED", total: 15 });
    // A double tap (the old button): nothing changes.
    expect(answer(await j.tapData((submitData as { callback_data: string }).callback_data))).toContain("уже отправлена");
    expect((await reviewRow(s.review)).updatedAt).toEqual(sent.updatedAt);

    // Editing: a changed score makes it a draft again until it is sent again.
    await j.tap("Изменить");
    await j.tap(/^5$/);
    await j.tap("К итогу");
    text = screen(j);
    expect(text).toContain("Итого: 17 из 25");
    expect(text).toContain("проверьте и отправьте");
    expect((await reviewRow(s.review)).status).toBe("ASSIGNED");

    // The comment, typed.
    await j.tap("Комментарий");
    await j.tap("Написать комментарий");
    await j.send("Хороший урок, но мало <практики> & задач.");
    text = screen(j);
    expect(text).toContain("Хороший урок, но мало <практики> & задач.");
    await j.tap("Отправить оценку");
    expect(await reviewRow(s.review)).toMatchObject({ status: "SUBMITTED", total: 17, comment: "Хороший урок, но мало <практики> & задач." });

    await j.send("/jury");
    expect(screen(j)).toContain("оценено: 1, осталось: 0");
  });

  it("a very high total needs a comment before it is sent", async () => {
    const s = await judging();
    const j = s.juror;
    await scoreToComment(j, s.review);
    expect(screen(j)).toContain("комментарий обязателен");
    await j.tap("Дальше");
    expect(answer(await j.tap("Отправить оценку"))).toContain("нужен комментарий");
    expect((await reviewRow(s.review)).status).toBe("ASSIGNED");
    await j.tap("Комментарий");
    await j.tap("Написать комментарий");
    // 4,000 characters: refused with the limit (the refusal once crashed on its missing $max), nothing saved, the question stays.
    await j.send("<b>Очень</b> & хорошо ".repeat(200).slice(0, 4000));
    expect(j.lastMessage()!.text).toMatch(/^Комментарий длиннее 1\s?000 символов — сократите его\.$/);
    expect(await reviewRow(s.review)).toMatchObject({ status: "ASSIGNED", comment: null });
    await j.send("Образцовая работа.");
    await j.tap("Отправить оценку");
    expect(await reviewRow(s.review)).toMatchObject({ status: "SUBMITTED", total: 25, comment: "Образцовая работа." });
  });

  it("the comment asked before a restart of the bot is taken after it", async () => {
    const s = await judging();
    const j = s.juror;
    await scoreToComment(j, s.review);
    await j.tap("Дальше");
    await j.tap("Комментарий");
    await j.tap("Написать комментарий");
    await h.restart();
    await j.send("Образцовая работа, написано после перезапуска.");
    await j.tap("Отправить оценку");
    expect(await reviewRow(s.review)).toMatchObject({ status: "SUBMITTED", comment: "Образцовая работа, написано после перезапуска." });
  });

  it("a comment typed on the comment screen is taken without ✍️ (also after a restart); text typed elsewhere is not", async () => {
    const s = await judging();
    const j = s.juror;
    await scoreToComment(j, s.review);
    expect(screen(j)).toContain("пришлите его одним сообщением");
    const commentScreen = j.lastKeyboardMessage()!.message_id;

    // Too long: refused with the limit, nothing saved, the screen still takes the next one (after a restart too).
    await j.send("<b>Очень</b> & хорошо ".repeat(200).slice(0, 4000));
    expect(j.lastMessage()!.text).toMatch(/^Комментарий длиннее 1\s?000 символов — сократите его\.$/);
    expect(await reviewRow(s.review)).toMatchObject({ comment: null });
    await h.restart();
    const sent = await j.send("Образцовая <работа> & задачи.");
    expect(await reviewRow(s.review)).toMatchObject({ status: "ASSIGNED", comment: "Образцовая <работа> & задачи." });
    // The summary comes below the comment; the screen above loses its buttons.
    expect(screen(j)).toContain("Образцовая <работа> & задачи.");
    expect(j.buttons()).toContain("📨 Отправить оценку");
    expect(sent.some((c) => c.method === "editMessageReplyMarkup" && c.payload.message_id === commentScreen)).toBe(true);
    await j.tap("Отправить оценку");
    expect(await reviewRow(s.review)).toMatchObject({ status: "SUBMITTED", comment: "Образцовая <работа> & задачи." });

    // Once the juror moved on from the screen (here to the summary), typed text is not a comment.
    await j.tap("Комментарий");
    expect(screen(j)).toContain("Комментарий к работе К-001");
    await j.tap("Дальше");
    const stray = await j.send("просто текст");
    expect(j.texts(stray).join()).toContain("Я не понял");
    expect(await reviewRow(s.review)).toMatchObject({ comment: "Образцовая <работа> & задачи." });
    expect(await h.container.redis.exists(`${h.redisPrefix}:jcomment:${j.id}`)).toBe(0);
  });

  it("forged buttons: another juror's review, an unknown criterion, points out of range, garbage — a polite refusal, nothing changes", async () => {
    const s = await judging();
    const j = s.juror;
    const crit = s.contest.criteria[0]!;
    const other = await j.tapData(`ctj1:e:${s.otherReview}:1`);
    expect(answer(other)).toContain("вам не назначена");
    expect(other.filter((c) => c.method === "sendDocument")).toEqual([]);
    expect(answer(await j.tapData(`ctj1:p:${s.otherReview}:${crit}:3`))).toContain("вам не назначена");
    expect(answer(await j.tapData(`ctj1:p:${s.review}:${crit}:9`))).toContain("от 0 до 5");
    expect(answer(await j.tapData(`ctj1:p:${s.review}:999999:3`))).toContain("нет в этом конкурсе");
    expect(answer(await j.tapData(`ctj1:cy:${s.otherReview}`))).toContain("вам не назначена");
    expect(answer(await j.tapData(`ctj1:r:${s.contest.id}`))).toContain("председатель");
    expect(answer(await j.tapData("ctj1:p:abc:1:1"))).toContain("больше не действует");
    expect(answer(await j.tapData("ctj1:zz:1"))).toContain("больше не действует");
    expect(answer(await j.tapData(`ctj1:s:${s.review}:99`))).toContain("больше не действует");
    expect(await reviewRow(s.otherReview)).toMatchObject({ status: "ASSIGNED", scores: {} });
    expect(await reviewRow(s.review)).toMatchObject({ status: "ASSIGNED", scores: {} });

    // A member who is on no jury.
    const stranger = h.user(8399);
    await register(stranger, { name: "Сидоров Иван" });
    expect(stranger.texts(await stranger.send("/jury")).join()).toContain("не входите в жюри");
    expect(answer(await stranger.tapData(`ctj1:q:${s.contest.id}:0`))).toContain("не входите в жюри");
  });

  it("after the jury window closes the entry is read-only and a score is refused", async () => {
    const s = await judging();
    await h.container.prisma.contest.update({ where: { id: s.contest.id }, data: { judgingClosesAt: new Date(Date.now() - 1000) } });
    await s.juror.tapData(`ctj1:e:${s.review}:0`);
    expect(screen(s.juror)).toContain("Окно оценивания закрыто");
    expect(s.juror.buttons().some((b) => b.includes("Оценить"))).toBe(false);
    expect(answer(await s.juror.tapData(`ctj1:p:${s.review}:${s.contest.criteria[0]}:3`))).toContain("Окно оценивания закрыто");
    expect((await reviewRow(s.review)).scores).toEqual({});
  });

  it("conflict of interest: asked to confirm, then the entry leaves the queue", async () => {
    const s = await judging();
    const j = s.juror;
    await j.tapData(`ctj1:e:${s.review}:0`);
    await j.tap("Конфликт интересов");
    expect(screen(j)).toContain("Конфликт интересов по работе К-001?");
    await j.tap("Отмена");
    expect((await reviewRow(s.review)).status).toBe("ASSIGNED");
    await j.tap("Конфликт интересов");
    expect(answer(await j.tap("Да, заявляю"))).toContain("Конфликт интересов отмечен");
    expect((await reviewRow(s.review)).status).toBe("CONFLICT");
    const queue = screen(j);
    expect(queue).toContain("Конфликт интересов заявлен: К-001");
    expect(j.buttons().some((b) => b.includes("К-001"))).toBe(false);
    expect(answer(await j.tapData(`ctj1:e:${s.review}:1`))).toContain("заявили конфликт");
  });

  it("an English juror sees English texts and C- codes; hostile titles are escaped everywhere", async () => {
    const s = await judging({ language: "English", title: HOSTILE, entryTitle: HOSTILE });
    const j = s.juror;
    await h.container.prisma.member.update({ where: { telegramId: BigInt(j.id) }, data: { locale: "en" } });
    await j.send("/jury");
    const list = screen(j);
    expect(list).toContain("Contests where you are on the jury");
    expect(list).toContain(HOSTILE);
    await j.tap("1. Урок");
    await j.tap("C-001");
    const card = screen(j);
    expect(card).toContain("Entry C-001");
    expect(card).toContain(`Nomination: ${HOSTILE}`);
    expect(card).toContain(HOSTILE);
    await j.tap("Review");
    const criterion = screen(j);
    expect(criterion).toContain("Criterion 1 of 5");
    expect(criterion).toContain(HOSTILE);
  });
});

describe("the chair", () => {
  it("sees the draft with a tie, orders the tied entries by tapping, and confirms the results", async () => {
    const { prisma } = h.container;
    (h.container.services.jury as unknown as { judging: JuryJudging }).judging = simpleJudging(prisma);
    const chair = h.user(8401);
    await register(chair, { name: "Председатель Анна" });
    const chairId = await memberId(chair);
    const authorId = await author();
    const contest = await createContest(prisma, authorId, { status: "CONFIRMING", judgingClosesAt: new Date(Date.now() - 3600_000) });
    await seatJuror(prisma, contest.id, chairId, true);
    const a = await createEntry(prisma, contest, authorId);
    const b = await createEntry(prisma, contest, authorId);
    const c = await createEntry(prisma, contest, authorId);
    await assignReview(prisma, contest.id, a.id, chairId, { status: "SUBMITTED", total: 20 });
    await assignReview(prisma, contest.id, b.id, chairId, { status: "SUBMITTED", total: 20 });
    await assignReview(prisma, contest.id, c.id, chairId, { status: "SUBMITTED", total: 10 });

    await chair.send("/jury");
    expect(screen(chair)).toContain("(вы председатель)");
    await chair.tap("Итоги (председатель)");
    let text = screen(chair);
    expect(text).toContain("Итоги: Лучший урок математики");
    expect(text).toContain("Ничья (20): К-001, К-002");
    expect(text).toContain("Неразрешённых ничьих: 1");
    expect(chair.buttons().some((x) => x.includes("Утвердить"))).toBe(false);
    // Confirming through an old or forged button is refused while the tie stands.
    expect(answer(await chair.tapData(`ctj1:ay:${contest.id}`))).toContain("неразрешённые ничьи");

    await chair.tap("Порядок: К-001, К-002");
    await chair.tap("К-002");
    text = screen(chair);
    expect(text).toContain("1. К-002\n2. К-001");
    await chair.tap("Сохранить порядок");
    text = screen(chair);
    expect(text).not.toContain("Ничья");
    expect(text).toMatch(/1\. К-002 — 20[\s\S]*2\. К-001 — 20[\s\S]*3\. К-003 — 10/);

    await chair.tap("Утвердить итоги");
    expect(screen(chair)).toContain("После утверждения их нельзя изменить");
    expect(answer(await chair.tap("Да, утвердить"))).toContain("Итоги утверждены");
    const row = await prisma.contest.findUniqueOrThrow({ where: { id: contest.id } });
    expect(row).toMatchObject({ status: "CONFIRMING", confirmedById: chairId });
    expect(row.confirmedAt).not.toBeNull();
    expect(screen(chair)).toContain("Итоги утверждены");
    expect(answer(await chair.tapData(`ctj1:ay:${contest.id}`))).toContain("уже утверждены");
  });
});
