import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { register } from "./support.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  await h.close();
});

describe("robustness", () => {
  it("answers a failing update with a friendly message and keeps working", async () => {
    const u = h.user(5001);
    await register(u);
    // A real database failure: the table the handler needs is gone for a moment.
    await h.container.prisma.$executeRawUnsafe(`ALTER TABLE "profiles" RENAME TO "profiles_away"`);
    try {
      const failed = await u.send("/profile");
      expect(u.texts(failed)).toEqual([expect.stringContaining("Что-то пошло не так")]);
    } finally {
      await h.container.prisma.$executeRawUnsafe(`ALTER TABLE "profiles_away" RENAME TO "profiles"`);
    }
    const ok = await u.send("/profile");
    expect(u.texts(ok)[0]).toContain("Иванова Анна");
    expect(h.violations).toEqual([]);
  });

  it("treats an edit into identical content as success (double tap on the same page)", async () => {
    const u = h.user(5002);
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Орлова Ольга");
    await u.tap("Учитель");
    await u.tap("Биология");
    await u.tap("Готово");
    await u.tap("10 класс");
    await u.tap("Готово");
    // The region list: tapping the current page number re-renders the same page.
    const first = await u.tap("1/");
    const second = await u.tap("1/");
    const edits = [...first, ...second].filter((c) => c.method === "editMessageText");
    expect(edits.length).toBe(2);
    // Telegram refused the identical edit; the bot took it as success and answered the tap.
    expect(edits.some((c) => !c.response.ok && /not modified/.test((c.response as { description: string }).description))).toBe(true);
    expect(second.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(h.violations).toEqual([]);
    // And the questionnaire goes on.
    await u.tap("▶️");
    expect(u.lastKeyboardMessage()!.text).toContain("Из какого вы региона");
  });

  it("keeps every message within Telegram's limits for a 4,000-character hostile organisation name", async () => {
    const u = h.user(5003, { first_name: "<script>&amp;".repeat(20) });
    await u.send("/start");
    await u.tap("Я согласен");
    await u.send("Иванов Иван");
    await u.tap("Учитель");
    await u.tap("Музыка");
    await u.tap("Готово");
    await u.tap("3 класс");
    await u.tap("Готово");
    await u.send("Тыва");
    await u.send("Кызыл");
    const huge = await u.send(`<b>${"&".repeat(3990)}</b>`);
    expect(u.texts(huge)[0]).toContain("не больше 200");
    const over = await u.send("Ш".repeat(201));
    expect(u.texts(over)[0]).toContain("не больше 200");
    const max = `<i>${"Школа & «Лицей» ".repeat(20)}`.slice(0, 200);
    await u.send(max);
    await u.send("40");
    await u.tap("Оставить");
    await u.tap("Русский");
    // The summary shows the 200 characters exactly, escaped.
    expect(u.lastKeyboardMessage()!.text).toContain(max.trim());
    await u.tap("Всё верно");
    expect((await h.container.prisma.profile.findFirst())!.organisation).toBe(max.trim());
    expect(h.violations).toEqual([]);
  });
});
