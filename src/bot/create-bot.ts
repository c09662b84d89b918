import { Bot, BotError, GrammyError, HttpError, type ApiClientOptions } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import type { Container } from "../container.js";
import { BROADCAST_COMPOSE, createBroadcastConversation } from "../features/broadcasts/broadcasts.conversation.js";
import { broadcastsFeature, showBroadcasts, startBroadcast } from "../features/broadcasts/broadcasts.feature.js";
import { settingsFeature, showSettings } from "../features/settings/settings.feature.js";
import { DomainError } from "../shared/errors.js";
import { unavailableService } from "../shared/unavailable.js";
import { BOT_API_RETRY, configureApi } from "./api.js";
import { botApiFetch } from "./http-client.js";
import { rateLimit } from "./rate-limit.js";
import type { BaseContext, BotContext, BotDeps, ConvContext } from "./context.js";
import { conversationStorage, dropHandledUpdates } from "./conversation-storage.js";
import { guardConversation, isTransientError, reportConversationFailures } from "./conversation-guard.js";
import { callbackAnswered, trackCallbackAnswers } from "./callback-answers.js";
import { DeepLinkRouter } from "./deep-links.js";
import { membersFeature } from "../features/members/members.feature.js";
import { REGISTRATION, createRegistrationConversation } from "../features/registration/registration.conversation.js";
import { registrationFeature } from "../features/registration/registration.feature.js";
import { menuFeature } from "../features/menu/menu.feature.js";
import { PROFILE_EDIT, createProfileEditConversation } from "../features/profile/profile.conversation.js";
import { profileFeature, showProfile } from "../features/profile/profile.feature.js";
import { languageFeature, showLanguage } from "../features/language/language.feature.js";
import { privacyFeature, showPrivacy } from "../features/privacy/privacy.feature.js";
import { ADMIN_FIND, adminFeature, createAdminFindConversation, showAdminMenu } from "../features/admin/admin.feature.js";
import { unhandledFeature } from "../features/unhandled/unhandled.feature.js";
import {
  MATERIAL_COMMENT,
  MATERIAL_EDIT,
  MATERIAL_REPORT,
  MATERIAL_UPLOAD,
  MODERATION_NOTE,
  MATERIAL_SEARCH,
  createSearchConversation,
  createCommentConversation,
  createEditConversation,
  createModerationNoteConversation,
  createReportConversation,
  createUploadConversation,
} from "../features/materials/materials.conversation.js";
import { materialsFeature, openMaterialLink, runSearch, showLibrary, showMine, showSearchHelp, startUpload } from "../features/materials/materials.feature.js";
import { moderationFeature, startModeration } from "../features/materials/moderation.feature.js";
import {
  EVENT_CREATE,
  EVENT_EDIT,
  EVENT_FEEDBACK,
  EVENT_RECORDING,
  createEventConversation,
  createEventEditConversation,
  createFeedbackConversation,
  createRecordingConversation,
} from "../features/events/events.conversation.js";
import { eventsFeature, openEventLink, showEvents, showMyEvents, startNewEvent } from "../features/events/events.feature.js";
import { digestsFeature, showSubscriptions } from "../features/digests/digests.feature.js";

/** Updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "inline_query"] as const;

export interface CreateBotOptions {
  /** Skips getMe at start (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Overrides of the Bot API client (benchmarks answer calls in-process with `fetch`). */
  client?: ApiClientOptions;
}

