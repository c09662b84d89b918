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
import { CONTEST_ENTRY_EDIT, CONTEST_SUBMIT, createEntryEditConversation, createSubmitConversation } from "./contests.entries.conversation.js";
import { EntriesRepository } from "./contests.entries.repository.js";
import { EntriesService } from "./contests.entries.service.js";
import { contestsFeature, openContestLink, showContests } from "./contests.feature.js";
import { CONTEST_JURY_COMMENT, createJuryCommentConversation } from "./contests.jury.conversation.js";
import { juryFeature, showJury } from "./contests.jury.feature.js";
import { JuryRepository } from "./contests.jury.repository.js";
import { JuryService, type JuryJudging } from "./contests.jury.service.js";
import { votesFeature } from "./contests.votes.feature.js";
import { VotesRepository } from "./contests.votes.repository.js";
import { VotesService } from "./contests.votes.service.js";

export interface ContestsServices {
  contestsRepository: ContestsRepository;
  /** Organising: creating, dates, cancelling, the jury, progress and reminders. */
  contests: ContestsService;
  /** What members do: the list and card, submitting, editing and withdrawing entries, their results. */
  contestEntries: EntriesService;
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
  services: ({ prisma, config, translator, services, domainEvents, now }) => {
    const contestsRepository = new ContestsRepository(prisma);
    const contestEntries = new EntriesService(new EntriesRepository(prisma), contestsRepository, now);
    const contestVotes = new VotesService(new VotesRepository(prisma), contestsRepository, now);
    const judging: JuryJudging = { assign: async () => undefined, computeResults: async () => ({ ties: [] }) };
    const jury = new JuryService(new JuryRepository(prisma), contestsRepository, services.audit, judging, domainEvents, now);
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
    return { contestsRepository, contestEntries, contestVotes, jury, contests };
  },
  composer: () => new Composer<BotContext>(contestsFeature(), votesFeature(), juryFeature(), contestsAdminFeature()),
  conversations: {
    [CONTEST_SUBMIT]: createSubmitConversation,
    [CONTEST_ENTRY_EDIT]: createEntryEditConversation,
    [CONTEST_JURY_COMMENT]: createJuryCommentConversation,
    [CONTEST_CREATE]: createContestConversation,
    [CONTEST_DATES]: createContestDatesConversation,
    [CONTEST_JUROR_FIND]: createJurorFindConversation,
  },
  menu: { contests: showContests, jury: showJury, newcontest: startNewContest, contestadmin: showContestAdmin },
  menuButtons: [
    { action: "contests", label: "contests-menu-button" },
    { action: "contestadmin", label: "contests-admin-menu-button", roles: ["ADMIN"] },
  ],
  deepLinks: { c: openContestLink },
  // Admins always organise; moderators may when /settings allows (they type the commands).
  commands: { MEMBER: ["contests", "jury"], ADMIN: ["newcontest", "contestadmin"] },
});
