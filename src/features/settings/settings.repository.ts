import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Tx } from "../privacy/privacy.types.js";

/** The community_settings table: one row per changed setting. */
export class SettingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stored values of `keys` (as stored: the service checks their type). */
  async read(keys: readonly string[]): Promise<Array<{ key: string; value: unknown }>> {
    return this.prisma.communitySetting.findMany({ where: { key: { in: [...keys] } }, select: { key: true, value: true } });
  }

  /** Writes one setting and runs `alsoInTx` (the audit row) in the same transaction. */
  async write(key: string, value: boolean, actorId: number, alsoInTx: (tx: Tx) => Promise<unknown>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.communitySetting.upsert({ where: { key }, create: { key, value, updatedById: actorId }, update: { value, updatedById: actorId } });
      await alsoInTx(tx);
    });
  }
}
