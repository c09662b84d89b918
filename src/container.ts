import { Redis } from "ioredis";
import type { Api } from "grammy";
import type { Config } from "./config.js";
import { createPrisma, type PrismaClient } from "./db/prisma.js";
import { createLogger, type Logger } from "./shared/logger.js";
import { createFailureLog, type FailureLog } from "./shared/failure-log.js";
import { createApi } from "./bot/api.js";
import { createTranslator, type Translator } from "./bot/i18n.js";
import { createQueues, type JobQueues } from "./jobs/queues.js";
import type { ProcessorRegistry, QueueSettings } from "./jobs/workers.js";
import { SCHEDULES } from "./jobs/schedules.js";
import { createStateWatcher, type StateWatcher } from "./jobs/resync.js";
import { EventsReconcileRepository, eventsReconciler } from "./features/events/events.reconcile.js";
import { BroadcastsReconcileRepository, broadcastsReconciler } from "./features/broadcasts/broadcasts.reconcile.js";
import { deliveryReconciler } from "./features/delivery/delivery.reconcile.js";
import { AuditRepository } from "./features/audit/audit.repository.js";
import { CatalogueRepository } from "./features/catalogue/catalogue.repository.js";
import { CatalogueService } from "./features/catalogue/catalogue.service.js";
import { MembersRepository } from "./features/members/members.repository.js";
import { MembersService } from "./features/members/members.service.js";
import { menuSyncJobOptions, syncCommandsProcessor } from "./features/members/members.jobs.js";
import { ProfileService } from "./features/profile/profile.service.js";
import { PrivacyService } from "./features/privacy/privacy.service.js";
import { PrivacyRepository } from "./features/privacy/privacy.repository.js";
import { PERSONAL_DATA } from "./features/privacy/privacy.registry.js";
import { AdminService } from "./features/admin/admin.service.js";
import { MaterialsRepository } from "./features/materials/materials.repository.js";
import { MaterialsService } from "./features/materials/materials.service.js";
import { MaterialsSearch } from "./features/materials/materials.search.js";
import { SearchStates } from "./features/materials/materials.search-state.js";
import { notifyAuthorProcessor, notifyCommentsProcessor } from "./features/materials/materials.jobs.js";
import { DeliveryRepository } from "./features/delivery/delivery.repository.js";
import { EventsRepository } from "./features/events/events.repository.js";
import { EventsService } from "./features/events/events.service.js";
import { DeliveryRenderers } from "./features/delivery/delivery.renderers.js";
import { DeliveryService, type DeliveryServiceOptions } from "./features/delivery/delivery.service.js";
import { createSendApi } from "./features/delivery/delivery.sender.js";
import { DeliverySentMarks } from "./features/delivery/delivery.sent-marks.js";
import { SendBudget } from "./features/delivery/delivery.budget.js";
import { sendDeliveryProcessor, sendQueueSettings, sweepDeliveriesProcessor } from "./features/delivery/delivery.jobs.js";
import { createEventJobs, eventsIcsDomain } from "./features/events/events.jobs.js";
import type { EventNotices } from "./features/events/events.notices.js";
import { DigestsRepository } from "./features/digests/digests.repository.js";
import { DigestsService } from "./features/digests/digests.service.js";
import { cachedBotUsername, createDigestJobs } from "./features/digests/digests.jobs.js";
import { SettingsService } from "./features/settings/settings.service.js";
import { BroadcastsRepository } from "./features/broadcasts/broadcasts.repository.js";
import { BroadcastsService } from "./features/broadcasts/broadcasts.service.js";
import { createBroadcastJobs, type BroadcastJobs } from "./features/broadcasts/broadcasts.jobs.js";

/** The composition root: every long-lived object of a process, built once. */
export interface Container {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  /** General-purpose Redis connection (conversations, rate limits, health). */
  redis: Redis;
  /** Connection for BullMQ workers (which need maxRetriesPerRequest: null). */
  bullRedis: Redis;
  /** One log line per failure kind per minute (Redis or PostgreSQL down), not one per update. */
  failures: FailureLog;
  queues: JobQueues;
  api: Api;
  /** The sending path's Bot API client: no auto-retry, so it sees 429s itself. */
  sendApi: Api;
  translator: Translator;
  repositories: { members: MembersRepository; audit: AuditRepository; catalogue: CatalogueRepository; delivery: DeliveryRepository };
  /**
   * Which feature renders which kind of delivery: a feature registers its kinds
   * here, next to where its service is built (`deliveryRenderers.register("event.reminder", fn)`).
   */
  deliveryRenderers: DeliveryRenderers;
  services: {
    catalogue: CatalogueService;
    members: MembersService;
    profile: ProfileService;
    privacy: PrivacyService;
    admin: AdminService;
    materials: MaterialsService;
    search: MaterialsSearch;
    searchStates: SearchStates;
    /** The one rate-limited sending path for mass messages. */
    delivery: DeliveryService;
    events: EventsService;
    /** Reminders and notices after an event changed; handlers call it right after EventsService. */
    eventNotices: EventNotices;
    /** Member digests: /subscriptions settings and the tick that queues due digests. */
    digests: DigestsService;
    /** Community-wide switches admins change in /settings. */
    settings: SettingsService;
    broadcasts: BroadcastsService;
    /** The author's view of a broadcast (progress message, history card). */
    broadcastReports: Pick<BroadcastJobs, "card" | "audience">;
  };
  processors: ProcessorRegistry;
  /** Per-queue worker settings (the send queue's budget); pass them to startWorkers. */
  queueSettings: QueueSettings;
  /**
   * Rebuilds the Redis jobs from PostgreSQL at start and whenever Redis lost its
   * data (src/jobs/resync.ts); worker processes start it, close() stops it.
   */
  stateWatcher: StateWatcher;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  logger?: Logger;
  api?: Api;
  sendApi?: Api;
  /** Retry policy of deliveries (tests use one attempt and short backoffs). */
  delivery?: DeliveryServiceOptions;
  /** The clock of events and their reminders (tests fix it instead of waiting). */
  clock?: () => Date;
}

