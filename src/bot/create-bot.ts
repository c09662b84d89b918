import { Bot, BotError, GrammyError, HttpError, type ApiClientOptions, type Composer, type MiddlewareFn } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import { DomainError } from "../shared/errors.js";
import type { FailureLog } from "../shared/failure-log.js";
import type { Logger } from "../shared/logger.js";
import { unavailableService } from "../shared/unavailable.js";
import { BOT_API_RETRY, configureApi } from "./api.js";
import { botApiFetch } from "./http-client.js";
import { rateLimit } from "./rate-limit.js";
import type { BaseContext, BotContext, BotDeps, ConvContext, Services } from "./context.js";
import type { CommandMenu } from "./commands.js";
import type { CallbackCodec } from "./callback-data.js";
import type { BotFeature } from "./feature.js";
import type { Translator } from "./i18n.js";
import { conversationStorage, dropHandledUpdates } from "./conversation-storage.js";
import { guardConversation, isTransientError, reportConversationFailures } from "./conversation-guard.js";
import { callbackAnswered, trackCallbackAnswers } from "./callback-answers.js";
import { DeepLinkRouter } from "./deep-links.js";

/** Updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "inline_query", "chat_member", "chat_join_request"] as const;

export interface CreateBotOptions {
  /** Skips getMe at start (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Overrides of the Bot API client (benchmarks answer calls in-process with `fetch`). */
  client?: ApiClientOptions;
}

/**
 * What orders updates: one member's private chat is handled one update at a
 * time. In a group, one sender's updates are ordered but unrelated senders run
 * side by side (a busy group must not wait behind one slow sender), so the key
 * is chat and sender.
 */
export function sequenceKey(ctx: { chat?: { id: number; type: string }; from?: { id: number } }): string | undefined {
  const chat = ctx.chat;
  if (chat && chat.type !== "private" && ctx.from) return `${chat.id}:${ctx.from.id}`;
  return chat?.id.toString() ?? ctx.from?.id.toString();
}

/** What the bot is built from (the container has all of it). */
export interface BotApp {
  config: Config;
  logger: Logger;
  redis: Redis;
  translator: Translator;
  failures: FailureLog;
  commands: CommandMenu;
  services: Services;
  /** The slices, in the order of src/features/index.ts. */
  features: readonly BotFeature[];
}

/** Builds the bot with every slice; nothing starts polling here. */
export function createBot(app: BotApp, options: CreateBotOptions = {}): Bot<BotContext> {
  const { config, translator, services, redis, logger, features } = app;
  const bot = new Bot<BotContext>(config.botToken, {
    botInfo: options.botInfo,
    client: { fetch: botApiFetch, ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}), ...options.client },
  });
  configureApi(bot.api, BOT_API_RETRY);

  const deepLinks = new DeepLinkRouter();
  for (const feature of features) {
    for (const [prefix, link] of Object.entries(feature.deepLinks ?? {})) {
      if (typeof link === "function") deepLinks.route(prefix, link);
      else deepLinks.route(prefix, link.handler, { requiresRegistration: link.requiresRegistration });
    }
  }
  const menuButtons = features.flatMap((f) => f.menuButtons ?? []);
  const deps: BotDeps = { config, logger, redis, failures: app.failures, translator, deepLinks, commands: app.commands, menuButtons };

  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.services = services;
    ctx.logger = logger.child({ updateId: ctx.update.update_id });
    // Errors before the feature boundary below (loading the member, the rate
    // limiter, the chat record: PostgreSQL or Redis down) are answered too,
    // however the update arrives (our polling loop, the webhook, tests).
    try {
      await next();
    } catch (error) {
      await handleError(error instanceof BotError ? (error as BotError<BotContext>) : new BotError(error, ctx));
    }
  });
  // Ordinary group messages are screened here and go no further (they cost no
  // ordering, no per-chat record, no rate limit and no member lookup).
  for (const feature of features) if (feature.front) bot.use(feature.front());
  // Edited messages are asked for only so that the groups' front can screen them (a newcomer
  // editing a link into a message); nothing else sees them: an edit in a private chat is not an
  // answer to a questionnaire, nor a new message.
  bot.use((ctx, next) => (ctx.editedMessage ? undefined : next()));
  bot.use(trackCallbackAnswers());
  bot.use(sequentialize(sequenceKey));
  // An update handled already for its chat (delivered again after a crash) is dropped.
  bot.use(dropHandledUpdates(redis, config.redisPrefix, (ctx) => logger.info({ updateId: ctx.update.update_id }, "update already handled; dropped")));
  for (const feature of features) if (feature.early) bot.use(feature.early());
  bot.use(rateLimit({ redis, prefix: config.redisPrefix, perSecond: config.rateLimitPerSecond, translator, failures: app.failures }));
  for (const feature of features) if (feature.context) bot.use(feature.context());

  const boundary = bot.errorBoundary(async (err) => handleError(err));
  boundary.use(
    conversations<BaseContext, ConvContext>({
      storage: conversationStorage(redis, config.redisPrefix),
      // Contexts inside conversations have their own Api objects. No retries
      // there: the replay log records each raw answer, and a replayed 429
      // would make auto-retry wait again on every later update. The
      // questionnaire sends through the outside context (conversation.external).
      plugins: [
        async (ctx, next) => {
          configureApi(ctx.api, false);
          await next();
        },
      ],
    }),
  );
  boundary.use(reportConversationFailures());
  const convDeps = { services, config, translator, menuButtons };
  for (const feature of features) {
    for (const [id, build] of Object.entries(feature.conversations ?? {})) {
      boundary.use(createConversation(guardConversation(build(convDeps) as never), id));
    }
  }
  for (const feature of features) {
    if (!feature.composer) continue;
    const composer = feature.composer(features);
    boundary.use(feature.callbacks ? onlyOwnButtons(feature.callbacks, composer) : composer);
  }

  bot.catch(handleError);
  return bot;
}

