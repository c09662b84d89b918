// The posts of a group's announcements (groups.announce.render.ts): one item → one post with a
// button; a burst → one combined post; a burst too long for one message → as few posts as fit
// Telegram's 4,096 characters, none lost.
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { contestSegment, contestSubjects, parsePhaseRef, phaseCurrent, renderPhase } from "../../src/features/contests/contests.announce.js";
import type { ContestView } from "../../src/features/contests/contests.types.js";
import { composePosts, TEXT_LIMIT, type AnnouncementItem, type RegisteredItem } from "../../src/features/groups/groups.announce.render.js";
import { messageLink } from "../../src/features/groups/groups.types.js";
import { visibleLength } from "../../src/shared/html.js";

const t = createTranslator({ defaultLocale: "ru" }).forLocale("ru");
const material = (i: number, title = `Материал ${i}`): AnnouncementItem => ({
  kind: "material",
  rowId: i,
  refId: 100 + i,
  title,
  type: "Рабочий лист",
  grades: "5 класс",
  author: "Автор",
});

describe("composePosts", () => {
  it("gives one item its own post with a button to its card", () => {
    const [post, ...rest] = composePosts(t, "teachers_bot", [material(1, "A <b>&")]);
    expect(rest).toEqual([]);
    expect(post!.text).toContain("A &lt;b&gt;&amp;");
    expect(JSON.stringify(post!.reply_markup)).toContain("https://t.me/teachers_bot?start=m_101");
    expect(post!.rowIds).toEqual([1]);
  });

  it("combines several into one post listing each with a link", () => {
    const posts = composePosts(t, "teachers_bot", [material(1), material(2), material(3)]);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.reply_markup).toBeUndefined();
    expect(posts[0]!.text).toContain("3 новых материала");
    for (const id of [101, 102, 103]) expect(posts[0]!.text).toContain(`href="https://t.me/teachers_bot?start=m_${id}"`);
  });

  it("splits a burst of long titles only where a post would pass 4,096 characters", () => {
    const items = Array.from({ length: 60 }, (_, i) => material(i + 1, `${"Очень длинное название & <теги> ".repeat(6)}${i}`));
    const posts = composePosts(t, "teachers_bot", items);
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.length).toBeLessThan(10);
    for (const p of posts) expect(visibleLength(p.text)).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(posts.flatMap((p) => p.rowIds)).toEqual(items.map((i) => i.rowId));
  });
});

const registered = (i: number, title: string): RegisteredItem => ({
  kind: "registered",
  name: "contest-open",
  topic: "events",
  rowId: i,
  refId: 200 + i,
  text: `Single ${title}`,
  line: `• ${title}`,
  button: { label: "Open", url: `https://t.me/teachers_bot?start=c_${200 + i}` },
  batch: (count) => `${count} contests`,
});

describe("composePosts with a registered kind", () => {
  it("posts one alone with its own text and button, in its topic", () => {
    const [post] = composePosts(t, "teachers_bot", [registered(1, "A")]);
    expect(post).toMatchObject({ kind: "contest-open", topic: "events", text: "Single A", rowIds: [1] });
    expect(JSON.stringify(post!.reply_markup)).toContain("start=c_201");
  });

  it("combines several under the kind's heading and splits where a post would pass 4,096 characters", () => {
    const items = Array.from({ length: 80 }, (_, i) => registered(i + 1, "x".repeat(150)));
    const posts = composePosts(t, "teachers_bot", items);
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) {
      expect(visibleLength(p.text)).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(p.text).toMatch(new RegExp(`^${p.rowIds.length} contests\\n\\n`));
      expect(p.reply_markup).toBeUndefined();
    }
    expect(posts.flatMap((p) => p.rowIds)).toEqual(items.map((i) => i.rowId));
  });

  it("puts materials in the materials topic and events in the events topic", () => {
    expect(composePosts(t, "b", [material(1)])[0]!.topic).toBe("materials");
    expect(composePosts(t, "b", [{ kind: "event", rowId: 1, refId: 1, title: "E", eventKind: "Вебинар", start: "x" }])[0]!.topic).toBe("events");
  });
});

