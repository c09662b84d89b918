// The start-up migration runner (src/db/migrate.ts) against a real PostgreSQL:
// it must leave exactly the bookkeeping `prisma migrate deploy` would, and keep
// its promises about concurrency, changed files and failures.

import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { defaultMigrationsDir, ensureDatabase, migrate, MigrationError } from "../../src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { databaseUrl, dropDatabases, withAdmin } from "../support/global-setup.js";

const projectMigrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
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

const readRows = (url: string) => query<MigrationRow>(url, "SELECT * FROM _prisma_migrations ORDER BY migration_name, started_at");

const tableExists = async (url: string, table: string) => (await query<{ t: string | null }>(url, "SELECT to_regclass($1)::text AS t", [table]))[0]?.t != null;

describe("migrate()", () => {
  let expectedNames: string[];
  const databases: TestDatabase[] = [];
  const tempDirs: string[] = [];

  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase({ empty: true });
    databases.push(db);
    return db;
  }

  /** A copy of the project's migrations that a test may change. */
  async function copyOfMigrations(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "tb-migrations-"));
    tempDirs.push(dir);
    await cp(projectMigrationsDir, dir, { recursive: true });
    return dir;
  }

  beforeAll(async () => {
    expectedNames = await migrationNames(projectMigrationsDir);
  });

  afterEach(async () => {
    await Promise.all(databases.splice(0).map((db) => db.drop()));
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("finds the project's prisma/migrations by default", () => {
    expect(defaultMigrationsDir()).toBe(projectMigrationsDir);
    expect(expectedNames.slice(0, 2)).toEqual(["20261125000000_init", "20261125000100_catalogue"]);
    expect(expectedNames).toEqual([...expectedNames].sort());
  });

  it("applies every migration to an empty database and records it as Prisma does", async () => {
    const db = await emptyDatabase();

    const { applied } = await migrate({ databaseUrl: db.url });

    expect(applied).toEqual(expectedNames);
    const rows = await readRows(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(expectedNames);
    for (const row of rows) {
      const file = await readFile(path.join(projectMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("creates _prisma_migrations with Prisma's exact columns", async () => {
    const db = await emptyDatabase();
    await migrate({ databaseUrl: db.url });

    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", len: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", len: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", len: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", len: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", len: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", len: null, is_nullable: "NO", column_default: "0" },
    ]);
    const [pk] = await query<{ conname: string }>(db.url, "SELECT conname FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'");
    expect(pk?.conname).toBe("_prisma_migrations_pkey");
  });

  it("applies nothing the second time", async () => {
    const db = await emptyDatabase();
    await migrate({ databaseUrl: db.url });
    const before = await readRows(db.url);

    const { applied } = await migrate({ databaseUrl: db.url });

    expect(applied).toEqual([]);
    expect(await readRows(db.url)).toEqual(before);
  });

  it("applies each migration once when two processes start together", async () => {
    const db = await emptyDatabase();

    // Separate connections, as two processes would have; they meet on the advisory lock.
    const results = await Promise.all([migrate({ databaseUrl: db.url }), migrate({ databaseUrl: db.url })]);

    const appliedByBoth = results.flatMap((r) => r.applied).sort();
    expect(appliedByBoth).toEqual(expectedNames);
    const rows = await readRows(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(expectedNames);
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  });

  it("refuses to run when an applied migration's file was changed", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate({ databaseUrl: db.url, migrationsDir: dir });

    await appendFile(path.join(dir, "20261125000000_init", "migration.sql"), "\n-- edited after deployment\n");
    // A new migration must not be applied either.
    await writeMigration(dir, "20991231000000_next", 'CREATE TABLE "next_one" ("id" INTEGER);\n');

    const run = migrate({ databaseUrl: db.url, migrationsDir: dir });
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/20261125000000_init.*checksum mismatch/s);
    expect(await tableExists(db.url, "next_one")).toBe(false);
  });

  it("accepts a file whose line endings were changed by git (as Prisma does)", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate({ databaseUrl: db.url, migrationsDir: dir });

    const file = path.join(dir, "20261125000100_catalogue", "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));

    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).resolves.toEqual({ applied: [] });
  });

  it("rolls back a failing migration, records it and refuses to go on until it is resolved", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    const broken = "20991231000000_broken";
    // The first statement succeeds; the transaction must take it back when the second fails.
    await writeMigration(dir, broken, 'CREATE TABLE "half_done" ("id" INTEGER);\nCREATE TABLE "oops" (;\n');

    const run = migrate({ databaseUrl: db.url, migrationsDir: dir });
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toMatchObject({ migrationName: broken });
    await expect(run).rejects.toThrow(/20991231000000_broken.*syntax error/s);

    expect(await tableExists(db.url, "half_done")).toBe(false);
    // The migrations before it stay applied.
    expect(await tableExists(db.url, "members")).toBe(true);
    const failed = (await readRows(db.url)).find((r) => r.migration_name === broken);
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failed?.logs).toMatch(/Database error code: 42601/);

    // Like Prisma (P3009): nothing runs while a failed migration is on record.
    await rm(path.join(dir, broken), { recursive: true });
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      /failed migrations.*`20991231000000_broken` migration started at .* failed with the following logs/s,
    );

    // `prisma migrate resolve --rolled-back` sets rolled_back_at; the fixed migration then applies.
    await query(db.url, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [broken]);
    await writeMigration(dir, broken, 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).resolves.toEqual({ applied: [broken] });
    expect(await tableExists(db.url, "half_done")).toBe(true);
  });

  it("refuses a non-empty database that has no migration history (Prisma's P3005)", async () => {
    const db = await emptyDatabase();
    await query(db.url, 'CREATE TABLE "legacy" ("id" INTEGER)');

    await expect(migrate({ databaseUrl: db.url })).rejects.toThrow(/not empty.*legacy/s);
    expect(await tableExists(db.url, "_prisma_migrations")).toBe(false);
  });

  it("refuses migrations written for another provider", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "sqlite"\n');

    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/sqlite/);
  });
});

