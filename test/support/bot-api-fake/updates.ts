// Update builders for tests and benchmarks (makeTextUpdate, makeCallbackUpdate, the group
// ones: makeGroupTextUpdate, makeMyChatMemberUpdate, ...), and
// the message ids they and every fake in the process share.
import type {
  CallbackQuery,
  Chat,
  ChatAdministratorRights,
  ChatInviteLink,
  ChatJoinRequest,
  ChatMember,
  ChatMemberUpdated,
  ChatPermissions,
  Message,
  MessageEntity,
  MessageOrigin,
  PhotoSize,
  Update,
  User,
} from "grammy/types";
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

// --- groups (issue 11: the bot as an admin of teachers' supergroups) --------------------

export type GroupChat = Chat.GroupChat | Chat.SupergroupChat;

/** What a group chat is made of; `id` defaults to a fresh negative id of the right shape. */
export interface GroupChatInput {
  id?: number;
  type?: "supergroup" | "group";
  title?: string;
  is_forum?: boolean;
  username?: string;
}

let groupCounter = 0;
/** A group chat as it appears in updates (supergroup ids look like -100xxxxxxxxxx, basic group ids like -xxxxxxxxx). */
export function makeGroupChat(input: GroupChatInput = {}): GroupChat {
  const type = input.type ?? "supergroup";
  const n = ++groupCounter;
  const id = input.id ?? (type === "supergroup" ? -1_002_000_000_000 - n : -400_000_000 - n);
  if (id >= 0) throw new Error(`a group chat id is negative, got ${id}`);
  const title = input.title ?? `Group ${-id}`;
  if (type === "group") return { id, type, title };
  const chat: Chat.SupergroupChat = { id, type, title };
  if (input.username !== undefined) chat.username = input.username;
  if (input.is_forum) chat.is_forum = true;
  return chat;
}

/** Every administrator right, all false; a member's rights start from here. */
export const NO_ADMIN_RIGHTS: ChatAdministratorRights = {
  is_anonymous: false,
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_pin_messages: false,
  can_manage_topics: false,
  can_send_welcome_messages: false,
};

/** The rights Telegram proposes when a bot is made an admin (everything but anonymity and promoting). */
export const DEFAULT_BOT_ADMIN_RIGHTS: ChatAdministratorRights = {
  ...NO_ADMIN_RIGHTS,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_change_info: true,
  can_invite_users: true,
  can_pin_messages: true,
  can_manage_topics: true,
};

/** Every ChatPermissions flag, all true (an unrestricted member). */
export const ALL_PERMISSIONS: Required<Omit<ChatPermissions, "can_edit_tag">> = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_react_to_messages: true,
  can_change_info: true,
  can_invite_users: true,
  can_pin_messages: true,
  can_manage_topics: true,
};

/**
 * A membership, short or full: "member", "left", "kicked", "creator", "administrator"
 * (with {@link DEFAULT_BOT_ADMIN_RIGHTS}), or an object with the rights, the
 * restrictions or the ban's until_date.
 */
export type MemberInput =
  | "member"
  | "left"
  | "kicked"
  | "creator"
  | "administrator"
  | { status: "administrator"; rights?: Partial<ChatAdministratorRights>; custom_title?: string; can_be_edited?: boolean }
  | { status: "restricted"; permissions?: Partial<ChatPermissions>; until_date?: number; is_member?: boolean }
  | { status: "kicked"; until_date?: number }
  | { status: "member"; until_date?: number }
  | { status: "creator"; custom_title?: string };

