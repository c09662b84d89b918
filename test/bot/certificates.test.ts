// Certificates through the bot: a material approved → the author's PDF → /certificates →
// the card → download by file_id → /verify (masked name, then full with consent); an
// event's panel (hours, issuing, speaker, annulled check-in); admin revoke and reissue;
// forged buttons, malformed codes, non-admin commands and the English locale.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, telegramViolation, visible, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { register } from "./support.js";
import type { QueueName } from "../../src/jobs/definitions.js";

const ADMIN = 8101;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [ADMIN] });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const documentsSent = (calls: ApiCall[]) => calls.filter((c) => c.method === "sendDocument");
const HOSTILE_TITLE = 'Дроби <5 класс> & "ответы"';

async function memberOf(u: TestUser) {
  return (await h.container.services.members.find(BigInt(u.id)))!;
}

/**
 * Runs every queued job of the documents, sending and notification queues with the
 * container's own processors, as workers would, until none is left; returns the
 * Bot API calls they made (checked as the harness checks handlers' calls).
 */
async function runJobs(): Promise<ApiCall[]> {
  const from = h.calls.length;
  const queues: QueueName[] = ["documents", "send", "notifications"];
  for (let round = 0; round < 10; round++) {
    let ran = 0;
    for (const name of queues) {
      const queue = h.container.queues.queue(name);
      for (const job of await queue.getJobs(["waiting", "prioritized", "delayed"])) {
        const processor = h.container.processors[job.name as keyof typeof h.container.processors] as (data: unknown, job: unknown, log: unknown) => Promise<unknown>;
        await processor(job.data, job, h.container.logger);
        await job.remove();
        ran++;
      }
    }
    if (ran === 0) break;
  }
  const calls = h.calls.slice(from);
  for (const c of calls) {
    const v = telegramViolation(c.method, c.payload);
    if (v) h.violations.push(v);
    if (!c.response.ok) h.violations.push(`${c.method}: ${c.response.description}`);
  }
  return calls;
}

/** An author uploads a material with a hostile title; the admin approves it. Returns the material id. */
async function publishedMaterial(author: TestUser, mod: TestUser): Promise<number> {
  await author.sendDocument({ fileName: "drobi.pdf", mimeType: "application/pdf", size: 120_000 });
  await author.send(HOSTILE_TITLE);
  await author.send("Рабочий лист с ответами: 20 примеров на сложение дробей.");
  await author.tap("Математика");
  await author.tap("5 класс");
  await author.tap("Готово");
  await author.tap("Рабочий лист");
  await author.send("#дроби");
  const sent = await author.tap("Отправить на модерацию");
  const id = Number(/№(\d+)/.exec(author.texts(sent).find((t) => t.includes("отправлен на модерацию"))!)![1]);
  await mod.send("/moderate");
  await mod.tap("Опубликовать");
  return id;
}

/** An event that is over, with `attendees` registered and checked in; returns its id. */
async function pastEvent(org: TestUser, attendees: TestUser[]): Promise<number> {
  const { events } = h.container.services;
  const event = await events.create(await memberOf(org), {
    title: "Вебинар <о дробях> & «оценивании»",
    kind: "WEBINAR",
    subjectCodes: [],
    start: new Date(Date.now() + 86_400_000),
    duration: 90,
    timeZone: "Europe/Moscow",
  });
  for (const u of attendees) await events.register(await memberOf(u), event.id);
  await h.container.prisma.event.update({ where: { id: event.id }, data: { startsAt: new Date(Date.now() - 60_000) } });
  for (const u of attendees) await events.checkIn(await memberOf(u), event.id);
  await h.container.prisma.event.update({ where: { id: event.id }, data: { startsAt: new Date(Date.now() - 3 * 3600_000) } });
  return event.id;
}

async function codeOf(holder: TestUser, kind: string): Promise<{ id: number; code: string; number: string }> {
  const m = await memberOf(holder);
  const doc = await h.container.prisma.document.findFirstOrThrow({ where: { holderId: m.id, kind: kind as never, revokedAt: null }, orderBy: { id: "desc" } });
  return { id: doc.id, code: doc.code, number: doc.number };
}

