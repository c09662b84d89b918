// Creates the database if needed and applies pending migrations:
//   npm run migrate                      (tsx, from src/)
//   node dist/db/migrate-cli.js          (after `npm run build`)
// DATABASE_URL selects the database.

import { pino } from "pino";
import { ensureDatabase, migrate } from "./migrate.js";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/teachers_bot";

async function main(): Promise<void> {
  const logger = pino({ name: "migrate" });
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const { hostname, port, pathname } = new URL(databaseUrl);
  // Log where, never the URL itself: it may carry a password.
  const target = { host: hostname, port: port || "5432", database: decodeURIComponent(pathname.slice(1)) };

  try {
    if (await ensureDatabase(databaseUrl)) logger.info(target, "Created database");
    const { applied } = await migrate({ databaseUrl, logger });
    logger.info({ ...target, applied }, applied.length ? "Migrations applied" : "Nothing to apply");
  } catch (error) {
    logger.error({ ...target, err: error }, "Migration failed");
    process.exitCode = 1;
  }
}

await main();
