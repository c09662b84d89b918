/**
 * The per-member flood limit (@grammyjs/ratelimiter on Redis), before any
 * database work of an update. Two defects of the first version (#9 item 18):
 * commands in groups bypassed it (1,000 group commands cost 1,230 database
 * transactions), and only the first update over the limit was answered, so
 * every further button press left its spinner turning. Now a group command
 * counts against its sender's budget like a private message, and every button
 * press over the limit is answered with a short notice (one Bot API call, no
 * database); a private chat is told once per window, a group not at all.
 *
 * The counter is INCR + PEXPIRE in one script (the plugin's two calls could
 * leave a counter without expiry, muting a member for good). When Redis is down
 * the limiter lets updates through: the bot keeps answering what needs no Redis.
 */
import type { Middleware } from "grammy";
import type { Redis } from "ioredis";
import { limit } from "@grammyjs/ratelimiter";
import type { FailureLog } from "../shared/failure-log.js";
import type { BotContext } from "./context.js";
import type { Translator } from "./i18n.js";

const INCR_WITH_EXPIRY = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** A 5-second window allows bursts (ticking several subjects quickly) while holding a flood to the same average rate. */
export const RATE_LIMIT_WINDOW_MS = 5_000;

type LimitedUpdate = Pick<BotContext, "chat" | "from" | "callbackQuery" | "inlineQuery" | "message">;

/** Is this a command (`/cmd` or `/cmd@bot` at the start) in a group? */
function isGroupCommand(ctx: LimitedUpdate): boolean {
  if (ctx.chat?.type !== "group" && ctx.chat?.type !== "supergroup") return false;
  const entities = ctx.message?.entities ?? ctx.message?.caption_entities;
  return entities?.some((e) => e.type === "bot_command" && e.offset === 0) ?? false;
}

/** Whose budget an update counts against; undefined: not limited (group chatter, membership changes). */
export function rateLimitKey(ctx: LimitedUpdate): string | undefined {
  if (!ctx.from) return undefined;
  if (ctx.chat?.type === "private" || ctx.callbackQuery || ctx.inlineQuery || isGroupCommand(ctx)) return ctx.from.id.toString();
  return undefined;
}

export function rateLimit(options: { redis: Redis; prefix: string; perSecond: number; translator: Translator; failures: FailureLog }): Middleware<BotContext> {
  const { redis, translator, failures } = options;
  const keyPrefix = `${options.prefix}:rl:`;
  const store = {
    async incr(key: string): Promise<number> {
      try {
        return Number(await redis.eval(INCR_WITH_EXPIRY, 1, key, RATE_LIMIT_WINDOW_MS));
      } catch (err) {
        failures.report("rate limiter: Redis unreachable, updates let through", err);
        return 0;
      }
    },
    // The script sets the expiry.
    async pexpire(): Promise<number> {
      return 1;
    },
  };
  /** True once per window per member: the private chat is told it is flooding once, not on every message. */
  async function firstNotice(userId: string): Promise<boolean> {
    try {
      return (await redis.set(`${keyPrefix}told:${userId}`, "1", "PX", RATE_LIMIT_WINDOW_MS, "NX")) === "OK";
    } catch {
      return false;
    }
  }
  return limit<BotContext, typeof store>({
    timeFrame: RATE_LIMIT_WINDOW_MS,
    limit: options.perSecond * (RATE_LIMIT_WINDOW_MS / 1000),
    storageClient: store,
    keyPrefix,
    keyGenerator: rateLimitKey,
    alwaysReply: true,
    // Typed void upstream, but the plugin returns it from its middleware, so grammY awaits it.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onLimitExceeded: async (ctx) => {
      const t = translator.forLocale(translator.fromTelegram(ctx.from?.language_code));
      // Every press is answered, or its spinner turns until Telegram gives up.
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t("errors-rate-limited") }).catch(() => undefined);
      else if (ctx.chat?.type === "private" && ctx.from && (await firstNotice(ctx.from.id.toString()))) await ctx.reply(t("errors-rate-limited")).catch(() => undefined);
    },
  });
}
