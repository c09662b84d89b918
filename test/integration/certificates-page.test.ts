// The public verification pages (issue 12) end to end in a real browser: the
// app's HTTP server (createHttpServer with the certificates routes) on an
// ephemeral port, read by Debian's headless Chromium through playwright-core.
// What a reader of a QR code sees: the status and facts, masking and erasure,
// one 404 page for unknown and malformed codes, the 429 page, English for an
// English browser; and what the browser enforces: no CSP violation (the inline
// style's hash is right) and no script at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import http from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createHttpServer } from "../../src/http/server.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { certificatesHttpRoutes, certificatesModuleRoutes } from "../../src/features/certificates/certificates.http.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import { PAGE_CSP } from "../../src/features/certificates/certificates.page.js";
import type { PublicPortfolioView, VerificationView } from "../../src/features/certificates/certificates.types.js";
import { BotHarness } from "../support/bot-harness.js";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const translator = createTranslator({ defaultLocale: "ru" });

const fixture = (over: Partial<VerificationView>): VerificationView => ({
  kind: "PARTICIPATION",
  number: "У-2026-000042",
  code: "AAAAAAAAAA",
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

const DOCS: VerificationView[] = [
  fixture({ code: "VALIDFULL23", holderName: "Анна Петровна Иванова" }),
  fixture({ code: "MASKEDNAME22", number: "У-2026-000043", holderName: "Анна И.", nameMasked: true }),
  fixture({
    code: "REVOKEDDOC2",
    number: "Д-2026-000007",
    kind: "DIPLOMA",
    status: "revoked",
    revokedAt: new Date("2026-04-01T09:00:00Z"),
    revokedCause: "admin",
    revokedReason: 'Ошибка в ФИО <b>&"',
    replacedByNumber: "Д-2026-000008",
  }),
  fixture({ code: "ERASEDHOLDER", holderName: null, holderErased: true }),
  // A hostile title: it must arrive as text, never as markup or script.
  fixture({ code: "HOSTILETITLE", title: `<script>document.title="pwned"</script><img src=x onerror="document.title='pwned'"><b>&"` }),
];
const PORTFOLIO: PublicPortfolioView = { holderName: "Анна И.", nameMasked: true, documents: [DOCS[0]!, DOCS[1]!] };

let h: BotHarness;
let browser: Browser;
const servers: http.Server[] = [];
const lookups: string[] = [];
let base: string;

async function serve(
  perMinute: number,
  verify?: (code: string) => Promise<VerificationView | undefined>,
  failures?: { report(kind: string, error: unknown): void },
): Promise<string> {
  const routes = certificatesHttpRoutes({
    verify:
      verify ??
      (async (code) => {
        lookups.push(code);
        return DOCS.find((d) => d.code === code);
      }),
    failures,
    portfolio: async (slug) => (slug === "annaportfolio" ? PORTFOLIO : undefined),
    rateLimit: { perMinute },
    translator,
    communityName: "Сеть учителей",
    timeZone: "Europe/Moscow",
  });
  const server = createHttpServer({ container: h.container, routes });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await BotHarness.create();
  base = await serve(10_000);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await h?.close();
});

/** A page in a fresh browser context, recording console messages, page errors and every script V8 parsed for the page. */
async function open(locale = "ru-RU"): Promise<{ context: BrowserContext; page: Page; console: string[]; scripts: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const consoleMessages: string[] = [];
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleMessages.push(`pageerror: ${e.message}`));
  // Every script the page's documents run shows up as parsed with the document's URL
  // (inline scripts and event handlers too); playwright's own helpers have none.
  const scripts: string[] = [];
  const cdp = await context.newCDPSession(page);
  cdp.on("Debugger.scriptParsed", (e) => {
    if (e.url.startsWith("http")) scripts.push(e.url);
  });
  await cdp.send("Debugger.enable");
  return { context, page, console: consoleMessages, scripts };
}

async function visit(path: string, locale = "ru-RU") {
  const tab = await open(locale);
  const response = await tab.page.goto(`${base}${path}`);
  const text = await tab.page.locator("body").innerText();
  const headers = response!.headers();
  const body = await response!.text();
  const title = await tab.page.title();
  await tab.context.close();
  return { status: response!.status(), headers, body, text, title, console: tab.console, scripts: tab.scripts };
}

/** The computed background of the status banner (the tsconfig has no DOM types: the expression is a string). */
const bannerColour = (page: Page) => page.evaluate<string>('getComputedStyle(document.querySelector("header.status")).backgroundColor');

