import type { ContestAward, ContestEntryStatus, ContestReviewStatus, ContestStatus } from "../../generated/prisma/enums.js";
import type { FileFamily } from "../materials/materials.file-types.js";

export type { ContestAward, ContestEntryStatus, ContestReviewStatus, ContestStatus };

export const CONTEST_TITLE_MIN = 3;
export const CONTEST_TITLE_MAX = 200;
export const CONTEST_DESCRIPTION_MAX = 2000;
export const CONTEST_RULES_MAX = 3000;
export const NOMINATIONS_MAX = 10;
export const NOMINATION_TITLE_MAX = 200;
export const CRITERIA_MAX = 12;
export const CRITERION_TITLE_MAX = 200;
/** Points a criterion may have at most (buttons 0…max must fit the keyboard). */
export const CRITERION_POINTS_MAX = 10;
export const WEIGHT_MAX = 10;
export const ENTRY_TITLE_MAX = 200;
export const ENTRY_DESCRIPTION_MAX = 1000;
export const ENTRY_TEXT_MAX = 3500;
export const ENTRY_FILES_MAX = 10;
export const REVIEW_COMMENT_MAX = 1000;
/** The organisers' reason for removing an entry by hand (the author is told it). */
export const DISQUALIFICATION_REASON_MIN = 3;
export const DISQUALIFICATION_REASON_MAX = 500;
export const REVIEWS_PER_ENTRY_DEFAULT = 3;
export const REVIEWS_PER_ENTRY_MAX = 9;
export const PRIZE_PLACES_DEFAULT = 2;
export const PRIZE_PLACES_MAX = 5;
/** Materials accept files up to 50 MB; so do contests unless the organiser sets less. */
export const MAX_FILE_MB = 50;
/** Reviews of an entry from which the mean drops the highest and the lowest. */
export const TRIM_FROM = 5;
/** A review further than this share of the entry's median total is flagged for the chair. */
export const OUTLIER_SHARE = 0.3;
/** A review total below this share of the maximum, or above the high one, needs a comment. */
export const COMMENT_REQUIRED_BELOW = 0.3;
export const COMMENT_REQUIRED_ABOVE = 0.9;
/** Reminders to jurors with unfinished reviews, this long before judging closes. */
export const JUROR_REMINDER_OFFSETS_MS: readonly number[] = [48 * 3600_000, 24 * 3600_000];
/** The raw vote log is kept this long. */
export const VOTE_LOG_RETENTION_DAYS = 90;

export const ENTRY_FORMATS = ["file", "link", "text"] as const;
export type EntryFormat = (typeof ENTRY_FORMATS)[number];

/** The phases a contest moves through by itself, in order, with the date that starts each. */
export const PHASES = ["open", "close-submissions", "close-judging", "publish"] as const;
export type Phase = (typeof PHASES)[number];

/** One rubric criterion as the organiser enters it. */
export interface CriterionInput {
  title: string;
  /** 0 for pass/fail. */
  maxPoints: number;
  weight?: number;
  passFail?: boolean;
  tieBreak?: boolean;
}

export interface NominationInput {
  title: string;
  subjectCodes: string[];
  gradeCodes: string[];
}

/** What an organiser enters to create a contest (validated by the service). */
export interface ContestDraft {
  title: string;
  description?: string;
  rules?: string;
  rulesFile?: { fileId: string; fileName: string } | null;
  /** The organiser's IANA zone (typed dates are read in it). */
  timeZone: string;
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  judgingClosesAt: Date;
  resultsAt: Date;
  formats: EntryFormat[];
  maxFiles?: number;
  /** Empty or absent: every family materials accept. */
  fileFamilies?: FileFamily[];
  maxFileMb?: number;
  reviewsPerEntry?: number;
  jurorCap?: number | null;
  prizePlaces?: number;
  audienceVote?: boolean;
  broadcastPhases?: boolean;
  /** At least one. */
  nominations: NominationInput[];
  /** At least one scored criterion. */
  criteria: CriterionInput[];
}

export interface NominationView extends NominationInput {
  id: number;
  position: number;
}

export interface CriterionView {
  id: number;
  position: number;
  title: string;
  maxPoints: number;
  weight: number;
  passFail: boolean;
  tieBreak: boolean;
}

/** A contest as the slice reads it. */
export interface ContestView {
  id: number;
  organiserId: number;
  title: string;
  description: string;
  rules: string;
  rulesFileId: string | null;
  rulesFileName: string | null;
  timezone: string;
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  judgingClosesAt: Date;
  resultsAt: Date;
  formats: EntryFormat[];
  maxFiles: number;
  fileFamilies: FileFamily[];
  maxFileMb: number;
  reviewsPerEntry: number;
  jurorCap: number | null;
  prizePlaces: number;
  audienceVote: boolean;
  broadcastPhases: boolean;
  status: ContestStatus;
  resultsComputedAt: Date | null;
  confirmedAt: Date | null;
  confirmedById: number | null;
  publishedAt: Date | null;
  documentsIssuedAt: Date | null;
  cancelledAt: Date | null;
  nominations: NominationView[];
  criteria: CriterionView[];
}

