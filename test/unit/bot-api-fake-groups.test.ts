// The Bot API fake's groups and supergroups (issue 11), through real HTTP requests of a grammY Api.
import { Api, GrammyError } from "grammy";
import type { ChatMemberRestricted, Message, Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  makeChatJoinRequestUpdate,
  makeChatMemberUpdate,
  makeGroupCommandUpdate,
  makeGroupTextUpdate,
  makeMigrationUpdates,
  makeMyChatMemberUpdate,
  makeNewChatMembersUpdate,
  startBotApiFake,
  type BotApiFake,
} from "../support/bot-api-fake.js";

const TOKEN = "123456:TEST-token-for-the-bot-api-fake";
const OWNER = { id: 501, first_name: "Ольга", username: "olga_teacher" };
const ANNA = { id: 502, first_name: "Анна" };
const IVAN = { id: 503, first_name: "Иван" };

let fake: BotApiFake;
let api: Api;

beforeEach(async () => {
  fake = await startBotApiFake();
  api = new Api(TOKEN, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.close();
});

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

/** Everything queued, read through getUpdates as the real process reads it. */
async function drain(allowed: string[] = ["message", "my_chat_member", "chat_member", "chat_join_request"]): Promise<Update[]> {
  const updates = await api.getUpdates({ timeout: 0, allowed_updates: allowed as never });
  const last = updates.at(-1);
  if (last) await api.getUpdates({ offset: last.update_id + 1, timeout: 0 });
  return updates;
}

const now = () => Math.floor(Date.now() / 1000);

describe("bot API fake: groups, memberships and rights", () => {
  it("creates a supergroup and answers getChat, getChatMember and getChatAdministrators from its state", async () => {
    const chat = fake.groups.create({ title: "Учителя физики", is_forum: true, username: "physics_teachers", creator: OWNER });
    expect(chat.id).toBeLessThan(-1_000_000_000_000);
    fake.groups.setMember(chat.id, ANNA);

    await expect(api.getChat(chat.id)).resolves.toMatchObject({ id: chat.id, type: "supergroup", title: "Учителя физики", is_forum: true, username: "physics_teachers" });
    await expect(api.getChat("@physics_teachers")).resolves.toMatchObject({ id: chat.id });

    const bot = await api.getChatMember(chat.id, fake.botInfo.id);
    expect(bot).toMatchObject({ status: "administrator", can_invite_users: true, can_pin_messages: true, can_manage_topics: true, can_promote_members: false });
    await expect(api.getChatMember(chat.id, ANNA.id)).resolves.toMatchObject({ status: "member", user: { id: ANNA.id } });
    await expect(api.getChatMember(chat.id, OWNER.id)).resolves.toMatchObject({ status: "creator" });
    const unknown = await apiError(api.getChatMember(chat.id, 999_999));
    expect(unknown.description).toBe("Bad Request: user not found");

    const admins = await api.getChatAdministrators(chat.id);
    expect(admins.map((a) => [a.user.id, a.status])).toEqual([
      [OWNER.id, "creator"],
      [fake.botInfo.id, "administrator"],
    ]);
    await expect(api.getChatMemberCount(chat.id)).resolves.toBe(3);

    fake.groups.setBotMembership(chat.id, { status: "administrator", rights: { can_invite_users: false } });
    await expect(api.getChatMember(chat.id, fake.botInfo.id)).resolves.toMatchObject({ can_invite_users: false, can_pin_messages: true });
    const basic = fake.groups.create({ type: "group", title: "Старая группа", bot: "member" });
    await expect(api.getChat(basic.id)).resolves.toMatchObject({ type: "group", title: "Старая группа" });
    await expect(api.getChatMember(basic.id, fake.botInfo.id)).resolves.toMatchObject({ status: "member" });
  });

  it("stores the default administrator rights, separately for channels", async () => {
    await expect(api.getMyDefaultAdministratorRights()).resolves.toMatchObject({ can_invite_users: false, can_manage_topics: false });
    await api.setMyDefaultAdministratorRights({ rights: { can_invite_users: true, can_manage_topics: true } as never });
    await expect(api.getMyDefaultAdministratorRights()).resolves.toMatchObject({ can_invite_users: true, can_manage_topics: true, can_delete_messages: false });
    await expect(api.getMyDefaultAdministratorRights({ for_channels: true })).resolves.toMatchObject({ can_invite_users: false });
  });

  it("delivers group updates through getUpdates and keeps what they tell: messages, memberships, requests", async () => {
    const chat = fake.groups.create({ title: "Химики", is_forum: true, bot: "left" });
    const topic = fake.groups.addTopic(chat.id, "Олимпиады");

    // The bot is added, then promoted.
    fake.pushUpdate(makeMyChatMemberUpdate({ chat, from: OWNER, old: "left", new: "member" }));
    expect(fake.groups.get(chat.id)?.bot.status).toBe("member");
    fake.pushUpdate(makeMyChatMemberUpdate({ chat, from: OWNER, old: "member", new: { status: "administrator", rights: { can_restrict_members: false } } }));
    expect(fake.groups.get(chat.id)?.bot).toMatchObject({ status: "administrator", can_restrict_members: false, can_invite_users: true });

    const question = makeGroupTextUpdate(ANNA, chat, "Смотрите https://example.org и ссылку", {
      message_thread_id: topic.message_thread_id,
      entities: [
        { type: "url", offset: 8, length: 19 },
        { type: "text_link", offset: 30, length: 6, url: "https://example.com/x" },
      ],
    });
    fake.pushUpdate(question);
    const reply = makeGroupTextUpdate(IVAN, chat, "Спасибо", { reply_to_message: question.message as Message, message_thread_id: topic.message_thread_id });
    fake.pushUpdate(reply);
    fake.pushUpdate(
      makeGroupTextUpdate(IVAN, chat, "Фото урока", {
        photo: true,
        forward_origin: { type: "user", sender_user: { id: 9, is_bot: false, first_name: "X" }, date: now() - 60 },
      }),
    );
    fake.pushUpdate(makeGroupCommandUpdate(ANNA, chat, "link", "физика"));
    fake.pushUpdate(makeChatMemberUpdate({ chat, user: { id: 504, first_name: "Пётр" } }));
    fake.pushUpdate(makeChatJoinRequestUpdate({ chat, user: { id: 505, first_name: "Мария" }, bio: "учитель" }));
    fake.pushUpdate(makeNewChatMembersUpdate(chat, OWNER, [{ id: 506, first_name: "Олег" }]));

    const updates = await drain();
    expect(updates.map((u) => Object.keys(u).find((k) => k !== "update_id"))).toEqual([
      "my_chat_member",
      "my_chat_member",
      "message",
      "message",
      "message",
      "message",
      "chat_member",
      "chat_join_request",
      "message",
    ]);
    const [, , text, answer, photo, command, joined, request] = updates;
    expect(text?.message).toMatchObject({
      chat: { id: chat.id, type: "supergroup", is_forum: true },
      message_thread_id: topic.message_thread_id,
      is_topic_message: true,
    });
    expect(text?.message?.entities?.map((e) => e.type)).toEqual(["url", "text_link"]);
    expect(answer?.message?.reply_to_message?.message_id).toBe(question.message!.message_id);
    expect(photo?.message?.photo).toHaveLength(3);
    expect(photo?.message?.caption).toBe("Фото урока");
    expect(photo?.message?.forward_origin).toMatchObject({ type: "user" });
    expect(command?.message?.text).toBe(`/link@${fake.botInfo.username} физика`);
    expect(command?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: `/link@${fake.botInfo.username}`.length }]);
    expect(joined?.chat_member?.new_chat_member).toMatchObject({ status: "member", user: { id: 504 } });
    expect(request?.chat_join_request).toMatchObject({ user_chat_id: 505, bio: "учитель", from: { id: 505 } });

    const state = fake.groups.get(chat.id)!;
    // Whoever writes in the group is in it: the owner who added Олег included.
    expect(state.memberIds.sort()).toEqual([OWNER.id, ANNA.id, IVAN.id, 504, 506].sort());
    expect(state.joinRequests.map((r) => r.from.id)).toEqual([505]);
    expect(fake.getMessage(chat.id, question.message!.message_id)?.text).toContain("https://example.org");

    // Removed: every call naming the group answers 403 now.
    fake.pushUpdate(makeMyChatMemberUpdate({ chat, from: OWNER, old: "administrator", new: "kicked" }));
    const kicked = await apiError(api.sendMessage(chat.id, "Привет"));
    expect([kicked.error_code, kicked.description]).toEqual([403, "Forbidden: bot was kicked from the supergroup chat"]);
  });

  it("applies membership updates a test hands the bot directly (the BotHarness path, fake.remember)", async () => {
    const chat = fake.groups.create({ title: "Биологи", bot: "left" });
    fake.remember(makeMyChatMemberUpdate({ chat, from: OWNER, old: "left", new: "administrator" }));
    fake.remember(makeChatMemberUpdate({ chat, user: ANNA }));
    fake.remember(makeChatJoinRequestUpdate({ chat, user: IVAN }));
    expect(fake.groups.get(chat.id)).toMatchObject({ bot: { status: "administrator" }, memberIds: [ANNA.id], joinRequests: [{ from: { id: IVAN.id } }] });
    expect(fake.pendingUpdates()).toEqual([]);
    await expect(api.approveChatJoinRequest(chat.id, IVAN.id)).resolves.toBe(true);
  });
});

