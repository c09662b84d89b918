import { Bot, GrammyError, InputFile } from "grammy";
import type { Message } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeCallbackUpdate, makeTextUpdate, parseTelegramHtml, startBotApiFake, type BotApiFake, type UploadedFile } from "../support/bot-api-fake.js";

const TOKEN = "123456:TEST-token-for-the-bot-api-fake";
const USER = { id: 42, first_name: "Анна", language_code: "ru" };

let fake: BotApiFake;
let bot: Bot;

beforeEach(async () => {
  fake = await startBotApiFake();
  bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
});

afterEach(async () => {
  if (bot.isRunning()) await bot.stop();
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

describe("bot API fake: methods through grammY", () => {
  it("answers getMe with a realistic bot user", async () => {
    const me = await bot.api.getMe();
    expect(me).toMatchObject({
      id: fake.botInfo.id,
      is_bot: true,
      username: fake.botInfo.username,
      can_join_groups: true,
      supports_inline_queries: false,
    });
    expect(fake.callsOf("getMe")[0]?.token).toBe(TOKEN);
  });

  it("sends messages with per-chat increasing ids and echoes parsed HTML as text + entities", async () => {
    const first = await bot.api.sendMessage(USER.id, "Привет, <b>Анна</b> &amp; 👋 <i>друзья</i>", { parse_mode: "HTML" });
    const second = await bot.api.sendMessage(USER.id, "second", {
      reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "v1:ok" }]] },
    });
    const elsewhere = await bot.api.sendMessage(-1001234567890, "in a group");

    expect(second.message_id).toBe(first.message_id + 1);
    expect(elsewhere.chat).toMatchObject({ id: -1001234567890, type: "supergroup" });
    expect(first.from).toMatchObject({ id: fake.botInfo.id, is_bot: true });
    expect(first.chat).toMatchObject({ id: USER.id, type: "private" });
    expect(first.date).toBeGreaterThan(1_600_000_000);
    expect(first.text).toBe("Привет, Анна & 👋 друзья");
    // Offsets are UTF-16 code units: the emoji counts as two.
    expect(first.entities).toEqual([
      { type: "bold", offset: 8, length: 4 },
      { type: "italic", offset: 18, length: 6 },
    ]);
    expect(second.reply_markup).toEqual({ inline_keyboard: [[{ text: "OK", callback_data: "v1:ok" }]] });
    expect(fake.callsOf("sendMessage").map((c) => c.payload.chat_id)).toEqual([USER.id, USER.id, -1001234567890]);
  });

  it("edits a sent message and refuses an edit that changes nothing, like Telegram", async () => {
    const keyboard = { inline_keyboard: [[{ text: "Дальше", callback_data: "p:2" }]] };
    const sent = await bot.api.sendMessage(USER.id, "Страница <b>1</b>", { parse_mode: "HTML", reply_markup: keyboard });

    const edited = await bot.api.editMessageText(USER.id, sent.message_id, "Страница <b>2</b>", {
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
    expect(edited).toMatchObject({ message_id: sent.message_id, text: "Страница 2", reply_markup: keyboard });
    expect((edited as Message).edit_date).toBeTypeOf("number");

    const same = await apiError(bot.api.editMessageText(USER.id, sent.message_id, "Страница <b>2</b>", { parse_mode: "HTML", reply_markup: keyboard }));
    expect(same.error_code).toBe(400);
    expect(same.description).toMatch(/^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/);

    // Same text without the keyboard is a change: Telegram removes the keyboard.
    const stripped = await bot.api.editMessageText(USER.id, sent.message_id, "Страница <b>2</b>", { parse_mode: "HTML" });
    expect((stripped as Message).reply_markup).toBeUndefined();

    const markupOnly = await bot.api.editMessageReplyMarkup(USER.id, sent.message_id, { reply_markup: keyboard });
    expect((markupOnly as Message).reply_markup).toEqual(keyboard);
    const sameMarkup = await apiError(bot.api.editMessageReplyMarkup(USER.id, sent.message_id, { reply_markup: keyboard }));
    expect(sameMarkup.description).toContain("message is not modified");

    const missing = await apiError(bot.api.editMessageText(USER.id, 999_999, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
    expect(fake.getMessage(USER.id, sent.message_id)?.reply_markup).toEqual(keyboard);
  });

  it("answers the simple methods with true and unknown methods with 404", async () => {
    await expect(bot.api.setMyCommands([{ command: "start", description: "Начать" }])).resolves.toBe(true);
    await expect(bot.api.getMyCommands()).resolves.toEqual([{ command: "start", description: "Начать" }]);
    await expect(bot.api.deleteMyCommands()).resolves.toBe(true);
    await expect(bot.api.sendChatAction(USER.id, "typing")).resolves.toBe(true);
    await expect(bot.api.setChatMenuButton({ menu_button: { type: "commands" } })).resolves.toBe(true);
    await expect(bot.api.answerCallbackQuery("1")).resolves.toBe(true);
    await expect(bot.api.deleteMessage(USER.id, 1)).resolves.toBe(true);
    await expect(bot.api.setWebhook("https://example.org/hook", { secret_token: "s3cret_token_value" })).resolves.toBe(true);
    await expect(bot.api.getWebhookInfo()).resolves.toMatchObject({ url: "https://example.org/hook", pending_update_count: 0 });
    await expect(bot.api.deleteWebhook()).resolves.toBe(true);

    const badCommand = await apiError(bot.api.setMyCommands([{ command: "Start", description: "x" }]));
    expect(badCommand.description).toBe("Bad Request: BOT_COMMAND_INVALID");

    const unknown = await apiError(bot.api.raw.getUserChatBoosts({ chat_id: 1, user_id: 2 }));
    expect(unknown.error_code).toBe(404);
    expect(unknown.description).toBe("Not Found: method not found");
  });

  it("decodes multipart uploads, records name and size, and serves the file back", async () => {
    const bytes = Buffer.from("%PDF-1.4 план урока");
    const sent = await bot.api.sendDocument(USER.id, new InputFile(bytes, "План урока.pdf"), {
      caption: "<b>План</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "✓", callback_data: "m:1" }]] },
    });
    expect(sent.document).toMatchObject({ file_name: "План урока.pdf", file_size: bytes.length, mime_type: "application/pdf" });
    expect(sent.caption).toBe("План");
    expect(sent.caption_entities).toEqual([{ type: "bold", offset: 0, length: 4 }]);

    const call = fake.callsOf("sendDocument")[0]!;
    // Form fields arrive as strings; the fake restores numbers and objects.
    expect(call.payload.chat_id).toBe(USER.id);
    expect(call.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "✓", callback_data: "m:1" }]] });
    expect(call.payload.document).toMatchObject<Partial<UploadedFile>>({ kind: "upload", filename: "План урока.pdf", size: bytes.length });

    const file = await bot.api.getFile(sent.document.file_id);
    const download = await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    // Resending by file_id works; an invented file_id does not.
    await expect(bot.api.sendDocument(USER.id, sent.document.file_id)).resolves.toMatchObject({ document: { file_id: sent.document.file_id } });
    const wrong = await apiError(bot.api.sendDocument(USER.id, "no-such-file-id"));
    expect(wrong.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
  });
});

