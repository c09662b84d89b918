// The public pages of documents (issue 12) as HTML: facts, status, masking,
// escaping, language negotiation and the CSP hash of the inline style.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import {
  negotiateLocale,
  notFoundPage,
  PAGE_CSP,
  PAGE_STYLE,
  PAGE_STYLE_HASH,
  portfolioPage,
  rateLimitedPage,
  verificationPage,
  type PageContext,
} from "../../src/features/certificates/certificates.page.js";
import { DOCUMENT_KINDS, type VerificationView } from "../../src/features/certificates/certificates.types.js";
import type { Locale } from "../../src/shared/locale.js";

const translator = createTranslator({ defaultLocale: "ru" });
const ctx = (locale: Locale = "ru"): PageContext => ({ t: translator.forLocale(locale), locale, communityName: "Сеть учителей", timeZone: "Europe/Moscow" });
const SHA = "0123456789abcdef".repeat(4);

const view = (over: Partial<VerificationView> = {}): VerificationView => ({
  kind: "PARTICIPATION",
  number: "У-2026-000042",
  code: "ABCDEFGHJK",
  title: "Вебинар «Функциональная грамотность»",
  details: { kind: "PARTICIPATION", eventId: 5, eventKind: "WEBINAR", startsAt: "2026-03-10T12:00:00Z", timezone: "Europe/Moscow" },
  hours: 2,
  issuedAt: new Date("2026-03-10T20:30:00Z"),
  sha256: SHA,
  status: "valid",
  revokedAt: null,
  revokedCause: null,
  revokedReason: null,
  replacedByNumber: null,
  holderName: "Анна Петровна Иванова",
  holderErased: false,
  nameMasked: false,
  ...over,
});