/** The ChatMember Telegram answers for `user` with membership `input`. */
export function chatMemberOf(user: User, input: MemberInput): ChatMember {
  const m = typeof input === "string" ? { status: input } : input;
  switch (m.status) {
    case "creator":
      return { status: "creator", user, is_anonymous: false, ...("custom_title" in m && m.custom_title ? { custom_title: m.custom_title } : {}) };
    case "administrator": {
      const a = m as { rights?: Partial<ChatAdministratorRights>; custom_title?: string; can_be_edited?: boolean };
      const member: ChatMember = {
        status: "administrator",
        user,
        can_be_edited: a.can_be_edited ?? false,
        ...DEFAULT_BOT_ADMIN_RIGHTS,
        ...a.rights,
      };
      if (a.custom_title) (member as { custom_title?: string }).custom_title = a.custom_title;
      return member;
    }
    case "restricted": {
      const r = m as { permissions?: Partial<ChatPermissions>; until_date?: number; is_member?: boolean };
      return {
        status: "restricted",
        user,
        is_member: r.is_member ?? true,
        ...ALL_PERMISSIONS,
        can_edit_tag: false,
        ...r.permissions,
        until_date: r.until_date ?? 0,
      };
    }
    case "kicked":
      return { status: "kicked", user, until_date: ("until_date" in m ? m.until_date : undefined) ?? 0 };
    case "left":
      return { status: "left", user };
    default: {
      const until = "until_date" in m ? m.until_date : undefined;
      return until ? { status: "member", user, until_date: until } : { status: "member", user };
    }
  }
}

const botUserOf = (bot?: User): User => bot ?? { id: DEFAULT_BOT_ID, is_bot: true, first_name: "Test bot", username: DEFAULT_BOT_USERNAME };

/** What a group message may carry besides its text. */
export interface GroupMessageOptions {
  message_id?: number;
  /** Unix seconds; an old date makes a message that can no longer be deleted (48 h). */
  date?: number;
  reply_to_message?: Message;
  /** A topic of a forum: sets is_topic_message too (unless given) when the chat is a forum. */
  message_thread_id?: number;
  is_topic_message?: boolean;
  entities?: MessageEntity[];
  forward_origin?: MessageOrigin;
  /** A photo: the text becomes its caption (and `entities` its caption_entities). `true` makes up the sizes. */
  photo?: PhotoSize[] | true;
}

function groupMessage(from: FakeUserInput, chat: GroupChat, options: GroupMessageOptions): Message & Update.NonChannel {
  const message: Record<string, unknown> = {
    message_id: options.message_id ?? nextMessageId(chat.id),
    date: options.date ?? unixNow(),
    chat,
    from: toUser(from),
  };
  if (options.message_id !== undefined) bumpMessageId(chat.id, options.message_id);
  if (options.message_thread_id !== undefined) {
    message.message_thread_id = options.message_thread_id;
    const topic = options.is_topic_message ?? (chat.type === "supergroup" && chat.is_forum === true);
    if (topic) message.is_topic_message = true;
  }
  if (options.reply_to_message) {
    const { reply_to_message: _nested, ...rest } = options.reply_to_message as Message & { reply_to_message?: unknown };
    message.reply_to_message = rest;
  }
  if (options.forward_origin) message.forward_origin = options.forward_origin;
  return message as unknown as Message & Update.NonChannel;
}

/**
 * A member's message in a group: a text (with `entities`, e.g. url/text_link), or a
 * photo captioned `text`; a leading "/command" gets its bot_command entity.
 */
export function makeGroupTextUpdate(from: FakeUserInput, chat: GroupChat, text: string, options: GroupMessageOptions = {}): PendingUpdate {
  const message = groupMessage(from, chat, options) as unknown as Record<string, unknown>;
  const command = /^\/[^\s]+/.exec(text);
  const entities = options.entities ?? (command ? [{ type: "bot_command", offset: 0, length: command[0].length }] : undefined);
  if (options.photo) {
    message.photo =
      options.photo === true
        ? [90, 320, 800].map((w, i) => ({
            file_id: `photo-${chat.id}-${message.message_id as number}-${i}`,
            file_unique_id: `up-${chat.id}-${message.message_id as number}-${i}`,
            width: w,
            height: w,
            file_size: w * 100,
          }))
        : options.photo;
    if (text !== "") message.caption = text;
    if (entities) message.caption_entities = entities;
  } else {
    message.text = text;
    if (entities) message.entities = entities;
  }
  return { message: message as unknown as Message & Update.NonChannel };
}

/** "/command@bot args" in a group, with its bot_command entity (the @bot part is left out when `botUsername` is ""). */
export function makeGroupCommandUpdate(
  from: FakeUserInput,
  chat: GroupChat,
  command: string,
  args = "",
  options: GroupMessageOptions & { botUsername?: string } = {},
): PendingUpdate {
  const username = options.botUsername ?? DEFAULT_BOT_USERNAME;
  const head = `/${command.replace(/^\//, "")}${username ? `@${username}` : ""}`;
  const text = args ? `${head} ${args}` : head;
  return makeGroupTextUpdate(from, chat, text, { ...options, entities: [{ type: "bot_command", offset: 0, length: head.length }] });
}

