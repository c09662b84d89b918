import type { PrismaClient } from "../../generated/prisma/client.js";
import { GroupCommit } from "../../shared/group-commit.js";
import { DELIVERY_STATUSES, type DeliveryProgress, type DeliveryStatus } from "./delivery.types.js";

/** A delivery a worker has just taken, with what sending needs of its member. */
export interface ClaimedDelivery {
  id: number;
  kind: string;
  refId: string;
  memberId: number;
  /** NULL once the member erased their data (/forgetme). */
  telegramId: bigint | null;
  locale: string;
  isActive: boolean;
  deleted: boolean;
  /** The paid lane: send with allow_paid_broadcast. */
  paid: boolean;
}

/** Final states a delivery can be put in by a worker (SENT has its own method). */
export type FinalStatus = Extract<DeliveryStatus, "BLOCKED" | "FAILED" | "SKIPPED">;

const ERROR_MAX = 500;
const clip = (reason: string) => (reason.length > ERROR_MAX ? `${reason.slice(0, ERROR_MAX - 1)}…` : reason);

/** The only place that reads and writes deliveries. */
export class DeliveryRepository {
  private readonly claims: GroupCommit<number, ClaimedDelivery>;
  private readonly sent: GroupCommit<{ id: number; telegramMessageId: number; at: Date }, true>;

  constructor(private readonly prisma: PrismaClient) {
    // Rows are locked in id order, so two statements that share a delivery (a
    // job run twice at once) cannot deadlock.
    this.claims = new GroupCommit(async (ids) => {
      const rows = await prisma.$queryRaw<ClaimedDelivery[]>`
        WITH taken AS (
          SELECT id FROM deliveries WHERE id = ANY(${ids}::int[]) AND status = 'QUEUED' ORDER BY id FOR UPDATE
        )
        UPDATE deliveries AS d
           SET status = 'SENDING', attempts = d.attempts + 1, updated_at = now()
          FROM taken, members AS m
         WHERE d.id = taken.id AND d.status = 'QUEUED' AND m.id = d.member_id
        RETURNING d.id, d.kind, d.ref_id AS "refId", d.member_id AS "memberId", m.telegram_id AS "telegramId",
                  m.locale, m.is_active AS "isActive", (m.deleted_at IS NOT NULL) AS deleted, d.paid`;
      return new Map(rows.map((row) => [row.id, row]));
    });
    this.sent = new GroupCommit(async (items) => {
      await prisma.$executeRaw`
        UPDATE deliveries AS d
           SET status = 'SENT', sent_at = v.at, telegram_message_id = v.message_id, error = NULL, updated_at = now()
          FROM unnest(${items.map((i) => i.id)}::int[], ${items.map((i) => i.telegramMessageId)}::int[], ${items.map((i) => i.at)}::timestamptz[])
               AS v(id, message_id, at)
         WHERE d.id = v.id AND d.status = 'SENDING'`;
      return new Map(items.map((item) => [item, true as const]));
    });
  }

  /**
   * Creates QUEUED deliveries of (kind, refId) for the members given that can
   * be reached (active, not erased) and have none yet, in one statement:
   * the unique key, not a read before the write, decides who is new, so two
   * fan-outs running at once cannot both create one. Returns the ids created
   * and, so that a fan-out that crashed before queueing its jobs can be run
   * again, the ids of this batch's deliveries that were already QUEUED.
   */
  async insertQueued(kind: string, refId: string, memberIds: readonly number[], paid = false): Promise<{ created: number[]; stillQueued: number[] }> {
    const rows = await this.prisma.$queryRaw<Array<{ id: number; created: boolean }>>`
      WITH requested AS (
        SELECT DISTINCT unnest(${memberIds as number[]}::int[]) AS member_id
      ), inserted AS (
        INSERT INTO deliveries (kind, ref_id, member_id, status, attempts, paid, created_at, updated_at)
        SELECT ${kind}, ${refId}, m.id, 'QUEUED', 0, ${paid}, now(), now()
          FROM members m JOIN requested r ON r.member_id = m.id
         WHERE m.is_active AND m.telegram_id IS NOT NULL AND m.deleted_at IS NULL
         ORDER BY m.id
        ON CONFLICT (kind, ref_id, member_id) DO NOTHING
        RETURNING id
      )
      SELECT id, true AS created FROM inserted
      UNION ALL
      -- The statement's snapshot does not see the rows inserted above: these are older ones.
      SELECT d.id, false AS created
        FROM deliveries d JOIN requested r ON r.member_id = d.member_id
       WHERE d.kind = ${kind} AND d.ref_id = ${refId} AND d.status = 'QUEUED'`;
    const created: number[] = [];
    const stillQueued: number[] = [];
    for (const row of rows) (row.created ? created : stillQueued).push(row.id);
    return { created, stillQueued };
  }