describe("contest phase texts", () => {
  const contest = (over: Partial<ContestView> = {}): ContestView =>
    ({
      id: 42,
      title: "Урок <b>& года",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date("2026-12-01T09:00:00Z"),
      submissionClosesAt: new Date("2026-12-08T09:00:00Z"),
      judgingClosesAt: new Date("2026-12-15T09:00:00Z"),
      resultsAt: new Date("2026-12-16T09:00:00Z"),
      audienceVote: false,
      status: "OPEN",
      nominations: [{ id: 1, position: 1, title: "Номинация <i>", subjectCodes: ["math"], gradeCodes: ["5"] }],
      ...over,
    }) as ContestView;

  it("escapes a hostile title and nominations, shows dates in the given zone and links to the card", () => {
    const r = renderPhase(t, "ru", contest(), "open", "Europe/Moscow", "teachers_bot");
    expect(r.text).toContain("Урок &lt;b&gt;&amp; года");
    expect(r.text).toContain("Номинация &lt;i&gt;");
    expect(r.text).not.toMatch(/<b>&|<i>/);
    expect(r.text).toContain("8 декабря 2026, 12:00 (Europe/Moscow, UTC+3)");
    expect(r.line).toContain('href="https://t.me/teachers_bot?start=c_42"');
    expect(r.line).toContain("Урок &lt;b&gt;&amp; года");
    expect(r.button.url).toBe("https://t.me/teachers_bot?start=c_42");
    const en = renderPhase(createTranslator({ defaultLocale: "ru" }).forLocale("en"), "en", contest(), "open", "Asia/Yekaterinburg", "b");
    expect(en.text).toContain("8 December 2026, 14:00 (Asia/Yekaterinburg, UTC+5)");
  });

  it("mentions the audience vote during judging when the contest holds one", () => {
    expect(renderPhase(t, "ru", contest(), "judging", "UTC", "b").text).not.toContain("голосование");
    const voting = renderPhase(t, "ru", contest({ audienceVote: true }), "judging", "UTC", "b");
    expect(voting.text).toContain("зрительское голосование до 15 декабря 2026, 09:00");
    expect(voting.button.label).toContain("Голосовать");
  });

  it("stays within Telegram's limits with the longest title and ten long nominations", () => {
    const nominations = Array.from({ length: 10 }, (_, i) => ({ id: i, position: i, title: "&".repeat(200), subjectCodes: [], gradeCodes: [] }));
    for (const phase of ["open", "judging", "results"] as const) {
      const r = renderPhase(t, "ru", contest({ title: "<".repeat(200), nominations, audienceVote: true }), phase, "UTC", "b");
      expect(visibleLength(r.text)).toBeLessThan(1_200);
      expect(visibleLength(r.line)).toBeLessThan(400);
    }
  });

  it("announces a phase only while the contest is in it, and parses only its own refs", () => {
    expect(phaseCurrent("OPEN", "open")).toBe(true);
    expect(phaseCurrent("JUDGING", "open")).toBe(false);
    expect(phaseCurrent("JUDGING", "judging")).toBe(true);
    expect(phaseCurrent("CONFIRMING", "judging")).toBe(false);
    expect(phaseCurrent("PUBLISHED", "results")).toBe(true);
    expect(phaseCurrent("CANCELLED", "results")).toBe(false);
    expect(parsePhaseRef("contest:7:judging")).toEqual({ contestId: 7, phase: "judging" });
    expect(parsePhaseRef("contest:7:publish")).toBeUndefined();
    expect(parsePhaseRef("contest:x:open")).toBeUndefined();
  });

  it("takes the groups' subjects and the segment from the nominations (every subject or grade: no such filter)", () => {
    const n = (subjectCodes: string[], gradeCodes: string[]) => ({ id: 1, position: 1, title: "N", subjectCodes, gradeCodes });
    const two = { nominations: [n(["physics", "math"], ["6"]), n(["math"], ["5"])] };
    expect(contestSubjects(two)).toEqual(["math", "physics"]);
    expect(contestSegment(two)).toEqual({ subjects: ["math", "physics"], grades: ["5", "6"] });
    const anySubject = { nominations: [n(["math"], ["5"]), n([], ["6"])] };
    expect(contestSubjects(anySubject)).toEqual(["math"]);
    expect(contestSegment(anySubject)).toEqual({ grades: ["5", "6"] });
    expect(contestSegment({ nominations: [n([], [])] })).toEqual({});
  });
});

describe("messageLink", () => {
  it("links into a private supergroup, a topic, and a public group", () => {
    expect(messageLink({ chatId: -1001234567890n, username: null, threadId: null, messageId: 5 })).toBe("https://t.me/c/1234567890/5");
    expect(messageLink({ chatId: -1001234567890n, username: null, threadId: 7, messageId: 5 })).toBe("https://t.me/c/1234567890/7/5");
    expect(messageLink({ chatId: -1001234567890n, username: "math_teachers", threadId: null, messageId: 5 })).toBe("https://t.me/math_teachers/5");
  });
});
