// Update builders for tests and benchmarks (makeTextUpdate, makeCallbackUpdate), and
// the message ids they and every fake in the process share.
import type { CallbackQuery, Chat, Message, Update, User } from "grammy/types";
import type { PendingUpdate } from "./types.js";
import { unixNow } from "./util.js";

export const DEFAULT_BOT_ID = 7_000_000_001; // above 2^32 on purpose: catches int32 storage of Telegram ids
export const DEFAULT_BOT_USERNAME = "teachers_test_bot";

// Message ids are shared by the helpers and every fake in the process so a
// hand-built user message never reuses the id of a message the bot sent.
const messageCounters = new Map<string, number>();
export function nextMessageId(chatId: number | string): number {
  const key = String(chatId);
  const next = (messageCounters.get(key) ?? 0) + 1;
  messageCounters.set(key, next);
  return next;
}
/** A fresh message id in `chatId`, never one the fake gave a bot message (for hand-built user messages). */
export function newMessageId(chatId: number | string): number {
  return nextMessageId(chatId);
}
export function bumpMessageId(chatId: number | string, seen: number): void {
  const key = String(chatId);
  if ((messageCounters.get(key) ?? 0) < seen) messageCounters.set(key, seen);
}
let callbackQueryCounter = 0;

export interface FakeUserInput {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

function toUser(from: FakeUserInput): User {
  const user: User = { id: from.id, is_bot: false, first_name: from.first_name ?? `User ${from.id}` };
  if (from.last_name !== undefined) user.last_name = from.last_name;
  if (from.username !== undefined) user.username = from.username;
  if (from.language_code !== undefined) user.language_code = from.language_code;
  return user;
}

export function privateChatOf(user: User): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

/**
 * A text message from `from`, in their private chat unless `chat` is given.
 * A leading "/command" gets its bot_command entity, as Telegram adds it.
 */
export function makeTextUpdate(from: FakeUserInput, text: string, chat?: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat): PendingUpdate {
  const user = toUser(from);
  const where = chat ?? privateChatOf(user);
  const message: Message & Update.NonChannel = {
    message_id: nextMessageId(where.id),
    date: unixNow(),
    chat: where,
    from: user,
    text,
  };
  const command = /^\/[^\s]+/.exec(text);
  if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
  return { message };
}

/** What {@link makeCallbackUpdate} needs of the message that carries the button. */
export type CallbackMessageInput = Partial<Message> & { message_id: number };

/**
 * A press on an inline button with `data`, attached to `message` (typically
 * the Message the fake answered to sendMessage; missing fields are filled in
 * as a bot message in `from`'s private chat).
 */
export function makeCallbackUpdate(from: FakeUserInput, data: string, message: CallbackMessageInput): PendingUpdate {
  const user = toUser(from);
  const full = {
    date: unixNow(),
    chat: privateChatOf(user),
    from: { id: DEFAULT_BOT_ID, is_bot: true, first_name: "Test bot", username: DEFAULT_BOT_USERNAME },
    ...message,
  } as Message;
  const callback_query: CallbackQuery = {
    id: String(++callbackQueryCounter),
    from: user,
    chat_instance: `ci${Math.abs(full.chat.id)}`,
    data,
    message: full,
  };
  return { callback_query };
}
