/**
 * Jobs of the groups' gate: the 48-hour expiry of join requests (a repeatable
 * schedule) and the registration invitations that could not go out inline
 * (see RequesterInvites in groups.gate.service.ts).
 */
import { GrammyError, type Api } from "grammy";
import type { Processor } from "../../jobs/workers.js";
import type { SendBudget } from "../delivery/delivery.budget.js";
import type { GateService } from "./groups.gate.service.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Repeatable (the groups slice's schedules): declines join requests pending for 48 hours. */
    "groups.expire-requests": Record<string, never>;
    /** The registration invitation to a join requester (job id `gate-invite-<request>-<time>`). */
    "groups.join-invite": { requestId: number; locale: string; bot: string };
  }
}

/** How often the expiry runs: a request waits at most 48 hours and this long. */
export const EXPIRE_EVERY_MS = 10 * 60_000;

export function expireRequestsProcessor(gate: GateService): Processor<"groups.expire-requests"> {
  return async (_payload, _job, logger) => {
    const declined = await gate.expire();
    if (declined) logger.info({ declined }, "expired join requests declined");
  };
}

/**
 * Sends one invitation with a grant of the sending path's budget (the `send`
 * lane, shared with reminders, digests and broadcasts in every process). A 429
 * pauses that budget and the job is tried again (BullMQ backoff); a 403 or
 * 400 (blocked, the 5-minute window closed) ends it.
 */
export function joinInviteProcessor(deps: {
  gate: GateService;
  api: Pick<Api, "sendMessage">;
  budget: Pick<SendBudget, "acquire" | "pause">;
}): Processor<"groups.join-invite"> {
  return async ({ requestId, locale, bot }, _job, logger) => {
    const invite = await deps.gate.inviteFor(requestId, locale, bot);
    if (!invite) return;
    await deps.budget.acquire();
    const { text, reply_markup } = deps.gate.invites.render(invite);
    try {
      await deps.api.sendMessage(invite.chatId, text, { reply_markup });
    } catch (err) {
      if (err instanceof GrammyError && err.parameters.retry_after !== undefined) {
        await deps.budget.pause(err.parameters.retry_after * 1000);
        throw err;
      }
      if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) {
        logger.info({ requestId, err: err.description }, "could not write to a join requester");
        return;
      }
      throw err;
    }
  };
}
