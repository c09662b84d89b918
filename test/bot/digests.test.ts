// /subscriptions through the real bot: settings shown in the member's zone,
// buttons that edit the message in place, forged and stale buttons, members
// who are not registered, the main menu, /help and /mydata.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { nextSlotAfter } from "../../src/features/digests/digests.time.js";
import { register } from "./support.js";
import { formatZonedTime } from "../../src/shared/time.js";

let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create();
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const edited = (calls: ApiCall[]) => calls.find((c) => c.method === "editMessageText")?.payload.text as string | undefined;

async function memberId(u: TestUser): Promise<number> {
  return (await h.container.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
}

async function subscription(u: TestUser) {
  return h.container.prisma.digestSubscription.findUnique({ where: { memberId: await memberId(u) } });
}

describe("/subscriptions", () => {
  it("shows the default (weekly, as in the profile, next Monday 10:00 in the member's zone) and edits it in place", async () => {
    const u = h.user(8101);
    await register(u, { subjects: ["Математика"] });
    await h.container.prisma.profile.update({ where: { memberId: await memberId(u) }, data: { timezone: "Asia/Kamchatka" } });

    await u.send("/subscriptions");
    const screen = u.lastKeyboardMessage()!;
    const due = nextSlotAfter("WEEKLY", "Asia/Kamchatka", new Date());
    expect(screen.text).toContain("раз в неделю, по понедельникам в 10:00");
    expect(screen.text).toContain("Математика (как в профиле)");
    expect(screen.text).toContain("7 класс (как в профиле)");
    expect(screen.text).toContain(formatZonedTime(due, "Asia/Kamchatka", "ru"));
    expect(u.buttons(screen)).toEqual(["✅ Раз в неделю", "Каждый день", "Выключить", "📚 Предметы", "🎓 Классы"]);
    expect(await subscription(u)).toMatchObject({ frequency: "WEEKLY", subjectCodes: [], gradeCodes: [], nextDueAt: due });

    // Daily: the same message changes (no new one), the next digest is the next 10:00 in Kamchatka.
    const messages = u.messages().length;
    const daily = await u.tap("Каждый день");
    expect(answer(daily)).toContain("каждый день в 10:00");
    expect(edited(daily)).toContain("каждый день в 10:00");
    expect(u.buttons()).toContain("✅ Каждый день");
    const row = await subscription(u);
    expect(row).toMatchObject({ frequency: "DAILY", nextDueAt: nextSlotAfter("DAILY", "Asia/Kamchatka", new Date()) });
    expect(u.messages()).toHaveLength(messages);
    expect(daily.some((c) => c.method === "sendMessage")).toBe(false);

    // Off: no due time; the text says so.
    const off = await u.tap("Выключить");
    expect(edited(off)).toContain("Дайджест выключен");
    expect(await subscription(u)).toMatchObject({ frequency: "OFF", nextDueAt: null });
    await u.tap("Раз в неделю");
    expect((await subscription(u))!.frequency).toBe("WEEKLY");
  });

  it("chooses subjects and grades: the first tick starts from the profile; the last one cannot be removed; 'as in my profile' goes back", async () => {
    const u = h.user(8102);
    await register(u, { subjects: ["Математика"] });
    await u.send("/subscriptions");
    const subjects = await u.tap("📚 Предметы");
    expect(edited(subjects)).toContain("Сейчас — как в профиле");
    expect(u.buttons()).toContain("✅ Математика");
    expect(u.buttons()).toContain("✅ Как в профиле");

    await u.tap("Физика");
    expect((await subscription(u))!.subjectCodes).toEqual(["math", "physics"]);
    expect(u.buttons()).toEqual(expect.arrayContaining(["✅ Математика", "✅ Физика", "Как в профиле"]));
    expect(u.lastKeyboardMessage()!.text).toContain("свой список");
    await u.tap("✅ Математика");
    expect((await subscription(u))!.subjectCodes).toEqual(["physics"]);
    // The last subject stays: a polite alert, nothing changes.
    const refused = await u.tap("✅ Физика");
    expect(answer(refused)).toContain("хотя бы один предмет");
    expect((await subscription(u))!.subjectCodes).toEqual(["physics"]);
    await u.tap("Как в профиле");
    expect((await subscription(u))!.subjectCodes).toEqual([]);

    await u.tap("« Назад");
    await u.tap("🎓 Классы");
    await u.tap("8 класс");
    expect((await subscription(u))!.gradeCodes).toEqual(["7", "8"]);
    await u.tap("« Назад");
    expect(u.lastKeyboardMessage()!.text).toContain("7 класс, 8 класс");
    expect(u.lastKeyboardMessage()!.text).toContain("Математика (как в профиле)");
  });

  it("refuses forged and stale buttons politely and changes nothing", async () => {
    const u = h.user(8103);
    await register(u);
    await u.send("/subscriptions");
    const before = await subscription(u);
    for (const data of ["dig1:st:no_such_subject", "dig1:gt:13", "dig1:f:x", "dig1:f:w:1", "dig1:zz", "dig1:st", "dig0:f:o", "dig1:m:1"]) {
      const calls = await u.tapData(data);
      expect(answer(calls), data).toContain("больше не действует");
      expect(
        calls.some((c) => c.method === "editMessageText"),
        data,
      ).toBe(false);
    }
    expect(await subscription(u)).toEqual(before);
  });

  it("refuses members who are not registered, for the command and for buttons", async () => {
    const stranger = h.user(8104);
    const reply = await stranger.send("/subscriptions");
    expect(stranger.texts(reply).join()).toContain("Сначала зарегистрируйтесь");
    expect(answer(await stranger.tapData("dig1:f:d"))).toContain("Сначала зарегистрируйтесь");
    expect(await h.container.prisma.digestSubscription.count()).toBe(0);

    // An erased member is not registered any more either.
    const u = h.user(8105);
    await register(u);
    await u.send("/subscriptions");
    expect(await h.container.prisma.digestSubscription.count()).toBe(1);
    await u.send("/forgetme");
    await u.tap("Да, удалить");
    expect(await h.container.prisma.digestSubscription.count()).toBe(0);
    expect(answer(await u.tapData("dig1:f:d"))).toContain("Сначала зарегистрируйтесь");
    expect(await h.container.prisma.digestSubscription.count()).toBe(0);
  });

  it("is in /help and the main menu, and /mydata includes the subscription", async () => {
    const u = h.user(8106);
    await register(u);
    const help = await u.send("/help");
    expect(u.texts(help).join()).toContain("/subscriptions — Дайджест");

    await u.send("/menu");
    await u.tap("📬 Дайджест");
    expect(u.lastKeyboardMessage()!.text).toContain("Дайджест сообщества");
    await u.tap("Каждый день");

    const calls = await u.send("/mydata");
    const doc = calls.find((c) => c.method === "sendDocument")!;
    const sent = (doc.response as { result: { document: { file_id: string } } }).result.document;
    const data = JSON.parse(h.fake.fileContent(sent.file_id)!.toString("utf8"));
    expect(data.digestSubscription).toMatchObject({ frequency: "DAILY", subjects: [], grades: [] });
  });

  it("speaks English to English members", async () => {
    const u = h.user(8107);
    await register(u, { language: "English" });
    await u.send("/subscriptions");
    const text = u.lastKeyboardMessage()!.text!;
    expect(text).toContain("weekly, on Mondays at 10:00");
    expect(text).toContain("Mathematics (as in my profile)");
    expect(u.buttons()).toContain("✅ Weekly");
  });
});
