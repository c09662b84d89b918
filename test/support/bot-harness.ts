// In-process harness for bot tests: the real createBot and container on a
// private PostgreSQL database and Redis prefix, updates fed through
// bot.handleUpdate, and outgoing Bot API calls answered by the local HTTP fake
// of the Bot API (test/support/bot-api-fake.ts), which records them and
// refuses what Telegram would refuse; any refusal fails the test.
import type { Message, Update, InlineKeyboardButton, UserFromGetMe } from "grammy/types";
import { Redis } from "ioredis";
import { createConfig } from "../../src/config.js";
import { createContainer, type Container } from "../../src/container.js";
import { createBot } from "../../src/bot/create-bot.js";
import type { BotContext } from "../../src/bot/context.js";
import type { Bot } from "grammy";
import { createLogger } from "../../src/shared/logger.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "./redis.js";
import { newMessageId, parseTelegramHtml, startBotApiFake, type RecordedCall, type BotApiFake } from "./bot-api-fake.js";

export const TEST_BOT_INFO = {
  id: 7000000001,
  is_bot: true,
  first_name: "Teachers Network",
  username: "teachers_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export type ApiCall = RecordedCall;

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

function textOf(payload: Record<string, any>): { text?: string; field?: string; limit?: number } {
  if (typeof payload.text === "string") return { text: payload.text, field: "text", limit: 4096 };
  if (typeof payload.caption === "string") return { text: payload.caption, field: "caption", limit: 1024 };
  return {};
}

/** Checks what Telegram would check; returns a description of the violation or undefined. */
export function telegramViolation(method: string, payload: Record<string, any>): string | undefined {
  const { text, field, limit } = textOf(payload);
  if (text !== undefined) {
    let visible = text;
    if (payload.parse_mode === "HTML") {
      try {
        visible = parseTelegramHtml(text).text;
      } catch (e) {
        return `${method}: can't parse entities in ${field}: ${(e as Error).message} :: ${text.slice(0, 200)}`;
      }
    }
    if (field === "text" && visible.trim().length === 0) return `${method}: message text is empty`;
    if (visible.length > limit!) return `${method}: ${field} is too long (${visible.length} > ${limit})`;
  }
  const rows = payload.reply_markup?.inline_keyboard as InlineKeyboardButton[][] | undefined;
  for (const row of rows ?? []) {
    for (const button of row) {
      if ("callback_data" in button && Buffer.byteLength(button.callback_data, "utf8") > 64) {
        return `${method}: callback_data over 64 bytes: ${button.callback_data}`;
      }
      if (!button.text) return `${method}: button without text`;
    }
  }
  return undefined;
}

export class BotHarness {
  violations: string[] = [];
  private nextUpdateId = 1;
  container!: Container;
  bot!: Bot<BotContext>;

  private constructor(
    readonly db: TestDatabase,
    readonly redisPrefix: string,
    readonly env: Record<string, string>,
    readonly fake: BotApiFake,
    /** The container's clock (services, jobs, conversations); the real one unless a test moves time. */
    readonly clock?: () => Date,
  ) {}

  static async create(options: { adminIds?: number[]; env?: Record<string, string>; clock?: () => Date } = {}): Promise<BotHarness> {
    const [db, fake] = await Promise.all([createTestDatabase(), startBotApiFake({ botId: TEST_BOT_INFO.id, botUsername: TEST_BOT_INFO.username })]);
    const prefix = createTestRedisPrefix();
    const env = {
      BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ADMIN_IDS: (options.adminIds ?? []).join(","),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      RATE_LIMIT_PER_SECOND: "50",
      ...options.env,
    };
    const harness = new BotHarness(db, prefix, env, fake, options.clock);
    await harness.start();
    return harness;
  }

  /** Every Bot API call so far, in order. */
  get calls(): ApiCall[] {
    return this.fake.calls;
  }

  /** Builds a new container and bot on the same database and Redis: a process restart. */
  async start(): Promise<void> {
    const config = createConfig(this.env);
    this.container = createContainer(config, { logger: createLogger(config.logLevel), ...(this.clock ? { clock: this.clock } : {}) });
    await this.container.services.members.bootstrapAdmins();
    this.bot = createBot(this.container, { botInfo: TEST_BOT_INFO });
    await this.bot.init();
  }

  async restart(): Promise<void> {
    await this.container.close();
    await this.start();
  }

  async close(): Promise<void> {
    // Close first: queues and workers write keys until they are closed.
    await this.container.close();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await cleanRedisPrefix(redis, this.redisPrefix);
    } finally {
      redis.disconnect();
    }
    await Promise.all([this.db.drop(), this.fake.close()]);
  }

  nextUpdate(): number {
    return this.nextUpdateId++;
  }

  user(id: number, profile: { first_name?: string; language_code?: string; username?: string } = {}): TestUser {
    return new TestUser(this, id, { first_name: "Анна", language_code: "ru", ...profile });
  }

  /** Handles one update in-process and returns the Bot API calls it made. */
  async handle(update: Omit<Update, "update_id">): Promise<ApiCall[]> {
    const from = this.fake.calls.length;
    // Telegram keeps the member's messages too: the bot may copy them (a broadcast).
    this.fake.remember(update);
    await this.bot.handleUpdate({ update_id: this.nextUpdate(), ...update });
    const calls = this.fake.calls.slice(from);
    for (const call of calls) {
      const local = telegramViolation(call.method, call.payload);
      if (local) this.violations.push(local);
      // Telegram-side refusals the bot did not ask for ("not modified" is expected and handled).
      if (!call.response.ok && call.response.error_code === 400 && !/not modified/.test(call.response.description)) {
        this.violations.push(`${call.method}: ${call.response.description}`);
      }
    }
    return calls;
  }
}