  /**
   * Takes a delivery for sending: QUEUED becomes SENDING, atomically, so a
   * job that runs again after its delivery was SENT, BLOCKED, FAILED or
   * SKIPPED finds nothing to take. Nor does one that finds it SENDING: that
   * send's outcome is unknown (a worker died or PostgreSQL failed after the
   * request went out), and only the sweep puts it back to QUEUED, once it is
   * stale and its job gone (issue 9, item 14). The claims of concurrent jobs are merged into one statement (see
   * GroupCommit): at a thousand sends a second, one single-row update and
   * commit per send costs more CPU than the send itself.
   */
  claim(id: number): Promise<ClaimedDelivery | undefined> {
    return this.claims.call(id);
  }

  /** The status of a delivery, or undefined when it does not exist (its member was deleted). */
  async status(id: number): Promise<DeliveryStatus | undefined> {
    const row = await this.prisma.delivery.findUnique({ where: { id }, select: { status: true } });
    return row?.status;
  }

  /** Records a send; merged with concurrent ones like claim(). */
  async markSent(id: number, telegramMessageId: number, at: Date): Promise<void> {
    await this.sent.call({ id, telegramMessageId, at });
  }

  async markFinal(id: number, status: FinalStatus, reason: string | null): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { id, status: { in: ["QUEUED", "SENDING"] } },
      data: { status, error: reason === null ? null : clip(reason) },
    });
  }

  /** Back to QUEUED while its job waits for a retry, so that cancel() still reaches it. */
  async requeue(id: number, reason: string | null): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { id, status: "SENDING" },
      data: { status: "QUEUED", error: reason === null ? null : clip(reason) },
    });
  }

  /**
   * Deliveries QUEUED or SENDING and not updated since `before`, least
   * recently updated first: candidates for the sweep (their job may be lost).
   */
  async findStale(before: Date, limit: number): Promise<Array<{ id: number; attempts: number; paid: boolean }>> {
    return this.prisma.delivery.findMany({
      where: { status: { in: ["QUEUED", "SENDING"] }, updatedAt: { lt: before } },
      select: { id: true, attempts: true, paid: true },
      orderBy: { updatedAt: "asc" },
      take: limit,
    });
  }

  /**
   * Stale deliveries whose job is alive (a long broadcast, a delayed
   * reminder): marked as looked at now, so that the next sweeps look at
   * others first and at these only once they are stale again.
   */
  async touchStale(ids: readonly number[], before: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE deliveries SET updated_at = now()
       WHERE id = ANY(${ids as number[]}::int[]) AND status IN ('QUEUED', 'SENDING') AND updated_at < ${before}`;
  }

  /**
   * Stale deliveries (still not updated since `before`, so no worker took
   * them meanwhile) become `status`: QUEUED for a new job, or FAILED. Returns
   * those changed.
   */
  async settleStale(ids: readonly number[], before: Date, status: "QUEUED" | "FAILED", reason: string): Promise<Array<{ id: number; paid: boolean }>> {
    if (ids.length === 0) return [];
    // Locked in id order, as claims lock them: batches that overlap cannot deadlock.
    return this.prisma.$queryRaw<Array<{ id: number; paid: boolean }>>`
      WITH stale AS (
        SELECT id FROM deliveries
         WHERE id = ANY(${ids as number[]}::int[]) AND status IN ('QUEUED', 'SENDING') AND updated_at < ${before}
         ORDER BY id FOR UPDATE
      )
      UPDATE deliveries AS d SET status = ${status}::"DeliveryStatus", error = ${clip(reason)}, updated_at = now()
        FROM stale
       WHERE d.id = stale.id AND d.status IN ('QUEUED', 'SENDING') AND d.updated_at < ${before}
      RETURNING d.id, d.paid`;
  }

  /** QUEUED deliveries of (kind, refId) become SKIPPED; returns them. */
  /** Distinct refs of `kind` starting with `refPrefix` that still have QUEUED deliveries. */
  async queuedRefs(kind: string, refPrefix: string): Promise<string[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { kind, refId: { startsWith: refPrefix }, status: "QUEUED" },
      distinct: ["refId"],
      select: { refId: true },
    });
    return rows.map((r) => r.refId);
  }

  async cancelQueued(kind: string, refId: string, reason: string): Promise<Array<{ id: number; paid: boolean }>> {
    // Locked in id order, as claims lock them: a cancel during a broadcast cannot deadlock with its sends.
    return this.prisma.$queryRaw<Array<{ id: number; paid: boolean }>>`
      WITH queued AS (
        SELECT id FROM deliveries WHERE kind = ${kind} AND ref_id = ${refId} AND status = 'QUEUED' ORDER BY id FOR UPDATE
      )
      UPDATE deliveries AS d SET status = 'SKIPPED', error = ${clip(reason)}, updated_at = now()
        FROM queued
       WHERE d.id = queued.id AND d.status = 'QUEUED'
      RETURNING d.id, d.paid`;
  }

  async progress(kind: string, refId: string): Promise<DeliveryProgress> {
    const groups = await this.prisma.delivery.groupBy({ by: ["status"], where: { kind, refId }, _count: { _all: true } });
    const progress = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryProgress;
    progress.total = 0;
    for (const g of groups) {
      progress[g.status] = g._count._all;
      progress.total += g._count._all;
    }
    return progress;
  }
}
