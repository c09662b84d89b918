import { describe, expect, it } from "vitest";
import { escapeHtml, html, truncate, trusted, TrustedHtml, visibleLength } from "../../src/shared/html.js";

describe("escapeHtml", () => {
  it("escapes the characters Telegram's HTML parse mode reacts to", () => {
    expect(escapeHtml(`<b>Anna & "Co"</b>`)).toBe("&lt;b&gt;Anna &amp; &quot;Co&quot;&lt;/b&gt;");
  });

  it("escapes an existing entity again instead of trusting it", () => {
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
  });

  it("leaves Cyrillic, apostrophes and emoji untouched", () => {
    expect(escapeHtml("Анна О'Нил 😀")).toBe("Анна О'Нил 😀");
  });
});

describe("html template", () => {
  it("escapes untrusted values but keeps the template's own markup", () => {
    const name = `<b>Anna & "Co"</b>`;
    const out = html`<b>${name}</b>`;
    expect(out).toBeInstanceOf(TrustedHtml);
    expect(out.value).toBe("<b>&lt;b&gt;Anna &amp; &quot;Co&quot;&lt;/b&gt;</b>");
  });

  it("inserts TrustedHtml values as they are", () => {
    const inner = html`<i>${"a<b"}</i>`;
    expect(html`<b>${inner}</b> ${trusted("<u>x</u>")}`.value).toBe("<b><i>a&lt;b</i></b> <u>x</u>");
  });

  it("stringifies non-string values", () => {
    expect(html`${42} ${null} ${undefined} ${10n}`.value).toBe("42 null undefined 10");
  });

  it("works without interpolations and stringifies to its value", () => {
    expect(String(html`<b>plain</b>`)).toBe("<b>plain</b>");
  });
});

describe("truncate", () => {
  it("returns short text unchanged", () => {
    expect(truncate("Анна", 4)).toBe("Анна");
    expect(truncate("", 3)).toBe("");
  });

  it("cuts long text and ends with an ellipsis within the limit", () => {
    expect(truncate("Анна Петрова", 5)).toBe("Анна…");
    expect(Array.from(truncate("Анна Петрова", 5))).toHaveLength(5);
  });

  it("never splits a surrogate pair (astral characters, emoji)", () => {
    const text = "😀😀😀😀";
    const out = truncate(text, 3);
    expect(out).toBe("😀😀…");
    // No lone surrogates: the result round-trips through UTF-8 unchanged.
    expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
    expect(truncate("𝔄𝔅", 2)).toBe("𝔄𝔅");
  });

  it("keeps only the ellipsis when max is 1", () => {
    expect(truncate("abc", 1)).toBe("…");
  });
});

describe("visibleLength", () => {
  it("ignores tags", () => {
    expect(visibleLength('<b>Анна</b> <a href="https://t.me/x">link</a>')).toBe(9);
  });

  it("counts an entity as one character", () => {
    expect(visibleLength("a &amp; b &lt;&gt; &quot;x&quot; &#39; &#x41;")).toBe(16);
  });

  it("counts UTF-16 code units, as Telegram does", () => {
    expect(visibleLength("😀")).toBe(2);
  });

  it("agrees with escapeHtml: escaping does not change the visible length", () => {
    const raw = `<b>Anna & "Co"</b>`;
    expect(visibleLength(escapeHtml(raw))).toBe(raw.length);
  });
});
