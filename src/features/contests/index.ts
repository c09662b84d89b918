import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { documentIssuer } from "../certificates/certificates.documents.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { contestAnnouncerOf, type ContestAnnouncer } from "./contests.announce.js";
import { CONTEST_ENTRY_EDIT, CONTEST_SUBMIT, createEntryEditConversation, createSubmitConversation } from "./contests.entries.conversation.js";
import { EntriesRepository } from "./contests.entries.repository.js";
import { EntriesService } from "./contests.entries.service.js";
import { contestsFeature, openContestLink, showContests } from "./contests.feature.js";
import { jurorRemindersProcessor, phaseProcessor, publishProcessor, watchdogProcessor } from "./contests.jobs.js";
import { ContestJudging } from "./contests.judging.js";
import { CONTEST_JURY_COMMENT, createJuryCommentConversation } from "./contests.jury.conversation.js";
import { CommentScreens } from "./contests.jury.comment-screen.js";
import { juryFeature, showJury } from "./contests.jury.feature.js";
import { JuryRepository } from "./contests.jury.repository.js";
import { JuryService } from "./contests.jury.service.js";
import { registerContestNotices } from "./contests.notices.js";
import { contestsPersonalData } from "./contests.personal-data.js";
import { ContestPhases } from "./contests.phases.js";
import { protocolFacts } from "./contests.protocol.js";
import { protocolRenderer } from "./contests.protocol-pdf.js";
import { ContestsRepository } from "./contests.repository.js";
import { ContestsAdminRepository } from "./contests.admin.repository.js";
import { contestsAdminFeature, showContestAdmin, startNewContest } from "./contests.admin.feature.js";
import { jurorReminderRenderer } from "./contests.admin.render.js";
import {
  CONTEST_CREATE,
  CONTEST_DATES,
  CONTEST_JUROR_FIND,
  CONTEST_REMOVE_ENTRY,
  createContestConversation,
  createContestDatesConversation,
  createJurorFindConversation,
  createRemoveEntryConversation,
} from "./contests.conversation.js";
import { ContestsService, JUROR_REMINDER_KIND } from "./contests.service.js";
import { votesFeature } from "./contests.votes.feature.js";
import { VotesRepository } from "./contests.votes.repository.js";
import { VotesService } from "./contests.votes.service.js";
import { cadmCb } from "./contests.admin.keyboards.js";
import { ctstCb } from "./contests.keyboards.js";
import { juryCb } from "./contests.jury.keyboards.js";
import { voteCb } from "./contests.votes.keyboards.js";

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
  /** Which review's comment screen each juror has open (typed text there is the comment). */
  juryComments: CommentScreens;
  /** Assigning entries to jurors and computing results. */
  contestJudging: ContestJudging;
  /** Phase posts in subject groups and to the contest's segment. */
  contestAnnouncer: ContestAnnouncer;
  /** The phases at their dates, publication, documents. */
  contestPhases: ContestPhases;
}

/**
 * Contests (issue 13): nominations, entries in the bot, a blind jury with a
 * rubric, an audience vote, a published protocol and diplomas (through the
 * certificates slice's documents).
 */
export const contestsModule: FeatureModule<
  ContestsServices,
  "contests.phase" | "contests.juror-reminders" | "contests.publish" | "contests.watchdog" | "contests.vote-log-purge"
