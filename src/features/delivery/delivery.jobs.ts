import { UnrecoverableError } from "bullmq";
import type { Api } from "grammy";
import type { Processor, QueueWorkerSettings } from "../../jobs/workers.js";
import type { Logger } from "../../shared/logger.js";
import type { MembersService } from "../members/members.service.js";
import type { DeliveryRepository } from "./delivery.repository.js";
import type { DeliveryRenderers } from "./delivery.renderers.js";
import type { DeliveryService } from "./delivery.service.js";
import type { DeliverySentMarks } from "./delivery.sent-marks.js";
import type { SendBudget } from "./delivery.budget.js";
import { asPaid, classifySendError, sendOutgoing } from "./delivery.sender.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Sends one recorded delivery (src/features/delivery); job id `dlv-<deliveryId>`. */
    "delivery.send": { deliveryId: number };
    /** The same for a delivery of the paid lane (`deliveries.paid`); job id `dlv-<deliveryId>`. */
    "delivery.send-paid": { deliveryId: number };
    /**
     * Repeatable (SCHEDULES): finds deliveries QUEUED or SENDING for longer than
     * `staleAfterMs` whose job is gone or failed, and queues them again or FAILs them.
     */
    "delivery.sweep": { staleAfterMs: number };
  }
}

/**
 * Worker settings of a send queue for a budget of `ratePerSecond` messages.
 * The budget itself is not BullMQ's limiter but SendBudget (exact over any
 * sliding second, shared by every worker process), taken in the processor
 * right before each request.
 *
 * Concurrency: enough sends in flight to use the budget when one takes about
 * 150 ms (Bot API latency plus our database work on a busy machine), twice
 * over, and at least 16 (a waiting send costs a promise, nothing more).
 */
export function sendQueueSettings(ratePerSecond: number): QueueWorkerSettings {
  return { concurrency: Math.min(300, Math.max(16, Math.ceil(ratePerSecond * 0.3))) };
}

export interface SendProcessorDeps {
  deliveries: DeliveryRepository;
  renderers: DeliveryRenderers;
  members: Pick<MembersService, "setReachable">;
  /** The sending path's Bot API client: without auto-retry (see createSendApi). */
  api: Api;
  /** Where a send that PostgreSQL could not record is remembered. */
  sentMarks: DeliverySentMarks;
  /** The lane's send budget, shared by every worker process; a 429 pauses it. */
  budget: Pick<SendBudget, "acquire" | "pause">;
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
 * Each request waits for the lane's SendBudget, after the claim and the
 * rendering, right before it goes out. 429: the budget pauses (in every
 * process) for retry_after, the delivery goes back to QUEUED (a cancel still
 * reaches it) and the same run claims it again once the pause is over,
 * without using an attempt. 403: the member is marked inactive and the
 * delivery BLOCKED. 400 "chat not found": BLOCKED. Another 400 (Telegram refuses
 * the message itself): FAILED at once. Anything else: retried with backoff,
 * then FAILED with the reason.
 */
export function sendDeliveryProcessor(deps: SendProcessorDeps): Processor<"delivery.send" | "delivery.send-paid"> {
  return async ({ deliveryId }, job, logger) => {
    // Runs again only after a 429 (the delivery was put back to QUEUED), once the budget's pause is over.
    for (;;) {
      const sent = await sendOnce(deps, deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1), logger);
      if (sent !== "rate-limited") return;
    }
  };
}

async function sendOnce(deps: SendProcessorDeps, deliveryId: number, lastAttempt: boolean, logger: Logger): Promise<"done" | "rate-limited"> {
  const now = deps.now ?? (() => new Date());
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
      return "done";
    }
    // Already final (a second run, a cancel), or gone with its member.
    logger.debug({ deliveryId, status: status ?? "gone" }, "delivery: nothing to send");
    return "done";
  }
  const log = logger.child({ deliveryId, kind: claimed.kind, memberId: claimed.memberId });
  if (claimed.telegramId === null || claimed.deleted) {
    await deps.deliveries.markFinal(deliveryId, "SKIPPED", "member erased");
    return "done";
  }
  if (!claimed.isActive) {
    await deps.deliveries.markFinal(deliveryId, "SKIPPED", "member inactive");
    return "done";
  }
  const telegramId = claimed.telegramId;

  let messageId: number;
  let after: (() => Promise<void>) | undefined;
  let grantedAt: number;
  try {
    const renderer = deps.renderers.get(claimed.kind);
    if (!renderer) throw new DeliveryFailure(`No renderer registered for delivery kind "${claimed.kind}"`);
    const message = await renderer(claimed.refId, { id: claimed.memberId, telegramId, locale: claimed.locale });
    if (!message) {
      await deps.deliveries.markFinal(deliveryId, "SKIPPED", "no longer applies");
      log.info("delivery skipped: no longer applies");
      return "done";
    }

    grantedAt = await deps.budget.acquire();
    try {
      ({ messageId, after } = await sendOutgoing(deps.api, Number(telegramId), claimed.paid ? asPaid(message) : message));
    } catch (error) {
      const failure = classifySendError(error);
      switch (failure.kind) {
        case "rate-limited":
          await deps.deliveries.requeue(deliveryId, failure.reason);
          await deps.budget.pause(failure.retryAfterMs);
          log.warn({ retryAfterMs: failure.retryAfterMs }, "flood limit: send budget paused");
          return "rate-limited";
        case "blocked":
          if (failure.deactivate) await deps.members.setReachable(telegramId, false);
          await deps.deliveries.markFinal(deliveryId, "BLOCKED", failure.reason);
          log.info({ reason: failure.reason }, "delivery blocked: member unreachable");
          return "done";
        case "rejected":
          await deps.deliveries.markFinal(deliveryId, "FAILED", failure.reason);
          throw new UnrecoverableError(failure.reason);
        case "transient":
          throw new DeliveryFailure(failure.reason);
        case "unknown":
          // Sending again could give the member a second copy (issue 9, item 14): the row
          // stays SENDING and the sweep queues it again only after its threshold.
          log.warn({ reason: failure.reason }, "delivery outcome unknown: left SENDING for the sweep");
          return "done";
      }
    }
  } catch (error) {
    if (error instanceof UnrecoverableError) throw error;
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
  if (after) await after().catch((error: unknown) => log.warn({ err: error }, "delivery sent; its follow-up failed"));
  log.debug({ grantedAt }, "delivery sent");
  return "done";
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
