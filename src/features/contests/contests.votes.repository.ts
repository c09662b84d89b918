import type { PrismaClient } from "../../generated/prisma/client.js";
import { entryInclude, toEntryView, type Tx } from "./contests.repository.js";
import type { EntryView } from "./contests.types.js";

/** What one attempt to vote came to (also the vote log's outcome). */
export type VoteOutcome = "accepted" | "repeat" | "own" | "ineligible" | "closed" | "gone";

/** The outcome with what the voter's screen needs of the entry (absent when it is gone). */
export interface VoteResult {
  outcome: VoteOutcome;
  entry?: { contestId: number; nominationId: number; files: number };
}

/** One vote with whether its voter looks like a made-up account (for the burst check). */
export interface VoteTrace {
  entryId: number;
  at: Date;
  suspicious: boolean;
}

/**
 * The audience vote's storage. A vote is one statement: the checks (the entry
 * admitted, the vote open, not one's own entry, registered before the vote
 * opened), the insert (the primary key (nomination, member) makes a second
 * vote impossible, whatever the concurrency) and the log line are decided
 * together, so nothing can slip between a check and the write.
 */
export class VotesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async vote(memberId: number, entryId: number, now: Date): Promise<VoteResult> {
    const rows = await this.prisma.$queryRaw<{ outcome: VoteOutcome; contest_id: number; nomination_id: number; files: number }[]>`
      WITH e AS (
        SELECT en.id, en.contest_id, en.nomination_id, en.author_id, en.status,
               c.status AS contest_status, c.audience_vote, c.submission_closes_at, c.judging_closes_at
          FROM contest_entries en JOIN contests c ON c.id = en.contest_id
         WHERE en.id = ${entryId}
      ), m AS (
        SELECT registered_at, deleted_at FROM members WHERE id = ${memberId}
      ), verdict AS (
        SELECT e.*, CASE
                 WHEN e.status <> 'SUBMITTED' OR NOT e.audience_vote THEN 'gone'
                 WHEN e.contest_status <> 'JUDGING' OR ${now}::timestamptz >= e.judging_closes_at THEN 'closed'
                 WHEN e.author_id = ${memberId} THEN 'own'
                 WHEN m.registered_at IS NULL OR m.deleted_at IS NOT NULL OR m.registered_at >= e.submission_closes_at THEN 'ineligible'
                 ELSE 'ok' END AS v
          FROM e, m
      ), ins AS (
        INSERT INTO contest_votes (nomination_id, member_id, contest_id, entry_id, created_at)
        SELECT nomination_id, ${memberId}, contest_id, id, ${now}::timestamptz FROM verdict WHERE v = 'ok'
        ON CONFLICT DO NOTHING
        RETURNING entry_id
      ), result AS (
        SELECT contest_id, nomination_id, id, CASE WHEN v <> 'ok' THEN v WHEN EXISTS (SELECT 1 FROM ins) THEN 'accepted' ELSE 'repeat' END AS outcome
          FROM verdict
      ), logged AS (
        INSERT INTO contest_vote_log (contest_id, entry_id, member_id, outcome, at)
        SELECT contest_id, id, ${memberId}, outcome, ${now}::timestamptz FROM result WHERE outcome <> 'gone'
      )
      SELECT outcome, contest_id, nomination_id, (SELECT count(*)::int FROM contest_entry_files f WHERE f.entry_id = result.id) AS files FROM result`;
    const row = rows[0];
    if (!row) return { outcome: "gone" };
    return { outcome: row.outcome, entry: { contestId: row.contest_id, nominationId: row.nomination_id, files: row.files } };
  }

  /** The member's votes in a contest: nomination → entry. */
  async mine(memberId: number, contestId: number): Promise<Map<number, number>> {
    const rows = await this.prisma.contestVote.findMany({ where: { memberId, contestId }, select: { nominationId: true, entryId: true } });
    return new Map(rows.map((r) => [r.nominationId, r.entryId]));
  }

  /** Admitted entries of a nomination, by number, a page at a time. */
  async entries(contestId: number, nominationId: number, offset: number, limit: number): Promise<{ items: EntryView[]; total: number }> {
    const where = { contestId, nominationId, status: "SUBMITTED" as const };
    const [rows, total] = await Promise.all([
      this.prisma.contestEntry.findMany({ where, include: entryInclude, orderBy: { number: "asc" }, skip: offset, take: limit }),
      this.prisma.contestEntry.count({ where }),
    ]);
    return { items: rows.map(toEntryView), total };
  }

  /**
   * Closes the vote: each admitted entry's count is stored, and the most voted
   * entries of each nomination (ties share it; none without votes) get the
   * audience prize. Idempotent.
   */
  async close(contestId: number, tx: Tx | PrismaClient = this.prisma): Promise<void> {
    await tx.$executeRaw`
      WITH counts AS (
        SELECT e.id, e.nomination_id, e.status, (SELECT count(*) FROM contest_votes v WHERE v.entry_id = e.id)::int AS n
          FROM contest_entries e WHERE e.contest_id = ${contestId} AND e.status <> 'WITHDRAWN'
      ), ranked AS (
        SELECT id, n, status = 'SUBMITTED' AND n > 0 AND n = max(CASE WHEN status = 'SUBMITTED' THEN n ELSE 0 END) OVER (PARTITION BY nomination_id) AS prize
          FROM counts
      )
      UPDATE contest_entries e SET audience_votes = r.n, audience_prize = r.prize FROM ranked r WHERE e.id = r.id`;
  }

  /**
   * Every vote of a contest, oldest first per entry, with whether the voter is
   * new (registered less than `newWithinDays` before the vote opened) or has
   * never done anything else in the community (no material, rating, comment,
   * event registration or entry).
   */
  async traces(contestId: number, newWithinDays: number): Promise<VoteTrace[]> {
    return this.prisma.$queryRaw<VoteTrace[]>`
      SELECT v.entry_id AS "entryId", v.created_at AS "at",
             (m.registered_at > c.submission_closes_at - make_interval(days => ${newWithinDays})
              OR NOT (EXISTS (SELECT 1 FROM materials x WHERE x.author_id = m.id)
                   OR EXISTS (SELECT 1 FROM material_ratings x WHERE x.member_id = m.id)
                   OR EXISTS (SELECT 1 FROM material_comments x WHERE x.author_id = m.id)
                   OR EXISTS (SELECT 1 FROM event_registrations x WHERE x.member_id = m.id)
                   OR EXISTS (SELECT 1 FROM contest_entries x WHERE x.author_id = m.id))) AS suspicious
        FROM contest_votes v JOIN members m ON m.id = v.member_id JOIN contests c ON c.id = v.contest_id
       WHERE v.contest_id = ${contestId}
       ORDER BY v.entry_id, v.created_at`;
  }

  /** Vote counts per entry once the vote is closed (null before). */
  async counts(contestId: number, nominationId: number): Promise<{ entryId: number; number: number; title: string; votes: number; prize: boolean }[]> {
    const rows = await this.prisma.contestEntry.findMany({
      where: { contestId, nominationId, status: "SUBMITTED", audienceVotes: { not: null } },
      select: { id: true, number: true, title: true, audienceVotes: true, audiencePrize: true },
      orderBy: [{ audienceVotes: "desc" }, { number: "asc" }],
    });
    return rows.map((r) => ({ entryId: r.id, number: r.number, title: r.title, votes: r.audienceVotes ?? 0, prize: r.audiencePrize }));
  }

  /** Deletes the raw log older than `before`; returns how many lines. */
  async purgeLog(before: Date): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM contest_vote_log WHERE at < ${before}`;
  }
}
