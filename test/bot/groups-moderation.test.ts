// Group moderation (issue 11, "Keeping groups clean"): antiflood, newcomers,
// the batched welcome, /report with racing moderators, /warn ×3, the
// community-wide ban, and bad input (non-staff, service messages, no reply).
// Raw group updates are built here; restrictChatMember is answered with setHandler.
import type { Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { BotApiFakeError } from "../support/bot-api-fake.js";
import { BotHarness, TEST_BOT_INFO, visible, type ApiCall } from "../support/bot-harness.js";

/** A message in a group, as the `message` of an update. */
type GroupMessage = NonNullable<Update["message"]>;

const ADMIN = 910_000_001;
const MODERATOR = 910_000_002;
/** GROUPS_LOG_CHAT_ID: where every action is logged. */
const LOG_CHAT = -1_009_999_999_999;
const now = () => Math.floor(Date.now() / 1000);

let harness: BotHarness;
let nextMessageId = 5_000;
let nextChatId = -1_002_000_000_001;

const person = (id: number, first_name = `User${id}`): User => ({ id, is_bot: false, first_name, language_code: "ru" });

interface TestGroup {
  id: number;
  chatId: number;
  chat: { id: number; type: "supergroup"; title: string };
}

/** A supergroup the bot administers (in the fake, with its rules) and its row, linked unless `data` says otherwise. */
async function linkedGroup(title = "Математика 5–9", data: Record<string, unknown> = {}): Promise<TestGroup> {
  const chatId = nextChatId--;
  harness.fake.groups.create({ id: chatId, title });
  const row = await harness.container.prisma.group.create({
    data: { chatId: BigInt(chatId), title, chatType: "supergroup", missingRights: [], linkedAt: new Date(), isGeneral: true, ...data },
  });
  return { id: row.id, chatId, chat: { id: chatId, type: "supergroup", title } };
}

function message(group: TestGroup, from: User, fields: Partial<Message> = {}): GroupMessage {
  return { message_id: nextMessageId++, date: now(), chat: group.chat, from, text: "Добрый день, коллеги", ...fields } as GroupMessage;
}

const post = (group: TestGroup, from: User, fields: Partial<Message> = {}): Promise<ApiCall[]> => harness.handle({ message: message(group, from, fields) });

/** A command as a reply to `replied` (omit it: not a reply). */
function command(group: TestGroup, from: User, text: string, replied?: Message): Promise<ApiCall[]> {
  const name = /^\/\w+/.exec(text)![0];
  return post(group, from, {
    text,
    entities: [{ type: "bot_command", offset: 0, length: name.length }],
    ...(replied ? { reply_to_message: replied } : {}),
  } as Partial<Message>);
}

function join(group: TestGroup, user: User): Promise<ApiCall[]> {
  return harness.handle({
    chat_member: {
      chat: group.chat,
      from: user,
      date: now(),
      old_chat_member: { status: "left", user },
      new_chat_member: { status: "member", user },
    },
  });
}

const of = (calls: ApiCall[], method: string) => calls.filter((c) => c.method === method);
const textsTo = (calls: ApiCall[], chatId: number) =>
  of(calls, "sendMessage")
    .filter((c) => Number(c.payload.chat_id) === chatId)
    .map((c) => visible(String(c.payload.text)));
const deletedIds = (calls: ApiCall[], chatId: number) =>
  calls
    .filter((c) => (c.method === "deleteMessages" || c.method === "deleteMessage") && Number(c.payload.chat_id) === chatId)
    .flatMap((c) => (c.method === "deleteMessages" ? (c.payload.message_ids as number[]) : [c.payload.message_id as number]));

async function delayedJobs(name: string) {
  const queue = harness.container.queues.queueOf(name as never);
  return (await queue.getJobs(["delayed", "waiting"])).filter((j) => j?.name === name);
}

beforeAll(async () => {
  harness = await BotHarness.create({ adminIds: [ADMIN], env: { GROUPS_ALLOWED_DOMAINS: "edu.tatar.ru", GROUPS_LOG_CHAT_ID: String(LOG_CHAT) } });
  await harness.container.prisma.member.create({ data: { telegramId: BigInt(MODERATOR), role: "MODERATOR", locale: "ru" } });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe("the hot path", () => {
  it("a clean message costs no Bot API call", async () => {
    const group = await linkedGroup();
    const calls = await post(group, person(920_000_001));
    expect(calls).toEqual([]);
    // …and it is counted.
    await harness.container.services.groups.stats.flush();
    const stat = await harness.container.prisma.groupDailyStat.findFirst({ where: { groupId: group.id } });
    expect(stat?.messages).toBe(1);
  });

  it("antiflood: the 6th message in 10 s mutes the sender once and deletes the burst; later ones are deleted in a batch", async () => {
    const group = await linkedGroup();
    const flooder = person(920_000_002, "Флудер");
    const ids: number[] = [];
    const all: ApiCall[] = [];
    for (let i = 0; i < 5; i++) {
      const m = message(group, flooder, { text: `спам ${i}` });
      ids.push(m.message_id);
      expect(await harness.handle({ message: m })).toEqual([]);
    }
    const sixth = message(group, flooder, { text: "спам 6" });
    ids.push(sixth.message_id);
    all.push(...(await harness.handle({ message: sixth })));
    const restricts = of(all, "restrictChatMember");
    expect(restricts).toHaveLength(1);
    expect(restricts[0]!.payload).toMatchObject({ chat_id: group.chatId, user_id: flooder.id, permissions: { can_send_messages: false } });
    const until = Number(restricts[0]!.payload.until_date);
    expect(Math.abs(until - (now() + 60 * 60))).toBeLessThan(5);
    expect(deletedIds(all, group.chatId).sort()).toEqual(ids.sort());
    expect(textsTo(all, group.chatId).join("\n")).toContain("слишком часто");
    expect(harness.fake.groups.get(group.chatId)!.restrictions.find((r) => r.userId === flooder.id)?.permissions.can_send_messages).toBe(false);

    // Messages arriving before Telegram applied the mute: deleted too, in one batch, no second restrict.
    const late = [message(group, flooder), message(group, flooder), message(group, flooder)];
    const lateCalls = (await Promise.all(late.map((m) => harness.handle({ message: m })))).flat();
    expect(lateCalls).toEqual([]);
    const from = harness.calls.length;
    await harness.container.services.groupModeration.deletes.flush();
    const flushed = harness.calls.slice(from);
    expect(of(flushed, "deleteMessages")).toHaveLength(1);
    expect(deletedIds(flushed, group.chatId).sort()).toEqual(late.map((m) => m.message_id).sort());
    expect(of(harness.calls, "restrictChatMember").filter((c) => c.payload.user_id === flooder.id)).toHaveLength(1);
    // Audited, without an actor (the bot decided).
    const audit = await harness.container.prisma.auditLog.findMany({ where: { action: "group.flood-mute" } });
    expect(audit.some((a) => (a.details as Record<string, unknown>).targetTelegramId === String(flooder.id))).toBe(true);
  });

  it("antiflood: 40 messages handled at once still make exactly one restrictChatMember", async () => {
    const group = await linkedGroup();
    const flooder = person(920_000_003);
    const burst = Array.from({ length: 40 }, (_, i) => message(group, flooder, { text: `x${i}` }));
    const from = harness.calls.length;
    await Promise.all(burst.map((m) => harness.handle({ message: m })));
    await harness.container.services.groupModeration.deletes.flush();
    const calls = harness.calls.slice(from);
    expect(of(calls, "restrictChatMember")).toHaveLength(1);
    expect(new Set(deletedIds(calls, group.chatId))).toEqual(new Set(burst.map((m) => m.message_id)));
    // Batched: far fewer calls than messages.
    expect(of(calls, "deleteMessages").length).toBeLessThanOrEqual(5);
  });
});

describe("newcomers", () => {
  it("a newcomer's link is deleted with one notice; an allowed domain and an old member's link stay", async () => {
    const group = await linkedGroup();
    const newcomer = person(920_000_010, "Новичок <b>&</b>");
    const oldMember = person(920_000_011);
    await join(group, newcomer);

    const link = "Заходите: https://spam.example/promo";
    const spam = message(group, newcomer, { text: link, entities: [{ type: "url", offset: 10, length: 25 }] });
    const calls = await harness.handle({ message: spam });
    expect(deletedIds(calls, group.chatId)).toEqual([spam.message_id]);
    const notices = textsTo(calls, group.chatId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("Новичок <b>&</b>"); // escaped in HTML, shown as typed
    expect((await delayedJobs("groups.delete-message")).length).toBeGreaterThan(0);

    // A forward and a hidden link are deleted too (in one batch), without a second notice within the minute.
    const forward = await post(group, newcomer, { text: "переслано", forward_origin: { type: "hidden_user", sender_user_name: "X", date: now() } });
    expect(forward).toEqual([]);
    const hidden = await post(group, newcomer, {
      text: undefined,
      caption: "см.",
      caption_entities: [{ type: "text_link", offset: 0, length: 3, url: "https://bad.example" }],
    });
    expect(hidden).toEqual([]);
    const batch = harness.calls.length;
    await harness.container.services.groupModeration.deletes.flush();
    expect(of(harness.calls.slice(batch), "deleteMessages")).toHaveLength(1);
    expect(deletedIds(harness.calls.slice(batch), group.chatId)).toHaveLength(2);

    // Allowed domain (a subdomain of it): kept, no call.
    const allowed = "https://school.edu.tatar.ru/plan";
    expect(await post(group, newcomer, { text: allowed, entities: [{ type: "url", offset: 0, length: allowed.length }] })).toEqual([]);
    // Someone who joined before the bot knew (not a newcomer): kept.
    expect(await post(group, oldMember, { text: link, entities: [{ type: "url", offset: 10, length: 25 }] })).toEqual([]);
  });

  it("a newcomer who edits a link into a clean message is screened like a new message; an old member's edit is not", async () => {
    const group = await linkedGroup();
    const newcomer = person(920_000_015, "Правщик");
    const oldMember = person(920_000_016);
    await join(group, newcomer);
    const clean = message(group, newcomer, { text: "Здравствуйте" });
    expect(await harness.handle({ message: clean })).toEqual([]);
    const spam = "Здравствуйте https://spam.example";
    const edit = (m: GroupMessage, text: string) =>
      harness.handle({ edited_message: { ...m, text, edit_date: now(), entities: [{ type: "url", offset: 13, length: 20 }] } });
    const calls = await edit(clean, spam);
    expect(deletedIds(calls, group.chatId)).toEqual([clean.message_id]);
    expect(textsTo(calls, group.chatId)).toHaveLength(1);
    const old = message(group, oldMember, { text: "Здравствуйте" });
    await harness.handle({ message: old });
    expect(await edit(old, spam)).toEqual([]);
  });

  it("community staff are never screened", async () => {
    const group = await linkedGroup();
    const moderator = person(MODERATOR, "Модератор");
    await join(group, moderator);
    const link = "https://spam.example/x";
    expect(await post(group, moderator, { text: link, entities: [{ type: "url", offset: 0, length: link.length }] })).toEqual([]);
  });
});

describe("welcome", () => {
  it("three joins make one welcome naming all three, deleted later by a job", async () => {
    const group = await linkedGroup("Физика");
    const joiners = [person(920_000_020, "Ольга"), person(920_000_021, "Пётр"), person(920_000_022, "Эмма & <i>")];
    for (const j of joiners) expect(of(await join(group, j), "sendMessage")).toEqual([]);
    const jobs = (await delayedJobs("groups.welcome")).filter((j) => j.data.groupId === group.id);
    expect(jobs).toHaveLength(1);
    const from = harness.calls.length;
    await harness.container.processors["groups.welcome"](jobs[0]!.data, jobs[0]! as never, pino({ level: "silent" }));
    const calls = harness.calls.slice(from);
    const texts = textsTo(calls, group.chatId);
    expect(texts).toHaveLength(1);
    for (const name of ["Ольга", "Пётр", "Эмма & <i>"]) expect(texts[0]).toContain(name);
    expect(harness.violations).toEqual([]);
    // The welcome deletes itself: a delayed job (ids only) that deletes it when run.
    const welcomeId = (of(calls, "sendMessage")[0]!.response as { result: { message_id: number } }).result.message_id;
    const cleanup = (await delayedJobs("groups.delete-message")).find((j) => j.data.messageId === welcomeId && j.data.chatId === String(group.chatId));
    expect(cleanup?.opts.delay).toBe(5 * 60_000);
    const deleting = harness.calls.length;
    await harness.container.processors["groups.delete-message"](cleanup!.data, cleanup! as never, pino({ level: "silent" }));
    expect(deletedIds(harness.calls.slice(deleting), group.chatId)).toEqual([welcomeId]);
    // Running it again (a retry) welcomes nobody twice.
    const again = harness.calls.length;
    await harness.container.processors["groups.welcome"](jobs[0]!.data, jobs[0]! as never, pino({ level: "silent" }));
    expect(harness.calls.slice(again)).toEqual([]);
  });
});

describe("staff commands", () => {
  it("/warn three times mutes for 24 hours", async () => {
    const group = await linkedGroup();
    const admin = person(ADMIN, "Админ");
    const offender = person(920_000_030, "Нарушитель");
    const texts: string[] = [];
    let restricts: ApiCall[] = [];
    for (let i = 1; i <= 3; i++) {
      const bad = message(group, offender, { text: `грубость ${i}` });
      const calls = await command(group, admin, `/warn оскорбления ${i}`, bad);
      texts.push(...textsTo(calls, group.chatId));
      restricts = of(calls, "restrictChatMember");
      if (i < 3) expect(restricts).toEqual([]);
    }
    expect(texts[0]).toContain("1 из 3");
    expect(texts[2]).toContain("24 часа");
    expect(restricts).toHaveLength(1);
    expect(Math.abs(Number(restricts[0]!.payload.until_date) - (now() + 24 * 3600))).toBeLessThan(5);
    const warnings = await harness.container.prisma.groupWarning.findMany({ where: { telegramUserId: BigInt(offender.id) } });
    expect(warnings).toHaveLength(3);
    expect(warnings.every((w) => w.expiresAt.getTime() - w.createdAt.getTime() === 30 * 24 * 3600 * 1000)).toBe(true);
    const audit = await harness.container.prisma.auditLog.findMany({ where: { action: { in: ["group.warn", "group.mute"] } }, orderBy: { id: "asc" } });
    const mine = audit.filter((a) => (a.details as Record<string, unknown>).targetTelegramId === String(offender.id));
    expect(mine.map((a) => a.action)).toEqual(["group.warn", "group.warn", "group.warn", "group.mute"]);
    const logged = textsTo(harness.calls, LOG_CHAT).filter((t) => t.includes("Нарушитель"));
    expect(logged).toHaveLength(4); // three warnings and the mute
    expect(logged[0]).toContain("оскорбления 1");
    expect(mine[0]!.details).toMatchObject({ groupId: group.id, reason: "оскорбления 1", excerpt: "грубость 1", targetName: "Нарушитель" });
  });

  it("/mute with a duration and /unmute", async () => {
    const group = await linkedGroup();
    const admin = person(ADMIN, "Админ");
    const offender = person(920_000_031);
    const calls = await command(group, admin, "/mute 2h флуд", message(group, offender));
    const r = of(calls, "restrictChatMember");
    expect(r).toHaveLength(1);
    expect(Math.abs(Number(r[0]!.payload.until_date) - (now() + 7200))).toBeLessThan(5);
    expect(textsTo(calls, group.chatId)[0]).toContain("2 ч.");
    const unmute = await command(group, admin, "/unmute", message(group, offender));
    expect(of(unmute, "restrictChatMember")[0]!.payload).toMatchObject({ permissions: { can_send_messages: true } });
  });

  it("a ban in one group applies in every linked group and puts them on the ban list (isBanned); /unban lifts it everywhere", async () => {
    await harness.container.prisma.group.updateMany({ data: { isActive: false } }); // earlier tests' groups out of the way
    const g1 = await linkedGroup("Химия");
    const g2 = await linkedGroup("Биология");
    const unlinked = await linkedGroup("Чужая", { linkedAt: null });
    const admin = person(ADMIN, "Админ");
    const spammer = person(920_000_040, "Спамер");
    const calls = await command(g1, admin, "/ban реклама", message(g1, spammer));
    const banned = of(calls, "banChatMember").map((c) => Number(c.payload.chat_id));
    expect(banned.sort()).toEqual([g1.chatId, g2.chatId].sort());
    expect(banned).not.toContain(unlinked.chatId);
    expect(await harness.container.services.groupModeration.isBanned(BigInt(spammer.id))).toBe(true);
    for (const g of [g1, g2]) expect(harness.fake.groups.get(g.chatId)!.bans.map((b) => b.userId)).toContain(spammer.id);
    expect(harness.fake.groups.get(unlinked.chatId)!.bans).toEqual([]);
    expect(textsTo(calls, g1.chatId)[0]).toContain("во всех группах");

    // The banned user can no longer post: /unban takes their Telegram id.
    const unban = await command(g2, admin, `/unban ${spammer.id} ошибся`);
    expect(
      of(unban, "unbanChatMember")
        .map((c) => Number(c.payload.chat_id))
        .sort(),
    ).toEqual([g1.chatId, g2.chatId].sort());
    expect(await harness.container.services.groupModeration.isBanned(BigInt(spammer.id))).toBe(false);
    for (const g of [g1, g2]) expect(harness.fake.groups.get(g.chatId)!.bans).toEqual([]);
    const audit = await harness.container.prisma.auditLog.findMany({ where: { action: { in: ["group.ban", "group.unban"] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["group.ban", "group.unban"]);
  });

  it("with more than 10 linked groups the ban goes through a job, which bans in every one", async () => {
    await harness.container.prisma.group.updateMany({ data: { isActive: false } });
    const groups: TestGroup[] = [];
    for (let i = 0; i < 11; i++) groups.push(await linkedGroup(`Группа ${i}`));
    const spammer = person(920_000_045, "Рейдер");
    const calls = await command(groups[0]!, person(ADMIN, "Админ"), "/ban", message(groups[0]!, spammer));
    expect(of(calls, "banChatMember")).toEqual([]);
    const job = (await delayedJobs("groups.ban-sync")).find((j) => j.data.telegramUserId === String(spammer.id));
    expect(job).toBeDefined();
    const from = harness.calls.length;
    await harness.container.processors["groups.ban-sync"](job!.data, job! as never, pino({ level: "silent" }));
    const banned = of(harness.calls.slice(from), "banChatMember").map((c) => Number(c.payload.chat_id));
    expect(banned.sort()).toEqual(groups.map((g) => g.chatId).sort());
  });

  it("a group linked after a ban, or back in use after the bot was removed, gets the whole ban list by a job (run twice: same bans)", async () => {
    const { prisma, services, processors } = harness.container;
    await prisma.group.updateMany({ data: { isActive: false } });
    const g1 = await linkedGroup("История");
    const spammer = person(920_000_090, "Спамер");
    await command(g1, person(ADMIN, "Админ"), "/ban", message(g1, spammer));
    expect(await services.groupModeration.isBanned(BigInt(spammer.id))).toBe(true);

    // A moderator links a new group: it was not linked when the ban was made.
    const g2 = await linkedGroup("География", { linkedAt: null });
    const moderator = await services.members.find(BigInt(MODERATOR));
    await services.groups.link(moderator, (await services.groups.group(g2.chatId))!, [], true);
    const jobs = (await delayedJobs("groups.ban-list")).filter((j) => j.data.groupId === g2.id);
    expect(jobs).toHaveLength(1);
    const run = async () => {
      const from = harness.calls.length;
      await processors["groups.ban-list"](jobs[0]!.data, jobs[0]! as never, pino({ level: "silent" }));
      return of(harness.calls.slice(from), "banChatMember").filter((c) => Number(c.payload.chat_id) === g2.chatId);
    };
    const first = await run();
    expect(first.map((c) => Number(c.payload.user_id))).toContain(spammer.id);
    // Every banned id of the list, each once.
    const banList = (await prisma.groupBan.findMany({ select: { telegramUserId: true } })).map((b) => Number(b.telegramUserId));
    expect(first.map((c) => Number(c.payload.user_id)).sort()).toEqual(banList.sort());
    const bansInG2 = () => harness.fake.groups.get(g2.chatId)!.bans.filter((b) => b.userId === spammer.id);
    expect(bansInG2()).toHaveLength(1);
    // The same job again (a retry, a stalled job run twice): the same bans, nothing more, no next page queued.
    expect((await run()).length).toBe(first.length);
    expect(bansInG2()).toHaveLength(1);
    expect((await delayedJobs("groups.ban-list")).filter((j) => j.data.groupId === g2.id)).toHaveLength(1);
    // Linking it again (other subjects) does not apply the list once more.
    await services.groups.link(moderator, (await services.groups.group(g2.chatId))!, [], true);
    expect((await delayedJobs("groups.ban-list")).filter((j) => j.data.groupId === g2.id)).toHaveLength(1);

    // The bot was removed from a linked group and a ban was made meanwhile; it is added back as administrator.
    const g3 = await linkedGroup("Музыка", { isActive: false });
    const raider = person(920_000_091, "Рейдер-2");
    await command(g1, person(ADMIN, "Админ"), "/ban", message(g1, raider));
    expect(harness.fake.groups.get(g3.chatId)!.bans).toEqual([]);
    const bot = TEST_BOT_INFO;
    const rights = Object.fromEntries(
      ["can_manage_chat", "can_delete_messages", "can_restrict_members", "can_invite_users", "can_pin_messages", "can_manage_topics"].map((r) => [r, true]),
    );
    await harness.handle({
      my_chat_member: {
        chat: g3.chat,
        from: person(ADMIN, "Админ"),
        date: now(),
        old_chat_member: { user: bot, status: "left" },
        new_chat_member: { user: bot, status: "administrator", can_be_edited: false, is_anonymous: false, ...rights } as never,
      },
    });
    const back = (await delayedJobs("groups.ban-list")).filter((j) => j.data.groupId === g3.id);
    expect(back).toHaveLength(1);
    await processors["groups.ban-list"](back[0]!.data, back[0]! as never, pino({ level: "silent" }));
    expect(harness.fake.groups.get(g3.chatId)!.bans.map((b) => b.userId)).toEqual(expect.arrayContaining([spammer.id, raider.id]));
  });

  it("a long ban list goes to a new group 100 bans per job, the next page delayed", async () => {
    const { prisma, services, processors } = harness.container;
    await prisma.groupBan.createMany({ data: Array.from({ length: 150 }, (_, i) => ({ telegramUserId: BigInt(950_000_000 + i) })) });
    const total = await prisma.groupBan.count();
    const g = await linkedGroup("Длинный список", { linkedAt: null });
    await services.groups.link(await services.members.find(BigInt(MODERATOR)), (await services.groups.group(g.chatId))!, [], true);
    const bannedIn = new Set<number>();
    const done = new Set<string>();
    const next = async () => (await delayedJobs("groups.ban-list")).find((j) => j.data.groupId === g.id && !done.has(j.id!));
    let pages = 0;
    for (let job = await next(); job && pages < 10; job = await next(), pages++) {
      if (pages > 0) expect(job.delay).toBeGreaterThan(0);
      done.add(job.id!);
      const from = harness.calls.length;
      await processors["groups.ban-list"](job.data, job as never, pino({ level: "silent" }));
      const calls = of(harness.calls.slice(from), "banChatMember");
      expect(calls.length).toBeLessThanOrEqual(100);
      for (const c of calls) bannedIn.add(Number(c.payload.user_id));
    }
    expect(pages).toBe(Math.ceil(total / 100));
    expect(bannedIn.size).toBe(total);
  });

  it("bad input: non-staff, no reply, a service message, a bot, another moderator — a clear answer and nothing changes", async () => {
    const group = await linkedGroup();
    const member = person(920_000_050, "Участник");
    const admin = person(ADMIN, "Админ");
    const target = message(group, person(920_000_051));

    const refused = await command(group, member, "/ban", target);
    expect(textsTo(refused, group.chatId)[0]).toContain("только модераторам");
    expect(of(refused, "banChatMember")).toEqual([]);

    expect(textsTo(await command(group, admin, "/warn"), group.chatId)[0]).toContain("ответом на сообщение");
    const service = message(group, person(920_000_052), { text: undefined, new_chat_members: [person(920_000_052)] });
    expect(textsTo(await command(group, admin, "/mute", service), group.chatId)[0]).toContain("служебное сообщение");
    const fromBot = message(group, { id: 930_000_001, is_bot: true, first_name: "Bot" });
    expect(textsTo(await command(group, admin, "/warn", fromBot), group.chatId)[0]).toContain("ботам");
    const fromModerator = message(group, person(MODERATOR));
    const staff = await command(group, admin, "/mute 1d", fromModerator);
    expect(textsTo(staff, group.chatId)[0]).toContain("Модераторов и администраторов");
    expect(of(staff, "restrictChatMember")).toEqual([]);

    // A basic group cannot restrict anyone: said so.
    const basicId = -400_900_001;
    harness.fake.groups.create({ id: basicId, type: "group", title: "Обычная" });
    await harness.container.prisma.group.create({ data: { chatId: BigInt(basicId), title: "Обычная", chatType: "group", missingRights: [], linkedAt: new Date() } });
    const basic = { id: 0, chatId: basicId, chat: { id: basicId, type: "group", title: "Обычная" } } as unknown as TestGroup;
    expect(textsTo(await command(basic, admin, "/mute", message(basic, person(920_000_053))), basicId)[0]).toContain("обычной группе");
    // A report there reaches the moderators without a link (a basic group's messages have none).
    const reported = await command(basic, member, "/report", message(basic, person(920_000_054), { text: "спам" }));
    const notice = of(reported, "sendMessage").find((c) => Number(c.payload.chat_id) === ADMIN)!;
    expect(visible(String(notice.payload.text))).toContain("спам");
    expect(String(notice.payload.text)).not.toContain("t.me/c/");
    expect(visible(String(notice.payload.text))).not.toContain("Открыть сообщение");

    expect(await harness.container.prisma.groupWarning.count({ where: { groupId: group.id } })).toBe(0);
    expect(await harness.container.prisma.groupBan.count({ where: { telegramUserId: BigInt(920_000_051) } })).toBe(0);
    expect(harness.violations).toEqual([]);
  });
});

describe("/admin's member card", () => {
  it("bans and unbans a member in every linked group from the card", async () => {
    await harness.container.prisma.group.updateMany({ data: { isActive: false } }); // few groups: the ban is applied at once
    const group = await linkedGroup("Информатика");
    const target = 920_000_080;
    await harness.container.prisma.member.create({ data: { telegramId: BigInt(target), username: "spam_teacher" } });
    const admin = harness.user(ADMIN);
    await admin.send(`/admin ${target}`);
    await admin.tap("@spam_teacher");
    await admin.tap("Блокировка в группах");
    expect(visible(admin.lastMessage()!.text!)).toContain("не заблокирован");
    const ban = await admin.tap("Заблокировать во всех группах");
    expect(of(ban, "banChatMember").map((c) => Number(c.payload.chat_id))).toContain(group.chatId);
    expect(harness.fake.groups.get(group.chatId)!.bans.map((b) => b.userId)).toEqual([target]);
    expect(await harness.container.services.groupModeration.isBanned(BigInt(target))).toBe(true);
    const unban = await admin.tap("Разблокировать");
    expect(of(unban, "unbanChatMember").map((c) => Number(c.payload.chat_id))).toContain(group.chatId);
    expect(await harness.container.services.groupModeration.isBanned(BigInt(target))).toBe(false);
    await admin.tap("К карточке");
    expect(admin.buttons()).toContain("🚫 Блокировка в группах");
    expect(harness.violations).toEqual([]);
  });
});

describe("/report", () => {
  it("notifies both moderators once; the first decision wins and both notices show it", async () => {
    const group = await linkedGroup("Русский <язык> & литература");
    const reporter = person(920_000_060, "Репортёр");
    const author = person(920_000_061, "Автор");
    const reported = message(group, author, { text: "x".repeat(4000) });
    const calls = await command(group, reporter, "/report", reported);

    // The command is deleted, the reporter gets a short notice, each moderator a private one.
    expect(deletedIds(calls, group.chatId)).toHaveLength(1);
    expect(textsTo(calls, group.chatId)[0]).toContain("отправлена модераторам");
    const adminNotice = textsTo(calls, ADMIN);
    const modNotice = textsTo(calls, MODERATOR);
    expect(adminNotice).toHaveLength(1);
    expect(modNotice).toHaveLength(1);
    expect(adminNotice[0]).toContain("Русский <язык> & литература");
    expect(adminNotice[0]).toContain("x".repeat(199) + "…");
    expect(adminNotice[0]).not.toContain("x".repeat(201));
    const sent = of(calls, "sendMessage").find((c) => Number(c.payload.chat_id) === ADMIN)!;
    expect(String(sent.payload.text)).toContain(`https://t.me/c/${String(-group.chatId).slice(3)}/${reported.message_id}`);

    // Reporting it again: no second report, no new notices.
    const again = await command(group, person(920_000_062), "/report", reported);
    expect(textsTo(again, ADMIN)).toEqual([]);
    expect(await harness.container.prisma.groupReport.count({ where: { groupId: group.id } })).toBe(1);

    // Both moderators tap at once: one decision.
    const admin = harness.user(ADMIN);
    const moderator = harness.user(MODERATOR);
    const data = (u: typeof admin, action: string) =>
      u
        .lastKeyboardMessage()!
        .reply_markup!.inline_keyboard.flat()
        .map((b) => ("callback_data" in b ? b.callback_data : ""))
        .find((d) => d.startsWith(`gmr1:${action}:`))!;
    const before = harness.calls.length;
    await Promise.all([admin.tapData(data(admin, "warn")), moderator.tapData(data(moderator, "del"))]);
    const answers = of(harness.calls.slice(before), "answerCallbackQuery").map((c) => String(c.payload.text));
    expect(answers).toHaveLength(2);
    expect(answers.filter((t) => t.startsWith("Готово"))).toHaveLength(1);
    expect(answers.filter((t) => t.startsWith("Уже решено"))).toHaveLength(1);
    const report = await harness.container.prisma.groupReport.findFirstOrThrow({ where: { groupId: group.id } });
    expect(["WARNED", "DELETED"]).toContain(report.status);
    // Both notices now say who decided what, without buttons.
    for (const u of [admin, moderator]) {
      const notice = u.messages().at(-1)!;
      expect(notice.text).toContain("Решение:");
      expect(notice.reply_markup?.inline_keyboard?.length ?? 0).toBe(0);
    }
    // The reported message is deleted either way.
    expect(deletedIds(harness.calls, group.chatId)).toContain(reported.message_id);
    expect(await harness.container.prisma.groupWarning.count({ where: { telegramUserId: BigInt(author.id) } })).toBe(report.status === "WARNED" ? 1 : 0);
    expect(harness.violations).toEqual([]);
  });

  it("a non-moderator's tap on a report button changes nothing", async () => {
    const stranger = harness.user(920_000_070);
    const calls = await stranger.tapData("gmr1:ban:1");
    expect(String(of(calls, "answerCallbackQuery")[0]!.payload.text)).toContain("только модераторам");
  });
});

describe("a group whose language is English", () => {
  it("gets its notices and refusals in English; a report of a message deleted meanwhile is still decided", async () => {
    const group = await linkedGroup("Maths <b>&</b> co", { locale: "en" });
    const newcomer = person(920_000_080, "New");
    await join(group, newcomer);
    const link = "see https://spam.example/x";
    const calls = await post(group, newcomer, { text: link, entities: [{ type: "url", offset: 4, length: 22 }] });
    expect(textsTo(calls, group.chatId)[0]).toContain("during your first 24 h");

    const member = person(920_000_081, "Member");
    const refused = await command(group, member, "/warn", message(group, newcomer));
    expect(textsTo(refused, group.chatId)[0]).toContain("moderators and admins only");

    // A report of a message that someone deletes before a moderator decides: Telegram refuses
    // the deletion (400), the decision is still recorded and every notice says so.
    const reported = message(group, newcomer, { text: "rude words" });
    await command(group, member, "/report", reported);
    let refusals = 0;
    harness.fake.setHandler("deleteMessages", () => {
      refusals++;
      throw new BotApiFakeError(400, "Bad Request: message to delete not found");
    });
    try {
      const admin = harness.user(ADMIN);
      const del = admin
        .lastKeyboardMessage()!
        .reply_markup!.inline_keyboard.flat()
        .map((b) => ("callback_data" in b ? b.callback_data : ""))
        .find((d) => d.startsWith("gmr1:del:"))!;
      await admin.tapData(del);
    } finally {
      harness.fake.setHandler("deleteMessages", undefined);
    }
    expect(refusals).toBe(1);
    expect(await harness.container.prisma.groupReport.findFirstOrThrow({ where: { groupId: group.id } })).toMatchObject({ status: "DELETED" });
    expect(harness.user(ADMIN).messages().at(-1)!.reply_markup?.inline_keyboard?.length ?? 0).toBe(0);
  });
});
