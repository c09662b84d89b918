// What Telegram remembers of chats and messages: chats seen in updates, the messages
// the bot sent or received in their current (edited) state, so that edits, replies,
// copies and forwards behave as on the real server.
import type { Chat, InlineKeyboardMarkup, Message, User } from "grammy/types";
import type { FileStore } from "./files.js";
import { bad, type FakeMode } from "./types.js";
import { bumpMessageId, nextMessageId, privateChatOf } from "./updates.js";
import { clone, isRecord, unixNow } from "./util.js";
import { inlineMarkupOf } from "./validation.js";

export type ChatState = ReturnType<typeof createChatState>;

const messageKey = (chatId: number | string, messageId: number) => `${chatId}:${messageId}`;

/** Content fields of a stored message that copying or forwarding carries over. */
export function contentOf(message: Message): Record<string, unknown> {
  const source = message as unknown as Record<string, unknown>;
  const content: Record<string, unknown> = {};
  for (const k of [
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "video",
    "audio",
    "voice",
    "animation",
    "sticker",
    "video_note",
    "contact",
    "location",
    "poll",
  ]) {
    if (source[k] !== undefined) content[k] = clone(source[k]);
  }
  return content;
}

export function createChatState(mode: FakeMode, botUser: User, files: FileStore) {
  let messages = new Map<string, Message>();
  let chats = new Map<string, Chat>();

  function rememberChat(chat: unknown): void {
    if (isRecord(chat) && typeof chat.id === "number") chats.set(String(chat.id), clone(chat) as unknown as Chat);
  }

  /** The private chat with a user, unless one is known already. */
  function rememberPrivateChat(user: User): void {
    if (!chats.has(String(user.id))) rememberChat(privateChatOf(user));
  }

  function resolveChat(chatId: unknown): Chat {
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      const existing = [...chats.values()].find((c) => "username" in c && `@${c.username}` === chatId);
      if (existing) return existing;
      const chat = { id: -1001000000000 - chats.size, type: "channel", title: chatId.slice(1), username: chatId.slice(1) } as Chat;
      chats.set(String(chat.id), chat);
      return chat;
    }
    const id = typeof chatId === "number" ? chatId : typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : NaN;
    if (!Number.isSafeInteger(id) || id === 0) throw bad(chatId === undefined ? "chat_id is empty" : "chat not found");
    const known = chats.get(String(id));
    if (known) return known;
    if (id > 0) return { id, type: "private", first_name: `User ${id}` };
    if (id <= -1000000000000) return { id, type: "supergroup", title: `Supergroup ${-id}` };
    return { id, type: "group", title: `Group ${-id}` };
  }

  function rememberMessage(message: unknown): void {
    if (!isRecord(message) || typeof message.message_id !== "number" || !isRecord(message.chat)) return;
    const chat = message.chat;
    rememberChat(chat);
    if (isRecord(message.from) && typeof message.from.id === "number" && !message.from.is_bot) {
      rememberPrivateChat(message.from as unknown as User);
    }
    bumpMessageId(chat.id as number, message.message_id);
    messages.set(messageKey(chat.id as number, message.message_id), clone(message) as unknown as Message);
    for (const kind of ["document", "audio", "video", "voice", "animation", "video_note", "sticker"]) {
      const media = message[kind];
      if (isRecord(media)) files.rememberFile(media.file_id, media.file_unique_id, media.file_size, kind);
    }
    if (Array.isArray(message.photo)) {
      for (const size of message.photo) if (isRecord(size)) files.rememberFile(size.file_id, size.file_unique_id, size.file_size, "photo");
    }
    if (isRecord(message.reply_to_message)) rememberMessage(message.reply_to_message);
  }

  return {
    rememberChat,
    rememberPrivateChat,
    resolveChat,
    rememberMessage,

    /** Stores a message the bot sends: a new id in the chat, the reply it answers, its inline keyboard. */
    storeSent(chat: Chat, fields: Record<string, unknown>, payload: Record<string, unknown>): Message {
      const message: Record<string, unknown> = {
        message_id: nextMessageId(chat.id),
        from: botUser,
        chat,
        date: unixNow(),
      };
      if (typeof payload.message_thread_id === "number") {
        message.message_thread_id = payload.message_thread_id;
        if (chat.type === "supergroup" && chat.is_forum) message.is_topic_message = true;
      }
      const replyTo = isRecord(payload.reply_parameters) ? payload.reply_parameters.message_id : payload.reply_to_message_id;
      if (typeof replyTo === "number") {
        const original = messages.get(messageKey(chat.id, replyTo));
        if (original) {
          const { reply_to_message: _nested, ...rest } = original as Message & { reply_to_message?: unknown };
          message.reply_to_message = rest;
        } else if (mode.strict && !(isRecord(payload.reply_parameters) && payload.reply_parameters.allow_sending_without_reply)) {
          throw bad("message to be replied not found");
        }
      }
      Object.assign(message, fields);
      const markup = inlineMarkupOf(payload.reply_markup, mode.strict);
      if (markup) message.reply_markup = markup;
      messages.set(messageKey(chat.id, message.message_id as number), clone(message) as unknown as Message);
      return message as unknown as Message;
    },

    /** The message an edit names (none for inline messages); outside strict mode an unknown one is made up. */
    findMessage(payload: Record<string, unknown>, notFound: string): { key: string; message: Message } | undefined {
      if (typeof payload.inline_message_id === "string") return undefined;
      const chat = resolveChat(payload.chat_id);
      const messageId = payload.message_id;
      if (typeof messageId !== "number") throw bad("message identifier is not specified");
      const key = messageKey(chat.id, messageId);
      const existing = messages.get(key);
      if (existing) return { key, message: existing };
      if (mode.strict) throw bad(notFound);
      const created = { message_id: messageId, from: botUser, chat, date: unixNow(), text: "" } as Message;
      messages.set(key, created);
      return { key, message: created };
    },

    applyEdit(key: string, current: Message, changes: Record<string, unknown>, markup: InlineKeyboardMarkup | undefined): Message {
      const next = { ...clone(current), ...changes, edit_date: unixNow() } as Record<string, unknown>;
      for (const [k, v] of Object.entries(changes)) if (v === undefined) delete next[k];
      if (markup) next.reply_markup = markup;
      else delete next.reply_markup;
      messages.set(key, next as unknown as Message);
      return clone(next) as unknown as Message;
    },

    /** The message copyMessage(s) or forwardMessage takes (from_chat_id, message_id). */
    sourceMessage(p: Record<string, unknown>): Message {
      const fromChat = resolveChat(p.from_chat_id);
      const id = p.message_id;
      const found = typeof id === "number" ? messages.get(messageKey(fromChat.id, id)) : undefined;
      if (found) return found;
      if (mode.strict) throw bad(typeof id === "number" ? "message to copy not found" : "message identifier is not specified");
      return { message_id: Number(id), chat: fromChat, date: unixNow(), text: "(unknown message)" };
    },

    deleteMessage(chatId: number, messageId: number): void {
      messages.delete(messageKey(chatId, messageId));
    },

    /** Whether the fake has seen this user (a private chat, a message, a membership). */
    knowsUser(userId: number): boolean {
      return chats.has(String(userId));
    },

    getMessage(chatId: number, messageId: number): Message | undefined {
      const found = messages.get(messageKey(chatId, messageId));
      return found && clone(found);
    },

    messagesIn(chatId: number): Message[] {
      return [...messages.values()]
        .filter((m) => m.chat.id === chatId)
        .sort((a, b) => a.message_id - b.message_id)
        .map(clone);
    },

    reset(): void {
      messages = new Map();
      chats = new Map();
    },
  };
}