/**
 * Points, scores and weights for a message: a number rounded to hundredths, so
 * that Fluent formats it in the reader's language ("7,33" in Russian, "7.33" in
 * English, "12" rather than "12.00"); a dash when there is none.
 */
export function points(value: number | null | undefined): number | string {
  return value === null || value === undefined ? "—" : Math.round(value * 100) / 100;
}

/** The anonymous code of an entry: «К-017» (the letter comes from locales: contests-code-letter). */
export function entryCode(letter: string, number: number): string {
  return `${letter}-${String(number).padStart(3, "0")}`;
}

/** The date that starts each phase. */
export function phaseDate(contest: Pick<ContestView, "submissionOpensAt" | "submissionClosesAt" | "judgingClosesAt" | "resultsAt">, phase: Phase): Date {
  switch (phase) {
    case "open":
      return contest.submissionOpensAt;
    case "close-submissions":
      return contest.submissionClosesAt;
    case "close-judging":
      return contest.judgingClosesAt;
    case "publish":
      return contest.resultsAt;
  }
}

/** The status a phase moves a contest from, and to. */
export const PHASE_MOVES: Readonly<Record<Phase, { from: ContestStatus; to: ContestStatus }>> = {
  open: { from: "SCHEDULED", to: "OPEN" },
  "close-submissions": { from: "OPEN", to: "JUDGING" },
  "close-judging": { from: "JUDGING", to: "CONFIRMING" },
  publish: { from: "CONFIRMING", to: "PUBLISHED" },
};

/** The phase that comes next for a contest in `status` (none when published or cancelled). */
export function nextPhase(status: ContestStatus): Phase | undefined {
  return PHASES.find((p) => PHASE_MOVES[p].from === status);
}

/** The default rubric for a lesson plan (contests-rubric-default-* in locales name the criteria). */
export const DEFAULT_RUBRIC_KEYS = ["standards", "novelty", "method", "practice", "digital", "presentation"] as const;
/** Which of the default criteria breaks ties. */
export const DEFAULT_TIE_BREAK_KEY = "method";

/** A file of an entry as stored (Telegram keeps the bytes). */
export interface EntryFileView {
  position: number;
  fileId: string;
  fileUniqueId: string;
  fileName: string;
  mimeType: string;
  fileSize: number;
}

/** An entry as its author and the organisers see it. */
export interface EntryView {
  id: number;
  contestId: number;
  nominationId: number;
  authorId: number;
  number: number;
  title: string;
  description: string;
  link: string | null;
  text: string | null;
  status: ContestEntryStatus;
  duplicateOf: string | null;
  /** Why the organisers removed it (status DISQUALIFIED); null for the jury's authorship majority. */
  disqualificationReason: string | null;
  files: EntryFileView[];
  score: number | null;
  place: number | null;
  award: ContestAward | null;
  audienceVotes: number | null;
  audiencePrize: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** An entry as a juror sees it: no author, no school, no captions. */
export type BlindEntryView = Omit<EntryView, "authorId" | "duplicateOf" | "disqualificationReason">;

/** What a member submits (or edits) as an entry. */
export interface EntryInput {
  nominationId: number;
  title: string;
  description?: string;
  link?: string | null;
  text?: string | null;
  files?: EntryFileView[];
  /** The declaration of authorship: must be true. */
  declared: boolean;
}

/** Points per criterion id; pass/fail criteria score 1 (pass) or 0 (fail). */
export type Scores = Record<number, number>;

export interface ReviewView {
  id: number;
  contestId: number;
  entryId: number;
  jurorId: number;
  status: ContestReviewStatus;
  scores: Scores;
  comment: string | null;
  total: number | null;
  outlier: boolean;
  submittedAt: Date | null;
}

/** A burst of audience votes: at least this many votes for one entry within the window… */
export const VOTE_BURST_MIN = 10;
export const VOTE_BURST_WINDOW_MS = 10 * 60_000;
/** …most of them (this share) from new or inactive accounts. */
export const VOTE_BURST_SUSPICIOUS_SHARE = 0.7;
/** A voter registered less than this many days before the vote opened counts as new. */
export const VOTE_NEW_ACCOUNT_DAYS = 14;

/** A delivery's (or group post's) refId about a contest: `contest:<id>:<what>`. */
export function contestRef(contestId: number, what: string): string {
  return `contest:${contestId}:${what}`;
}

/** Reads `contest:<id>:<what>`; undefined for anything else (a forged or foreign ref). */
export function parseContestRef(refId: string): { contestId: number; what: string } | undefined {
  const m = /^contest:(\d{1,10}):([a-z0-9:-]{1,64})$/.exec(refId);
  const contestId = Number(m?.[1]);
  if (!m || !Number.isSafeInteger(contestId) || contestId <= 0 || contestId > 2_147_483_647) return undefined;
  return { contestId, what: m[2]! };
}