describe("bot API fake: invite links and join requests", () => {
  it("creates, edits and revokes invite links only as an admin allowed to invite", async () => {
    const chat = fake.groups.create({ title: "Учителя", bot: "member" });
    const notAdmin = await apiError(api.createChatInviteLink(chat.id));
    expect(notAdmin.description).toBe("Bad Request: not enough rights to manage chat invite link");

    fake.groups.setBotMembership(chat.id, "administrator");
    const both = await apiError(api.createChatInviteLink(chat.id, { creates_join_request: true, member_limit: 5 }));
    expect(both.description).toBe("Bad Request: member limit can't be specified for links requiring administrator approval");

    const expire = now() + 3600;
    const link = await api.createChatInviteLink(chat.id, { name: "Физика 7", creates_join_request: true, expire_date: expire });
    expect(link).toMatchObject({
      creator: { id: fake.botInfo.id, is_bot: true },
      creates_join_request: true,
      is_primary: false,
      is_revoked: false,
      name: "Физика 7",
      expire_date: expire,
    });
    expect(link.invite_link).toMatch(/^https:\/\/t\.me\/\+[\w-]{16}$/);
    const other = await api.createChatInviteLink(chat.id, { member_limit: 10 });
    expect(other.invite_link).not.toBe(link.invite_link);
    expect(other).toMatchObject({ member_limit: 10, creates_join_request: false });

    const edited = await api.editChatInviteLink(chat.id, link.invite_link, { name: "Физика 8" });
    expect(edited).toMatchObject({ invite_link: link.invite_link, name: "Физика 8", creates_join_request: true });
    const editedBoth = await apiError(api.editChatInviteLink(chat.id, link.invite_link, { member_limit: 3 }));
    expect(editedBoth.description).toContain("member limit can't be specified");

    await expect(api.revokeChatInviteLink(chat.id, link.invite_link)).resolves.toMatchObject({ is_revoked: true });
    const revoked = await apiError(api.editChatInviteLink(chat.id, link.invite_link, { name: "x" }));
    expect(revoked.error_code).toBe(400);
    expect(fake.groups.get(chat.id)?.inviteLinks.map((l) => [l.name ?? "", l.is_revoked])).toEqual([
      ["Физика 8", true],
      ["", false],
    ]);
    const unknownChat = await apiError(api.createChatInviteLink(-1_009_999_999_999));
    expect(unknownChat.description).toBe("Bad Request: chat not found");
  });

  it("approves a pending request (member + chat_member update), declines another, refuses one that does not exist", async () => {
    const chat = fake.groups.create({ title: "Математики" });
    const link = await api.createChatInviteLink(chat.id, { creates_join_request: true });
    const missing = await apiError(api.approveChatJoinRequest(chat.id, ANNA.id));
    expect([missing.error_code, missing.description]).toEqual([400, "Bad Request: HIDE_REQUESTER_MISSING"]);

    fake.pushUpdate(makeChatJoinRequestUpdate({ chat, user: ANNA, invite_link: link }));
    fake.pushUpdate(makeChatJoinRequestUpdate({ chat, user: IVAN, invite_link: link }));
    expect(fake.groups.get(chat.id)?.inviteLinks[0]?.pending_join_request_count).toBe(2);
    await drain();

    await expect(api.approveChatJoinRequest(chat.id, ANNA.id)).resolves.toBe(true);
    await expect(api.declineChatJoinRequest(chat.id, IVAN.id)).resolves.toBe(true);
    const again = await apiError(api.declineChatJoinRequest(chat.id, IVAN.id));
    expect(again.description).toBe("Bad Request: HIDE_REQUESTER_MISSING");

    await expect(api.getChatMember(chat.id, ANNA.id)).resolves.toMatchObject({ status: "member" });
    await expect(api.getChatMember(chat.id, IVAN.id)).resolves.toMatchObject({ status: "left" });
    const state = fake.groups.get(chat.id)!;
    expect(state.memberIds).toEqual([ANNA.id]);
    expect(state.joinRequests).toEqual([]);
    expect(state.inviteLinks[0]?.pending_join_request_count).toBe(0);

    // chat_member is delivered only when asked for, as on Telegram.
    const updates = await drain(["chat_member"]);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.chat_member).toMatchObject({
      chat: { id: chat.id },
      from: { id: fake.botInfo.id },
      old_chat_member: { status: "left" },
      new_chat_member: { status: "member", user: { id: ANNA.id } },
      via_join_request: true,
      invite_link: { invite_link: link.invite_link },
    });
  });
});

