import { describe, expect, it } from "vitest";
import { normaliseSearchQuery, SEARCH_QUERY_MAX } from "../../src/features/materials/materials.search.js";

describe("normaliseSearchQuery", () => {
  it("trims and collapses whitespace of every kind", () => {
    expect(normaliseSearchQuery("  сложение \t\n дробей \u00a0 5 класс  ")).toBe("сложение дробей 5 класс");
  });

  it("keeps what the search understands (websearch syntax, mixed scripts, digits)", () => {
    expect(normaliseSearchQuery('"Present Simple" -тест or quiz')).toBe('"Present Simple" -тест or quiz');
    expect(normaliseSearchQuery("ОГЭ 2026")).toBe("ОГЭ 2026");
    expect(normaliseSearchQuery("7")).toBe("7");
  });

  it.each(["", "   ", "!!!", "-", ":*", "(", "&", "«»", "—", "\u0000", "\u200b\u200b"])("returns undefined for %j (nothing searchable)", (raw) => {
    expect(normaliseSearchQuery(raw)).toBeUndefined();
  });

  it.each([
    ["' OR 1=1 --", "' OR 1=1 --"],
    ["<b>дроби</b>", "<b>дроби</b>"],
    ['"unclosed', '"unclosed'],
    ["дроби & умножение | !", "дроби & умножение | !"],
    ["фотосинтез:*", "фотосинтез:*"],
    ["(дроби", "(дроби"],
  ])("passes hostile input %j through as text (the SQL binds it; websearch_to_tsquery parses anything)", (raw, expected) => {
    expect(normaliseSearchQuery(raw)).toBe(expected);
  });

  it("removes control and invisible format characters, which PostgreSQL would refuse (NUL) or match nothing", () => {
    expect(normaliseSearchQuery("дро\u0000би\u200b 5\u0007класс")).toBe("дро би 5 класс");
    expect(normaliseSearchQuery("урок\u2028план")).toBe("урок план");
  });

  it("cuts a 2,000-character query to at most 200 characters at a word boundary", () => {
    const raw = Array.from({ length: 250 }, (_, i) => `слово${i}`).join(" "); // ~2,000 characters
    expect(raw.length).toBeGreaterThan(1900);

    const q = normaliseSearchQuery(raw)!;

    expect(Array.from(q).length).toBeLessThanOrEqual(SEARCH_QUERY_MAX);
    expect(raw.startsWith(q)).toBe(true);
    expect(raw[q.length]).toBe(" "); // the cut fell between two words
    expect(q.endsWith(" ")).toBe(false);
  });

  it("keeps exactly 200 characters, and a word that ends exactly at the limit", () => {
    const exact = "а".repeat(SEARCH_QUERY_MAX);
    expect(normaliseSearchQuery(exact)).toBe(exact);
    const wordAtLimit = `${"б".repeat(SEARCH_QUERY_MAX - 6)} конец дальше`;
    expect(normaliseSearchQuery(wordAtLimit)).toBe(`${"б".repeat(SEARCH_QUERY_MAX - 6)} конец`);
  });

  it("cuts one endless word hard at the limit, without splitting a surrogate pair", () => {
    expect(normaliseSearchQuery("ы".repeat(2000))).toBe("ы".repeat(SEARCH_QUERY_MAX));
    const emoji = normaliseSearchQuery(`д${"😀".repeat(300)}`)!;
    expect(Array.from(emoji)).toHaveLength(SEARCH_QUERY_MAX);
    expect(emoji.endsWith("😀")).toBe(true);
  });

  it("returns undefined when the cut leaves only punctuation", () => {
    expect(normaliseSearchQuery(`${"!".repeat(SEARCH_QUERY_MAX - 1)} ${"слово".repeat(10)}`)).toBeUndefined();
  });
});
