import type http from "node:http";
import { webhookCallback } from "grammy";
import { ConfigError, configProblemsLine, createConfig, type Config } from "./config.js";
import { createContainer, type Container } from "./container.js";
import { ensureDatabase, migrate } from "./db/migrate.js";
import { ALLOWED_UPDATES, createBot } from "./bot/create-bot.js";
import { startPolling, type PollingHandle } from "./bot/polling.js";
import { createBareApi } from "./bot/api.js";
import { startWorkers, type Workers } from "./jobs/workers.js";
import { ensureSchedules } from "./jobs/schedules.js";
import { createHttpServer, webhookAdapter } from "./http/server.js";
import { createLogger } from "./shared/logger.js";
import { setDefaultGroupRights } from "./features/groups/groups.link.setup.js";
import { bounded, listen, preflight, StartupError, startupFailureLine } from "./startup.js";

/**
 * Entry point: config → migrations → container → bot and/or workers.
 * ROLE=bot|worker|all decides what this process runs.
 */
async function main(): Promise<void> {
  // A local .env fills in what the environment does not set (Node ≥ 20.12).
  try {
    process.loadEnvFile(".env");
  } catch {
    // No .env: the environment alone is the configuration.
  }
  let config: Config;
  try {
    config = createConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new StartupError(configProblemsLine(error));
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Signals during start-up (a migration may be running) are remembered and
  // honoured between steps, so a migration is never cut in the middle.
  let shutdown: ((signal: string, code?: number) => Promise<void>) | undefined;
  let stopRequested: string | undefined;
  const onSignal = (signal: string) => {
    if (shutdown) void shutdown(signal);
    else if (!stopRequested) {
      stopRequested = signal;
      logger.info({ signal }, "stop requested during start-up; stopping after the current step");
    }
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));

  // Nothing is read from Telegram before PostgreSQL, Redis and the token are known to work.
  const botInfo = await preflight(config);
  if (stopRequested) {
    logger.info("stopped before serving");
    process.exit(0);
  }
  const { applied } = await bounded("PostgreSQL migrations", 120_000, async () => {
    await ensureDatabase(config.databaseUrl);
    return migrate({ databaseUrl: config.databaseUrl, logger });
  });
  if (applied.length) logger.info({ applied }, "migrations applied");
  if (stopRequested) {
    logger.info("stopped before serving");
    process.exit(0);
  }

  const container = createContainer(config, { logger });
  await container.services.members.bootstrapAdmins();
  const runBot = config.role !== "worker";
  const runWorkers = config.role !== "bot";

  let polling: PollingHandle | undefined;
  let workers: Workers | undefined;
  let server: http.Server;
  // The slices' public pages (documents' verification, issue 12) in every role that serves HTTP; without PUBLIC_URL they are 404.
  const routes = config.publicUrl ? container.httpRoutes : [];

  if (runBot) {
    // getMe was answered by the start-up check: no second call (with retries) here.
    const bot = createBot(container, { botInfo });
    await bot.init();
    const webhookPath = config.webhookUrl ? new URL(config.webhookUrl).pathname : undefined;
    server = createHttpServer({
      container,
      webhookPath,
      webhook:
        config.botMode === "webhook"
          ? webhookCallback(bot, webhookAdapter, { secretToken: config.webhookSecret, onTimeout: "return", timeoutMilliseconds: 9_000 })
          : undefined,
      routes,
    });
    await container.commands.setDefault(bot.api, container.translator);
    await syncStaffCommands(container, bot.api);
    // The rights Telegram preselects when an admin adds the bot to a group (issue 11); a failure is logged.
    await setDefaultGroupRights(bot.api, logger);
    // The port is taken before any update is read: a port in use ends the start here.
    await listen(server, config.port, config.host);
    if (config.botMode === "webhook") {
      await bot.api.setWebhook(config.webhookUrl!, { secret_token: config.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ url: config.webhookUrl }, "webhook set");
    } else {
      await bot.api.deleteWebhook();
      polling = startPolling({
        api: createBareApi(config.botToken, config.telegramApiRoot),
        redis: container.redis,
        redisPrefix: config.redisPrefix,
        handle: (update) => bot.handleUpdate(update),
        allowedUpdates: ALLOWED_UPDATES,
        logger,
        onFatal: () => (shutdown ? void shutdown("polling stopped", 1) : process.exit(1)),
      });
      logger.info({ username: bot.botInfo.username }, "polling started");
    }
  } else {
    server = createHttpServer({ container, routes });
    await listen(server, config.port, config.host);
  }
  if (runWorkers) {
    workers = startWorkers({
      connection: container.bullRedis,
      prefix: config.redisPrefix,
      registry: container.processors,
      jobQueue: container.jobQueue,
      queueSettings: container.queueSettings,
      logger,
      failures: container.failures,
    });
    // Repeatable jobs (the delivery sweep): an upsert, so every worker process may do it.
    await bounded("Redis (setting up job schedules)", 10_000, () => ensureSchedules(container.queues, container.schedules));
    // Reminders, scheduled broadcasts and queued sends are rebuilt from PostgreSQL now and
    // whenever Redis lost its data (the rebuild runs in the background; it may take a while).
    void container.stateWatcher.start();
    logger.info("workers started");
  }
  logger.info({ port: config.port, role: config.role, mode: config.botMode }, "ready");

  let stopping = false;
  shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      // Stop taking updates and wait (bounded) for the ones in progress BEFORE
      // closing Redis and PostgreSQL under them; what cannot finish in time
      // stays in the inbox and is handled at the next start (#9 item 11).
      if (polling) {
        const { finished, left } = await polling.stop(SHUTDOWN_DRAIN_MS);
        logger.info({ finished, left }, "polling stopped");
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workers?.close();
      await container.close();
      logger.info("stopped");
      process.exit(code);
    } catch (err) {
      logger.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  if (stopRequested) void shutdown(stopRequested);
}

/** How long a shutdown waits for updates in progress (a 429 may ask for up to a minute; a deploy should not). */
const SHUTDOWN_DRAIN_MS = 15_000;

/** Moderators and admins see their commands in their own chat scope. */
async function syncStaffCommands(container: Container, api: Container["api"]): Promise<void> {
  const staff = await container.services.membersRepository.telegramIdsWithRoles(["MODERATOR", "ADMIN"]);
  for (const member of staff) {
    try {
      await container.commands.setForMember(api, container.translator, member);
    } catch (err) {
      // An admin who has never opened the bot has no chat yet: not fatal.
      container.logger.warn({ err, telegramId: member.telegramId.toString() }, "could not set staff commands");
    }
  }
}

main().catch((err: unknown) => {
  // One line naming the problem, no stack trace (#9 item 17).
  console.error(startupFailureLine(err));
  process.exit(1);
});
