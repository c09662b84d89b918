/**
 * What the results protocol prints, read from the contest's tables once its
 * results are confirmed (they do not change afterwards, so the protocol's
 * PDF and its SHA-256 stay what the chair confirmed). The layout is in
 * contests.protocol-pdf.ts; the document (number, code, verification) is the
 * certificates slice's.
 */
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Translate } from "../../bot/i18n.js";
import type { ProtocolDecision, ProtocolEntry, ProtocolFacts } from "./contests.protocol-pdf.js";
import type { ContestsRepository } from "./contests.repository.js";
import { entryCode, type Scores } from "./contests.types.js";

export interface ProtocolFactsDeps {
  prisma: PrismaClient;
  repository: ContestsRepository;
  /** The protocol's language (the community's: Russian). */
  t: Translate;
  communityName: string;
  /** Flagged vote bursts (VotesService.bursts). */
  bursts: (contestId: number) => Promise<unknown[]>;
}

const nameOf = (m: { deletedAt: Date | null; profile: { fullName: string } | null }): string | null => (m.deletedAt || !m.profile ? null : m.profile.fullName);

/** Reads the facts of a contest's protocol. */
export function protocolFacts(deps: ProtocolFactsDeps): (contestId: number) => Promise<ProtocolFacts> {
  const member = { select: { deletedAt: true, profile: { select: { fullName: true } } } } as const;
  return async (contestId) => {
    const contest = await deps.repository.find(contestId);
    if (!contest) throw new Error(`contest ${contestId} is gone`);
    const letter = deps.t("contests-code-letter");
    const [jurors, entries, counts, outliers, confirmer] = await Promise.all([
      deps.prisma.contestJuror.findMany({ where: { contestId }, orderBy: [{ chair: "desc" }, { appointedAt: "asc" }], include: { member } }),
      deps.prisma.contestEntry.findMany({
        where: { contestId, status: { in: ["SUBMITTED", "DISQUALIFIED"] } },
        orderBy: { number: "asc" },
        include: { author: member, reviews: { where: { status: "SUBMITTED" }, select: { scores: true } } },
      }),
      deps.repository.entryCounts(contestId),
      deps.prisma.contestReview.count({ where: { contestId, outlier: true, status: "SUBMITTED" } }),
      contest.confirmedById ? deps.prisma.member.findUnique({ where: { id: contest.confirmedById }, ...member }) : Promise.resolve(null),
    ]);
    const removals = entries
      .filter((e) => e.status === "DISQUALIFIED" && e.disqualificationReason)
      .map((e) => ({ code: entryCode(letter, e.number), reason: e.disqualificationReason! }));
    const scored = contest.criteria.filter((c) => !c.passFail);
    const rows = entries.map((e) => {
      const reviews = e.reviews.map((r) => r.scores as Scores);
      const means = scored.map((c) => {
        const points = reviews.map((s) => s[c.id]).filter((p): p is number => typeof p === "number");
        return points.length ? points.reduce((a, b) => a + b, 0) / points.length : null;
      });
      const decision: ProtocolDecision =
        e.status === "DISQUALIFIED" ? (e.disqualificationReason ? "REMOVED" : "DISQUALIFIED") : reviews.length === 0 ? "NO_REVIEWS" : (e.award ?? "PARTICIPANT");
      const row: ProtocolEntry = {
        code: entryCode(letter, e.number),
        author: nameOf(e.author),
        title: e.title,
        means,
        score: e.status === "DISQUALIFIED" ? null : e.score,
        place: e.status === "DISQUALIFIED" ? null : e.place,
        decision,
      };
      return { row, nominationId: e.nominationId, audienceVotes: e.audienceVotes ?? 0, audiencePrize: e.audiencePrize };
    });
    // By place, then unplaced entries by code.
    const order = (a: ProtocolEntry, b: ProtocolEntry) => (a.place ?? Infinity) - (b.place ?? Infinity) || a.code.localeCompare(b.code);
    const nominations = contest.nominations.map((n) => ({
      title: n.title,
      entries: rows
        .filter((r) => r.nominationId === n.id)
        .map((r) => r.row)
        .sort(order),
    }));
    const audience = contest.audienceVote
      ? {
          nominations: contest.nominations.map((n) => {
            const mine = rows.filter((r) => r.nominationId === n.id);
            return {
              nomination: n.title,
              votes: mine.reduce((sum, r) => sum + r.audienceVotes, 0),
              winners: mine.filter((r) => r.audiencePrize).map((r) => ({ code: r.row.code, author: r.row.author, title: r.row.title, votes: r.audienceVotes })),
            };
          }),
          flagged: (await deps.bursts(contestId)).length,
        }
      : undefined;
    return {
      communityName: deps.communityName,
      timezone: contest.timezone,
      submissionOpensAt: contest.submissionOpensAt,
      submissionClosesAt: contest.submissionClosesAt,
      judgingClosesAt: contest.judgingClosesAt,
      jury: jurors.map((j) => ({ name: nameOf(j.member), chair: j.chair })),
      counts: {
        received: counts.received,
        withdrawn: counts.withdrawn,
        admitted: counts.admitted,
        disqualified: counts.disqualified - removals.length,
        removed: removals.length,
      },
      removals,
      outliers,
      criteria: contest.criteria.map((c) => ({ title: c.title, maxPoints: c.maxPoints, weight: c.weight, passFail: c.passFail, tieBreak: c.tieBreak })),
      nominations,
      ...(audience ? { audience } : {}),
      chairName: confirmer ? nameOf(confirmer) : null,
    };
  };
}
