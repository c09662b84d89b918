import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { ContestsAdminRepository } from "./contests.admin.repository.js";
import { contestsAdminFeature, showContestAdmin, startNewContest } from "./contests.admin.feature.js";
import { jurorReminderRenderer } from "./contests.admin.render.js";
import {
  CONTEST_CREATE,
  CONTEST_DATES,
  CONTEST_JUROR_FIND,
  createContestConversation,
  createContestDatesConversation,
  createJurorFindConversation,
} from "./contests.conversation.js";
import { ContestsRepository } from "./contests.repository.js";
import { ContestsService, JUROR_REMINDER_KIND } from "./contests.service.js";
import { votesFeature } from "./contests.votes.feature.js";
import { VotesRepository } from "./contests.votes.repository.js";
import { VotesService } from "./contests.votes.service.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
  /** Organising: creating, dates, cancelling, the jury, progress and reminders. */
  contests: ContestsService;
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
  services: ({ prisma, config, translator, services, domainEvents, now }) => {
    const contestsRepository = new ContestsRepository(prisma);
    const contestVotes = new VotesService(new VotesRepository(prisma), contestsRepository, now);
    const contests = new ContestsService(
      new ContestsAdminRepository(prisma),
      services.audit,
      services.catalogue,
      services.settings,
      services.membersRepository,
      services.delivery,
      domainEvents,
      now,
      (contestId) => contestVotes.bursts(contestId),
    );
    services.deliveryRenderers.register(
      JUROR_REMINDER_KIND,
      jurorReminderRenderer({ contests: contestsRepository, members: services.membersRepository, translator, defaultTimezone: config.defaultTimezone }),
    );
    return { contestsRepository, contestVotes, contests };
  },
  composer: () => new Composer<BotContext>().use(votesFeature(), contestsAdminFeature()),
  conversations: {
    [CONTEST_CREATE]: createContestConversation,
    [CONTEST_DATES]: createContestDatesConversation,
    [CONTEST_JUROR_FIND]: createJurorFindConversation,
  },
  menu: { newcontest: startNewContest, contestadmin: showContestAdmin },
  menuButtons: [{ action: "contestadmin", label: "contests-admin-menu-button", roles: ["ADMIN"] }],
  // Admins always organise; moderators may when /settings allows (they type the commands).
  commands: { ADMIN: ["newcontest", "contestadmin"] },
});
