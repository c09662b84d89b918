// The chat texts of documents (certificates.render.ts): a contest's documents say
// the contest, the nomination and the degree (the audience prize by its name,
// never as a place), the jury role, and a protocol's counts; in ru and en.
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { documentIssuer } from "../../src/features/certificates/certificates.documents.js";
import { cardText, listText, verificationText } from "../../src/features/certificates/certificates.render.js";
import type { DocumentDetails, DocumentKind, DocumentView, VerificationView } from "../../src/features/certificates/certificates.types.js";

const translator = createTranslator({ defaultLocale: "ru" });
const ru = translator.forLocale("ru");
const en = translator.forLocale("en");
const ZONE = "Europe/Moscow";

function doc(kind: DocumentKind, details: DocumentDetails, title = "Путешествие в мир дробей"): DocumentView {
  return {
    id: 1,
    kind,
    number: "Д-2026-000007",
    code: "ABCD2345EF",
    holderId: 7,
    source: "contest:3:entry:5",
    holderName: "Иванова Мария Петровна",
    holderPosition: null,
    holderSchool: null,
    title,
    details,
    hours: null,
    issuedAt: new Date("2026-04-05T06:00:00Z"),
    sha256: null,
    fileSize: null,
    fileId: null,
    renderedAt: null,
    notifiedAt: null,
    revokedAt: null,
    revokedCause: null,
    revokedReason: null,
    replacedByNumber: null,
    holderErasedAt: null,
  };
}

const diploma = (degree: "WINNER" | "PRIZE_WINNER" | "PARTICIPANT" | "AUDIENCE", place?: number) =>
  doc("DIPLOMA", { kind: "DIPLOMA", contestId: 3, contestTitle: "Лучший урок <весны> & лета", nomination: "Начальная школа", degree, ...(place ? { place } : {}) });

function asVerification(d: DocumentView): VerificationView {
  return { ...d, status: "valid", holderErased: false, nameMasked: false };
}

describe("the card and the verification answer of a contest's documents", () => {
  it("name the contest, the nomination and the degree; the audience prize without a place", () => {
    const card = cardText(ru, diploma("AUDIENCE"), "https://edu.example.org/v/ABCD2345EF", ZONE);
    expect(card).toContain("<b>Диплом конкурса</b>");
    expect(card).toContain("Конкурс: «Лучший урок &lt;весны&gt; &amp; лета»");
    expect(card).toContain("Номинация: «Начальная школа»");
    expect(card).toContain("Результат: приз зрительских симпатий");
    expect(card).not.toContain("место");
    expect(cardText(ru, diploma("WINNER", 1), "u", ZONE)).toContain("Результат: победитель (1 место)");
    expect(cardText(ru, diploma("PRIZE_WINNER", 2), "u", ZONE)).toContain("Результат: призёр (2 место)");
    expect(cardText(ru, diploma("PARTICIPANT"), "u", ZONE)).toContain("Результат: участник");
    expect(cardText(en, diploma("AUDIENCE"), "u", ZONE)).toContain("Result: Audience Choice Award");
    expect(cardText(en, diploma("WINNER", 1), "u", ZONE)).toContain("Result: winner (place 1)");
    expect(verificationText(ru, asVerification(diploma("AUDIENCE")), "u", ZONE)).toContain("Результат: приз зрительских симпатий");
    // The portfolio's note of the same diploma.
    expect(ru("certificates-portfolio-note-diploma", { degree: "AUDIENCE", place: 0 })).toBe("приз зрительских симпатий");
  });

  it("name the jury chair, and a protocol's counts and confirmation date in the community's zone", () => {
    const jury = cardText(ru, doc("JURY", { kind: "JURY", contestId: 3, contestTitle: "Лучший урок", chair: true }, "Лучший урок"), "u", ZONE);
    expect(jury).toContain("Роль: председатель жюри");
    expect(jury).not.toContain("Конкурс:");
    expect(cardText(ru, doc("JURY", { kind: "JURY", contestId: 3, contestTitle: "Лучший урок" }, "Лучший урок"), "u", ZONE)).toContain("Роль: член жюри");
    const details: DocumentDetails = {
      kind: "PROTOCOL",
      contestId: 3,
      contestTitle: "Лучший урок",
      entries: 40,
      admitted: 37,
      disqualified: 2,
      confirmedAt: "2026-04-01T21:30:00Z",
    };
    const protocol = cardText(ru, doc("PROTOCOL", details, "Лучший урок"), "u", ZONE);
    expect(protocol).toContain("<b>Протокол итогов конкурса</b>");
    expect(protocol).toContain("Работ принято: 40, допущено: 37, дисквалифицировано: 2");
    expect(protocol).toContain("Итоги утверждены председателем жюри: 02.04.2026");
    expect(cardText(en, doc("PROTOCOL", details, "Лучший урок"), "u", ZONE)).toContain("Entries received: 40, admitted: 37, disqualified: 2");
    expect(listText(ru, [doc("PROTOCOL", details, "Лучший урок")], 0, 1)).toContain("Протокол итогов конкурса");
  });
});

describe("the issuer by default", () => {
  it("names the community once: the default is a name, not the phrase the documents put before it", () => {
    const { communityName } = documentIssuer({}, translator);
    const head = ru("certificates-pdf-body-community", { community: communityName });
    expect(head).toBe("Сетевое педагогическое сообщество «Учительская сеть»");
    expect(ru("certificates-pdf-body-publication", { community: communityName, title: "Дроби" })).toBe(
      "разместил(а) в методической библиотеке сетевого педагогического сообщества «Учительская сеть» материал «Дроби»",
    );
    expect(documentIssuer({ communityName: "Школа цифры" }, translator).communityName).toBe("Школа цифры");
  });
});
