// Contest fixtures for the jury's tests: a contest in any status with its
// nominations and rubric, entries, jurors and reviews, written directly with
// prisma; and a small stand-in for contests.judging.ts (another helper's
// module) that computes scores, outliers and ties the simple way.
import type { PrismaClient } from "../../src/db/prisma.js";
import type { ContestStatus } from "../../src/generated/prisma/enums.js";
import type { JuryJudging } from "../../src/features/contests/contests.jury.service.js";

export interface ContestFixture {
  id: number;
  nominations: number[];
  /** Criterion ids in rubric order: four scored 0–5 (the third breaks ties, weight 2 on the second), then pass/fail authorship. */
  criteria: number[];
}

export async function createContest(
  prisma: PrismaClient,
  organiserId: number,
  options: { status?: ContestStatus; judgingClosesAt?: Date; title?: string; nominations?: string[] } = {},
): Promise<ContestFixture> {
  const closes = options.judgingClosesAt ?? new Date(Date.now() + 3 * 86_400_000);
  const contest = await prisma.contest.create({
    data: {
      organiserId,
      title: options.title ?? "Лучший урок математики",
      timezone: "Europe/Moscow",
      submissionOpensAt: new Date(closes.getTime() - 20 * 86_400_000),
      submissionClosesAt: new Date(closes.getTime() - 10 * 86_400_000),
      judgingClosesAt: closes,
      resultsAt: new Date(closes.getTime() + 2 * 86_400_000),
      formats: ["file", "text"],
      status: options.status ?? "JUDGING",
      nominations: {
        create: (options.nominations ?? ["Урок", "Проект"]).map((title, position) => ({ position, title, subjectCodes: [], gradeCodes: [] })),
      },
      criteria: {
        create: [
          { position: 0, title: "Соответствие стандартам", maxPoints: 5 },
          { position: 1, title: "Актуальность и новизна", maxPoints: 5, weight: 2 },
          { position: 2, title: "Методическое качество", maxPoints: 5, tieBreak: true },
          { position: 3, title: "Практическая применимость", maxPoints: 5 },
          { position: 4, title: "Авторство", maxPoints: 0, passFail: true },
        ],
      },
    },
    include: { nominations: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } } },
  });
  return { id: contest.id, nominations: contest.nominations.map((n) => n.id), criteria: contest.criteria.map((c) => c.id) };
}

let entryNumbers = new Map<number, number>();

export async function createEntry(
  prisma: PrismaClient,
  contest: ContestFixture,
  authorId: number,
  over: { nomination?: number; title?: string; description?: string; text?: string; link?: string; files?: { fileId: string; fileName: string }[] } = {},
): Promise<{ id: number; number: number }> {
  const number = (entryNumbers.get(contest.id) ?? 0) + 1;
  entryNumbers.set(contest.id, number);
  const entry = await prisma.contestEntry.create({
    data: {
      contestId: contest.id,
      nominationId: over.nomination ?? contest.nominations[0]!,
      authorId,
      number,
      title: over.title ?? `Работа ${number}`,
      description: over.description ?? "Конспект урока с рабочими листами.",
      text: over.text ?? null,
      link: over.link ?? null,
      declaredAt: new Date(),
      files: {
        create: (over.files ?? []).map((f, position) => ({
          position,
          fileId: f.fileId,
          fileUniqueId: `u-${f.fileId}`,
          fileName: f.fileName,
          mimeType: "application/pdf",
          fileSize: 1000,
        })),
      },
    },
  });
  await prisma.contest.update({ where: { id: contest.id }, data: { lastEntryNumber: number } });
  return { id: entry.id, number };
}

export function resetEntryNumbers(): void {
  entryNumbers = new Map();
}

export async function seatJuror(prisma: PrismaClient, contestId: number, memberId: number, chair = false): Promise<void> {
  await prisma.contestJuror.create({ data: { contestId, memberId, chair } });
}

export async function assignReview(
  prisma: PrismaClient,
  contestId: number,
  entryId: number,
  jurorId: number,
  over: { scores?: Record<number, number>; status?: "ASSIGNED" | "SUBMITTED"; total?: number } = {},
): Promise<number> {
  const review = await prisma.contestReview.create({
    data: {
      contestId,
      entryId,
      jurorId,
      status: over.status ?? "ASSIGNED",
      scores: over.scores ?? {},
      total: over.total ?? null,
      submittedAt: over.status === "SUBMITTED" ? new Date() : null,
    },
  });
  return review.id;
}

/**
 * A stand-in for ContestJudging: the score is the mean of submitted totals,
 * an outlier is more than 30 % from the entry's median, places go by score
 * then chair_rank; ties are equal scores among entries without a chair rank.
 */
export function simpleJudging(prisma: PrismaClient, calls: { assign: number[]; compute: number[] } = { assign: [], compute: [] }): JuryJudging & { calls: typeof calls } {
  return {
    calls,
    async assign(contestId) {
      calls.assign.push(contestId);
    },
    async computeResults(contestId) {
      calls.compute.push(contestId);
      const entries = await prisma.contestEntry.findMany({ where: { contestId, status: "SUBMITTED" }, include: { reviews: { where: { status: "SUBMITTED" } } } });
      const scored: { id: number; nominationId: number; score: number; chairRank: number | null }[] = [];
      for (const e of entries) {
        if (e.reviews.length === 0) continue;
        const totals = e.reviews.map((r) => r.total ?? 0).sort((a, b) => a - b);
        const mid = Math.floor(totals.length / 2);
        const median = totals.length % 2 ? totals[mid]! : (totals[mid - 1]! + totals[mid]!) / 2;
        for (const r of e.reviews) {
          await prisma.contestReview.update({ where: { id: r.id }, data: { outlier: median > 0 && Math.abs((r.total ?? 0) - median) / median > 0.3 } });
        }
        const score = totals.reduce((a, b) => a + b, 0) / totals.length;
        scored.push({ id: e.id, nominationId: e.nominationId, score, chairRank: e.chairRank });
      }
      const ties: { nominationId: number; entryIds: number[] }[] = [];
      for (const nominationId of new Set(scored.map((s) => s.nominationId))) {
        const own = scored.filter((s) => s.nominationId === nominationId).sort((a, b) => b.score - a.score || (a.chairRank ?? 99) - (b.chairRank ?? 99));
        for (const [i, s] of own.entries()) {
          await prisma.contestEntry.update({
            where: { id: s.id },
            data: { score: s.score, place: i + 1, award: i === 0 ? "WINNER" : i <= 2 ? "PRIZE_WINNER" : "PARTICIPANT" },
          });
        }
        const byScore = new Map<number, typeof own>();
        for (const s of own) byScore.set(s.score, [...(byScore.get(s.score) ?? []), s]);
        for (const group of byScore.values()) {
          if (group.length > 1 && group.some((s) => s.chairRank === null)) ties.push({ nominationId, entryIds: group.map((s) => s.id) });
        }
      }
      return { ties };
    },
  };
}
