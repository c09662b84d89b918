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
  it("falls back to the default locale's text for a key missing in the member's locale, and shows {key} when none has it", () => {
    // The translate functions match the locale's bundles once (not on every call); the fallback must survive that.
    const en = translator.forLocale("en");
    expect(en("hello", { name: "Ann" })).toBe("Hello, Ann!");
    expect(en("only-ru")).toBe("Только по-русски");
    expect(en("no-such-key")).toBe("{no-such-key}");
  });

  it("translates with variables", () => {
    expect(translator.forLocale("en")("hello", { name: "Anna" })).toBe("Hello, Anna!");
    expect(translator.forLocale("ru")("hello", { name: "Анна" })).toBe("Привет, Анна!");
  });

  it("HTML-escapes string variables", () => {
    expect(translator.forLocale("en")("hello", { name: "<b>&" })).toBe("Hello, &lt;b&gt;&amp;!");
    expect(translator.forLocale("en")("hello", { name: `<b>Anna & "Co"</b>` })).toBe("Hello, &lt;b&gt;Anna &amp; &quot;Co&quot;&lt;/b&gt;!");
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
