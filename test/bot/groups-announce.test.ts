// The material card in the bot links to the material's announcement in a subject group
// ("Discuss in the group", issue 11): the library shows a button the groups slice
// contributes through the library's card-links registry, with one query per card.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { register } from "./support.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [6101] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

async function publishedMaterial(title: string): Promise<number> {
  const author = await h.container.prisma.member.create({ data: { telegramId: 6199n, registeredAt: new Date(), consentStatus: "GIVEN" }, select: { id: true } });
  const m = await h.container.prisma.material.create({
    data: {
      authorId: author.id,
      title,
      description: "",
      subjectCode: "math",
      gradeCodes: ["5"],
      type: "WORKSHEET",
      tags: [],
      kind: "DOCUMENT",
      fileId: "BQACAgIAAxkBAAIBZ2Vh",
      status: "APPROVED",
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  return m.id;
}

const urlButtons = (markup: unknown) =>
  ((markup as { inline_keyboard?: { text: string; url?: string }[][] } | undefined)?.inline_keyboard ?? []).flat().filter((b) => b.url !== undefined);

describe("Discuss in the group", () => {
  it("shows a button to the announcement in a private forum supergroup, and none before it was posted", async () => {
    const reader = h.user(6102);
    await register(reader, { name: "Читатель Группы" });
    const id = await publishedMaterial("Дроби");

    const before = await reader.send(`/start m_${id}`);
    const card = before.find((c) => c.method === "sendMessage" && String(c.payload.text).includes("Дроби"))!;
    expect(urlButtons(card.payload.reply_markup).map((b) => b.text)).not.toContain("💬 Обсудить в группе");

    const group = await h.container.prisma.group.create({
      data: { chatId: -1001987654321n, title: "Математики", chatType: "supergroup", isForum: true, missingRights: [], linkedAt: new Date(), materialsThreadId: 7 },
      select: { id: true },
    });
    await h.container.prisma.groupAnnouncement.create({
      data: { groupId: group.id, kind: "material", refId: id, status: "SENT", messageId: 42, threadId: 7, sentAt: new Date() },
    });

    const after = await reader.send(`/start m_${id}`);
    const card2 = after.find((c) => c.method === "sendMessage" && String(c.payload.text).includes("Дроби"))!;
    expect(urlButtons(card2.payload.reply_markup)).toContainEqual({ text: "💬 Обсудить в группе", url: "https://t.me/c/1987654321/7/42" });

    // A withdrawn announcement (or an inactive group) links nowhere.
    await h.container.prisma.groupAnnouncement.updateMany({ where: { groupId: group.id }, data: { status: "DELETED" } });
    const withdrawn = await reader.send(`/start m_${id}`);
    const card3 = withdrawn.find((c) => c.method === "sendMessage" && String(c.payload.text).includes("Дроби"))!;
    expect(urlButtons(card3.payload.reply_markup).map((b) => b.text)).not.toContain("💬 Обсудить в группе");
  });
});
