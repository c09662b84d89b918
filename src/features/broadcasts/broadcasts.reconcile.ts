/**
 * Rebuilding the broadcasts' jobs after Redis lost its data (src/jobs/resync.ts):
 * every broadcast still SCHEDULED gets its delayed fan-out again (deterministic
 * job id), and the watchdog runs at once for the rest: due fan-outs, SENDING
 * broadcasts not fanned out, progress chains with no job. Before, a scheduled
 * broadcast went out only after a process restart.
 *
 * A repository of its own, in a file of its own, so that this stays apart from
 * the broadcasts feature's code (which changes for other reasons).
 */
import type { PrismaClient } from "../../db/prisma.js";
import type { Reconciler } from "../../jobs/resync.js";
import type { Processor } from "../../jobs/workers.js";
import type { Logger } from "../../shared/logger.js";
import type { BroadcastScheduler } from "./broadcasts.service.js";
import type { BroadcastView } from "./broadcasts.types.js";

export class BroadcastsReconcileRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Ids of every broadcast waiting for its time. */
  async scheduled(): Promise<number[]> {
    const rows = await this.prisma.broadcast.findMany({ where: { status: "SCHEDULED" }, select: { id: true }, orderBy: { id: "asc" } });
    return rows.map((r) => r.id);
  }
}

export function broadcastsReconciler(deps: {
  repository: BroadcastsReconcileRepository;
  /** The broadcasts feature's own read of a broadcast. */
  find(id: number): Promise<BroadcastView | undefined>;
  scheduler: Pick<BroadcastScheduler, "scheduled">;
  watchdog: Processor<"broadcasts.watchdog">;
  logger: Logger;
}): Reconciler {
  return {
    name: "broadcasts",
    async run() {
      const ids = await deps.repository.scheduled();
      for (const id of ids) {
        const broadcast = await deps.find(id);
        if (broadcast?.status === "SCHEDULED") await deps.scheduler.scheduled(broadcast);
      }
      // The watchdog does not look at its job.
      await deps.watchdog({}, undefined as never, deps.logger);
      return { scheduledBroadcasts: ids.length };
    },
  };
}
