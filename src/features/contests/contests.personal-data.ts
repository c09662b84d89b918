import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Contests a member organised, their entries, their jury work and their
 * audience votes. Erasure: entries still open for submissions are withdrawn
 * and emptied (title and work removed); judged entries stay as the contest's
 * record, their author shown as a deleted member (the member row is kept
 * without a name), and their diplomas stay verifiable without a name (the
 * certificates slice clears the holder's name). They leave juries still at
 * work: their reviews not yet submitted go to other jurors; submitted reviews stay (participants already have
 * them, jurors are anonymous to participants anyway) without their comments.
 * Votes and the raw vote log go. Contests they organised stay: others took part.
 */
export const contestsPersonalData = definePersonalData<FeatureDeps>({
  slice: "contests",
  models: ["Contest", "ContestEntry", "ContestJuror", "ContestReview", "ContestVote", "ContestVoteLog"],
  redisKeys: ["jcomment:<telegramId>"],
  build: ({ prisma, services }) => ({
    async export(memberId) {
      const [organised, entries, jury, reviews, votes, log] = await Promise.all([
        prisma.contest.findMany({ where: { organiserId: memberId }, orderBy: { id: "asc" }, select: { id: true, title: true, status: true, createdAt: true } }),
        prisma.contestEntry.findMany({
          where: { authorId: memberId },
          orderBy: { id: "asc" },
          include: { contest: { select: { title: true } }, nomination: { select: { title: true } }, files: { orderBy: { position: "asc" } } },
        }),
        prisma.contestJuror.findMany({ where: { memberId }, orderBy: { contestId: "asc" }, include: { contest: { select: { title: true } } } }),
        prisma.contestReview.findMany({ where: { jurorId: memberId }, orderBy: { id: "asc" }, include: { entry: { select: { number: true } } } }),
        prisma.contestVote.findMany({ where: { memberId }, orderBy: { createdAt: "asc" }, include: { entry: { select: { number: true } } } }),
        prisma.contestVoteLog.findMany({ where: { memberId }, orderBy: { id: "asc" } }),
      ]);
      return {
        contestsOrganised: organised.map((c) => ({ id: c.id, title: c.title, status: c.status, createdAt: iso(c.createdAt) })),
        contestEntries: entries.map((e) => ({
          contestId: e.contestId,
          contest: e.contest.title,
          nomination: e.nomination.title,
          number: e.number,
          title: e.title,
          description: e.description,
          link: e.link,
          text: e.text,
          files: e.files.map((f) => ({ name: f.fileName, type: f.mimeType, size: f.fileSize })),
          status: e.status,
          removedByOrganisersBecause: e.disqualificationReason,
          declaredAt: iso(e.declaredAt),
          score: e.score,
          place: e.place,
          award: e.award,
          audienceVotes: e.audienceVotes,
          createdAt: iso(e.createdAt),
          withdrawnAt: iso(e.withdrawnAt),
        })),
        contestJury: jury.map((j) => ({ contestId: j.contestId, contest: j.contest.title, chair: j.chair, appointedAt: iso(j.appointedAt) })),
        contestReviews: reviews.map((r) => ({
          contestId: r.contestId,
          entryNumber: r.entry.number,
          status: r.status,
          scores: r.scores,
          comment: r.comment,
          total: r.total,
          submittedAt: iso(r.submittedAt),
          conflictAt: iso(r.conflictAt),
        })),
        contestVotes: votes.map((v) => ({ contestId: v.contestId, nominationId: v.nominationId, entryNumber: v.entry.number, at: iso(v.createdAt) })),
        contestVoteLog: log.map((l) => ({ contestId: l.contestId, entryId: l.entryId, outcome: l.outcome, at: iso(l.at) })),
      };
    },
    async stop(member) {
      // Their unfinished reviews go to other jurors (judging goes on without them).
      const judging = await prisma.contestReview.findMany({
        where: { jurorId: member.id, status: "ASSIGNED", contest: { status: "JUDGING" } },
        select: { contestId: true },
        distinct: ["contestId"],
      });
      await prisma.contestReview.deleteMany({ where: { jurorId: member.id, status: "ASSIGNED" } });
      // They leave juries still at work (their sent reviews keep counting); the records of finished ones stay.
      await prisma.contestJuror.deleteMany({ where: { memberId: member.id, contest: { status: { in: ["SCHEDULED", "OPEN", "JUDGING"] } } } });
      for (const { contestId } of judging) await services.contestPhases.assign(contestId);
    },
    async erase(memberId, tx) {
      // Entries of contests still taking entries: withdrawn and emptied (nobody has judged them).
      const open = await tx.contestEntry.findMany({ where: { authorId: memberId, contest: { status: { in: ["SCHEDULED", "OPEN"] } } }, select: { id: true } });
      const ids = open.map((e) => e.id);
      if (ids.length) {
        await tx.contestEntryFile.deleteMany({ where: { entryId: { in: ids } } });
        await tx.contestEntry.updateMany({
          where: { id: { in: ids } },
          data: { status: "WITHDRAWN", withdrawnAt: new Date(), title: "—", description: "", link: null, text: null, disqualificationReason: null },
        });
      }
      // Their comments on others' work are their words; the points stay with the results.
      await tx.contestReview.updateMany({ where: { jurorId: memberId, comment: { not: null } }, data: { comment: null } });
      await tx.contestVote.deleteMany({ where: { memberId } });
      await tx.contestVoteLog.deleteMany({ where: { memberId } });
    },
    async purge(member) {
      await services.juryComments.close(member.telegramId);
    },
  }),
});