/** A slice's composer for everything but buttons of other codecs, which go straight on (see BotFeature.callbacks). */
export function onlyOwnButtons(codecs: readonly CallbackCodec[], composer: Composer<BotContext>): MiddlewareFn<BotContext> {
  const handle = composer.middleware();
  return (ctx, next) => {
    const data = ctx.callbackQuery?.data;
    return data !== undefined && !codecs.some((c) => c.pattern.test(data)) ? next() : handle(ctx, next);
  };
}

/**
 * Logs the error with its update id and tells the member, in their language:
 * a domain error's own text; "the bot is briefly unavailable, your answers are
 * kept" when Telegram, the database or Redis failed (#9 items 12, 14);
 * otherwise "something went wrong". A callback query already answered is
 * never answered again (#9 item 1): the member gets a message instead.
 */
async function handleError(err: BotError<BotContext>): Promise<void> {
  const ctx = err.ctx;
  const error = err.error;
  const log = ctx.logger ?? ctx.deps?.logger;
  const t = ctx.t ?? ctx.deps?.translator.forLocale(ctx.deps.translator.defaultLocale);
  const unavailable = unavailableService(error);
  // PostgreSQL or Redis down, or Telegram failing for a while: the member's answers are kept.
  const transient = !(error instanceof DomainError) && isTransientError(error);
  if (error instanceof DomainError) {
    log?.info({ key: error.key }, "domain error");
  } else if (unavailable) {
    // One line per minute however many updates fail (an outage used to log a stack trace per update).
    ctx.deps?.failures.report(`${unavailable === "redis" ? "Redis" : "PostgreSQL"} unavailable while handling updates`, error);
  } else if (error instanceof GrammyError) {
    log?.warn({ err: error, method: error.method, code: error.error_code }, "Telegram refused a call");
  } else if (error instanceof HttpError) {
    log?.warn({ err: error }, "Telegram unreachable");
  } else if (transient) {
    log?.warn({ err: error instanceof Error ? error.message : error }, "a service is unavailable");
  } else {
    log?.error({ err: error }, "unhandled error in update");
  }
  if (!t) return;
  const text = error instanceof DomainError ? t(error.key, error.vars) : t(transient ? "errors-unavailable" : "errors-internal");
  try {
    if (ctx.callbackQuery && !callbackAnswered(ctx)) await ctx.answerCallbackQuery({ text, show_alert: error instanceof DomainError || transient });
    else if (ctx.chat?.type === "private" && (ctx.message || ctx.callbackQuery)) await ctx.reply(text);
  } catch (replyError) {
    log?.warn({ err: replyError instanceof Error ? replyError.message : replyError }, "could not report the error to the member");
  }
}
