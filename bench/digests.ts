// Digest tick benchmark: the real DigestsService (through the container) on
// PostgreSQL and Redis with `--members` registered members (default 100,000)
// spread over eight Russian time zones and eight subjects, and 2,000 approved
// materials published over the last two weeks.
//
//   npx tsx bench/digests.ts                    # 100,000 members
//   npx tsx bench/digests.ts --members=20000
//
// Measures: the first tick (adopts every member: the first start after
// deployment), idle ticks (the steady state: the adoption check finds nobody,
// nothing is due), and the ticks that queue the digests once every member is
// due (the clock jumps past the last zone's Monday 10:00). Nothing is sent:
// the digests wait in the send queue, whose rate (SEND_RATE_PER_SECOND) is
// what bounds delivery.
//
// Own database tb_bench_dig_<pid> and Redis prefix, both removed at the end.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { pino } from "pino";
import { createConfig } from "../src/config.js";
import { createContainer } from "../src/container.js";
import { ensureDatabase, migrate } from "../src/db/migrate.js";
import type { TickResult } from "../src/features/digests/digests.service.js";
import { cleanRedisPrefix } from "../test/support/redis.js";
import { BENCH_BOT_TOKEN, REDIS_URL, databaseUrl, dropDatabase } from "./bench-env.js";

const { values: opts } = parseArgs({ options: { members: { type: "string", default: "100000" }, idle: { type: "string", default: "20" } } });
const MEMBERS = Number(opts.members);
const IDLE_TICKS = Number(opts.idle);

const dbName = `tb_bench_dig_${process.pid}`;
const prefix = `tb_bench_dig_${process.pid}_${randomBytes(4).toString("hex")}`;
const dbUrl = databaseUrl(dbName);

const ZONES = ["Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"];
const SUBJECTS = ["math", "physics", "russian", "history", "english", "primary", "biology", "chemistry"];

async function seed(): Promise<void> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO members (telegram_id, registered_at, consent_status, locale, is_active, created_at, updated_at)
       SELECT 6000000000 + g, now() - interval '60 days', 'GIVEN', 'ru', true, now(), now() FROM generate_series(1, $1::int) g`,
      [MEMBERS],
    );
    await db.query(
      `INSERT INTO profiles (member_id, full_name, professional_role, region_code, city, experience_years, timezone, created_at, updated_at)
       SELECT id, 'Учитель', 'TEACHER', 'RU-MOW', 'Москва', 5, ($1::text[])[1 + id % cardinality($1::text[])], now(), now() FROM members`,
      [ZONES],
    );
    await db.query(`INSERT INTO profile_subjects (member_id, subject_code) SELECT id, ($1::text[])[1 + id % cardinality($1::text[])] FROM members`, [SUBJECTS]);
    await db.query(`INSERT INTO profile_grades (member_id, grade_code) SELECT id, (5 + id % 7)::text FROM members`);
    const author = (await db.query<{ id: number }>(`INSERT INTO members (telegram_id, created_at, updated_at) VALUES (5999999999, now(), now()) RETURNING id`)).rows[0]!
      .id;
    await db.query(
      `INSERT INTO materials (author_id, title, subject_code, grade_codes, type, tags, kind, url, status, published_at, created_at, updated_at)
       SELECT $1, 'Материал ' || g, ($2::text[])[1 + g % cardinality($2::text[])], ARRAY[(5 + g % 7)::text]::varchar[], 'WORKSHEET', '{}', 'LINK',
              'https://example.org', 'APPROVED', now() - g * interval '10 minutes', now(), now()
         FROM generate_series(1, 2000) g`,
      [author, SUBJECTS],
    );
    await db.query("ANALYZE");
  } finally {
    await db.end();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const fmt = (r: TickResult) => `adopted ${r.adopted}, due ${r.due}, queued ${r.queued}, empty ${r.empty}`;

async function main(): Promise<void> {
  await dropDatabase(dbName);
  await ensureDatabase(dbUrl);
  await migrate({ databaseUrl: dbUrl });
  console.log(`bench: digest tick, ${MEMBERS} members (PostgreSQL ${dbName}, Redis prefix ${prefix}; node ${process.version}; ${new Date().toISOString()})`);
  const seeded = await timed(seed);
  console.log(`seed: ${(seeded.ms / 1000).toFixed(1)} s`);

  let clock = new Date();
  const config = createConfig({ BOT_TOKEN: BENCH_BOT_TOKEN, DATABASE_URL: dbUrl, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: "silent" });
  const container = createContainer(config, { logger: pino({ level: "silent" }), clock: () => clock });
  try {
    const { digests } = container.services;
    const first = await timed(() => digests.tick());
    console.log(`first tick (adopts everyone): ${(first.ms / 1000).toFixed(2)} s  (${fmt(first.value)})`);
    const idle: number[] = [];
    for (let i = 0; i < IDLE_TICKS; i++) idle.push((await timed(() => digests.tick())).ms);
    idle.sort((a, b) => a - b);
    console.log(`idle tick: median ${idle[Math.floor(idle.length / 2)]!.toFixed(0)} ms, max ${idle.at(-1)!.toFixed(0)} ms (${IDLE_TICKS} ticks)`);

    const last = await container.prisma.digestSubscription.aggregate({ _max: { nextDueAt: true } });
    clock = new Date(last._max.nextDueAt!.getTime() + 60_000);
    const start = performance.now();
    const total = { due: 0, queued: 0, empty: 0 };
    for (let n = 1; ; n++) {
      const tick = await timed(() => digests.tick());
      if (tick.value.due === 0) break;
      console.log(`due tick ${n}: ${(tick.ms / 1000).toFixed(1)} s  (${fmt(tick.value)})`);
      total.due += tick.value.due;
      total.queued += tick.value.queued;
      total.empty += tick.value.empty;
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(`all due handled: ${seconds.toFixed(1)} s, ${(total.due / seconds).toFixed(0)} subscriptions/s; queued ${total.queued}, empty ${total.empty}`);
    console.log(
      `send queue: ${await container.queues.queue("send").count()} jobs (at ${config.sendRatePerSecond}/s: ${(total.queued / config.sendRatePerSecond / 60).toFixed(0)} min of sending)`,
    );
  } finally {
    await container.close();
    const redis = new Redis(REDIS_URL);
    try {
      await cleanRedisPrefix(redis, prefix);
    } finally {
      redis.disconnect();
    }
    await dropDatabase(dbName);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
