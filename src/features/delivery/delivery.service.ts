import type { JobsOptions } from "bullmq";
import type { JobQueues } from "../../jobs/queues.js";
import type { DeliveryRepository } from "./delivery.repository.js";
import type { DeliverySentMarks, SentMark } from "./delivery.sent-marks.js";
import { isDeliveryKind, type DeliveryRenderers } from "./delivery.renderers.js";
import type { DeliveryProgress, EnqueueOptions, EnqueueResult, SweepResult } from "./delivery.types.js";

/** The BullMQ job id of a delivery: one job per delivery, however often it is enqueued. */
export function deliveryJobId(deliveryId: number): string {
  return `dlv-${deliveryId}`;
}

/** The job that sends a delivery: the free lane's or the paid lane's (a queue of its own, with its own budget). */
export function sendJobName(paid: boolean): "delivery.send" | "delivery.send-paid" {
  return paid ? "delivery.send-paid" : "delivery.send";
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
  /** Sends Telegram accepted that PostgreSQL could not record: the sweep records them SENT instead of sending again. */
  sentMarks?: DeliverySentMarks;
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
  private readonly sentMarks: DeliverySentMarks | undefined;

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
    this.sentMarks = options.sentMarks;
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
    const { priority, notBefore, paid = false } = options;
    if (priority !== undefined && (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY)) {
      throw new RangeError(`Delivery priority must be an integer in 1..${MAX_PRIORITY}`);
    }
    if (notBefore !== undefined && Number.isNaN(notBefore.getTime())) throw new RangeError("notBefore is an invalid date");
    const members = [...new Set(memberIds)];
    if (!members.every((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647)) {
      throw new RangeError("Member ids must be positive integers");
    }

    const jobOptions = this.jobOptions(priority);
    let created = 0;
    for (let i = 0; i < members.length; i += this.batchSize) {
      const batch = members.slice(i, i + this.batchSize);
      const ids = await this.deliveries.insertQueued(kind, refId, batch, paid);
      created += ids.created.length;
      // The delay is computed per batch, so a long fan-out does not hold the early ones back.
      const delay = notBefore ? Math.max(0, notBefore.getTime() - this.now()) : 0;
      // Job ids are deterministic: a delivery whose job is still waiting is not queued twice.
      await this.queues.addBulk(
        sendJobName(paid),
        [...ids.created, ...ids.stillQueued].map((deliveryId) => ({
          payload: { deliveryId },
          options: { ...jobOptions, jobId: deliveryJobId(deliveryId), ...(delay > 0 ? { delay } : {}) },
        })),
      );
    }
    return { created, ignored: members.length - created };
  }

  /**
   * Repairs deliveries QUEUED or SENDING for longer than `staleAfterMs` (at
   * most `limit` per call, least recently looked at first) whose job will not
   * run: a job that stalled twice is failed by BullMQ without calling the
   * processor, a job may be lost with Redis data, and a job that found its
   * delivery SENDING (the outcome of an earlier run unknown) leaves it to this
   * sweep. A delivery with a sent mark (DeliverySentMarks) is recorded SENT. Otherwise a delivery whose job is
   * gone (or completed) is queued again; one whose job failed is queued again
   * while it has taken fewer than `attempts` turns, else FAILED with the job's
   * reason. One whose job is still waiting, delayed or active is left alone
   * (and looked at again only once it is stale again). Job ids are
   * deterministic, so nothing gets a second job.
   */
  async sweep(staleAfterMs: number, limit = 1_000): Promise<SweepResult> {
    const before = new Date(this.now() - staleAfterMs);
    const stale = await this.deliveries.findStale(before, limit);
    const states = await Promise.all(stale.map((d) => this.sendQueue(d.paid).getJobState(deliveryJobId(d.id))));
    const live: number[] = [];
    const lost: number[] = [];
    const failed = new Map<string, number[]>();
    for (const [i, delivery] of stale.entries()) {
      const state = states[i]!;
      const queue = this.sendQueue(delivery.paid);
      const jobId = deliveryJobId(delivery.id);
      if (state === "unknown") {
        lost.push(delivery.id);
      } else if (state === "completed" || state === "failed") {
        const job = state === "failed" && delivery.attempts >= this.attempts ? await queue.getJob(jobId) : undefined;
        if (job) {
          const reason = job.failedReason || "job failed";
          failed.set(reason, [...(failed.get(reason) ?? []), delivery.id]);
          continue;
        }
        // Frees the id for a new job (a job a worker holds right now is not removed, and the add below is then ignored).
        await queue.remove(jobId);
        lost.push(delivery.id);
      } else {
        live.push(delivery.id);
      }
    }
    await this.deliveries.touchStale(live, before);
    // A send Telegram accepted whose SENT PostgreSQL could not record: recorded now, never sent again.
    const marks = this.sentMarks ? await this.sentMarks.recall([...lost, ...[...failed.values()].flat()]) : new Map<number, SentMark>();
    for (const [id, mark] of marks) await this.deliveries.markSent(id, mark.messageId, mark.at);
    await this.sentMarks?.forget([...marks.keys()]);
    const unsent = (ids: number[]) => ids.filter((id) => !marks.has(id));
    lost.splice(0, lost.length, ...unsent(lost));
    for (const [reason, ids] of failed) failed.set(reason, unsent(ids));
    let failedCount = 0;
    for (const [reason, ids] of failed) failedCount += (await this.deliveries.settleStale(ids, before, "FAILED", reason)).length;
    const requeued = await this.deliveries.settleStale(lost, before, "QUEUED", "queued again: its job was lost or stalled");
    const options = this.jobOptions();
    for (const paid of [false, true]) {
      await this.queues.addBulk(
        sendJobName(paid),
        requeued.filter((d) => d.paid === paid).map(({ id }) => ({ payload: { deliveryId: id }, options: { ...options, jobId: deliveryJobId(id) } })),
      );
    }
    return { stale: stale.length, live: live.length, requeued: requeued.length, failed: failedCount };
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
  /** Refs of `kind` beginning with `refPrefix` that still have deliveries waiting to be sent. */
  async queuedRefs(kind: string, refPrefix: string): Promise<string[]> {
    return this.deliveries.queuedRefs(kind, refPrefix);
  }

  async cancel(kind: string, refId: string): Promise<number> {
    this.check(kind, refId);
    const cancelled = await this.deliveries.cancelQueued(kind, refId, "cancelled");
    for (let i = 0; i < cancelled.length; i += 1_000) {
      // remove() leaves a job that a worker holds right now; its processor finds the delivery SKIPPED.
      await Promise.all(cancelled.slice(i, i + 1_000).map((d) => this.sendQueue(d.paid).remove(deliveryJobId(d.id))));
    }
    return cancelled.length;
  }

  private sendQueue(paid: boolean) {
    return this.queues.queue(paid ? "send-paid" : "send");
  }

  private jobOptions(priority?: number): JobsOptions {
    return {
      attempts: this.attempts,
      backoff: { type: "exponential", delay: this.backoffDelayMs },
      // The deliveries table is the record of what was sent; a finished job is not needed.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
      ...(priority !== undefined ? { priority } : {}),
    };
  }

  private check(kind: string, refId: string): void {
    if (!isDeliveryKind(kind)) throw new Error(`Invalid delivery kind "${kind}"`);
    if (!REF_ID.test(refId)) throw new Error("Invalid delivery refId: 1-128 characters of A-Z a-z 0-9 _ : . -");
  }
}
