// Groups and supergroups (issue 11: the bot is an admin of teachers' supergroups): who
// is in them and with which rights, restrictions and bans, forum topics, pinned
// messages, invite links, pending join requests and deleted messages; the Bot API
// methods that read or change them, refused as the real server refuses them.
//
// Group rules apply only to groups the fake knows: made with `fake.groups.create`
// or seen in a membership update (my_chat_member, chat_member, chat_join_request,
// new_chat_members, a migration). Any other chat keeps the fake's older, lenient
// behaviour (deleteMessage of an unknown message answers true, and so on).
import type { Chat, ChatAdministratorRights, ChatInviteLink, ChatJoinRequest, ChatMember, ChatPermissions, ForumTopic, User } from "grammy/types";
import type { ChatState } from "./chat-state.js";
import { bad, BotApiFakeError, type FakeMode, type PendingUpdate } from "./types.js";
import {
  ALL_PERMISSIONS,
  chatMemberOf,
  makeGroupChat,
  nextMessageId,
  NO_ADMIN_RIGHTS,
  type FakeUserInput,
  type GroupChat,
  type GroupChatInput,
  type MemberInput,
} from "./updates.js";
import { clone, isRecord, unixNow } from "./util.js";

/** What `fake.groups.get(chatId)` answers: a copy of a group's state. */
export interface GroupSnapshot {
  chat: GroupChat;
  /** The bot's own membership. */
  bot: ChatMember;
  /** Every user with a membership record, whatever its status (the bot excluded). */
  members: ChatMember[];
  /** Users in the group now: creator, administrators, members, restricted members (the bot excluded). */
  memberIds: number[];
  /** Restricted users: their permissions and until_date (0: for ever). */
  restrictions: Array<{ userId: number; permissions: ChatPermissions; until_date: number; is_member: boolean }>;
  /** Banned users (status kicked) and until_date (0: for ever). */
  bans: Array<{ userId: number; until_date: number }>;
  topics: ForumTopic[];
  /** Pinned message ids, the most recent last. */
  pinned: number[];
  inviteLinks: ChatInviteLink[];
  /** Join requests not yet approved or declined. */
  joinRequests: ChatJoinRequest[];
  /** Ids deleted through deleteMessage(s) or banChatMember revoke_messages, in order. */
  deletedMessageIds: number[];
  migratedToChatId?: number;
  migratedFromChatId?: number;
}

/** Test-side control of the groups the fake knows (`fake.groups`). */
export interface FakeGroups {
  /**
   * A group the bot is in; `bot` defaults to "administrator" with DEFAULT_BOT_ADMIN_RIGHTS,
   * `creator` (optional) becomes its owner. Returns the Chat as updates carry it.
   */
  create(input?: GroupChatInput & { type?: "supergroup"; bot?: MemberInput; creator?: FakeUserInput }): Chat.SupergroupChat;
  create(input: GroupChatInput & { type: "group"; bot?: MemberInput; creator?: FakeUserInput }): Chat.GroupChat;
  /** Sets the bot's own membership (no update is queued: push makeMyChatMemberUpdate for that). */
  setBotMembership(chatId: number, membership: MemberInput): ChatMember;
  /** Makes `user` a member, or gives them another membership (admin, restricted, left, kicked). */
  setMember(chatId: number, user: FakeUserInput, membership?: MemberInput): ChatMember;
  /** A pending join request, as a chat_join_request update would leave it. */
  addJoinRequest(chatId: number, user: FakeUserInput, options?: { invite_link?: ChatInviteLink; bio?: string; user_chat_id?: number }): ChatJoinRequest;
  /** A forum topic, as if an admin had created it; returns it (message_thread_id included). */
  addTopic(chatId: number, name: string, options?: { icon_color?: number }): ForumTopic;
  topics(chatId: number): ForumTopic[];
  /** The membership Telegram would answer (expired restrictions and bans lifted), or undefined. */
  member(chatId: number, userId: number): ChatMember | undefined;
  get(chatId: number): GroupSnapshot | undefined;
  /** Chat ids of every group the fake knows. */
  ids(): number[];
}