/** The page's visible text, tags removed and entities decoded (enough for these checks). */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("verification page", () => {
  it("shows a valid document's facts with a green mark", () => {
    const page = verificationPage(view(), ctx());
    expect(page.status).toBe(200);
    expect(page.body).toContain('class="status ok"');
    expect(page.body).toContain("✓");
    const body = text(page.body);
    expect(body).toContain("Документ действителен");
    expect(body).toContain("Сертификат участника");
    expect(body).toContain("Вебинар «Функциональная грамотность»");
    expect(body).toContain("Анна Петровна Иванова");
    expect(body).toContain("10 марта 2026 г.");
    expect(body).toContain("2 академических часа");
    expect(body).toContain("У-2026-000042");
    expect(page.body).toContain(`<dd class="hash">${SHA}</dd>`);
    expect(body).not.toContain("отозван");
    expect(body).not.toContain("скрыто");
  });

  it("names every kind of document", () => {
    const names = DOCUMENT_KINDS.map((kind) => {
      const m = /<dt>Вид документа<\/dt><dd>([^<]+)<\/dd>/.exec(verificationPage(view({ kind }), ctx()).body);
      return m?.[1];
    });
    expect(names).toEqual([
      "Справка о размещении материала",
      "Сертификат участника",
      "Сертификат спикера",
      "Диплом",
      "Сертификат члена жюри",
      "Протокол подведения итогов конкурса",
    ]);
  });

  it("shows a diploma's contest, nomination and degree (the audience prize by its name, without a place)", () => {
    const diploma = (degree: "WINNER" | "PRIZE_WINNER" | "PARTICIPANT" | "AUDIENCE", place?: number, locale: Locale = "ru") =>
      text(
        verificationPage(
          view({
            kind: "DIPLOMA",
            hours: null,
            title: "Путешествие в мир дробей",
            details: { kind: "DIPLOMA", contestId: 3, contestTitle: "Лучший урок <весны>", nomination: "Начальная школа", degree, ...(place ? { place } : {}) },
          }),
          ctx(locale),
        ).body,
      );
    const audience = diploma("AUDIENCE");
    expect(audience).toContain("Конкурс Лучший урок <весны>");
    expect(audience).toContain("Номинация Начальная школа");
    expect(audience).toContain("Результат Приз зрительских симпатий");
    expect(audience).not.toContain("место");
    expect(diploma("WINNER", 1)).toContain("Результат Победитель (1 место)");
    expect(diploma("PRIZE_WINNER", 3)).toContain("Результат Призёр (3 место)");
    expect(diploma("PARTICIPANT")).toContain("Результат Участник");
    expect(diploma("AUDIENCE", undefined, "en")).toContain("Result Audience Choice Award");
    expect(diploma("PRIZE_WINNER", 2, "en")).toContain("Result Prize-winner (place 2)");
  });

  it("shows the jury role and a protocol's counts and confirmation date", () => {
    const chair = text(
      verificationPage(
        view({ kind: "JURY", hours: null, title: "Лучший урок", details: { kind: "JURY", contestId: 3, contestTitle: "Лучший урок", chair: true } }),
        ctx(),
      ).body,
    );
    expect(chair).toContain("Роль Председатель жюри");
    // The title already names the contest: not said twice.
    expect(chair).not.toContain("Конкурс Лучший урок");
    const protocol = text(
      verificationPage(
        view({
          kind: "PROTOCOL",
          hours: null,
          title: "Лучший урок",
          details: { kind: "PROTOCOL", contestId: 3, contestTitle: "Лучший урок", entries: 40, admitted: 37, disqualified: 2, confirmedAt: "2026-04-01T21:30:00Z" },
        }),
        ctx(),
      ).body,
    );
    expect(protocol).toContain("Протокол подведения итогов конкурса");
    expect(protocol).toContain("Работы принято 40, допущено 37, дисквалифицировано 2");
    // In the community's zone (Moscow): 2 April.
    expect(protocol).toContain("Итоги утверждены 2 апреля 2026");
  });

  it("shows a revoked document in red with the date, the reason and its replacement", () => {
    const page = verificationPage(
      view({
        status: "revoked",
        revokedAt: new Date("2026-04-01T09:00:00Z"),
        revokedCause: "replaced",
        revokedReason: "Ошибка в ФИО",
        replacedByNumber: "У-2026-000077",
      }),
      ctx(),
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('class="status bad"');
    expect(page.body).toContain("✕");
    const body = text(page.body);
    expect(body).toContain("Документ отозван");
    expect(body).toContain("Дата отзыва 1 апреля 2026 г.");
    expect(body).toContain("Причина Выдан новый документ взамен этого «Ошибка в ФИО»");
    expect(body).toContain("Заменён документом № У-2026-000077");
    expect(body).not.toContain("действителен");
  });

  it("names each cause of revocation in the page's language, with or without the reason's own words", () => {
    const causes = ["material-unpublished", "material-deleted", "checkin-annulled", "replaced", "admin"] as const;
    const ru = causes.map(
      (revokedCause) => /<dt>Причина<\/dt><dd>([^<]+)<\/dd>/.exec(verificationPage(view({ status: "revoked", revokedAt: new Date(), revokedCause }), ctx()).body)?.[1],
    );
    expect(ru).toEqual([
      "Материал снят с публикации",
      "Материал удалён",
      "Участие в мероприятии не подтверждено",
      "Выдан новый документ взамен этого",
      "Отозван администратором сообщества",
    ]);
    const en = text(verificationPage(view({ status: "revoked", revokedAt: new Date(), revokedCause: "material-unpublished" }), ctx("en")).body);
    expect(en).toContain("Reason The material was unpublished");
    // Words without a cause are still shown; neither: no row.
    expect(text(verificationPage(view({ status: "revoked", revokedAt: new Date(), revokedReason: "Дубликат" }), ctx()).body)).toContain("Причина Дубликат");
    expect(verificationPage(view({ status: "revoked", revokedAt: new Date() }), ctx()).body).not.toContain("Причина");
  });

  it("shows a masked name as given, with a note", () => {
    const body = text(verificationPage(view({ holderName: "Анна И.", nameMasked: true }), ctx()).body);
    expect(body).toContain("Анна И.");
    expect(body).toContain("Полное имя скрыто по желанию владельца");
    expect(body).not.toContain("Иванова");
  });

  it("says the holder's data are erased, naming nobody", () => {
    for (const erased of [view({ holderName: null, holderErased: true }), view({ holderName: "should not show", holderErased: true })]) {
      const body = text(verificationPage(erased, ctx()).body);
      expect(body).toContain("Данные владельца удалены");
      expect(body).not.toContain("should not show");
    }
    expect(text(verificationPage(view({ holderName: null, holderErased: true }), ctx("en")).body)).toContain("Holder's data erased");
  });

  it("leaves out hours when there are none and says when the PDF is still being made", () => {
    const body = text(verificationPage(view({ hours: null, sha256: null }), ctx()).body);
    expect(body).not.toContain("Объём");
    expect(body).toContain("Файл документа ещё готовится");
  });

  it('escapes <b>&" in the title, the reason, the name and the numbers', () => {
    const evil = '<b>&"x</b><script>alert(1)</script>';
    const page = verificationPage(
      view({ title: evil, revokedCause: "admin", revokedReason: evil, holderName: evil, status: "revoked", revokedAt: new Date(), number: evil, replacedByNumber: evil }),
      ctx(),
    );
    expect(page.body).not.toContain("<b>");
    expect(page.body).not.toContain("<script>");
    expect(page.body).not.toMatch(/&"x/);
    expect(page.body.split("&lt;b&gt;&amp;&quot;x&lt;/b&gt;").length - 1).toBeGreaterThanOrEqual(5);
    const portfolio = portfolioPage({ holderName: evil, nameMasked: false, documents: [view({ title: evil, number: evil })] }, ctx());
    expect(portfolio.body).not.toContain("<b>");
    expect(portfolio.body).not.toContain("<script>");
  });

  it("speaks English", () => {
    const page = verificationPage(view({ status: "revoked", revokedAt: new Date("2026-04-01T09:00:00Z"), revokedReason: "Typo" }), ctx("en"));
    expect(page.headers["content-language"]).toBe("en");
    expect(page.body).toContain('<html lang="en">');
    const body = text(page.body);
    expect(body).toContain("Document revoked");
    expect(body).toContain("Certificate of participation");
    expect(body).toContain("2 academic hours");
    expect(body).toContain("1 April 2026");
  });
});

describe("portfolio page", () => {
  it("lists the documents, each linking to its verification page", () => {
    const page = portfolioPage(
      {
        holderName: "Анна Иванова",
        nameMasked: false,
        documents: [view(), view({ kind: "PUBLICATION", code: "ZZZZZZZZZZ22", number: "П-2026-000001", title: "Конспект урока", hours: null })],
      },
      ctx(),
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/v/ABCDEFGHJK"');
    expect(page.body).toContain('href="/v/ZZZZZZZZZZ22"');
    const body = text(page.body);
    expect(body).toContain("Анна Иванова");
    expect(body).toContain("Действительных документов: 2");
    expect(body).toContain("Справка о размещении материала · № П-2026-000001");
    expect(body).toContain("Конспект урока");
  });

  it("has a text for no documents", () => {
    expect(text(portfolioPage({ holderName: "А. И.", nameMasked: true, documents: [] }, ctx()).body)).toContain("Действительных документов пока нет.");
  });
});

describe("other pages", () => {
  it("404 tells nothing about what was asked", () => {
    const page = notFoundPage(ctx());
    expect(page.status).toBe(404);
    expect(text(page.body)).toContain("Не найдено");
  });

  it("429 says how long to wait", () => {
    const page = rateLimitedPage(ctx("en"), 17);
    expect(page.status).toBe(429);
    expect(page.headers["retry-after"]).toBe("17");
    expect(text(page.body)).toContain("Wait 17 s");
  });
});

describe("headers and CSP", () => {
  it("allows exactly the page's <style> by its SHA-256", () => {
    const page = verificationPage(view(), ctx());
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.body)![1]!;
    expect(style).toBe(PAGE_STYLE);
    const hash = `sha256-${createHash("sha256").update(style, "utf8").digest("base64")}`;
    expect(PAGE_STYLE_HASH).toBe(hash);
    expect(page.headers["content-security-policy"]).toBe(
      `default-src 'none'; style-src '${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(PAGE_CSP).toBe(page.headers["content-security-policy"]);
    // One style element, no scripts, no inline style attributes (the hash does not cover those).
    expect(page.body.match(/<style/g)).toHaveLength(1);
    expect(page.body).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  });

  it("sends the privacy and caching headers and the robots meta", () => {
    const page = notFoundPage(ctx());
    expect(page.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "content-language": "ru",
      "x-robots-tag": "noindex, nofollow",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    });
    expect(page.body).toMatch(/<meta name="robots" content="noindex/);
    expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
});

describe("Accept-Language", () => {
  it.each([
    [undefined, "ru"],
    ["", "ru"],
    ["en", "en"],
    ["en-US,en;q=0.9", "en"],
    ["ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"],
    ["en;q=0.8, ru;q=0.9", "ru"],
    ["ru;q=0.5, en;q=0.9", "en"],
    ["de-DE, en;q=0.5", "en"],
    ["de-DE, fr;q=0.5", "ru"],
    ["fr, *;q=0.1", "ru"],
    ["EN-gb", "en"],
    ["uk, en;q=0.8", "ru"],
    ["en;q=0, ru;q=0.1", "ru"],
    ["en;q=0", "ru"],
    ["en;q=abc, ru;q=0.2", "ru"],
    ["en ; q = 0.7 , ru ; q = 0.6", "en"],
    ["ru, en", "ru"],
    ["en, ru", "en"],
    [";;;,,,=", "ru"],
  ] as const)("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