export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const prisma = createPrisma(config.databaseUrl);
  const failures = createFailureLog(logger);
  // While Redis is down, a command fails after one reconnect attempt instead of
  // waiting in an endless offline queue: the member gets "briefly unavailable"
  // rather than no answer at all (#9 items 13, 17).
  const failFast = { connectTimeout: 5_000, maxRetriesPerRequest: 1 };
  const redis = new Redis(config.redisUrl, { lazyConnect: false, enableAutoPipelining: true, ...failFast });
  const bullRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, connectTimeout: 5_000 });
  // Producers (queues.add from handlers and jobs) fail fast too; only workers' blocking reads wait.
  const queueRedis = new Redis(config.redisUrl, failFast);
  for (const client of [redis, bullRedis, queueRedis]) client.on("error", (err) => failures.report("Redis unreachable", err));
  const queues = createQueues(queueRedis, config.redisPrefix, (err) => failures.report("Redis unreachable", err));
  const api = overrides.api ?? createApi(config.botToken, config.telegramApiRoot);
  const sendApi = overrides.sendApi ?? createSendApi(config.botToken, config.telegramApiRoot);
  const translator = createTranslator({ defaultLocale: config.defaultLocale });

  const repositories = {
    members: new MembersRepository(prisma),
    audit: new AuditRepository(prisma),
    catalogue: new CatalogueRepository(prisma),
    delivery: new DeliveryRepository(prisma),
  };
  const catalogue = new CatalogueService(repositories.catalogue);
  const baseServices = {
    catalogue,
    members: new MembersService(repositories.members, repositories.audit, config.adminIds, (memberId) => queues.add("members.sync-commands", { memberId }, menuSyncJobOptions(memberId))),
    profile: new ProfileService(repositories.members, catalogue, [
      // The next digest moves to the new zone's 10:00; a failure here must not undo the saved profile
      // (the tick computes every later due time in the current zone anyway).
      async (memberId, field) => {
        if (field === "timezone") await digests.timezoneChanged(memberId).catch((err: unknown) => logger.warn({ err, memberId }, "digest due time not moved"));
      },
    ]),
    admin: new AdminService(repositories.members, repositories.audit, config.adminIds, async (member) => {
      await queues.add("members.sync-commands", { memberId: member.id }, menuSyncJobOptions(member.id));
    }),
  };
  const materialsRepository = new MaterialsRepository(prisma);
  const search = new MaterialsSearch({ databaseUrl: config.databaseUrl });
  const materials = new MaterialsService(materialsRepository, repositories.audit, catalogue, {
    async notifyAuthor(materialId, event) {
      // Each decision happens once (the status transition guards it), so no job id is needed.
      await queues.add("materials.notify-author", { materialId, event });
    },
    libraryChanged() {
      // Nothing to invalidate: the library counts are kept exact by triggers in PostgreSQL.
    },
    async commentAdded(materialId) {
      // One notification per burst: the delayed job collects every comment not yet told.
      await queues.add("materials.notify-comments", { materialId }, { delay: config.commentNotifyDelayMs, deduplication: { id: `notify-comments-${materialId}` } });
    },
  });
  // Features that send in bulk register their renderers here, before any job runs.
  const deliveryRenderers = new DeliveryRenderers();
  const sentMarks = new DeliverySentMarks(redis, config.redisPrefix);
  const delivery = new DeliveryService(repositories.delivery, queues, deliveryRenderers, { sentMarks, ...overrides.delivery });
  const eventsRepository = new EventsRepository(prisma);
  const events = new EventsService(eventsRepository, repositories.audit, catalogue, overrides.clock);
  const eventJobs = createEventJobs({
    events: eventsRepository,
    members: repositories.members,
    delivery,
    renderers: deliveryRenderers,
    queues,
    translator,
    prisma,
    sendRatePerSecond: config.sendRatePerSecond,
    defaultTimezone: config.defaultTimezone,
    icsDomain: eventsIcsDomain(config),
    ...(overrides.clock ? { now: overrides.clock } : {}),
  });
  const digests = new DigestsService(new DigestsRepository(prisma), repositories.members, catalogue, delivery, {
    defaultTimezone: config.defaultTimezone,
    ...(overrides.clock ? { now: overrides.clock } : {}),
  });
  const digestJobs = createDigestJobs({ digests, catalogue, renderers: deliveryRenderers, translator, botUsername: cachedBotUsername(api) });
  const settings = new SettingsService(prisma, repositories.audit);
  const broadcastsRepository = new BroadcastsRepository(prisma, repositories.audit);
  const broadcastJobs = createBroadcastJobs({
    repository: broadcastsRepository,
    delivery,
    renderers: deliveryRenderers,
    queues,
    api,
    translator,
    catalogue,
    events: eventsRepository,
    members: repositories.members,
    defaultTimezone: config.defaultTimezone,
    progressMs: config.broadcastProgressMs,
    ...(overrides.clock ? { now: overrides.clock } : {}),
  });
  const broadcasts = new BroadcastsService(broadcastsRepository, catalogue, settings, broadcastJobs.scheduler, overrides.clock);
  // Every slice's personal data (/mydata, /forgetme): see src/features/privacy/privacy.registry.ts.
  const personalDataDeps = {
    prisma,
    redis,
    redisPrefix: config.redisPrefix,
    events,
    eventNotices: eventJobs.notices,
    broadcasts: broadcastsRepository,
    broadcastScheduler: broadcastJobs.scheduler,
    now: overrides.clock ?? (() => new Date()),
  };
  const privacy = new PrivacyService(
    PERSONAL_DATA.map((d) => d.build(personalDataDeps)),
    new PrivacyRepository(prisma),
    repositories.audit,
  );
  const services = {
    ...baseServices,
    privacy,
    materials,
    search,
    searchStates: new SearchStates(redis, config.redisPrefix),
    delivery,
    events,
    eventNotices: eventJobs.notices,
    digests,
    settings,
    broadcasts,
    broadcastReports: { card: broadcastJobs.card, audience: broadcastJobs.audience },
  };
  const notifyDeps = { api, translator, materials: materialsRepository, members: baseServices.members };
  const sendDeps = { deliveries: repositories.delivery, renderers: deliveryRenderers, members: baseServices.members, api: sendApi, sentMarks };
  const processors: ProcessorRegistry = {
    "members.sync-commands": syncCommandsProcessor({ api, translator, members: repositories.members }),
    "materials.notify-author": notifyAuthorProcessor(notifyDeps),
    "materials.notify-comments": notifyCommentsProcessor(notifyDeps),
    "delivery.send": sendDeliveryProcessor({ ...sendDeps, budget: new SendBudget(redis, `${config.redisPrefix}:budget:send`, config.sendRatePerSecond) }),
    "delivery.send-paid": sendDeliveryProcessor({
      ...sendDeps,
      budget: new SendBudget(redis, `${config.redisPrefix}:budget:send-paid`, config.paidSendRatePerSecond),
    }),
    "delivery.sweep": sweepDeliveriesProcessor(delivery),
    "events.reminder-fanout": eventJobs.reminderFanout,
    "events.feedback-request": eventJobs.feedbackRequest,
    "digests.tick": digestJobs.tick,
    "broadcasts.fanout": broadcastJobs.fanout,
    "broadcasts.progress": broadcastJobs.progress,
    "broadcasts.watchdog": broadcastJobs.watchdog,
  };
  // Maintenance: one job per schedule at a time (sweep, broadcast watchdog, digest tick), so a
  // long digest tick on Monday morning does not hold the sweep back.
  const queueSettings: QueueSettings = {
    send: sendQueueSettings(config.sendRatePerSecond),
    "send-paid": sendQueueSettings(config.paidSendRatePerSecond),
    maintenance: { concurrency: SCHEDULES.length },
  };

  const stateWatcher = createStateWatcher({
    redis,
    prefix: config.redisPrefix,
    queues,
    logger,
    failures,
    // A reconnect may be to an empty Redis (restarted without persistence, failed over).
    readyEmitters: [redis, bullRedis, queueRedis],
    reconcilers: [
      eventsReconciler({ repository: new EventsReconcileRepository(prisma), notices: eventJobs.notices, ...(overrides.clock ? { now: overrides.clock } : {}) }),
      broadcastsReconciler({
        repository: new BroadcastsReconcileRepository(prisma),
        find: (id) => broadcastsRepository.find(id),
        scheduler: broadcastJobs.scheduler,
        watchdog: broadcastJobs.watchdog,
        logger,
      }),
      deliveryReconciler(delivery),
    ],
  });

  return {
    config,
    logger,
    prisma,
    redis,
    bullRedis,
    failures,
    queues,
    api,
    sendApi,
    translator,
    repositories,
    deliveryRenderers,
    services,
    processors,
    queueSettings,
    stateWatcher,
    async close() {
      stateWatcher.stop();
      await queues.close().catch((err: unknown) => logger.warn({ err }, "closing queues"));
      await Promise.allSettled([redis.quit(), bullRedis.quit(), queueRedis.quit(), prisma.$disconnect(), search.close()]);
    },
  };
}
