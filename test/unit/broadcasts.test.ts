import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { checkBroadcastMessage } from "../../src/features/broadcasts/broadcasts.message.js";
import { broadcastCard, describeAudience, timePrompt } from "../../src/features/broadcasts/broadcasts.render.js";
import { parseBroadcastTime } from "../../src/features/broadcasts/broadcasts.time.js";
import { broadcastStats } from "../../src/features/broadcasts/broadcasts.service.js";
import { isEveryone, normaliseAudience, parseAudience, type BroadcastView } from "../../src/features/broadcasts/broadcasts.types.js";
import type { DeliveryProgress } from "../../src/features/delivery/delivery.types.js";
import { parseTelegramHtml } from "../support/bot-api-fake.js";

const base = { message_id: 10, date: 0, chat: { id: 1, type: "private" as const, first_name: "A" } };
const msg = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as Message;

describe("checkBroadcastMessage", () => {
  it("accepts what copyMessage copies faithfully, with a summary of its words and kind", () => {
    expect(checkBroadcastMessage(msg({ text: "Педсовет в пятницу" }))).toEqual({ ok: true, kind: "text", summary: "Педсовет в пятницу", albumId: undefined });
    expect(checkBroadcastMessage(msg({ photo: [{ file_id: "p" }], caption: "Фото", media_group_id: "g" }))).toEqual({
      ok: true,
      kind: "photo",
      summary: "🖼 Фото",
      albumId: "g",
    });
    expect(checkBroadcastMessage(msg({ document: { file_id: "d" } }))).toMatchObject({ ok: true, kind: "document", summary: "📄" });
    // A venue carries a location too: it is a venue.
    expect(checkBroadcastMessage(msg({ venue: { title: "Школа" }, location: { latitude: 1, longitude: 2 } }))).toMatchObject({ ok: true, kind: "venue" });
    expect(checkBroadcastMessage(msg({ poll: { type: "regular", question: "Когда удобно?" } }))).toMatchObject({ ok: true, kind: "poll", summary: "📊 Когда удобно?" });
  });

  it("refuses protected content, quizzes, dice and anything that is not content", () => {
    expect(checkBroadcastMessage(msg({ text: "x", has_protected_content: true }))).toEqual({ ok: false, error: "broadcasts-message-protected" });
    expect(checkBroadcastMessage(msg({ poll: { type: "quiz", question: "2+2?" } }))).toEqual({ ok: false, error: "broadcasts-message-quiz" });
    expect(checkBroadcastMessage(msg({ dice: { emoji: "🎲", value: 4 } }))).toEqual({ ok: false, error: "broadcasts-message-uncopyable" });
    expect(checkBroadcastMessage(msg({ invoice: { title: "t" } }))).toEqual({ ok: false, error: "broadcasts-message-uncopyable" });
    expect(checkBroadcastMessage(msg({ paid_media: { star_count: 1 } }))).toEqual({ ok: false, error: "broadcasts-message-uncopyable" });
    expect(checkBroadcastMessage(msg({ new_chat_members: [] }))).toEqual({ ok: false, error: "broadcasts-message-uncopyable" });
  });
});

describe("audience", () => {
  it("has one canonical form: sorted, deduplicated, empty dimensions dropped", () => {
    expect(normaliseAudience({ subjects: ["physics", "math", "math"], grades: [], regions: undefined })).toEqual({ subjects: ["math", "physics"] });
    expect(isEveryone({ subjects: [], grades: [] })).toBe(true);
    expect(isEveryone({ eventId: 3 })).toBe(false);
  });

  it("reads stored JSON without trusting it", () => {
    expect(parseAudience(null)).toEqual({});
    expect(parseAudience([1, 2])).toEqual({});
    expect(parseAudience({ subjects: ["math", 5, null], roles: ["TEACHER", "HACKER"], eventId: "7", grades: "5" })).toEqual({ subjects: ["math"], roles: ["TEACHER"] });
    expect(parseAudience({ eventId: 7 })).toEqual({ eventId: 7 });
    expect(parseAudience({ eventId: -1 })).toEqual({});
  });
});

const progress = (p: Partial<DeliveryProgress>): DeliveryProgress => {
  const full = { QUEUED: 0, SENDING: 0, SENT: 0, BLOCKED: 0, FAILED: 0, SKIPPED: 0, ...p } as DeliveryProgress;
  full.total = full.QUEUED + full.SENDING + full.SENT + full.BLOCKED + full.FAILED + full.SKIPPED;
  return full;
};

const T0 = new Date("2026-11-25T10:00:00Z");
function broadcast(over: Partial<BroadcastView> = {}): BroadcastView {
  return {
    id: 12,
    authorId: 1,
    authorName: "Анна",
    sourceChatId: 1n,
    messageIds: [10],
    summary: "Педсовет",
    audience: {},
    recipientCount: 1_000,
    status: "SENDING",
    paid: false,
    scheduledAt: T0,
    startedAt: T0,
    cursor: 0,
    fannedOutAt: null,
    finishedAt: null,
    cancelledAt: null,
    statusChatId: 1n,
    statusMessageId: 5,
    createdAt: T0,
    ...over,
  };
}

