import type { Api } from "grammy";
import { GrammyError } from "grammy";
import type { JobsOptions } from "bullmq";
import type { Translator } from "../../bot/i18n.js";
import type { CommandMenu } from "../../bot/commands.js";
import type { Processor } from "../../jobs/workers.js";
import type { MembersRepository } from "./members.repository.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Sets the per-chat command menu of a member after a role change. */
    "members.sync-commands": { memberId: number };
  }
}

/**
 * Job options of a menu sync. The processor reads the role when it runs, so
 * one waiting job covers several changes in a row; a change made while a job
 * is already running queues one more (keepLastIfActive), or it would be lost.
 */
export function menuSyncJobOptions(memberId: number): JobsOptions {
  return { deduplication: { id: `sync-commands-${memberId}`, keepLastIfActive: true } };
}

/** Processor of "members.sync-commands": the member's menu follows their current role. */
export function syncCommandsProcessor(deps: { api: Api; translator: Translator; commands: CommandMenu; members: MembersRepository }): Processor<"members.sync-commands"> {
  return async ({ memberId }, _job, logger) => {
    // The role is read now, not taken from the payload: a later change wins.
    const member = await deps.members.findStateById(memberId);
    if (!member) return;
    try {
      await deps.commands.setForMember(deps.api, deps.translator, member);
    } catch (error) {
      // A chat the bot cannot reach (never started, blocked) has no menu to set.
      if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) {
        logger.info({ memberId, code: error.error_code }, "menu not set: chat unreachable");
        return;
      }
      throw error;
    }
  };
}
