/**
 * What a newcomer may not post in their first hours (issue 11): links,
 * media and forwards. Pure policy, tested without services.
 */
import type { Message, MessageEntity } from "grammy/types";

export type NewcomerViolation = "link" | "media" | "forward";

const MEDIA_FIELDS = ["photo", "video", "animation", "document", "audio", "voice", "video_note", "story", "paid_media"] as const;

/** The host of a link as written in a message ("edu.tatar.ru/page", "https://x.ru"); undefined when it is no URL. */
export function hostOf(link: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link) ? link : `http://${link}`);
    return url.hostname.toLowerCase().replace(/\.$/, "") || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the host is an allowed domain or one of its subdomains. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The links of a message's text or caption (url and text_link entities). */
export function linksOf(message: Pick<Message, "text" | "caption" | "entities" | "caption_entities">): string[] {
  const links: string[] = [];
  const scan = (text: string | undefined, entities: MessageEntity[] | undefined) => {
    for (const e of entities ?? []) {
      if (e.type === "text_link") links.push(e.url);
      // Entity offsets count UTF-16 code units, as JavaScript strings do.
      else if (e.type === "url" && text) links.push(text.slice(e.offset, e.offset + e.length));
    }
  };
  scan(message.text, message.entities);
  scan(message.caption, message.caption_entities);
  return links;
}

/** Why a newcomer's message must go (undefined: it may stay). A link to an allowed domain is fine. */
export function newcomerViolation(message: Message, allowedDomains: readonly string[]): NewcomerViolation | undefined {
  if (message.forward_origin) return "forward";
  if (MEDIA_FIELDS.some((field) => message[field] !== undefined)) return "media";
  for (const link of linksOf(message)) {
    const host = hostOf(link);
    if (!host || !isAllowedHost(host, allowedDomains)) return "link";
  }
  return undefined;
}