describe("broadcastStats", () => {
  it("counts recipients the fan-out has not reached as remaining, and estimates the time left at the rate so far", () => {
    const at = new Date(T0.getTime() + 10_000);
    const stats = broadcastStats(broadcast(), progress({ SENT: 240, BLOCKED: 10, QUEUED: 250 }), at);
    // 500 not fanned out yet + 250 queued; 250 done in 10 s = 25/s → 30 s.
    expect(stats).toMatchObject({ sent: 240, blocked: 10, remaining: 750, etaSeconds: 30, finished: false });
  });

  it("is finished once fanned out and nothing is queued or being sent; a cancelled one once nothing is in flight", () => {
    const at = new Date(T0.getTime() + 60_000);
    expect(broadcastStats(broadcast({ fannedOutAt: at }), progress({ SENT: 990, FAILED: 10 }), at)).toMatchObject({
      remaining: 0,
      finished: true,
      etaSeconds: undefined,
    });
    expect(broadcastStats(broadcast({ fannedOutAt: at }), progress({ SENT: 990, SENDING: 1 }), at).finished).toBe(false);
    // Not fanned out yet and nothing queued: not finished (the fan-out is still to come).
    expect(broadcastStats(broadcast(), progress({}), at).finished).toBe(false);
    expect(broadcastStats(broadcast({ status: "CANCELLED" }), progress({ SENT: 5, SKIPPED: 995 }), at)).toMatchObject({ remaining: 0, finished: true, skipped: 995 });
    expect(broadcastStats(broadcast({ status: "SCHEDULED", startedAt: null }), progress({}), at).finished).toBe(false);
  });
});

describe("broadcastCard", () => {
  const translator = createTranslator({ defaultLocale: "ru" });
  const names = { subjects: [{ code: "math", nameRu: "Математика", nameEn: "Mathematics" }], grades: [], regions: [] };

  it("is valid Telegram HTML within 4,096 characters with hostile names, summary and event title", () => {
    const hostile = `<b>Анна</b> & «Co» </i> ${"x".repeat(4_000)}`;
    for (const locale of ["ru", "en"] as const) {
      const t = translator.forLocale(locale);
      const audience = describeAudience(t, locale, { subjects: ["math", "unknown<code>"], roles: ["TEACHER"], eventId: 4 }, { ...names, eventTitle: hostile });
      const text = broadcastCard(
        t,
        locale,
        "Asia/Vladivostok",
        broadcast({ authorName: hostile, summary: hostile.slice(0, 200) }),
        broadcastStats(broadcast(), progress({ SENT: 3 }), T0),
        audience,
      );
      const parsed = parseTelegramHtml(text);
      expect(parsed.text.length).toBeLessThanOrEqual(4_096);
      expect(parsed.text).toContain("<b>Анна</b> & «Co»");
      expect(parsed.text).toContain(locale === "ru" ? "Математика" : "Mathematics");
      expect(parsed.text).toContain("unknown<code>");
    }
  });

  it("shows the start in the viewer's zone and the time left while sending", () => {
    const t = translator.forLocale("en");
    const stats = broadcastStats(broadcast(), progress({ SENT: 250, QUEUED: 10 }), new Date(T0.getTime() + 10_000));
    const text = broadcastCard(t, "en", "Asia/Vladivostok", broadcast(), stats, describeAudience(t, "en", {}, names));
    const plain = parseTelegramHtml(text).text;
    expect(plain).toContain("Broadcast #12");
    expect(plain).toContain("all community members");
    expect(plain).toContain("20:00"); // 10:00 UTC in Vladivostok (UTC+10)
    expect(plain).toMatch(/Remaining: 750, about 30 s/);
  });
  // Reproduce issue 9 item 10: an immediate broadcast first showed "scheduled … start: <now>", and a
  // scheduled broadcast cancelled before its time said "started: <planned time>".
  it("an immediate broadcast, before its fan-out starts, is starting, not scheduled", () => {
    for (const locale of ["ru", "en"] as const) {
      const t = translator.forLocale(locale);
      const immediate = broadcast({ status: "SCHEDULED", startedAt: null, scheduledAt: T0 });
      const plain = parseTelegramHtml(
        broadcastCard(t, locale, "Europe/Moscow", immediate, undefined, describeAudience(t, locale, {}, names), new Date(T0.getTime() + 50)),
      ).text;
      expect(plain).toContain(locale === "ru" ? "начинается отправка" : "starting");
      expect(plain).not.toMatch(/запланирована|scheduled|Начало:|Start:|Начата:|Started:/);
    }
  });

  it("a broadcast scheduled for later shows its start; cancelled before it, it says when it was planned, never that it started", () => {
    const t = translator.forLocale("ru");
    const later = new Date(T0.getTime() + 3 * 3600_000); // 13:00 in Moscow
    const scheduled = broadcast({ status: "SCHEDULED", startedAt: null, scheduledAt: later });
    const before = parseTelegramHtml(broadcastCard(t, "ru", "Europe/Moscow", scheduled, undefined, describeAudience(t, "ru", {}, names), T0)).text;
    expect(before).toContain("запланирована");
    expect(before).toMatch(/Начало: .*16:00/);
    const cancelled = broadcast({ status: "CANCELLED", startedAt: null, scheduledAt: later, cancelledAt: T0 });
    const after = parseTelegramHtml(broadcastCard(t, "ru", "Europe/Moscow", cancelled, undefined, describeAudience(t, "ru", {}, names), T0)).text;
    expect(after).not.toContain("Начата");
    expect(after).toMatch(/Была запланирована на: .*16:00/);
    // One that did start and was then cancelled says when it started.
    const stopped = broadcast({ status: "CANCELLED", startedAt: new Date(T0.getTime() + 60_000), cancelledAt: T0 });
    expect(parseTelegramHtml(broadcastCard(t, "ru", "Europe/Moscow", stopped, undefined, describeAudience(t, "ru", {}, names), T0)).text).toMatch(/Начата: .*13:01/);
  });
});

