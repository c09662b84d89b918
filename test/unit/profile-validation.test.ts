import { describe, expect, it } from "vitest";
import {
  checkCity,
  checkExperience,
  checkFullName,
  checkGrades,
  checkOrganisation,
  checkSubjects,
  checkTimezone,
  MAX_SUBJECTS,
} from "../../src/features/members/profile.validation.js";

const okValue = <T>(value: T) => ({ ok: true, value });
const error = (key: string) => ({ ok: false, error: key });

describe("checkFullName", () => {
  it.each(["Анна-Мария О'Нил", "Ёлкина Алёна", "Anna O’Neil", "Петров П. П.", "Ли"])("accepts %j", (name) => {
    expect(checkFullName(name)).toEqual(okValue(name));
  });

  it("collapses whitespace and trims", () => {
    expect(checkFullName("  Анна \t  Петрова\n")).toEqual(okValue("Анна Петрова"));
  });

  it("normalises to NFC (a decomposed Ё becomes one character)", () => {
    const decomposed = "Е\u0308лкина";
    expect(checkFullName(decomposed)).toEqual(okValue("Ёлкина"));
  });

  it.each(["А", "", "   "])("refuses %j as too short", (name) => {
    expect(checkFullName(name)).toEqual(error("validation-name-short"));
  });

  it("accepts 100 characters and refuses 101", () => {
    expect(checkFullName("А".repeat(100)).ok).toBe(true);
    expect(checkFullName("А".repeat(101))).toEqual(error("validation-name-long"));
  });

  it.each(["Анна 2", "R2D2", "<b>Анна</b>", "Анна 😀", "-Анна", "'Анна", "Анна_Петрова", "Анна\u202EПетрова", "А."])("refuses %j (letters only)", (name) => {
    expect(checkFullName(name)).toEqual(error("validation-name-letters"));
  });
});

describe("checkCity", () => {
  it.each(["Санкт-Петербург", "Ростов-на-Дону", "п. Усть-Кут", "Орёл"])("accepts %j", (city) => {
    expect(checkCity(city)).toEqual(okValue(city));
  });

  it("refuses too short, too long and letterless values", () => {
    expect(checkCity("Н")).toEqual(error("validation-city-short"));
    expect(checkCity("  ")).toEqual(error("validation-city-short"));
    expect(checkCity("А".repeat(100)).ok).toBe(true);
    expect(checkCity("А".repeat(101))).toEqual(error("validation-city-long"));
    expect(checkCity("123")).toEqual(error("validation-city-letters"));
  });

  it("refuses control and format characters", () => {
    expect(checkCity("Казань\u0007")).toEqual(error("validation-text-control"));
    expect(checkCity("Каз\u200Bань")).toEqual(error("validation-text-control"));
  });
});

describe("checkOrganisation", () => {
  it("accepts HTML-like text as is (it is escaped on output, not here)", () => {
    expect(checkOrganisation(`<b>Anna & "Co"</b>`)).toEqual(okValue(`<b>Anna & "Co"</b>`));
  });

  it("accepts a school name with digits and quotes", () => {
    expect(checkOrganisation("МБОУ «СОШ № 5»")).toEqual(okValue("МБОУ «СОШ № 5»"));
  });

  it.each(["Школа\u0000", "Школа\u001B[31m", "Школа\u202E5", "\u2066Школа"])("refuses control characters in %j", (value) => {
    expect(checkOrganisation(value)).toEqual(error("validation-text-control"));
  });

  it("accepts 200 characters and refuses 201", () => {
    expect(checkOrganisation("Ш".repeat(200)).ok).toBe(true);
    expect(checkOrganisation("Ш".repeat(201))).toEqual(error("validation-organisation-long"));
  });

  it("refuses a one-character answer", () => {
    expect(checkOrganisation("Ш")).toEqual(error("validation-organisation-short"));
  });
});

describe("checkExperience", () => {
  it.each([
    ["15", 15],
    ["15 лет", 15],
    ["15лет", 15],
    ["1 год", 1],
    ["3 года", 3],
    ["15 years", 15],
    ["0", 0],
    ["70", 70],
    [" 7 ", 7],
  ])("accepts %j as %d", (raw, years) => {
    expect(checkExperience(raw)).toEqual(okValue(years));
  });

  it("refuses more than 70 years as out of range", () => {
    expect(checkExperience("71")).toEqual(error("validation-experience-range"));
    expect(checkExperience("999")).toEqual(error("validation-experience-range"));
  });

  it.each(["-1", "1.5", "сто", "", "1000", "15 минут", "١٥"])("refuses %j as not a number", (raw) => {
    expect(checkExperience(raw)).toEqual(error("validation-experience-number"));
  });
});

describe("checkTimezone", () => {
  it("returns the canonical spelling of a zone typed in any case", () => {
    expect(checkTimezone("asia/novosibirsk")).toEqual(okValue("Asia/Novosibirsk"));
    expect(checkTimezone("  Europe/Moscow ")).toEqual(okValue("Europe/Moscow"));
  });

  it("accepts UTC", () => {
    expect(checkTimezone("UTC")).toEqual(okValue("UTC"));
  });

  it.each(["Mars/Olympus", "../../etc", "Europe/../Moscow", "", "+03:00"])("refuses %j", (raw) => {
    expect(checkTimezone(raw)).toEqual(error("validation-timezone"));
  });
});

describe("checkSubjects and checkGrades", () => {
  it("refuses an empty choice", () => {
    expect(checkSubjects([])).toEqual(error("validation-subjects-empty"));
    expect(checkGrades([])).toEqual(error("validation-grades-empty"));
  });

  it(`accepts up to ${MAX_SUBJECTS} subjects and refuses more`, () => {
    const codes = Array.from({ length: MAX_SUBJECTS + 1 }, (_, i) => `s${i}`);
    expect(checkSubjects(codes.slice(0, MAX_SUBJECTS))).toEqual(okValue(codes.slice(0, MAX_SUBJECTS)));
    expect(checkSubjects(codes)).toEqual(error("validation-subjects-many"));
  });

  it("returns a copy, not the caller's array", () => {
    const codes = ["math"];
    const checked = checkSubjects(codes);
    expect(checked.ok && checked.value).not.toBe(codes);
    const grades = checkGrades(["g5", "g6"]);
    expect(grades).toEqual(okValue(["g5", "g6"]));
  });
});
