// /search as a member sees it: what the bot says around the results.
// Tests marked "Regression" reproduce a defect found in src (now fixed).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { register } from "./support.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

describe("/search", () => {
  it("Regression (issue 9, item 10): a typo search that finds nothing says «nothing found» once, without «no exact matches, similar:»", async () => {
    // Before: an empty fuzzy answer read «Точных совпадений нет. Похожее на «…»: … Ничего не нашлось».
    const u = h.user(6101);
    await register(u, { name: "Искатель Материалов", subjects: ["Математика", "Биология"] });
    const { id: authorId } = await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: 6101n }, select: { id: true } });
    await h.container.prisma.material.create({
      data: {
        authorId,
        title: "Сложение дробей",
        subjectCode: "math",
        gradeCodes: ["5"],
        type: "WORKSHEET",
        kind: "DOCUMENT",
        fileId: "file-fractions",
        status: "APPROVED",
        publishedAt: new Date(),
      },
    });

    // Similar results exist: the fuzzy heading is right.
    const similar = u.texts(await u.send("/search Слажение"))[0]!;
    expect(similar).toContain("Точных совпадений нет");
    expect(similar).toContain("Сложение дробей");

    // No known word is similar: nothing to call "similar".
    const nothing = u.texts(await u.send("/search Квжщцйхъ"))[0]!;
    expect(nothing).toContain("Ничего не нашлось");
    expect(nothing).not.toContain("Точных совпадений нет");
    expect(nothing).not.toContain("Похожее");

    // A corrected word that the filters leave empty: the same.
    await u.send("/search Слажение");
    await u.tap("Фильтры");
    await u.tap("Предмет");
    await u.tap("Биология");
    const filtered = u.lastKeyboardMessage()!.text!;
    expect(filtered).toContain("Ничего не нашлось");
    expect(filtered).not.toContain("Точных совпадений нет");
  });
});
