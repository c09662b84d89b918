// vitest globalSetup (runs once, in the main process, before any worker).
//
// Builds ONE migrated template database per run; every test that needs a
// database clones it with `CREATE DATABASE … TEMPLATE …` (test/support/database.ts),
// which takes a few tens of milliseconds instead of re-running the migrations.
//
// The names reach the workers through vitest's provide/inject (`inject("testDatabases")`),
// not through process.env, so nothing depends on how a pool passes env to workers.
// Teardown drops the template and every clone of this run that a test left behind.

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/db/migrate.js";

/** What the workers receive; see test/support/database.ts. */
export interface TestDatabasesContext {
  /** postgresql:// URL of a maintenance database (usually `postgres`) with CREATEDB rights. */
  adminUrl: string;
  /** Name of the migrated template database of this run. */
  template: string;
  /** Every database created by createTestDatabase() in this run starts with this. */
  clonePrefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabases: TestDatabasesContext;
  }
}

/** Databases of runs that died without teardown are dropped once they are this old. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  // The timestamp in the name lets a later run recognise leftovers of crashed runs.
  const runId = `${Date.now()}_${randomBytes(3).toString("hex")}`;
  const template = `tb_tpl_${runId}`;
  const clonePrefix = `tb_tst_${runId}_`;

  await withAdmin(adminUrl, async (admin) => {
    await dropStaleDatabases(admin);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(template)}`);
  });
  try {
    await migrate({ databaseUrl: databaseUrl(adminUrl, template) });
  } catch (error) {
    await withAdmin(adminUrl, (admin) => dropDatabases(admin, [template]));
    throw error;
  }

  project.provide("testDatabases", { adminUrl, template, clonePrefix });

  return async () => {
    await withAdmin(adminUrl, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [clonePrefix]);
      await dropDatabases(admin, [...rows.map((r) => r.datname), template]);
    });
  };
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function dropDatabases(admin: pg.Client, names: string[]): Promise<void> {
  for (const name of names) {
    // FORCE (PostgreSQL 13+) ends sessions a crashed test may have left open.
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  }
}

async function dropStaleDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^tb_(tpl|tst)_[0-9]{13}_'");
  const stale = rows.map((r) => r.datname).filter((name) => Date.now() - Number(name.slice(7, 20)) > STALE_AFTER_MS);
  await dropDatabases(admin, stale);
}