describe("bot API fake: injected failures", () => {
  it("surfaces injected 429s as GrammyError with retry_after, then recovers", async () => {
    fake.inject429(2, 7);
    for (let i = 0; i < 2; i++) {
      const error = await apiError(bot.api.sendMessage(USER.id, "hello"));
      expect(error.error_code).toBe(429);
      expect(error.description).toBe("Too Many Requests: retry after 7");
      expect(error.parameters.retry_after).toBe(7);
    }
    // Non-sending methods are not throttled.
    await expect(bot.api.answerCallbackQuery("1")).resolves.toBe(true);
    await expect(bot.api.sendMessage(USER.id, "hello")).resolves.toMatchObject({ text: "hello" });
  });

  it("answers 403 for a chat that blocked the bot, and only for that chat", async () => {
    fake.blockChat(USER.id);
    const error = await apiError(bot.api.sendMessage(USER.id, "news"));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot was blocked by the user");
    await expect(bot.api.sendMessage(USER.id + 1, "news")).resolves.toBeDefined();
    fake.unblockChat(USER.id);
    await expect(bot.api.sendMessage(USER.id, "news")).resolves.toBeDefined();
  });

  it("applies the configured latency to every call", async () => {
    fake.setLatency(150);
    const started = performance.now();
    await bot.api.sendMessage(USER.id, "slow");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    fake.setLatency(0);
    const again = performance.now();
    await bot.api.sendMessage(USER.id, "fast");
    expect(performance.now() - again).toBeLessThan(140);
  });
});