interface GroupRecord {
  chat: GroupChat;
  bot: ChatMember;
  members: Map<number, ChatMember>;
  topics: Map<number, ForumTopic>;
  pinned: number[];
  inviteLinks: Map<string, ChatInviteLink>;
  joinRequests: Map<number, ChatJoinRequest>;
  deleted: number[];
  permissions: ChatPermissions;
  migratedTo?: number;
  migratedFrom?: number;
}

/** A group's own method: carries it out for a known group, or calls `next` (the older behaviour) for other chats. */
type GroupMethod = (p: Record<string, unknown>, next: () => unknown) => unknown;

const TOPIC_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f];
const DELETE_WINDOW_SECONDS = 48 * 3600;
const ADMIN_RIGHT_KEYS = Object.keys(NO_ADMIN_RIGHTS) as Array<keyof ChatAdministratorRights>;
const PERMISSION_KEYS = Object.keys(ALL_PERMISSIONS) as Array<keyof ChatPermissions>;

const inChat = (m: ChatMember) => m.status === "creator" || m.status === "administrator" || m.status === "member" || (m.status === "restricted" && m.is_member);
const isAdmin = (m: ChatMember) => m.status === "creator" || m.status === "administrator";

/** Telegram's "for ever": an until_date under 30 seconds or over 366 days away. */
function untilDate(value: unknown): number {
  if (typeof value !== "number" || value <= 0) return 0;
  const ahead = value - unixNow();
  return ahead < 30 || ahead > 366 * 86400 ? 0 : value;
}

function toUser(input: FakeUserInput | User): User {
  if ("is_bot" in input) return clone(input);
  const user: User = { id: input.id, is_bot: false, first_name: input.first_name ?? `User ${input.id}` };
  if (input.last_name !== undefined) user.last_name = input.last_name;
  if (input.username !== undefined) user.username = input.username;
  if (input.language_code !== undefined) user.language_code = input.language_code;
  return user;
}

