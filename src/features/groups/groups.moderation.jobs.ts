import { GrammyError, type Api } from "grammy";
import type { Processor } from "../../jobs/workers.js";
import type { GroupModerationService } from "./groups.moderation.service.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Deletes one of the bot's own messages in a group (a self-deleting notice, a welcome). */
    "groups.delete-message": { chatId: string; messageId: number };
    /** Makes every linked group agree with the ban list for one Telegram user (a ban or unban with many groups). */
    "groups.ban-sync": { telegramUserId: string };
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
