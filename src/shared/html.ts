/**
 * HTML escaping for Telegram's parse_mode "HTML". The bot sends every message
 * with parse_mode HTML, and user-supplied text reaches messages only through
 * `ctx.t` variables, which this module escapes (see bot/i18n.ts).
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);
}

/** A fragment of HTML the bot built itself; `ctx.t` inserts it without escaping. */
export class TrustedHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function trusted(value: string): TrustedHtml {
  return new TrustedHtml(value);
}

/** Builds trusted HTML from a template, escaping every interpolated value that is not already trusted. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): TrustedHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += value instanceof TrustedHtml ? value.value : escapeHtml(String(value));
    out += strings[i + 1] ?? "";
  });
  return new TrustedHtml(out);
}

/** Length of a text as Telegram counts it after entity parsing (UTF-16 code units, tags removed). */
export function visibleLength(htmlText: string): number {
  return htmlText.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, "x").length;
}

/** Cuts plain (unescaped) text to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}
