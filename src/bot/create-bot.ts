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
import { configureApi } from "./api.js";
import { rateLimit } from "./rate-limit.js";
import type { BaseContext, BotContext, BotDeps, ConvContext } from "./context.js";
import { conversationStorage } from "./conversation-storage.js";
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
    client: { ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}), ...options.client },
  });
  configureApi(bot.api);

  const deepLinks = new DeepLinkRouter();
  const deps: BotDeps = { container, translator, deepLinks };

  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = logger.child({ updateId: ctx.update.update_id });
    await next();
  });
  bot.use(sequentialize(sequenceKey));
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
      // Contexts inside conversations have their own Api objects.
      plugins: [
        async (ctx, next) => {
          configureApi(ctx.api);
          await next();
        },
      ],
    }),
  );
  const convDeps = { container, translator };
  boundary.use(createConversation(createRegistrationConversation(convDeps), REGISTRATION));
  boundary.use(createConversation(createProfileEditConversation(convDeps), PROFILE_EDIT));
  boundary.use(createConversation(createAdminFindConversation(convDeps), ADMIN_FIND));
  boundary.use(createConversation(createUploadConversation(convDeps), MATERIAL_UPLOAD));
  boundary.use(createConversation(createEditConversation(convDeps), MATERIAL_EDIT));
  boundary.use(createConversation(createCommentConversation(convDeps), MATERIAL_COMMENT));
  boundary.use(createConversation(createReportConversation(convDeps), MATERIAL_REPORT));
  boundary.use(createConversation(createModerationNoteConversation(convDeps), MODERATION_NOTE));
  boundary.use(createConversation(createSearchConversation(convDeps, runSearch), MATERIAL_SEARCH));
  boundary.use(createConversation(createEventConversation(convDeps), EVENT_CREATE));
  boundary.use(createConversation(createEventEditConversation(convDeps), EVENT_EDIT));
  boundary.use(createConversation(createRecordingConversation(convDeps), EVENT_RECORDING));
  boundary.use(createConversation(createFeedbackConversation(convDeps), EVENT_FEEDBACK));
  boundary.use(createConversation(createBroadcastConversation(convDeps), BROADCAST_COMPOSE));

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

/** Logs the error with its update id and tells the member something went wrong, in their language. */
async function handleError(err: BotError<BotContext>): Promise<void> {
  const ctx = err.ctx;
  const error = err.error;
  const log = ctx.logger ?? ctx.deps?.container.logger;
  const t = ctx.t ?? ctx.deps?.translator.forLocale(ctx.deps.translator.defaultLocale);
  const unavailable = unavailableService(error);
  if (error instanceof DomainError) {
    log?.info({ key: error.key }, "domain error");
  } else if (unavailable) {
    // One line per minute however many updates fail (an outage used to log a stack trace per update).
    ctx.deps?.container.failures.report(`${unavailable === "redis" ? "Redis" : "PostgreSQL"} unavailable while handling updates`, error);
  } else if (error instanceof GrammyError) {
    log?.warn({ err: error, method: error.method, code: error.error_code }, "Telegram refused a call");
  } else if (error instanceof HttpError) {
    log?.warn({ err: error }, "Telegram unreachable");
  } else {
    log?.error({ err: error }, "unhandled error in update");
  }
  if (!t) return;
  const text = error instanceof DomainError ? t(error.key, error.vars) : unavailable ? t("errors-unavailable") : t("errors-internal");
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: error instanceof DomainError });
    else if (ctx.chat?.type === "private" && ctx.message) await ctx.reply(text);
  } catch (replyError) {
    log?.warn({ err: replyError }, "could not report the error to the member");
  }
}
