import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, visible, type ApiCall, type TestUser } from "../support/bot-harness.js";
import { BotApiFakeError } from "../support/bot-api-fake.js";
import { register } from "./support.js";

const MODERATOR = 6001;
let h: BotHarness;

beforeEach(async () => {
  h = await BotHarness.create({ adminIds: [MODERATOR], env: { COMMENT_NOTIFY_DELAY_SECONDS: "0" } });
});
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

const answer = (calls: Awaited<ReturnType<BotHarness["handle"]>>) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;

/** Uploads a PDF (or what `start` sends) through the whole conversation and returns the material id. */
async function upload(
  u: TestUser,
  title = "Сложение дробей с разными знаменателями",
  options: { start?: () => Promise<unknown>; description?: string } = {},
): Promise<number> {
  await (options.start ? options.start() : u.sendDocument({ fileName: "drobi.pdf", mimeType: "application/pdf", size: 120_000 }));
  await u.send(title);
  await u.send(options.description ?? "Рабочий лист с ответами: 20 примеров на сложение дробей.");
  await u.tap("Математика");
  await u.tap("5 класс");
  await u.tap("Готово");
  await u.tap("Рабочий лист");
  await u.send("#дроби, 5класс");
  const sent = await u.tap("Отправить на модерацию");
  const text = u.texts(sent).find((t) => t.includes("отправлен на модерацию"))!;
  return Number(/№(\d+)/.exec(text)![1]);
}

