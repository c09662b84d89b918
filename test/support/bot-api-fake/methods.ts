// The Bot API methods the fake carries out itself, on its chat state and files: sends,
// copies, edits, commands, menu buttons, webhooks, getFile; those of groups come from groups.ts. Tests override or add
// methods with setHandler; the server routes to these otherwise.
import type { Message, UserFromGetMe } from "grammy/types";
import { contentOf, type ChatState } from "./chat-state.js";
import { MAX_DOWNLOAD_BYTES, mediaObject, type FileStore } from "./files.js";
import type { Groups } from "./groups.js";
import type { DecodedRequest } from "./request.js";
import { bad, type FakeMode } from "./types.js";
import { canonical, clone, isRecord } from "./util.js";
import { formatted, inlineMarkupOf, NOT_MODIFIED } from "./validation.js";

const MEDIA_METHODS: Record<string, string> = {
  sendPhoto: "photo",
  sendDocument: "document",
  sendVideo: "video",
  sendAudio: "audio",
  sendVoice: "voice",
  sendAnimation: "animation",
  sendSticker: "sticker",
  sendVideoNote: "video_note",
};
const TRUE_METHODS = [
  "answerCallbackQuery",
  "deleteMyCommands",
  "setChatMenuButton",
  "sendChatAction",
  "deleteMessage",
  "deleteMessages",
  "answerInlineQuery",
  "setMyDescription",
  "setMyShortDescription",
  "setMyName",
  "pinChatMessage",
  "unpinChatMessage",
  "unpinAllChatMessages",
  "setMessageReaction",
  "banChatMember",
  "unbanChatMember",
  "approveChatJoinRequest",
  "declineChatJoinRequest",
  "leaveChat",
  "logOut",
  "close",
];

export type Builtin = (payload: Record<string, unknown>, decoded: DecodedRequest) => unknown;

/** What the webhook methods need of the server's update queue. */
export interface PendingUpdates {
  pendingCount(): number;
  dropPending(): void;
}

