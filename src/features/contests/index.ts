import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { ContestsRepository } from "./contests.repository.js";
import { CONTEST_JURY_COMMENT, createJuryCommentConversation } from "./contests.jury.conversation.js";
import { juryFeature, showJury } from "./contests.jury.feature.js";
import { JuryRepository } from "./contests.jury.repository.js";
import { JuryService, type JuryJudging } from "./contests.jury.service.js";
import { votesFeature } from "./contests.votes.feature.js";
import { VotesRepository } from "./contests.votes.repository.js";
import { VotesService } from "./contests.votes.service.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
  /** The audience vote. */
  contestVotes: VotesService;
  /** The jury's work: blind review, scoring, conflicts, the chair's confirmation. */
  jury: JuryService;
}

/**
 * Contests (issue 13): nominations, entries in the bot, a blind jury with a
 * rubric, an audience vote, a published protocol and diplomas (through the
 * certificates slice's documents).
 */
export const contestsModule: FeatureModule<ContestsServices> = defineFeature({
  name: "contests",
  services: ({ prisma, services, domainEvents, now }) => {
    const contestsRepository = new ContestsRepository(prisma);
    const contestVotes = new VotesService(new VotesRepository(prisma), contestsRepository, now);
    // TODO(lead): the judging module (contests.judging.ts) once merged: `const judging: JuryJudging = contestJudging;`
    const judging: JuryJudging = { assign: async () => undefined, computeResults: async () => ({ ties: [] }) };
    const jury = new JuryService(new JuryRepository(prisma), contestsRepository, services.audit, judging, domainEvents, now);
    return { contestsRepository, contestVotes, jury };
  },
  composer: () => new Composer<BotContext>(votesFeature(), juryFeature()),
  conversations: { [CONTEST_JURY_COMMENT]: createJuryCommentConversation },
  menu: { jury: showJury },
  commands: { MEMBER: ["jury"] },
});
