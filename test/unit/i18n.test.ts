import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator, type Translator } from "../../src/bot/i18n.js";
import { trusted } from "../../src/shared/html.js";

// Own locale files, so these tests do not depend on the project's texts.
let dir: string;
let translator: Translator;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "i18n-test-"));
  const files = {
    ru: "hello = Привет, { $name }!\nitems = { $count } шт.\nonly-ru = Только по-русски\n",
    en: "hello = Hello, { $name }!\nitems = { $count } items\n",
  };
  for (const [locale, text] of Object.entries(files)) {
    mkdirSync(path.join(dir, locale));
    writeFileSync(path.join(dir, locale, "test.ftl"), text);
  }
  translator = createTranslator({ defaultLocale: "ru", directory: dir });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("createTranslator", () => {
  it("translates with variables", () => {
    expect(translator.forLocale("en")("hello", { name: "Anna" })).toBe("Hello, Anna!");
    expect(translator.forLocale("ru")("hello", { name: "Анна" })).toBe("Привет, Анна!");
  });

  it("HTML-escapes string variables", () => {
    expect(translator.forLocale("en")("hello", { name: "<b>&" })).toBe("Hello, &lt;b&gt;&amp;!");
    expect(translator.forLocale("en")("hello", { name: `<b>Anna & "Co"</b>` })).toBe(
      "Hello, &lt;b&gt;Anna &amp; &quot;Co&quot;&lt;/b&gt;!",
    );
  });

  it("inserts TrustedHtml as is", () => {
    expect(translator.forLocale("en")("hello", { name: trusted("<b>Anna</b>") })).toBe("Hello, <b>Anna</b>!");
  });

  it("inserts numbers, and null/undefined as empty text", () => {
    expect(translator.forLocale("en")("items", { count: 3 })).toBe("3 items");
    expect(translator.forLocale("en")("hello", { name: null })).toBe("Hello, !");
    expect(translator.forLocale("en")("hello", { name: undefined })).toBe("Hello, !");
  });

  it("puts no Unicode isolation marks around variables", () => {
    const out = translator.forLocale("ru")("hello", { name: "Анна" }) + translator.forLocale("en")("items", { count: 2 });
    expect(out).not.toMatch(/[\u2068\u2069]/);
  });

  it("falls back to the default locale for an unknown locale", () => {
    expect(translator.forLocale("de")("hello", { name: "A" })).toBe("Привет, A!");
    expect(translator.forLocale("")("hello", { name: "A" })).toBe("Привет, A!");
  });

  it("reports a message without variables as present", () => {
    expect(translator.has("ru", "only-ru")).toBe(true);
  });

  // BUG, src/bot/i18n.ts `has()` (line 70-72): it calls i18n.fluent.translate(locale, key) and
  // compares the result with `key`, but @grammyjs/i18n (1) formats the message without
  // variables, so any message with a { $variable } throws "ReferenceError: Unknown variable",
  // (2) returns "{key}", not "key", for a missing message, so has() is true for every key, and
  // (3) falls back to the default locale's bundle, so a key missing from "en" but present in
  // "ru" counts as present in "en". has() is unused in src today; expected: look the message
  // up in that locale's own bundle, e.g. i18n.fluent.matchBundles / bundle.hasMessage(key).
  it.fails("reports a message with variables as present (throws today)", () => {
    expect(translator.has("en", "hello")).toBe(true);
  });

  it.fails("reports a missing message as absent", () => {
    expect(translator.has("en", "no-such-key")).toBe(false);
  });

  it.fails("reports a message only the default locale has as absent from the other locale", () => {
    expect(translator.has("en", "only-ru")).toBe(false);
  });

  it("exposes its locales and default", () => {
    expect(translator.locales).toEqual(["ru", "en"]);
    expect(translator.defaultLocale).toBe("ru");
  });

  describe("fromTelegram", () => {
    it.each([
      ["en", "en"],
      ["en-US", "en"],
      ["EN-gb", "en"],
      ["ru", "ru"],
      ["ru-RU", "ru"],
      ["uk", "ru"],
      ["be", "ru"],
      ["kk", "ru"],
    ] as const)("maps %j to %j", (code, locale) => {
      expect(translator.fromTelegram(code)).toBe(locale);
    });

    it("maps anything else to the default locale", () => {
      const english = createTranslator({ defaultLocale: "en", directory: dir });
      expect(english.fromTelegram("de")).toBe("en");
      expect(english.fromTelegram(undefined)).toBe("en");
      expect(english.fromTelegram("")).toBe("en");
      expect(translator.fromTelegram("de")).toBe("ru");
    });
  });
});
