import { z } from "zod";
import { LOCALES, type Locale } from "./shared/locale.js";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The largest id the database's BIGINT columns hold (a larger one failed at start with a stack trace). */
const MAX_TELEGRAM_ID = 9_223_372_036_854_775_807n;

/** A URL with one of `protocols` (z.url() alone accepts `foo:bar`). */
const urlOf = (protocols: readonly string[], what: string) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && (url.hostname !== "" || url.protocol === "redis:");
      } catch {
        return false;
      }
    },
    `must be a ${what} URL (${protocols.map((p) => `${p}//…`).join(" or ")})`,
  );

const telegramIdList = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const ids: bigint[] = [];
    for (const part of raw
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (!/^\d{1,20}$/.test(part)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram user id` });
        return z.NEVER;
      }
      // Telegram user ids have at most 52 significant bits; one beyond BIGINT cannot be stored at all.
      const id = BigInt(part);
      if (id < 1n || id > MAX_TELEGRAM_ID) {
        ctx.addIssue({ code: "custom", message: `"${part}" is out of range for a Telegram user id (1 to ${MAX_TELEGRAM_ID})` });
        return z.NEVER;
      }
      ids.push(id);
    }
    return ids;
  });

const schema = z
  .object({
    BOT_TOKEN: z.string().regex(/^\d+:[\w-]{20,}$/, "must look like 123456:ABC-DEF… (from @BotFather)"),
    DATABASE_URL: urlOf(["postgresql:", "postgres:"], "PostgreSQL").default("postgresql://postgres@127.0.0.1:5432/teachers_bot"),
    REDIS_URL: urlOf(["redis:", "rediss:"], "Redis").default("redis://127.0.0.1:6379/0"),
    REDIS_PREFIX: z
      .string()
      .regex(/^[\w:-]*$/)
      .default("tb"),
    TELEGRAM_API_ROOT: urlOf(["http:", "https:"], "HTTP(S)").optional(),
    ADMIN_IDS: telegramIdList,
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: urlOf(["https:", "http:"], "HTTPS").optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DEFAULT_LOCALE: z.enum(LOCALES).default("ru"),
    DEFAULT_TIMEZONE: z
      .string()
      .refine(isTimeZone, "is not an IANA time zone")
      .transform((zone) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone)
      .default("Europe/Moscow"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ROLE: z.enum(["bot", "worker", "all"]).default("all"),
    RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(100).default(4),
    COMMENT_NOTIFY_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(25),
    PAID_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(950),
    BROADCAST_PROGRESS_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
    GROUPS_ALLOWED_DOMAINS: z
      .string()
      .default("")
      .transform((raw) =>
        raw
          .split(",")
          .map((d) =>
            d
              .trim()
              .toLowerCase()
              .replace(/^\*?\./, ""),
          )
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, "must be domain names like edu.tatar.ru, comma-separated"))),
    GROUPS_LOG_CHAT_ID: z
      .string()
      .regex(/^-?\d{1,20}$/, "must be a Telegram chat id (e.g. -1001234567890)")
      .transform((v) => BigInt(v))
      .optional(),
    GROUP_ANNOUNCE_WINDOW_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
    GROUP_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(20).default(20),
    PUBLIC_URL: urlOf(["https:", "http:"], "HTTP(S)").optional(),
    COMMUNITY_NAME: z.string().trim().min(1).max(150).optional(),
    CERTIFICATE_SIGNER_NAME: z.string().trim().min(1).max(100).optional(),
    CERTIFICATE_SIGNER_TITLE: z.string().trim().min(1).max(150).optional(),
    VERIFY_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0"], "must be true or false")
      .default("false")
      .transform((v) => v === "true" || v === "1"),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE === "webhook") {
      if (!env.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook" });
      if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required when BOT_MODE=webhook" });
    }
  });

export type Env = z.infer<typeof schema>;

/** Validated, typed settings of one process. */
export interface Config {
  botToken: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  telegramApiRoot?: string;
  adminIds: bigint[];
  botMode: "polling" | "webhook";
  webhookUrl?: string;
  webhookSecret?: string;
  port: number;
  host: string;
  defaultLocale: Locale;
  defaultTimezone: string;
  logLevel: Env["LOG_LEVEL"];
  role: Env["ROLE"];
  /** Average updates per second one member may send (over a 5-second window) before the bot ignores the rest. */
  rateLimitPerSecond: number;
  /** How long comment notifications to an author are collected before one message goes out. */
  commentNotifyDelayMs: number;
  /** Messages per second the sending path (every mass send together, all processes) may make. */
  sendRatePerSecond: number;
  /** Budget of the paid lane (broadcasts with allow_paid_broadcast, when an admin turned paid mode on). */
  paidSendRatePerSecond: number;
  /** How long announcements for one group are collected before one (combined) post goes out. */
  groupAnnounceWindowMs: number;
  /** Messages the bot sends to one group per minute at most (Telegram allows 20). */
  groupMessagesPerMinute: number;
  /** At most one edit of a broadcast's progress message per this many ms. */
  broadcastProgressMs: number;
  /** Domains (and their subdomains) whose links newcomers may post in groups. */
  groupsAllowedDomains: string[];
  /** Where group moderation actions are logged (a chat the bot can write to), if anywhere. */
  groupsLogChatId?: bigint;
  /** Public base URL of this process's HTTP server (no trailing slash); when set, documents are verified at <publicUrl>/v/<code>. */
  publicUrl?: string;
  /** The community's name and the signer every document carries; what is unset comes from locales/ru/certificates-pdf.ftl. */
  issuer: { communityName?: string; signerName?: string; signerTitle?: string };
  /** Requests per minute one IP address may make to the public pages (/v, /p). */
  verifyRatePerMinute: number;
  /**
   * Behind a reverse proxy: the public pages limit the client named last in
   * X-Forwarded-For instead of the socket's address (which is the proxy's).
   * Never set it without a proxy: a client could name any address it likes.
   */
  trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The problems of a ConfigError on one line (start-up prints one line per failure). */
export function configProblemsLine(error: ConfigError): string {
  return `invalid configuration: ${error.problems.join("; ")}`;
}

/** Builds the config from an environment; throws ConfigError naming every bad variable. */
export function createConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    botToken: e.BOT_TOKEN,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    telegramApiRoot: e.TELEGRAM_API_ROOT?.replace(/\/+$/, ""),
    adminIds: e.ADMIN_IDS,
    botMode: e.BOT_MODE,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    port: e.PORT,
    host: e.HOST,
    defaultLocale: e.DEFAULT_LOCALE,
    defaultTimezone: e.DEFAULT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    role: e.ROLE,
    rateLimitPerSecond: e.RATE_LIMIT_PER_SECOND,
    commentNotifyDelayMs: e.COMMENT_NOTIFY_DELAY_SECONDS * 1000,
    sendRatePerSecond: e.SEND_RATE_PER_SECOND,
    paidSendRatePerSecond: e.PAID_SEND_RATE_PER_SECOND,
    groupAnnounceWindowMs: e.GROUP_ANNOUNCE_WINDOW_MS,
    groupMessagesPerMinute: e.GROUP_MESSAGES_PER_MINUTE,
    broadcastProgressMs: e.BROADCAST_PROGRESS_SECONDS * 1000,
    groupsAllowedDomains: e.GROUPS_ALLOWED_DOMAINS,
    ...(e.GROUPS_LOG_CHAT_ID !== undefined ? { groupsLogChatId: e.GROUPS_LOG_CHAT_ID } : {}),
    ...(e.PUBLIC_URL !== undefined ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, "") } : {}),
    issuer: {
      ...(e.COMMUNITY_NAME !== undefined ? { communityName: e.COMMUNITY_NAME } : {}),
      ...(e.CERTIFICATE_SIGNER_NAME !== undefined ? { signerName: e.CERTIFICATE_SIGNER_NAME } : {}),
      ...(e.CERTIFICATE_SIGNER_TITLE !== undefined ? { signerTitle: e.CERTIFICATE_SIGNER_TITLE } : {}),
    },
    verifyRatePerMinute: e.VERIFY_RATE_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
  };
}
