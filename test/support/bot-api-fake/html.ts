// Telegram HTML (parse_mode "HTML"): the parser the fake validates texts with, and
// tests read what a member sees with.
import type { MessageEntity } from "grammy/types";

export class HtmlParseError extends Error {
  constructor(readonly reason: string) {
    super(`can't parse entities: ${reason}`);
    this.name = "HtmlParseError";
  }
}

const SUPPORTED_TAGS = new Set(["a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "tg-emoji", "code", "pre", "blockquote"]);

const byteOffset = (s: string, index: number) => Buffer.byteLength(s.slice(0, index), "utf8");
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** Decodes the entity at `s[i] === "&"` like Telegram: 4 named ones and numeric ones, `;` optional. */
function decodeHtmlEntity(s: string, i: number): { char: string; end: number } | undefined {
  let end = i + 1;
  let code: number;
  if (s[end] === "#") {
    end++;
    const hex = s[end] === "x" || s[end] === "X";
    if (hex) end++;
    const start = end;
    while (end < s.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[end] ?? "")) end++;
    if (end === start || end - i >= 10) return undefined;
    code = Number.parseInt(s.slice(start, end), hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  } else {
    while (end < s.length && /[A-Za-z]/.test(s[end] ?? "")) end++;
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const value = named[s.slice(i + 1, end)];
    if (value === undefined) return undefined;
    code = value;
  }
  if (s[end] === ";") end++;
  return { char: String.fromCodePoint(code), end };
}

/**
 * Parses Telegram-flavoured HTML into plain text and entities (UTF-16
 * offsets), with Telegram's error texts. Stricter than Telegram on one point:
 * a bare `&` is refused (see the module comment).
 */
export function parseTelegramHtml(html: string): { text: string; entities: MessageEntity[] } {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: { tag: string; arg: string; expandable: boolean; offset: number }[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === "&") {
      const decoded = decodeHtmlEntity(html, i);
      if (!decoded) {
        throw new HtmlParseError(`bare "&" at byte offset ${byteOffset(html, i)} must be escaped as "&amp;"`);
      }
      out += decoded.char;
      i = decoded.end;
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const at = () => byteOffset(html, begin);
    i++;
    if (html[i] !== "/") {
      while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
      if (i >= html.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${at()}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) throw new HtmlParseError(`Unsupported start tag "${tag}" at byte offset ${at()}`);
      let arg = "";
      let expandable = false;
      while (html[i] !== ">") {
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
        if (html[i] === ">") break;
        const nameStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== "=" && html[i] !== ">") i++;
        const name = html.slice(nameStart, i).toLowerCase();
        if (name === "") throw new HtmlParseError(`Empty attribute name in the tag "${tag}" at byte offset ${at()}`);
        while (i < html.length && isSpace(html[i])) i++;
        if (html[i] !== "=") {
          // Value-less attributes exist only as <blockquote expandable>.
          if (tag === "blockquote" && name === "expandable") {
            expandable = true;
            continue;
          }
          if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
          throw new HtmlParseError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${at()}`);
        }
        i++;
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) throw new HtmlParseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
        let value = "";
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          i++;
          while (i < html.length && html[i] !== quote) {
            if (html[i] === "&") {
              const decoded = decodeHtmlEntity(html, i);
              if (decoded) {
                value += decoded.char;
                i = decoded.end;
                continue;
              }
            }
            value += html[i];
            i++;
          }
          if (i >= html.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${at()}`);
          i++;
        } else {
          const tokenStart = i;
          while (i < html.length && /[A-Za-z0-9.-]/.test(html[i] ?? "")) i++;
          value = html.slice(tokenStart, i).toLowerCase();
          if (i < html.length && !isSpace(html[i]) && html[i] !== ">") {
            throw new HtmlParseError(`Unexpected end of name token at byte offset ${byteOffset(html, tokenStart)}`);
          }
        }
        if (tag === "a" && name === "href") arg = value;
        else if (tag === "code" && name === "class" && value.startsWith("language-")) arg = value.slice(9);
        else if (tag === "span" && name === "class" && value.startsWith("tg-")) arg = value.slice(3);
        else if (tag === "tg-emoji" && name === "emoji-id") arg = value;
      }
      i++; // past ">"
      if (tag === "span" && arg !== "spoiler") {
        throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at()}`);
      }
      open.push({ tag, arg, expandable, offset: out.length });
      continue;
    }
    // end tag
    if (open.length === 0) throw new HtmlParseError(`Unexpected end tag at byte offset ${at()}`);
    i++;
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i])) i++;
    if (html[i] !== ">") throw new HtmlParseError(`Unclosed end tag at byte offset ${at()}`);
    i++;
    const top = open.pop()!;
    if (name !== "" && name !== top.tag) {
      throw new HtmlParseError(`Unmatched end tag at byte offset ${at()}, expected "</${top.tag}>", found "</${name}>"`);
    }
    const offset = top.offset;
    const length = out.length - offset;
    if (length <= 0) continue;
    switch (top.tag) {
      case "b":
      case "strong":
        entities.push({ type: "bold", offset, length });
        break;
      case "i":
      case "em":
        entities.push({ type: "italic", offset, length });
        break;
      case "u":
      case "ins":
        entities.push({ type: "underline", offset, length });
        break;
      case "s":
      case "strike":
      case "del":
        entities.push({ type: "strikethrough", offset, length });
        break;
      case "span":
      case "tg-spoiler":
        entities.push({ type: "spoiler", offset, length });
        break;
      case "tg-emoji":
        if (!/^[1-9]\d*$/.test(top.arg)) throw new HtmlParseError("Invalid custom emoji identifier specified");
        entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: top.arg });
        break;
      case "a": {
        const url = top.arg === "" ? out.slice(offset) : top.arg;
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
        if (mention) {
          entities.push({ type: "text_mention", offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: "" } });
        } else {
          entities.push({ type: "text_link", offset, length, url });
        }
        break;
      }
      case "code": {
        const last = entities[entities.length - 1];
        // <pre><code class="language-x"> closes code first: the pair becomes one pre entity
        const inPre = open[open.length - 1];
        if (inPre?.tag === "pre" && inPre.offset === offset && top.arg !== "") {
          inPre.arg = top.arg;
        } else if (last?.type === "pre" && last.offset === offset && last.length === length && top.arg !== "") {
          last.language = top.arg;
        } else {
          entities.push({ type: "code", offset, length });
        }
        break;
      }
      case "pre": {
        const last = entities[entities.length - 1];
        if (last?.type === "code" && last.offset === offset && last.length === length) entities.pop();
        const pre: MessageEntity = { type: "pre", offset, length };
        if (top.arg !== "") pre.language = top.arg;
        entities.push(pre);
        break;
      }
      case "blockquote":
        entities.push({ type: top.expandable ? "expandable_blockquote" : "blockquote", offset, length });
        break;
    }
  }
  if (open.length > 0) {
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${open[open.length - 1]!.tag}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}
