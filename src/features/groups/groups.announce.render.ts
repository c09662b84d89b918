import { InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import { truncate, visibleLength } from "../../shared/html.js";
import type { AnnouncementKind } from "./groups.announce.repository.js";

/** Telegram's limit of a message text (after entity parsing). */
export const TEXT_LIMIT = 4096;

/** The forum topic a post goes to (a group without topics: the main chat). */
export type AnnouncementTopic = "materials" | "events";

/**
 * What a registered kind (GroupAnnouncements.registerKind) renders for one announced thing, in
 * the group's language: HTML built with `t` (which escapes variables), within Telegram's limits.
 */
export interface RenderedAnnouncement {
  /** The text of a post announcing it alone. */
  text: string;
  /** Its line in a combined post (a burst within one window). */
  line: string;
  /** The button of a post announcing it alone (a URL: group posts cannot open the bot by a callback). */
  button: { label: string; url: string };
}

/** One thing to announce, rendered in the group's language (plain texts: escaped by `t`). */
export type AnnouncementItem =
  | { kind: "material"; rowId: number; refId: number; title: string; type: string; grades: string; author: string }
  | { kind: "event"; rowId: number; refId: number; title: string; eventKind: string; start: string }
  | RegisteredItem;

/** An item of a kind a later slice registered: it comes rendered. */
export interface RegisteredItem extends RenderedAnnouncement {
  kind: "registered";
  /** The announcement kind (group_announcements.kind), e.g. "contest-open". */
  name: string;
  topic: AnnouncementTopic;
  rowId: number;
  refId: number;
  /** The heading of a combined post of `count` items of this kind. */
  batch: (count: number) => string;
}

/** One post in a group: its text, its button (single announcements), and the announcements it carries. */
export interface AnnouncementPost {
  kind: AnnouncementKind;
  topic: AnnouncementTopic;
  text: string;
  reply_markup?: InlineKeyboard;
  rowIds: number[];
}

/** The bot's card of a material or an event (deep links m_<id>, e_<id>). */
export function cardLink(botUsername: string, kind: "material" | "event", refId: number): string {
  return `https://t.me/${botUsername}?start=${kind === "material" ? "m" : "e"}_${refId}`;
}

function vars(item: Exclude<AnnouncementItem, RegisteredItem>): Record<string, string> {
  const title = truncate(item.title, 200);
  return item.kind === "material" ? { title, type: item.type, grades: item.grades, author: item.author } : { title, kind: item.eventKind, start: item.start };
}

/** How each item shows: alone (text and button), as a line of a combined post, and that post's heading. */
interface Shown {
  kind: AnnouncementKind;
  topic: AnnouncementTopic;
  single: () => { text: string; button: { label: string; url: string } };
  line: () => string;
  batch: (count: number) => string;
}

function shown(t: Translate, botUsername: string, item: AnnouncementItem): Shown {
  if (item.kind === "registered") {
    return {
      kind: item.name,
      topic: item.topic,
      single: () => ({ text: item.text, button: item.button }),
      line: () => item.line,
      batch: item.batch,
    };
  }
  const kind = item.kind;
  const url = cardLink(botUsername, kind, item.refId);
  return {
    kind,
    topic: kind === "material" ? "materials" : "events",
    single: () => ({ text: t(`groups-announce-${kind}`, vars(item)), button: { label: t(`groups-announce-open-${kind}`), url } }),
    line: () => t(`groups-announce-${kind}-line`, { ...vars(item), url }),
    batch: (count) => t(`groups-announce-${kind}-batch`, { count }),
  };
}

/**
 * The posts of a group's pending announcements of one kind: one item is a
 * post with its own button; several (a burst) are one combined post listing
 * them, each title a link to its card, split only where a post would pass
 * Telegram's 4,096 characters. Pure: tested without services.
 */
export function composePosts(t: Translate, botUsername: string, items: readonly AnnouncementItem[]): AnnouncementPost[] {
  const first = items[0];
  if (!first) return [];
  const head = shown(t, botUsername, first);
  const { kind, topic } = head;
  if (items.length === 1) {
    const { text, button } = head.single();
    const reply_markup = new InlineKeyboard().url(button.label, button.url);
    return [{ kind, topic, text, reply_markup, rowIds: [first.rowId] }];
  }
  const posts: AnnouncementPost[] = [];
  let lines: string[] = [];
  let rowIds: number[] = [];
  const textOf = (ls: string[]) => `${head.batch(ls.length)}\n\n${ls.join("\n")}`;
  for (const item of items) {
    const line = shown(t, botUsername, item).line();
    if (lines.length > 0 && visibleLength(textOf([...lines, line])) > TEXT_LIMIT) {
      posts.push({ kind, topic, text: textOf(lines), rowIds });
      lines = [];
      rowIds = [];
    }
    lines.push(line);
    rowIds.push(item.rowId);
  }
  posts.push({ kind, topic, text: textOf(lines), rowIds });
  return posts;
}
