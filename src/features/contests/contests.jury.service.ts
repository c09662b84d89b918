import type { DomainEventPublisher } from "../../shared/domain-events.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { MemberState } from "../members/members.types.js";
import type {} from "./contests.events.js";
import type { BlindEntryRow, JuryRepository, QueueRow, ReviewPatch } from "./contests.jury.repository.js";
import type { ContestsRepository } from "./contests.repository.js";
import { commentRequired, maxTotal, reviewTotal } from "./contests.results.js";
import { REVIEW_COMMENT_MAX, type ContestAward, type ContestView, type CriterionView, type ReviewView } from "./contests.types.js";

/**
 * What the jury needs of the judging module (contests.judging.ts, another
 * helper's): the assignment and the computation of results. Injected, so the
 * jury's rules are tested on their own and the two modules do not import each other.
 */
export interface JuryJudging {
  assign(contestId: number): Promise<unknown>;
  /** Writes score/place/award on entries and `outlier` on reviews; returns ties the tie-break criterion and the chair's order left. */
  computeResults(contestId: number): Promise<{ ties: { nominationId: number; entryIds: number[] }[] }>;
}

// ------------------------------------------------------------------ pure rules

/** Whether `points` are a valid score of criterion `c`: an integer 0…max, or 0/1 for pass/fail. */
export function validPoints(c: CriterionView, points: number): boolean {
  if (!Number.isInteger(points) || points < 0) return false;
  return points <= (c.passFail ? 1 : c.maxPoints);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ------------------------------------------------------------------ views

/** One contest on a juror's /jury list. */
export interface JurorContest {
  contest: ContestView;
  chair: boolean;
  /** Reviews given to them (conflicts not counted). */
  assigned: number;
  submitted: number;
  left: number;
}

export interface QueueItem extends QueueRow {
  nominationTitle: string;
}

/** The blind view of an entry with the juror's review of it. */
export interface JurorEntry {
  contest: ContestView;
  review: ReviewView;
  entry: BlindEntryRow;
  nominationTitle: string;
  /** Scores and comment may still change (judging, before the window closes, not a conflict). */
  editable: boolean;
  /** Submitting it needs a comment at the current scores. */
  commentRequired: boolean;
  total: number;
  maxTotal: number;
}

export interface DraftOutlier {
  reviewId: number;
  entryId: number;
  total: number;
  median: number;
}

export interface DraftEntry {
  id: number;
  number: number;
  score: number | null;
  place: number | null;
  award: ContestAward | null;
  reviews: number;
}

export interface DraftNomination {
  id: number;
  title: string;
  /** Admitted entries with reviews, best first. */
  ranking: DraftEntry[];
  /** By the jury's authorship majority. */
  disqualified: DraftEntry[];
  /** By the organisers' decision. */
  removed: DraftEntry[];
  withoutReviews: DraftEntry[];
  outliers: DraftOutlier[];
  /** Groups still tied, each by entry number. */
  ties: DraftEntry[][];
}

/** The chair's screen: the computed results before confirmation. */
export interface ResultsDraft {
  contest: ContestView;
  nominations: DraftNomination[];
  unresolvedTies: number;
  confirmed: boolean;
}

/**
 * Rules of the jury's work (issue 13): the blind review of assigned entries by
 * a rubric, one criterion at a time, comments, submission and edits until the
 * jury window closes, conflicts of interest, and the chair's confirmation of
 * the results. Every method checks first that the member sits on the jury and
 * that the review is theirs; a forged id gets the same refusal as another
 * juror's review and changes nothing.
 *
 * Editing a submitted review: a change of a score or of the comment takes the
 * review back to ASSIGNED ("saved, not confirmed") and clears its total, so
 * the juror confirms the new summary again; the total is never out of step with
 * the scores, and the comment rule is checked on the scores that count. The
 * same value again changes nothing (going through the criteria to look keeps it
 * submitted). Reminders count such a review as unfinished until it is sent.
 */
export class JuryService {
  constructor(
    private readonly jury: JuryRepository,
    private readonly contests: ContestsRepository,
    private readonly audit: AuditRepository,
    private readonly judging: JuryJudging,
    private readonly domainEvents: DomainEventPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.clock();
  }

  // ------------------------------------------------------------------ authorization

  private async requireJuror(member: MemberState | undefined, contestId: number): Promise<{ member: MemberState; contest: ContestView; chair: boolean }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const seat = await this.jury.seat(contestId, member.id);
    if (!seat) throw new ForbiddenError("contests-jury-not-juror");
    const contest = await this.contests.find(contestId);
    if (!contest) throw new ForbiddenError("contests-jury-not-juror");
    return { member, contest, chair: seat.chair };
  }

  /** The review, if it is this member's and they still sit on its jury; otherwise one refusal for every case. */
  private async requireOwnReview(member: MemberState | undefined, reviewId: number): Promise<{ member: MemberState; review: ReviewView; contest: ContestView }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const review = await this.jury.review(reviewId);
    if (!review || review.jurorId !== member.id) throw new ForbiddenError("contests-jury-review-not-yours");
    const { contest } = await this.requireJuror(member, review.contestId).catch(() => {
      throw new ForbiddenError("contests-jury-review-not-yours");
    });
    return { member, review, contest };
  }

  private async requireChair(member: MemberState | undefined, contestId: number): Promise<{ member: MemberState; contest: ContestView }> {
    const seat = await this.requireJuror(member, contestId).catch((e: unknown) => {
      if (e instanceof ForbiddenError) throw new ForbiddenError("contests-jury-chair-only");
      throw e;
    });
    if (!seat.chair) throw new ForbiddenError("contests-jury-chair-only");
    return seat;
  }

  /** Throws unless the review may still change now (checked again under the locks by `change`). */
  private checkWindow(status: ContestView["status"], judgingClosesAt: Date, now: Date): void {
    if (status !== "JUDGING" || now.getTime() >= judgingClosesAt.getTime()) throw new DomainError("contests-jury-closed");
  }

  private editable(contest: ContestView, review: ReviewView, now: Date): boolean {
    return contest.status === "JUDGING" && now.getTime() < contest.judgingClosesAt.getTime() && review.status !== "CONFLICT";
  }

  // ------------------------------------------------------------------ reading

  /** The contests where the member sits on the jury (not cancelled), the newest ten, with their counts. */
  async myContests(member: MemberState | undefined): Promise<JurorContest[]> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const rows = await this.jury.contestsOf(member.id, 10);
    const out: JurorContest[] = [];
    for (const row of rows) {
      const contest = await this.contests.find(row.contestId);
      if (contest) out.push({ contest, chair: row.chair, assigned: row.assigned, submitted: row.submitted, left: row.left });
    }
    return out;
  }

  /** The juror's reviews of a contest: unfinished first, then submitted, then conflicts; each by its entry's code only. */
  async queue(member: MemberState | undefined, contestId: number): Promise<{ contest: ContestView; chair: boolean; items: QueueItem[] }> {
    const { contest, chair } = await this.requireJuror(member, contestId);
    const rank = { ASSIGNED: 0, SUBMITTED: 1, CONFLICT: 2 } as const;
    const titles = new Map(contest.nominations.map((n) => [n.id, n.title]));
    const items = (await this.jury.queue(contestId, member!.id))
      .map((r) => ({ ...r, nominationTitle: titles.get(r.nominationId) ?? "" }))
      .sort((a, b) => rank[a.status] - rank[b.status] || a.entryNumber - b.entryNumber);
    return { contest, chair, items };
  }

  /** The blind view of an entry assigned to the juror, with their review. Refused after a conflict. */
  async entry(member: MemberState | undefined, reviewId: number): Promise<JurorEntry> {
    const { review, contest } = await this.requireOwnReview(member, reviewId);
    if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
    const entry = await this.jury.blindEntry(review.entryId);
    if (!entry) throw new ForbiddenError("contests-jury-review-not-yours");
    return this.view(contest, review, entry);
  }

  private view(contest: ContestView, review: ReviewView, entry: BlindEntryRow): JurorEntry {
    return {
      contest,
      review,
      entry,
      nominationTitle: contest.nominations.find((n) => n.id === entry.nominationId)?.title ?? "",
      editable: this.editable(contest, review, this.clock()),
      commentRequired: commentRequired(contest.criteria, review.scores),
      total: reviewTotal(contest.criteria, review.scores),
      maxTotal: maxTotal(contest.criteria),
    };
  }

  // ------------------------------------------------------------------ reviewing

  /**
   * Changes a review under its lock after checking the window again there;
   * `patch` builds the change from the locked review. A change to a submitted
   * review takes it back to ASSIGNED (see the class comment).
   */
  private async change(reviewId: number, patch: (review: ReviewView) => ReviewPatch | undefined): Promise<{ before: ReviewView; after: ReviewView }> {
    const now = this.clock();
    const result = await this.jury.changeReview(reviewId, ({ review, contest }) => {
      this.checkWindow(contest.status, contest.judgingClosesAt, now);
      if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
      return patch(review);
    });
    if (!result) throw new ForbiddenError("contests-jury-review-not-yours");
    return result;
  }

  private async loaded(reviewId: number, contest: ContestView, review: ReviewView): Promise<JurorEntry> {
    const entry = await this.jury.blindEntry(review.entryId);
    if (!entry) throw new NotFoundError("contests-jury-review-not-yours");
    return this.view(contest, review, entry);
  }

  /** Scores one criterion: an integer 0…max (0 or 1 for pass/fail) of this contest's rubric, while judging is open. */
  async score(member: MemberState | undefined, reviewId: number, criterionId: number, points: number): Promise<JurorEntry> {
    const { review, contest } = await this.requireOwnReview(member, reviewId);
    const criterion = contest.criteria.find((c) => c.id === criterionId);
    if (!criterion) throw new DomainError("contests-jury-criterion-unknown");
    if (!validPoints(criterion, points)) throw new DomainError("contests-jury-points-invalid", { max: criterion.passFail ? 1 : criterion.maxPoints });
    this.checkWindow(contest.status, contest.judgingClosesAt, this.clock());
    if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
    const { after } = await this.change(reviewId, (locked) => {
      if (locked.scores[criterionId] === points) return undefined;
      return { scores: { ...locked.scores, [criterionId]: points }, ...reopen(locked) };
    });
    return this.loaded(reviewId, contest, after);
  }

  /** Sets the comment (up to 1000 characters; empty clears it) while judging is open. */
  async comment(member: MemberState | undefined, reviewId: number, text: string): Promise<JurorEntry> {
    const { review, contest } = await this.requireOwnReview(member, reviewId);
    const clean = (typeof text === "string" ? text : "").normalize("NFC").trim();
    if (Array.from(clean).length > REVIEW_COMMENT_MAX) throw new DomainError("contests-jury-comment-long", { max: REVIEW_COMMENT_MAX });
    this.checkWindow(contest.status, contest.judgingClosesAt, this.clock());
    if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
    const value = clean === "" ? null : clean;
    const { after } = await this.change(reviewId, (locked) => (locked.comment === value ? undefined : { comment: value, ...reopen(locked) }));
    return this.loaded(reviewId, contest, after);
  }

  /**
   * Sends the review: every criterion scored, and a comment when the total is
   * very low or very high. Sending a review already sent changes nothing
   * (`already`: a double tap).
   */
  async submit(member: MemberState | undefined, reviewId: number): Promise<{ entry: JurorEntry; already: boolean }> {
    const { review, contest } = await this.requireOwnReview(member, reviewId);
    this.checkWindow(contest.status, contest.judgingClosesAt, this.clock());
    if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
    const now = this.clock();
    const { before, after } = await this.change(reviewId, (locked) => {
      if (locked.status === "SUBMITTED") return undefined;
      const missing = contest.criteria.filter((c) => locked.scores[c.id] === undefined).length;
      if (missing > 0) throw new DomainError("contests-jury-criteria-missing", { missing });
      if (commentRequired(contest.criteria, locked.scores) && !locked.comment) throw new DomainError("contests-jury-comment-required");
      return { status: "SUBMITTED", total: reviewTotal(contest.criteria, locked.scores), submittedAt: now };
    });
    return { entry: await this.loaded(reviewId, contest, after), already: before.status === "SUBMITTED" };
  }

  /**
   * Declares a conflict of interest on an entry not yet scored and sent: the
   * review is kept as CONFLICT (so the entry never comes back to this juror)
   * and the entry goes to another juror ("contest.conflict-declared").
   */
  async declareConflict(member: MemberState | undefined, reviewId: number): Promise<void> {
    const { review, contest } = await this.requireOwnReview(member, reviewId);
    this.checkWindow(contest.status, contest.judgingClosesAt, this.clock());
    if (review.status === "CONFLICT") throw new DomainError("contests-jury-conflict-declared");
    if (review.status === "SUBMITTED") throw new DomainError("contests-jury-conflict-submitted");
    const now = this.clock();
    await this.change(reviewId, (locked) => {
      if (locked.status !== "ASSIGNED") throw new DomainError("contests-jury-conflict-submitted");
      return { status: "CONFLICT", conflictAt: now, scores: {}, comment: null, total: null, submittedAt: null };
    });
    await this.domainEvents.emit("contest.conflict-declared", { contestId: contest.id, entryId: review.entryId, jurorId: review.jurorId });
  }

  // ------------------------------------------------------------------ the chair

  private async requireConfirming(member: MemberState | undefined, contestId: number): Promise<{ member: MemberState; contest: ContestView }> {
    const seat = await this.requireChair(member, contestId);
    if (seat.contest.status !== "CONFIRMING") throw new DomainError("contests-jury-not-confirming");
    return seat;
  }

  /**
   * The chair's draft of the results (status CONFIRMING): per nomination the
   * ranking, reviews flagged as outliers against the entry's median, the
   * disqualified, entries without reviews, and ties still unresolved.
   * Computes the results again until they are confirmed (they depend only on
   * the reviews, closed by now, and the chair's order).
   */
  async draft(member: MemberState | undefined, contestId: number): Promise<ResultsDraft> {
    const { contest } = await this.requireConfirming(member, contestId);
    const ties = contest.confirmedAt ? [] : (await this.judging.computeResults(contestId)).ties;
    return this.buildDraft((await this.contests.find(contestId)) ?? contest, ties);
  }

  private async buildDraft(contest: ContestView, ties: { nominationId: number; entryIds: number[] }[]): Promise<ResultsDraft> {
    const [entries, reviews] = await Promise.all([this.jury.draftEntries(contest.id), this.jury.submittedReviews(contest.id)]);
    const reviewsOf = new Map<number, typeof reviews>();
    for (const r of reviews) reviewsOf.set(r.entryId, [...(reviewsOf.get(r.entryId) ?? []), r]);
    const toDraft = (e: (typeof entries)[number]): DraftEntry => ({
      id: e.id,
      number: e.number,
      score: e.score,
      place: e.place,
      award: e.award,
      reviews: reviewsOf.get(e.id)?.length ?? 0,
    });
    const nominations = contest.nominations.map((n): DraftNomination => {
      const own = entries.filter((e) => e.nominationId === n.id);
      const byId = new Map(own.map((e) => [e.id, toDraft(e)]));
      const outliers: DraftOutlier[] = [];
      for (const e of own) {
        const list = reviewsOf.get(e.id) ?? [];
        const totals = list.map((r) => r.total ?? 0);
        for (const r of list) if (r.outlier) outliers.push({ reviewId: r.id, entryId: e.id, total: r.total ?? 0, median: median(totals) });
      }
      const ranked = own.filter((e) => e.status === "SUBMITTED" && (reviewsOf.get(e.id)?.length ?? 0) > 0).map(toDraft);
      ranked.sort((a, b) => (a.place ?? Infinity) - (b.place ?? Infinity) || (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.number - b.number);
      return {
        id: n.id,
        title: n.title,
        ranking: ranked,
        disqualified: own.filter((e) => e.status === "DISQUALIFIED" && !e.disqualificationReason).map(toDraft),
        removed: own.filter((e) => e.status === "DISQUALIFIED" && e.disqualificationReason).map(toDraft),
        withoutReviews: own.filter((e) => e.status === "SUBMITTED" && (reviewsOf.get(e.id)?.length ?? 0) === 0).map(toDraft),
        outliers,
        ties: ties
          .filter((t) => t.nominationId === n.id)
          .map((t) =>
            t.entryIds
              .map((id) => byId.get(id))
              .filter((e): e is DraftEntry => e !== undefined)
              .sort((a, b) => a.number - b.number),
          )
          .filter((group) => group.length > 1)
          .sort((a, b) => a[0]!.number - b[0]!.number),
      };
    });
    return {
      contest,
      nominations,
      unresolvedTies: nominations.reduce((sum, n) => sum + n.ties.length, 0),
      confirmed: contest.confirmedAt !== null,
    };
  }

  /**
   * The chair's order of entries still tied (1 first): exactly the entries of
   * one unresolved tie of the nomination. Sets their chair_rank and computes
   * the results again.
   */
  async breakTie(member: MemberState | undefined, contestId: number, nominationId: number, orderedEntryIds: number[]): Promise<ResultsDraft> {
    const { member: chair, contest } = await this.requireConfirming(member, contestId);
    if (contest.confirmedAt) throw new DomainError("contests-jury-already-confirmed");
    if (!contest.nominations.some((n) => n.id === nominationId)) throw new DomainError("contests-jury-tie-gone");
    const ids = orderedEntryIds;
    if (!Array.isArray(ids) || ids.length < 2 || new Set(ids).size !== ids.length) throw new DomainError("contests-jury-tie-gone");
    const { ties } = await this.judging.computeResults(contestId);
    const wanted = [...ids].sort((a, b) => a - b).join(",");
    const tie = ties.find((t) => t.nominationId === nominationId && [...t.entryIds].sort((a, b) => a - b).join(",") === wanted);
    if (!tie) throw new DomainError("contests-jury-tie-gone");
    await this.jury.setChairRanks(contestId, ids, (tx) =>
      this.audit.record({ actorId: chair.id, action: "contest.tie-break", details: { contestId, nominationId, entryIds: ids } }, tx),
    );
    const again = await this.judging.computeResults(contestId);
    return this.buildDraft((await this.contests.find(contestId)) ?? contest, again.ties);
  }

  /**
   * Confirms the results (the chair, in CONFIRMING): refused while ties are
   * unresolved. The contest stays CONFIRMING; the results are published at
   * their date ("contest.confirmed"). A second confirmation is refused.
   */
  async confirm(member: MemberState | undefined, contestId: number): Promise<ResultsDraft> {
    const { member: chair, contest } = await this.requireConfirming(member, contestId);
    if (contest.confirmedAt) throw new DomainError("contests-jury-already-confirmed");
    const { ties } = await this.judging.computeResults(contestId);
    if (ties.some((t) => t.entryIds.length > 1)) throw new DomainError("contests-jury-ties-unresolved", { ties: ties.length });
    const ok = await this.jury.confirm(contestId, chair.id, this.clock(), (tx) =>
      this.audit.record({ actorId: chair.id, action: "contest.confirm", details: { contestId, title: contest.title } }, tx),
    );
    if (!ok) throw new DomainError("contests-jury-already-confirmed");
    await this.domainEvents.emit("contest.confirmed", { contestId, by: chair.id });
    return this.buildDraft((await this.contests.find(contestId)) ?? contest, []);
  }
}

/** A change to a submitted review makes it a draft again (see JuryService). */
function reopen(review: ReviewView): ReviewPatch {
  return review.status === "SUBMITTED" ? { status: "ASSIGNED", total: null, submittedAt: null } : {};
}