export function createMethods(mode: FakeMode, botInfo: UserFromGetMe, state: ChatState, files: FileStore, updates: PendingUpdates, groups: Groups) {
  let webhook: { url: string; secret?: string; maxConnections: number; allowedUpdates?: string[] } | undefined;
  let commands = new Map<string, unknown[]>();
  let menuButtons = new Map<string, unknown>();

  const sendText: Builtin = (p) => {
    const chat = state.resolveChat(p.chat_id);
    const body = formatted(p.text, p.parse_mode, p.entities, "text", mode.strict);
    const fields: Record<string, unknown> = { text: body.text };
    if (body.entities) fields.entities = body.entities;
    if (isRecord(p.link_preview_options)) fields.link_preview_options = p.link_preview_options;
    return state.storeSent(chat, fields, p);
  };

  const sendMedia =
    (kind: string): Builtin =>
    (p, decoded) => {
      const chat = state.resolveChat(p.chat_id);
      const file = files.resolveInputFile(p[kind], kind, decoded);
      const fields: Record<string, unknown> = { [kind]: mediaObject(kind, file) };
      if (p.caption !== undefined && kind !== "sticker") {
        const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption", mode.strict);
        if (caption.text !== "") fields.caption = caption.text;
        if (caption.entities) fields.caption_entities = caption.entities;
      }
      return state.storeSent(chat, fields, p);
    };

  const builtins: Record<string, Builtin> = {
    getMe: () => botInfo,
    sendMessage: sendText,
    ...Object.fromEntries(Object.entries(MEDIA_METHODS).map(([method, kind]) => [method, sendMedia(kind)])),
    sendMediaGroup: (p, decoded) => {
      const chat = state.resolveChat(p.chat_id);
      const media = p.media;
      if (!Array.isArray(media) || (mode.strict && (media.length < 2 || media.length > 10))) {
        throw bad("wrong number of media specified; must be between 2 and 10");
      }
      const groupId = files.mediaGroupId();
      return media.map((item) => {
        if (!isRecord(item) || typeof item.type !== "string") throw bad("can't parse InputMedia");
        const kind = item.type;
        const file = files.resolveInputFile(item.media, kind, decoded);
        const fields: Record<string, unknown> = { media_group_id: groupId, [kind]: mediaObject(kind, file) };
        if (item.caption !== undefined) {
          const caption = formatted(item.caption, item.parse_mode, item.caption_entities, "caption", mode.strict);
          if (caption.text !== "") fields.caption = caption.text;
          if (caption.entities) fields.caption_entities = caption.entities;
        }
        return state.storeSent(chat, fields, { ...p, reply_markup: undefined });
      });
    },
    copyMessage: (p) => {
      const source = state.sourceMessage(p);
      const chat = state.resolveChat(p.chat_id);
      const content = contentOf(source);
      if (p.caption !== undefined) {
        const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption", mode.strict);
        delete content.caption_entities;
        if (caption.text !== "") content.caption = caption.text;
        else delete content.caption;
        if (caption.entities) content.caption_entities = caption.entities;
      }
      const sent = state.storeSent(chat, content, p);
      // As in the real API: copyMessage answers a MessageId, not a Message.
      return { message_id: sent.message_id };
    },
    copyMessages: (p) => {
      const ids = p.message_ids;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100 || !ids.every((id) => typeof id === "number")) {
        throw bad("message identifiers are not specified");
      }
      if (mode.strict && ids.some((id, i) => i > 0 && id <= (ids[i - 1] as number))) throw bad("message identifiers must be in a strictly increasing order");
      const chat = state.resolveChat(p.chat_id);
      const sources = ids.map((id) => state.sourceMessage({ ...p, message_id: id }));
      const groupId = sources.some((m) => m.media_group_id) ? files.mediaGroupId() : undefined;
      // As in the real API: an array of MessageId; albums stay albums.
      return sources.map((source) => {
        const content = contentOf(source);
        if (groupId && source.media_group_id) content.media_group_id = groupId;
        if (p.remove_caption === true) {
          delete content.caption;
          delete content.caption_entities;
        }
        return { message_id: state.storeSent(chat, content, { ...p, reply_markup: undefined }).message_id };
      });
    },
    forwardMessage: (p) => {
      const source = state.sourceMessage(p);
      const chat = state.resolveChat(p.chat_id);
      const origin = source.from ? { type: "user", sender_user: source.from, date: source.date } : { type: "chat", sender_chat: source.chat, date: source.date };
      return state.storeSent(chat, { ...contentOf(source), forward_origin: origin }, { ...p, reply_markup: undefined });
    },
    editMessageText: (p) => {
      const body = formatted(p.text, p.parse_mode, p.entities, "text", mode.strict);
      const markup = inlineMarkupOf(p.reply_markup, mode.strict);
      const found = state.findMessage(p, "message to edit not found");
      if (!found) return true;
      const current = found.message as Message & { text?: string };
      if (current.text === undefined) throw bad("there is no text in the message to edit");
      if (
        current.text === body.text &&
        canonical(current.entities ?? []) === canonical(body.entities ?? []) &&
        canonical(current.reply_markup ?? null) === canonical(markup ?? null)
      ) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return state.applyEdit(found.key, current, { text: body.text, entities: body.entities }, markup);
    },
    editMessageCaption: (p) => {
      const caption = formatted(p.caption, p.parse_mode, p.caption_entities, "caption", mode.strict);
      const markup = inlineMarkupOf(p.reply_markup, mode.strict);
      const found = state.findMessage(p, "message to edit not found");
      if (!found) return true;
      const current = found.message as Message & { caption?: string };
      if ((current as { text?: string }).text !== undefined) throw bad("there is no caption in the message to edit");
      if (
        (current.caption ?? "") === caption.text &&
        canonical(current.caption_entities ?? []) === canonical(caption.entities ?? []) &&
        canonical(current.reply_markup ?? null) === canonical(markup ?? null)
      ) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return state.applyEdit(found.key, current, { caption: caption.text === "" ? undefined : caption.text, caption_entities: caption.entities }, markup);
    },
    editMessageReplyMarkup: (p) => {
      const markup = inlineMarkupOf(p.reply_markup, mode.strict);
      const found = state.findMessage(p, "message to edit not found");
      if (!found) return true;
      if (canonical(found.message.reply_markup ?? null) === canonical(markup ?? null)) {
        throw bad(NOT_MODIFIED.slice("Bad Request: ".length));
      }
      return state.applyEdit(found.key, found.message, {}, markup);
    },
    answerInlineQuery: (p) => {
      // Inline results carry captions and message texts too: held to the same rules as sent messages.
      let results = p.results;
      if (typeof results === "string") results = JSON.parse(results) as unknown;
      if (!Array.isArray(results)) throw bad("results must be an Array");
      if (mode.strict && results.length > 50) throw bad("RESULT_TOO_MUCH");
      for (const r of results) {
        if (!isRecord(r) || typeof r.id !== "string" || (mode.strict && (r.id === "" || Buffer.byteLength(r.id) > 64))) throw bad("RESULT_ID_INVALID");
        if (r.caption !== undefined) formatted(r.caption, r.parse_mode, r.caption_entities, "caption", mode.strict);
        const content = r.input_message_content;
        if (isRecord(content) && content.message_text !== undefined) formatted(content.message_text, content.parse_mode, content.entities, "text", mode.strict);
        if (r.reply_markup !== undefined) inlineMarkupOf(r.reply_markup, mode.strict);
      }
      return true;
    },
    deleteMessage: (p) => {
      const chat = state.resolveChat(p.chat_id);
      if (typeof p.message_id === "number") state.deleteMessage(chat.id, p.message_id);
      return true;
    },
    setMyCommands: (p) => {
      const list = p.commands;
      if (!Array.isArray(list)) throw bad("commands must be an Array");
      if (mode.strict) {
        if (list.length > 100) throw bad("too many commands specified");
        for (const c of list) {
          if (!isRecord(c) || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
          if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
            throw bad("command description must be 1-256 characters long");
          }
        }
      }
      commands.set(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""]), clone(list));
      return true;
    },
    getMyCommands: (p) => commands.get(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""])) ?? [],
    deleteMyCommands: (p) => {
      commands.delete(canonical([p.scope ?? { type: "default" }, p.language_code ?? ""]));
      return true;
    },
    setChatMenuButton: (p) => {
      menuButtons.set(String(p.chat_id ?? "default"), p.menu_button ?? { type: "default" });
      return true;
    },
    getChatMenuButton: (p) => menuButtons.get(String(p.chat_id ?? "default")) ?? { type: "commands" },
    setWebhook: (p) => {
      const url = typeof p.url === "string" ? p.url : "";
      if (url === "") {
        webhook = undefined;
        return true;
      }
      if (mode.strict && !url.startsWith("https://")) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
      if (mode.strict && p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
        throw bad("secret token contains unallowed characters");
      }
      webhook = { url, maxConnections: typeof p.max_connections === "number" ? p.max_connections : 40 };
      if (typeof p.secret_token === "string") webhook.secret = p.secret_token;
      if (Array.isArray(p.allowed_updates)) webhook.allowedUpdates = p.allowed_updates as string[];
      if (p.drop_pending_updates === true) updates.dropPending();
      return true;
    },
    deleteWebhook: (p) => {
      webhook = undefined;
      if (p.drop_pending_updates === true) updates.dropPending();
      return true;
    },
    getWebhookInfo: () => {
      const info: Record<string, unknown> = { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: updates.pendingCount() };
      if (webhook) {
        info.max_connections = webhook.maxConnections;
        info.ip_address = "127.0.0.1";
        if (webhook.allowedUpdates) info.allowed_updates = webhook.allowedUpdates;
      }
      return info;
    },
    getFile: (p) => {
      const file = typeof p.file_id === "string" ? files.get(p.file_id) : undefined;
      if (!file) throw bad("invalid file_id");
      if (file.size > MAX_DOWNLOAD_BYTES) throw bad("file is too big");
      return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
    },
    getChat: (p) => {
      const chat = state.resolveChat(p.chat_id);
      return {
        ...chat,
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
      };
    },
  };
  for (const method of TRUE_METHODS) builtins[method] ??= () => true;
  // Known groups (groups.ts) have their own rules; other chats keep the behaviour above.
  for (const [name, method] of Object.entries(groups.methods)) {
    const base = builtins[name];
    builtins[name] = (p, decoded) =>
      method(p, () => {
        // A group method without an older behaviour: the chat must be a group the fake knows.
        if (!base) throw bad("chat not found");
        return base(p, decoded);
      });
  }
  for (const [name, method] of Object.entries(builtins)) {
    builtins[name] = (p, decoded) => {
      groups.guard(name, p);
      return method(p, decoded);
    };
  }

  return {
    builtins,
    /** While a webhook is set, getUpdates answers 409. */
    hasWebhook: () => webhook !== undefined,
    /** Forgets the webhook, commands and menu buttons. */
    reset(): void {
      webhook = undefined;
      commands = new Map();
      menuButtons = new Map();
    },
  };
}
