// The posts of a group's announcements (groups.announce.render.ts): one item → one post with a
// button; a burst → one combined post; a burst too long for one message → as few posts as fit
// Telegram's 4,096 characters, none lost.
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { composePosts, TEXT_LIMIT, type AnnouncementItem } from "../../src/features/groups/groups.announce.render.js";
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

describe("messageLink", () => {
  it("links into a private supergroup, a topic, and a public group", () => {
    expect(messageLink({ chatId: -1001234567890n, username: null, threadId: null, messageId: 5 })).toBe("https://t.me/c/1234567890/5");
    expect(messageLink({ chatId: -1001234567890n, username: null, threadId: 7, messageId: 5 })).toBe("https://t.me/c/1234567890/7/5");
    expect(messageLink({ chatId: -1001234567890n, username: "math_teachers", threadId: null, messageId: 5 })).toBe("https://t.me/math_teachers/5");
  });
});