describe("bot API fake: forum topics, pins, sends in threads, edits", () => {
  it("creates and edits topics only in forums with can_manage_topics, and checks message_thread_id", async () => {
    const plain = fake.groups.create({ title: "Без тем" });
    const notForum = await apiError(api.createForumTopic(plain.id, "Тема"));
    expect(notForum.description).toBe("Bad Request: the chat is not a forum");

    const forum = fake.groups.create({ title: "Форум", is_forum: true, bot: { status: "administrator", rights: { can_manage_topics: false } } });
    const noRight = await apiError(api.createForumTopic(forum.id, "Тема"));
    expect(noRight.description).toBe("Bad Request: not enough rights to create a topic");
    fake.groups.setBotMembership(forum.id, "administrator");

    const topic = await api.createForumTopic(forum.id, "Физика 7 класс");
    expect(topic).toMatchObject({ name: "Физика 7 класс", icon_color: 0x6fb9f0 });
    expect(topic.message_thread_id).toBeGreaterThan(0);
    await expect(api.editForumTopic(forum.id, topic.message_thread_id, { name: "Физика 8 класс" })).resolves.toBe(true);
    const same = await apiError(api.editForumTopic(forum.id, topic.message_thread_id, { name: "Физика 8 класс" }));
    expect(same.description).toBe("Bad Request: TOPIC_NOT_MODIFIED");
    expect(fake.groups.topics(forum.id)).toEqual([{ message_thread_id: topic.message_thread_id, name: "Физика 8 класс", icon_color: 0x6fb9f0 }]);

    const sent = await api.sendMessage(forum.id, "Добро пожаловать", { message_thread_id: topic.message_thread_id });
    expect(sent).toMatchObject({ message_thread_id: topic.message_thread_id, is_topic_message: true, chat: { id: forum.id, is_forum: true } });
    const unknown = await apiError(api.sendMessage(forum.id, "x", { message_thread_id: 987_654 }));
    expect(unknown.description).toBe("Bad Request: message thread not found");
  });

  it("pins only with can_pin_messages and records what is pinned", async () => {
    const chat = fake.groups.create({ title: "Закрепы", bot: { status: "administrator", rights: { can_pin_messages: false } } });
    const sent = await api.sendMessage(chat.id, "Правила группы");
    const noRight = await apiError(api.pinChatMessage(chat.id, sent.message_id));
    expect(noRight.description).toBe("Bad Request: not enough rights to manage pinned messages in the chat");
    fake.groups.setBotMembership(chat.id, "administrator");
    await expect(api.pinChatMessage(chat.id, sent.message_id, { disable_notification: true })).resolves.toBe(true);
    const missing = await apiError(api.pinChatMessage(chat.id, 999_999));
    expect(missing.description).toBe("Bad Request: message to pin not found");
    expect(fake.groups.get(chat.id)?.pinned).toEqual([sent.message_id]);
    await api.unpinChatMessage(chat.id, sent.message_id);
    expect(fake.groups.get(chat.id)?.pinned).toEqual([]);
  });

  it("edits the bot's own messages in a group, never a member's", async () => {
    const chat = fake.groups.create({ title: "Правки" });
    const sent = await api.sendMessage(chat.id, "Черновик");
    await expect(api.editMessageText(chat.id, sent.message_id, "Итог")).resolves.toMatchObject({ text: "Итог" });
    const theirs = makeGroupTextUpdate(ANNA, chat, "Моё сообщение");
    fake.pushUpdate(theirs);
    const refused = await apiError(api.editMessageText(chat.id, theirs.message!.message_id, "Чужое"));
    expect(refused.description).toBe("Bad Request: message can't be edited");
  });
});