> = defineFeature({
  name: "contests",
  services: (deps) => {
    const { prisma, services, domainEvents, queues, translator, config, now, redis } = deps;
    const contestsRepository = new ContestsRepository(prisma);
    const contestEntries = new EntriesService(new EntriesRepository(prisma), contestsRepository, now);
    const votesRepository = new VotesRepository(prisma);
    const contestVotes = new VotesService(votesRepository, contestsRepository, now);
    const contestJudging = new ContestJudging(prisma, now);
    const jury = new JuryService(new JuryRepository(prisma), contestsRepository, services.audit, contestJudging, domainEvents, now);
    const contestAnnouncer = contestAnnouncerOf(deps, contestsRepository);
    const contestPhases = new ContestPhases({
      repository: contestsRepository,
      judging: contestJudging,
      announcer: contestAnnouncer,
      votes: contestVotes,
      delivery: services.delivery,
      certificates: services.certificates,
      queues,
      now,
    });
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
      { computeResultsIn: (tx, id) => contestJudging.computeResultsIn(tx, id), tallyVotesIn: (tx, id) => votesRepository.close(id, tx) },
    );
    services.deliveryRenderers.register(
      JUROR_REMINDER_KIND,
      jurorReminderRenderer({ contests: contestsRepository, members: services.membersRepository, translator, defaultTimezone: config.defaultTimezone }),
    );
    registerContestNotices(services.deliveryRenderers, {
      repository: contestsRepository,
      members: services.membersRepository,
      translator,
      defaultTimezone: config.defaultTimezone,
    });
    // The protocol is a document of the certificates slice drawn by this slice (in the community's language).
    const t = translator.forLocale("ru");
    services.certificates.registerRenderer(
      "PROTOCOL",
      protocolRenderer({
        facts: protocolFacts({
          prisma,
          repository: contestsRepository,
          t,
          communityName: documentIssuer(config.issuer, translator).communityName,
          bursts: (id) => contestVotes.bursts(id),
        }),
        verifyUrl: (code) => services.documentLinks.verifyUrl(code),
        translate: t,
      }),
    );
    const juryComments = new CommentScreens(redis, config.redisPrefix);
    return { contestsRepository, contests, contestEntries, contestVotes, jury, juryComments, contestJudging, contestAnnouncer, contestPhases };
  },
  callbacks: [ctstCb, voteCb, juryCb, cadmCb],
  composer: () => new Composer<BotContext>(contestsFeature(), votesFeature(), juryFeature(), contestsAdminFeature()),
  conversations: {
    [CONTEST_SUBMIT]: createSubmitConversation,
    [CONTEST_ENTRY_EDIT]: createEntryEditConversation,
    [CONTEST_JURY_COMMENT]: createJuryCommentConversation,
    [CONTEST_CREATE]: createContestConversation,
    [CONTEST_DATES]: createContestDatesConversation,
    [CONTEST_JUROR_FIND]: createJurorFindConversation,
    [CONTEST_REMOVE_ENTRY]: createRemoveEntryConversation,
  },
  menu: { contests: showContests, jury: showJury, newcontest: startNewContest, contestadmin: showContestAdmin },
  menuButtons: [
    { action: "contests", label: "contests-menu-button" },
    { action: "contestadmin", label: "contests-admin-menu-button", roles: ["ADMIN"] },
  ],
  deepLinks: { c: openContestLink },
  // Admins always organise; moderators may when /settings allows (they type the commands).
  commands: { MEMBER: ["contests", "jury"], ADMIN: ["newcontest", "contestadmin"] },
  // Each change schedules what follows from it; the watchdog repairs a subscriber that failed.
  on: ({ services }) => {
    const phases = services.contestPhases;
    return {
      "contest.created": ({ contestId }) => phases.created(contestId),
      "contest.dates-changed": async ({ contestId }) => {
        await phases.schedule(contestId);
        await services.contestAnnouncer.datesChanged(contestId);
      },
      "contest.cancelled": async ({ contestId, notify }) => {
        await services.contestAnnouncer.cancelled(contestId);
        await phases.cancelled(contestId, notify);
      },
      "contest.jury-changed": ({ contestId }) => phases.assign(contestId),
      "contest.conflict-declared": ({ contestId }) => phases.assign(contestId),
      "contest.confirmed": ({ contestId }) => phases.confirmed(contestId),
      "contest.entry-removed": ({ contestId, entryId, authorId }) => phases.entryRemoved(contestId, entryId, authorId),
    };
  },
  jobs: {
    "contests.phase": { queue: QUEUES.contests, processor: ({ services }) => phaseProcessor(services.contestPhases) },
    "contests.juror-reminders": { queue: QUEUES.contests, processor: ({ services }) => jurorRemindersProcessor(services.contestPhases) },
    "contests.publish": { queue: QUEUES.contests, processor: ({ services }) => publishProcessor(services.contestPhases) },
    "contests.watchdog": { queue: QUEUES.maintenance, processor: ({ services }) => watchdogProcessor(services.contestPhases) },
    "contests.vote-log-purge": {
      queue: QUEUES.maintenance,
      processor:
        ({ services }) =>
        async (_payload, _job, logger) => {
          const deleted = await services.contestVotes.purgeLog();
          if (deleted) logger.info({ deleted }, "contest vote log purged");
        },
    },
  },
  schedules: [
    { id: "contests.watchdog", name: "contests.watchdog", every: 5 * 60_000, payload: {} },
    { id: "contests.vote-log-purge", name: "contests.vote-log-purge", every: 24 * 3600_000, payload: {} },
  ],
  reconciler: ({ services }) => ({ name: "contests", run: () => services.contestPhases.reconcile() }),
  personalData: contestsPersonalData,
});
