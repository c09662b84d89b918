import { Redis } from "ioredis";
import type { Api } from "grammy";
import type { Config } from "./config.js";
import { createPrisma } from "./db/prisma.js";
import { createLogger, type Logger } from "./shared/logger.js";
import { createFailureLog } from "./shared/failure-log.js";
import { DomainEvents } from "./shared/domain-events.js";
import { createApi } from "./bot/api.js";
import { CommandMenu } from "./bot/commands.js";
import type { Services } from "./bot/context.js";
import { createTranslator } from "./bot/i18n.js";
import { createQueues } from "./jobs/queues.js";
import type { JobName } from "./jobs/definitions.js";
import type { ProcessorRegistry, QueueSettings } from "./jobs/workers.js";
import { createStateWatcher } from "./jobs/resync.js";
import { createSendApi } from "./features/delivery/delivery.sender.js";
import type { DeliveryServiceOptions } from "./features/delivery/delivery.service.js";
import type { FeatureDeps, JobDefinition, Platform } from "./features/feature.js";
import { FEATURES, JOB_QUEUE, SCHEDULES } from "./features/index.js";

export interface ContainerOverrides {
  logger?: Logger;
  api?: Api;
  sendApi?: Api;
  /** Retry policy of deliveries (tests use one attempt and short backoffs). */
  delivery?: DeliveryServiceOptions;
  /** The clock of events and their reminders (tests fix it instead of waiting). */
  clock?: () => Date;
}

/**
 * The composition root: every long-lived object of a process, built once from
 * the platform (connections, clients) and the slice list in
 * src/features/index.ts. Its type is what this function returns.
 */
export function createContainer(config: Config, overrides: ContainerOverrides = {}) {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const prisma = createPrisma(config.databaseUrl);
  const failures = createFailureLog(logger);
  // While Redis is down, a command fails after one reconnect attempt instead of
  // waiting in an endless offline queue: the member gets "briefly unavailable"
  // rather than no answer at all (#9 items 13, 17).
  const failFast = { connectTimeout: 5_000, maxRetriesPerRequest: 1 };
  const redis = new Redis(config.redisUrl, { lazyConnect: false, enableAutoPipelining: true, ...failFast });
  /** Connection for BullMQ workers (which need maxRetriesPerRequest: null). */
  const bullRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, connectTimeout: 5_000 });
  // Producers (queues.add from handlers and jobs) fail fast too; only workers' blocking reads wait.
  const queueRedis = new Redis(config.redisUrl, failFast);
  for (const client of [redis, bullRedis, queueRedis]) client.on("error", (err) => failures.report("Redis unreachable", err));
  const queues = createQueues(queueRedis, config.redisPrefix, JOB_QUEUE, (err) => failures.report("Redis unreachable", err));
  const platform: Platform = {
    config,
    logger,
    prisma,
    redis,
    queues,
    api: overrides.api ?? createApi(config.botToken, config.telegramApiRoot),
    sendApi: overrides.sendApi ?? createSendApi(config.botToken, config.telegramApiRoot),
    translator: createTranslator({ defaultLocale: config.defaultLocale }),
    failures,
    commands: new CommandMenu(FEATURES),
    now: overrides.clock ?? (() => new Date()),
    domainEvents: new DomainEvents(logger, failures),
    ...(overrides.delivery ? { deliveryOptions: overrides.delivery } : {}),
  };

  // Services are built in the order of the slice list; a builder that reaches
  // for a slice listed after it fails here, at start, naming both.
  const built: Record<string, unknown> = {};
  let building = "";
  const services = new Proxy(built, {
    get(target, key) {
      if (typeof key === "string" && !(key in target) && building)
        throw new Error(`Slice "${building}" uses service "${key}" before it is built: list its slice earlier in src/features/index.ts`);
      return target[key as string];
    },
  }) as unknown as Services;
  const deps: FeatureDeps = { ...platform, services, features: FEATURES };
  for (const feature of FEATURES) {
    building = feature.name;
    Object.assign(built, feature.services?.(deps) ?? {});
  }
  building = "";
  // Subscribers may use every slice's services, so they are registered once all are built.
  for (const feature of FEATURES) if (feature.on) platform.domainEvents.subscribe(feature.on(deps));

  const processors = Object.fromEntries(
    FEATURES.flatMap((f) => Object.entries<JobDefinition<JobName>>(f.jobs ?? {}).map(([name, job]) => [name, job.processor(deps)])),
  ) as ProcessorRegistry;
  const schedules = SCHEDULES;
  // Maintenance: one job per schedule at a time (sweep, watchdogs, digest tick), so a
  // long digest tick on Monday morning does not hold the sweep back.
  const queueSettings = Object.assign({ maintenance: { concurrency: schedules.length } }, ...FEATURES.map((f) => f.queueSettings?.(deps) ?? {})) as QueueSettings;

  /**
   * Rebuilds the Redis jobs from PostgreSQL at start and whenever Redis lost its
   * data (src/jobs/resync.ts); worker processes start it, close() stops it.
   */
  const stateWatcher = createStateWatcher({
    redis,
    prefix: config.redisPrefix,
    queues,
    schedules,
    logger,
    failures,
    // A reconnect may be to an empty Redis (restarted without persistence, failed over).
    readyEmitters: [redis, bullRedis, queueRedis],
    reconcilers: FEATURES.flatMap((f) => (f.reconciler ? [f.reconciler(deps)] : [])),
  });

  // Built in every role (each runs the HTTP server); main.ts mounts them only when PUBLIC_URL is set.
  const httpRoutes = FEATURES.flatMap((f) => f.httpRoutes?.(deps) ?? []);

  return {
    ...platform,
    bullRedis,
    services,
    /** The slices, for createBot. */
    features: FEATURES,
    processors,
    /** Which queue each job goes to; pass it to startWorkers. */
    jobQueue: JOB_QUEUE,
    /** Repeatable jobs of every slice; worker processes upsert them (ensureSchedules). */
    schedules,
    /** Per-queue worker settings (the send queue's budget); pass them to startWorkers. */
    queueSettings,
    stateWatcher,
    /** Every slice's public pages (/v, /p); pass them to createHttpServer when PUBLIC_URL is set. */
    httpRoutes,
    async close() {
      stateWatcher.stop();
      await queues.close().catch((err: unknown) => logger.warn({ err }, "closing queues"));
      // Slices first: they may still write what they buffered (group statistics).
      await Promise.allSettled(FEATURES.map(async (f) => f.close?.(services)));
      await Promise.allSettled([redis.quit(), bullRedis.quit(), queueRedis.quit(), prisma.$disconnect()]);
    },
  };
}

export type Container = ReturnType<typeof createContainer>;
