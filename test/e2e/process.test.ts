// Process-level end-to-end test: the real entry point (`node --import tsx src/main.ts`)
// on an empty database of its own, real Redis, and the local HTTP fake of the
// Bot API as TELEGRAM_API_ROOT. It covers what the in-process bot tests cannot:
// config from the environment, migrations at start, the health endpoint,
// command menus, long polling through the runner, and graceful shutdown.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import type { InlineKeyboardButton, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeCallbackUpdate,
  makeTextUpdate,
  startBotApiFake,
  type BotApiFake,
  type FakeUserInput,
  type PendingUpdate,
  type RecordedCall,
} from "../support/bot-api-fake.js";
import { telegramViolation, TEST_REDIS_URL } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "../support/redis.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ADMIN_ID = 900_000_001;
// Above 2^32 like real new accounts: catches int32 handling of ids anywhere on the way.
const USER: FakeUserInput = { id: 6_100_000_123, first_name: "Анна", username: "anna_e2e", language_code: "ru" };

/** Collects a child's output; the tail goes into every failure message. */
class ChildOutput {
  stdout = "";
  stderr = "";
  tail(max = 6000): string {
    return `--- stderr ---\n${this.stderr.slice(-max)}\n--- stdout ---\n${this.stdout.slice(-max)}`;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let fake: BotApiFake;
let db: TestDatabase;
let redisPrefix: string;
let child: ChildProcess | undefined;
const output = new ChildOutput();
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

/** Rejects, with the child's output, when `promise` fails or the process dies first. */
async function whileAlive<T>(what: string, promise: Promise<T>): Promise<T> {
  const died = exit.then(({ code, signal }) => {
    throw new Error(`the bot process exited (code ${code}, signal ${signal}) while waiting for ${what}\n${output.tail()}`);
  });
  try {
    return await Promise.race([promise, died]);
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes("--- stderr ---")) throw error;
    throw new Error(`${what}: ${message}\n${recentCalls()}\n${output.tail()}`, { cause: error });
  }
}

/** The last Bot API calls, for failure messages. */
function recentCalls(count = 6): string {
  const lines = fake.calls.slice(-count).map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 300)} -> ${JSON.stringify(c.response).slice(0, 200)}`);
  return `--- last Bot API calls ---\n${lines.join("\n")}`;
}

async function waitForHealth(port: number, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      const body = await res.json();
      if (res.status === 200) return { status: res.status, body };
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`GET /healthz did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Pushes an update and waits for the first `method` call to the user's chat that it caused. */
async function act(what: string, update: PendingUpdate, method: string, predicate: (c: RecordedCall) => boolean = () => true): Promise<RecordedCall> {
  const from = fake.calls.length;
  fake.pushUpdate(update);
  return whileAlive(
    what,
    fake.waitForCall(method, (c) => fake.calls.indexOf(c) >= from && Number(c.payload.chat_id) === USER.id && predicate(c), 10_000),
  );
}

function botMessages(): Message[] {
  return fake.messagesIn(USER.id).filter((m) => m.from?.id === fake.botInfo.id);
}

/** The newest bot message with a button whose text contains `label`, and that button's data. */
function findButton(label: string): { message: Message; data: string } {
  for (const message of botMessages().reverse()) {
    const buttons: InlineKeyboardButton[] = message.reply_markup?.inline_keyboard.flat() ?? [];
    const button = buttons.find((b) => b.text.includes(label));
    if (button && "callback_data" in button) return { message, data: button.callback_data };
  }
  const last = botMessages().at(-1);
  throw new Error(`No button "${label}" in the chat; last bot message: ${JSON.stringify(last)}\n${output.tail()}`);
}

function tap(label: string, method: string, predicate?: (c: RecordedCall) => boolean): Promise<RecordedCall> {
  const { message, data } = findButton(label);
  return act(`the answer to a tap on "${label}"`, makeCallbackUpdate(USER, data, message), method, predicate);
}

function say(text: string, method: string, predicate?: (c: RecordedCall) => boolean): Promise<RecordedCall> {
  return act(`the answer to "${text}"`, makeTextUpdate(USER, text), method, predicate);
}

const textOf = (c: RecordedCall) => String(c.payload.text ?? "");
const hasText = (part: string) => (c: RecordedCall) => textOf(c).includes(part);

