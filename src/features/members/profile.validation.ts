import { canonicalTimeZone } from "../../shared/time.js";
import { foldWord, inputWords } from "../../shared/input-words.js";

/** Result of checking one answer: the cleaned value, or the locale key of the reason. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: string): Checked<T> => ({ ok: false, error });

/** Collapses runs of whitespace and trims; control characters are refused separately. */
function clean(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** Full name: letters (any alphabet), spaces, hyphens, apostrophes and dots; 2–100 characters. */
export function checkFullName(raw: string): Checked<string> {
  const value = clean(raw);
  if (value.length < 2) return fail("validation-name-short");
  if (value.length > 100) return fail("validation-name-long");
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u.test(value) || (value.match(/\p{L}/gu)?.length ?? 0) < 2) {
    return fail("validation-name-letters");
  }
  return ok(value);
}

/** City or settlement: 2–100 characters, must contain a letter. */
export function checkCity(raw: string): Checked<string> {
  const value = clean(raw);
  if (CONTROL.test(value)) return fail("validation-text-control");
  if (value.length < 2) return fail("validation-city-short");
  if (value.length > 100) return fail("validation-city-long");
  if (!/\p{L}/u.test(value)) return fail("validation-city-letters");
  return ok(value);
}

/** School or organisation: optional; 2–200 characters when given. */
export function checkOrganisation(raw: string): Checked<string> {
  const value = clean(raw);
  if (CONTROL.test(value)) return fail("validation-text-control");
  if (value.length < 2) return fail("validation-organisation-short");
  if (value.length > 200) return fail("validation-organisation-long");
  return ok(value);
}

/** Years of experience: a whole number from 0 to 70 ("15", "15 лет" and "15 years" are accepted: locales/<locale>/input.ftl). */
export function checkExperience(raw: string): Checked<number> {
  const match = clean(raw).match(/^(\d{1,3})(?:\s*(\p{L}+))?$/u);
  if (!match || (match[2] !== undefined && !inputWords("input-years").includes(foldWord(match[2])))) return fail("validation-experience-number");
  const years = Number(match[1]);
  if (years > 70) return fail("validation-experience-range");
  return ok(years);
}

/** An IANA time zone, typed in any letter case. */
export function checkTimezone(raw: string): Checked<string> {
  const zone = canonicalTimeZone(clean(raw));
  return zone ? ok(zone) : fail("validation-timezone");
}

export const MAX_SUBJECTS = 10;

export function checkSubjects(codes: readonly string[]): Checked<string[]> {
  if (codes.length === 0) return fail("validation-subjects-empty");
  if (codes.length > MAX_SUBJECTS) return fail("validation-subjects-many");
  return ok([...codes]);
}

export function checkGrades(codes: readonly string[]): Checked<string[]> {
  if (codes.length === 0) return fail("validation-grades-empty");
  return ok([...codes]);
}
