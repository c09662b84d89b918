// Contests through the bot, the member's side: /contests → card → submit with a file → edit
// the title → withdraw → submit again; the deep link, the rules document, bad input at each
// step, a 4,000-character text, English, forged buttons and a double tap on «Отправить».
// Contests are created directly in the database (the organisers' questionnaire is another helper's).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { BotHarness, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";

const DAY = 24 * 3600_000;
const HOSTILE = "<b>Дроби</b> & «урок» </i>";

let h: BotHarness;
beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
}

/** An OPEN contest closing in a week, with two nominations, unless overridden. */
async function contest(organiser: number, over: Partial<Prisma.ContestUncheckedCreateInput> = {}, nominations = ["Урок математики", "Внеурочное занятие"]) {
  const now = Date.now();
  return h.container.prisma.contest.create({
    data: {
      organiserId: organiser,
      title: "Лучший урок <года> & другое",
      description: "Конкурс методических разработок.",
      rules: "Работы принимаются в формате PDF или DOCX.",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(now - DAY),
      submissionClosesAt: new Date(now + 7 * DAY),
      judgingClosesAt: new Date(now + 14 * DAY),
      resultsAt: new Date(now + 21 * DAY),
      formats: ["file"],
      maxFiles: 2,
      maxFileMb: 10,
      status: "OPEN",
      nominations: { create: nominations.map((title, i) => ({ position: i + 1, title, subjectCodes: i === 0 ? ["math"] : [], gradeCodes: i === 0 ? ["7"] : [] })) },
      criteria: { create: [{ position: 1, title: "Методика", maxPoints: 5 }] },
      ...over,
    },
    include: { nominations: { orderBy: { position: "asc" } }, criteria: true },
  });
}

async function entries(contestId: number) {
  return h.container.prisma.contestEntry.findMany({ where: { contestId }, include: { files: true }, orderBy: { number: "asc" } });
}

/** From the card: the submission questionnaire up to the summary, with one PDF. */
async function fillIn(u: TestUser, title: string, nomination?: string): Promise<void> {
  await u.tap("Подать работу");
  if (nomination) await u.tap(nomination);
  await u.send(title);
  await u.tap("Пропустить");
  await u.sendDocument({ fileName: "урок.pdf", mimeType: "application/pdf", size: 200_000, caption: "Подпись автора: Иванова" });
  await u.tap("Готово");
  await u.tap("Подтверждаю, что работа моя");
}