beforeAll(async () => {
  [fake, db] = await Promise.all([startBotApiFake(), createTestDatabase({ empty: true })]);
  redisPrefix = createTestRedisPrefix();
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exit.catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await cleanRedisPrefix(redis, redisPrefix);
  } finally {
    redis.disconnect();
  }
  await Promise.all([db?.drop(), fake?.close()]);
});

describe("the bot process", () => {
  it("migrates, serves /healthz, registers a member over long polling and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      // A clean environment: nothing from the developer's shell or vitest leaks into the config.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        BOT_TOKEN: "123456:E2E-token-abcdefghijklmnopqrstuvwxyz",
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        TELEGRAM_API_ROOT: fake.apiRoot,
        BOT_MODE: "polling",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "info",
        ADMIN_IDS: String(ADMIN_ID),
        // The default (3 per second) would drop this test's taps, which come a few ms apart.
        RATE_LIMIT_PER_SECOND: "50",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
    exit = new Promise((resolve) => child!.once("exit", (code, signal) => resolve({ code, signal })));

    // Start-up: migrations on the empty database, then polling and the HTTP server.
    const health = await whileAlive("GET /healthz", waitForHealth(port, 40_000));
    expect(health.body).toMatchObject({ status: "ok", database: "ok", redis: "ok" });
    expect(output.stdout).toContain("migrations applied");

    // Command menus: Russian as the default, English for en clients; groups get only their own.
    const privateScope = (c: RecordedCall) => (c.payload.scope as { type?: string } | undefined)?.type === "all_private_chats";
    const ruMenu = fake.callsOf("setMyCommands").find((c) => privateScope(c) && c.payload.language_code === undefined);
    const enMenu = fake.callsOf("setMyCommands").find((c) => privateScope(c) && c.payload.language_code === "en");
    expect(ruMenu?.response.ok, output.tail()).toBe(true);
    expect(enMenu?.response.ok, output.tail()).toBe(true);
    const commandsOf = (c: RecordedCall | undefined) => c!.payload.commands as { command: string; description: string }[];
    expect(commandsOf(ruMenu).map((c) => c.command)).toEqual(expect.arrayContaining(["start", "profile", "help", "cancel"]));
    expect(commandsOf(ruMenu).find((c) => c.command === "profile")!.description).toMatch(/[А-Яа-я]/);
    expect(commandsOf(enMenu).find((c) => c.command === "profile")!.description).toMatch(/^[^А-Яа-яЁё]*[A-Za-z][^А-Яа-яЁё]*$/);
    const groupMenu = fake
      .callsOf("setMyCommands")
      .find((c) => (c.payload.scope as { type?: string }).type === "all_group_chats" && c.payload.language_code === undefined);
    expect(commandsOf(groupMenu).map((c) => c.command)).toEqual(["report"]);
    const adminMenu = fake
      .callsOf("setMyCommands")
      .find((c) => (c.payload.scope as { type?: string }).type === "all_chat_administrators" && c.payload.language_code === "en");
    expect(commandsOf(adminMenu).map((c) => c.command)).toEqual(expect.arrayContaining(["report", "warn", "ban", "link"]));
    expect(commandsOf(adminMenu).map((c) => c.command)).not.toContain("profile");

    // The whole registration, one update at a time, through getUpdates.
    const buttonsOf = (c: RecordedCall) => (c.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard?.flat() ?? [];
    const consent = await act("the consent message", makeTextUpdate(USER, "/start"), "sendMessage", (c) => buttonsOf(c).some((b) => b.text.includes("Я согласен")));
    expect(textOf(consent)).toContain("152-ФЗ");
    const consentMessage = (consent.response as { result: Message }).result;
    const agree = buttonsOf(consent).find((b) => b.text.includes("Я согласен"));
    expect(agree && "callback_data" in agree).toBe(true);
    await act("the full-name question", makeCallbackUpdate(USER, (agree as { callback_data: string }).callback_data, consentMessage), "sendMessage");
    await say("Иванова Анна Сергеевна", "sendMessage");
    await tap("Учитель", "sendMessage");
    await tap("Математика", "editMessageText");
    await tap("Физика", "editMessageText");
    await tap("Готово", "sendMessage");
    await tap("5 класс", "editMessageText");
    await tap("6 класс", "editMessageText");
    await tap("Готово", "sendMessage");
    await say("Татарстан", "sendMessage");
    await say("Казань", "sendMessage");
    await say("Школа № 5", "sendMessage");
    await say("12", "sendMessage");
    await tap("Оставить", "sendMessage");
    const summary = await tap("Русский", "sendMessage", hasText("Проверьте анкету"));
    expect(textOf(summary)).toContain("Europe/Moscow");
    const welcome = await tap("Всё верно", "sendMessage", hasText("Добро пожаловать"));
    const menu = (welcome.payload.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard.flat();
    expect(menu.map((b) => b.text)).toEqual(expect.arrayContaining(["👤 Профиль", "❓ Помощь"]));

    // Everything the process sent would have been accepted by Telegram.
    const problems = fake.calls.flatMap((c) => {
      const local = telegramViolation(c.method, c.payload);
      // An ADMIN_IDS member who never opened the bot has no chat yet; the process tolerates that refusal.
      const refused =
        !c.response.ok && !(c.method === "setMyCommands" && (c.payload.scope as { type?: string }).type === "chat")
          ? `${c.method}: ${c.response.description}`
          : undefined;
      return [local, refused].filter((p): p is string => p !== undefined);
    });
    expect(problems, output.tail()).toEqual([]);

    const member = await db.prisma.member.findUnique({
      where: { telegramId: BigInt(USER.id) },
      include: { profile: { include: { subjects: true, grades: true } } },
    });
    expect(member).toMatchObject({ consentStatus: "GIVEN", locale: "ru", username: "anna_e2e", role: "MEMBER", isActive: true });
    expect(member!.registeredAt).toBeInstanceOf(Date);
    expect(member!.profile).toMatchObject({
      fullName: "Иванова Анна Сергеевна",
      professionalRole: "TEACHER",
      regionCode: "RU-TA",
      city: "Казань",
      organisation: "Школа № 5",
      experienceYears: 12,
      timezone: "Europe/Moscow",
    });
    expect(member!.profile!.subjects.map((s) => s.subjectCode).sort()).toEqual(["math", "physics"]);
    expect(member!.profile!.grades.map((g) => g.gradeCode).sort()).toEqual(["5", "6"]);
    // ADMIN_IDS were bootstrapped at start.
    expect(await db.prisma.member.findUnique({ where: { telegramId: BigInt(ADMIN_ID) }, select: { role: true } })).toEqual({ role: "ADMIN" });

    // A broadcast through the process's own workers: the member becomes an admin,
    // composes one, and it is copied to the audience (the admin included) and reported.
    await db.prisma.member.update({ where: { telegramId: BigInt(USER.id) }, data: { role: "ADMIN" } });
    await say("/broadcast", "sendMessage", hasText("Пришлите сообщение"));
    const announcement = makeTextUpdate(USER, "Педсовет в пятницу & <важно>");
    await act("the audience question", announcement, "sendMessage", hasText("Кому отправить"));
    await tap("Посчитать получателей", "sendMessage", hasText("Проверьте рассылку"));
    const confirmedAt = fake.calls.length;
    await tap("Отправить сейчас", "sendMessage", hasText("Рассылка #1"));
    // The first copy was the preview; this one is the delivery, from the worker.
    const copy = await whileAlive(
      "the broadcast copy",
      fake.waitForCall(
        "copyMessage",
        (c) => fake.calls.indexOf(c) >= confirmedAt && c.payload.from_chat_id === USER.id && c.payload.message_id === announcement.message!.message_id && c.response.ok,
        15_000,
      ),
    );
    expect(copy.payload.chat_id).toBe(USER.id);
    await whileAlive("the final report", fake.waitForCall("sendMessage", hasText("Рассылка #1 завершена: доставлено 1"), 15_000));
    expect(await db.prisma.broadcast.findFirst({ select: { status: true } })).toEqual({ status: "DONE" });

    // Graceful shutdown: the runner stops, connections close, exit code 0.
    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    const result = await Promise.race([exit, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000))]);
    expect(result, `no clean exit within 10 s of SIGTERM\n${output.tail()}`).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(output.stdout).toContain('"msg":"stopped"');
  }, 60_000);
});
