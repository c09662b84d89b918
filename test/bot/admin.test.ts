import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { register } from "./support.js";

const ADMIN = 3001;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answerOf = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;

describe("admins", () => {
  it("ADMIN_IDS are admins from the first start, recorded in the audit log", async () => {
    const admin = await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN) } });
    expect(admin?.role).toBe("ADMIN");
    const audit = await h.container.prisma.auditLog.findMany();
    expect(audit).toMatchObject([{ action: "role.bootstrap", actorId: null, targetMemberId: admin!.id }]);
    // A restart does not record it again.
    await h.restart();
    expect(await h.container.prisma.auditLog.count()).toBe(1);
  });

  it("finds a member by name and promotes them to moderator after confirmation", async () => {
    const teacher = h.user(3002, { username: "maria_t" });
    await register(teacher, { name: "Мария Петрова" });
    const a = h.user(ADMIN, { first_name: "Админ" });
    const menu = await a.send("/admin");
    expect(a.texts(menu)[0]).toContain("Администрирование");
    await a.tap("Найти участника");
    const results = await a.send("петрова");
    expect(a.texts(results).at(-1)).toContain("найдено: 1");
    await a.tap("Мария Петрова");
    expect(a.lastKeyboardMessage()!.text).toContain("@maria_t");
    await a.tap("Сделать модератором");
    expect(a.lastKeyboardMessage()!.text).toContain("Изменить роль");
    const done = await a.tap("Да, изменить");
    expect(answerOf(done)).toContain("Роль изменена");
    const row = await h.container.prisma.member.findUnique({ where: { telegramId: 3002n } });
    expect(row!.role).toBe("MODERATOR");
    const audit = await h.container.prisma.auditLog.findFirst({ where: { action: "role.change" } });
    const adminRow = await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN) } });
    expect(audit).toMatchObject({ actorId: adminRow!.id, targetMemberId: row!.id, details: { from: "MEMBER", to: "MODERATOR" } });

    // A second tap on the same confirmation changes nothing and says why.
    const confirm = await a.tapData(`adm1:ry:${row!.id}:M:D`);
    expect(answerOf(confirm)).toContain("уже изменил");
    expect(await h.container.prisma.auditLog.count({ where: { action: "role.change" } })).toBe(1);

    // The audit log shows the change.
    const log = await a.send("/audit");
    expect(a.texts(log)[0]).toContain("Мария Петрова");
    expect(a.texts(log)[0]).toContain("модератор");
  });

  it("finds members by Telegram id with /admin <query> and shows hostile names safely", async () => {
    const teacher = h.user(3003, { username: "x" });
    await register(teacher, { name: "Анна Смит" });
    const a = h.user(ADMIN);
    const found = await a.send("/admin 3003");
    expect(a.texts(found)[0]).toContain("найдено: 1");
    const none = await a.send('/admin <b>&"</b>');
    expect(a.texts(none)[0]).toContain("никого не нашлось");
  });

  it("refuses non-admins politely and changes nothing, even with forged buttons", async () => {
    const mallory = h.user(3004);
    await register(mallory, { name: "Мэллори Злая" });
    const victim = h.user(3005);
    await register(victim, { name: "Виктор Честный" });
    const refused = await mallory.send("/admin");
    expect(mallory.texts(refused)[0]).toContain("только администраторам");
    const search = await mallory.send("/admin Виктор");
    expect(mallory.texts(search)[0]).toContain("только администраторам");
    const mallorysId = (await h.container.prisma.member.findUnique({ where: { telegramId: 3004n } }))!.id;
    const forged = await mallory.tapData(`adm1:ry:${mallorysId}:M:A`);
    expect(answerOf(forged)).toContain("только администраторам");
    expect((await h.container.prisma.member.findUnique({ where: { telegramId: 3004n } }))!.role).toBe("MEMBER");
    expect(await h.container.prisma.auditLog.count({ where: { action: "role.change" } })).toBe(0);
    const audit = await mallory.send("/audit");
    expect(mallory.texts(audit)[0]).toContain("только администраторам");
  });

  it("does not let an admin change their own role or a configured admin's role", async () => {
    const a = h.user(ADMIN);
    await a.send("/admin");
    const adminId = (await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN) } }))!.id;
    const self = await a.tapData(`adm1:ry:${adminId}:A:M`);
    expect(answerOf(self)).toContain("собственную роль");
    // A second admin (promoted in the bot) cannot demote the configured one.
    const second = h.user(3006);
    await register(second, { name: "Второй Админ" });
    const secondId = (await h.container.prisma.member.findUnique({ where: { telegramId: 3006n } }))!.id;
    await a.tapData(`adm1:ry:${secondId}:M:A`);
    await second.send("/admin");
    const attempt = await second.tapData(`adm1:ry:${adminId}:A:D`);
    expect(answerOf(attempt)).toContain("ADMIN_IDS");
    expect((await h.container.prisma.member.findUnique({ where: { id: adminId } }))!.role).toBe("ADMIN");
  });

  it("offers no role change that would be refused: not on the admin's own card, not on an ADMIN_IDS admin's card", async () => {
    // Reproduces #9 item 10: both cards offered "Make member/moderator", refused only after "Yes".
    const a = h.user(ADMIN);
    await a.send("/admin");
    const adminId = (await h.container.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN) } }))!.id;
    await a.tapData(`adm1:card:${adminId}`);
    const own = a.lastKeyboardMessage()!;
    expect(own.text).toContain("свою роль изменить нельзя");
    expect(a.buttons(own).filter((b) => b.includes("Сделать"))).toEqual([]);
    // A forged or stale "make member" on the own card is refused before the confirmation question.
    const forged = await a.tapData(`adm1:rc:${adminId}:A:M`, own.message_id);
    expect(answerOf(forged)).toContain("собственную роль");
    expect(a.lastKeyboardMessage()!.text).not.toContain("Изменить роль");

    // A second admin (promoted in the bot) sees the configured admin without role buttons.
    const second = h.user(3008);
    await register(second, { name: "Второй Админ" });
    const secondId = (await h.container.prisma.member.findUnique({ where: { telegramId: 3008n } }))!.id;
    await a.tapData(`adm1:ry:${secondId}:M:A`);
    await second.send("/admin");
    await second.tapData(`adm1:card:${adminId}`);
    const configured = second.lastKeyboardMessage()!;
    expect(configured.text).toContain("ADMIN_IDS");
    expect(second.buttons(configured).filter((b) => b.includes("Сделать"))).toEqual([]);
    const demote = await second.tapData(`adm1:rc:${adminId}:A:D`, configured.message_id);
    expect(answerOf(demote)).toContain("ADMIN_IDS");

    // The configured admin sees the second admin's card with both other roles offered.
    await a.tapData(`adm1:card:${secondId}`);
    expect(a.buttons().filter((b) => b.includes("Сделать"))).toEqual(["⬇️ Сделать участником", "🛡 Сделать модератором"]);
  });

  it("searches names literally: % and _ are not wildcards", async () => {
    // Reproduces #9 item 18: "%" matched every member and "_" any one character.
    await register(h.user(3010, { username: "olga_k" }), { name: "Ольга Кротова" });
    await register(h.user(3011, { username: "olgaxk" }), { name: "Олег Иванов" });
    const a = h.user(ADMIN);
    expect(a.texts(await a.send("/admin %")).at(-1)).toContain("никого не нашлось");
    expect(a.texts(await a.send("/admin Ол%ва")).at(-1)).toContain("никого не нашлось");
    expect(a.texts(await a.send("/admin О_ьга")).at(-1)).toContain("никого не нашлось");
    expect(a.texts(await a.send("/admin _")).at(-1)).toContain("никого не нашлось");
    expect(a.texts(await a.send("/admin \\")).at(-1)).toContain("никого не нашлось");
    // A username with an underscore is found exactly, and the underscore matches only itself.
    const exact = await a.send("/admin @olga_k");
    expect(a.texts(exact).at(-1)).toContain("найдено: 1");
    expect(a.buttons().join(" ")).toContain("Ольга Кротова");
    expect(a.texts(await a.send("/admin olgaxk")).at(-1)).toContain("найдено: 1");
    expect(a.texts(await a.send("/admin кротова")).at(-1)).toContain("найдено: 1");
  });

  it("updates the promoted member's command menu through a job", async () => {
    const teacher = h.user(3007);
    await register(teacher, { name: "Ольга Новая" });
    const id = (await h.container.prisma.member.findUnique({ where: { telegramId: 3007n } }))!.id;
    const a = h.user(ADMIN);
    await a.send("/admin");
    await a.tapData(`adm1:ry:${id}:M:A`);
    const jobs = await h.container.queues.queue("members").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.map((j) => [j.name, j.data])).toEqual([["members.sync-commands", { memberId: id }]]);
  });
});
