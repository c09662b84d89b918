// The digest's text (digestText in src/features/digests/digests.jobs.ts) with hostile
// titles: it must be HTML Telegram accepts (checked with the same parser as the Bot
// API fake), show titles as typed, link every item, and fit one message.
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { DIGEST_TEXT_MAX, DIGEST_TITLE_MAX, digestText, type DigestTextInput } from "../../src/features/digests/digests.jobs.js";
import type { DigestContent } from "../../src/features/digests/digests.repository.js";
import { parseTelegramHtml } from "../support/bot-api-fake.js";

const translator = createTranslator({ defaultLocale: "ru" });
const WEEK = { from: new Date("2026-11-30T07:00:00Z"), to: new Date("2026-12-07T07:00:00Z") };
const HOSTILE = ["<b>Дроби</b>", "A & B", '</a><a href="https://evil.example">', "&amp; уже экранировано", "\"кавычки\" и 'апострофы'", "<script>alert(1)</script>"];

function content(materials: number, events: number, title: (i: number) => string): DigestContent {
  return {
    materials: Array.from({ length: Math.min(materials, 10) }, (_, i) => ({
      id: 1000 + i,
      title: title(i),
      subjectCode: "math",
      gradeCodes: ["7"],
      type: "WORKSHEET" as const,
    })),
    materialCount: materials,
    events: Array.from({ length: Math.min(events, 5) }, (_, i) => ({ id: 2000 + i, title: title(i), startsAt: new Date(`2026-12-1${i}T15:00:00Z`) })),
    eventCount: events,
  };
}

function render(over: Partial<DigestTextInput> & { content: DigestContent }): string {
  const locale = over.locale ?? "ru";
  return digestText({
    t: translator.forLocale(locale),
    locale,
    timezone: "Europe/Moscow",
    frequency: "WEEKLY",
    window: WEEK,
    botUsername: "teachers_test_bot",
    subjectName: () => (locale === "en" ? "Mathematics" : "Математика"),
    ...over,
  });
}

/** The links of the message, as Telegram would make them. */
function links(html: string): string[] {
  return parseTelegramHtml(html)
    .entities.filter((e) => e.type === "text_link")
    .map((e) => (e as { url: string }).url);
}

describe("digestText", () => {
  it.each(["ru", "en"])("is valid Telegram HTML with hostile 200-character titles, which show as typed (%s)", (locale) => {
    const title = (i: number) => `${HOSTILE[i % HOSTILE.length]} ${"Ж&<".repeat(70)}`.slice(0, 200);
    const html = render({ locale, content: content(25, 9, title) });
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    // Titles come out as text (cut to DIGEST_TITLE_MAX with an ellipsis), never as markup.
    expect(parsed.text).toContain(`1. ${title(0).slice(0, DIGEST_TITLE_MAX - 1)}…`);
    expect(parsed.text).toContain("<script>alert(1)</script>");
    expect(parsed.entities.filter((e) => e.type === "bold").length).toBe(3);
    // Exactly one link per item shown, each a deep link into the bot.
    expect(links(html)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `https://t.me/teachers_test_bot?start=m_${1000 + i}`),
      ...Array.from({ length: 5 }, (_, i) => `https://t.me/teachers_test_bot?start=e_${2000 + i}`),
    ]);
    expect(parsed.text).toContain(locale === "en" ? "…and 15 more in /library" : "…и ещё 15 материалов — в /library");
    expect(parsed.text).toContain(locale === "en" ? "…and 4 more in /events" : "…и ещё 4 мероприятия — в /events");
  });

  it("names the period: a week, a day, or 'since' for any other window", () => {
    const c = content(1, 0, () => "Дроби");
    expect(parseTelegramHtml(render({ content: c })).text).toContain("Новое за неделю");
    const day = { from: new Date("2026-12-06T07:00:00Z"), to: WEEK.to };
    expect(parseTelegramHtml(render({ content: c, frequency: "DAILY", window: day })).text).toContain("Новое за день");
    const long = { from: new Date("2026-11-16T07:00:00Z"), to: WEEK.to };
    expect(parseTelegramHtml(render({ content: c, window: long })).text).toContain("Новое по вашим предметам с 16 ноября 2026, 10:00 (Europe/Moscow, UTC+3)");
  });

  it("leaves out a section with nothing in it, and says 'more' only when there is more", () => {
    const text = parseTelegramHtml(render({ content: content(0, 2, (i) => `Событие ${i}`) })).text;
    expect(text).not.toContain("Новые материалы");
    expect(text).toContain("Новые мероприятия (2)");
    expect(text).not.toContain("ещё");
    expect(text).toContain("Событие 1 — 11 декабря 2026, 18:00 (Europe/Moscow, UTC+3)");
  });

  it("drops lines from the end until the text fits, and counts them in 'more'", () => {
    // Subject names are ours, but a catalogue with very long ones must not break the limit.
    const html = render({ content: content(10, 5, (i) => `Материал ${i}`), subjectName: () => "Очень длинный предмет ".repeat(30) });
    const text = parseTelegramHtml(html).text;
    expect(text.length).toBeLessThanOrEqual(DIGEST_TEXT_MAX);
    const shown = links(html).filter((url) => url.includes("start=m_")).length;
    expect(shown).toBeLessThan(10);
    const more = 10 - shown;
    expect(text).toContain(`…и ещё ${more} материал`);
  });
});