export function createGroups(mode: FakeMode, botUser: User, state: ChatState, queueUpdate: (update: PendingUpdate) => void) {
  let groups = new Map<number, GroupRecord>();
  let defaultRights = { groups: { ...NO_ADMIN_RIGHTS }, channels: { ...NO_ADMIN_RIGHTS } };
  let linkCounter = 0;

  function register(chat: GroupChat, bot: MemberInput): GroupRecord {
    const existing = groups.get(chat.id);
    if (existing) return existing;
    const record: GroupRecord = {
      chat: clone(chat),
      bot: chatMemberOf(botUser, bot),
      members: new Map(),
      topics: new Map(),
      pinned: [],
      inviteLinks: new Map(),
      joinRequests: new Map(),
      deleted: [],
      permissions: { ...ALL_PERMISSIONS, can_change_info: false, can_invite_users: true, can_pin_messages: false, can_manage_topics: false },
    };
    groups.set(chat.id, record);
    state.rememberChat(chat);
    return record;
  }

  function find(chatId: unknown): GroupRecord | undefined {
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      return [...groups.values()].find((g) => "username" in g.chat && `@${g.chat.username}` === chatId);
    }
    const id = typeof chatId === "number" ? chatId : typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : NaN;
    return groups.get(id);
  }

  function known(chatId: number): GroupRecord {
    const g = groups.get(chatId);
    if (!g) throw new Error(`the fake knows no group ${chatId}: create it with fake.groups.create()`);
    return g;
  }

  /** The membership as Telegram answers it now: expired restrictions and bans are lifted. */
  function current(g: GroupRecord, userId: number): ChatMember | undefined {
    if (userId === botUser.id) return g.bot;
    const m = g.members.get(userId);
    if (!m) return undefined;
    if ((m.status === "restricted" || m.status === "kicked") && m.until_date > 0 && m.until_date <= unixNow()) {
      const lifted: ChatMember = m.status === "restricted" && m.is_member ? { status: "member", user: m.user } : { status: "left", user: m.user };
      g.members.set(userId, lifted);
      return lifted;
    }
    return m;
  }

  function setMember(g: GroupRecord, member: ChatMember): void {
    if (member.user.id === botUser.id) g.bot = clone(member);
    else g.members.set(member.user.id, clone(member));
    if (member.user.id !== botUser.id && !member.user.is_bot) state.rememberPrivateChat(member.user);
  }

  function userOf(g: GroupRecord, userId: number): User {
    const m = g.members.get(userId) ?? g.joinRequests.get(userId);
    if (m) return clone("user" in m ? m.user : m.from);
    return { id: userId, is_bot: false, first_name: `User ${userId}` };
  }

  function userIdOf(p: Record<string, unknown>): number {
    const id = typeof p.user_id === "number" ? p.user_id : typeof p.user_id === "string" && /^\d+$/.test(p.user_id) ? Number(p.user_id) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) throw bad(p.user_id === undefined ? "user_id is empty" : "invalid user_id specified");
    return id;
  }

  function hasRight(g: GroupRecord, right: keyof ChatAdministratorRights): boolean {
    const b = g.bot;
    if (b.status === "creator") return true;
    return b.status === "administrator" && (b as unknown as Record<string, unknown>)[right] === true;
  }

  function requireRight(g: GroupRecord, right: keyof ChatAdministratorRights, description: string): void {
    if (!hasRight(g, right)) throw bad(description);
  }

  /** The change of a member's status, queued as Telegram sends it to admins (delivered only if allowed_updates asks for chat_member). */
  function notifyChange(g: GroupRecord, old: ChatMember, next: ChatMember, extra: { invite_link?: ChatInviteLink; via_join_request?: boolean } = {}): void {
    queueUpdate({
      chat_member: {
        chat: clone(g.chat),
        from: clone(botUser),
        date: unixNow(),
        old_chat_member: clone(old),
        new_chat_member: clone(next),
        ...(extra.invite_link ? { invite_link: clone(extra.invite_link) } : {}),
        ...(extra.via_join_request ? { via_join_request: true } : {}),
      },
    });
  }

  function changeMember(g: GroupRecord, userId: number, next: ChatMember, extra?: { invite_link?: ChatInviteLink; via_join_request?: boolean }): void {
    const old = current(g, userId) ?? { status: "left", user: userOf(g, userId) };
    setMember(g, next);
    notifyChange(g, old, next, extra);
  }

  function addTopic(g: GroupRecord, name: string, iconColor: number, iconEmoji?: string): ForumTopic {
    // As on Telegram, a topic's id is the id of its "topic created" service message.
    const id = nextMessageId(g.chat.id);
    const topic: ForumTopic = { message_thread_id: id, name, icon_color: iconColor };
    if (iconEmoji) topic.icon_custom_emoji_id = iconEmoji;
    g.topics.set(id, topic);
    state.rememberMessage({
      message_id: id,
      date: unixNow(),
      chat: g.chat,
      from: botUser,
      message_thread_id: id,
      is_topic_message: true,
      forum_topic_created: { name, icon_color: iconColor, ...(iconEmoji ? { icon_custom_emoji_id: iconEmoji } : {}) },
    });
    return topic;
  }

  function migrate(oldChatId: number, group: GroupChat | undefined, supergroup: GroupChat): void {
    const old = groups.get(oldChatId) ?? (group ? register(group, "member") : undefined);
    let fresh = groups.get(supergroup.id);
    if (!fresh) {
      fresh = register(supergroup, "member");
      if (old) fresh.bot = clone(old.bot);
    }
    fresh.migratedFrom = oldChatId;
    if (old) {
      old.migratedTo = supergroup.id;
      for (const [id, m] of old.members) if (!fresh.members.has(id)) fresh.members.set(id, clone(m));
    }
  }

  /** Takes in what an update tells about a group (memberships, requests, migrations, who wrote). */
  function applyUpdate(update: Record<string, unknown>): void {
    const my = update.my_chat_member;
    if (isRecord(my) && isRecord(my.chat) && my.chat.type !== "private" && my.chat.type !== "channel") {
      const g = register(my.chat as unknown as GroupChat, "left");
      setMember(g, my.new_chat_member as ChatMember);
    }
    const cm = update.chat_member;
    if (isRecord(cm) && isRecord(cm.chat) && cm.chat.type !== "private" && cm.chat.type !== "channel") {
      const g = register(cm.chat as unknown as GroupChat, "administrator");
      const member = cm.new_chat_member as ChatMember;
      setMember(g, member);
      if (inChat(member)) g.joinRequests.delete(member.user.id);
    }
    const jr = update.chat_join_request;
    if (isRecord(jr) && isRecord(jr.chat) && jr.chat.type === "supergroup") {
      const g = register(jr.chat as unknown as GroupChat, "administrator");
      const request = clone(jr) as unknown as ChatJoinRequest;
      g.joinRequests.set(request.from.id, request);
      state.rememberPrivateChat(request.from);
      const link = request.invite_link && g.inviteLinks.get(request.invite_link.invite_link);
      if (link) link.pending_join_request_count = (link.pending_join_request_count ?? 0) + 1;
    }
    const message = update.message;
    if (!isRecord(message) || !isRecord(message.chat) || (message.chat.type !== "group" && message.chat.type !== "supergroup")) return;
    const chat = message.chat as unknown as GroupChat;
    if (typeof message.migrate_to_chat_id === "number") {
      migrate(chat.id, chat, { ...(groups.get(message.migrate_to_chat_id)?.chat ?? makeGroupChat({ id: message.migrate_to_chat_id, title: chat.title })) });
    }
    if (typeof message.migrate_from_chat_id === "number") migrate(message.migrate_from_chat_id, undefined, chat);
    if (Array.isArray(message.new_chat_members)) {
      const g = register(chat, "member");
      for (const u of message.new_chat_members as User[]) {
        const was = current(g, u.id);
        if (!was || !inChat(was)) setMember(g, chatMemberOf(u, "member"));
        g.joinRequests.delete(u.id);
      }
    }
    if (isRecord(message.left_chat_member)) {
      const g = register(chat, "member");
      const u = message.left_chat_member as unknown as User;
      if (current(g, u.id)?.status !== "kicked") setMember(g, chatMemberOf(u, "left"));
    }
    const g = groups.get(chat.id);
    if (g && isRecord(message.from) && !message.from.is_bot && typeof message.from.id === "number" && !g.members.has(message.from.id)) {
      setMember(g, chatMemberOf(message.from as unknown as User, "member"));
    }
  }

  /** Checks every call that names a known group: moved to a supergroup, bot not in it, an unknown forum topic. */
  function guard(method: string, p: Record<string, unknown>): void {
    const g = find(p.chat_id);
    if (!g) return;
    if (g.migratedTo !== undefined) {
      throw new BotApiFakeError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: g.migratedTo });
    }
    const kind = g.chat.type === "supergroup" ? "supergroup" : "group";
    if (g.bot.status === "kicked") throw new BotApiFakeError(403, `Forbidden: bot was kicked from the ${kind} chat`);
    if (g.bot.status === "left" && !(method === "getChat" && "username" in g.chat && g.chat.username)) {
      throw new BotApiFakeError(403, `Forbidden: bot is not a member of the ${kind} chat`);
    }
    if (/^(send|copy|forward)/.test(method) && typeof p.message_thread_id === "number" && g.chat.type === "supergroup" && g.chat.is_forum) {
      if (mode.strict && !g.topics.has(p.message_thread_id)) throw bad("message thread not found");
    }
  }

  /** Deletes one message under Telegram's rules; the refusal's description, or undefined when deleted. */
  function tryDelete(g: GroupRecord, messageId: unknown): string | undefined {
    if (typeof messageId !== "number") return "message identifier is not specified";
    const message = state.getMessage(g.chat.id, messageId);
    if (!message) return "message to delete not found";
    if (unixNow() - message.date > DELETE_WINDOW_SECONDS) return "message can't be deleted";
    const own = message.from?.id === botUser.id;
    const allowed = own || g.bot.status === "creator" || (g.bot.status === "administrator" && (g.chat.type === "group" || hasRight(g, "can_delete_messages")));
    if (!allowed) return "message can't be deleted";
    state.deleteMessage(g.chat.id, messageId);
    g.deleted.push(messageId);
    g.pinned = g.pinned.filter((id) => id !== messageId);
    return undefined;
  }

  function linkParams(p: Record<string, unknown>, link: ChatInviteLink): void {
    if (p.name !== undefined) {
      if (typeof p.name !== "string" || p.name.length > 32) throw bad("invite link name is too long");
      if (p.name === "") delete link.name;
      else link.name = p.name;
    }
    if (p.expire_date !== undefined) {
      if (typeof p.expire_date !== "number" || (p.expire_date !== 0 && p.expire_date <= unixNow())) throw bad("EXPIRE_DATE_INVALID");
      if (p.expire_date === 0) delete link.expire_date;
      else link.expire_date = p.expire_date;
    }
    if (p.member_limit !== undefined) {
      if (typeof p.member_limit !== "number" || !Number.isInteger(p.member_limit) || p.member_limit < 0 || p.member_limit > 99999) throw bad("USAGE_LIMIT_INVALID");
      if (p.member_limit === 0) delete link.member_limit;
      else link.member_limit = p.member_limit;
    }
    if (p.creates_join_request !== undefined) link.creates_join_request = p.creates_join_request === true;
    if (link.creates_join_request && link.member_limit !== undefined) {
      throw bad("member limit can't be specified for links requiring administrator approval");
    }
    if (link.creates_join_request) link.pending_join_request_count ??= 0;
    else delete link.pending_join_request_count;
  }

  function existingLink(g: GroupRecord, p: Record<string, unknown>): ChatInviteLink {
    const link = typeof p.invite_link === "string" ? g.inviteLinks.get(p.invite_link) : undefined;
    if (!link || link.is_revoked) throw bad("INVITE_HASH_EXPIRED");
    if (link.creator.id !== botUser.id && !hasRight(g, "can_invite_users")) throw bad("CHAT_ADMIN_REQUIRED");
    return link;
  }

  function newLink(g: GroupRecord, primary: boolean): ChatInviteLink {
    const hash = Buffer.from(`${g.chat.id}:${++linkCounter}:${Math.random()}`).toString("base64url").slice(-16);
    const link: ChatInviteLink = { invite_link: `https://t.me/+${hash}`, creator: clone(botUser), creates_join_request: false, is_primary: primary, is_revoked: false };
    g.inviteLinks.set(link.invite_link, link);
    return link;
  }

  function permissionsOf(value: unknown): ChatPermissions {
    if (!isRecord(value)) throw bad("permissions must be an Object");
    return Object.fromEntries(PERMISSION_KEYS.map((k) => [k, value[k] === true]));
  }

  function targetOf(g: GroupRecord, p: Record<string, unknown>, what: "restrict" | "ban"): number {
    const userId = userIdOf(p);
    if (userId === botUser.id) throw bad(what === "ban" ? "can't remove chat owner" : "can't restrict self");
    const m = current(g, userId);
    if (m?.status === "creator") throw bad("can't remove chat owner");
    if (m?.status === "administrator") throw bad("user is an administrator of the chat");
    return userId;
  }

  const methods: Record<string, GroupMethod> = {
    getChat: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      const info = next() as Record<string, unknown>;
      const primary = [...g.inviteLinks.values()].find((l) => l.is_primary && !l.is_revoked);
      return {
        ...info,
        ...clone(g.chat),
        permissions: clone(g.permissions),
        ...(primary ? { invite_link: primary.invite_link } : {}),
      };
    },
    getChatMember: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      const userId = userIdOf(p);
      const m = current(g, userId);
      if (m) return m;
      if (mode.strict && !state.knowsUser(userId)) throw bad("user not found");
      return { status: "left", user: userOf(g, userId) };
    },
    getChatAdministrators: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      const admins = [...g.members.keys()].map((id) => current(g, id)!).filter(isAdmin);
      if (isAdmin(g.bot)) admins.push(g.bot);
      return admins;
    },
    getChatMemberCount: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      return [...g.members.keys()].map((id) => current(g, id)!).filter(inChat).length + (inChat(g.bot) ? 1 : 0);
    },
    leaveChat: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      g.bot = chatMemberOf(botUser, "left");
      return true;
    },
    setMyDefaultAdministratorRights: (p) => {
      const rights = isRecord(p.rights) ? p.rights : {};
      const value = Object.fromEntries(ADMIN_RIGHT_KEYS.map((k) => [k, rights[k] === true])) as unknown as ChatAdministratorRights;
      if (p.for_channels === true) defaultRights.channels = value;
      else defaultRights.groups = value;
      return true;
    },
    getMyDefaultAdministratorRights: (p) => clone(p.for_channels === true ? defaultRights.channels : defaultRights.groups),
    exportChatInviteLink: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_invite_users", "not enough rights to manage chat invite link");
      for (const l of g.inviteLinks.values()) if (l.is_primary && !l.is_revoked) l.is_revoked = true;
      return newLink(g, true).invite_link;
    },
    createChatInviteLink: (p) => {
      const g = find(p.chat_id);
      if (!g) throw bad("chat not found");
      requireRight(g, "can_invite_users", "not enough rights to manage chat invite link");
      if (p.member_limit !== undefined && p.creates_join_request === true) {
        throw bad("member limit can't be specified for links requiring administrator approval");
      }
      const link = newLink(g, false);
      try {
        linkParams(p, link);
      } catch (error) {
        g.inviteLinks.delete(link.invite_link);
        throw error;
      }
      return link;
    },
    editChatInviteLink: (p) => {
      const g = find(p.chat_id);
      if (!g) throw bad("chat not found");
      requireRight(g, "can_invite_users", "not enough rights to manage chat invite link");
      const link = existingLink(g, p);
      const next = clone(link);
      linkParams(p, next);
      g.inviteLinks.set(link.invite_link, next);
      return next;
    },
    revokeChatInviteLink: (p) => {
      const g = find(p.chat_id);
      if (!g) throw bad("chat not found");
      requireRight(g, "can_invite_users", "not enough rights to manage chat invite link");
      const link = existingLink(g, p);
      link.is_revoked = true;
      if (link.is_primary) newLink(g, true);
      return link;
    },
    approveChatJoinRequest: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_invite_users", "CHAT_ADMIN_REQUIRED");
      const userId = userIdOf(p);
      const request = g.joinRequests.get(userId);
      if (!request) throw bad("HIDE_REQUESTER_MISSING");
      g.joinRequests.delete(userId);
      const link = request.invite_link && g.inviteLinks.get(request.invite_link.invite_link);
      if (link?.pending_join_request_count) link.pending_join_request_count--;
      changeMember(g, userId, chatMemberOf(request.from, "member"), { ...(request.invite_link ? { invite_link: request.invite_link } : {}), via_join_request: true });
      return true;
    },
    declineChatJoinRequest: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_invite_users", "CHAT_ADMIN_REQUIRED");
      const userId = userIdOf(p);
      const request = g.joinRequests.get(userId);
      if (!request) throw bad("HIDE_REQUESTER_MISSING");
      g.joinRequests.delete(userId);
      const link = request.invite_link && g.inviteLinks.get(request.invite_link.invite_link);
      if (link?.pending_join_request_count) link.pending_join_request_count--;
      return true;
    },
    createForumTopic: (p) => {
      const g = find(p.chat_id);
      if (!g || g.chat.type !== "supergroup" || !g.chat.is_forum) throw bad(g ? "the chat is not a forum" : "chat not found");
      requireRight(g, "can_manage_topics", "not enough rights to create a topic");
      if (typeof p.name !== "string" || p.name.trim() === "") throw bad("TOPIC_TITLE_EMPTY");
      if (p.name.length > 128) throw bad("TOPIC_TITLE_TOO_LONG");
      const color = p.icon_color ?? TOPIC_COLORS[0];
      if (typeof color !== "number" || !TOPIC_COLORS.includes(color)) throw bad("TOPIC_ICON_COLOR_INVALID");
      return addTopic(g, p.name, color, typeof p.icon_custom_emoji_id === "string" ? p.icon_custom_emoji_id : undefined);
    },
    editForumTopic: (p) => {
      const g = find(p.chat_id);
      if (!g || g.chat.type !== "supergroup" || !g.chat.is_forum) throw bad(g ? "the chat is not a forum" : "chat not found");
      requireRight(g, "can_manage_topics", "not enough rights to edit a topic");
      const topic = typeof p.message_thread_id === "number" ? g.topics.get(p.message_thread_id) : undefined;
      if (!topic) throw bad("message thread not found");
      if (p.name !== undefined && (typeof p.name !== "string" || p.name.trim() === "" || p.name.length > 128)) throw bad("TOPIC_TITLE_EMPTY");
      const changed = { ...topic };
      if (typeof p.name === "string") changed.name = p.name;
      if (typeof p.icon_custom_emoji_id === "string") {
        if (p.icon_custom_emoji_id === "") delete changed.icon_custom_emoji_id;
        else changed.icon_custom_emoji_id = p.icon_custom_emoji_id;
      }
      if (changed.name === topic.name && changed.icon_custom_emoji_id === topic.icon_custom_emoji_id) throw bad("TOPIC_NOT_MODIFIED");
      g.topics.set(topic.message_thread_id, changed);
      return true;
    },
    deleteForumTopic: (p) => {
      const g = find(p.chat_id);
      if (!g || g.chat.type !== "supergroup" || !g.chat.is_forum) throw bad(g ? "the chat is not a forum" : "chat not found");
      requireRight(g, "can_delete_messages", "not enough rights to delete a topic");
      if (typeof p.message_thread_id !== "number" || !g.topics.delete(p.message_thread_id)) throw bad("message thread not found");
      return true;
    },
    pinChatMessage: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_pin_messages", "not enough rights to manage pinned messages in the chat");
      if (typeof p.message_id !== "number" || !state.getMessage(g.chat.id, p.message_id)) throw bad("message to pin not found");
      g.pinned = [...g.pinned.filter((id) => id !== p.message_id), p.message_id];
      return true;
    },
    unpinChatMessage: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_pin_messages", "not enough rights to manage pinned messages in the chat");
      if (typeof p.message_id === "number") {
        if (!g.pinned.includes(p.message_id)) throw bad("message to unpin not found");
        g.pinned = g.pinned.filter((id) => id !== p.message_id);
      } else g.pinned.pop();
      return true;
    },
    unpinAllChatMessages: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_pin_messages", "not enough rights to manage pinned messages in the chat");
      g.pinned = [];
      return true;
    },
    restrictChatMember: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      if (g.chat.type !== "supergroup") throw bad("method is available only for supergroups");
      requireRight(g, "can_restrict_members", "not enough rights to restrict/unrestrict chat member");
      const userId = targetOf(g, p, "restrict");
      const permissions = permissionsOf(p.permissions);
      const was = current(g, userId);
      const isMember = was ? inChat(was) : false;
      const user = userOf(g, userId);
      const all = PERMISSION_KEYS.every((k) => permissions[k]);
      const next_: ChatMember = all
        ? chatMemberOf(user, isMember ? "member" : "left")
        : chatMemberOf(user, { status: "restricted", permissions, until_date: untilDate(p.until_date), is_member: isMember });
      changeMember(g, userId, next_);
      return true;
    },
    banChatMember: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_restrict_members", "not enough rights to restrict/unrestrict chat member");
      const userId = targetOf(g, p, "ban");
      changeMember(g, userId, chatMemberOf(userOf(g, userId), { status: "kicked", until_date: g.chat.type === "supergroup" ? untilDate(p.until_date) : 0 }));
      if (p.revoke_messages === true) for (const m of state.messagesIn(g.chat.id)) if (m.from?.id === userId) tryDelete(g, m.message_id);
      return true;
    },
    unbanChatMember: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      requireRight(g, "can_restrict_members", "not enough rights to restrict/unrestrict chat member");
      const userId = targetOf(g, p, "ban");
      const was = current(g, userId);
      if (!was || was.status === "left") return true;
      if (p.only_if_banned === true && was.status !== "kicked") return true;
      changeMember(g, userId, chatMemberOf(was.user, "left"));
      return true;
    },
    deleteMessage: (p, next) => {
      const g = find(p.chat_id);
      if (!g) return next();
      const refused = tryDelete(g, p.message_id);
      if (refused) throw bad(refused);
      return true;
    },
    deleteMessages: (p, next) => {
      const g = find(p.chat_id);
      const ids = p.message_ids;
      if (!Array.isArray(ids) || ids.length < 1 || !ids.every((id) => typeof id === "number")) throw bad("message identifiers are not specified");
      if (ids.length > 100) throw bad("too many message identifiers specified");
      if (!g) return next();
      for (const id of ids) tryDelete(g, id);
      return true;
    },
    editMessageText: (p, next) => {
      const g = find(p.chat_id);
      if (g && typeof p.message_id === "number") {
        const message = state.getMessage(g.chat.id, p.message_id);
        if (message && message.from?.id !== botUser.id) throw bad("message can't be edited");
      }
      return next();
    },
  };

  const api: FakeGroups = {
    create: ((input: GroupChatInput & { bot?: MemberInput; creator?: FakeUserInput } = {}) => {
      const chat = makeGroupChat(input);
      if (groups.has(chat.id)) throw new Error(`group ${chat.id} exists already`);
      const g = register(chat, input.bot ?? "administrator");
      if (input.creator) setMember(g, chatMemberOf(toUser(input.creator), "creator"));
      return clone(g.chat);
    }) as FakeGroups["create"],
    setBotMembership(chatId, membership) {
      const g = known(chatId);
      g.bot = chatMemberOf(botUser, membership);
      return clone(g.bot);
    },
    setMember(chatId, user, membership = "member") {
      const g = known(chatId);
      const member = chatMemberOf(toUser(user), membership);
      setMember(g, member);
      return clone(member);
    },
    addJoinRequest(chatId, user, options = {}) {
      const g = known(chatId);
      if (g.chat.type !== "supergroup") throw new Error("join requests exist only in supergroups");
      const request: ChatJoinRequest = {
        chat: clone(g.chat),
        from: toUser(user),
        user_chat_id: options.user_chat_id ?? user.id,
        date: unixNow(),
      };
      if (options.invite_link) request.invite_link = clone(options.invite_link);
      if (options.bio !== undefined) request.bio = options.bio;
      applyUpdate({ chat_join_request: request });
      return clone(request);
    },
    addTopic(chatId, name, options = {}) {
      const g = known(chatId);
      if (g.chat.type !== "supergroup" || !g.chat.is_forum) throw new Error(`group ${chatId} is not a forum`);
      return clone(addTopic(g, name, options.icon_color ?? TOPIC_COLORS[0]!));
    },
    topics(chatId) {
      return clone([...known(chatId).topics.values()]);
    },
    member(chatId, userId) {
      const g = groups.get(chatId);
      const m = g && current(g, userId);
      return m && clone(m);
    },
    get(chatId) {
      const g = groups.get(chatId);
      if (!g) return undefined;
      const members = [...g.members.keys()].map((id) => current(g, id)!);
      const snapshot: GroupSnapshot = {
        chat: g.chat,
        bot: g.bot,
        members,
        memberIds: members.filter(inChat).map((m) => m.user.id),
        restrictions: members.flatMap((m) =>
          m.status === "restricted"
            ? [
                {
                  userId: m.user.id,
                  permissions: Object.fromEntries(PERMISSION_KEYS.map((k) => [k, m[k as keyof typeof m]])),
                  until_date: m.until_date,
                  is_member: m.is_member,
                },
              ]
            : [],
        ),
        bans: members.flatMap((m) => (m.status === "kicked" ? [{ userId: m.user.id, until_date: m.until_date }] : [])),
        topics: [...g.topics.values()],
        pinned: g.pinned,
        inviteLinks: [...g.inviteLinks.values()],
        joinRequests: [...g.joinRequests.values()],
        deletedMessageIds: g.deleted,
      };
      if (g.migratedTo !== undefined) snapshot.migratedToChatId = g.migratedTo;
      if (g.migratedFrom !== undefined) snapshot.migratedFromChatId = g.migratedFrom;
      return clone(snapshot);
    },
    ids() {
      return [...groups.keys()];
    },
  };

  return {
    api,
    methods,
    guard,
    applyUpdate,
    reset(): void {
      groups = new Map();
      defaultRights = { groups: { ...NO_ADMIN_RIGHTS }, channels: { ...NO_ADMIN_RIGHTS } };
    },
  };
}

export type Groups = ReturnType<typeof createGroups>;
