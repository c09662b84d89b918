import { describe, expect, it } from "vitest";
import {
  CODE_LENGTH,
  documentNumber,
  maskName,
  newPortfolioSlug,
  newVerificationCode,
  normaliseCode,
  normaliseSlug,
} from "../../src/features/certificates/certificates.codes.js";
import { documentFileName } from "../../src/features/certificates/certificates.service.js";

describe("verification codes", () => {
  it("are 10 base32 characters, random", () => {
    const codes = Array.from({ length: 2_000 }, newVerificationCode);
    expect(codes.every((c) => c.length === CODE_LENGTH && /^[A-Z2-7]+$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up (a biased generator would miss some).
    expect(new Set(codes.join("")).size).toBe(32);
  });

  it("are read as people type them, and anything else is refused before a lookup", () => {
    expect(normaliseCode("abcd2345ef")).toBe("ABCD2345EF");
    expect(normaliseCode(" ABCD-2345-EF ")).toBe("ABCD2345EF");
    expect(normaliseCode("ABCD2345EFGH")).toBe("ABCD2345EFGH");
    for (const bad of ["", "ABC", "ABCD2345E", "ABCD2345EFGHI", "ABCD2345E0", "ABCD2345E1", "АБВГ2345EF", "<b>&amp;</b>", "ABCD2345EF;DROP", "x".repeat(5_000)]) {
      expect(normaliseCode(bad)).toBeUndefined();
    }
  });
});

describe("document numbers", () => {
  it("carry the kind's letter, the year and six digits", () => {
    expect(documentNumber("PUBLICATION", 2026, 123)).toBe("П-2026-000123");
    expect(documentNumber("PARTICIPATION", 2027, 1)).toBe("У-2027-000001");
    expect(documentNumber("DIPLOMA", 2026, 1_234_567)).toBe("Д-2026-1234567");
  });

  it("give Latin file names", () => {
    expect(documentFileName({ number: "П-2026-000123" })).toBe("P-2026-000123.pdf");
    expect(documentFileName({ number: "Ж-2026-000001" })).toBe("Zh-2026-000001.pdf");
  });
});

describe("maskName", () => {
  it("keeps the surname's first and last letters around six stars, and initials", () => {
    expect(maskName("Иванова Анна Петровна")).toBe("И******а А. П.");
    expect(maskName("Иванова А. П.")).toBe("И******а А. П.");
    expect(maskName("Ли Мин")).toBe("Л****** М.");
    expect(maskName("Петров-Водкин Кузьма")).toBe("П******в-В******н К.");
    expect(maskName("  Smith   john  ")).toBe("S******h J.");
    expect(maskName("")).toBe("");
  });

  it("hides the length of the surname and extra names", () => {
    expect(maskName("Ан")).toBe("А******");
    expect(maskName("Константинопольская Мария Ивановна Оглы")).toBe("К******я М. И.");
  });
});

describe("portfolio slugs", () => {
  it("are 12 random lowercase base32 characters; other paths are refused", () => {
    const slug = newPortfolioSlug();
    expect(normaliseSlug(slug)).toBe(slug);
    expect(slug).toMatch(/^[a-z2-7]{12}$/);
    for (const bad of ["", "../../etc", "ABCDEFGHIJKL", "abc", "a".repeat(33)]) expect(normaliseSlug(bad)).toBeUndefined();
  });
});
