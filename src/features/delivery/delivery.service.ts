import type { JobsOptions } from "bullmq";
import type { JobQueues } from "../../jobs/queues.js";
import type { DeliveryRepository } from "./delivery.repository.js";
import { isDeliveryKind, type DeliveryRenderers } from "./delivery.renderers.js";
import type { DeliveryProgress, EnqueueOptions, EnqueueResult } from "./delivery.types.js";

/** The BullMQ job id of a delivery: one job per delivery, however often it is enqueued. */
export function deliveryJobId(deliveryId: number): string {
  return `dlv-${deliveryId}`;
}

/** Ids only (no spaces, no letters outside ASCII): a ref names what is sent, never who or what it says. */
const REF_ID = /^[A-Za-z0-9_:.-]{1,128}$/;
const MAX_PRIORITY = 2_097_152;

export interface DeliveryServiceOptions {
  /** Attempts per delivery before it is FAILED (rate-limited turns do not count). Default 5. */
  attempts?: number;
  /** First retry delay; doubles on each retry. Default 2 s. */
  backoffDelayMs?: number;
  /** Members per database statement and per addBulk call. Default 5,000. */
  batchSize?: number;
  now?: () => number;
}

/**
 * The one sending path for mass messages: records a delivery per (kind, ref,
 * member) and queues one "delivery.send" job per delivery on the rate-limited
 * send queue. Features say what to send to whom; rendering happens when each
 * delivery is sent (see DeliveryRenderers), so a late message shows the
 * current state of what it is about.
 */
export class DeliveryService {
  private readonly attempts: number;
  private readonly backoffDelayMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queues: JobQueues,
    private readonly renderers: DeliveryRenderers,
    options: DeliveryServiceOptions = {},
  ) {
    this.attempts = options.attempts ?? 5;
    this.backoffDelayMs = options.backoffDelayMs ?? 2_000;
    this.batchSize = options.batchSize ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Queues `kind`/`refId` for each member given. Idempotent: a member who
   * already has this delivery (in any state) gets no second one, and members
   * who cannot be reached (inactive, erased) get none. Running it again after
   * a crash also queues the jobs of deliveries it had recorded but not queued.
   */
  async enqueue(kind: string, refId: string, memberIds: readonly number[], options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.check(kind, refId);
    if (!this.renderers.has(kind)) throw new Error(`No renderer registered for delivery kind "${kind}"`);
    const { priority, notBefore } = options;
    if (priority !== undefined && (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY)) {
      throw new RangeError(`Delivery priority must be an integer in 1..${MAX_PRIORITY}`);
    }
    if (notBefore !== undefined && Number.isNaN(notBefore.getTime())) throw new RangeError("notBefore is an invalid date");
    const members = [...new Set(memberIds)];
    if (!members.every((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647)) {
      throw new RangeError("Member ids must be positive integers");
    }

    const jobOptions: JobsOptions = {
      attempts: this.attempts,
      backoff: { type: "exponential", delay: this.backoffDelayMs },
      // The deliveries table is the record of what was sent; a finished job is not needed.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
      ...(priority !== undefined ? { priority } : {}),
    };
    let created = 0;
    for (let i = 0; i < members.length; i += this.batchSize) {
      const batch = members.slice(i, i + this.batchSize);
      const ids = await this.deliveries.insertQueued(kind, refId, batch);
      created += ids.created.length;
      // The delay is computed per batch, so a long fan-out does not hold the early ones back.
      const delay = notBefore ? Math.max(0, notBefore.getTime() - this.now()) : 0;
      // Job ids are deterministic: a delivery whose job is still waiting is not queued twice.
      await this.queues.addBulk(
        "delivery.send",
        [...ids.created, ...ids.stillQueued].map((deliveryId) => ({
          payload: { deliveryId },
          options: { ...jobOptions, jobId: deliveryJobId(deliveryId), ...(delay > 0 ? { delay } : {}) },
        })),
      );
    }
    return { created, ignored: members.length - created };
  }

  /** Counts of the deliveries of (kind, refId) by status. */
  progress(kind: string, refId: string): Promise<DeliveryProgress> {
    this.check(kind, refId);
    return this.deliveries.progress(kind, refId);
  }

  /**
   * Stops what is not yet sent: QUEUED deliveries of (kind, refId) become
   * SKIPPED and their jobs are removed (a job left behind would still take a
   * share of the send budget). A delivery being sent right now is not stopped.
   * Returns how many were cancelled.
   */
  async cancel(kind: string, refId: string): Promise<number> {
    this.check(kind, refId);
    const ids = await this.deliveries.cancelQueued(kind, refId, "cancelled");
    const queue = this.queues.queue("send");
    for (let i = 0; i < ids.length; i += 1_000) {
      // remove() leaves a job that a worker holds right now; its processor finds the delivery SKIPPED.
      await Promise.all(ids.slice(i, i + 1_000).map((id) => queue.remove(deliveryJobId(id))));
    }
    return ids.length;
  }

  private check(kind: string, refId: string): void {
    if (!isDeliveryKind(kind)) throw new Error(`Invalid delivery kind "${kind}"`);
    if (!REF_ID.test(refId)) throw new Error("Invalid delivery refId: 1-128 characters of A-Z a-z 0-9 _ : . -");
  }
}
