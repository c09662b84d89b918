import { defineFeature, type FeatureModule } from "../feature.js";
import { ContestsRepository } from "./contests.repository.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
}

/**
 * Contests (issue 13): nominations, entries in the bot, a blind jury with a
 * rubric, an audience vote, a published protocol and diplomas (through the
 * certificates slice's documents).
 */
export const contestsModule: FeatureModule<ContestsServices> = defineFeature({
  name: "contests",
  services: ({ prisma }) => {
    const contestsRepository = new ContestsRepository(prisma);
    return { contestsRepository };
  },
});
