// What Telegram refuses: text and caption limits, broken HTML, inline keyboards and
// their callback data. Each check applies only in strict mode (the default).
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { HtmlParseError, parseTelegramHtml } from "./html.js";
import { bad } from "./types.js";
import { clone, isRecord } from "./util.js";

export const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current message content and reply markup of the message";
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;

/** Text and entities as Telegram would store them; validates in strict mode. */
export function formatted(raw: unknown, parseMode: unknown, entities: unknown, what: "text" | "caption", strict: boolean): { text: string; entities?: MessageEntity[] } {
  const source = typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : String(raw);
  let text = source;
  let parsed: MessageEntity[] | undefined;
  if (Array.isArray(entities)) {
    parsed = entities as MessageEntity[];
  } else if (typeof parseMode === "string" && parseMode.toLowerCase() === "html") {
    try {
      ({ text, entities: parsed } = parseTelegramHtml(source));
    } catch (error) {
      if (!(error instanceof HtmlParseError)) throw error;
      if (strict) throw bad(error.message);
      text = source;
    }
  } else if (typeof parseMode === "string" && parseMode !== "" && !/^markdown(v2)?$/i.test(parseMode)) {
    if (strict) throw bad(`unsupported parse_mode`);
  }
  if (strict) {
    if (what === "text" && text.trim() === "") throw bad("message text is empty");
    if (what === "text" && text.length > MAX_TEXT) throw bad("message is too long");
    if (what === "caption" && text.length > MAX_CAPTION) throw bad("message caption is too long");
  }
  const result: { text: string; entities?: MessageEntity[] } = { text };
  if (parsed && parsed.length > 0) result.entities = parsed;
  return result;
}

/** The inline keyboard as Telegram stores it (none when every row is empty); validates in strict mode. */
export function inlineMarkupOf(markup: unknown, strict: boolean): InlineKeyboardMarkup | undefined {
  let value = markup;
  if (typeof markup === "string") {
    try {
      value = JSON.parse(markup) as unknown;
    } catch {
      throw bad("can't parse reply keyboard markup JSON object");
    }
  }
  if (!isRecord(value) || value.inline_keyboard === undefined) return undefined;
  const rows = value.inline_keyboard;
  if (!Array.isArray(rows)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  if (strict) {
    for (const row of rows) {
      if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      for (const button of row) {
        if (!isRecord(button) || typeof button.text !== "string") throw bad('can\'t parse inline keyboard button: Field "text" must be of type String');
        const actions = Object.keys(button).filter((k) => k !== "text" && k !== "style" && k !== "icon_custom_emoji_id");
        if (actions.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if (typeof button.callback_data === "string") {
          const bytes = Buffer.byteLength(button.callback_data, "utf8");
          if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) throw bad("BUTTON_DATA_INVALID");
        }
      }
    }
  }
  if (rows.every((row) => Array.isArray(row) && row.length === 0)) return undefined;
  return clone(value) as unknown as InlineKeyboardMarkup;
}