describe("certificates", () => {
  it("publication record: PDF on approval, /certificates, card, download by file_id, /verify with and without the name consent", async () => {
    const author = h.user(8102);
    await register(author, { name: "Иванова Анна" });
    const mod = h.user(ADMIN);
    await register(mod, { name: "Админ Строгий" });
    await publishedMaterial(author, mod);

    // Issued but not rendered yet: the card's download says it is being prepared, and sends nothing.
    await author.send("/certificates");
    await author.tap("1. П-");
    const early = await author.tap("Скачать PDF");
    expect(answer(early)).toContain("готовится");
    expect(documentsSent(early)).toEqual([]);

    // Rendered and sent through the sending path: the PDF as an upload, the caption with the code.
    const sent = documentsSent(await runJobs()).filter((c) => Number(c.payload.chat_id) === author.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.document).toMatchObject({ kind: "upload" });
    const { id, code, number } = await codeOf(author, "PUBLICATION");
    expect(String(sent[0]!.payload.caption)).toContain(code);
    expect(String(sent[0]!.payload.caption)).toContain("Справка о размещении материала");
    expect(number).toMatch(/^П-\d{4}-\d{6}$/);

    // The list, the card, the download (by the file_id Telegram gave).
    await author.send("/certificates");
    const list = author.lastKeyboardMessage()!;
    expect(list.text).toContain(number);
    expect(list.text).toContain(HOSTILE_TITLE);
    expect(author.buttons()).toContain("📘 Портфолио (PDF)");
    // Without PUBLIC_URL there is no public page to offer.
    expect(author.buttons().some((b) => b.includes("Публичное портфолио"))).toBe(false);
    await author.tap(`1. ${number}`);
    const card = author.lastKeyboardMessage()!.text!;
    expect(card).toContain("действителен");
    expect(card).toContain(code);
    expect(card).toContain(`start=v_${code}`);
    const download = documentsSent(await author.tap("Скачать PDF"));
    expect(download).toHaveLength(1);
    expect(typeof download[0]!.payload.document).toBe("string");
    expect((await h.container.prisma.document.findUniqueOrThrow({ where: { id } })).fileId).toBe(download[0]!.payload.document);

    // Anyone verifies: the name masked without consent.
    const stranger = h.user(8199);
    // Typed as people type it: lower case, with a dash.
    const shown = stranger.texts(await stranger.send(`/verify ${code.toLowerCase().slice(0, 5)}-${code.slice(5)}`)).join();
    expect(visible(shown)).toContain("И******а А.");
    expect(visible(shown)).not.toContain("Иванова");
    expect(visible(shown)).toContain(HOSTILE_TITLE);
    expect(visible(shown)).toContain("действителен");
    // The deep link works for the unregistered too, without registration.
    const viaLink = await stranger.send(`/start v_${code}`);
    expect(stranger.texts(viaLink).join()).toContain("И******а А.");
    expect(stranger.texts(viaLink).join()).not.toContain("Согласие на обработку");

    // Consent given → the full name; withdrawn → masked again.
    await author.send("/certificates");
    await author.tap("Публиковать ФИО");
    expect(author.lastKeyboardMessage()!.text).toContain("152-ФЗ");
    expect(answer(await author.tap("Согласен"))).toContain("Согласие дано");
    expect(stranger.texts(await stranger.send(`/verify ${code}`)).join()).toContain("Иванова Анна");
    expect(answer(await author.tap("Отозвать согласие"))).toContain("отозвано");
    expect(stranger.texts(await stranger.send(`/verify ${code}`)).join()).not.toContain("Иванова Анна");

    // The portfolio: a PDF, then "wait" within 30 s.
    const portfolio = await author.send("/portfolio");
    expect(portfolio.some((c) => c.method === "sendChatAction")).toBe(true);
    const pdf = documentsSent(portfolio);
    expect(pdf).toHaveLength(1);
    expect(String(pdf[0]!.payload.caption)).toContain("документов — 1");
    expect(author.texts(await author.send("/portfolio")).join()).toContain("Подождите");
    await author.send("/certificates");
    const again = await author.tap("Портфолио (PDF)");
    expect(answer(again)).toContain("Подождите");
    expect(documentsSent(again)).toEqual([]);
  });

  it("event: hours, issuing after the end (double tap issues once), speaker, annulled check-in revoked in /verify", async () => {
    const org = h.user(ADMIN);
    await register(org, { name: "Организатор Главный" });
    const a = h.user(8111);
    await register(a, { name: "Участница Первая" });
    const b = h.user(8112);
    await register(b, { name: "Участник Второй" });
    const id = await pastEvent(org, [a, b]);

    await org.send(`/start e_${id}`);
    await org.tap("Сертификаты (0)");
    expect(org.lastKeyboardMessage()!.text).toContain("Отметились на мероприятии: 2");
    // Issuing needs the hours first.
    expect(answer(await org.tap("Выдать сертификаты"))).toContain("академических часах");
    // A typed number: out of range, then fine.
    await org.tap("Другое число");
    expect(org.texts(await org.send("100")).join()).toContain("от 1 до 72");
    expect(org.texts(await org.send("5")).join()).toContain("5 академических часов");
    await org.tap("К сертификатам");
    expect(answer(await org.tap(/^2$/))).toContain("2 академических часа");
    expect(org.lastKeyboardMessage()!.text).toContain("Объём: 2 академических часа");

    // Issue, and a double tap: queued once.
    expect(answer(await org.tap("Выдать сертификаты"))).toContain("для 2 участников");
    await org.tap("Выдать сертификаты");
    expect(await h.container.queues.queue("documents").count()).toBe(1);
    const jobs = await runJobs();
    expect(
      documentsSent(jobs)
        .map((c) => Number(c.payload.chat_id))
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(await h.container.prisma.document.count({ where: { kind: "PARTICIPATION" } })).toBe(2);
    expect(answer(await org.tap("Выдать сертификаты"))).toContain("уже получили");

    // Speaker: found by a part of the name, picked, issued once.
    await org.tap("Сертификат спикеру");
    await org.send("Втор");
    const issued = await org.tap("Участник Второй");
    expect(org.texts(issued).join()).toContain("Сертификат спикера выдан");
    await runJobs();
    expect(await h.container.prisma.document.count({ where: { kind: "SPEAKER" } })).toBe(1);

    // B's portfolio counts the participation hours and lists the talk.
    const portfolio = await h.container.services.portfolio.input(await memberOf(b));
    expect(portfolio.totalHours).toBe(2);
    expect(portfolio.sections.participation).toHaveLength(1);
    expect(portfolio.sections.participation[0]).toMatchObject({ hours: 2, title: "Вебинар <о дробях> & «оценивании»" });
    expect(portfolio.sections.speaker).toHaveLength(1);
    expect(portfolio.holder.name).toBe("Участник Второй");

    // Annul A's check-in: her certificate is revoked, /verify says so.
    const { code } = await codeOf(a, "PARTICIPATION");
    await org.tap("К сертификатам");
    await org.tap("Аннулировать отметку");
    await org.tap("Участница Первая");
    expect(answer(await org.tap("Да, аннулировать"))).toContain("аннулирована");
    const verify = a.texts(await a.send(`/verify ${code}`)).join();
    expect(verify).toContain("Документ отозван");
    expect(verify).toContain("отметка о присутствии аннулирована");
    // A second tap on the stale confirmation changes nothing.
    expect(answer(await org.tapData(`crt1:eay:${id}:${(await memberOf(a)).id}`))).toContain("нет отметки");

    // The command form of revoking: B's speaker certificate, with the reason in one line.
    const speakerDoc = await codeOf(b, "SPEAKER");
    expect(org.texts(await org.send(`/revoke ${speakerDoc.code} Выступление не состоялось`)).join()).toContain(`${speakerDoc.number} отозван`);
    expect(b.texts(await b.send(`/verify ${speakerDoc.code}`)).join()).toContain("Выступление не состоялось");

    // A member cannot open the panel, even with a forged button.
    expect(answer(await b.tapData(`crt1:e:${id}`))).toContain("только организаторам");
    expect(answer(await b.tapData(`crt1:ei:${id}`))).toContain("только организаторам");
  });

  it("admin revokes with a reason and reissues (the old one says replaced by); refusals and forged data change nothing", async () => {
    const author = h.user(8121);
    await register(author, { name: "Петрова Мария" });
    const admin = h.user(ADMIN);
    await register(admin, { name: "Админ Строгий" });
    await publishedMaterial(author, admin);
    await runJobs();
    const first = await codeOf(author, "PUBLICATION");

    // The holder's name is corrected, then the admin reissues from /verify.
    await h.container.prisma.profile.updateMany({ where: { member: { telegramId: BigInt(author.id) } }, data: { fullName: "Петрова-Сидорова Мария" } });
    await admin.send(`/verify ${first.code}`);
    await admin.tap("Перевыпустить");
    expect(admin.lastKeyboardMessage()!.text).toContain("такими, какие они в его профиле сейчас");
    const reissued = await admin.tap("Да, перевыпустить");
    expect(admin.texts(reissued).join()).toContain("перевыпущен");
    const second = await codeOf(author, "PUBLICATION");
    expect(second.number).not.toBe(first.number);
    expect((await h.container.prisma.document.findUniqueOrThrow({ where: { id: second.id } })).holderName).toBe("Петрова-Сидорова Мария");
    const old = admin.texts(await admin.send(`/verify ${first.code}`)).join();
    expect(old).toContain(`Заменён документом № ${second.number}`);
    // The holder gets the new PDF.
    expect(documentsSent(await runJobs()).filter((c) => Number(c.payload.chat_id) === author.id)).toHaveLength(1);

    // Revoke with a reason (the conversation after the button), shown on /verify escaped.
    await admin.send(`/verify ${second.code}`);
    await admin.tap("Отозвать");
    expect(admin.texts(await admin.send("Плагиат <b>чужого</b> & текста")).join()).toContain("отозван");
    const revoked = admin.texts(await admin.send(`/verify ${second.code}`)).join();
    expect(visible(revoked)).toContain("Плагиат <b>чужого</b> & текста");
    expect(revoked).toContain("решение администратора");
    // The command form, on a revoked document: already revoked.
    expect(admin.texts(await admin.send(`/revoke ${second.code} ещё раз`)).join()).toContain("уже отозван");
    expect(admin.texts(await admin.send("/reissue")).join()).toContain("/reissue КОД");

    // Non-admins and bad input.
    expect(author.texts(await author.send(`/revoke ${second.code} хочу`)).join()).toContain("только администраторам");
    expect(author.texts(await author.send(`/reissue ${second.code}`)).join()).toContain("только администраторам");
    expect(answer(await author.tapData(`crt1:rry:${second.code}`))).toContain("только администраторам");
    const bad = author.texts(await author.send("/verify <b>&"));
    const unknown = author.texts(await author.send("/verify AAAAAAAAAA"));
    expect(bad).toEqual(unknown);
    expect(bad.join()).toContain("не найден");
    expect(author.texts(await author.send("/verify")).join()).toContain("/verify КОД");

    // Someone else's document id, forged: "not found", nothing sent or edited.
    const other = h.user(8122);
    await register(other, { name: "Чужой Человек" });
    for (const data of [`crt1:d:${second.id}:0`, `crt1:f:${second.id}`]) {
      const calls = await other.tapData(data);
      expect(answer(calls)).toContain("не найден");
      expect(calls.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
    }
    expect(answer(await other.tapData("crt1:d:abc:0"))).toContain("больше не действует");
    expect(answer(await other.tapData("crt1:rr:<b>"))).toContain("больше не действует");
    expect(answer(await other.tapData("crt1:eh:1:5"))).toContain("больше не действует");
  });

  it("English: a member with language en sees English texts", async () => {
    const u = h.user(8131);
    await register(u, { name: "Smith John" });
    await h.container.prisma.member.update({ where: { telegramId: BigInt(u.id) }, data: { locale: "en" } });
    await u.send("/certificates");
    const text = u.lastKeyboardMessage()!.text!;
    expect(text).toContain("My documents");
    expect(text).toContain("No documents yet");
    expect(u.buttons()).toContain("📘 Portfolio (PDF)");
    expect(u.texts(await u.send("/verify nope")).join()).toContain("No document with this code");
  });
});

describe("certificates with a public site (PUBLIC_URL)", () => {
  it("the public portfolio page is turned on and off from /certificates; links point to the site", async () => {
    await h.close();
    h = await BotHarness.create({ adminIds: [ADMIN], env: { PUBLIC_URL: "https://bot.example.org/" } });
    const u = h.user(8141);
    await register(u, { name: "Сидорова Ольга" });
    await u.send("/certificates");
    await u.tap("Публичное портфолио: выключено");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас страница выключена");
    await u.tap("Включить");
    const on = u.lastKeyboardMessage()!.text!;
    const slug = /https:\/\/bot\.example\.org\/p\/([a-z2-7]+)/.exec(on)?.[1];
    expect(slug).toBeDefined();
    expect((await h.container.services.certificates.publicPortfolio(slug!))?.documents).toEqual([]);
    await u.tap("Выключить");
    expect(u.lastKeyboardMessage()!.text).toContain("Сейчас страница выключена");
    expect(await h.container.services.certificates.publicPortfolio(slug!)).toBeUndefined();
    await u.tap("Назад");
    expect(u.buttons()).toContain("🌐 Публичное портфолио: выключено");
  });
});
