import { RateLimitError, UnrecoverableError, Worker } from "bullmq";
import type { Api } from "grammy";
import type { Processor, QueueWorkerSettings } from "../../jobs/workers.js";
import type { MembersService } from "../members/members.service.js";
import type { DeliveryRepository } from "./delivery.repository.js";
import type { DeliveryRenderers } from "./delivery.renderers.js";
import type { DeliveryService } from "./delivery.service.js";
import type { DeliverySentMarks } from "./delivery.sent-marks.js";
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
  /** Where a send that PostgreSQL could not record is remembered. */
  sentMarks: DeliverySentMarks;
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
 * so a job that runs again after its delivery was SENT, BLOCKED, FAILED or
 * SKIPPED does nothing, and neither does one that finds it SENDING: the
 * outcome of that send is unknown (a worker died, or PostgreSQL failed, after
 * the request went out), and sending again could make a duplicate. A send
 * that Telegram accepted but PostgreSQL could not record leaves a mark in
 * Redis (DeliverySentMarks), from which the retry records SENT; without a
 * mark the sweep decides once the delivery is stale and its job is gone (it
 * sends again: at least once, so the one window for a duplicate is a worker
 * dying between Telegram's answer and recording SENT).
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
      const status = await deps.deliveries.status(deliveryId);
      if (status === "SENDING") {
        // Taken by an earlier run whose outcome is unknown here: never sent again from a retry.
        const mark = (await deps.sentMarks.recall([deliveryId])).get(deliveryId);
        if (mark) {
          await deps.deliveries.markSent(deliveryId, mark.messageId, mark.at);
          await deps.sentMarks.forget([deliveryId]);
          logger.info({ deliveryId }, "delivery: sent earlier, recorded SENT now");
        } else {
          logger.warn({ deliveryId }, "delivery: SENDING with an unknown outcome; left to the sweep");
        }
        return;
      }
      // Already final (a second run, a cancel), or gone with its member.
      logger.debug({ deliveryId, status: status ?? "gone" }, "delivery: nothing to send");
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

    let messageId: number;
    try {
      const renderer = deps.renderers.get(claimed.kind);
      if (!renderer) throw new DeliveryFailure(`No renderer registered for delivery kind "${claimed.kind}"`);
      const message = await renderer(claimed.refId, { id: claimed.memberId, telegramId, locale: claimed.locale });
      if (!message) {
        await deps.deliveries.markFinal(deliveryId, "SKIPPED", "no longer applies");
        log.info("delivery skipped: no longer applies");
        return;
      }

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

    // Telegram has the message: from here on, no failure may make the delivery sendable again.
    const sentAt = now();
    try {
      await deps.deliveries.markSent(deliveryId, messageId, sentAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      try {
        await deps.sentMarks.remember(deliveryId, { messageId, at: sentAt });
      } catch (markError) {
        log.error({ err: markError }, "delivery sent, but neither PostgreSQL nor Redis could record it: the sweep may send it again");
      }
      log.warn({ reason }, "delivery sent, SENT not recorded: the job's retry records it");
      throw new DeliveryFailure(`sent, not recorded: ${reason}`);
    }
    log.debug("delivery sent");
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
