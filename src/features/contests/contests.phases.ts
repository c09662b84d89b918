/**
 * The phase keeper of contests: a contest opens, closes submissions, closes
 * judging and publishes its results by itself at its dates.
 *
 * Each phase is one delayed BullMQ job whose id carries the date it was
 * planned for (`contest-<id>-<phase>-<ms>`). Moving a date schedules a job
 * with a new id; the old one still runs at the old time, finds that the date
 * it was planned for is no longer the contest's, and does nothing. A phase
 * moves the status with `UPDATE … WHERE status = <from>` under the contest's
 * row lock, so a job that runs twice (a retry, a stalled job, two workers)
 * moves it once; what follows a move (assignment, results, messages,
 * documents) is idempotent in itself and is repeated by the retry when a run
 * failed half-way.
 *
 * PostgreSQL is the source of truth: `reconcile()` (at start, after Redis lost
 * its data, and every few minutes as a watchdog) schedules the next phase of
 * every contest still running, and finishes a publication whose documents
 * were not issued. A phase whose date has passed runs at once.
 *
 * Publication needs both the results date and the chair's confirmation: the
 * "publish" job at results_at publishes a confirmed contest and reminds the
 * organiser and the chair of an unconfirmed one; a confirmation after the
 * date publishes at once (the "contest.confirmed" subscriber queues it).
 */
import type { JobQueues } from "../../jobs/queues.js";
import type { Logger } from "../../shared/logger.js";
import type { CertificatesService } from "../certificates/certificates.service.js";
import type { IssueRequest } from "../certificates/certificates.types.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { ContestsRepository } from "./contests.repository.js";
import { JUROR_REMINDER_KIND, jurorAutoReminderRefId } from "./contests.service.js";
import { JUROR_REMINDER_OFFSETS_MS, PHASE_MOVES, contestRef, nextPhase, phaseDate, type ContestView, type Phase } from "./contests.types.js";

/** Delivery kinds of the phase keeper (renderers in contests.notices.ts). */
export const NOTICE = {
  /** To each juror with entries to review, when submissions close (or when they join later). */
  assigned: "contest.jury-assigned",
  /** To the organiser: submissions closed but nobody is on the jury. */
  noJury: "contest.no-jury",
  /** To the organiser: submissions closed without a single entry. */
  noEntries: "contest.no-entries",
  /** To the authors of admitted entries: judging is over, results on <date>. */
  judgingClosed: "contest.judging-closed",
  /** To the chair (the organiser when there is none): confirm the results. */
  confirm: "contest.confirm-request",
  /** To the organiser and the chair: the results date came without a confirmation. */
  overdue: "contest.confirm-overdue",
  /** To every author: their scores, the jury's comments, their place. */
  results: "contest.results",
  /** To the author of an entry the organisers removed: which one, and why. */
  removed: "contest.entry-removed",
  /** To entrants and jurors: the contest was cancelled. */
  cancelled: "contest.cancelled",
} as const;

export function phaseJobId(contestId: number, phase: Phase, at: Date): string {
  return `contest-${contestId}-${phase}-${at.getTime()}`;
}

export function reminderJobId(contestId: number, at: Date): string {
  return `contest-${contestId}-remind-${at.getTime()}`;
}

/** What a phase needs of the judging (contests.judging.ts). */
export interface Judging {
  assign(contestId: number): Promise<{ created: number; shortfall: number }>;
  computeResults(contestId: number): Promise<unknown>;
}

/** What a phase needs of the announcements (contests.announce.ts). */
export interface Announcer {
  phase(contestId: number, phase: "open" | "judging" | "results"): Promise<void>;
}

/** What a phase needs of the audience vote (contests.votes.service.ts). */
export interface VoteCloser {
  close(contestId: number): Promise<void>;
}

export interface ContestPhasesDeps {
  repository: ContestsRepository;
  judging: Judging;
  announcer: Announcer;
  votes: VoteCloser;
  delivery: Pick<DeliveryService, "enqueue">;
  certificates: Pick<CertificatesService, "issue">;
  queues: JobQueues;
  now: () => Date;
  logger?: Logger;
}

export type PhaseOutcome = "moved" | "stale" | "early" | "already" | "waiting-confirmation" | "gone";

export class ContestPhases {
  constructor(private readonly deps: ContestPhasesDeps) {}

  private get repo(): ContestsRepository {
    return this.deps.repository;
  }

