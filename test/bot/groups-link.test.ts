// Issue 11, "Linking a group", through the real bot: the bot's rights on
// my_chat_member, /link and /unlink in a group (staff only, supergroups only,
// subjects chosen with buttons, the join link, forum topics created and
// adopted, the rules pinned), migration and removal, the /groups directory
// and /groupsettings. The Bot API fake keeps the groups' state (the bot's
// rights, topics, invite links, pinned messages) and refuses what Telegram
// would refuse.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Chat, InlineKeyboardButton, Message } from "grammy/types";
import { BotHarness, TEST_BOT_INFO, visible, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { newMessageId } from "../support/bot-api-fake.js";
import { register } from "./support.js";
import { setDefaultGroupRights, startGroupLink } from "../../src/features/groups/groups.link.setup.js";

const ADMIN = 9301;
const FULL_RIGHTS = {
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: false,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_pin_messages: true,
  can_manage_topics: true,
};

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

type GroupChat = Chat.GroupChat | Chat.SupergroupChat;
const HOSTILE = "Математика <b>&";

function supergroup(id: number, title = HOSTILE, isForum = true): GroupChat {
  return { id, type: "supergroup", title, ...(isForum ? { is_forum: true as const } : {}) };
}

const now = () => Math.floor(Date.now() / 1000);
const inlineButtons = (call: ApiCall) => (call.payload.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard.flat();
const calls = (list: ApiCall[], method: string) => list.filter((c) => c.method === method);
const alert = (list: ApiCall[]) => calls(list, "answerCallbackQuery")[0]?.payload as { text?: string; show_alert?: boolean } | undefined;

/** A user's message in a group (commands get their entity). */
function say(chat: GroupChat, u: TestUser, text: string, extra: Record<string, unknown> = {}): Promise<ApiCall[]> {
  const command = /^\/\w+/.exec(text);
  return h.handle({
    message: {
      message_id: newMessageId(chat.id),
      date: now(),
      chat,
      from: u.from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...extra,
    },
  });
}

/** The bot's status in a group changes (added with rights, restricted, removed). */
function botStatus(chat: GroupChat, by: TestUser, member: Record<string, unknown>): Promise<ApiCall[]> {
  return h.handle({
    my_chat_member: {
      chat,
      from: by.from,
      date: now(),
      old_chat_member: { user: TEST_BOT_INFO, status: "left" },
      new_chat_member: { user: TEST_BOT_INFO, ...member } as never,
    },
  });
}

function botMessages(chat: GroupChat): Message[] {
  return h.fake.messagesIn(chat.id).filter((m) => m.from?.id === TEST_BOT_INFO.id);
}

/** Taps a button (by label) of the latest bot message in the group that has it. */
async function tapIn(chat: GroupChat, u: TestUser, label: string | RegExp): Promise<ApiCall[]> {
  const match = (text: string) => (typeof label === "string" ? text.includes(label) : label.test(text));
  for (const m of botMessages(chat).reverse()) {
    const button = m.reply_markup?.inline_keyboard.flat().find((b) => match(b.text));
    if (button && "callback_data" in button) return tapDataIn(chat, u, button.callback_data, m);
  }
  throw new Error(`No button "${String(label)}" in ${chat.id}`);
}

function tapDataIn(chat: GroupChat, u: TestUser, data: string, message: Message): Promise<ApiCall[]> {
  return h.handle({ callback_query: { id: `cb-${h.nextUpdate()}`, from: u.from, chat_instance: `ci${chat.id}`, data, message: { ...message, chat } as never } });
}

const buttonsOf = (m: Message | undefined) => m?.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
const lastKeyboard = (chat: GroupChat) =>
  botMessages(chat)
    .filter((m) => m.reply_markup?.inline_keyboard.length)
    .at(-1);

async function groupRow(chatId: number) {
  return h.container.prisma.group.findUnique({ where: { chatId: BigInt(chatId) }, include: { subjects: true } });
}

async function moderator(id: number): Promise<TestUser> {
  const u = h.user(id);
  await register(u);
  await h.container.prisma.member.update({ where: { telegramId: BigInt(id) }, data: { role: "MODERATOR" } });
  return u;
}

describe("adding the bot and /link", () => {
  it("asks Telegram at start for exactly the rights it needs as its default administrator rights", async () => {
    await setDefaultGroupRights(h.container.api, h.container.logger);
    const rights = await h.container.api.getMyDefaultAdministratorRights({ for_channels: false });
    const granted = Object.entries(rights)
      .filter(([, on]) => on === true)
      .map(([k]) => k)
      .sort();
    expect(granted).toEqual(["can_delete_messages", "can_invite_users", "can_manage_chat", "can_manage_topics", "can_pin_messages", "can_restrict_members"]);
  });

  it("names the missing rights in the group and to the admin who added it (hostile title escaped)", async () => {
    const chat = supergroup(-1001000000101);
    const adder = h.user(9310);
    const out = await botStatus(chat, adder, { status: "administrator", ...FULL_RIGHTS, can_restrict_members: false, can_pin_messages: false });
    const inGroup = calls(out, "sendMessage").find((c) => Number(c.payload.chat_id) === chat.id)!;
    const toAdder = calls(out, "sendMessage").find((c) => Number(c.payload.chat_id) === adder.id)!;
    for (const text of [inGroup.payload.text as string, toAdder.payload.text as string]) {
      expect(text).toContain("блокировать участников");
      expect(text).toContain("закреплять сообщения");
      expect(text).not.toContain("удалять сообщения");
    }
    expect(toAdder.payload.text).toContain("Математика &lt;b&gt;&amp;");
    expect(visible(toAdder.payload.text as string)).toContain(HOSTILE);
    expect((await groupRow(chat.id))?.missingRights).toEqual(["can_restrict_members", "can_pin_messages"]);
  });

  it("refuses /link from a non-staff member, in a basic group and while rights are missing; nothing changes", async () => {
    const mod = await moderator(9311);
    const member = h.user(9312);
    await register(member);
    const chat = supergroup(-1001000000102);
    await botStatus(chat, mod, { status: "administrator", ...FULL_RIGHTS });

    const refused = await say(chat, member, "/link");
    expect(calls(refused, "sendMessage")[0]?.payload.text).toContain("только модераторы и администраторы");
    expect(refused.some((c) => c.payload.reply_markup)).toBe(false);

    const basic: GroupChat = { id: -4000000102, type: "group", title: "Старая группа" };
    const inBasic = await say(basic, mod, "/link");
    expect(calls(inBasic, "sendMessage")[0]?.payload.text).toContain("супергруппой");

    h.fake.groups.setBotMembership(chat.id, { status: "administrator", rights: { can_invite_users: false } });
    const lacking = await say(chat, mod, "/link");
    expect(calls(lacking, "sendMessage")[0]?.payload.text).toContain("приглашать участников");
    expect(lacking.some((c) => c.payload.reply_markup)).toBe(false);

    expect((await groupRow(chat.id))?.linkedAt).toBeNull();
    expect(await groupRow(basic.id)).toBeNull();
  });

  it("links a forum: subjects chosen in place by staff only, join link, topics created, rules pinned; re-link reuses them; /unlink", async () => {
    const mod = await moderator(9313);
    const member = h.user(9314);
    await register(member);
    const chat = supergroup(-1001000000103);
    await botStatus(chat, mod, { status: "administrator", ...FULL_RIGHTS });

    await say(chat, mod, "/link");
    const picker = lastKeyboard(chat)!;
    expect(picker.text).toContain(HOSTILE);
    expect(buttonsOf(picker)).toEqual(expect.arrayContaining(["Математика", "Физика", "Общая (все предметы)", "✔️ Готово", "Отмена"]));

    // Someone who is not staff taps: an alert, the keyboard stays as it is.
    const intruder = await tapIn(chat, member, "Математика");
    expect(alert(intruder)).toMatchObject({ show_alert: true, text: expect.stringContaining("только модераторы") });
    expect(calls(intruder, "editMessageReplyMarkup")).toHaveLength(0);

    await tapIn(chat, mod, "Математика");
    const toggled = await tapIn(chat, mod, "Физика");
    expect(calls(toggled, "editMessageReplyMarkup")).toHaveLength(1);
    expect(buttonsOf(h.fake.getMessage(chat.id, picker.message_id))).toEqual(expect.arrayContaining(["✅ Математика", "✅ Физика"]));
    // A forged mask (bits beyond the catalogue) is stale and changes nothing.
    const forged = await tapDataIn(chat, mod, "glink1:d:zzzzzzzzzzzz", picker);
    expect(alert(forged)?.text).toBeTruthy();
    expect((await groupRow(chat.id))?.linkedAt).toBeNull();

    const done = await tapIn(chat, mod, "Готово");
    const row = (await groupRow(chat.id))!;
    expect(row.linkedAt).not.toBeNull();
    expect(row.subjects.map((s) => s.subjectCode).sort()).toEqual(["math", "physics"]);
    expect(calls(done, "createChatInviteLink")[0]?.payload).toMatchObject({ creates_join_request: true });
    const joinLink = h.fake.groups.get(chat.id)!.inviteLinks.find((l) => l.creates_join_request && !l.is_revoked)!;
    expect(row.inviteLink).toBe(joinLink.invite_link);
    expect(calls(done, "createForumTopic").map((c) => c.payload.name)).toEqual(["📚 Материалы", "📅 Мероприятия", "❓ Вопросы"]);
    const topics = h.fake.groups.topics(chat.id);
    expect(topics.map((t) => t.name)).toEqual(["📚 Материалы", "📅 Мероприятия", "❓ Вопросы"]);
    const threads = topics.map((t) => t.message_thread_id);
    expect([row.materialsThreadId, row.eventsThreadId, row.questionsThreadId]).toEqual(threads);
    const rules = calls(done, "sendMessage").find((c) => String(c.payload.text).includes("Правила группы"))!;
    expect(rules.payload.message_thread_id).toBeUndefined(); // General
    expect(visible(rules.payload.text as string)).toContain(HOSTILE);
    expect(h.fake.groups.get(chat.id)!.pinned).toEqual([row.rulesMessageId]);
    expect(h.fake.getMessage(chat.id, picker.message_id)!.text).toContain(`«${HOSTILE}» привязана: Математика, Физика`);
    const audit = await h.container.prisma.auditLog.findFirst({ where: { action: "group.link" } });
    expect(audit?.details).toMatchObject({ subjects: ["math", "physics"], isGeneral: false });
    expect((await h.container.services.groups.group(chat.id))?.linked).toBe(true);

    // Re-link: the subjects change, the topics, the join link and the rules message are reused.
    await say(chat, mod, "/link");
    expect(buttonsOf(lastKeyboard(chat))).toEqual(expect.arrayContaining(["✅ Математика", "✅ Физика"]));
    await tapIn(chat, mod, "Физика");
    const again = await tapIn(chat, mod, "Готово");
    const relinked = (await groupRow(chat.id))!;
    expect(relinked.subjects.map((s) => s.subjectCode)).toEqual(["math"]);
    expect(calls(again, "createForumTopic")).toHaveLength(0);
    expect(calls(again, "editForumTopic").map((c) => c.payload.message_thread_id)).toEqual(threads);
    expect(calls(again, "createChatInviteLink")).toHaveLength(0);
    expect([relinked.materialsThreadId, relinked.eventsThreadId, relinked.questionsThreadId, relinked.inviteLink]).toEqual([...threads, joinLink.invite_link]);
    expect(h.fake.groups.topics(chat.id)).toHaveLength(3);
    expect(relinked.rulesMessageId).toBe(row.rulesMessageId);

    // A topic deleted in Telegram is created again; the others are adopted.
    await h.container.api.deleteForumTopic(chat.id, threads[1]!);
    await say(chat, mod, "/link");
    const third = await tapIn(chat, mod, "Готово");
    expect(calls(third, "createForumTopic").map((c) => c.payload.name)).toEqual(["📅 Мероприятия"]);
    const recreated = h.fake.groups.topics(chat.id).find((t) => t.name === "📅 Мероприятия")!;
    expect(recreated.message_thread_id).not.toBe(threads[1]);
    expect((await groupRow(chat.id))?.eventsThreadId).toBe(recreated.message_thread_id);
    // The refusals the bot expects and recovers from: a topic that is gone, a topic whose name is already right.
    h.violations = h.violations.filter((v) => !/message thread not found|TOPIC_NOT_MODIFIED/.test(v));

    // /unlink from a member is refused; from the moderator it undoes the link and revokes the join link.
    const notYou = await say(chat, member, "/unlink");
    expect(calls(notYou, "sendMessage")[0]?.payload.text).toContain("только модераторы");
    expect((await groupRow(chat.id))?.linkedAt).not.toBeNull();
    const unlinked = await say(chat, mod, "/unlink");
    expect(calls(unlinked, "revokeChatInviteLink")[0]?.payload).toMatchObject({ invite_link: joinLink.invite_link });
    expect(h.fake.groups.get(chat.id)!.inviteLinks.find((l) => l.invite_link === joinLink.invite_link)?.is_revoked).toBe(true);
    const after = (await groupRow(chat.id))!;
    expect([after.linkedAt, after.inviteLink, after.subjects.length]).toEqual([null, null, 0]);
    expect(await h.container.prisma.auditLog.count({ where: { action: "group.unlink" } })).toBe(1);
    expect((await h.container.services.groups.group(chat.id))?.linked).toBe(false);
  });

  it("two moderators pressing Done at once make one join link and one set of topics", async () => {
    const first = await moderator(9316);
    const second = await moderator(9317);
    const chat = supergroup(-1001000000105);
    await botStatus(chat, first, { status: "administrator", ...FULL_RIGHTS });
    await say(chat, first, "/link");
    await tapIn(chat, first, "Физика");
    const picker = lastKeyboard(chat)!;
    const data = picker.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes("Готово"))!;
    await Promise.all([first, second].map((u) => tapDataIn(chat, u, (data as { callback_data: string }).callback_data, picker)));
    // (Each concurrent handle's own list would include the other's calls: count them all once.)
    expect(calls(h.calls, "createChatInviteLink")).toHaveLength(1);
    expect(h.fake.groups.get(chat.id)!.inviteLinks.filter((l) => l.creates_join_request)).toHaveLength(1);
    expect(h.fake.groups.topics(chat.id).map((t) => t.name)).toEqual(["📚 Материалы", "📅 Мероприятия", "❓ Вопросы"]);
    const row = (await groupRow(chat.id))!;
    expect(row.subjects.map((s) => s.subjectCode)).toEqual(["physics"]);
    expect(await h.container.prisma.auditLog.count({ where: { action: "group.link" } })).toBe(2);
    h.violations = h.violations.filter((v) => !/TOPIC_NOT_MODIFIED|not modified/.test(v));
  });

  it("a group without topics links to the main chat; 'General' replaces the subjects", async () => {
    const mod = await moderator(9315);
    const chat = supergroup(-1001000000104, "Учительская", false);
    await botStatus(chat, mod, { status: "administrator", ...FULL_RIGHTS, can_manage_topics: false });
    await say(chat, mod, "/link");
    await tapIn(chat, mod, "Математика");
    await tapIn(chat, mod, "Общая");
    expect(buttonsOf(lastKeyboard(chat))).toEqual(expect.arrayContaining(["Математика", "✅ Общая (все предметы)"]));
    const done = await tapIn(chat, mod, "Готово");
    expect(calls(done, "createForumTopic")).toHaveLength(0);
    const row = (await groupRow(chat.id))!;
    expect([row.isGeneral, row.subjects.length, row.materialsThreadId]).toEqual([true, 0, null]);
    expect(row.rulesMessageId).not.toBeNull();
  });
});

describe("migration and removal", () => {
  it("a group that migrates to a supergroup keeps its link; a group that removes the bot becomes inactive", async () => {
    const adder = h.user(9320);
    const basic: GroupChat = { id: -4000000120, type: "group", title: "Физики" };
    await botStatus(basic, adder, { status: "administrator", ...FULL_RIGHTS });
    const old = (await groupRow(basic.id))!;
    await h.container.prisma.group.update({ where: { id: old.id }, data: { linkedAt: new Date(), subjects: { create: [{ subjectCode: "physics" }] } } });

    const next = supergroup(-1001000000120, "Физики");
    await say(basic, adder, "", { text: undefined, migrate_to_chat_id: next.id });
    expect(await groupRow(basic.id)).toBeNull();
    const moved = (await groupRow(next.id))!;
    expect(moved.id).toBe(old.id);
    expect(moved.linkedAt).not.toBeNull();
    expect(moved.subjects.map((s) => s.subjectCode)).toEqual(["physics"]);
    expect((await h.container.services.groups.group(next.id))?.linked).toBe(true);

    await botStatus(next, adder, { status: "kicked", until_date: 0 });
    const removed = (await groupRow(next.id))!;
    expect(removed.isActive).toBe(false);
    expect(removed.linkedAt).not.toBeNull();
    expect((await h.container.services.groups.group(next.id))?.isActive).toBe(false);
  });
});

/** A linked group written straight to the database (the directory and settings tests). */
async function linkedGroup(chatId: number, title: string, fields: { subjects?: string[]; general?: boolean; inviteLink?: string | null; active?: boolean } = {}) {
  return h.container.prisma.group.create({
    data: {
      chatId: BigInt(chatId),
      title,
      chatType: "supergroup",
      missingRights: [],
      linkedAt: new Date(),
      isGeneral: fields.general ?? false,
      isActive: fields.active ?? true,
      inviteLink: fields.inviteLink === undefined ? `https://t.me/+g${-chatId}` : fields.inviteLink,
      subjects: { create: (fields.subjects ?? []).map((subjectCode) => ({ subjectCode })) },
    },
  });
}

describe("/groups", () => {
  it("lists linked active groups, the member's subjects first, each with a Join button when it has a link", async () => {
    await linkedGroup(-1001000000201, "Физики", { subjects: ["physics"] });
    await linkedGroup(-1001000000202, "Учительская", { general: true });
    await linkedGroup(-1001000000203, HOSTILE, { subjects: ["math"], inviteLink: null });
    await linkedGroup(-1001000000204, "Закрытая", { subjects: ["math"], active: false });
    const u = h.user(9330);

    const unregistered = await u.send("/groups");
    expect(u.texts(unregistered).join()).toContain("зарегистр");

    await register(u, { subjects: ["Математика"] });
    const out = await u.send("/groups");
    const text = u.texts(out)[0]!;
    expect(text).toContain("Математика &lt;b&gt;&amp;");
    const shown = visible(text);
    expect(shown.indexOf(HOSTILE)).toBeLessThan(shown.indexOf("Учительская"));
    expect(shown.indexOf("Учительская")).toBeLessThan(shown.indexOf("Физики"));
    expect(shown).not.toContain("Закрытая");
    const keyboard = inlineButtons(calls(out, "sendMessage")[0]!);
    expect(keyboard).toEqual([
      { text: "Вступить: Учительская", url: "https://t.me/+g1001000000202" },
      { text: "Вступить: Физики", url: "https://t.me/+g1001000000201" },
    ]);

    // The main menu's button opens the same directory.
    await u.send("/menu");
    const viaMenu = await u.tap("💬 Группы");
    expect(visible(u.texts(viaMenu)[0]!)).toBe(shown);
  });
});

describe("/groupsettings", () => {
  it("is for admins: the list with the add-the-bot link, a group's screen edited in place, changes saved and the cache invalidated", async () => {
    const group = await linkedGroup(-1001000000301, HOSTILE, { subjects: ["math"] });
    const { groups } = h.container.services;
    expect((await groups.group(group.chatId))?.joinPolicy).toBe("REGISTERED"); // cached now
    const admin = h.user(ADMIN);

    const list = await admin.send("/groupsettings");
    const listKeyboard = inlineButtons(calls(list, "sendMessage")[0]!);
    expect(listKeyboard[0]).toMatchObject({ text: HOSTILE });
    expect(listKeyboard.at(-1)).toEqual({
      text: "➕ Добавить бота в группу",
      url: "https://t.me/teachers_test_bot?startgroup=link&admin=invite_users+restrict_members+delete_messages+pin_messages+manage_topics",
    });
    expect(startGroupLink("x_bot")).toBe("https://t.me/x_bot?startgroup=link&admin=invite_users+restrict_members+delete_messages+pin_messages+manage_topics");

    const screenId = admin.lastKeyboardMessage()!.message_id;
    const open = await admin.tap(HOSTILE);
    expect(calls(open, "editMessageText")[0]?.payload.text).toContain("Математика &lt;b&gt;&amp;");
    expect(admin.buttons()).toEqual(expect.arrayContaining(["✅ Учителя", "Все", "✅ Русский", "✅ 24 ч", "✅ 5/10 с", "✅ 1 ч", "✅ Приветствие"]));

    await admin.tap("Все");
    await admin.tap("English");
    // The pinned rules follow the group's language and newcomer period.
    const chatId = Number(group.chatId);
    const rules = () => h.fake.messagesIn(chatId).filter((m) => m.from?.id === TEST_BOT_INFO.id);
    expect(rules()).toHaveLength(1);
    expect(rules()[0]!.text).toContain(`Rules of "${HOSTILE}"`);
    expect(rules()[0]!.text).toContain("first 24 h");
    await admin.tap("48 ч");
    expect(rules()).toHaveLength(1);
    expect(rules()[0]!.text).toContain("first 48 h");
    await admin.tap("10/30 с");
    await admin.tap("1 день");
    await admin.tap("Приветствие");
    const row = await h.container.prisma.group.findUniqueOrThrow({ where: { id: group.id } });
    expect(row.rulesMessageId).toBe(rules()[0]!.message_id);
    expect(row).toMatchObject({ joinPolicy: "ANYONE", locale: "en", newcomerHours: 48, floodMessages: 10, floodSeconds: 30, floodMuteMinutes: 1440, welcome: false });
    expect(await groups.group(group.chatId)).toMatchObject({ joinPolicy: "ANYONE", locale: "en", newcomerHours: 48, welcome: false });
    expect(admin.messages().filter((m) => m.reply_markup)).toHaveLength(1); // everything edited in place
    expect(admin.lastKeyboardMessage()!.message_id).toBe(screenId);
    expect(await h.container.prisma.auditLog.count({ where: { action: "group.settings" } })).toBe(6);

    // Statistics: buffered counts are written first.
    groups.stats.add(group.id, "messages", 7);
    groups.stats.add(group.id, "joins", 2);
    const stats = await admin.tap("Статистика");
    const statsText = visible(calls(stats, "editMessageText")[0]!.payload.text as string);
    expect(statsText).toContain("Вступили 2, вышли 0, сообщений 7");
    await admin.tap("Назад");
    await admin.tap("Назад");
    expect(admin.lastKeyboardMessage()!.text).toContain("выберите группу");

    // A forged value from the admin: stale, nothing changes.
    const forged = await admin.tapData(`gset1:p:${group.id}:z`);
    expect(answerText(forged)).toBeTruthy();
    expect((await h.container.prisma.group.findUniqueOrThrow({ where: { id: group.id } })).joinPolicy).toBe("ANYONE");
  });

  it("refuses members: the command and a forged button change nothing", async () => {
    const group = await linkedGroup(-1001000000302, "Физики", { subjects: ["physics"] });
    const u = h.user(9340);
    await register(u);
    const out = await u.send("/groupsettings");
    expect(u.texts(out)[0]).toContain("только администраторам");
    const moderatorToo = await moderator(9341);
    expect(moderatorToo.texts(await moderatorToo.send("/groupsettings"))[0]).toContain("только администраторам");
    const forged = await u.tapData(`gset1:p:${group.id}:a`);
    expect(alert(forged)).toMatchObject({ show_alert: true, text: expect.stringContaining("только администраторам") });
    expect((await h.container.prisma.group.findUniqueOrThrow({ where: { id: group.id } })).joinPolicy).toBe("REGISTERED");
    expect(await h.container.prisma.auditLog.count({ where: { action: "group.settings" } })).toBe(0);
  });
});

const answerText = (list: ApiCall[]) => alert(list)?.text;
