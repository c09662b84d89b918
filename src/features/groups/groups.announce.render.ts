import { InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import { truncate, visibleLength } from "../../shared/html.js";
import type { AnnouncementKind } from "./groups.announce.repository.js";

/** Telegram's limit of a message text (after entity parsing). */
export const TEXT_LIMIT = 4096;

/** One thing to announce, rendered in the group's language (plain texts: escaped by `t`). */
export type AnnouncementItem =
  | { kind: "material"; rowId: number; refId: number; title: string; type: string; grades: string; author: string }
  | { kind: "event"; rowId: number; refId: number; title: string; eventKind: string; start: string };

/** One post in a group: its text, its button (single announcements), and the announcements it carries. */
export interface AnnouncementPost {
  kind: AnnouncementKind;
  text: string;
  reply_markup?: InlineKeyboard;
  rowIds: number[];
}

/** The bot's card of a material or an event (deep links m_<id>, e_<id>). */
export function cardLink(botUsername: string, kind: AnnouncementKind, refId: number): string {
  return `https://t.me/${botUsername}?start=${kind === "material" ? "m" : "e"}_${refId}`;
}

function vars(item: AnnouncementItem): Record<string, string> {
  const title = truncate(item.title, 200);
  return item.kind === "material" ? { title, type: item.type, grades: item.grades, author: item.author } : { title, kind: item.eventKind, start: item.start };
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
  const kind = first.kind;
  if (items.length === 1) {
    const text = t(`groups-announce-${kind}`, vars(first));
    const reply_markup = new InlineKeyboard().url(t(`groups-announce-open-${kind}`), cardLink(botUsername, kind, first.refId));
    return [{ kind, text, reply_markup, rowIds: [first.rowId] }];
  }
  const posts: AnnouncementPost[] = [];
  let lines: string[] = [];
  let rowIds: number[] = [];
  const textOf = (ls: string[]) => `${t(`groups-announce-${kind}-batch`, { count: ls.length })}\n\n${ls.join("\n")}`;
  for (const item of items) {
    const line = t(`groups-announce-${kind}-line`, { ...vars(item), url: cardLink(botUsername, kind, item.refId) });
    if (lines.length > 0 && visibleLength(textOf([...lines, line])) > TEXT_LIMIT) {
      posts.push({ kind, text: textOf(lines), rowIds });
      lines = [];
      rowIds = [];
    }
    lines.push(line);
    rowIds.push(item.rowId);
  }
  posts.push({ kind, text: textOf(lines), rowIds });
  return posts;
}
