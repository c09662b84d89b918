import { describe, expect, it } from "vitest";
import { ConfigError, createConfig } from "../../src/config.js";

const TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ-_abc";

/** The ConfigError thrown for `env`, failing the test when none is thrown. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    createConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("createConfig did not throw");
}

describe("createConfig", () => {
  it("reads TRUST_PROXY as a boolean and refuses anything else", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN, TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(createConfig({ BOT_TOKEN: TOKEN, TRUST_PROXY: "1" }).trustProxy).toBe(true);
    expect(createConfig({ BOT_TOKEN: TOKEN, TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(configError({ BOT_TOKEN: TOKEN, TRUST_PROXY: "yes" }).problems).toEqual([expect.stringMatching(/^TRUST_PROXY: must be true or false/)]);
  });

  it("applies defaults when only BOT_TOKEN is set", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN })).toEqual({
      botToken: TOKEN,
      commentNotifyDelayMs: 300_000,
      databaseUrl: "postgresql://postgres@127.0.0.1:5432/teachers_bot",
      redisUrl: "redis://127.0.0.1:6379/0",
      redisPrefix: "tb",
      telegramApiRoot: undefined,
      issuer: {},
      verifyRatePerMinute: 60,
      trustProxy: false,
      adminIds: [],
      botMode: "polling",
      webhookUrl: undefined,
      webhookSecret: undefined,
      port: 3000,
      host: "0.0.0.0",
      defaultLocale: "ru",
      defaultTimezone: "Europe/Moscow",
      logLevel: "info",
      role: "all",
      rateLimitPerSecond: 4,
      sendRatePerSecond: 25,
      paidSendRatePerSecond: 950,
      broadcastProgressMs: 5000,
      groupsAllowedDomains: [],
      groupAnnounceWindowMs: 20_000,
      groupMessagesPerMinute: 20,
    });
  });

  it("reads the groups' allowed domains and log chat", () => {
    const config = createConfig({ BOT_TOKEN: TOKEN, GROUPS_ALLOWED_DOMAINS: " edu.tatar.ru, *.Mos.RU ,,", GROUPS_LOG_CHAT_ID: "-1001234567890" });
    expect(config.groupsAllowedDomains).toEqual(["edu.tatar.ru", "mos.ru"]);
    expect(config.groupsLogChatId).toBe(-1001234567890n);
    expect(() => createConfig({ BOT_TOKEN: TOKEN, GROUPS_ALLOWED_DOMAINS: "https://x.ru/a" })).toThrow(/GROUPS_ALLOWED_DOMAINS/);
    expect(() => createConfig({ BOT_TOKEN: TOKEN, GROUPS_LOG_CHAT_ID: "@log" })).toThrow(/GROUPS_LOG_CHAT_ID/);
  });

  it("reads every value that is set", () => {
    const config = createConfig({
      BOT_TOKEN: TOKEN,
      PORT: "8443",
      ADMIN_IDS: "12345, 7000000000 ,,",
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.org/hook",
      WEBHOOK_SECRET: "s3cret_s3cret-s3cret",
      DEFAULT_LOCALE: "en",
      DEFAULT_TIMEZONE: "Asia/Novosibirsk",
      LOG_LEVEL: "debug",
      ROLE: "worker",
      SEND_RATE_PER_SECOND: "1000",
    });
    expect(config).toMatchObject({
      sendRatePerSecond: 1000,
      port: 8443,
      botMode: "webhook",
      webhookUrl: "https://bot.example.org/hook",
      webhookSecret: "s3cret_s3cret-s3cret",
      defaultLocale: "en",
      defaultTimezone: "Asia/Novosibirsk",
      logLevel: "debug",
      role: "worker",
    });
    expect(config.adminIds).toEqual([12345n, 7000000000n]);
  });

  it("parses ADMIN_IDS to bigints", () => {
    const { adminIds } = createConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: "1,9007199254740993" });
    expect(adminIds).toEqual([1n, 9007199254740993n]);
    expect(adminIds.every((id) => typeof id === "bigint")).toBe(true);
  });

  it("removes trailing slashes from TELEGRAM_API_ROOT", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" }).telegramApiRoot).toBe("http://127.0.0.1:8081");
    expect(createConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://fake/api//" }).telegramApiRoot).toBe("http://fake/api");
  });

  it("treats empty strings as unset", () => {
    const config = createConfig({ BOT_TOKEN: TOKEN, PORT: "", ADMIN_IDS: "", WEBHOOK_URL: "", LOG_LEVEL: "", TELEGRAM_API_ROOT: "" });
    expect(config).toMatchObject({ port: 3000, adminIds: [], webhookUrl: undefined, logLevel: "info", telegramApiRoot: undefined });
    expect(configError({ BOT_TOKEN: "" }).problems).toEqual([expect.stringMatching(/^BOT_TOKEN: /)]);
  });

  it.each([
    ["BOT_TOKEN missing", { BOT_TOKEN: undefined }, "BOT_TOKEN"],
    ["BOT_TOKEN malformed", { BOT_TOKEN: "not-a-token" }, "BOT_TOKEN"],
    ["PORT not a number", { PORT: "abc" }, "PORT"],
    ["PORT out of range", { PORT: "70000" }, "PORT"],
    ["ADMIN_IDS with a non-number", { ADMIN_IDS: "1,abc" }, "ADMIN_IDS"],
    ["BOT_MODE unknown", { BOT_MODE: "x" }, "BOT_MODE"],
    ["DEFAULT_TIMEZONE unknown", { DEFAULT_TIMEZONE: "Nowhere/City" }, "DEFAULT_TIMEZONE"],
    ["DEFAULT_LOCALE unsupported", { DEFAULT_LOCALE: "de" }, "DEFAULT_LOCALE"],
    ["LOG_LEVEL unknown", { LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    ["SEND_RATE_PER_SECOND zero", { SEND_RATE_PER_SECOND: "0" }, "SEND_RATE_PER_SECOND"],
    ["SEND_RATE_PER_SECOND above Telegram's paid limit", { SEND_RATE_PER_SECOND: "1001" }, "SEND_RATE_PER_SECOND"],
    ["SEND_RATE_PER_SECOND not an integer", { SEND_RATE_PER_SECOND: "2.5" }, "SEND_RATE_PER_SECOND"],
    // #9 item 17: these passed the schema and failed later with a stack trace.
    ["ADMIN_IDS beyond the database's BIGINT", { ADMIN_IDS: "1,99999999999999999999" }, "ADMIN_IDS"],
    ["ADMIN_IDS zero", { ADMIN_IDS: "0" }, "ADMIN_IDS"],
    ["DATABASE_URL not PostgreSQL", { DATABASE_URL: "mysql://db.example.org/x" }, "DATABASE_URL"],
    ["DATABASE_URL not a URL", { DATABASE_URL: "localhost:5432" }, "DATABASE_URL"],
    ["REDIS_URL not Redis", { REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
    ["TELEGRAM_API_ROOT not HTTP", { TELEGRAM_API_ROOT: "ftp://api.example.org" }, "TELEGRAM_API_ROOT"],
  ])("names the variable when %s", (_case, env, variable) => {
    const error = configError({ BOT_TOKEN: TOKEN, ...env });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${variable}: `));
    expect(error.message).toContain(`  - ${variable}: `);
  });

  it("quotes the bad ADMIN_IDS entry", () => {
    expect(configError({ BOT_TOKEN: TOKEN, ADMIN_IDS: "1,abc" }).message).toContain('"abc" is not a Telegram user id');
  });

  it("does not echo the bot token in the error", () => {
    const secret = "123456:short";
    expect(configError({ BOT_TOKEN: secret }).message).not.toContain(secret);
  });

  it("requires WEBHOOK_URL and WEBHOOK_SECRET in webhook mode", () => {
    const error = configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook" });
    expect(error.problems).toEqual(["WEBHOOK_URL: is required when BOT_MODE=webhook", "WEBHOOK_SECRET: is required when BOT_MODE=webhook"]);
    expect(configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://x.org/h" }).problems).toEqual([
      "WEBHOOK_SECRET: is required when BOT_MODE=webhook",
    ]);
  });

  it("refuses a webhook secret Telegram would not accept", () => {
    const error = configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://x.org/h", WEBHOOK_SECRET: "short" });
    expect(error.problems).toEqual([expect.stringMatching(/^WEBHOOK_SECRET: /)]);
  });

  it("names every bad variable at once", () => {
    const error = configError({ PORT: "abc", LOG_LEVEL: "loud", DEFAULT_LOCALE: "de" });
    expect(error.problems.map((p) => p.split(":")[0]).sort()).toEqual(["BOT_TOKEN", "DEFAULT_LOCALE", "LOG_LEVEL", "PORT"]);
  });

  // Regression: "europe/moscow" was accepted but kept as typed, and reached members as such.
  it("canonicalises DEFAULT_TIMEZONE", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN, DEFAULT_TIMEZONE: "europe/moscow" }).defaultTimezone).toBe("Europe/Moscow");
  });
});
