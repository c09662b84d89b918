// The words the parsers read come from locales/<locale>/input.ftl, every language at once.
import { describe, expect, it } from "vitest";
import { foldLetters, foldWord, inputPattern, inputWords } from "../../src/shared/input-words.js";

describe("input words", () => {
  it("merges every locale's words for a key, folded", () => {
    expect(inputWords("input-month-12")).toEqual(expect.arrayContaining(["декабрь", "декабря", "декабре", "дек", "december", "dec"]));
    expect([...inputWords("input-tomorrow")].sort()).toEqual(["tomorrow", "завтра"]);
    // Phrases keep their spaces; a pattern matches them with any run of spaces.
    expect(inputWords("input-day-after-tomorrow")).toContain("day after tomorrow");
    expect(new RegExp(`^(?:${inputPattern("input-day-after-tomorrow")})$`).test("day  after\ttomorrow")).toBe(true);
  });

  it("refuses a key no locale has", () => {
    expect(() => inputWords("input-no-such-key")).toThrow(/No input words "input-no-such-key"/);
  });

  it("folds «ё» to «е» and letter case, keeps «й», and reads full-width digits as digits", () => {
    expect(foldLetters("Декабрём ЙОД")).toBe("декабрем йод");
    expect(foldWord("２５ Дек.")).toBe("25 дек.");
  });
});
