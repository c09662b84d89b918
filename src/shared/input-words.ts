/**
 * Words members type that the parsers of dates, times and durations read
 * ("25 декабря", "завтра", "2 часа", "нет"), kept with the other texts of each
 * language in `locales/<locale>/input.ftl`, alternatives separated by "|".
 * A parser reads the words of every language at once: a member may type
 * "Dec 25" with a Russian interface. The files are read once, on first use,
 * so the parsers stay plain functions of their input.
 *
 * The format is a subset of Fluent (one `key = value` line per message, `#`
 * comments), so the same files also load as translations and go through the
 * locales test; anything else in them is refused here at once.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FILE = "input.ftl";

/** The project root's locales/ folder, from src/ (tsx) and dist/ (compiled) alike. */
export function localesDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");
}

/** Lower case with diaereses dropped: members write «е» for «ё» (some keyboards have no «ё»), and names are compared so too. */
export function foldLetters(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\u0308/g, "")
    .normalize("NFC");
}

/** A typed word as the parsers compare it: NFKC (full-width digits, ligatures), then foldLetters. */
export function foldWord(text: string): string {
  return foldLetters(text.normalize("NFKC"));
}

let table: Map<string, string[]> | undefined;

function load(): Map<string, string[]> {
  const words = new Map<string, string[]>();
  const dir = localesDir();
  for (const locale of readdirSync(dir, { withFileTypes: true })) {
    if (!locale.isDirectory()) continue;
    const file = path.join(dir, locale.name, FILE);
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    source.split("\n").forEach((line, i) => {
      if (line.trim() === "" || line.startsWith("#")) return;
      const m = /^([a-z][a-z0-9-]*) = (.+)$/.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: expected "key = word | word"`);
      const list = words.get(m[1]!) ?? [];
      for (const word of m[2]!.split("|")) {
        const folded = foldWord(word).trim().replace(/\s+/g, " ");
        if (folded && !list.includes(folded)) list.push(folded);
      }
      words.set(m[1]!, list);
    });
  }
  return words;
}

/** The words of `key` in every language, folded (foldWord); throws on a key no locale has. */
export function inputWords(key: string): readonly string[] {
  table ??= load();
  const list = table.get(key);
  if (!list) throw new Error(`No input words "${key}" in ${localesDir()}/*/${FILE}`);
  return list;
}

/** A regular-expression alternation of `key`'s words (phrases match with any spaces between their words). */
export function inputPattern(key: string): string {
  return inputWords(key)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"))
    .join("|");
}
