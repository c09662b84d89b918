import { DomainError } from "../../shared/errors.js";
import type { MemberState } from "../members/members.types.js";
import type { ContestsRepository } from "./contests.repository.js";
import {
  VOTE_BURST_MIN,
  VOTE_BURST_SUSPICIOUS_SHARE,
  VOTE_BURST_WINDOW_MS,
  VOTE_LOG_RETENTION_DAYS,
  VOTE_NEW_ACCOUNT_DAYS,
  type ContestView,
  type EntryView,
} from "./contests.types.js";
import type { VoteResult, VoteTrace, VotesRepository } from "./contests.votes.repository.js";

/** A burst flagged for the organisers: an entry, when, how many votes and how many of them suspicious. */
export interface VoteBurst {
  entryId: number;
  from: Date;
  to: Date;
  votes: number;
  suspicious: number;
}

/**
 * Finds bursts in votes ordered by entry and time: a window of VOTE_BURST_WINDOW_MS
 * with at least VOTE_BURST_MIN votes for one entry of which at least
 * VOTE_BURST_SUSPICIOUS_SHARE come from new or inactive accounts. One burst per
 * entry is reported (its largest window). Pure.
 */
export function findBursts(traces: readonly VoteTrace[]): VoteBurst[] {
  const bursts: VoteBurst[] = [];
  let i = 0;
  while (i < traces.length) {
    const entryId = traces[i]!.entryId;
    let end = i;
    while (end < traces.length && traces[end]!.entryId === entryId) end++;
    let best: VoteBurst | undefined;
    let lo = i;
    let suspicious = 0;
    for (let hi = i; hi < end; hi++) {
      if (traces[hi]!.suspicious) suspicious++;
      while (traces[hi]!.at.getTime() - traces[lo]!.at.getTime() > VOTE_BURST_WINDOW_MS) {
        if (traces[lo]!.suspicious) suspicious--;
        lo++;
      }
      const votes = hi - lo + 1;
      if (votes >= VOTE_BURST_MIN && suspicious >= VOTE_BURST_SUSPICIOUS_SHARE * votes && (!best || votes > best.votes)) {
        best = { entryId, from: traces[lo]!.at, to: traces[hi]!.at, votes, suspicious };
      }
    }
    if (best) bursts.push(best);
    i = end;
  }
  return bursts;
}

/** What a voter sees of a nomination: its admitted entries (anonymous), their vote, and counts once the vote is closed. */
export interface BallotView {
  contest: ContestView;
  nominationId: number;
  entries: EntryView[];
  total: number;
  /** The entry the viewer voted for in this nomination. */
  myVote: number | undefined;
  open: boolean;
}

/**
 * The audience vote: a separate prize, never mixed into the jury's places.
 * One vote per nomination per member registered before the vote opened (the
 * close of submissions), never for one's own entry, counts hidden until the
 * vote closes with judging, bursts from new or inactive accounts flagged for
 * the organisers, the raw log kept VOTE_LOG_RETENTION_DAYS.
 */
export class VotesService {
  constructor(
    private readonly votes: VotesRepository,
    private readonly contests: ContestsRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async contest(contestId: number): Promise<ContestView> {
    const contest = await this.contests.find(contestId);
    if (!contest || !contest.audienceVote || contest.status === "CANCELLED") throw new DomainError("contests-vote-none");
    return contest;
  }

  /** Whether the vote is running now. */
  isOpen(contest: Pick<ContestView, "audienceVote" | "status" | "judgingClosesAt">): boolean {
    return contest.audienceVote && contest.status === "JUDGING" && this.now().getTime() < contest.judgingClosesAt.getTime();
  }

  /** The contest's vote screen: its nominations and the member's votes. */
  async overview(member: MemberState | undefined, contestId: number): Promise<{ contest: ContestView; open: boolean; mine: Map<number, number> }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const contest = await this.contest(contestId);
    if (contest.status === "SCHEDULED" || contest.status === "OPEN") throw new DomainError("contests-vote-not-yet");
    return { contest, open: this.isOpen(contest), mine: await this.votes.mine(member.id, contestId) };
  }

  async ballot(member: MemberState | undefined, contestId: number, nominationId: number, page: number, pageSize: number): Promise<BallotView> {
    const { contest, open, mine } = await this.overview(member, contestId);
    if (!contest.nominations.some((n) => n.id === nominationId)) throw new DomainError("errors-stale-button");
    const { items, total } = await this.votes.entries(contestId, nominationId, page * pageSize, pageSize);
    return { contest, nominationId, entries: items, total, myVote: mine.get(nominationId), open };
  }

  /** One entry as voters see it (no author). */
  async entry(member: MemberState | undefined, entryId: number): Promise<{ contest: ContestView; entry: EntryView; open: boolean; myVote: number | undefined }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const entry = await this.contests.entry(entryId);
    if (!entry || entry.status !== "SUBMITTED") throw new DomainError("contests-vote-entry-gone");
    const { contest, open, mine } = await this.overview(member, entry.contestId);
    return { contest, entry, open, myVote: mine.get(entry.nominationId) };
  }

  /** Casts a vote; every outcome but "accepted" is a refusal the member is told about. */
  async vote(member: MemberState | undefined, entryId: number): Promise<VoteResult> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    if (!Number.isSafeInteger(entryId) || entryId <= 0 || entryId > 2_147_483_647) return { outcome: "gone" };
    return this.votes.vote(member.id, entryId, this.now());
  }

  /** At the close of judging: counts and the audience prize are stored on the entries. */
  async close(contestId: number): Promise<void> {
    await this.votes.close(contestId);
  }

  /** Bursts for the organisers' progress screen. */
  async bursts(contestId: number): Promise<VoteBurst[]> {
    return findBursts(await this.votes.traces(contestId, VOTE_NEW_ACCOUNT_DAYS));
  }

  /** Counts per entry of a nomination, once the vote is closed. */
  async results(contestId: number, nominationId: number) {
    return this.votes.counts(contestId, nominationId);
  }

  /** Daily: the raw log older than the retention period goes. */
  async purgeLog(): Promise<number> {
    return this.votes.purgeLog(new Date(this.now().getTime() - VOTE_LOG_RETENTION_DAYS * 24 * 3600_000));
  }
}
