// The whole path of a contest through the bot, with an organiser, four jurors (one of them the
// chair, one also an author) and three members (one in English), on a clock the test moves:
// /newcontest (default rubric, two nominations, a hostile title) → the jury and the chair in
// /contestadmin → entries through /contests (a file, a link, English) → an edited title → a
// withdrawal and a new entry → the deadline → the phase job → assignment and the jurors' notices →
// scoring through /jury (a required comment for a very low total) → a conflict and its
// reassignment → the audience vote → the close of judging → the chair's confirmation → the results
// date → results, diplomas and the protocol PDF, each verifiable with /verify. Plus the bad input
// of the issue: each a clear localized answer and nothing changed in the database.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QueueName } from "../../src/jobs/definitions.js";
import { BotHarness, telegramViolation, visible, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";

const DAY = 24 * 3600_000;
const HOSTILE = "<b>Урок</b> & «методика»";
const ADMIN = 7401;

let h: BotHarness;
/** The container's clock: the test moves it instead of waiting for dates. */
let now = Date.now();

beforeEach(async () => {
  now = Date.now();
  h = await BotHarness.create({ adminIds: [ADMIN], clock: () => new Date(now) });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const screen = (u: TestUser) => u.lastKeyboardMessage()!.text!;
const exact = (label: string | number) => new RegExp(`^${label}$`);

/** A date `days` after the test clock as organisers type it, at 10:00 (in their zone). */
function typed(days: number): string {
  const d = new Date(now + days * DAY);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} 10:00`;
}

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
}

/**
 * Runs the queued jobs with the container's processors, as workers would: contest jobs only
 * once the test clock reached their date, then what they queue (documents, sending).
 */
async function runJobs(): Promise<ApiCall[]> {
  const from = h.calls.length;
  const queues: QueueName[] = ["contests", "documents", "send", "notifications"];
  for (let round = 0; round < 12; round++) {
    let ran = 0;
    for (const name of queues) {
      const queue = h.container.queues.queue(name);
      for (const job of await queue.getJobs(["waiting", "prioritized", "delayed"])) {
        const at = (job.data as { at?: number }).at;
        if (name === "contests" && at !== undefined && at > now) continue;
        const processor = h.container.processors[job.name as keyof typeof h.container.processors] as (data: unknown, job: unknown, log: unknown) => Promise<unknown>;
        await processor(job.data, job, h.container.logger);
        await job.remove();
        ran++;
      }
    }
    if (ran === 0) break;
  }
  const calls = h.calls.slice(from);
  for (const c of calls) {
    const v = telegramViolation(c.method, c.payload);
    if (v) h.violations.push(v);
    if (!c.response.ok) h.violations.push(`${c.method}: ${c.response.description}`);
  }
  return calls;
}

const sentTo = (calls: ApiCall[], u: TestUser, method: string) => calls.filter((c) => c.method === method && Number(c.payload.chat_id) === u.id);

/** Everything about the contest that bad input must not change. */
async function snapshot(contestId: number) {
  const { prisma } = h.container;
  return {
    contest: await prisma.contest.findUniqueOrThrow({ where: { id: contestId }, select: { status: true, lastEntryNumber: true, confirmedAt: true } }),
    entries: await prisma.contestEntry.findMany({ where: { contestId }, orderBy: { id: "asc" }, select: { id: true, title: true, status: true, updatedAt: true } }),
    reviews: await prisma.contestReview.findMany({ where: { contestId }, orderBy: { id: "asc" }, select: { id: true, status: true, scores: true, updatedAt: true } }),
    votes: await prisma.contestVote.findMany({ where: { contestId }, orderBy: { entryId: "asc" } }),
  };
}

/** Appoints a juror through /contestadmin → Жюри → search. */
async function appoint(org: TestUser, query: string) {
  await org.tap("Найти и добавить");
  await org.send(query);
  expect(screen(org)).toContain("Найдено");
  expect(answer(await org.tap(query))).toContain("Добавлен");
}

/** A member's file entry from the contest card. */
async function submitFile(u: TestUser, nomination: string, title: string) {
  await u.tap("Подать работу");
  await u.tap(nomination);
  await u.send(title);
  await u.tap("Пропустить");
  await u.sendDocument({ fileName: "урок.pdf", mimeType: "application/pdf", size: 200_000, caption: "Автор: не для жюри" });
  await u.tap("Готово");
  await u.tap("Подтверждаю");
  return u.tap("Отправить работу");
}

/** Scores one entry of the juror's queue criterion by criterion; `comment` typed when given. */
async function score(j: TestUser, code: string, points: number, comment?: string) {
  await j.send("/jury");
  await j.tap("1. ");
  await j.tap(code);
  await j.tap("Оценить");
  for (let i = 0; i < 6; i++) await j.tap(exact(points));
  await j.tap("Зачтено");
  if (comment) {
    expect(screen(j)).toContain("комментарий обязателен");
    // Sending without it is refused.
    await j.tap("Дальше");
    expect(answer(await j.tap("Отправить оценку"))).toContain("нужен комментарий");
    await j.tap("Комментарий");
    await j.tap("Написать комментарий");
    await j.send(comment);
  } else {
    await j.tap("Дальше");
  }
  expect(answer(await j.tap("Отправить оценку"))).toContain("Оценка отправлена");
}

describe("a contest from /newcontest to verified diplomas", () => {
  it("runs the whole path through the bot with several jurors and members", { timeout: 240_000 }, async () => {
    const { prisma } = h.container;
    const org = h.user(ADMIN);
    await register(org, { name: "Организатор Конкурсов" });
    const chair = h.user(7411);
    const j2 = h.user(7412);
    const j3 = h.user(7413);
    const j4 = h.user(7414);
    const m1 = h.user(7421);
    const m2 = h.user(7422);
    const m3 = h.user(7423, { first_name: "Jane" });
    await register(chair, { name: "Председателева Анна" });
    await register(j2, { name: "Жюрин Борис" });
    await register(j3, { name: "Жюрина Вера" });
    await register(j4, { name: "Жюрин Глеб" });
    await register(m1, { name: "Участникова Дарья" });
    await register(m2, { name: "Участников Егор" });
    await register(m3, { name: "Smith Jane", language: "English" });

    // 1. The wizard: the default rubric, two nominations, dates out of order refused.
    await org.send("/newcontest");
    await org.send(HOSTILE);
    await org.tap("Пропустить");
    await org.tap("Пропустить");
    await org.tap("Пропустить");
    await org.send("Урок математики");
    await org.tap("Готово");
    await org.tap("Готово");
    await org.send("Внеурочное занятие");
    await org.tap("Готово");
    await org.tap("Готово");
    await org.tap("номинаций: 2");
    await org.tap("Сейчас");
    await org.send(typed(5));
    await org.send(typed(3));
    expect(org.lastMessage()!.text).toContain("закончиться позже окончания приёма");
    await org.send(typed(10));
    await org.send(typed(9));
    expect(org.lastMessage()!.text).toContain("не могут быть объявлены раньше");
    expect(await prisma.contest.count()).toBe(0);
    await org.send(typed(11));
    await org.tap("Ссылка");
    await org.tap("Готово");
    await org.tap(exact(3));
    await org.tap("PDF");
    await org.tap("Готово");
    await org.tap(exact(20));
    await org.tap(exact(2));
    await org.tap("Без ограничения");
    await org.tap(exact(2));
    await org.tap("Стандартная рубрика");
    await org.tap("Да");
    await org.tap("Нет");
    expect(screen(org)).toContain(HOSTILE);
    const created = await org.tap("Создать конкурс");
    expect(org.texts(created).join("\n")).toContain("создан");
    const contest = await prisma.contest.findFirstOrThrow({
      include: { nominations: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } } },
    });
    expect(contest).toMatchObject({ title: HOSTILE, status: "OPEN", formats: ["file", "link"], reviewsPerEntry: 2, prizePlaces: 2, audienceVote: true });
    expect(contest.nominations.map((n) => n.title)).toEqual(["Урок математики", "Внеурочное занятие"]);
    expect(contest.criteria).toHaveLength(7);

    // 2. The jury through /contestadmin: search, the chair first, then three more.
    await org.send("/contestadmin");
    await org.tap("Урок");
    await org.tap("Жюри");
    await appoint(org, "Председателева");
    expect(answer(await org.tap("👑 1"))).toContain("Председатель");
    await appoint(org, "Жюрин Борис");
    await appoint(org, "Жюрина Вера");
    await appoint(org, "Жюрин Глеб");
    expect(screen(org)).toContain("1. Председателева Анна — 👑 председатель");
    const jurors = await prisma.contestJuror.findMany({ where: { contestId: contest.id } });
    expect(jurors).toHaveLength(4);
    expect(jurors.filter((j) => j.chair).map((j) => j.memberId)).toEqual([await memberId(chair)]);

    // 3. Entries: a file (К-001), a link (К-002), English (C-003), a juror's own link (К-004).
    await m1.send("/contests");
    await m1.tap("1.");
    expect(screen(m1)).toContain(HOSTILE);
    expect(m1.texts(await submitFile(m1, "Урок математики", "Дроби: первая версия")).join()).toContain("К-001");
    await m2.send(`/start c_${contest.id}`);
    await m2.tap("Подать работу");
    await m2.tap("Внеурочное занятие");
    await m2.send("Клуб юных математиков");
    await m2.tap("Пропустить");
    await m2.send("https://example.org/club?a=1&b=2");
    await m2.tap("Готово");
    await m2.tap("Подтверждаю");
    expect(m2.texts(await m2.tap("Отправить работу")).join()).toContain("К-002");
    await m3.send(`/start c_${contest.id}`);
    await m3.tap("Submit an entry");
    await m3.tap("Урок математики");
    await m3.send("Fractions with pizza");
    await m3.tap("Skip");
    await m3.sendDocument({ fileName: "lesson.pdf", mimeType: "application/pdf", size: 1000 });
    await m3.tap("Done");
    await m3.tap("I confirm");
    expect(m3.texts(await m3.tap("Submit the entry")).join()).toContain("C-003");
    await j4.send(`/start c_${contest.id}`);
    await j4.tap("Подать работу");
    await j4.tap("Внеурочное занятие");
    await j4.send("Кружок оригами");
    await j4.tap("Пропустить");
    await j4.send("https://example.org/origami");
    await j4.tap("Готово");
    await j4.tap("Подтверждаю");
    await j4.tap("Отправить работу");

    // 4. The title edited, then the entry withdrawn and submitted again (a new code).
    await m1.tap("Открыть работу");
    await m1.tap("Изменить");
    await m1.tap("Название");
    await m1.send("Дроби: урок-игра");
    await m1.tap("Открыть работу");
    await m1.tap("Отозвать");
    expect(answer(await m1.tap("Да, отозвать"))).toContain("отозвана");
    await m1.send(`/start c_${contest.id}`);
    expect(m1.texts(await submitFile(m1, "Урок математики", "Дроби: урок-игра, вторая версия")).join()).toContain("К-005");
    const entries = await prisma.contestEntry.findMany({ where: { contestId: contest.id }, orderBy: { number: "asc" } });
    expect(entries.map((e) => [e.number, e.title, e.status])).toEqual([
      [1, "Дроби: урок-игра", "WITHDRAWN"],
      [2, "Клуб юных математиков", "SUBMITTED"],
      [3, "Fractions with pizza", "SUBMITTED"],
      [4, "Кружок оригами", "SUBMITTED"],
      [5, "Дроби: урок-игра, вторая версия", "SUBMITTED"],
    ]);
    const entry = (n: number) => entries.find((e) => e.number === n)!;
    expect(entry(2).link).toBe("https://example.org/club?a=1&b=2");

    // 5. The deadline passes; before the job runs, a late entry and a late edit are refused.
    // One member is at the summary of the questionnaire when the deadline passes.
    const late = h.user(7431);
    await register(late, { name: "Опоздавшая Жанна" });
    await late.send(`/start c_${contest.id}`);
    await late.tap("Подать работу");
    await late.tap("Урок математики");
    await late.send("Поздняя работа");
    await late.tap("Пропустить");
    await late.sendDocument({ fileName: "late.pdf", mimeType: "application/pdf", size: 1000 });
    await late.tap("Готово");
    await late.tap("Подтверждаю");
    expect(screen(late)).toContain("• late.pdf · 1 КБ");
    now = contest.submissionClosesAt.getTime() + 1000;
    let before = await snapshot(contest.id);
    const refused = await late.tap("Отправить работу");
    expect([answer(refused), ...late.texts(refused)].join("\n")).toContain("закрыт: срок истёк");
    expect(await snapshot(contest.id)).toEqual(before);
    await late.send(`/start c_${contest.id}`);
    expect(late.buttons()).not.toContain("📝 Подать работу");
    expect(answer(await late.tapData(`ctst1:s:${contest.id}`))).toContain("закрыт");
    expect(answer(await m2.tapData(`ctst1:wy:${entry(2).id}`))).toContain("после срока");
    expect(await snapshot(contest.id)).toEqual(before);

    // 6. The phase job closes submissions: every admitted entry gets two jurors, never its author.
    const assignedCalls = await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("JUDGING");
    let reviews = await prisma.contestReview.findMany({ where: { contestId: contest.id } });
    expect(reviews).toHaveLength(8);
    for (const n of [2, 3, 4, 5]) expect(reviews.filter((r) => r.entryId === entry(n).id)).toHaveLength(2);
    expect(reviews.some((r) => r.entryId === entry(4).id && r.jurorId === entry(4).authorId)).toBe(false);
    const ids = new Map<number, TestUser>();
    for (const u of [chair, j2, j3, j4]) ids.set(await memberId(u), u);
    for (const [id, u] of ids) {
      if (!reviews.some((r) => r.jurorId === id)) continue;
      const notice = sentTo(assignedCalls, u, "sendMessage").map((c) => visible(String(c.payload.text)));
      expect(notice.join()).toContain("Вы в жюри конкурса");
      expect(notice.join()).toContain(HOSTILE);
    }
    // A late entry after the job: still refused.
    expect(answer(await late.tapData(`ctst1:s:${contest.id}`))).toContain("закрыт");

    // 7. A conflict of interest: the entry goes to another juror.
    const conflicted = reviews.find((r) => r.entryId === entry(3).id)!;
    const cj = ids.get(conflicted.jurorId)!;
    await cj.send("/jury");
    await cj.tap("1. ");
    await cj.tap("К-003");
    await cj.tap("Конфликт интересов");
    expect(answer(await cj.tap("Да, заявляю"))).toContain("Конфликт интересов отмечен");
    await runJobs();
    reviews = await prisma.contestReview.findMany({ where: { contestId: contest.id } });
    const forThree = reviews.filter((r) => r.entryId === entry(3).id);
    expect(forThree.map((r) => r.status).sort()).toEqual(["ASSIGNED", "ASSIGNED", "CONFLICT"]);
    expect(new Set(forThree.map((r) => r.jurorId)).size).toBe(3);

    // 8. Bad input of the jury: another juror's review, points out of range.
    const mine = reviews.find((r) => r.jurorId === conflicted.jurorId && r.status === "ASSIGNED")!;
    const notMine = reviews.find((r) => r.jurorId !== conflicted.jurorId && r.status === "ASSIGNED")!;
    const firstCriterion = contest.criteria[0]!.id;
    before = await snapshot(contest.id);
    expect(answer(await cj.tapData(`ctj1:p:${notMine.id}:${firstCriterion}:3`))).toContain("вам не назначена");
    expect(answer(await cj.tapData(`ctj1:e:${notMine.id}:0`))).toContain("вам не назначена");
    expect(answer(await cj.tapData(`ctj1:p:${mine.id}:${firstCriterion}:9`))).toContain("от 0 до 5");
    expect(answer(await cj.tapData(`ctj1:p:${mine.id}:${firstCriterion}:-1`))).toBeDefined();
    // The chair cannot confirm results while the jury is still at work.
    expect(answer(await chair.tapData(`ctj1:ay:${contest.id}`))).toContain("только после окончания оценивания");
    expect(await snapshot(contest.id)).toEqual(before);

    // 9. The audience vote: accepted once, refused twice and for one's own entry.
    await m1.send(`/start c_${contest.id}`);
    await m1.tap("Голосование зрителей");
    await m1.tap("Урок математики");
    await m1.tap("К-003");
    expect(answer(await m1.tap("Голосовать"))).toContain("голос учтён");
    before = await snapshot(contest.id);
    expect(answer(await m1.tapData(`ctv1:v:${entry(3).id}`))).toContain("уже голосовали");
    expect(answer(await m1.tapData(`ctv1:v:${entry(5).id}`))).toContain("За свою работу голосовать нельзя");
    expect(answer(await j4.tapData(`ctv1:v:${entry(4).id}`))).toContain("За свою работу голосовать нельзя");
    expect(await snapshot(contest.id)).toEqual(before);
    await m2.send(`/start c_${contest.id}`);
    await m2.tap("Голосование зрителей");
    await m2.tap("Внеурочное занятие");
    await m2.tap("К-004");
    expect(answer(await m2.tap("Голосовать"))).toContain("голос учтён");

    // 10. Every juror scores their entries through /jury: 4s, 3s, 2s and a very low 1s with a comment.
    const pointsOf = new Map([
      [entry(5).id, 4],
      [entry(3).id, 3],
      [entry(2).id, 4],
      [entry(4).id, 1],
    ]);
    for (const r of reviews.filter((x) => x.status === "ASSIGNED")) {
      const n = entries.find((e) => e.id === r.entryId)!.number;
      const points = pointsOf.get(r.entryId)!;
      await score(ids.get(r.jurorId)!, `К-00${n}`, points, points === 1 ? "Мало <практики> & задач." : undefined);
    }
    reviews = await prisma.contestReview.findMany({ where: { contestId: contest.id } });
    expect(reviews.filter((r) => r.status === "SUBMITTED")).toHaveLength(8);
    expect(reviews.filter((r) => r.comment === "Мало <практики> & задач.")).toHaveLength(2);

    // 11. Judging closes: results computed; authors told; the chair asked to confirm.
    now = contest.judgingClosesAt.getTime() + 1000;
    const closed = await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("CONFIRMING");
    expect(
      sentTo(closed, m2, "sendMessage")
        .map((c) => c.payload.text as string)
        .join(),
    ).toContain("Экспертиза конкурса");
    expect(
      sentTo(closed, chair, "sendMessage")
        .map((c) => c.payload.text as string)
        .join(),
    ).toContain("Как председатель жюри");
    const ranked = await prisma.contestEntry.findMany({ where: { contestId: contest.id, status: "SUBMITTED" }, orderBy: { number: "asc" } });
    expect(ranked.map((e) => [e.number, e.place, e.award])).toEqual([
      [2, 1, "WINNER"],
      [3, 2, "PRIZE_WINNER"],
      [4, 2, "PRIZE_WINNER"],
      [5, 1, "WINNER"],
    ]);
    expect(ranked.find((e) => e.number === 4)?.audiencePrize).toBe(true);
    // The vote is closed with judging.
    before = await snapshot(contest.id);
    expect(answer(await m3.tapData(`ctv1:v:${entry(5).id}`))).toContain("The vote is already closed");
    expect(await snapshot(contest.id)).toEqual(before);

    // 12. The chair confirms through /jury; the results date comes; the publication runs.
    await chair.send("/jury");
    expect(screen(chair)).toContain("(вы председатель)");
    await chair.tap("Итоги (председатель)");
    await chair.tap("Утвердить итоги");
    expect(answer(await chair.tap("Да, утвердить"))).toContain("Итоги утверждены");
    await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("CONFIRMING");
    now = contest.resultsAt.getTime() + 1000;
    const published = await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("PUBLISHED");

    // Each author: their scores and comments, no juror named; and a diploma.
    const results = (u: TestUser) =>
      sentTo(published, u, "sendMessage")
        .map((c) => c.payload.text as string)
        .find((t) => t.includes("🏆"));
    for (const u of [m1, m2, j4]) expect(results(u)).toContain("Эксперт 2");
    expect(results(m1)).toContain("Победитель");
    expect(results(m1)).not.toContain("К-001");
    // The card: the entry's results again, and the published protocol.
    await m1.send(`/start c_${contest.id}`);
    expect(
      m1
        .lastKeyboardMessage()!
        .reply_markup!.inline_keyboard.flat()
        .map((b) => ("callback_data" in b ? b.callback_data : "")),
    ).toContain(`ctst1:p:${contest.id}`);
    await m1.tap("К-005");
    await m1.tap("Результаты");
    expect(screen(m1)).toContain("Эксперт 2");
    expect(results(j4)).toContain("Мало &lt;практики&gt; &amp; задач.");
    expect(results(m3)).toContain("Expert 1");
    expect(results(m3)).toContain("Prize-winner (place 2)");
    expect(results(m3)).toContain("Audience prize (votes: 1)");
    for (const text of [results(m1), results(m2), results(m3), results(j4)]) {
      for (const name of ["Председателева", "Жюрин", "Жюрина"]) expect(text).not.toContain(name);
    }
    const docs = await prisma.document.findMany({ where: { source: { startsWith: `contest:${contest.id}` } } });
    // Four jury diplomas and two audience prizes (one vote in each nomination).
    expect(
      docs
        .filter((d) => d.kind === "DIPLOMA")
        .map((d) => (d.details as { degree: string }).degree)
        .sort(),
    ).toEqual(["AUDIENCE", "AUDIENCE", "PRIZE_WINNER", "PRIZE_WINNER", "WINNER", "WINNER"]);
    expect(docs.filter((d) => d.kind === "JURY")).toHaveLength(4);
    for (const u of [m1, m2, m3, j4]) {
      const holder = await memberId(u);
      const own = docs.filter((d) => d.kind === "DIPLOMA" && d.holderId === holder);
      expect(own.length).toBeGreaterThan(0);
      const sent = sentTo(published, u, "sendDocument").map((c) => String(c.payload.caption));
      for (const d of own) expect(sent.join()).toContain(d.code);
    }

    // The chair's protocol: a PDF naming every code; each document verifiable.
    const protocol = docs.find((d) => d.kind === "PROTOCOL")!;
    expect(protocol.holderId).toBe(await memberId(chair));
    const held = await prisma.document.findUniqueOrThrow({ where: { id: protocol.id } });
    expect(sentTo(published, chair, "sendDocument").some((c) => String(c.payload.caption).includes(protocol.code))).toBe(true);
    // Any member gets the same protocol from the contest card.
    const viaCard = await m2.tapData(`ctst1:p:${contest.id}`);
    expect(
      sentTo(viaCard, m2, "sendDocument")
        .map((c) => String(c.payload.caption))
        .join(),
    ).toContain(protocol.code);
    const dir = mkdtempSync(path.join(tmpdir(), "contests-path-"));
    try {
      const file = path.join(dir, "protocol.pdf");
      writeFileSync(file, h.fake.fileContent(held.fileId!)!);
      const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(text).toContain(HOSTILE);
      for (const code of ["К-002", "К-003", "К-004", "К-005"]) expect(text).toContain(code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const stranger = h.user(7499);
    for (const d of docs) expect(visible(stranger.texts(await stranger.send(`/verify ${d.code}`)).join("\n"))).toContain("Документ действителен");
  });
});

describe("contests that reach their close without entries or without a jury", () => {
  async function stateOf(u: TestUser) {
    const row = await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
    return { id: row.id, telegramId: row.telegramId!, role: row.role, locale: row.locale, isActive: true, registered: true, username: row.username };
  }

  async function open(org: TestUser, title: string) {
    return h.container.services.contests.create(await stateOf(org), {
      title,
      timeZone: "Europe/Moscow",
      submissionOpensAt: new Date(now - 1000),
      submissionClosesAt: new Date(now + 5 * DAY),
      judgingClosesAt: new Date(now + 10 * DAY),
      resultsAt: new Date(now + 11 * DAY),
      formats: ["link"],
      nominations: [{ title: "Общая", subjectCodes: [], gradeCodes: [] }],
      criteria: [{ title: "Качество", maxPoints: 5 }],
    });
  }

  it("the organiser is told; the empty contest still closes, is confirmed and published; a late jury gets the entries", { timeout: 120_000 }, async () => {
    const { prisma } = h.container;
    const org = h.user(ADMIN);
    await register(org, { name: "Организатор Конкурсов" });
    const chair = h.user(7511);
    await register(chair, { name: "Председателев Иван" });
    const author = h.user(7512);
    await register(author, { name: "Автор Работы" });
    const empty = await open(org, "Пустой <конкурс> & без работ");
    await h.container.services.contests.appointJuror(await stateOf(org), empty.id, await memberId(chair));
    await h.container.services.contests.setChair(await stateOf(org), empty.id, await memberId(chair));
    const nobody = await open(org, "Конкурс без жюри");
    await author.send(`/start c_${nobody.id}`);
    await author.tap("Подать работу");
    await author.send("Моя работа");
    await author.tap("Пропустить");
    await author.send("https://example.org/work");
    await author.tap("Подтверждаю");
    await author.tap("Отправить работу");
    await runJobs();

    // Submissions close: both move on; the organiser hears about each, in plain words.
    now = empty.submissionClosesAt.getTime() + 1000;
    const closed = await runJobs();
    for (const c of [empty, nobody]) expect((await prisma.contest.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("JUDGING");
    const told = sentTo(closed, org, "sendMessage").map((c) => visible(String(c.payload.text)));
    expect(told.join("\n")).toContain("«Конкурс без жюри» закрыт, но жюри не назначено");
    expect(told.join("\n")).toContain("«Пустой <конкурс> & без работ» закрыт: не подано ни одной работы");
    expect(await prisma.contestReview.count()).toBe(0);
    // The chair of the empty contest gets no «you have entries» notice.
    expect(sentTo(closed, chair, "sendMessage")).toEqual([]);
    await chair.send("/jury");
    expect(screen(chair)).toContain("Работ у вас: 0");

    // A jury appointed late in /contestadmin gets the waiting entry at once.
    await org.send("/contestadmin");
    await org.tap("Конкурс без жюри");
    await org.tap("Жюри");
    await appoint(org, "Председателев");
    const late = await runJobs();
    expect(await prisma.contestReview.count({ where: { contestId: nobody.id } })).toBe(1);
    expect(
      sentTo(late, chair, "sendMessage")
        .map((c) => visible(String(c.payload.text)))
        .join(),
    ).toContain("«Конкурс без жюри»");

    // The empty contest closes judging, is confirmed by its chair and published with a protocol.
    now = empty.judgingClosesAt.getTime() + 1000;
    await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: empty.id } })).status).toBe("CONFIRMING");
    // The other one closes too though its only review was never sent: the entry has no score.
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: nobody.id } })).status).toBe("CONFIRMING");
    expect((await prisma.contestEntry.findFirstOrThrow({ where: { contestId: nobody.id } })).score).toBeNull();
    await chair.send("/jury");
    await chair.tap("Итоги (председатель)");
    await chair.tap("Утвердить итоги");
    expect(answer(await chair.tap("Да, утвердить"))).toContain("Итоги утверждены");
    now = empty.resultsAt.getTime() + 1000;
    await runJobs();
    expect((await prisma.contest.findUniqueOrThrow({ where: { id: empty.id } })).status).toBe("PUBLISHED");
    const docs = await prisma.document.findMany({ where: { source: { startsWith: `contest:${empty.id}` } } });
    expect(docs.map((d) => d.kind)).toEqual(["PROTOCOL"]);
  });
});
