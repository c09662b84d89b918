// A published contest's card through the bot: the results protocol for anyone to download (a
// verifiable document with its number, code and SHA-256 in the caption), the audience vote's
// counts once it closed; the protocol refused politely before publication or before it is drawn.
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

async function publishedContest(chairId: number, status: "PUBLISHED" | "CONFIRMING" = "PUBLISHED") {
  const now = Date.now();
  return h.container.prisma.contest.create({
    data: {
      organiserId: chairId,
      title: "Урок <года> & методика",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(now - 30 * DAY),
      submissionClosesAt: new Date(now - 20 * DAY),
      judgingClosesAt: new Date(now - 10 * DAY),
      resultsAt: new Date(now - DAY),
      formats: ["link"],
      status,
      audienceVote: true,
      confirmedAt: new Date(now - 2 * DAY),
      confirmedById: chairId,
      publishedAt: status === "PUBLISHED" ? new Date(now - DAY) : null,
      nominations: { create: [{ position: 1, title: "Урок", subjectCodes: [], gradeCodes: [] }] },
      criteria: { create: [{ position: 1, title: "Методика", maxPoints: 5 }] },
    },
  });
}

it("sends the protocol from the card with its number, code and hash; before it is drawn, says so", async () => {
  const chair = h.user(9301);
  await register(chair, { name: "Председатель Жюри" });
  const viewer = h.user(9302);
  await register(viewer, { name: "Зритель Конкурса", language: "English" });
  const contest = await publishedContest(await memberId(chair));
  const { certificates } = h.container.services;
  const [id] = await certificates.issue([
    {
      kind: "PROTOCOL",
      holderId: await memberId(chair),
      source: `contest:${contest.id}`,
      title: contest.title,
      details: { kind: "PROTOCOL", contestId: contest.id, contestTitle: contest.title, entries: 0, admitted: 0, disqualified: 0, confirmedAt: new Date().toISOString() },
    },
  ]);

  // Not drawn yet: a polite alert, nothing sent.
  const early = await viewer.tapData(`ctst1:p:${contest.id}`);
  expect(answer(early)).toMatch(/being prepared/);
  expect(early.some((c) => c.method === "sendDocument")).toBe(false);

  expect(await certificates.render(id!)).toBe("rendered");
  const card = await viewer.send(`/start c_${contest.id}`);
  const buttons = JSON.stringify(card.map((c) => c.payload.reply_markup));
  expect(buttons).toContain(`ctst1:p:${contest.id}`);
  expect(buttons).toContain(`ctv1:o:${contest.id}`);
  const calls = await viewer.tapData(`ctst1:p:${contest.id}`);
  const sent = calls.find((c) => c.method === "sendDocument");
  const doc = await h.container.prisma.document.findUniqueOrThrow({ where: { id: id! } });
  expect(String(sent?.payload.caption)).toContain(doc.number);
  expect(String(sent?.payload.caption)).toContain(doc.code);
  expect(String(sent?.payload.caption)).toContain(doc.sha256!);
  expect(String(sent?.payload.caption)).toContain("Урок &lt;года&gt; &amp; методика");
  // Telegram now holds the file: the next download resends its file_id.
  const again = await viewer.tapData(`ctst1:p:${contest.id}`);
  expect(typeof again.find((c) => c.method === "sendDocument")?.payload.document).toBe("string");
});

it("refuses the protocol of a contest not yet published, and a forged id", async () => {
  const chair = h.user(9311);
  await register(chair);
  const contest = await publishedContest(await memberId(chair), "CONFIRMING");
  expect(answer(await chair.tapData(`ctst1:p:${contest.id}`))).toMatch(/готовится/);
  expect(answer(await chair.tapData("ctst1:p:99999999"))).toBeTruthy();
  expect(h.calls.filter((c) => c.method === "sendDocument")).toHaveLength(0);
});
