import type { Api } from "grammy";
import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { PrismaClient } from "../db/prisma.js";
import type { CommandMenu } from "../bot/commands.js";
import type { BotFeature } from "../bot/feature.js";
import type { Translator } from "../bot/i18n.js";
import type { JobName, QueueName } from "../jobs/definitions.js";
import type { JobQueues } from "../jobs/queues.js";
import type { Reconciler } from "../jobs/resync.js";
import type { AnySchedule } from "../jobs/schedules.js";
import type { Processor, QueueSettings } from "../jobs/workers.js";
import type { DomainEventHandlers, DomainEvents } from "../shared/domain-events.js";
import type { FailureLog } from "../shared/failure-log.js";
import type { HttpRoute } from "../http/routes.js";
import type { Logger } from "../shared/logger.js";
import type { DeliveryServiceOptions } from "./delivery/delivery.service.js";
import type { PersonalDataDeclaration } from "./privacy/privacy.types.js";
import type { Services } from "../bot/context.js";

/** What every slice may build on: the process's connections and clients, nothing of other slices. */
export interface Platform {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  /** General-purpose Redis connection (conversations, rate limits, per-slice state). */
  redis: Redis;
  queues: JobQueues;
  /** The Bot API client of handlers and jobs (retries on 429 and 5xx). */
  api: Api;
  /** The sending path's Bot API client: no auto-retry, so it sees 429s itself. */
  sendApi: Api;
  translator: Translator;
  failures: FailureLog;
  /** The command menus of every slice (a role change resets a member's menu). */
  commands: CommandMenu;
  /** The clock (tests fix it instead of waiting). */
  now: () => Date;
  /** Domain events: services emit after commit; slices subscribe with their module's `on`. */
  domainEvents: DomainEvents;
  /** Retry policy of deliveries (tests use one attempt and short backoffs). */
  deliveryOptions?: DeliveryServiceOptions;
}

/**
 * What a slice's builders get: the platform and every slice's services. A
 * builder may call into services of slices listed before it in
 * src/features/index.ts; later ones are there only when called, not while building.
 */
export interface FeatureDeps extends Platform {
  services: Services;
  /** The whole slice list (privacy collects every slice's personal data). */
  features: readonly FeatureModule[];
}

/**
 * One vertical slice, as src/features/index.ts lists it: everything the
 * process needs from it, so that adding a slice is its folder plus one line
 * in that list. Every field is optional; a slice declares only what it has.
 */
/** One job of a slice: its queue and how to build its processor. The payload is declared in the slice's `*.jobs.ts`. */
export interface JobDefinition<J extends JobName> {
  queue: QueueName;
  processor(deps: FeatureDeps): Processor<J>;
}

export interface FeatureModule<S extends object = object, J extends JobName = never> extends BotFeature {
  /** Unique, also the name of its folder. */
  name: string;
  /** Builds the slice's services (merged into `ctx.services` / `deps.services` under their keys). */
  services?(deps: FeatureDeps): S;
  /** The slice's jobs by name (each name's payload is declared in the slice's `*.jobs.ts`). */
  jobs?: { readonly [K in J]: JobDefinition<K> };
  /** Repeatable jobs of the slice. */
  schedules?: readonly AnySchedule[];
  /** Worker settings of queues the slice owns (the send lanes). */
  queueSettings?(deps: FeatureDeps): QueueSettings;
  /**
   * What the slice does when a domain event happens (src/shared/domain-events.ts),
   * by event name; registered once every slice's services are built, so a
   * subscriber may use any slice's services.
   */
  on?(deps: FeatureDeps): DomainEventHandlers;
  /** Rebuilds the slice's Redis jobs from PostgreSQL (at start and after Redis lost its data). */
  reconciler?(deps: FeatureDeps): Reconciler;
  /** The slice's personal data, for /mydata and /forgetme (152-FZ). */
  personalData?: PersonalDataDeclaration<FeatureDeps>;
  /**
   * The slice's public pages on the process's HTTP server (every role runs one);
   * mounted only when PUBLIC_URL is set, so without it they answer 404.
   */
  httpRoutes?(deps: FeatureDeps): HttpRoute[];
  /** Closes what the slice's services opened (a connection pool of its own) or writes what they buffered; runs before the platform's connections close. */
  close?(services: Services): Promise<void>;
}

/** Declares a slice (a typed identity). */
export function defineFeature<S extends object = object, J extends JobName = never>(module: FeatureModule<S, J>): FeatureModule<S, J> {
  return module;
}