export class TestUser {
  constructor(
    readonly harness: BotHarness,
    readonly id: number,
    readonly profile: { first_name: string; language_code?: string; username?: string },
  ) {}

  get from() {
    return { id: this.id, is_bot: false, ...this.profile };
  }

  private documents = 0;

  /**
   * Sends a text message (commands get their bot_command entity). `messageId`
   * (from {@link newMessageId}, taken earlier) sends a message typed earlier
   * that reaches the bot only now.
   */
  send(text: string, messageId = newMessageId(this.id)): Promise<ApiCall[]> {
    const command = /^\/\w+/.exec(text);
    return this.harness.handle({
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.profile.first_name },
        from: this.from,
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      },
    });
  }

  /** Sends a message with any content (document, photo, …) in the private chat. */
  sendContent(content: Record<string, unknown>): Promise<ApiCall[]> {
    return this.harness.handle({
      message: {
        message_id: newMessageId(this.id),
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.profile.first_name },
        from: this.from,
        ...content,
      },
    });
  }

  /** Sends a document the fake Bot API knows (so the bot can send it on by file_id). */
  sendDocument(doc: { fileName: string; mimeType: string; size: number; caption?: string }): Promise<ApiCall[]> {
    const fileId = `doc-${this.id}-${++this.documents}`;
    this.harness.fake.putFile(fileId, "x", { fileSize: doc.size });
    return this.sendContent({
      document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: doc.fileName, mime_type: doc.mimeType, file_size: doc.size },
      ...(doc.caption ? { caption: doc.caption } : {}),
    });
  }

  /** Sends an inline query and returns the answerInlineQuery payload. */
  async inlineQuery(query: string, offset = ""): Promise<Record<string, any> | undefined> {
    const calls = await this.harness.handle({
      inline_query: { id: `iq-${this.harness.nextUpdate()}`, from: this.from, query, offset, chat_type: "sender" },
    });
    return calls.find((c) => c.method === "answerInlineQuery")?.payload;
  }

  /** Sends a sticker (an update the bot does not handle). */
  sendSticker(): Promise<ApiCall[]> {
    return this.harness.handle({
      message: {
        message_id: newMessageId(this.id),
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.profile.first_name },
        from: this.from,
        sticker: { file_id: "st", file_unique_id: "st", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
      },
    });
  }

  /** Taps a button with this callback data on a message (the latest with a keyboard by default). */
  tapData(data: string, messageId?: number): Promise<ApiCall[]> {
    const message = messageId !== undefined ? this.harness.fake.getMessage(this.id, messageId) : this.lastKeyboardMessage();
    const id = message?.message_id ?? messageId ?? 1;
    return this.harness.handle({
      callback_query: {
        id: `cb-${this.harness.nextUpdate()}`,
        from: this.from,
        chat_instance: `ci-${this.id}`,
        data,
        // The message as Telegram would attach it: text, or a file with its caption.
        message: message
          ? { ...message, chat: { id: this.id, type: "private", first_name: this.profile.first_name } }
          : {
              message_id: id,
              date: Math.floor(Date.now() / 1000),
              chat: { id: this.id, type: "private", first_name: this.profile.first_name },
              text: "",
              from: TEST_BOT_INFO,
            },
      },
    });
  }

  /** Taps the button whose text contains `label` on the latest message that has one. */
  async tap(label: string | RegExp): Promise<ApiCall[]> {
    const messages = this.messages()
      .filter((m) => m.reply_markup?.inline_keyboard?.length)
      .reverse();
    for (const m of messages) {
      const button = m.reply_markup!.inline_keyboard.flat().find((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text)));
      if (button && "callback_data" in button) return this.tapData(button.callback_data, m.message_id);
    }
    throw new Error(`No button "${String(label)}" in chat ${this.id}. Last: ${JSON.stringify(this.lastKeyboardMessage()?.reply_markup)}`);
  }

  /** Messages the bot sent to this user, in their current (edited) state. */
  messages(): Message[] {
    return this.harness.fake.messagesIn(this.id).filter((m) => m.from?.id === TEST_BOT_INFO.id);
  }

  lastMessage(): Message | undefined {
    return this.messages().at(-1);
  }

  lastKeyboardMessage(): Message | undefined {
    return this.messages()
      .filter((m) => (m.reply_markup?.inline_keyboard?.length ?? 0) > 0)
      .at(-1);
  }

  /** Texts of everything sent to this user (sendMessage and edits), in order. */
  texts(calls: ApiCall[] = this.harness.calls): string[] {
    return calls.filter((c) => Number(c.payload.chat_id) === this.id && typeof c.payload.text === "string").map((c) => c.payload.text as string);
  }

  buttons(message = this.lastKeyboardMessage()): string[] {
    return message?.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
  }
}

/** Plain text of a sent HTML message, as the member sees it. */
export function visible(html: string): string {
  return parseTelegramHtml(html).text;
}
