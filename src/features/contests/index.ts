import { defineFeature, type FeatureModule } from "../feature.js";
import { ContestsRepository } from "./contests.repository.js";
import { CONTEST_JURY_COMMENT, createJuryCommentConversation } from "./contests.jury.conversation.js";
import { juryFeature, showJury } from "./contests.jury.feature.js";
import { JuryRepository } from "./contests.jury.repository.js";
import { JuryService, type JuryJudging } from "./contests.jury.service.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
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
    // TODO(lead): the judging module (contests.judging.ts) once merged: `const judging: JuryJudging = contestJudging;`
    const judging: JuryJudging = { assign: async () => undefined, computeResults: async () => ({ ties: [] }) };
    const jury = new JuryService(new JuryRepository(prisma), contestsRepository, services.audit, judging, domainEvents, now);
    return { contestsRepository, jury };
  },
  composer: () => juryFeature(),
  conversations: { [CONTEST_JURY_COMMENT]: createJuryCommentConversation },
  menu: { jury: showJury },
  commands: { MEMBER: ["jury"] },
});