  /**
   * Queues the job of the contest's next phase at its date and the jurors'
   * reminders before judging closes. Deterministic ids: scheduling again is harmless.
   */
  async schedule(contestId: number): Promise<void> {
    const contest = await this.repo.find(contestId);
    if (!contest) return;
    await this.scheduleNext(contest);
  }

  /** "contest.created": its jobs, and the opening announced at once when it opened on creation. */
  async created(contestId: number): Promise<void> {
    const contest = await this.repo.find(contestId);
    if (!contest) return;
    await this.scheduleNext(contest);
    if (contest.status === "OPEN") await this.deps.announcer.phase(contestId, "open");
  }

  private async scheduleNext(contest: ContestView): Promise<void> {
    const now = this.deps.now().getTime();
    const phase = nextPhase(contest.status);
    if (phase) {
      const at = phaseDate(contest, phase);
      await this.deps.queues.add(
        "contests.phase",
        { contestId: contest.id, phase, at: at.getTime() },
        { jobId: phaseJobId(contest.id, phase, at), delay: Math.max(0, at.getTime() - now), attempts: 10, backoff: { type: "exponential", delay: 5_000 } },
      );
    }
    if (contest.status === "OPEN" || contest.status === "JUDGING" || contest.status === "SCHEDULED") {
      for (const offset of JUROR_REMINDER_OFFSETS_MS) {
        const at = new Date(contest.judgingClosesAt.getTime() - offset);
        if (at.getTime() <= now) continue;
        await this.deps.queues.add(
          "contests.juror-reminders",
          { contestId: contest.id, at: at.getTime() },
          { jobId: reminderJobId(contest.id, at), delay: at.getTime() - now, attempts: 5, backoff: { type: "exponential", delay: 5_000 } },
        );
      }
    }
  }

  /**
   * Runs one phase job: moves the contest if the phase is due and still
   * planned for `at`, then does what follows the move; schedules the next.
   */
  async run(contestId: number, phase: Phase, at: number): Promise<PhaseOutcome> {
    const contest = await this.repo.find(contestId);
    if (!contest) return "gone";
    if (phaseDate(contest, phase).getTime() !== at) return "stale";
    if (this.deps.now().getTime() < at) {
      // Early (a clock skew between machines): try again at the date.
      await this.scheduleNext(contest);
      return "early";
    }
    const outcome = await this.move(contest, phase);
    const fresh = (await this.repo.find(contestId)) ?? contest;
    await this.scheduleNext(fresh);
    return outcome;
  }

  private async move(contest: ContestView, phase: Phase): Promise<PhaseOutcome> {
    const { from, to } = PHASE_MOVES[phase];
    const now = this.deps.now();
    if (phase === "publish") return this.publish(contest.id);
    let moved = false;
    if (contest.status === from) {
      moved = await this.repo.prisma.$transaction(async (tx) => {
        const locked = await this.repo.lock(tx, contest.id);
        if (!locked || locked.status !== from || phaseDate(locked, phase).getTime() > now.getTime()) return false;
        return this.repo.move(tx, contest.id, from, { status: to });
      });
    }
    const current = await this.repo.find(contest.id);
    // What follows a move also runs when an earlier run moved the contest and then failed.
    if (!current || current.status !== to) return moved ? "moved" : "already";
    await this.after(current, phase);
    return moved ? "moved" : "already";
  }

  /** What follows each move; every step is idempotent (a retry repeats it without doubling anything). */
  private async after(contest: ContestView, phase: Exclude<Phase, "publish">): Promise<void> {
    const d = this.deps;
    switch (phase) {
      case "open":
        await d.announcer.phase(contest.id, "open");
        return;
      case "close-submissions": {
        await this.assign(contest.id);
        if ((await this.repo.countEntries(contest.id, "SUBMITTED")) === 0) {
          await d.delivery.enqueue(NOTICE.noEntries, contestRef(contest.id, "no-entries"), [contest.organiserId]);
        }
        await d.announcer.phase(contest.id, "judging");
        return;
      }
      case "close-judging": {
        await d.judging.computeResults(contest.id);
        if (contest.audienceVote) await d.votes.close(contest.id);
        const authors = await this.repo.authors(contest.id);
        await d.delivery.enqueue(NOTICE.judgingClosed, contestRef(contest.id, "judged"), authors);
        const jurors = await this.repo.jurors(contest.id);
        const chair = jurors.find((j) => j.chair)?.memberId ?? contest.organiserId;
        await d.delivery.enqueue(NOTICE.confirm, contestRef(contest.id, "confirm"), [chair]);
        return;
      }
    }
  }

