/**
 * Domain events of contests (src/shared/domain-events.ts), emitted by the
 * contests services after the change committed; ids only. The phase keeper
 * (contests.phases.ts) subscribes: it schedules the phase jobs at the dates,
 * re-runs the jury assignment when the jury changes during judging, and
 * publishes confirmed results when they are due.
 */
declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /** An organiser created a contest. */
    "contest.created": { contestId: number };
    /** An organiser moved its dates (phase jobs move with them). */
    "contest.dates-changed": { contestId: number };
    /** An organiser cancelled it (entrants and jurors are told). */
    "contest.cancelled": { contestId: number; notify: number[] };
    /** Jurors were appointed or removed: during judging, entries missing reviews are assigned again. */
    "contest.jury-changed": { contestId: number };
    /** A juror declared a conflict of interest on an entry: it goes to another juror. */
    "contest.conflict-declared": { contestId: number; entryId: number; jurorId: number };
    /** The organisers removed an entry from the contest: its author is told why. */
    "contest.entry-removed": { contestId: number; entryId: number; authorId: number };
    /** The chair confirmed the results: they are published now if the results date has come, else at it. */
    "contest.confirmed": { contestId: number; by: number };
  }
}

export {};
