import { defineFeature, type FeatureModule } from "../feature.js";
import { ContestsRepository } from "./contests.repository.js";
import { votesFeature } from "./contests.votes.feature.js";
import { VotesRepository } from "./contests.votes.repository.js";
import { VotesService } from "./contests.votes.service.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
  /** The audience vote. */
  contestVotes: VotesService;
}

/**
 * Contests (issue 13): nominations, entries in the bot, a blind jury with a
 * rubric, an audience vote, a published protocol and diplomas (through the
 * certificates slice's documents).
 */
export const contestsModule: FeatureModule<ContestsServices> = defineFeature({
  name: "contests",
  services: ({ prisma, now }) => {
    const contestsRepository = new ContestsRepository(prisma);
    const contestVotes = new VotesService(new VotesRepository(prisma), contestsRepository, now);
    return { contestsRepository, contestVotes };
  },
  composer: () => votesFeature(),
});