  /**
   * Assigns entries still missing reviews (at the close of submissions, and
   * again when the jury changes or a juror declares a conflict during
   * judging), and tells each juror who got entries. Nobody on the jury: the
   * organiser is told to appoint one.
   */
  async assign(contestId: number): Promise<void> {
    const contest = await this.repo.find(contestId);
    if (!contest || contest.status !== "JUDGING") return;
    const jurors = await this.repo.jurors(contestId);
    const entries = await this.repo.countEntries(contestId, "SUBMITTED");
    if (jurors.length === 0) {
      if (entries > 0) await this.deps.delivery.enqueue(NOTICE.noJury, contestRef(contestId, "no-jury"), [contest.organiserId]);
      return;
    }
    await this.deps.judging.assign(contestId);
    // A notice whenever a juror's assignments grew (the first ones, a conflicted entry passed on,
    // a juror added later). The ref carries how many they have ever had — a number that only
    // grows — so a run that gave them nothing new (a retry, the watchdog) notifies nobody again.
    for (const { jurorId, ever } of await this.repo.assignmentsEver(contestId)) {
      await this.deps.delivery.enqueue(NOTICE.assigned, contestRef(contestId, `assigned:${ever}`), [jurorId]);
    }
  }

  /** "contests.juror-reminders": jurors with unfinished reviews are reminded, once per planned time. */
  async remindJurors(contestId: number, at: number): Promise<number> {
    const contest = await this.repo.find(contestId);
    if (!contest || contest.status !== "JUDGING") return 0;
    const hours = Math.round((contest.judgingClosesAt.getTime() - at) / 3_600_000);
    if (!JUROR_REMINDER_OFFSETS_MS.some((o) => Math.round(o / 3_600_000) === hours)) return 0; // the deadline moved
    const laggards = await this.repo.jurorsWithAssigned(contestId);
    // The organisers' one-click reminder's kind and text (contests.service.ts).
    const { created } = await this.deps.delivery.enqueue(JUROR_REMINDER_KIND, jurorAutoReminderRefId(contestId, hours), laggards);
    return created;
  }

  /**
   * Publishes a confirmed contest whose results date has come: moves it to
   * PUBLISHED, then issues the documents and sends everyone their results
   * (both idempotent: a retry or the reconciler finishes a publication that
   * stopped half-way). An unconfirmed contest at its date: the organiser and
   * the chair are reminded once.
   */
  async publish(contestId: number): Promise<PhaseOutcome> {
    const now = this.deps.now();
    const contest = await this.repo.find(contestId);
    if (!contest) return "gone";
    if (contest.status === "CONFIRMING") {
      if (contest.resultsAt.getTime() > now.getTime()) return "early";
      if (!contest.confirmedAt) {
        const jurors = await this.repo.jurors(contestId);
        const chair = jurors.find((j) => j.chair)?.memberId;
        await this.deps.delivery.enqueue(NOTICE.overdue, contestRef(contestId, "overdue"), chair ? [contest.organiserId, chair] : [contest.organiserId]);
        return "waiting-confirmation";
      }
      await this.repo.prisma.$transaction(async (tx) => {
        const locked = await this.repo.lock(tx, contestId);
        if (locked?.status === "CONFIRMING" && locked.confirmedAt) await this.repo.move(tx, contestId, "CONFIRMING", { status: "PUBLISHED", publishedAt: now });
      });
    }
    const current = await this.repo.find(contestId);
    if (current?.status !== "PUBLISHED") return "already";
    if (!current.documentsIssuedAt) {
      await this.issueDocuments(current);
      await this.repo.markDocumentsIssued(contestId, now);
    }
    await this.deps.delivery.enqueue(NOTICE.results, contestRef(contestId, "results"), await this.repo.authors(contestId, true));
    await this.deps.announcer.phase(contestId, "results");
    return "moved";
  }