describe("ensureDatabase()", () => {
  it("creates a missing database once and leaves an existing one alone", async () => {
    const { adminUrl, clonePrefix } = inject("testDatabases");
    const name = `${clonePrefix}ensure`;
    const url = databaseUrl(adminUrl, name);
    try {
      const results = await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await ensureDatabase(url)).toBe(false);
      expect(await query(url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await withAdmin(adminUrl, (admin) => dropDatabases(admin, [name]));
    }
  });
});

describe("catalogue migration", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("has the 89 federal subjects, each with a valid IANA time zone", async () => {
    const regions = await db.prisma.region.findMany();

    expect(regions).toHaveLength(89);
    expect(new Set(regions.map((r) => r.code)).size).toBe(89);
    for (const region of regions) {
      expect(region.code).toMatch(/^RU-[A-Z]{2,3}$/);
      expect(region.nameRu).toMatch(/[А-Яа-яЁё]/);
      expect(region.nameEn).toMatch(/^[A-Z]/);
      // Throws RangeError on a zone Node's ICU does not know.
      expect(() => new Intl.DateTimeFormat("en", { timeZone: region.timezone }), region.code).not.toThrow();
    }
    const zoneOf = Object.fromEntries(regions.map((r) => [r.code, r.timezone]));
    expect(zoneOf).toMatchObject({
      "RU-MOW": "Europe/Moscow",
      "RU-SPE": "Europe/Moscow",
      "RU-KGD": "Europe/Kaliningrad",
      "RU-SAM": "Europe/Samara",
      "RU-UD": "Europe/Samara",
      "RU-SVE": "Asia/Yekaterinburg",
      "RU-NVS": "Asia/Novosibirsk",
      "RU-KEM": "Asia/Novokuznetsk",
      "RU-PRI": "Asia/Vladivostok",
      "RU-KAM": "Asia/Kamchatka",
      "RU-CR": "Europe/Simferopol",
      "RU-SEV": "Europe/Simferopol",
      "RU-DPR": "Europe/Moscow",
      "RU-LPR": "Europe/Moscow",
      "RU-ZAP": "Europe/Moscow",
      "RU-KHE": "Europe/Moscow",
    });
  });

  it("has subjects with unique, stable ASCII codes and distinct sort orders", async () => {
    const subjects = await db.prisma.subject.findMany({ orderBy: { sortOrder: "asc" } });

    expect(subjects.length).toBeGreaterThanOrEqual(33);
    expect(new Set(subjects.map((s) => s.code)).size).toBe(subjects.length);
    expect(new Set(subjects.map((s) => s.sortOrder)).size).toBe(subjects.length);
    for (const subject of subjects) {
      expect(subject.code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(subject.isActive).toBe(true);
    }
    expect(subjects.map((s) => s.code)).toEqual(expect.arrayContaining(["math", "algebra", "geometry", "russian", "literature", "english", "primary"]));
  });

  it("has grades from preschool through 11th grade, college and adults, in order", async () => {
    const grades = await db.prisma.grade.findMany({ orderBy: { sortOrder: "asc" } });

    expect(grades.map((g) => g.code)).toEqual(["preschool", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "spo", "adult"]);
    expect(grades.find((g) => g.code === "1")).toMatchObject({ nameRu: "1 класс", nameEn: "Grade 1" });
  });
});

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}