describe("materials library", () => {
  it("upload → moderation → publish → browse → rate → comment → report", async () => {
    const author = h.user(6002);
    await register(author, { name: "Автор Материалов", subjects: ["Математика"] });
    const mod = h.user(MODERATOR);
    await register(mod, { name: "Модератор Строгий" });
    const reader = h.user(6003);
    await register(reader, { name: "Читатель Внимательный" });

    const id = await upload(author);
    const row = await h.container.prisma.material.findUnique({ where: { id } });
    expect(row).toMatchObject({
      status: "PENDING",
      title: "Сложение дробей с разными знаменателями",
      subjectCode: "math",
      gradeCodes: ["5"],
      type: "WORKSHEET",
      tags: ["дроби", "5класс"],
      kind: "DOCUMENT",
      fileName: "drobi.pdf",
      mimeType: "application/pdf",
      fileSize: 120_000,
    });

    // Not visible to others while pending; the library is still empty (and its counts now cached).
    const early = await reader.send(`/start m_${id}`);
    expect(reader.texts(early)[0]).toContain("не найден");
    const emptyLibrary = await reader.send("/library");
    expect(reader.texts(emptyLibrary)[0]).toContain("пока нет опубликованных");

    // A plain member cannot moderate, even with a forged button.
    const forged = await reader.tapData(`mod1:ap:${id}`);
    expect(answer(forged)).toContain("только модераторам");
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.status).toBe("PENDING");

    // The moderator sees the card with the file and approves it.
    // Regression (#9 item 10): the card showed the upload time in UTC, whatever the moderator's zone.
    await h.container.prisma.profile.updateMany({ where: { member: { telegramId: BigInt(MODERATOR) } }, data: { timezone: "Asia/Yekaterinburg" } });
    const queue = await mod.send("/moderate");
    const card = queue.find((c) => c.method === "sendDocument")!;
    expect(card.payload.caption).toContain("Сложение дробей");
    const uploaded = new Date(row!.createdAt.getTime() + 5 * 3600_000).toISOString().slice(11, 16);
    expect(card.payload.caption).toContain(`${uploaded} (Asia/Yekaterinburg, UTC+5)`);
    expect(card.payload.caption).not.toMatch(/\d UTC\b/);
    const approved = await mod.tap("Опубликовать");
    expect(answer(approved)).toContain("опубликован");
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.status).toBe("APPROVED");
    // A second tap on the same card: already decided.
    const again = await mod.tapData(`mod1:ap:${id}`, card.response.ok ? (card.response.result as { message_id: number }).message_id : undefined);
    expect(answer(again)).toContain("уже принято решение");
    // The author is told (through the notifications queue).
    await processJobs(h);
    expect(author.texts().some((t) => t.includes("опубликован в библиотеке"))).toBe(true);

    // Browse: subject → grade → type → list → card.
    await reader.send("/library");
    await reader.tap("Математика (1)");
    await reader.tap("5 класс");
    await reader.tap("Рабочий лист");
    expect(reader.lastKeyboardMessage()!.text).toContain("Сложение дробей");
    await reader.tap("1. Сложение дробей");
    const cardText = reader.lastKeyboardMessage()!.text!;
    expect(cardText).toContain("Автор Материалов");
    expect(cardText).toContain("#дроби");

    // Get the file: sent by file_id, counted once.
    const got = await reader.tap("Скачать");
    expect(got.find((c) => c.method === "sendDocument")!.payload.document).toBe(row!.fileId);
    await reader.tapData(`mat1:get:${id}`);
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.downloadCount).toBe(1);

    // Regression (#9 item 18): a forged "edit" of someone else's material asked for the new
    // title first and refused only after it was typed. Now it is refused at the button.
    for (const data of [`mat1:ed:${id}:t`, `mat1:edm:${id}`]) {
      const forgedEdit = await reader.tapData(data);
      expect(answer(forgedEdit)).toContain("не ваш материал");
      expect(reader.texts(forgedEdit)).toEqual([]);
    }
    const typed = await reader.send("Взломанное название");
    expect(reader.texts(typed).join("\n")).not.toContain("не ваш материал");
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.title).toBe("Сложение дробей с разными знаменателями");

    // Rate 4, then change to 5: one vote.
    await reader.tap("Оценить");
    await reader.tap("4⭐");
    await reader.tap("Оценить");
    const rated = await reader.tap("5⭐");
    expect(answer(rated)).toContain("Ваша оценка: 5");
    expect(await h.container.prisma.material.findUnique({ where: { id } })).toMatchObject({ ratingSum: 5, ratingCount: 1 });
    const nine = await reader.tapData(`mat1:rv:${id}:9`);
    expect(answer(nine)).toContain("от 1 до 5");
    const missing = await reader.tapData("mat1:rv:999999:5");
    expect(answer(missing)).toContain("не найден");
    expect(await h.container.prisma.materialRating.count()).toBe(1);

    // Comment, and the author gets one notification.
    await reader.tap("Комментарии");
    await reader.tap("Написать комментарий");
    const long = await reader.send("я".repeat(1001));
    expect(reader.texts(long)[0]).toContain("не больше 1000");
    await reader.send("Спасибо, <b>очень</b> пригодилось & работает!");
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.commentCount).toBe(1);
    await processJobs(h);
    expect(author.texts().some((t) => t.includes("Новый комментарий"))).toBe(true);
    await reader.tap("Комментарии");
    expect(reader.lastKeyboardMessage()!.text).toContain("Спасибо, <b>очень</b> пригодилось & работает!");

    // Report: three different members hide the material.
    const r2 = h.user(6004);
    await register(r2, { name: "Второй Читатель" });
    const r3 = h.user(6005);
    await register(r3, { name: "Третий Читатель" });
    for (const u of [reader, r2, r3]) {
      await u.send(`/start m_${id}`);
      await u.tap("Пожаловаться");
      await u.tap("Нарушение авторских прав");
      if (u !== reader) continue;
      // Regression (#9 item 10): a repeat report asked for a reason first and only then said
      // "you already reported". Now the button says so at once and asks nothing.
      const repeat = await u.tapData(`mat1:rep:${id}`);
      expect(answer(repeat)).toContain("Вы уже пожаловались");
      expect(u.texts(repeat)).toEqual([]);
    }
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.hiddenAt).not.toBeNull();
    // Regression (#9 item 10): the author was not told, and /mymaterials still said "published".
    await processJobs(h);
    expect(author.texts().filter((t) => t.includes("временно скрыт"))).toHaveLength(1);
    const mine = await author.send("/mymaterials");
    expect(author.texts(mine)[0]).toContain("скрыт по жалобам");
    expect(author.texts(mine)[0]).not.toContain("опубликован");
    // Hidden from members until a moderator looks (6006 is a registered outsider).
    const outsider = h.user(6006);
    await register(outsider, { name: "Посторонний Читатель" });
    const hidden = await outsider.send(`/start m_${id}`);
    expect(outsider.texts(hidden)[0]).toContain("не найден");
    // The moderator dismisses the reports: visible again.
    await mod.send("/moderate");
    await mod.tap("Открыть жалобы");
    await mod.tap("Жалобы необоснованны");
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.hiddenAt).toBeNull();
    // /mydata lists what the reader contributed: the rating, the download, the comment, the report.
    const mydata = await reader.send("/mydata");
    const doc = mydata.find((c) => c.method === "sendDocument")!;
    const exported = JSON.parse(h.fake.fileContent((doc.response as { result: { document: { file_id: string } } }).result.document.file_id)!.toString("utf8"));
    expect(exported.ratings).toEqual([expect.objectContaining({ materialId: id, value: 5 })]);
    expect(exported.downloads).toEqual([expect.objectContaining({ materialId: id })]);
    expect(exported.comments).toEqual([expect.objectContaining({ materialId: id, text: "Спасибо, <b>очень</b> пригодилось & работает!" })]);
    expect(exported.reports).toEqual([expect.objectContaining({ materialId: id, commentId: null })]);
    const audit = await h.container.prisma.auditLog.findMany({ where: { action: { startsWith: "material." } } });
    expect(audit.map((a) => a.action)).toEqual(["material.approve"]);
  });

  it("rejects with a reason, the author edits and resubmits", async () => {
    const author = h.user(6010);
    await register(author, { name: "Автор Второй" });
    const mod = h.user(MODERATOR);
    const id = await upload(author, "Презентация про фотосинтез");
    await mod.send("/moderate");
    await mod.tap("Отклонить");
    await mod.tap("Другая причина");
    await mod.send("Добавьте источники иллюстраций");
    const row = await h.container.prisma.material.findUnique({ where: { id } });
    expect(row).toMatchObject({ status: "REJECTED", moderatorNote: "Добавьте источники иллюстраций" });
    await processJobs(h);
    expect(author.texts().some((t) => t.includes("отклонён") && t.includes("Добавьте источники иллюстраций"))).toBe(true);

    await author.send("/mymaterials");
    expect(author.lastKeyboardMessage()!.text).toContain("отклонён");
    await author.tap("1. Презентация про фотосинтез");
    await author.tap("Изменить");
    await author.tap("✏️ Описание");
    await author.send("Теперь с источниками.");
    expect(await h.container.prisma.material.findUnique({ where: { id } })).toMatchObject({
      status: "PENDING",
      description: "Теперь с источниками.",
      moderatorNote: null,
    });
  });

  // Regression (#9 item 10): a card with no description (and no tags) ended in blank lines.
  it("a card without description or tags ends at its counts; without description, the tags follow one blank line", async () => {
    const author = h.user(6060);
    await register(author, { name: "Автор Краткий" });
    const mod = h.user(MODERATOR);
    const reader = h.user(6061);
    await register(reader, { name: "Читатель Краткий" });
    const cards: string[] = [];
    for (const tags of [undefined, "#дроби"]) {
      await author.sendDocument({ fileName: "kratko.pdf", mimeType: "application/pdf", size: 1000 });
      await author.send(tags ? "Краткий материал с тегом" : "Краткий материал");
      await author.tap("Пропустить");
      await author.tap("Математика");
      await author.tap("5 класс");
      await author.tap("Готово");
      await author.tap("Рабочий лист");
      if (tags) await author.send(tags);
      else await author.tap("Пропустить");
      const sent = await author.tap("Отправить на модерацию");
      const id = Number(/№(\d+)/.exec(author.texts(sent).find((t) => t.includes("отправлен на модерацию"))!)![1]);
      await mod.send("/moderate");
      await mod.tap("Опубликовать");
      const opened = await reader.send(`/start m_${id}`);
      cards.push(opened.find((c) => c.method === "sendMessage")!.payload.text as string);
    }
    expect(cards[0]).toMatch(/💬 0$/);
    expect(cards[1]).toMatch(/💬 0\n\n#дроби$/);
  });

  it("opening another questionnaire in the middle of an upload replaces it instead of failing", async () => {
    const u = h.user(6040);
    await register(u, { name: "Перебивающий Себя" });
    await u.sendDocument({ fileName: "plan.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 2048 });
    // Regression: entering a second conversation threw "A conversation was already entered".
    await u.send("/profile");
    await u.tap("✏️ Город");
    const saved = await u.send("Елабуга");
    expect(u.texts(saved).some((t) => t.includes("Профиль обновлён"))).toBe(true);
    expect((await h.container.prisma.profile.findFirst({ where: { member: { telegramId: 6040n } } }))!.city).toBe("Елабуга");
    // The upload was left: nothing stored, and its old buttons are stale.
    expect(await h.container.prisma.material.count()).toBe(0);
    const again = await u.send("/upload");
    expect(u.texts(again)[0]).toContain("Пришлите файл");
  });

  it("refuses bad files and input with clear messages and stores nothing", async () => {
    const u = h.user(6020);
    const unregistered = await u.sendDocument({ fileName: "a.pdf", mimeType: "application/pdf", size: 10 });
    expect(u.texts(unregistered)[0]).toContain("Зарегистрируйтесь");
    await register(u, { name: "Проверка Ввода" });
    const exe = await u.sendDocument({ fileName: "virus.exe", mimeType: "application/pdf", size: 10 });
    expect(u.texts(exe)[0]).toContain("нельзя");
    // Regression (#9 item 16): macros, disguised names and nameless files were accepted.
    const macros = await u.sendDocument({ fileName: "план.docm", mimeType: "application/vnd.ms-word.document.macroEnabled.12", size: 10 });
    expect(u.texts(macros)[0]).toContain("с макросами");
    const rtlo = await u.sendDocument({ fileName: "invoice\u202Eexe.pdf", mimeType: "application/pdf", size: 10 });
    expect(u.texts(rtlo)[0]).toContain("невидимые символы");
    const zeroWidth = await u.sendDocument({ fileName: "evil.exe\u200B", mimeType: "application/pdf", size: 10 });
    expect(u.texts(zeroWidth)[0]).toContain("нельзя");
    const nameless = await u.sendDocument({ fileName: "урок", mimeType: "application/pdf", size: 10 });
    expect(u.texts(nameless)[0]).toContain("нет расширения");
    const renamed = await u.sendDocument({ fileName: "урок.pdf", mimeType: "application/x-msdownload", size: 10 });
    expect(u.texts(renamed)[0]).toContain("должен совпадать с его расширением");
    const english = h.user(6021, { first_name: "Ann" });
    await register(english, { name: "Ann Checker", language: "English" });
    const enMacros = await english.sendDocument({ fileName: "sheet.xlsm", mimeType: "application/vnd.ms-excel.sheet.macroEnabled.12", size: 10 });
    expect(english.texts(enMacros)[0]).toContain("Files with macros");
    const big = await u.sendDocument({ fileName: "huge.pdf", mimeType: "application/pdf", size: 50 * 1024 * 1024 + 1 });
    expect(u.texts(big)[0]).toContain("больше 50 МБ");
    await u.sendDocument({ fileName: "ok.pdf", mimeType: "application/pdf", size: 1000 });
    const short = await u.send("аб");
    expect(u.texts(short)[0]).toContain("хотя бы 3");
    const huge = await u.send("Я".repeat(250));
    expect(u.texts(huge)[0]).toContain("не больше 200");
    await u.send("Нормальное название");
    const desc = await u.send("д".repeat(2001));
    expect(u.texts(desc)[0]).toContain("не больше 2000");
    await u.send("/cancel");
    expect(await h.container.prisma.material.count()).toBe(0);
    const search = await u.send("/search !!!");
    expect(u.texts(search)[0]).toContain("хотя бы одну букву");
    const longSearch = await u.send(`/search ${"дроби ".repeat(400)}`);
    expect(u.texts(longSearch)[0]).toContain("Ничего не нашлось");
  });

  it("searches with Russian morphology and answers inline queries", async () => {
    const author = h.user(6030);
    await register(author, { name: "Автор Поиска", subjects: ["Математика", "Биология"] });
    const mod = h.user(MODERATOR);
    const id = await upload(author, "Сложение дробей");
    await mod.send("/moderate");
    await mod.tap("Опубликовать");

    const found = await author.send("/search дроби");
    expect(author.texts(found)[0]).toContain("Сложение дробей");
    // A typo: full-text finds nothing, the trigram fallback finds the title.
    const typo = await author.send("/search Слажение дробей");
    expect(author.texts(typo)[0]).toContain("Сложение дробей");

    // Search mode: /search alone asks for the words.
    await author.send("/search");
    const mode = await author.send("сложение");
    expect(author.texts(mode).some((t) => t.includes("Сложение дробей"))).toBe(true);
    // Filters: a subject without materials empties the results.
    await author.tap("Фильтры");
    await author.tap("Предмет");
    await author.tap("Биология");
    expect(author.lastKeyboardMessage()!.text).toContain("Ничего не нашлось");

    // Regression (#9 item 18): a button carrying another member's search token changed that
    // member's search. Now the token is bound to its owner: the other member gets "expired".
    const filtersData = author
      .lastKeyboardMessage()!
      .reply_markup!.inline_keyboard.flat()
      .map((b) => ("callback_data" in b ? b.callback_data : ""))
      .find((d) => d.startsWith("mat1:sf:"))!;
    const token = filtersData.split(":")[2]!;
    const intruder = h.user(6032);
    await register(intruder, { name: "Чужой Поисковик" });
    for (const data of [`mat1:sv:${token}:x:_`, `mat1:sr:${token}:0`, `mat1:sf:${token}`]) {
      const forged = await intruder.tapData(data);
      expect(answer(forged)).toContain("поиск устарел");
    }
    await author.tapData(`mat1:sr:${token}:0`);
    expect(author.lastKeyboardMessage()!.text).toContain("Биология");

    const inline = await author.inlineQuery("дроби");
    expect(inline!.results).toEqual([expect.objectContaining({ type: "document", id: `m${id}`, title: "Сложение дробей" })]);
    const empty = await author.inlineQuery("");
    expect(empty!.results.map((r: { id: string }) => r.id)).toContain(`m${id}`);
    const hostile = await author.inlineQuery(`<script>' OR 1=1 --&amp;"`);
    expect(hostile!.results).toEqual([]);
    const stranger = await h.user(6031).inlineQuery("дроби");
    expect(stranger!.results).toEqual([]);
    expect(stranger!.button).toBeDefined();
  });
});

/** The captions the bot sent (as HTML) with the method that carried them. */
function captions(calls: ApiCall[]): Array<{ method: string; caption: string }> {
  return calls.filter((c) => typeof c.payload.caption === "string").map((c) => ({ method: c.method, caption: c.payload.caption as string }));
}

describe("captions", () => {
  // Regression (#9 items 1 and 16): «📥 Скачать» sent the raw title as an HTML caption, so a
  // title with "<" made Telegram refuse the file (the strict fake records that as a violation),
  // and a title with a link delivered a live phishing link; the download was counted anyway.
  const HOSTILE = ['Дроби <5 класс> & "ответы"', 'Урок <a href="https://evil.example/phish">нажмите здесь</a>'];
  // Escaping makes it longer than 2,000 characters of HTML; the caption must still fit in 1,024.
  const DESCRIPTION = `${"<b>&amp; «ответы» & <i> ".repeat(80)}`.slice(0, 2000);

  it("escapes every caption (file, photo, video, audio, link, moderation card, inline result) and keeps it within 1,024", async () => {
    const author = h.user(6050);
    await register(author, { name: "Автор Подписей" });
    const mod = h.user(MODERATOR);
    await register(mod, { name: "Модератор Строгий" });
    const reader = h.user(6051);
    await register(reader, { name: "Читатель Внимательный" });

    const media = (kind: "photo" | "video" | "audio", n: number) => () => {
      const fileId = `${kind}-${n}`;
      h.fake.putFile(fileId, "x", { fileSize: 1000 });
      const file = { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: 1000 };
      const content =
        kind === "photo"
          ? { photo: [{ ...file, width: 800, height: 600 }] }
          : kind === "video"
            ? { video: { ...file, width: 640, height: 360, duration: 10, mime_type: "video/mp4", file_name: "урок.mp4" } }
            : { audio: { ...file, duration: 10, mime_type: "audio/mpeg", file_name: "песня.mp3" } };
      return author.sendContent(content);
    };
    const starts = [undefined, media("photo", 1), media("video", 2), media("audio", 3), () => author.send('https://example.com/plan?a=1&b="2"&c=<3>')];
    const ids: number[] = [];
    for (const [i, start] of starts.entries()) ids.push(await upload(author, HOSTILE[i % 2], { start, description: DESCRIPTION }));

    // The moderation card is the file with its card as caption: one per kind, each approved (editMessageCaption).
    const queue = await mod.send("/moderate");
    const sentCards = [...captions(queue)];
    for (let i = 0; i < ids.length; i++) sentCards.push(...captions(await mod.tap("Опубликовать")));
    expect(sentCards.map((c) => c.method)).toEqual(expect.arrayContaining(["sendDocument", "sendPhoto", "sendVideo", "sendAudio", "editMessageCaption"]));
    expect(await h.container.prisma.material.count({ where: { status: "APPROVED" } })).toBe(ids.length);

    // Every kind downloaded: the caption shows the title as typed, with no live link.
    for (const [i, id] of ids.entries()) {
      const got = await reader.tapData(`mat1:get:${id}`);
      const sent = got.find((c) => /^send/.test(c.method))!;
      const html = (sent.payload.caption ?? sent.payload.text) as string;
      expect(visible(html)).toContain(HOSTILE[i % 2]);
      expect(html).not.toContain("<a ");
      sentCards.push(...captions(got));
    }
    for (const { caption } of sentCards) expect(visible(caption).length).toBeLessThanOrEqual(1024);
    const counts = await h.container.prisma.material.findMany({ where: { id: { in: ids } }, select: { downloadCount: true } });
    expect(counts.map((c) => c.downloadCount)).toEqual(ids.map(() => 1));

    // Inline results carry captions too (checked by the strict fake's answerInlineQuery).
    const inline = await reader.inlineQuery("Дроби");
    expect(inline!.results.length).toBeGreaterThan(0);
  });

  it("counts a download only after the file was sent", async () => {
    const author = h.user(6052);
    await register(author, { name: "Автор Файла" });
    const mod = h.user(MODERATOR);
    await register(mod, { name: "Модератор Строгий" });
    const reader = h.user(6053);
    await register(reader, { name: "Читатель Внимательный" });
    const id = await upload(author, HOSTILE[0]);
    await mod.send("/moderate");
    await mod.tap("Опубликовать");

    // Telegram refuses the file (any reason): nothing is counted, and the member is answered once.
    h.fake.setHandler("sendDocument", () => {
      throw new BotApiFakeError(400, "Bad Request: wrong file identifier/HTTP URL specified");
    });
    const failed = await reader.tapData(`mat1:get:${id}`);
    expect(failed.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.downloadCount).toBe(0);
    expect(h.violations.splice(0)).toEqual(["sendDocument: Bad Request: wrong file identifier/HTTP URL specified"]);

    h.fake.setHandler("sendDocument", undefined);
    await reader.tapData(`mat1:get:${id}`);
    expect((await h.container.prisma.material.findUnique({ where: { id } }))!.downloadCount).toBe(1);
  });
});

/** Runs the queued notification jobs in-process with the container's own processors. */
async function processJobs(harness: BotHarness): Promise<void> {
  const queue = harness.container.queues.queue("notifications");
  const jobs = await queue.getJobs(["waiting", "delayed", "prioritized"]);
  for (const job of jobs) {
    const processor = harness.container.processors[job.name as keyof typeof harness.container.processors] as (data: unknown, job: unknown, log: unknown) => Promise<void>;
    await processor(job.data, job, harness.container.logger);
    await job.remove();
  }
}
