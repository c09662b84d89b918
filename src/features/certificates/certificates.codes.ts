import { randomBytes, randomInt } from "node:crypto";
import { NUMBER_PREFIX, type DocumentKind } from "./certificates.types.js";

/** RFC 4648 base32: no 0, 1, 8 or 9, so a code read off paper is not confused with O, I or B. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Length of a verification code: 10 characters are 50 random bits. */
export const CODE_LENGTH = 10;

/** A new random verification code (crypto-random, uniform over the alphabet). */
export function newVerificationCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += BASE32[randomInt(32)];
  return code;
}

/**
 * A code as someone typed or scanned it, or undefined when it cannot be one:
 * case and the spaces or dashes people put in are ignored; anything else
 * outside the alphabet, or a wrong length, is refused before any lookup.
 */
export function normaliseCode(input: string): string | undefined {
  if (input.length > 40) return undefined;
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return code.length >= 10 && code.length <= 12 && /^[A-Z2-7]+$/.test(code) ? code : undefined;
}

/** «П-2026-000123»: the kind's letter, the year of issue, the number within the kind and year. */
export function documentNumber(kind: DocumentKind, year: number, sequence: number): string {
  return `${NUMBER_PREFIX[kind]}-${year}-${String(sequence).padStart(6, "0")}`;
}

/** A public portfolio page's slug: 12 random lowercase base32 characters. */
export function newPortfolioSlug(): string {
  return Array.from(randomBytes(12), (b) => BASE32[b % 32]!.toLowerCase()).join("");
}

/** The slug of /p/<slug> as it may appear in a URL, or undefined. */
export function normaliseSlug(input: string): string | undefined {
  return /^[a-z2-7]{8,32}$/.test(input) ? input : undefined;
}

/**
 * «Иванова Анна Петровна» → «И******а А. П.»: the surname keeps its first and
 * last letters around six stars whatever its length (the length would narrow
 * it down), the other names become initials. Hyphenated surnames are
 * masked part by part. Used wherever a holder did not consent to publishing
 * their name (152-FZ: publishing is distribution and needs its own consent).
 */
export function maskName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "";
  const [surname, ...rest] = words as [string, ...string[]];
  const maskWord = (word: string): string => {
    const letters = Array.from(word);
    if (letters.length <= 2) return `${letters[0] ?? ""}******`;
    return `${letters[0]}******${letters[letters.length - 1]}`;
  };
  const masked = surname.split("-").map(maskWord).join("-");
  const initials = rest.slice(0, 2).map((w) => `${Array.from(w)[0]!.toUpperCase()}.`);
  return [masked, ...initials].join(" ");
}