describe("bot API fake: Telegram's validation rules", () => {
  const badRequest = async (promise: Promise<unknown>) => {
    const error = await apiError(promise);
    expect(error.error_code).toBe(400);
    return error.description;
  };

  it("refuses invalid HTML the way Telegram does", async () => {
    const html = (text: string) => bot.api.sendMessage(USER.id, text, { parse_mode: "HTML" });
    expect(await badRequest(html("<b>unclosed"))).toBe(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`);
    expect(await badRequest(html("<b>x</i>"))).toMatch(/^Bad Request: can't parse entities: Unmatched end tag at byte offset 4/);
    expect(await badRequest(html("<p>paragraph</p>"))).toBe(`Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 0`);
    expect(await badRequest(html("line<br>break"))).toContain(`Unsupported start tag "br" at byte offset 4`);
    // Byte offsets count UTF-8 bytes: "Оценка " is 13 bytes.
    expect(await badRequest(html("Оценка < 5"))).toContain(`Unsupported start tag "" at byte offset 13`);
    expect(await badRequest(html("Tom & Jerry"))).toMatch(/^Bad Request: can't parse entities: bare "&"/);
    expect(await badRequest(html('<span class="x">y</span>'))).toContain(`Tag "span" must have class "tg-spoiler"`);

    const fine = [
      '<a href="https://example.org/?a=1&amp;b=2">link</a>',
      '<span class="tg-spoiler">s</span> <tg-spoiler>s</tg-spoiler>',
      '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
      "<blockquote expandable>quote</blockquote> <u>u</u> <s>s</s> <del>d</del> <ins>i</ins>",
      '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &#128077; &#x1F44D; &quot;q&quot; &gt;',
    ];
    for (const text of fine) await expect(html(text)).resolves.toBeDefined();
    expect(parseTelegramHtml(fine[2]!).entities).toEqual([{ type: "pre", offset: 0, length: 16, language: "ts" }]);
  });

  it("limits texts to 4096 UTF-16 units after entity parsing, captions to 1024, and refuses empty texts", async () => {
    // Tags and entities do not count: this is exactly 4096 characters of text.
    await expect(bot.api.sendMessage(USER.id, `<b>${"я".repeat(4092)}</b>&amp;&lt;&gt;&quot;`, { parse_mode: "HTML" })).resolves.toBeDefined();
    expect(await badRequest(bot.api.sendMessage(USER.id, "a".repeat(4097)))).toBe("Bad Request: message is too long");
    // An emoji outside the BMP is two UTF-16 units.
    expect(await badRequest(bot.api.sendMessage(USER.id, "🙂".repeat(2049)))).toBe("Bad Request: message is too long");
    expect(await badRequest(bot.api.sendMessage(USER.id, "<b></b>", { parse_mode: "HTML" }))).toBe("Bad Request: message text is empty");
    expect(await badRequest(bot.api.sendMessage(USER.id, ""))).toBe("Bad Request: message text is empty");
    expect(await badRequest(bot.api.sendDocument(USER.id, new InputFile(Buffer.from("x"), "a.txt"), { caption: "c".repeat(1025) }))).toBe(
      "Bad Request: message caption is too long",
    );

    const sent = await bot.api.sendMessage(USER.id, "ok");
    expect(await badRequest(bot.api.editMessageText(USER.id, sent.message_id, "b".repeat(4097)))).toBe("Bad Request: message is too long");
  });

  // #9 item 1: inline results were accepted unchecked, so a caption the bot builds for them
  // could break HTML or the 1,024 limit without any test noticing.
  it("holds inline query results' captions and message texts to the same rules", async () => {
    const answer = (results: unknown[]) => bot.api.answerInlineQuery("iq-1", results as never);
    const doc = (over: Record<string, unknown>) => ({ type: "document", id: "m1", title: "t", document_file_id: "f", ...over });
    await expect(answer([doc({ caption: "Дроби <5 класс> & ответы" })])).resolves.toBe(true);
    expect(await badRequest(answer([doc({ caption: "Дроби <5 класс>", parse_mode: "HTML" })]))).toMatch(/can't parse entities/);
    expect(await badRequest(answer([doc({ caption: "c".repeat(1025) })]))).toBe("Bad Request: message caption is too long");
    await expect(answer([doc({ caption: `<b>${"c".repeat(1024)}</b>`, parse_mode: "HTML" })])).resolves.toBe(true);
    const article = (text: string) => ({ type: "article", id: "a1", title: "t", input_message_content: { message_text: text, parse_mode: "HTML" } });
    expect(await badRequest(answer([article("Tom & Jerry")]))).toMatch(/bare "&"/);
    expect(await badRequest(answer([doc({ id: "x".repeat(65) })]))).toBe("Bad Request: RESULT_ID_INVALID");
  });

  it("limits callback_data to 64 bytes (not characters) and refuses action-less inline buttons", async () => {
    const withData = (data: string) => bot.api.sendMessage(USER.id, "menu", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: data }]] } });
    await expect(withData("x".repeat(64))).resolves.toBeDefined();
    // 33 Cyrillic letters are 66 bytes in UTF-8.
    expect(await badRequest(withData("я".repeat(33)))).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect(await badRequest(bot.api.sendMessage(USER.id, "menu", { reply_markup: { inline_keyboard: [[{ text: "b" } as never]] } }))).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  });

  it("skips validation when strict is off", async () => {
    fake.setStrict(false);
    await expect(bot.api.sendMessage(USER.id, "<p>broken & loose", { parse_mode: "HTML" })).resolves.toMatchObject({
      text: "<p>broken & loose",
    });
  });
});

describe("bot API fake: updates", () => {
  it("holds a long-polling getUpdates until an update is pushed", async () => {
    const started = performance.now();
    const pending = bot.api.getUpdates({ timeout: 5 });
    setTimeout(() => fake.pushUpdate(makeTextUpdate(USER, "hello")), 200);
    const updates = await pending;
    const waited = performance.now() - started;

    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(4000);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ update_id: 1, message: { text: "hello", from: { id: USER.id, language_code: "ru" } } });

    // Without a confirming offset the update is delivered again; with it, it is gone.
    expect(await bot.api.getUpdates({ timeout: 0 })).toHaveLength(1);
    expect(await bot.api.getUpdates({ offset: 2, timeout: 0 })).toEqual([]);
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it("answers an empty list when the long-polling timeout passes", async () => {
    const started = performance.now();
    await expect(bot.api.getUpdates({ timeout: 1 })).resolves.toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("delivers pushed updates to bot.start() and records the bot's answers", async () => {
    bot.command("start", (ctx) =>
      ctx.reply(`Здравствуйте, <b>${ctx.from?.first_name ?? ""}</b>!`, {
        parse_mode: "HTML",
        reply_markup: { inline_keyboard: [[{ text: "Профиль", callback_data: "v1:profile" }]] },
      }),
    );
    bot.callbackQuery("v1:profile", async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText("Профиль", { reply_markup: { inline_keyboard: [] } });
    });
    let polling!: Promise<void>;
    await new Promise<void>((resolve) => {
      polling = bot.start({ onStart: () => resolve() });
    });

    const commandUpdate = makeTextUpdate(USER, "/start");
    expect(commandUpdate.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    fake.pushUpdate(commandUpdate);
    const reply = await fake.waitForCall("sendMessage", (c) => c.payload.chat_id === USER.id);
    expect(reply.response.ok).toBe(true);
    const sent = (reply.response as { result: Message }).result;
    expect(sent.text).toBe("Здравствуйте, Анна!");
    expect(sent.message_id).toBeGreaterThan(commandUpdate.message!.message_id);

    fake.pushUpdate(makeCallbackUpdate(USER, "v1:profile", sent));
    const edit = await fake.waitForCall("editMessageText");
    expect(edit.response).toMatchObject({ ok: true, result: { text: "Профиль", message_id: sent.message_id } });
    await fake.waitForCall("answerCallbackQuery");
    expect(fake.getMessage(USER.id, sent.message_id)?.reply_markup).toBeUndefined();

    // grammY calls getMe and deleteWebhook (concurrently) before polling; getUpdates is not recorded by default.
    expect(
      fake.calls
        .map((c) => c.method)
        .slice(0, 2)
        .sort(),
    ).toEqual(["deleteWebhook", "getMe"]);
    expect(fake.callsOf("getUpdates")).toEqual([]);

    await bot.stop();
    await polling;
    // bot.stop() confirmed the handled updates with a last getUpdates offset.
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it("refuses getUpdates while a webhook is set", async () => {
    await bot.api.setWebhook("https://example.org/hook");
    const error = await apiError(bot.api.getUpdates({ timeout: 0 }));
    expect(error.error_code).toBe(409);
  });

  it("rejects waitForCall with the calls seen so far when nothing matches", async () => {
    await bot.api.sendMessage(USER.id, "x");
    await expect(fake.waitForCall("editMessageText", undefined, 100)).rejects.toThrow(/calls so far: sendMessage/);
  });
});
