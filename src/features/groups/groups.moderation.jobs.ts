import { GrammyError, type Api } from "grammy";
import type { Processor } from "../../jobs/workers.js";
import type { JobQueues } from "../../jobs/queues.js";
import { BAN_LIST_PAUSE_MS, type GroupModerationService } from "./groups.moderation.service.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Deletes one of the bot's own messages in a group (a self-deleting notice, a welcome). */
    "groups.delete-message": { chatId: string; messageId: number };
    /** Makes every linked group agree with the ban list for one Telegram user (a ban or unban with many groups). */
    "groups.ban-sync": { telegramUserId: string };
    /**
     * Applies the whole ban list to one group that became active (linked, or the bot back with its rights):
     * a page of Telegram ids above `after` per job (job id `group-ban-list-<group>-<since>[-<after>]`).
     */
    "groups.ban-list": { groupId: number; since: number; after?: string };
  }
}

/** "groups.delete-message": a message already gone (deleted by an admin, or older than 48 hours) is done with. */
export function deleteMessageProcessor(api: Api): Processor<"groups.delete-message"> {
  return async ({ chatId, messageId }, _job, logger) => {
    try {
      await api.deleteMessage(Number(chatId), messageId);
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) {
        logger.info({ err: err.description }, "group notice not deleted");
        return;
      }
      throw err;
    }
  };
}

/** "groups.ban-sync": reads the ban list now (a ban undone meanwhile is undone in the groups too). */
export function banSyncProcessor(moderation: () => GroupModerationService): Processor<"groups.ban-sync"> {
  return async ({ telegramUserId }) => {
    await moderation().applyBanEverywhere(BigInt(telegramUserId), true);
  };
}

/**
 * "groups.ban-list": one page of the ban list in one group, then the next page
 * as a job of its own after a pause (deterministic id: a page run twice queues
 * its successor once).
 */
export function banListProcessor(moderation: () => GroupModerationService, queues: () => JobQueues): Processor<"groups.ban-list"> {
  return async ({ groupId, since, after }) => {
    const next = await moderation().applyBanList(groupId, after === undefined ? 0n : BigInt(after));
    if (next === undefined) return;
    await queues().add(
      "groups.ban-list",
      { groupId, since, after: next.toString() },
      { jobId: `group-ban-list-${groupId}-${since}-${next}`, delay: BAN_LIST_PAUSE_MS, removeOnComplete: true },
    );
  };
}
