// The audience vote through the bot: the contest card's «🗳» → nominations → a nomination's
// entries (codes and titles, never authors) → an entry (its work; files sent again without
// captions) → vote; a second vote in the nomination, a vote for one's own entry and a forged
// entry are refused with a clear answer and change nothing; counts stay hidden until the vote
// closes, then the card shows them with the prize; English.
import { afterEach, beforeEach, expect, it } from "vitest";
import { BotHarness, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";

const DAY = 24 * 3600_000;
let h: BotHarness;
beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const memberId = async (u: TestUser) => (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
const votes = () => h.container.prisma.contestVote.count();

async function judgingContest(organiserId: number) {
  const now = Date.now();
  return h.container.prisma.contest.create({
    data: {
      organiserId,
      title: "Урок <года> & методика",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(now - 20 * DAY),
      submissionClosesAt: new Date(now - DAY),
      judgingClosesAt: new Date(now + 7 * DAY),
      resultsAt: new Date(now + 8 * DAY),
      formats: ["file", "link"],
      status: "JUDGING",
      audienceVote: true,
      nominations: { create: [1, 2].map((position) => ({ position, title: `Номинация <${position}>`, subjectCodes: [], gradeCodes: [] })) },
      criteria: { create: [{ position: 1, title: "Методика", maxPoints: 5 }] },
    },
    include: { nominations: { orderBy: { position: "asc" } } },
  });
}

it("a member votes once per nomination, never for their own entry, without ever seeing an author", async () => {
  const author = h.user(9401);
  await register(author, { name: "Авторова Анна" });
  const voter = h.user(9402);
  await register(voter, { name: "Зрителев Иван" });
  const [authorId] = [await memberId(author)];
  // Registered before the vote opened (the rule): the bot registered them just now, so move it back.
  await h.container.prisma.member.updateMany({ data: { registeredAt: new Date(Date.now() - 30 * DAY) } });
  const contest = await judgingContest(authorId);
  const [n1, n2] = contest.nominations;
  const mk = (nominationId: number, number: number, title: string, files = false) =>
    h.container.prisma.contestEntry.create({
      data: {
        contestId: contest.id,
        nominationId,
        authorId,
        number,
        title,
        declaredAt: new Date(),
        link: "https://example.org/work",
        ...(files
          ? { files: { create: [{ position: 1, fileId: "file-abc", fileUniqueId: "u-abc", fileName: "урок.pdf", mimeType: "application/pdf", fileSize: 1000 }] } }
          : {}),
      },
    });
  h.fake.putFile("file-abc", "%PDF-1.4 урок");
  const first = await mk(n1!.id, 1, "Дроби <b>и</b> & проценты", true);
  const second = await mk(n1!.id, 2, "Геометрия");
  await mk(n2!.id, 3, "Кружок");

  const card = await voter.send(`/start c_${contest.id}`);
  expect(JSON.stringify(card.map((c) => c.payload.reply_markup))).toContain(`ctv1:o:${contest.id}`);
  await voter.tap("Голосование");
  expect(voter.buttons()).toEqual(expect.arrayContaining(["Номинация <1>", "Номинация <2>"]));
  await voter.tap("Номинация <1>");
  const ballot = voter.lastKeyboardMessage()!.text ?? "";
  expect(ballot).toContain("Голосование открыто до");
  expect(voter.buttons().join()).toContain("К-001 · Дроби <b>и</b> & проценты");
  expect(voter.buttons().join()).not.toMatch(/\d+ голос|— \d/);

  await voter.tap("К-001");
  const screen = voter.lastKeyboardMessage()!.text ?? "";
  expect(screen).toContain("Дроби <b>и</b> & проценты");
  expect(screen).not.toContain("Авторова");
  const files = await voter.tap("Показать файлы");
  const doc = files.find((c) => c.method === "sendDocument");
  expect(doc?.payload.document).toBe("file-abc");
  expect(doc?.payload.caption).toBeUndefined();

  const voted = await voter.tap("Голосовать за эту работу");
  expect(answer(voted)).toBe("Ваш голос учтён. Спасибо!");
  expect(voter.buttons()).not.toContain("🗳 Голосовать за эту работу");
  expect(await votes()).toBe(1);

  // The same nomination again (a forged or stale button): refused, nothing changes.
  expect(answer(await voter.tapData(`ctv1:v:${second.id}`))).toMatch(/уже голосовали/);
  expect(answer(await voter.tapData(`ctv1:v:${first.id}`))).toMatch(/уже голосовали/);
  expect(await votes()).toBe(1);
  // One's own entry, and an entry that does not exist.
  expect(answer(await author.tapData(`ctv1:v:${first.id}`))).toMatch(/свою работу/);
  expect(answer(await voter.tapData("ctv1:v:99999999"))).toMatch(/не участвует/);
  expect(answer(await voter.tapData("ctv1:v:abc"))).toBeTruthy();
  expect(await votes()).toBe(1);

  // The vote closes with judging: the counts and the prize appear.
  await h.container.prisma.contest.update({ where: { id: contest.id }, data: { status: "CONFIRMING" } });
  await h.container.services.contestVotes.close(contest.id);
  await voter.tapData(`ctv1:n:${contest.id}:${n1!.id}:0`);
  const results = voter.lastKeyboardMessage()!.text ?? "";
  expect(results).toContain("Голосование завершено");
  expect(results).toContain("🏆 К-001 · Дроби <b>и</b> & проценты — 1");
  expect(results).toContain("• К-002 · Геометрия — 0");
  expect(answer(await voter.tapData(`ctv1:v:${second.id}`))).toMatch(/закрыто/);
});

it("speaks English and refuses members who registered after the vote opened", async () => {
  const author = h.user(9411);
  await register(author);
  const late = h.user(9412);
  await register(late, { language: "English" });
  const contest = await judgingContest(await memberId(author));
  const entry = await h.container.prisma.contestEntry.create({
    data: {
      contestId: contest.id,
      nominationId: contest.nominations[0]!.id,
      authorId: await memberId(author),
      number: 1,
      title: "Work",
      declaredAt: new Date(),
      link: "https://example.org",
    },
  });
  await late.tapData(`ctv1:o:${contest.id}`);
  expect(late.lastMessage()!.text ?? "").toContain("Audience vote");
  expect(answer(await late.tapData(`ctv1:v:${entry.id}`))).toBe("Only members who registered before the vote opened can vote.");
  expect(await votes()).toBe(0);
});