describe("contests: the member's side", () => {
  it("list → card → submit with a file → edit the title → withdraw → submit again", async () => {
    const u = h.user(9101);
    await register(u, { name: "Иванова Анна" });
    await h.container.prisma.profile.update({ where: { memberId: await memberId(u) }, data: { timezone: "Asia/Vladivostok" } });
    const c = await contest(await memberId(u));

    await u.send("/contests");
    const list = u.lastKeyboardMessage()!;
    expect(list.text!).toContain("Лучший урок <года> & другое");
    await u.tap("1.");
    const card = u.lastKeyboardMessage()!.text!;
    expect(card).toContain("Урок математики — Математика; 7 класс");
    expect(card).toContain("Asia/Vladivostok");
    expect(card).toContain("Работы принимаются в формате PDF");
    expect(u.buttons()).toContain("📝 Подать работу");

    await fillIn(u, HOSTILE, "Урок математики");
    const summary = u.lastKeyboardMessage()!.text!;
    expect(summary).toContain(HOSTILE.trim());
    expect(summary).toContain("урок.pdf");
    expect(summary).not.toContain("Подпись автора");
    const sent = await u.tap("Отправить работу");
    expect(u.texts(sent).join("\n")).toContain("К-001");

    const [entry] = await entries(c.id);
    expect(entry!.title).toBe(HOSTILE.trim());
    expect(entry!.number).toBe(1);
    expect(entry!.files.map((f) => f.fileName)).toEqual(["урок.pdf"]);
    expect(JSON.stringify(entry)).not.toContain("Подпись автора");

    // The entry card, then the title changed in a short questionnaire.
    await u.tap("Открыть работу");
    expect(u.lastKeyboardMessage()!.text!).toContain("Работа К-001");
    await u.tap("Изменить");
    await u.tap("Название");
    await u.send("Дроби: урок-игра");
    expect((await entries(c.id))[0]!.title).toBe("Дроби: урок-игра");

    // Withdraw (asked first), then submit again in the same nomination: a new code.
    await u.tap("Открыть работу");
    await u.tap("Отозвать");
    expect(u.lastKeyboardMessage()!.text!).toContain("Отозвать работу К-001");
    const withdrawn = await u.tap("Да, отозвать");
    expect(answer(withdrawn)).toContain("отозвана");
    expect((await entries(c.id))[0]!.status).toBe("WITHDRAWN");
    expect(u.buttons()).not.toContain("✏️ Изменить");

    await u.send(`/start c_${c.id}`);
    await fillIn(u, "Дроби, вторая попытка", "Урок математики");
    await u.tap("Отправить работу");
    expect((await entries(c.id)).map((e) => [e.number, e.status])).toEqual([
      [1, "WITHDRAWN"],
      [2, "SUBMITTED"],
    ]);

    // My entries lists both.
    await u.send("/contests");
    await u.tap("Мои работы");
    const mine = u.lastKeyboardMessage()!.text!;
    expect(mine).toContain("К-001");
    expect(mine).toContain("К-002");
  });

  it("hints at wrong messages and keeps the step; refuses a 4,000-character text politely", async () => {
    const u = h.user(9102);
    await register(u);
    const c = await contest(await memberId(u), { formats: ["file", "text"] }, ["Единственная номинация"]);
    await u.send(`/start c_${c.id}`);
    await u.tap("Подать работу");
    // One nomination: not asked.
    expect(u.lastKeyboardMessage()!.text).toContain("Как называется работа");
    await u.send("Ок");
    expect(u.lastMessage()!.text).toContain("слишком короткое");
    await u.send("Проект «Мой город»");
    await u.tap("Пропустить");
    await u.sendSticker();
    expect(u.lastMessage()!.text).toContain("не подходит");
    await u.sendContent({ photo: [{ file_id: "ph", file_unique_id: "ph-u", width: 100, height: 100, file_size: 1000 }] });
    expect(u.lastMessage()!.text).toContain("как файл");
    await u.sendDocument({ fileName: "setup.exe", mimeType: "application/x-msdownload", size: 1000 });
    expect(u.lastMessage()!.text).toContain("не принимаются");
    await u.sendDocument({ fileName: "big.pdf", mimeType: "application/pdf", size: 11 * 1024 * 1024 });
    expect(u.lastMessage()!.text).toContain("не больше 10 МБ");
    await u.send("т".repeat(4000));
    expect(u.lastMessage()!.text).toContain("не больше 3500 символов");
    await u.send("Текст работы\nв две строки");
    await u.tap("Готово");
    await u.tap("Подтверждаю");
    await u.tap("Отправить работу");
    const [entry] = await entries(c.id);
    expect(entry!.text).toBe("Текст работы\nв две строки");
    expect(entry!.files).toHaveLength(0);
  });

  it("a submission survives a restart of the bot in the middle (a deploy): the answers so far are kept", async () => {
    const u = h.user(9108);
    await register(u);
    const c = await contest(await memberId(u));
    await u.send(`/start c_${c.id}`);
    await u.tap("Подать работу");
    await u.tap("Урок математики");
    await u.send("Урок до перезапуска");
    await h.restart();
    await u.tap("Пропустить");
    await u.sendDocument({ fileName: "урок.pdf", mimeType: "application/pdf", size: 200_000 });
    await u.sendDocument({ fileName: "слайды.pdf", mimeType: "application/pdf", size: 1_572_864 });
    // The second file is the last allowed: the questionnaire moves on by itself.
    await u.tap("Подтверждаю, что работа моя");
    // Sizes a teacher can read: whole kilobytes under a megabyte, a Russian decimal comma above.
    expect(u.lastMessage()!.text).toContain("• урок.pdf · 196 КБ\n• слайды.pdf · 1,5 МБ");
    await u.tap("Отправить работу");
    expect((await entries(c.id)).map((e) => [e.number, e.title, e.files.length])).toEqual([[1, "Урок до перезапуска", 2]]);
  });

  it("double tap on «Отправить» creates one entry", async () => {
    const u = h.user(9103);
    await register(u);
    const c = await contest(await memberId(u));
    await u.send(`/start c_${c.id}`);
    await fillIn(u, "Дроби", "Урок математики");
    const summary = u.lastKeyboardMessage()!;
    const data = summary.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes("Отправить"))! as { callback_data: string };
    await u.tapData(data.callback_data, summary.message_id);
    // The second tap reaches a finished questionnaire: a polite answer, nothing else.
    const second = await u.tapData(data.callback_data, summary.message_id);
    expect(answer(second)).toBeDefined();
    expect(second.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
    expect(await entries(c.id)).toHaveLength(1);
  });

  it("forged buttons for someone else's entry, closed contests and bad data change nothing", async () => {
    const author = h.user(9104);
    const other = h.user(9105);
    await register(author);
    await register(other, { name: "Петров Пётр" });
    const c = await contest(await memberId(author));
    await author.send(`/start c_${c.id}`);
    await fillIn(author, "Моя работа", "Урок математики");
    await author.tap("Отправить работу");
    const [entry] = await entries(c.id);

    for (const data of [
      `ctst1:wy:${entry!.id}`,
      `ctst1:w:${entry!.id}`,
      `ctst1:ef:${entry!.id}:t`,
      `ctst1:ed:${entry!.id}`,
      `ctst1:e:${entry!.id}`,
      `ctst1:r:${entry!.id}`,
    ]) {
      expect(answer(await other.tapData(data))).toContain("Работа не найдена");
    }
    expect(answer(await other.tapData("ctst1:e:abc"))).toContain("больше не действует");
    expect(answer(await other.tapData("ctst1:zz:1"))).toContain("больше не действует");
    expect(answer(await other.tapData("ctst1:c:999999"))).toContain("Конкурс не найден");
    const row = await h.container.prisma.contestEntry.findUniqueOrThrow({ where: { id: entry!.id } });
    expect([row.title, row.status]).toEqual(["Моя работа", "SUBMITTED"]);

    // The deadline passes (the job has not run yet): no submit button, edits refused.
    await h.container.prisma.contest.update({ where: { id: c.id }, data: { submissionClosesAt: new Date(Date.now() - 1000) } });
    await other.send(`/start c_${c.id}`);
    expect(other.buttons()).not.toContain("📝 Подать работу");
    expect(answer(await other.tapData(`ctst1:s:${c.id}`))).toContain("закрыт");
    expect(answer(await author.tapData(`ctst1:wy:${entry!.id}`))).toContain("после срока");
    expect(answer(await author.tapData(`ctst1:ef:${entry!.id}:t`))).toContain("после срока");
    expect((await h.container.prisma.contestEntry.findUniqueOrThrow({ where: { id: entry!.id } })).status).toBe("SUBMITTED");
    expect(await entries(c.id)).toHaveLength(1);
  });

  it("the rules document, the audience-vote button while judging, and results after publication", async () => {
    const u = h.user(9106);
    await register(u);
    h.fake.putFile("rules-doc", "x", { fileSize: 1000 });
    const c = await contest(await memberId(u), { rulesFileId: "rules-doc", rulesFileName: "Положение.pdf", audienceVote: true });
    await u.send(`/start c_${c.id}`);
    const rules = await u.tap("Положение");
    expect(rules.find((x) => x.method === "sendDocument")?.payload.document).toBe("rules-doc");

    await u.send(`/start c_${c.id}`);
    await fillIn(u, "Работа для итогов", "Урок математики");
    await u.tap("Отправить работу");
    const [entry] = await entries(c.id);
    await h.container.prisma.contest.update({ where: { id: c.id }, data: { status: "JUDGING", submissionClosesAt: new Date(Date.now() - 1000) } });
    await u.send(`/start c_${c.id}`);
    expect(u.buttons()).toContain("🗳 Голосование зрителей");
    // The lead's vote screen answers it (the member's own entry is the only one).
    const vote = await u.tap("Голосование зрителей");
    expect(vote.some((c) => c.method === "editMessageText" || c.method === "sendMessage")).toBe(true);

    const jurors = await Promise.all([1, 2].map((i) => h.container.prisma.member.create({ data: { telegramId: BigInt(9900 + i), registeredAt: new Date() } })));
    for (const [i, j] of jurors.entries()) {
      await h.container.prisma.contestReview.create({
        data: {
          contestId: c.id,
          entryId: entry!.id,
          jurorId: j.id,
          status: "SUBMITTED",
          scores: { [c.criteria[0]!.id]: 4 + i },
          total: 4 + i,
          comment: i === 0 ? "<b>Сильная</b> работа & хорошая" : null,
        },
      });
    }
    expect(answer(await u.tapData(`ctst1:r:${entry!.id}`))).toContain("после того");
    await h.container.prisma.contestEntry.update({ where: { id: entry!.id }, data: { score: 4.5, place: 1, award: "WINNER" } });
    await h.container.prisma.contest.update({ where: { id: c.id }, data: { status: "PUBLISHED", publishedAt: new Date() } });
    await u.send(`/start c_${c.id}`);
    await u.tap("К-001");
    await u.tap("Результаты");
    const text = u.lastKeyboardMessage()!.text!;
    expect(text).toContain("Эксперт 1");
    expect(text).toContain("Эксперт 2");
    expect(text).toContain("Методика: 4 из 5");
    // Scores in the reader's language: a decimal comma in Russian.
    expect(text).toContain("Итоговый балл: 4,5, место: 1");
    expect(text).toContain("<b>Сильная</b> работа & хорошая");
    expect(text).toContain("диплом победителя");
    expect(text).not.toContain("9901");
  });

  it("English: the list, the card and the code letter", async () => {
    const u = h.user(9107);
    await register(u, { language: "English" });
    const c = await contest(await memberId(u));
    await u.send("/contests");
    expect(u.lastKeyboardMessage()!.text).toContain("Contests");
    await u.tap("1.");
    expect(u.lastKeyboardMessage()!.text).toContain("Nominations");
    await u.tap("Submit an entry");
    await u.tap("Урок математики");
    await u.send("Fractions");
    await u.tap("Skip");
    await u.sendDocument({ fileName: "lesson.pdf", mimeType: "application/pdf", size: 1000 });
    await u.tap("Done");
    await u.tap("I confirm");
    const sent = await u.tap("Submit the entry");
    expect(u.texts(sent).join("\n")).toContain("C-001");
    expect((await entries(c.id))[0]!.title).toBe("Fractions");
  });
});
