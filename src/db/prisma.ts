import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type { PrismaClient };

/**
 * Interactive transactions wait for a pool connection up to maxWait (Prisma's
 * default: 2 s) and then fail. Under a backlog of updates a busy pool is
 * normal and brief; failing there turned a registration into "something went
 * wrong" (`npm run bench`), while a plain query simply waits. 10 s is about as
 * long as a member waits for an answer anyway; `timeout` (default 5 s) bounds
 * the transaction once it runs, and a starved process runs it slowly.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/** Creates a Prisma client over node-postgres; nothing connects until the first query. */
export function createPrisma(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