describe("bot API fake: moderation", () => {
  it("restricts and bans with can_restrict_members, never an admin, and records permissions and until_date", async () => {
    const chat = fake.groups.create({ title: "Модерация", creator: OWNER, bot: { status: "administrator", rights: { can_restrict_members: false } } });
    fake.groups.setMember(chat.id, ANNA);
    fake.groups.setMember(chat.id, IVAN, { status: "administrator", rights: { can_restrict_members: true } });
    const readOnly = { can_send_messages: false };

    const noRight = await apiError(api.restrictChatMember(chat.id, ANNA.id, readOnly));
    expect(noRight.description).toBe("Bad Request: not enough rights to restrict/unrestrict chat member");
    fake.groups.setBotMembership(chat.id, "administrator");

    const admin = await apiError(api.restrictChatMember(chat.id, IVAN.id, readOnly));
    expect(admin.description).toBe("Bad Request: user is an administrator of the chat");
    const owner = await apiError(api.banChatMember(chat.id, OWNER.id));
    expect(owner.error_code).toBe(400);

    const until = now() + 3600;
    await expect(api.restrictChatMember(chat.id, ANNA.id, readOnly, { until_date: until })).resolves.toBe(true);
    const restricted = (await api.getChatMember(chat.id, ANNA.id)) as ChatMemberRestricted;
    expect(restricted).toMatchObject({ status: "restricted", is_member: true, can_send_messages: false, can_send_photos: false, until_date: until });
    expect(fake.groups.get(chat.id)?.restrictions).toEqual([
      { userId: ANNA.id, permissions: expect.objectContaining({ can_send_messages: false }), until_date: until, is_member: true },
    ]);

    // Every permission back: a plain member again.
    await api.restrictChatMember(chat.id, ANNA.id, {
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
    });
    await expect(api.getChatMember(chat.id, ANNA.id)).resolves.toMatchObject({ status: "member" });

    await expect(api.banChatMember(chat.id, ANNA.id)).resolves.toBe(true);
    await expect(api.getChatMember(chat.id, ANNA.id)).resolves.toMatchObject({ status: "kicked", until_date: 0 });
    expect(fake.groups.get(chat.id)?.bans).toEqual([{ userId: ANNA.id, until_date: 0 }]);
    await expect(api.unbanChatMember(chat.id, ANNA.id, { only_if_banned: true })).resolves.toBe(true);
    await expect(api.getChatMember(chat.id, ANNA.id)).resolves.toMatchObject({ status: "left" });
    expect(fake.groups.get(chat.id)?.bans).toEqual([]);

    const basic = fake.groups.create({ type: "group", title: "Обычная" });
    fake.groups.setMember(basic.id, ANNA);
    const onlySupergroups = await apiError(api.restrictChatMember(basic.id, ANNA.id, readOnly));
    expect(onlySupergroups.description).toBe("Bad Request: method is available only for supergroups");
  });

  it("deletes messages as Telegram does: known, younger than 48 hours, the bot's own or with can_delete_messages", async () => {
    const chat = fake.groups.create({ title: "Удаление", bot: "member" });
    const own = await api.sendMessage(chat.id, "Моё");
    const theirs = makeGroupTextUpdate(ANNA, chat, "Реклама https://spam.example");
    const old = makeGroupTextUpdate(IVAN, chat, "Давнее", { date: now() - 49 * 3600 });
    fake.pushUpdate(theirs);
    fake.pushUpdate(old);
    const theirsId = theirs.message!.message_id;

    const unknown = await apiError(api.deleteMessage(chat.id, 999_999));
    expect(unknown.description).toBe("Bad Request: message to delete not found");
    const noRight = await apiError(api.deleteMessage(chat.id, theirsId));
    expect(noRight.description).toBe("Bad Request: message can't be deleted");
    await expect(api.deleteMessage(chat.id, own.message_id)).resolves.toBe(true);

    fake.groups.setBotMembership(chat.id, "administrator");
    const tooOld = await apiError(api.deleteMessage(chat.id, old.message!.message_id));
    expect(tooOld.description).toBe("Bad Request: message can't be deleted");
    await expect(api.deleteMessage(chat.id, theirsId)).resolves.toBe(true);
    const twice = await apiError(api.deleteMessage(chat.id, theirsId));
    expect(twice.description).toBe("Bad Request: message to delete not found");
    expect(fake.getMessage(chat.id, theirsId)).toBeUndefined();

    const a = makeGroupTextUpdate(ANNA, chat, "1");
    const b = makeGroupTextUpdate(ANNA, chat, "2");
    fake.pushUpdate(a);
    fake.pushUpdate(b);
    await expect(api.deleteMessages(chat.id, [a.message!.message_id, 999_998, old.message!.message_id, b.message!.message_id])).resolves.toBe(true);
    expect(fake.groups.get(chat.id)?.deletedMessageIds).toEqual([own.message_id, theirsId, a.message!.message_id, b.message!.message_id]);
    expect(fake.getMessage(chat.id, old.message!.message_id)?.text).toBe("Давнее");

    const none = await apiError(api.deleteMessages(chat.id, []));
    expect(none.error_code).toBe(400);
    const tooMany = await apiError(
      api.deleteMessages(
        chat.id,
        Array.from({ length: 101 }, (_, i) => i + 1),
      ),
    );
    expect(tooMany.error_code).toBe(400);
  });
});

