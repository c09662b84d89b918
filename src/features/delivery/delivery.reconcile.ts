/**
 * Rebuilding the sending path's jobs after Redis lost its data
 * (src/jobs/resync.ts): deliveries QUEUED or SENDING in PostgreSQL whose job is
 * gone are queued again at once by the sweep, instead of after the sweep's usual
 * ten minutes. Deliveries touched in the last `minAgeMs` are left to the regular
 * sweep: one of them may be in a worker's hands right now (its job would look
 * lost after a flush), and sending it twice is worse than a short delay.
 */
import type { Reconciler } from "../../jobs/resync.js";
import type { DeliveryService } from "./delivery.service.js";

export function deliveryReconciler(delivery: Pick<DeliveryService, "sweep">, options: { minAgeMs?: number; batch?: number; maxBatches?: number } = {}): Reconciler {
  const batch = options.batch ?? 1_000;
  return {
    name: "deliveries",
    async run() {
      let requeued = 0;
      // Each pass looks at the least recently touched first and touches what it saw, so passes make progress.
      for (let i = 0; i < (options.maxBatches ?? 100); i++) {
        const result = await delivery.sweep(options.minAgeMs ?? 30_000, batch);
        requeued += result.requeued;
        if (result.stale < batch) break;
      }
      return { deliveriesRequeued: requeued };
    },
  };
}
