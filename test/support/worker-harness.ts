// Harness for integration tests of the job side, next to BotHarness: the real
// container on a private PostgreSQL database and Redis prefix, real BullMQ workers
// started as main.ts starts them, and Bot API calls answered by the local HTTP fake
// of the Bot API (test/support/bot-api-fake.ts) through TELEGRAM_API_ROOT.
//
//   const harness = await WorkerHarness.create({ env: { SEND_RATE_PER_SECOND: "200" } });
//   await harness.container.services.delivery.enqueue(...);
//   harness.startWorkers();                        // one more worker process
//   await harness.close();                         // in afterEach / afterAll
//
// A fake or database given in the options is the file's: the harness uses it but
// neither closes nor drops it (nor resets the fake). Tests whose container options
// vary per test create the harness with `build: false` in beforeEach and call
// build() in the test.
import { Redis } from "ioredis";
import { pino } from "pino";
import { createConfig, type Config } from "../../src/config.js";
import { createContainer, type Container, type ContainerOverrides } from "../../src/container.js";
import { startWorkers, type Workers } from "../../src/jobs/workers.js";
import { startBotApiFake, type BotApiFake } from "./bot-api-fake.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { cleanRedisPrefix, createTestRedisPrefix } from "./redis.js";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

/** How the container is built: config variables and container overrides. */
export interface ContainerSetup extends ContainerOverrides {
  /** Config variables on top of the harness's own (token, database, Redis URL and prefix, the fake's API root). */
  env?: Record<string, string>;
}

export interface WorkerHarnessOptions extends ContainerSetup {
  /** The file's Bot API fake; without it the harness starts its own and closes it. */
  fake?: BotApiFake;
  /** The file's database; without it the harness creates its own and drops it. */
  db?: TestDatabase;
  /** false: no container yet, build() makes it. */
  build?: boolean;
}

export class WorkerHarness {
  private built: Container | undefined;
  private setup: ContainerSetup = {};
  private readonly workerSets: Workers[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly fake: BotApiFake,
    /** This harness's Redis key prefix (REDIS_PREFIX). */
    readonly prefix: string,
    private readonly owns: { db: boolean; fake: boolean },
  ) {}

  static async create(options: WorkerHarnessOptions = {}): Promise<WorkerHarness> {
    const { fake: sharedFake, db: sharedDb, build = true, ...setup } = options;
    const [db, fake] = await Promise.all([sharedDb ?? createTestDatabase(), sharedFake ?? startBotApiFake()]);
    const harness = new WorkerHarness(db, fake, createTestRedisPrefix(), { db: !sharedDb, fake: !sharedFake });
    if (build) harness.build(setup);
    return harness;
  }

  /** The container (build() first when the harness was created with `build: false`). */
  get container(): Container {
    if (!this.built) throw new Error("WorkerHarness: no container yet, call build()");
    return this.built;
  }

  /** The config a container of this harness is built from. */
  config(env: Record<string, string> = this.setup.env ?? {}): Config {
    return createConfig({
      BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
      DATABASE_URL: this.db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: this.prefix,
      TELEGRAM_API_ROOT: this.fake.apiRoot,
      ...env,
    });
  }

  /** Builds the container, as main.ts does. */
  build(setup: ContainerSetup = {}): Container {
    if (this.built) throw new Error("WorkerHarness: the container is already built");
    this.setup = setup;
    this.built = this.newContainer();
    return this.built;
  }

  /**
   * One more container with the same setup on the same database and Redis prefix, as a
   * second process would have; the caller closes it.
   */
  newContainer(): Container {
    const { env, logger, ...overrides } = this.setup;
    return createContainer(this.config(env), { logger: logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), ...overrides });
  }

  /** Starts one more set of workers on the container's queues, as one more worker process would; close() stops them. */
  startWorkers(): Workers {
    const container = this.container;
    const workers = startWorkers({
      connection: container.bullRedis,
      prefix: this.prefix,
      registry: container.processors,
      jobQueue: container.jobQueue,
      queueSettings: container.queueSettings,
      logger: container.logger,
    });
    this.workerSets.push(workers);
    return workers;
  }

  /** Stops the workers, closes the container, deletes the prefix's keys, then drops and closes what the harness made. */
  async close(): Promise<void> {
    // In this order: workers and queues write keys until they are closed.
    await Promise.all(this.workerSets.splice(0).map((w) => w.close()));
    await this.built?.close();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await cleanRedisPrefix(redis, this.prefix);
    } finally {
      redis.disconnect();
    }
    await Promise.all([this.owns.db ? this.db.drop() : undefined, this.owns.fake ? this.fake.close() : undefined]);
  }
}
