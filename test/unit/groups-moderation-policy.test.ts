// Pure policies of group moderation: what a newcomer may post, mute durations,
// message links and excerpts (src/features/groups/groups.moderation.*).
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { hostOf, isAllowedHost, linksOf, newcomerViolation } from "../../src/features/groups/groups.moderation.screen.js";
import { excerptOf, mention, parseDurationPrefix } from "../../src/features/groups/groups.moderation.service.js";
import { messageLink } from "../../src/features/groups/groups.types.js";

const msg = (fields: Partial<Message>): Message => ({ message_id: 1, date: 0, chat: { id: -1001, type: "supergroup", title: "g" }, ...fields });
const url = (text: string, offset = 0, length = text.length - offset) => msg({ text, entities: [{ type: "url", offset, length }] });

describe("newcomer screening", () => {
  const allowed = ["edu.tatar.ru", "mos.ru"];
  it("plain text is fine; links outside the allow-list, media and forwards are not", () => {
    expect(newcomerViolation(msg({ text: "Коллеги, добрый день" }), allowed)).toBeUndefined();
    expect(newcomerViolation(url("см. spam.example/x", 4), allowed)).toBe("link");
    expect(newcomerViolation(msg({ photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }), allowed)).toBe("media");
    expect(newcomerViolation(msg({ text: "x", forward_origin: { type: "hidden_user", sender_user_name: "a", date: 0 } }), allowed)).toBe("forward");
  });
  it("links to allowed domains and their subdomains stay, look-alikes do not", () => {
    expect(newcomerViolation(url("https://edu.tatar.ru/page"), allowed)).toBeUndefined();
    expect(newcomerViolation(url("school.MOS.ru"), allowed)).toBeUndefined();
    expect(newcomerViolation(url("https://edu.tatar.ru.evil.example/"), allowed)).toBe("link");
    expect(newcomerViolation(url("https://notmos.ru/"), allowed)).toBe("link");
    expect(isAllowedHost("a.mos.ru", allowed)).toBe(true);
  });
  it("hidden links in captions count (text_link), with UTF-16 offsets for url entities", () => {
    const captioned = msg({ caption: "жми", caption_entities: [{ type: "text_link", offset: 0, length: 3, url: "https://bad.example" }] });
    expect(linksOf(captioned)).toEqual(["https://bad.example"]);
    expect(newcomerViolation(captioned, allowed)).toBe("link");
    expect(linksOf(url("😀 x.ru", 3))).toEqual(["x.ru"]);
    expect(hostOf("HTTP://Example.COM./a")).toBe("example.com");
  });
});

describe("durations, links, excerpts", () => {
  it("parses 30m, 2h, 1d, 1w and bare minutes; refuses nonsense and more than a year", () => {
    const minutes = (args: string) => parseDurationPrefix(args)?.minutes;
    expect(minutes("30m")).toBe(30);
    expect(minutes("2h")).toBe(120);
    expect(minutes("1d")).toBe(1440);
    expect(minutes("1w")).toBe(10_080);
    expect(minutes("45")).toBe(45);
    expect(minutes("2ч")).toBe(120);
    for (const bad of ["", "0m", "abc", "1y", "400d", "-5m"]) expect(parseDurationPrefix(bad)).toBeUndefined();
  });
  it("reads a duration typed in words, and keeps the rest as the reason", () => {
    // Regression: "/mute 2 часа спам" muted for 2 minutes with the reason "часа спам".
    expect(parseDurationPrefix("2 часа спам")).toEqual({ minutes: 120, rest: "спам" });
    expect(parseDurationPrefix("1 день")).toEqual({ minutes: 1440, rest: "" });
    expect(parseDurationPrefix("3 DAYS flood")).toEqual({ minutes: 4320, rest: "flood" });
    expect(parseDurationPrefix("30 мин")).toEqual({ minutes: 30, rest: "" });
    expect(parseDurationPrefix("2 недели")).toEqual({ minutes: 20_160, rest: "" });
    // A number followed by a word that is no unit is not a duration: all of it is the reason.
    expect(parseDurationPrefix("5 раз подряд")).toBeUndefined();
  });
  it("links a message of a private supergroup by its internal id, of a public one by username", () => {
    expect(messageLink({ chatId: -1001234567890n, username: null, messageId: 42 })).toBe("https://t.me/c/1234567890/42");
    expect(messageLink({ chatId: -1001234567890n, username: "teachers_math", messageId: 42 })).toBe("https://t.me/teachers_math/42");
    // A basic group has no message links (the report notice then shows none, instead of a broken t.me/c link).
    expect(messageLink({ chatId: -4001234n, username: null, messageId: 42 })).toBeUndefined();
  });
  it("cuts excerpts to 200 characters and escapes names in mentions", () => {
    expect(Array.from(excerptOf({ text: "я".repeat(4000) }))).toHaveLength(200);
    expect(excerptOf({ caption: "подпись" })).toBe("подпись");
    expect(mention(5, "<b>Анна</b> & Co")).toBe('<a href="tg://user?id=5">&lt;b&gt;Анна&lt;/b&gt; &amp; Co</a>');
  });
});
