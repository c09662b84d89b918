// Applies prisma/migrations the way `prisma migrate deploy` does, with `pg`
// only: the Prisma CLI needs a schema-engine binary that cannot be downloaded
// everywhere we run (CI, some hosts), and the bot should migrate on start-up.
//
// The bookkeeping is Prisma's own (`_prisma_migrations`, same DDL, same
// columns, same advisory lock key), so the real CLI (`prisma migrate status`,
// `prisma migrate resolve`) can take over a database migrated by this runner
// and the other way round.
//
// Deliberate differences from `prisma migrate deploy`:
// - each migration runs in an explicit transaction, together with the update
//   that marks it finished (Prisma sends the script as one multi-statement
//   query). Statements that cannot run inside a transaction block
//   (`CREATE INDEX CONCURRENTLY`, ...) are therefore not supported;
// - an applied migration whose file has changed stops the run (Prisma only
//   reports that in `migrate dev`): production must run the SQL it was tested with;
// - the advisory lock is awaited for `lockTimeoutMs` (default 60 s, Prisma: 10 s)
//   because the bot and the workers start together and the loser should wait.

import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The subset of a pino logger the runner uses. */
export interface MigrateLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** postgresql:// URL of the database to migrate (it must exist, see {@link ensureDatabase}). */
  databaseUrl: string;
  /** Folder holding `migration_lock.toml` and one sub-folder per migration; defaults to the project's prisma/migrations. */
  migrationsDir?: string;
  logger?: MigrateLogger;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/** Thrown when migrations cannot be applied; `migrationName` names the culprit when there is one. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";

  constructor(
    message: string,
    readonly migrationName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The key Prisma Migrate locks with `pg_advisory_lock`; sharing it serialises us with the real CLI too. */
export const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's DDL for its bookkeeping table (schema-engine, postgres flavour), verbatim. */
const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

const RESOLVE_HINT = "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve";

interface MigrationFile {
  name: string;
  /** The exact bytes of migration.sql: the checksum is taken over them. */
  script: Buffer;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const silentLogger: MigrateLogger = { info() {}, warn() {} };

/**
 * Applies the pending migrations of `migrationsDir` to the database, like `prisma migrate deploy`.
 * Safe to call from several processes at once: they queue on Prisma's advisory lock.
 * Refuses to run when the database holds a failed migration or an applied migration whose file changed.
 */
export async function migrate(options: MigrateOptions): Promise<{ applied: string[] }> {
  const logger = options.logger ?? silentLogger;
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const migrations = await readMigrations(migrationsDir);

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      return await applyPending(client, migrations, logger);
    } finally {
      // Ending the session would release the lock as well; do not let a failure here hide the real error.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the database named in `databaseUrl` unless it exists, connecting to the `postgres`
 * database of the same server. Returns whether it created it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database");
  url.pathname = "/postgres";

  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another process created it between our check and our CREATE: 42P04 when it
      // had committed, 23505 when both inserts into pg_database raced.
      const code = (error as { code?: string }).code;
      if (code === "42P04" || code === "23505") return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}

/**
 * The project's prisma/migrations, found from this module's location so that it works from
 * src/ (tsx, vitest) and from dist/ (tsc output) alike: the nearest folder up with a package.json.
 */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return path.join(dir, "prisma", "migrations");
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** sha256 of the script as lowercase hex: the value Prisma stores in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: Buffer | string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Prisma's comparison (schema-connector/src/checksum.rs): line endings do not count, because
 * git may rewrite them, and very old Prisma versions stored the hex without zero padding.
 */
function scriptMatchesChecksum(script: Buffer, checksum: string): boolean {
  const text = script.toString("utf8");
  const variants = [script, Buffer.from(text.replaceAll("\r\n", "\n")), Buffer.from(text.replaceAll("\n", "\r\n"))];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered = checksum.length !== 0 && checksum.length !== 64 ? [...digest].map((byte) => byte.toString(16)).join("") : digest.toString("hex");
    return rendered === checksum;
  });
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read the migrations folder ${migrationsDir}`, undefined, { cause: error });
  }

  await checkLockFile(migrationsDir);

  // Prisma orders migrations by folder name; the timestamp prefix makes that chronological.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      try {
        return { name, script: await readFile(file) };
      } catch (error) {
        throw new MigrationError(`Could not find the migration file at ${file}`, name, { cause: error });
      }
    }),
  );
}

/** Like Prisma (P3019), refuse migrations written for another database provider. */
async function checkLockFile(migrationsDir: string): Promise<void> {
  let content: string;
  try {
    content = await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8");
  } catch {
    return; // Prisma tolerates a missing lock file too.
  }
  const line = content.split(/\r?\n/).find((l) => l.startsWith("provider"));
  const provider = line
    ?.replace(/^provider\s*=\s*/, "")
    .replace(/^"|"$/g, "")
    .trim();
  if (provider !== "postgresql") {
    throw new MigrationError(`The migrations in ${migrationsDir} were written for provider "${provider ?? "<not found>"}", not "postgresql" (migration_lock.toml).`);
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  // lock_timeout also bounds waits for advisory locks; it is reset before any migration runs.
  await client.query(`SET lock_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      throw new MigrationError(
        `Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(${PRISMA_MIGRATE_ADVISORY_LOCK_KEY})). Timeout: ${timeoutMs}ms. Another process is migrating this database, or holds the lock.`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

async function applyPending(client: pg.Client, migrations: MigrationFile[], logger: MigrateLogger): Promise<{ applied: string[] }> {
  await initializeMigrationsTable(client);

  const { rows } = await client.query<MigrationRow>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );

  refuseFailedMigrations(rows);
  const byName = new Map(migrations.map((m) => [m.name, m]));
  refuseChangedMigrations(rows, byName);
  for (const row of rows) {
    if (row.rolled_back_at === null && !byName.has(row.migration_name)) {
      logger.warn({ migration: row.migration_name }, "Applied migration is missing from the migrations folder");
    }
  }

  // A migration marked rolled back (`prisma migrate resolve --rolled-back`) is applied again.
  const done = new Set(rows.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name));
  const pending = migrations.filter((m) => !done.has(m.name));
  if (pending.length === 0) {
    logger.info({ migrations: migrations.length }, "Database schema is up to date");
    return { applied: [] };
  }

  const applied: string[] = [];
  for (const migration of pending) {
    const startedAt = Date.now();
    await applyOne(client, migration);
    applied.push(migration.name);
    logger.info({ migration: migration.name, ms: Date.now() - startedAt }, "Applied migration");
  }
  return { applied };
}

