import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Tx } from "./privacy.types.js";

/** The erasure transaction that every slice's `erase` joins. */
export class PrivacyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** One transaction for every slice; generous limits, a member with years of activity has many rows. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 60_000, maxWait: 10_000 });
  }
}