  /**
   * Diplomas (winners, prize-winners, participants; the audience prize apart),
   * jury certificates for every juror who submitted a review, and the
   * protocol (held by the chair who confirmed). One current document per
   * (kind, source, holder): issuing again issues nothing new.
   */
  private async issueDocuments(contest: ContestView): Promise<void> {
    const nominations = new Map(contest.nominations.map((n) => [n.id, n.title]));
    const awarded = await this.repo.awarded(contest.id);
    const requests: IssueRequest[] = [];
    for (const e of awarded) {
      if (e.authorErased) continue;
      const nomination = contest.nominations.length > 1 ? nominations.get(e.nominationId) : undefined;
      if (e.award) {
        requests.push({
          kind: "DIPLOMA",
          holderId: e.authorId,
          source: `contest:${contest.id}:entry:${e.id}`,
          title: e.title,
          details: {
            kind: "DIPLOMA",
            contestId: contest.id,
            contestTitle: contest.title,
            ...(nomination ? { nomination } : {}),
            degree: e.award,
            ...(e.award !== "PARTICIPANT" && e.place ? { place: e.place } : {}),
          },
        });
      }
      if (e.audiencePrize) {
        requests.push({
          kind: "DIPLOMA",
          holderId: e.authorId,
          source: `contest:${contest.id}:audience:${e.id}`,
          title: e.title,
          details: { kind: "DIPLOMA", contestId: contest.id, contestTitle: contest.title, ...(nomination ? { nomination } : {}), degree: "AUDIENCE" },
        });
      }
    }
    for (const j of await this.repo.jurorsWhoReviewed(contest.id)) {
      requests.push({
        kind: "JURY",
        holderId: j.memberId,
        source: `contest:${contest.id}`,
        title: contest.title,
        details: { kind: "JURY", contestId: contest.id, contestTitle: contest.title, ...(j.chair ? { chair: true } : {}) },
      });
    }
    const counts = await this.repo.entryCounts(contest.id);
    // Held by the chair who confirmed it; by the organiser when the chair erased their data.
    let holder: number | undefined;
    for (const id of [contest.confirmedById, contest.organiserId]) {
      if (id && !(await this.repo.isErased(id))) {
        holder = id;
        break;
      }
    }
    if (holder) {
      requests.push({
        kind: "PROTOCOL",
        holderId: holder,
        source: `contest:${contest.id}`,
        title: contest.title,
        details: {
          kind: "PROTOCOL",
          contestId: contest.id,
          contestTitle: contest.title,
          entries: counts.received,
          admitted: counts.admitted,
          disqualified: counts.disqualified,
          confirmedAt: (contest.confirmedAt ?? this.deps.now()).toISOString(),
        },
      });
    }
    // Batches keep one transaction (and its numbering lock) short.
    for (let i = 0; i < requests.length; i += 500) await this.deps.certificates.issue(requests.slice(i, i + 500));
  }

  /** "contest.cancelled": entrants and jurors are told (the delivery renders nothing for a contest that is not cancelled). */
  async cancelled(contestId: number, notify: readonly number[]): Promise<void> {
    if (notify.length) await this.deps.delivery.enqueue(NOTICE.cancelled, contestRef(contestId, "cancelled"), notify);
  }

  /** "contest.entry-removed": the author is told which entry and why (rendered from the entry when sent). */
  async entryRemoved(contestId: number, entryId: number, authorId: number): Promise<void> {
    await this.deps.delivery.enqueue(NOTICE.removed, contestRef(contestId, `removed:${entryId}`), [authorId]);
  }

  /** "contest.confirmed": publishes at once when the results date has come (else the job at the date does). */
  async confirmed(contestId: number): Promise<void> {
    const contest = await this.repo.find(contestId);
    if (!contest || contest.status !== "CONFIRMING" || !contest.confirmedAt) return;
    if (contest.resultsAt.getTime() <= this.deps.now().getTime()) {
      await this.deps.queues.add(
        "contests.publish",
        { contestId },
        { jobId: `contest-${contestId}-publish-confirmed`, attempts: 10, backoff: { type: "exponential", delay: 5_000 } },
      );
    }
  }

  /**
   * Rebuilds the jobs from PostgreSQL: the next phase of every running contest
   * (a passed date runs at once) and the finishing of publications whose
   * documents were not issued.
   */
  async reconcile(): Promise<{ scheduled: number; publications: number }> {
    const active = await this.repo.active();
    for (const c of active) {
      await this.scheduleNext(c);
      // A jury change or a conflict whose subscriber failed leaves entries missing reviews; the
      // cheap check keeps the every-5-minutes run from re-reading whole contests that need nothing.
      if (c.status === "JUDGING" && (await this.repo.entriesMissingReviews(c.id, c.reviewsPerEntry))) await this.assign(c.id);
    }
    const unfinished = await this.repo.publishedWithoutDocuments();
    for (const id of unfinished) {
      await this.deps.queues.add(
        "contests.publish",
        { contestId: id },
        { jobId: `contest-${id}-publish-finish`, attempts: 10, backoff: { type: "exponential", delay: 5_000 } },
      );
    }
    return { scheduled: active.length, publications: unfinished.length };
  }
}