/** Creates `_prisma_migrations` on first use; like Prisma (P3005) refuses a non-empty schema without it. */
async function initializeMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()`,
  );
  if (rows.some((r) => r.relname === "_prisma_migrations")) return;
  if (rows.length > 0) {
    throw new MigrationError(
      `The database schema is not empty but has no _prisma_migrations table (tables: ${rows
        .map((r) => r.relname)
        .join(", ")}). Baseline it first: https://pris.ly/d/migrate-baseline`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE_SQL);
}

function refuseFailedMigrations(rows: MigrationRow[]): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length === 0) return;
  const details = failed
    .map((r) => {
      const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : "";
      return `The \`${r.migration_name}\` migration started at ${r.started_at.toISOString()} failed${logs}`;
    })
    .join("\n");
  throw new MigrationError(
    `Found failed migrations in the target database, new migrations will not be applied. ${RESOLVE_HINT}\n` +
      `Once the database is repaired, mark the migration with \`prisma migrate resolve --rolled-back <name>\` ` +
      `(or set rolled_back_at in _prisma_migrations).\n${details}`,
    failed[0]?.migration_name,
  );
}

function refuseChangedMigrations(rows: MigrationRow[], files: Map<string, MigrationFile>): void {
  const changed = rows.filter((row) => {
    const file = files.get(row.migration_name);
    return row.finished_at !== null && row.rolled_back_at === null && file && !scriptMatchesChecksum(file.script, row.checksum);
  });
  if (changed.length === 0) return;
  throw new MigrationError(
    `The migration file of ${changed.map((r) => `\`${r.migration_name}\``).join(", ")} was modified after it was applied ` +
      `(checksum mismatch). Restore the applied version and put the change in a new migration.`,
    changed[0]?.migration_name,
  );
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  // The "started" row is committed on its own, as Prisma does, so that a failure stays on record.
  await client.query("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())", [
    id,
    migrationChecksum(migration.script),
    migration.name,
  ]);

  try {
    await client.query("BEGIN");
    // No parameters: node-postgres then uses the simple query protocol, which accepts many statements.
    await client.query(migration.script.toString("utf8"));
    await client.query(
      `UPDATE _prisma_migrations
          SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1
        WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const logs = describeDatabaseError(migration.name, error);
    await client.query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [logs, id]);
    throw new MigrationError(
      `Migration \`${migration.name}\` failed to apply and was rolled back. New migrations cannot be applied before ` +
        `the error is recovered from. ${RESOLVE_HINT}\n\n${logs}`,
      migration.name,
      { cause: error },
    );
  }
}

/** The text stored in `_prisma_migrations.logs`, shaped like Prisma's. */
function describeDatabaseError(migrationName: string, error: unknown): string {
  const e = error as Partial<pg.DatabaseError> & { message?: string };
  const lines = [`Migration name: ${migrationName}`, ""];
  if (e.code) lines.push(`Database error code: ${e.code}`, "");
  lines.push("Database error:", `ERROR: ${e.message ?? String(error)}`);
  if (e.detail) lines.push(`DETAIL: ${e.detail}`);
  if (e.hint) lines.push(`HINT: ${e.hint}`);
  if (e.position) lines.push("", `Position: ${e.position}`);
  return lines.join("\n");
}
