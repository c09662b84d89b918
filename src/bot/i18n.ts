import { I18n } from "@grammyjs/i18n";
import type { FluentBundle, FluentVariable } from "@fluent/bundle";
import { escapeHtml, TrustedHtml } from "../shared/html.js";
import { localesDir } from "../shared/input-words.js";
import { LOCALES, type Locale } from "../shared/locale.js";

/** Values a translation may take; plain strings are HTML-escaped, TrustedHtml is inserted as is. */
export type TranslationValue = string | number | Date | TrustedHtml | null | undefined;
export type TranslationVars = Record<string, TranslationValue>;
/** Translates a key; the result is safe to send with parse_mode HTML. */
export type Translate = (key: string, vars?: TranslationVars) => string;

export interface Translator {
  i18n: I18n;
  locales: readonly Locale[];
  defaultLocale: Locale;
  /** A translate function for one locale. */
  forLocale(locale: string): Translate;
  /** Picks our locale for a Telegram language code. */
  fromTelegram(languageCode: string | undefined): Locale;
}

function toFluent(vars: TranslationVars | undefined): Record<string, FluentVariable> | undefined {
  if (!vars) return undefined;
  const out: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (v === null || v === undefined) out[k] = "";
    else if (v instanceof TrustedHtml) out[k] = v.value;
    else if (typeof v === "string") out[k] = escapeHtml(v);
    else out[k] = v;
  }
  return out;
}

/** The bundles @grammyjs/i18n would use for `locale`, best first (its `matchBundles`, private in its types). */
function matchBundles(i18n: I18n, locale: string): FluentBundle[] {
  const fluent = i18n.fluent as unknown as { matchBundles?: (locales: string[]) => Set<FluentBundle> };
  return typeof fluent.matchBundles === "function" ? [...fluent.matchBundles([locale])] : [];
}

export function createTranslator(options: { defaultLocale: Locale; directory?: string }): Translator {
  const i18n = new I18n({
    defaultLocale: options.defaultLocale,
    directory: options.directory ?? localesDir(),
    // Unicode isolation marks around variables would show up in Telegram as garbage.
    fluentBundleOptions: { useIsolating: false },
  });
  const cache = new Map<string, Translate>();
  const forLocale = (locale: string): Translate => {
    const key = (LOCALES as readonly string[]).includes(locale) ? locale : options.defaultLocale;
    let fn = cache.get(key);
    if (!fn) {
      const raw = i18n.fluent.withLocale(key);
      // @grammyjs/i18n negotiates the locale again on every call (a few µs
      // each, dozens of calls per update): the bundles are matched once here,
      // and the library's own path stays for what they lack (its warning and
      // "{key}" fallback, attributes).
      let bundles: FluentBundle[] | undefined;
      fn = (k, vars) => {
        bundles ??= matchBundles(i18n, key);
        const fluentVars = toFluent(vars);
        for (const bundle of bundles) {
          const value = bundle.getMessage(k)?.value;
          if (value) return bundle.formatPattern(value, fluentVars);
        }
        return raw(k, fluentVars);
      };
      cache.set(key, fn);
    }
    return fn;
  };
  return {
    i18n,
    locales: LOCALES,
    defaultLocale: options.defaultLocale,
    forLocale,
    fromTelegram(languageCode) {
      const lang = languageCode?.toLowerCase().split("-")[0];
      if (lang === "en") return "en";
      if (lang === "ru" || lang === "uk" || lang === "be" || lang === "kk") return "ru";
      return options.defaultLocale;
    },
  };
}