describe("the broadcast time prompt (issue 9, item 7)", () => {
  const translator = createTranslator({ defaultLocale: "ru" });
  const zones = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "Asia/Kolkata", "America/New_York"];
  const nows = ["2026-12-02T18:26:00Z", "2026-12-26T08:00:00Z", "2026-12-31T22:30:00Z", "2027-03-28T00:30:00Z", "2026-06-15T09:59:00Z"].map((s) => new Date(s));

  it.each(["ru", "en"] as const)("every example the %s prompt shows parses, in every zone and at any time of year", (locale) => {
    const t = translator.forLocale(locale);
    for (const zone of zones) {
      for (const now of nows) {
        const prompt = timePrompt(t, zone, now, locale);
        const examples = [...prompt.matchAll(/<code>(.*?)<\/code>/g)].map((m) => m[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
        expect(examples).toHaveLength(3);
        for (const example of examples) {
          const parsed = parseBroadcastTime(example, { timeZone: zone, now });
          // Reproduces issue 9 item 7: «2 декабря 2026, 22:26 (Europe/Moscow, UTC+3)» was refused.
          expect(parsed, `${locale} ${zone} ${now.toISOString()}: ${example}`).toMatchObject({ ok: true });
        }
        // The first is the bot's own format an hour ahead: it reads back to exactly that minute.
        expect(parseBroadcastTime(examples[0]!, { timeZone: zone, now })).toEqual({ ok: true, value: new Date(now.getTime() + 3600_000) });
      }
    }
  });

  const now = new Date("2026-12-02T18:26:00Z"); // 21:26 in Moscow
  const moscow = (text: string) => parseBroadcastTime(text, { timeZone: "Europe/Moscow", now });
  const at2226 = { ok: true, value: new Date("2026-12-02T19:26:00Z") };

  it("reads the example exactly as shown, and a trailing zone label", () => {
    expect(moscow("2 декабря 2026, 22:26 (Europe/Moscow, UTC+3)")).toEqual(at2226);
    expect(moscow("2 декабря 2026, 22:26 (Europe/Moscow)")).toEqual(at2226);
    expect(moscow("2 декабря 2026 22:26 (UTC+3)")).toEqual(at2226);
    expect(moscow("2 December 2026, 22:26 (Europe/Moscow, UTC+3)")).toEqual(at2226);
    // A label with another zone: the time is read there (23:26 in Samara is 22:26 in Moscow).
    expect(moscow("2 декабря 2026, 23:26 (Europe/Samara, UTC+4)")).toEqual(at2226);
    // An offset that contradicts the zone, or a zone that does not exist, is refused.
    expect(moscow("2 декабря 2026, 22:26 (Europe/Moscow, UTC+5)")).toEqual({ ok: false, error: "events-time-invalid" });
    expect(moscow("2 декабря 2026, 22:26 (Europe/Atlantis)")).toEqual({ ok: false, error: "events-timezone-unknown" });
    expect(moscow("2 декабря 2026, 22:26 (скоро)")).toEqual({ ok: false, error: "events-time-unparsed" });
  });

  it.each(["декабря", "декабрь", "декабре", "декабрю", "декабрем", "декабрём", "дек", "дек.", "Декабря", "December", "december", "Dec", "dec."])(
    "reads the month written as %s",
    (month) => {
      expect(moscow(`2 ${month} 2026 22:26`)).toEqual(at2226);
    },
  );

  it("reads every month in its Russian cases", () => {
    const cases: Array<[string, number]> = [
      ["январе", 1],
      ["феврале", 2],
      ["марте", 3],
      ["апрелю", 4],
      ["мае", 5],
      ["маю", 5],
      ["июне", 6],
      ["июле", 7],
      ["августе", 8],
      ["сентябрём", 9],
      ["октябре", 10],
      ["ноябре", 11],
      ["декабре", 12],
    ];
    for (const [word, month] of cases) {
      const parsed = parseBroadcastTime(`15 ${word} 2027 10:00`, { timeZone: "UTC", now });
      expect(parsed, word).toEqual({ ok: true, value: new Date(Date.UTC(2027, month - 1, 15, 10, 0)) });
    }
  });
});