/**
 * Nothing a well-behaved page would make the browser say: no CSP violation
 * ("Applying inline style violates … Content Security Policy"), no error, no script. The one message
 * allowed is Chromium's note that the document itself came with an error
 * status (404, 429): the page was meant to.
 */
function expectClean(result: { console: string[]; scripts: string[] }): void {
  const own = /^error: Failed to load resource: the server responded with a status of (404|429) /;
  expect(result.console.filter((m) => !own.test(m))).toEqual([]);
  expect(result.console.join("\n")).not.toMatch(/Content Security Policy|Refused to/i);
  expect(result.scripts).toEqual([]);
}

describe("the verification page in a browser", () => {
  // The checks below would pass vacuously if the recorders heard nothing: a page with a
  // script and a style the hash does not cover must be caught by both.
  it("the recorders catch a script (without CSP) and a CSP violation (a style the hash does not cover)", async () => {
    const bad = http.createServer((req, res) => {
      const strict = req.url === "/strict";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...(strict ? { "content-security-policy": PAGE_CSP } : {}) });
      res.end(strict ? "<!doctype html><style>body{color:red}</style><p>x</p>" : "<!doctype html><script>document.title='ran'</script><p>x</p>");
    });
    await new Promise<void>((resolve) => bad.listen(0, "127.0.0.1", resolve));
    servers.push(bad);
    const badBase = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    const tab = await open();
    await tab.page.goto(`${badBase}/script`);
    expect(await tab.page.title()).toBe("ran");
    expect(tab.scripts).toEqual([`${badBase}/script`]);
    await tab.page.goto(`${badBase}/strict`);
    await tab.context.close();
    expect(tab.console.join("\n")).toMatch(/inline style violates the following Content Security Policy/);
  });

  it("shows a valid document with the consented full name, the hash and strict headers", async () => {
    const r = await visit("/v/VALIDFULL23");
    expect(r.status).toBe(200);
    expect(r.text).toContain("Документ действителен");
    expect(r.text).toContain("Анна Петровна Иванова");
    expect(r.text).toContain("Сертификат участника");
    expect(r.text).toContain("Вебинар «Функциональная грамотность»");
    expect(r.text).toContain("10 марта 2026 г.");
    expect(r.text).toContain("2 академических часа");
    expect(r.text).toContain("У-2026-000042");
    expect(r.text).toContain(SHA);
    expect(r.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "content-language": "ru",
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    expect(r.headers["content-security-policy"]).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
    expectClean(r);
  });

  it("applies the inline style (its hash matches): the valid banner is green", async () => {
    const tab = await open();
    await tab.page.goto(`${base}/v/VALIDFULL23`);
    const background = await bannerColour(tab.page);
    await tab.context.close();
    expect(background).toBe("rgb(21, 128, 61)");
    expectClean(tab);
  });

  it("accepts a lowercase code", async () => {
    const r = await visit("/v/validfull23");
    expect(r.status).toBe(200);
    expect(r.text).toContain("У-2026-000042");
  });

  it("shows a revoked document in red with the date, the escaped reason and its replacement", async () => {
    const tab = await open();
    const response = await tab.page.goto(`${base}/v/REVOKEDDOC2`);
    expect(response!.status()).toBe(200);
    const text = await tab.page.locator("body").innerText();
    const background = await bannerColour(tab.page);
    const bold = await tab.page.locator("main b").count();
    await tab.context.close();
    expect(background).toBe("rgb(185, 28, 28)");
    expect(text).toContain("Документ отозван");
    expect(text).not.toContain("действителен");
    expect(text).toContain("1 апреля 2026 г.");
    expect(text).toContain("Отозван администратором сообщества");
    expect(text).toContain('«Ошибка в ФИО <b>&"»');
    expect(bold).toBe(0);
    expect(text).toContain("Заменён документом № Д-2026-000008");
    expect(text).toContain("Диплом");
    expectClean(tab);
  });

  it("shows a masked name as the service gave it, with a note", async () => {
    const r = await visit("/v/MASKEDNAME22");
    expect(r.text).toContain("Анна И.");
    expect(r.text).toContain("Полное имя скрыто по желанию владельца");
    expect(r.text).not.toContain("Иванова");
    expectClean(r);
  });

  it("says the holder's data were erased", async () => {
    const r = await visit("/v/ERASEDHOLDER");
    expect(r.status).toBe(200);
    expect(r.text).toContain("Данные владельца удалены");
    expectClean(r);
  });

  it("runs no script, even from a hostile title: it is shown as text", async () => {
    const r = await visit("/v/HOSTILETITLE");
    expect(r.title).not.toBe("pwned");
    expect(r.text).toContain(`<script>document.title="pwned"</script>`);
    expect(r.body).not.toMatch(/<script|<img/i);
    expectClean(r);
  });

  it("answers an unknown and a malformed code with the same 404 page, the malformed one without a lookup", async () => {
    const before = lookups.length;
    const unknown = await visit("/v/ZZZZZZZZZZ");
    expect(lookups.slice(before)).toEqual(["ZZZZZZZZZZ"]);
    const malformed = [await visit("/v/not-a-code!"), await visit("/v/AAAA"), await visit("/v/AAAAAAAAAA189"), await visit("/v/AAAAAAAAAA/x"), await visit("/v")];
    expect(lookups.length).toBe(before + 1);
    for (const r of [unknown, ...malformed]) {
      expect(r.status).toBe(404);
      expect(r.body).toBe(unknown.body);
      expect(r.headers["cache-control"]).toBe("no-store");
      expectClean(r);
    }
    expect(unknown.text).toContain("Не найдено");
  });

  it("speaks English to an English browser", async () => {
    const r = await visit("/v/REVOKEDDOC2", "en-US");
    expect(r.headers["content-language"]).toBe("en");
    expect(r.text).toContain("Document revoked");
    expect(r.text).toContain("Diploma");
    expect(r.text).toContain("1 April 2026");
    expect(r.text).toContain("Replaced by document No. Д-2026-000008");
    const notFound = await visit("/v/ZZZZZZZZZZ", "en-US");
    expect(notFound.text).toContain("Not found");
    expectClean(r);
  });

  it("shows the public portfolio, whose links open the documents' pages", async () => {
    const tab = await open();
    const response = await tab.page.goto(`${base}/p/annaportfolio`);
    expect(response!.status()).toBe(200);
    const text = await tab.page.locator("body").innerText();
    expect(text).toContain("Анна И.");
    expect(text).toContain("Действительных документов: 2");
    await tab.page.locator('a[href="/v/MASKEDNAME22"]').click();
    await tab.page.waitForURL(`${base}/v/MASKEDNAME22`);
    expect(await tab.page.locator("h1").innerText()).toBe("Документ действителен");
    const missing = await tab.page.goto(`${base}/p/nobodyhere`);
    expect(missing!.status()).toBe(404);
    const malformed = await tab.page.goto(`${base}/p/Short`);
    expect(malformed!.status()).toBe(404);
    await tab.context.close();
    expectClean(tab);
  });

  it("answers 429 with Retry-After and a page in the reader's language once an address used its budget", async () => {
    const limitedBase = await serve(3);
    const tab = await open("en-US");
    for (let i = 0; i < 3; i++) expect((await tab.page.goto(`${limitedBase}/v/VALIDFULL23`))!.status()).toBe(200);
    const before = lookups.length;
    const refused = await tab.page.goto(`${limitedBase}/v/VALIDFULL23`);
    expect(refused!.status()).toBe(429);
    expect(Number(refused!.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(await tab.page.locator("h1").innerText()).toBe("Too many requests");
    // Malformed codes count too, and a refused request reads nothing.
    expect((await tab.page.goto(`${limitedBase}/v/x`))!.status()).toBe(429);
    expect(lookups.length).toBe(before);
    await tab.context.close();
    expectClean(tab);
  });

  it("answers HEAD with the headers only", async () => {
    const res = await fetch(`${base}/v/VALIDFULL23`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(await res.text()).toBe("");
  });

  it("answers a failed lookup (PostgreSQL down) with a 503 page in the reader's language, and logs it", async () => {
    const reported: string[] = [];
    const failingBase = await serve(
      100,
      async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
      { report: (kind) => reported.push(kind) },
    );
    const r = await fetch(`${failingBase}/v/VALIDFULL23`, { headers: { "accept-language": "en" } });
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("60");
    const body = await r.text();
    expect(body).toContain("Verification is temporarily unavailable");
    expect(body).not.toContain("ECONNREFUSED");
    expect(reported).toEqual(["public page /v: lookup failed"]);
  });

  it("leaves the server's own endpoints alone and answers 404 for /v without routes", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const bare = createHttpServer({ container: h.container });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    servers.push(bare);
    const res = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/v/VALIDFULL23`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("Not found");
  });
});

// The same pages on rows in PostgreSQL, through CertificatesService (verify,
// publicPortfolio) wired as the slice's module wires them (certificatesModuleRoutes).
describe("the verification page on PostgreSQL through CertificatesService", () => {
  let dbBase: string;
  let admin: MemberState;
  let consenting: MemberState;
  let plain: MemberState;
  const codes: Record<string, string> = {};
  let slug: string;

  async function member(telegramId: bigint, fullName: string, role: MemberRole = "MEMBER"): Promise<MemberState> {
    const row = await h.container.prisma.member.create({
      data: {
        telegramId,
        role,
        registeredAt: new Date("2026-01-10T10:00:00Z"),
        consentStatus: "GIVEN",
        profile: { create: { fullName, professionalRole: "TEACHER", regionCode: "RU-MOW", city: "Москва", experienceYears: 5, timezone: "Europe/Moscow" } },
      },
      select: { id: true },
    });
    return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered: true, username: null };
  }

  beforeAll(async () => {
    const { certificates } = h.container.services;
    admin = await member(7_500_000_001n, "Смирнова Алла Викторовна", "ADMIN");
    consenting = await member(7_500_000_002n, "Петрова Мария Ивановна");
    plain = await member(7_500_000_003n, "Иванова Анна Петровна");
    const issue = async (holder: MemberState, source: string, title: string) => {
      const [id] = await certificates.issue([
        {
          kind: "PARTICIPATION",
          holderId: holder.id,
          source,
          title,
          details: { kind: "PARTICIPATION", eventId: 1, eventKind: "WEBINAR", startsAt: "2026-03-10T12:00:00Z", timezone: "Europe/Moscow" },
          hours: 4,
        },
      ]);
      return (await h.container.prisma.document.findUniqueOrThrow({ where: { id: id! }, select: { code: true } })).code;
    };
    codes.consented = await issue(consenting, "event:1", "Семинар «Проектная деятельность»");
    codes.plain = await issue(plain, "event:1", "Семинар «Проектная деятельность»");
    codes.second = await issue(plain, "event:2", "Вебинар <b>«Дроби»</b> & проценты");
    codes.revoked = await issue(plain, "event:3", "Мастер-класс «Оценивание»");
    await certificates.setNameConsent(consenting, true);
    slug = (await certificates.setPublicPortfolio(plain, true))!;
    await certificates.revoke(admin, codes.revoked, "Участница не присутствовала <i>");
    const routes = certificatesModuleRoutes(h.container);
    const server = createHttpServer({ container: h.container, routes });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    dbBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  async function read(path: string, locale = "ru-RU") {
    const tab = await open(locale);
    const response = await tab.page.goto(`${dbBase}${path}`);
    const text = await tab.page.locator("body").innerText();
    await tab.context.close();
    expectClean(tab);
    return { status: response!.status(), text };
  }

  it("shows the full name of a holder who consented, and the masked name of one who did not", async () => {
    const full = await read(`/v/${codes.consented}`);
    expect(full.status).toBe(200);
    expect(full.text).toContain("Документ действителен");
    expect(full.text).toContain("Петрова Мария Ивановна");
    expect(full.text).toContain("4 академических часа");
    const masked = await read(`/v/${codes.plain!.toLowerCase()}`);
    expect(masked.status).toBe(200);
    expect(masked.text).toContain("И******а А. П.");
    expect(masked.text).toContain("Полное имя скрыто по желанию владельца");
    expect(masked.text).not.toContain("Иванова");
  });

  it("shows an admin's revocation with its cause and words, and a new revocation at once", async () => {
    const revoked = await read(`/v/${codes.revoked}`);
    expect(revoked.text).toContain("Документ отозван");
    expect(revoked.text).toContain("Отозван администратором сообщества");
    expect(revoked.text).toContain("«Участница не присутствовала <i>»");
    // A page seen as valid shows the revocation on the next load (no-store, no cache in between).
    expect((await read(`/v/${codes.second}`)).text).toContain("Документ действителен");
    await h.container.services.certificates.revoke(admin, codes.second!, "Ошибка в названии");
    const after = await read(`/v/${codes.second}`);
    expect(after.text).toContain("Документ отозван");
    expect(after.text).toContain("Вебинар <b>«Дроби»</b> & проценты");
  });

  it("shows the public portfolio with the valid documents only", async () => {
    const page = await read(`/p/${slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("И******а А. П.");
    expect(page.text).toContain("Семинар «Проектная деятельность»");
    expect(page.text).not.toContain("Мастер-класс «Оценивание»");
    expect((await read("/p/abcdefghijkl")).status).toBe(404);
  });

  it("answers an unknown code with the 404 page", async () => {
    const unknown = await read("/v/AAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("Не найдено");
  });
});