describe("bot API fake: migration and the per-group flood limit", () => {
  it("moves a basic group to its supergroup: the old id answers 400 with migrate_to_chat_id", async () => {
    const group = fake.groups.create({ type: "group", title: "Историки" });
    fake.groups.setMember(group.id, ANNA);
    fake.groups.setMember(group.id, OWNER, "creator");
    const [to, from] = makeMigrationUpdates({ group, from: OWNER });
    fake.pushUpdate(to);
    fake.pushUpdate(from);
    const supergroupId = to.message!.migrate_to_chat_id!;
    expect(from.message).toMatchObject({ chat: { id: supergroupId, type: "supergroup", title: "Историки" }, migrate_from_chat_id: group.id });

    const moved = await apiError(api.sendMessage(group.id, "Привет"));
    expect(moved.description).toBe("Bad Request: group chat was upgraded to a supergroup chat");
    expect(moved.parameters.migrate_to_chat_id).toBe(supergroupId);
    expect(fake.groups.get(group.id)?.migratedToChatId).toBe(supergroupId);
    expect(fake.groups.get(supergroupId)).toMatchObject({ migratedFromChatId: group.id, memberIds: [ANNA.id, OWNER.id], bot: { status: "administrator" } });
    await expect(api.sendMessage(supergroupId, "Привет")).resolves.toMatchObject({ chat: { id: supergroupId } });
    const updates = await drain(["message"]);
    expect(updates.map((u) => [u.message?.migrate_to_chat_id, u.message?.migrate_from_chat_id])).toEqual([
      [supergroupId, undefined],
      [undefined, group.id],
    ]);
  });

  it("refuses the 21st message to one group within a minute with 429 and retry_after once limits are on", async () => {
    const chat = fake.groups.create({ title: "Поток" });
    fake.setFloodLimits({ perGroupPerMinute: 20 });
    for (let i = 1; i <= 20; i++) await api.sendMessage(chat.id, `Сообщение ${i}`);
    const refused = await apiError(api.sendMessage(chat.id, "21"));
    expect(refused.error_code).toBe(429);
    expect(refused.parameters.retry_after).toBeGreaterThanOrEqual(50);
    // Another group has its own minute.
    const other = fake.groups.create({ title: "Другая" });
    await expect(api.sendMessage(other.id, "1")).resolves.toMatchObject({ chat: { id: other.id } });
    fake.setFloodLimits(undefined);
    await expect(api.sendMessage(chat.id, "22")).resolves.toMatchObject({ text: "22" });
  });
});