/** Chat for private chats, user elsewhere: one member's updates are handled one at a time. */
function sequenceKey(ctx: { chat?: { id: number }; from?: { id: number } }): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/** Builds the bot with every feature; nothing starts polling here. */
export function createBot(container: Container, options: CreateBotOptions = {}): Bot<BotContext> {
  const { config, translator, services, redis, logger } = container;
  const bot = new Bot<BotContext>(config.botToken, {
    botInfo: options.botInfo,
    client: { fetch: botApiFetch, ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}), ...options.client },
  });
  configureApi(bot.api, BOT_API_RETRY);

  const deepLinks = new DeepLinkRouter();
  const deps: BotDeps = { container, config, translator, deepLinks };

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
  bot.use(trackCallbackAnswers());
  bot.use(sequentialize(sequenceKey));
  // An update handled already for its chat (delivered again after a crash) is dropped.
  bot.use(dropHandledUpdates(redis, config.redisPrefix, (ctx) => logger.info({ updateId: ctx.update.update_id }, "update already handled; dropped")));
  bot.use(membersFeature());
  bot.use(rateLimit({ redis, prefix: config.redisPrefix, perSecond: config.rateLimitPerSecond, translator, failures: container.failures }));
  bot.use(async (ctx, next) => {
    const from = ctx.from;
    const member = from && !from.is_bot ? await services.members.find(BigInt(from.id)) : undefined;
    ctx.member = member;
    ctx.locale = member?.registered ? member.locale : translator.fromTelegram(from?.language_code);
    ctx.t = translator.forLocale(ctx.locale);
    if (member?.registered && ctx.chat?.type === "private") await services.members.touchUsername(member, from?.username);
    await next();
  });

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
  const convDeps = { services, config, translator };
  boundary.use(createConversation(guardConversation(createRegistrationConversation(convDeps)), REGISTRATION));
  boundary.use(createConversation(guardConversation(createProfileEditConversation(convDeps)), PROFILE_EDIT));
  boundary.use(createConversation(guardConversation(createAdminFindConversation(convDeps)), ADMIN_FIND));
  boundary.use(createConversation(guardConversation(createUploadConversation(convDeps)), MATERIAL_UPLOAD));
  boundary.use(createConversation(guardConversation(createEditConversation(convDeps)), MATERIAL_EDIT));
  boundary.use(createConversation(guardConversation(createCommentConversation(convDeps)), MATERIAL_COMMENT));
  boundary.use(createConversation(guardConversation(createReportConversation(convDeps)), MATERIAL_REPORT));
  boundary.use(createConversation(guardConversation(createModerationNoteConversation(convDeps)), MODERATION_NOTE));
  boundary.use(createConversation(guardConversation(createSearchConversation(convDeps, runSearch)), MATERIAL_SEARCH));
  boundary.use(createConversation(guardConversation(createEventConversation(convDeps)), EVENT_CREATE));
  boundary.use(createConversation(guardConversation(createEventEditConversation(convDeps)), EVENT_EDIT));
  boundary.use(createConversation(guardConversation(createRecordingConversation(convDeps)), EVENT_RECORDING));
  boundary.use(createConversation(guardConversation(createFeedbackConversation(convDeps)), EVENT_FEEDBACK));
  boundary.use(createConversation(guardConversation(createBroadcastConversation(convDeps)), BROADCAST_COMPOSE));

  deepLinks.route("m", openMaterialLink);
  deepLinks.route("e", openEventLink);

  boundary.use(registrationFeature());
  boundary.use(
    menuFeature({
      profile: showProfile,
      language: showLanguage,
      privacy: showPrivacy,
      admin: showAdminMenu,
      library: showLibrary,
      upload: startUpload,
      mymaterials: showMine,
      search: showSearchHelp,
      moderate: startModeration,
      events: showEvents,
      myevents: showMyEvents,
      newevent: startNewEvent,
      broadcast: startBroadcast,
      broadcasts: showBroadcasts,
      settings: showSettings,
      subscriptions: showSubscriptions,
    }),
  );
  boundary.use(profileFeature());
  boundary.use(languageFeature());
  boundary.use(privacyFeature());
  boundary.use(adminFeature());
  boundary.use(materialsFeature());
  boundary.use(moderationFeature());
  boundary.use(eventsFeature());
  boundary.use(digestsFeature());
  boundary.use(broadcastsFeature());
  boundary.use(settingsFeature());
  boundary.use(unhandledFeature());

  bot.catch(handleError);
  return bot;
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
  const log = ctx.logger ?? ctx.deps?.container.logger;
  const t = ctx.t ?? ctx.deps?.translator.forLocale(ctx.deps.translator.defaultLocale);
  const unavailable = unavailableService(error);
  // PostgreSQL or Redis down, or Telegram failing for a while: the member's answers are kept.
  const transient = !(error instanceof DomainError) && isTransientError(error);
  if (error instanceof DomainError) {
    log?.info({ key: error.key }, "domain error");
  } else if (unavailable) {
    // One line per minute however many updates fail (an outage used to log a stack trace per update).
    ctx.deps?.container.failures.report(`${unavailable === "redis" ? "Redis" : "PostgreSQL"} unavailable while handling updates`, error);
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
