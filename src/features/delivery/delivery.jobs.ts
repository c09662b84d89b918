import { RateLimitError, UnrecoverableError, Worker } from "bullmq";
import type { Api } from "grammy";
import type { Processor, QueueWorkerSettings } from "../../jobs/workers.js";
import type { MembersService } from "../members/members.service.js";
import type { DeliveryRepository } from "./delivery.repository.js";
import type { DeliveryRenderers } from "./delivery.renderers.js";
import type { DeliveryService } from "./delivery.service.js";
import { asPaid, classifySendError, sendOutgoing } from "./delivery.sender.js";

/** Length of one window of the send budget; see sendQueueSettings. */
const BUDGET_WINDOW_MS = 200;

/**
 * Worker settings of the send queue for a budget of `ratePerSecond` messages.
 *
 * The limiter is BullMQ's, and global: its counter is in Redis, shared by
 * every worker process. It counts fixed windows that start with the first job
 * after the previous one expired, so any one second can see up to one extra
 * window's worth of jobs. With one-second windows that is up to twice the
 * budget (measured: 32 sends in one second at a budget of 20), above
 * Telegram's 30/s at the default 25; with 200 ms windows of a fifth of the
 * budget it is at most 1.2 times, and the long-run rate is the same. The
 * duration is rounded up, so the budget is never exceeded on average.
 *
 * Concurrency: enough sends in flight to use the budget when one takes about
 * 100 ms (Bot API latency plus our database work), twice over.
 */
export function sendQueueSettings(ratePerSecond: number): QueueWorkerSettings {
  const max = Math.max(1, Math.ceil((ratePerSecond * BUDGET_WINDOW_MS) / 1000));
  return {
    limiter: { max, duration: Math.ceil((1000 * max) / ratePerSecond) },
    concurrency: Math.min(200, Math.max(4, Math.ceil(ratePerSecond * 0.2))),
  };
}

export interface SendProcessorDeps {
  deliveries: DeliveryRepository;
  renderers: DeliveryRenderers;
  members: Pick<MembersService, "setReachable">;
  /** The sending path's Bot API client: without auto-retry (see createSendApi). */
  api: Api;
  /** Pauses the whole send queue (every worker process) for `ms`. */
  pauseQueue(ms: number): Promise<void>;
  now?: () => Date;
}

/** An error whose message is safe to log and store: Telegram's reason, never the payload. */
class DeliveryFailure extends Error {
  override name = "DeliveryFailure";
}

/**
 * "delivery.send": sends one delivery, at most once per delivery as far as
 * this side can tell. The delivery is claimed atomically (QUEUED → SENDING),
 * so a job that runs again after the delivery was SENT, BLOCKED, FAILED or
 * SKIPPED does nothing. The one window for a duplicate is a worker dying
 * between Telegram's answer and recording SENT: the delivery is still SENDING
 * and the stalled job sends it again.
 *
 * 429: the whole send queue pauses for retry_after and the job goes back to
 * waiting without using an attempt. 403: the member is marked inactive and the
 * delivery BLOCKED. 400 "chat not found": BLOCKED. Another 400 (Telegram refuses
 * the message itself): FAILED at once. Anything else: retried with backoff,
 * then FAILED with the reason.
 */
export function sendDeliveryProcessor(deps: SendProcessorDeps): Processor<"delivery.send" | "delivery.send-paid"> {
  const now = deps.now ?? (() => new Date());
  return async ({ deliveryId }, job, logger) => {
    const claimed = await deps.deliveries.claim(deliveryId);
    if (!claimed) {
      // Already final (a second run, a cancel), or gone with its member.
      logger.debug({ deliveryId, status: (await deps.deliveries.status(deliveryId)) ?? "gone" }, "delivery: nothing to send");
      return;
    }
    const log = logger.child({ deliveryId, kind: claimed.kind, memberId: claimed.memberId });
    if (claimed.telegramId === null || claimed.deleted) {
      await deps.deliveries.markFinal(deliveryId, "SKIPPED", "member erased");
      return;
    }
    if (!claimed.isActive) {
      await deps.deliveries.markFinal(deliveryId, "SKIPPED", "member inactive");
      return;
    }
    const telegramId = claimed.telegramId;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    try {
      const renderer = deps.renderers.get(claimed.kind);
      if (!renderer) throw new DeliveryFailure(`No renderer registered for delivery kind "${claimed.kind}"`);
      const message = await renderer(claimed.refId, { id: claimed.memberId, telegramId, locale: claimed.locale });
      if (!message) {
        await deps.deliveries.markFinal(deliveryId, "SKIPPED", "no longer applies");
        log.info("delivery skipped: no longer applies");
        return;
      }

      let messageId: number;
      try {
        messageId = await sendOutgoing(deps.api, Number(telegramId), claimed.paid ? asPaid(message) : message);
      } catch (error) {
        const failure = classifySendError(error);
        switch (failure.kind) {
          case "rate-limited":
            await deps.deliveries.requeue(deliveryId, failure.reason);
            await deps.pauseQueue(failure.retryAfterMs);
            log.warn({ retryAfterMs: failure.retryAfterMs }, "flood limit: send queue paused");
            throw Worker.RateLimitError();
          case "blocked":
            if (failure.deactivate) await deps.members.setReachable(telegramId, false);
            await deps.deliveries.markFinal(deliveryId, "BLOCKED", failure.reason);
            log.info({ reason: failure.reason }, "delivery blocked: member unreachable");
            return;
          case "rejected":
            await deps.deliveries.markFinal(deliveryId, "FAILED", failure.reason);
            throw new UnrecoverableError(failure.reason);
          case "transient":
            throw new DeliveryFailure(failure.reason);
        }
      }
      await deps.deliveries.markSent(deliveryId, messageId, now());
      log.debug("delivery sent");
    } catch (error) {
      if (error instanceof UnrecoverableError || error instanceof RateLimitError) {
        throw error;
      }
      // A renderer's own error may be a GrammyError carrying a payload: keep only its message.
      const reason = error instanceof Error ? error.message : String(error);
      if (lastAttempt) await deps.deliveries.markFinal(deliveryId, "FAILED", reason);
      else await deps.deliveries.requeue(deliveryId, reason);
      throw error instanceof DeliveryFailure ? error : new DeliveryFailure(reason);
    }
  };
}

/**
 * "delivery.sweep" (repeatable, on the maintenance queue, see SCHEDULES):
 * queues again, or FAILs, deliveries stuck QUEUED or SENDING whose job will
 * not run (see DeliveryService.sweep).
 */
export function sweepDeliveriesProcessor(delivery: Pick<DeliveryService, "sweep">): Processor<"delivery.sweep"> {
  return async ({ staleAfterMs }, _job, logger) => {
    const result = await delivery.sweep(staleAfterMs);
    if (result.requeued || result.failed) logger.warn(result, "delivery sweep: repaired stuck deliveries");
    else logger.debug(result, "delivery sweep");
  };
}