/** The bot's own membership changed (added, promoted, demoted, removed) by `from`. */
export function makeMyChatMemberUpdate(input: { chat: GroupChat; from: FakeUserInput; old: MemberInput; new: MemberInput; bot?: User; date?: number }): PendingUpdate {
  const bot = botUserOf(input.bot);
  const my_chat_member: ChatMemberUpdated = {
    chat: input.chat,
    from: toUser(input.from),
    date: input.date ?? unixNow(),
    old_chat_member: chatMemberOf(bot, input.old),
    new_chat_member: chatMemberOf(bot, input.new),
  };
  return { my_chat_member };
}

/**
 * A member's membership changed (joined, left, banned, approved): `old` defaults to
 * "left" and `new` to "member" (a join); `from` defaults to the user.
 */
export function makeChatMemberUpdate(input: {
  chat: GroupChat;
  user: FakeUserInput;
  old?: MemberInput;
  new?: MemberInput;
  from?: FakeUserInput;
  invite_link?: ChatInviteLink;
  via_join_request?: boolean;
  date?: number;
}): PendingUpdate {
  const user = toUser(input.user);
  const chat_member: ChatMemberUpdated = {
    chat: input.chat,
    from: toUser(input.from ?? input.user),
    date: input.date ?? unixNow(),
    old_chat_member: chatMemberOf(user, input.old ?? "left"),
    new_chat_member: chatMemberOf(user, input.new ?? "member"),
  };
  if (input.invite_link) chat_member.invite_link = input.invite_link;
  if (input.via_join_request) chat_member.via_join_request = true;
  return { chat_member };
}

/** A request to join a supergroup through an invite link that needs approval. */
export function makeChatJoinRequestUpdate(input: {
  chat: Chat.SupergroupChat;
  user: FakeUserInput;
  invite_link?: ChatInviteLink;
  bio?: string;
  /** The private chat the bot may write to for 5 minutes; defaults to the user's id. */
  user_chat_id?: number;
  date?: number;
}): PendingUpdate {
  const chat_join_request: ChatJoinRequest = {
    chat: input.chat,
    from: toUser(input.user),
    user_chat_id: input.user_chat_id ?? input.user.id,
    date: input.date ?? unixNow(),
  };
  if (input.invite_link) chat_join_request.invite_link = input.invite_link;
  if (input.bio !== undefined) chat_join_request.bio = input.bio;
  return { chat_join_request };
}

/** "X added Y (and Z)": a new_chat_members service message (the bot may be among them: pass its user). */
export function makeNewChatMembersUpdate(chat: GroupChat, from: FakeUserInput, members: Array<FakeUserInput | User>, options: { date?: number } = {}): PendingUpdate {
  const message = groupMessage(from, chat, options) as unknown as Record<string, unknown>;
  message.new_chat_members = members.map((m) => ("is_bot" in m ? m : toUser(m)));
  return { message: message as unknown as Message & Update.NonChannel };
}

/**
 * A basic group upgraded to a supergroup: the old group's service message with
 * migrate_to_chat_id, then the new supergroup's with migrate_from_chat_id. Push both.
 */
export function makeMigrationUpdates(input: { group: Chat.GroupChat; from: FakeUserInput; supergroup?: GroupChatInput }): [PendingUpdate, PendingUpdate] {
  const supergroup = makeGroupChat({ title: input.group.title, ...input.supergroup, type: "supergroup" }) as Chat.SupergroupChat;
  const date = unixNow();
  const from = toUser(input.from);
  const to = { message_id: nextMessageId(input.group.id), date, chat: input.group, from, migrate_to_chat_id: supergroup.id };
  // In the new supergroup the service message comes from the group itself (sender_chat).
  const fromMessage = { message_id: nextMessageId(supergroup.id), date, chat: supergroup, from, sender_chat: input.group, migrate_from_chat_id: input.group.id };
  return [{ message: to }, { message: fromMessage }];
}
