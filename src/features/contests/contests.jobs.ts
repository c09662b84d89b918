import type { Processor } from "../../jobs/workers.js";
import type { ContestPhases } from "./contests.phases.js";
import type { Phase } from "./contests.types.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /**
     * Moves a contest into `phase` (jobId `phaseJobId(...)`). `at` (ms) is the date the job was
     * planned for: a contest whose date moved finds it no longer matches and the job does nothing.
     */
    "contests.phase": { contestId: number; phase: Phase; at: number };
    /** Reminds jurors with unfinished reviews, `at` (ms) planned before judging closes. */
    "contests.juror-reminders": { contestId: number; at: number };
    /** Publishes confirmed results whose date has come, or finishes a publication that stopped half-way. */
    "contests.publish": { contestId: number };
    /** Repeatable: schedules again what running contests need (a lost job, a failed subscriber). */
    "contests.watchdog": Record<string, never>;
    /** Repeatable: deletes the raw vote log older than 90 days. */
    "contests.vote-log-purge": Record<string, never>;
  }
}

export function phaseProcessor(phases: Pick<ContestPhases, "run">): Processor<"contests.phase"> {
  return async ({ contestId, phase, at }, _job, logger) => {
    const outcome = await phases.run(contestId, phase, at);
    logger.info({ contestId, phase, outcome }, "contest phase");
  };
}

export function jurorRemindersProcessor(phases: Pick<ContestPhases, "remindJurors">): Processor<"contests.juror-reminders"> {
  return async ({ contestId, at }, _job, logger) => {
    const queued = await phases.remindJurors(contestId, at);
    logger.info({ contestId, queued }, "contest jurors reminded");
  };
}

export function publishProcessor(phases: Pick<ContestPhases, "publish">): Processor<"contests.publish"> {
  return async ({ contestId }, _job, logger) => {
    const outcome = await phases.publish(contestId);
    logger.info({ contestId, outcome }, "contest publication");
  };
}

export function watchdogProcessor(phases: Pick<ContestPhases, "reconcile">): Processor<"contests.watchdog"> {
  return async (_payload, _job, logger) => {
    logger.debug(await phases.reconcile(), "contests watchdog");
  };
}
