// One PostgreSQL database per test (or per file), cloned from the migrated
// template that test/support/global-setup.ts builds once per run.
//
//   const db = await createTestDatabase();        // migrated, catalogue rows included
//   await db.prisma.member.create({ ... });
//   await db.drop();                              // in afterAll / afterEach
//
// Tests never share a database, so they can run in parallel and need no cleanup
// of rows; a clone a test forgets to drop is dropped by the global teardown.

import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrisma, type PrismaClient } from "../../src/db/prisma.js";
import { databaseUrl, dropDatabases, withAdmin } from "./global-setup.js";

/** A private database for a test. */
export interface TestDatabase {
  /** postgresql:// URL of the database, for code under test that opens its own connections. */
  url: string;
  /** Name of the database. */
  name: string;
  /** A client for it (a small pool); drop() disconnects it. */
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database, ending any session still connected. */
  drop(): Promise<void>;
}

/**
 * Creates a database for one test: a clone of this run's migrated template, or with
 * `{ empty: true }` an empty database (no tables; for testing the migration runner itself).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const { adminUrl, template, clonePrefix } = inject("testDatabases");
  const name = `${clonePrefix}${randomBytes(4).toString("hex")}`;

  await withAdmin(adminUrl, async (admin) => {
    // template0 rather than template1: nothing anyone added to template1 leaks in.
    const source = options.empty ? "template0" : template;
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(source)}`);
  });

  const url = databaseUrl(adminUrl, name);
  const prisma = createPrisma(url, { max: 4 });
  let dropped = false;
  return {
    url,
    name,
    prisma,
    async drop() {
      if (dropped) return;
      dropped = true;
      await prisma.$disconnect();
      await withAdmin(adminUrl, (admin) => dropDatabases(admin, [name]));
    },
  };
}
