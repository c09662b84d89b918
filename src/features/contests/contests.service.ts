import type { Translate } from "../../bot/i18n.js";
import type { DomainEventPublisher } from "../../shared/domain-events.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { canonicalTimeZone } from "../../shared/time.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import { FILE_TYPES, type FileFamily } from "../materials/materials.file-types.js";
import type { MembersRepository, MemberSearchHit } from "../members/members.repository.js";
import type { MemberState } from "../members/members.types.js";
import type { SettingsService } from "../settings/settings.service.js";
import type {
  ContestDates,
  ContestFields,
  ContestsAdminRepository,
  DuplicateFlag,
  EntryToRemove,
  JurorProgress,
  NominationProgress,
} from "./contests.admin.repository.js";
import type { Tx } from "./contests.repository.js";
import type {} from "./contests.events.js";
import {
  CONTEST_DESCRIPTION_MAX,
  CONTEST_RULES_MAX,
  CONTEST_TITLE_MAX,
  CONTEST_TITLE_MIN,
  CRITERIA_MAX,
  CRITERION_POINTS_MAX,
  CRITERION_TITLE_MAX,
  DEFAULT_RUBRIC_KEYS,
  DEFAULT_TIE_BREAK_KEY,
  DISQUALIFICATION_REASON_MAX,
  DISQUALIFICATION_REASON_MIN,
  ENTRY_FILES_MAX,
  ENTRY_FORMATS,
  MAX_FILE_MB,
  NOMINATION_TITLE_MAX,
  NOMINATIONS_MAX,
  PRIZE_PLACES_DEFAULT,
  PRIZE_PLACES_MAX,
  REVIEWS_PER_ENTRY_DEFAULT,
  REVIEWS_PER_ENTRY_MAX,
  WEIGHT_MAX,
  contestRef,
  parseContestRef,
  type ContestDraft,
  type ContestView,
  type CriterionInput,
  type NominationInput,
} from "./contests.types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MAX_YEARS_AHEAD = 2;
/** The opening may be "now": a minute of slack for the time the organiser took to confirm. */
const OPENS_SLACK_MS = MINUTE;
const WEIGHT_MIN = 0.1;
/** Points of each criterion of the default rubric. */
const DEFAULT_RUBRIC_POINTS = 5;
/**
 * An entry's code as an organiser types it: «К-017», «C-17», «к17», «017» or «17»
 * (any one or two letters, an optional dash).
 */
const ENTRY_CODE = /^(?:\p{L}{1,2}\s*[-\u2010-\u2014]?\s*)?0*(\d{1,6})$/u;

/** What removing an entry needs besides the admin repository: the results again, in the removal's transaction. */
export interface RemovalRecompute {
  /** The results of a contest whose chair is confirming them (contests.judging.ts). */
  computeResultsIn(tx: Tx, contestId: number): Promise<unknown>;
  /** The audience vote's counts and prize again, once it has closed (contests.votes.repository.ts). */
  tallyVotesIn(tx: Tx, contestId: number): Promise<unknown>;
}

/** Contests /contestadmin lists. */
export const MANAGE_LIST_LIMIT = 20;
/** Members a jury search shows. */
export const JUROR_SEARCH_LIMIT = 10;
/** An organiser reminds the same juror at most once in this time. */
export const REMIND_INTERVAL_MS = HOUR;

/** Deliveries of reminders to jurors (the renderer is jurorReminderRenderer in contests.admin.render.ts). */
export const JUROR_REMINDER_KIND = "contest.juror-reminder";

/** Every family of files materials accept. */
export const FILE_FAMILIES: readonly FileFamily[] = [...new Set(Object.values(FILE_TYPES).map((t) => t.family))];

/** The dates of a contest, as an organiser may move them. */
export type ContestDatesPatch = Partial<ContestDates>;
export const DATE_FIELDS = ["submissionOpensAt", "submissionClosesAt", "judgingClosesAt", "resultsAt"] as const satisfies readonly (keyof ContestDates)[];
export type DateField = (typeof DATE_FIELDS)[number];

/** The review of a contest at a glance, for its organisers. */
export interface ContestProgress {
  contest: ContestView;
  jurors: JurorProgress[];
  nominations: NominationProgress[];
  /** Entries whose file is identical to another author's entry or material. */
  duplicates: DuplicateFlag[];
  /** Bursts of audience votes (filled by the votes slice; empty until then). */
  voteFlags: { entryId: number; number: number; votes: number; suspicious: number }[];
}

/** Which dates have passed (their phase ran) in `status`: those cannot move any more. */
export function passedDates(status: ContestView["status"]): readonly DateField[] {
  switch (status) {
    case "SCHEDULED":
      return [];
    case "OPEN":
      return ["submissionOpensAt"];
    case "JUDGING":
      return ["submissionOpensAt", "submissionClosesAt"];
    case "CONFIRMING":
      return ["submissionOpensAt", "submissionClosesAt", "judgingClosesAt"];
    default:
      return DATE_FIELDS;
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function cleanLine(text: unknown): string {
  return typeof text === "string" ? text.normalize("NFC").replace(/\s+/gu, " ").trim() : "";
}

function cleanText(text: unknown): string {
  return typeof text === "string"
    ? text
        .normalize("NFC")
        .replace(/\r\n?/g, "\n")
        .replace(/[ \t]+\n/g, "\n")
        .trim()
    : "";
}

const length = (s: string) => Array.from(s).length;

/** Checks that the four dates are strictly in order (results may come with the end of judging). */
export function checkDateOrder(d: ContestDates): void {
  if (![d.submissionOpensAt, d.submissionClosesAt, d.judgingClosesAt, d.resultsAt].every(isValidDate)) throw new DomainError("contests-admin-date-invalid");
  if (d.submissionOpensAt.getTime() >= d.submissionClosesAt.getTime()) throw new DomainError("contests-admin-dates-order-close");
  if (d.submissionClosesAt.getTime() >= d.judgingClosesAt.getTime()) throw new DomainError("contests-admin-dates-order-judging");
  if (d.judgingClosesAt.getTime() > d.resultsAt.getTime()) throw new DomainError("contests-admin-dates-order-results");
}

/**
 * What organisers do with contests: create them, move their dates, cancel
 * them, appoint the jury and its chair, watch the review and remind jurors.
 * Admins always may; moderators when the "contests.moderators" setting is on.
 * Nothing here schedules jobs: after a change committed it emits a domain
 * event (contests.events.ts) and the phase keeper does the rest.
 */
export class ContestsService {
  constructor(
    private readonly repository: ContestsAdminRepository,
    private readonly audit: AuditRepository,
    private readonly catalogue: CatalogueService,
    private readonly settings: Pick<SettingsService, "get">,
    private readonly members: Pick<MembersRepository, "search">,
    private readonly delivery: Pick<DeliveryService, "enqueue">,
    private readonly domainEvents: DomainEventPublisher,
    private readonly clock: () => Date = () => new Date(),
    /** Bursts of audience votes (VotesService.bursts), for the progress view. */
    private readonly voteBursts?: (contestId: number) => Promise<{ entryId: number; votes: number; suspicious: number }[]>,
    /** Removing an entry while the chair confirms the results computes them again. */
    private readonly recompute?: RemovalRecompute,
  ) {}

  /** The service's clock (conversations read it through `conversation.external`). */
  now(): Date {
    return this.clock();
  }

  /** Refuses anyone who may not organise contests (before a screen or a questionnaire opens, and in every method). */
  async requireOrganiser(actor: MemberState | undefined): Promise<MemberState> {
    if (actor?.registered && actor.role === "ADMIN") return actor;
    if (actor?.registered && actor.role === "MODERATOR" && (await this.settings.get("contests.moderators"))) return actor;
    throw new ForbiddenError("contests-admin-forbidden");
  }

  /** Whether `actor` may organise contests (menus hide the entry point otherwise). */
  async mayOrganise(actor: MemberState | undefined): Promise<boolean> {
    return this.requireOrganiser(actor).then(
      () => true,
      () => false,
    );
  }

  /** The default rubric for a lesson plan: six criteria 0–5 (methodological quality breaks ties) and a pass/fail authorship. */
  defaultRubric(t: Translate): CriterionInput[] {
    return [
      ...DEFAULT_RUBRIC_KEYS.map((key) => ({
        title: t(`contests-rubric-default-${key}`),
        maxPoints: DEFAULT_RUBRIC_POINTS,
        weight: 1,
        passFail: false,
        tieBreak: key === DEFAULT_TIE_BREAK_KEY,
      })),
      { title: t("contests-rubric-default-authorship"), maxPoints: 0, weight: 1, passFail: true, tieBreak: false },
    ];
  }

  // ------------------------------------------------------------------ validation

  /** Refuses a date in the past (the opening: more than a minute ago) or more than two years ahead. */
  checkDateAhead(value: Date, now: Date, field: DateField): void {
    if (!isValidDate(value)) throw new DomainError("contests-admin-date-invalid");
    const earliest = field === "submissionOpensAt" ? now.getTime() - OPENS_SLACK_MS : now.getTime();
    if (value.getTime() < earliest || (field !== "submissionOpensAt" && value.getTime() === now.getTime())) throw new DomainError("contests-admin-date-past");
    const limit = new Date(now.getTime());
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
    if (value.getTime() > limit.getTime()) throw new DomainError("contests-admin-date-too-far");
  }

  /** The dates of a new contest, as `create` checks them (the wizard calls it after the dates question). */
  checkDates(dates: ContestDates): void {
    const now = this.clock();
    for (const field of DATE_FIELDS) this.checkDateAhead(dates[field], now, field);
    checkDateOrder(dates);
  }

  private checkTitle(raw: unknown): string {
    const title = cleanLine(raw);
    if (length(title) < CONTEST_TITLE_MIN) throw new DomainError("contests-admin-title-short", { min: CONTEST_TITLE_MIN });
    if (length(title) > CONTEST_TITLE_MAX) throw new DomainError("contests-admin-title-long", { max: CONTEST_TITLE_MAX });
    return title;
  }

  /** Checks one nomination (title, subjects and grades from the catalogue); returns it normalised. */
  async checkNomination(n: NominationInput): Promise<NominationInput> {
    const title = cleanLine(n?.title);
    if (length(title) < 1 || length(title) > NOMINATION_TITLE_MAX) throw new DomainError("contests-admin-nomination-title-bad", { max: NOMINATION_TITLE_MAX });
    const subjects = [...new Set(Array.isArray(n.subjectCodes) ? n.subjectCodes : [])];
    const grades = [...new Set(Array.isArray(n.gradeCodes) ? n.gradeCodes : [])];
    for (const code of subjects) {
      if (typeof code !== "string" || !(await this.catalogue.subject(code))) throw new DomainError("contests-admin-subject-unknown");
    }
    for (const code of grades) {
      if (typeof code !== "string" || !(await this.catalogue.grade(code))) throw new DomainError("contests-admin-grade-unknown");
    }
    return { title, subjectCodes: await this.catalogue.normaliseSubjects(subjects), gradeCodes: await this.catalogue.normaliseGrades(grades) };
  }

  /** Checks one criterion; returns it with its defaults. */
  checkCriterion(c: CriterionInput): Required<CriterionInput> {
    const title = cleanLine(c?.title);
    if (length(title) < 1 || length(title) > CRITERION_TITLE_MAX) throw new DomainError("contests-admin-criterion-title-bad", { max: CRITERION_TITLE_MAX });
    const passFail = c.passFail === true;
    const tieBreak = c.tieBreak === true;
    if (passFail) {
      if (c.maxPoints !== 0) throw new DomainError("contests-admin-criterion-points-bad", { max: CRITERION_POINTS_MAX });
      if (tieBreak) throw new DomainError("contests-admin-criterion-tiebreak-passfail");
    } else if (!Number.isInteger(c.maxPoints) || c.maxPoints < 1 || c.maxPoints > CRITERION_POINTS_MAX) {
      throw new DomainError("contests-admin-criterion-points-bad", { max: CRITERION_POINTS_MAX });
    }
    const weight = c.weight ?? 1;
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < WEIGHT_MIN || weight > WEIGHT_MAX) {
      throw new DomainError("contests-admin-criterion-weight-bad", { min: WEIGHT_MIN, max: WEIGHT_MAX });
    }
    return { title, maxPoints: passFail ? 0 : c.maxPoints, weight: Math.round(weight * 100) / 100, passFail, tieBreak };
  }

  private async validate(draft: ContestDraft, now: Date): Promise<{ fields: ContestFields; nominations: NominationInput[]; criteria: Required<CriterionInput>[] }> {
    const zone = typeof draft.timeZone === "string" ? canonicalTimeZone(draft.timeZone) : undefined;
    if (!zone) throw new DomainError("contests-admin-timezone-unknown");
    const title = this.checkTitle(draft.title);
    const description = cleanText(draft.description ?? "");
    if (length(description) > CONTEST_DESCRIPTION_MAX) throw new DomainError("contests-admin-description-long", { max: CONTEST_DESCRIPTION_MAX });
    const rules = cleanText(draft.rules ?? "");
    if (length(rules) > CONTEST_RULES_MAX) throw new DomainError("contests-admin-rules-long", { max: CONTEST_RULES_MAX });
    const rulesFile = draft.rulesFile ?? null;
    if (rulesFile !== null && (typeof rulesFile.fileId !== "string" || !rulesFile.fileId || rulesFile.fileId.length > 255 || typeof rulesFile.fileName !== "string")) {
      throw new DomainError("contests-admin-rules-file-bad");
    }

    const dates: ContestDates = {
      submissionOpensAt: draft.submissionOpensAt,
      submissionClosesAt: draft.submissionClosesAt,
      judgingClosesAt: draft.judgingClosesAt,
      resultsAt: draft.resultsAt,
    };
    for (const field of DATE_FIELDS) this.checkDateAhead(dates[field], now, field);
    checkDateOrder(dates);

    const formats = [...new Set(Array.isArray(draft.formats) ? draft.formats : [])];
    if (formats.length === 0 || !formats.every((f) => (ENTRY_FORMATS as readonly string[]).includes(f))) throw new DomainError("contests-admin-formats-bad");
    const maxFiles = draft.maxFiles ?? 1;
    if (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > ENTRY_FILES_MAX) throw new DomainError("contests-admin-max-files-bad", { max: ENTRY_FILES_MAX });
    const families = [...new Set(Array.isArray(draft.fileFamilies) ? draft.fileFamilies : [])];
    if (!families.every((f) => FILE_FAMILIES.includes(f))) throw new DomainError("contests-admin-families-bad");
    const maxFileMb = draft.maxFileMb ?? MAX_FILE_MB;
    if (!Number.isInteger(maxFileMb) || maxFileMb < 1 || maxFileMb > MAX_FILE_MB) throw new DomainError("contests-admin-max-size-bad", { max: MAX_FILE_MB });

    const reviewsPerEntry = draft.reviewsPerEntry ?? REVIEWS_PER_ENTRY_DEFAULT;
    if (!Number.isInteger(reviewsPerEntry) || reviewsPerEntry < 1 || reviewsPerEntry > REVIEWS_PER_ENTRY_MAX) {
      throw new DomainError("contests-admin-reviews-bad", { max: REVIEWS_PER_ENTRY_MAX });
    }
    const jurorCap = draft.jurorCap ?? null;
    if (jurorCap !== null && (!Number.isInteger(jurorCap) || jurorCap < 1 || jurorCap > 32_767)) throw new DomainError("contests-admin-cap-bad");
    const prizePlaces = draft.prizePlaces ?? PRIZE_PLACES_DEFAULT;
    if (!Number.isInteger(prizePlaces) || prizePlaces < 0 || prizePlaces > PRIZE_PLACES_MAX)
      throw new DomainError("contests-admin-prizes-bad", { max: PRIZE_PLACES_MAX });

    const rawNominations = Array.isArray(draft.nominations) ? draft.nominations : [];
    if (rawNominations.length < 1 || rawNominations.length > NOMINATIONS_MAX) throw new DomainError("contests-admin-nominations-count", { max: NOMINATIONS_MAX });
    const nominations: NominationInput[] = [];
    for (const n of rawNominations) nominations.push(await this.checkNomination(n));

    const rawCriteria = Array.isArray(draft.criteria) ? draft.criteria : [];
    if (rawCriteria.length < 1 || rawCriteria.length > CRITERIA_MAX) throw new DomainError("contests-admin-criteria-count", { max: CRITERIA_MAX });
    const criteria = rawCriteria.map((c) => this.checkCriterion(c));
    if (!criteria.some((c) => !c.passFail)) throw new DomainError("contests-admin-criteria-no-scored");
    if (criteria.filter((c) => c.tieBreak).length > 1) throw new DomainError("contests-admin-criteria-tiebreak-many");

    return {
      fields: {
        title,
        description,
        rules,
        rulesFileId: rulesFile?.fileId ?? null,
        rulesFileName: rulesFile ? cleanLine(rulesFile.fileName).slice(0, 255) || "rules" : null,
        timezone: draft.timeZone.trim(),
        ...dates,
        formats: ENTRY_FORMATS.filter((f) => formats.includes(f)),
        maxFiles,
        fileFamilies: FILE_FAMILIES.filter((f) => families.includes(f)),
        maxFileMb,
        reviewsPerEntry,
        jurorCap,
        prizePlaces,
        audienceVote: draft.audienceVote === true,
        broadcastPhases: draft.broadcastPhases === true,
        status: dates.submissionOpensAt.getTime() <= now.getTime() ? "OPEN" : "SCHEDULED",
      },
      nominations,
      criteria,
    };
  }

  private async load(id: number): Promise<ContestView> {
    const contest = await this.repository.find(id);
    if (!contest) throw new NotFoundError("contests-admin-not-found");
    return contest;
  }

  // ------------------------------------------------------------------ organising

  /** Creates a contest: SCHEDULED, or OPEN at once when it opens now. */
  async create(actor: MemberState | undefined, draft: ContestDraft): Promise<ContestView> {
    const organiser = await this.requireOrganiser(actor);
    const { fields, nominations, criteria } = await this.validate(draft, this.clock());
    const id = await this.repository.create(organiser.id, fields, nominations, criteria, (tx, contestId) =>
      this.audit.record({ actorId: organiser.id, action: "contest.create", details: { contestId, title: fields.title } }, tx),
    );
    await this.domainEvents.emit("contest.created", { contestId: id });
    return this.load(id);
  }

  /** Contests the organiser may manage (not cancelled), newest first. */
  async manageable(actor: MemberState | undefined): Promise<ContestView[]> {
    await this.requireOrganiser(actor);
    return this.repository.manageable(MANAGE_LIST_LIMIT);
  }

  /** One contest for its management card. */
  async managed(actor: MemberState | undefined, id: number): Promise<ContestView> {
    await this.requireOrganiser(actor);
    return this.load(id);
  }

  /**
   * Moves dates whose phase has not run yet; the order must still hold and a
   * moved date must be ahead. Dates equal to the stored ones are not checked.
   */
  async changeDates(actor: MemberState | undefined, id: number, patch: ContestDatesPatch): Promise<{ contest: ContestView; changed: DateField[] }> {
    const organiser = await this.requireOrganiser(actor);
    const now = this.clock();
    let changed: DateField[] = [];
    const updated = await this.repository.updateDates(
      id,
      (locked) => {
        if (locked.status === "CANCELLED") throw new DomainError("contests-admin-cancelled");
        if (locked.status === "PUBLISHED") throw new DomainError("contests-admin-finished");
        const passed = passedDates(locked.status);
        const merged: ContestDates = {
          submissionOpensAt: locked.submissionOpensAt,
          submissionClosesAt: locked.submissionClosesAt,
          judgingClosesAt: locked.judgingClosesAt,
          resultsAt: locked.resultsAt,
        };
        changed = [];
        for (const field of DATE_FIELDS) {
          const value = patch[field];
          if (value === undefined) continue;
          if (!isValidDate(value)) throw new DomainError("contests-admin-date-invalid");
          if (value.getTime() === locked[field].getTime()) continue;
          if (passed.includes(field)) throw new DomainError("contests-admin-date-passed");
          this.checkDateAhead(value, now, field);
          merged[field] = value;
          changed.push(field);
        }
        checkDateOrder(merged);
        return merged;
      },
      (tx) =>
        this.audit.record(
          {
            actorId: organiser.id,
            action: "contest.dates",
            details: { contestId: id, fields: changed, ...Object.fromEntries(changed.map((f) => [f, patch[f]!.toISOString()])) },
          },
          tx,
        ),
    );
    if (!updated) throw new NotFoundError("contests-admin-not-found");
    if (changed.length > 0) await this.domainEvents.emit("contest.dates-changed", { contestId: id });
    return { contest: updated, changed };
  }

  /** Cancels a contest before its results are published; entrants and jurors are told ("contest.cancelled"). */
  async cancel(actor: MemberState | undefined, id: number): Promise<{ contest: ContestView; notify: number[] }> {
    const organiser = await this.requireOrganiser(actor);
    const notify = await this.repository.cancel(
      id,
      this.clock(),
      (locked) => {
        if (locked.status === "CANCELLED") throw new DomainError("contests-admin-cancelled");
        if (locked.status === "PUBLISHED") throw new DomainError("contests-admin-finished");
      },
      (tx) => this.audit.record({ actorId: organiser.id, action: "contest.cancel", details: { contestId: id } }, tx),
    );
    if (!notify) throw new NotFoundError("contests-admin-not-found");
    await this.domainEvents.emit("contest.cancelled", { contestId: id, notify });
    return { contest: await this.load(id), notify };
  }

  // ------------------------------------------------------------ removing an entry

  /** Entries can be removed while they are taken and judged, and until the chair confirmed the results. */
  private checkRemovable(contest: Pick<ContestView, "status" | "confirmedAt">): void {
    if (contest.status === "CANCELLED") throw new DomainError("contests-admin-cancelled");
    if (contest.status === "PUBLISHED" || contest.confirmedAt) throw new DomainError("contests-admin-remove-closed");
    if (contest.status === "SCHEDULED") throw new DomainError("contests-admin-remove-nothing");
  }

  private checkEntryRemovable(entry: { status: EntryToRemove["status"] }): void {
    if (entry.status === "WITHDRAWN") throw new DomainError("contests-admin-remove-withdrawn");
    if (entry.status === "DISQUALIFIED") throw new DomainError("contests-admin-remove-already");
  }

  /** A contest whose entries the organiser may remove now (before the removal questionnaire opens). */
  async removable(actor: MemberState | undefined, contestId: number): Promise<ContestView> {
    await this.requireOrganiser(actor);
    const contest = await this.load(contestId);
    this.checkRemovable(contest);
    return contest;
  }

  /** The entry an organiser names by its code, checked as removable (for the removal screen). */
  async entryToRemove(actor: MemberState | undefined, contestId: number, code: string): Promise<EntryToRemove> {
    await this.removable(actor, contestId);
    const match = ENTRY_CODE.exec(typeof code === "string" ? code.trim() : "");
    if (!match) throw new DomainError("contests-admin-remove-code-bad");
    const entry = await this.repository.entryByNumber(contestId, Number(match[1]));
    if (!entry) throw new DomainError("contests-admin-remove-code-unknown");
    this.checkEntryRemovable(entry);
    return entry;
  }

  /** The organisers' reason as stored and shown to the author: one paragraph, 3–500 characters. */
  checkRemovalReason(raw: unknown): string {
    const reason = typeof raw === "string" ? raw.replace(/\s+/g, " ").trim() : "";
    const length = Array.from(reason).length;
    if (length < DISQUALIFICATION_REASON_MIN || length > DISQUALIFICATION_REASON_MAX) {
      throw new DomainError("contests-admin-remove-reason-bad", { min: DISQUALIFICATION_REASON_MIN, max: DISQUALIFICATION_REASON_MAX });
    }
    return reason;
  }

  /**
   * Removes an entry from the contest by the organisers' decision (a duplicate,
   * a broken rule): it leaves the jury's queues, the vote (its votes are void:
   * their voters may vote again) and the results, which are computed again at
   * once while the chair is confirming them. The author is told the reason
   * ("contest.entry-removed"). Audited.
   */
  async disqualify(actor: MemberState | undefined, contestId: number, number: number, rawReason: string): Promise<void> {
    const organiser = await this.requireOrganiser(actor);
    const reason = this.checkRemovalReason(rawReason);
    const removed = await this.repository.disqualify(
      contestId,
      number,
      reason,
      (locked, entry) => {
        this.checkRemovable(locked);
        this.checkEntryRemovable(entry);
      },
      (tx, entry) =>
        this.audit.record(
          { actorId: organiser.id, action: "contest.entry-remove", targetMemberId: entry.authorId, details: { contestId, entryId: entry.id, number, reason } },
          tx,
        ),
      async (tx, locked) => {
        if (locked.status !== "CONFIRMING") return;
        if (!this.recompute) throw new Error("ContestsService: removing an entry while results are confirmed needs `recompute`");
        await this.recompute.computeResultsIn(tx, contestId);
        if (locked.audienceVote) await this.recompute.tallyVotesIn(tx, contestId);
      },
    );
    if (!removed) throw new DomainError("contests-admin-remove-code-unknown");
    await this.domainEvents.emit("contest.entry-removed", { contestId, entryId: removed.entryId, authorId: removed.authorId });
  }

  // ------------------------------------------------------------------ the jury

  /** The jury can change until judging closes. */
  private async loadForJury(id: number): Promise<ContestView> {
    const contest = await this.load(id);
    if (contest.status === "CANCELLED") throw new DomainError("contests-admin-cancelled");
    if (contest.status === "PUBLISHED" || contest.status === "CONFIRMING") throw new DomainError("contests-admin-jury-closed");
    return contest;
  }

  /** Members matching a name, @username or id (the same search as /admin), for the jury screen. */
  async searchMembers(actor: MemberState | undefined, query: string): Promise<MemberSearchHit[]> {
    await this.requireOrganiser(actor);
    const q = typeof query === "string" ? query.trim() : "";
    if (q.length === 0 || q.length > 100) throw new DomainError("contests-admin-search-bad");
    return (await this.members.search(q, JUROR_SEARCH_LIMIT)).filter((hit) => !hit.deleted && hit.telegramId !== null);
  }

  /** Appoints a registered, non-erased member to the jury. */
  async appointJuror(actor: MemberState | undefined, contestId: number, memberId: number): Promise<void> {
    const organiser = await this.requireOrganiser(actor);
    await this.loadForJury(contestId);
    const candidate = await this.repository.candidate(memberId);
    if (!candidate || candidate.deleted || !candidate.registered) throw new DomainError("contests-admin-juror-not-member");
    const added = await this.repository.addJuror(contestId, memberId, (tx) =>
      this.audit.record({ actorId: organiser.id, action: "contest.juror-add", targetMemberId: memberId, details: { contestId } }, tx),
    );
    if (!added) throw new DomainError("contests-admin-juror-already");
    await this.domainEvents.emit("contest.jury-changed", { contestId });
  }

  /** Removes a juror who has not submitted a review; their unscored reviews go (and are assigned again). */
  async removeJuror(actor: MemberState | undefined, contestId: number, memberId: number): Promise<void> {
    const organiser = await this.requireOrganiser(actor);
    await this.loadForJury(contestId);
    const removed = await this.repository.removeJuror(
      contestId,
      memberId,
      (submitted) => {
        if (submitted > 0) throw new DomainError("contests-admin-juror-has-reviews", { count: submitted });
      },
      (tx) => this.audit.record({ actorId: organiser.id, action: "contest.juror-remove", targetMemberId: memberId, details: { contestId } }, tx),
    );
    if (!removed) throw new DomainError("contests-admin-juror-not-juror");
    await this.domainEvents.emit("contest.jury-changed", { contestId });
  }

  /** Makes a juror the chair (the previous chair stays a juror). */
  async setChair(actor: MemberState | undefined, contestId: number, memberId: number): Promise<void> {
    const organiser = await this.requireOrganiser(actor);
    await this.loadForJury(contestId);
    const set = await this.repository.setChair(contestId, memberId, (tx) =>
      this.audit.record({ actorId: organiser.id, action: "contest.chair", targetMemberId: memberId, details: { contestId } }, tx),
    );
    if (!set) throw new DomainError("contests-admin-juror-not-juror");
    await this.domainEvents.emit("contest.jury-changed", { contestId });
  }

  /** The jury with names, for the jury screen. */
  async jury(actor: MemberState | undefined, contestId: number): Promise<{ contest: ContestView; jurors: JurorProgress[] }> {
    await this.requireOrganiser(actor);
    const contest = await this.load(contestId);
    return { contest, jurors: await this.repository.jurorProgress(contestId) };
  }

  /** The review's progress per juror and per nomination, and the entries flagged as duplicates. */
  async progress(actor: MemberState | undefined, contestId: number): Promise<ContestProgress> {
    await this.requireOrganiser(actor);
    const contest = await this.load(contestId);
    const [jurors, nominations, duplicates] = await Promise.all([
      this.repository.jurorProgress(contestId),
      this.repository.nominationProgress(contest),
      this.repository.duplicates(contestId),
    ]);
    const bursts = contest.audienceVote && this.voteBursts ? await this.voteBursts(contestId) : [];
    const numbers = await this.repository.entryNumbers(bursts.map((b) => b.entryId));
    const voteFlags = bursts.map((b) => ({ entryId: b.entryId, number: numbers.get(b.entryId) ?? 0, votes: b.votes, suspicious: b.suspicious }));
    return { contest, jurors, nominations, duplicates, voteFlags };
  }

  /**
   * Reminds a juror of their unscored reviews, through the sending path
   * (kind JUROR_REMINDER_KIND); at most once an hour per juror.
   */
  async remindJuror(actor: MemberState | undefined, contestId: number, memberId: number): Promise<{ remindedAt: Date; pending: number }> {
    const organiser = await this.requireOrganiser(actor);
    const contest = await this.load(contestId);
    if (contest.status !== "JUDGING") throw new DomainError("contests-admin-remind-not-judging");
    const juror = (await this.repository.jurorProgress(contestId)).find((j) => j.memberId === memberId);
    if (!juror) throw new DomainError("contests-admin-juror-not-juror");
    const pending = await this.repository.pendingReviews(contestId, memberId);
    if (pending === 0) throw new DomainError("contests-admin-remind-nothing");
    const now = this.clock();
    const marked = await this.repository.markReminded(contestId, memberId, now, new Date(now.getTime() - REMIND_INTERVAL_MS), (tx) =>
      this.audit.record({ actorId: organiser.id, action: "contest.remind", targetMemberId: memberId, details: { contestId } }, tx),
    );
    if (!marked) throw new DomainError("contests-admin-remind-too-soon");
    try {
      await this.delivery.enqueue(JUROR_REMINDER_KIND, jurorReminderRefId(contestId, now), [memberId]);
    } catch (error) {
      // Not queued: the organiser may try again at once.
      await this.repository.unmarkReminded(contestId, memberId, now, juror.remindedAt);
      throw error;
    }
    return { remindedAt: now, pending };
  }
}

/** The refId of an organiser's reminder: unique per minute (a second one within the hour is refused anyway). */
export function jurorReminderRefId(contestId: number, at: Date): string {
  return contestRef(contestId, `remind:${Math.floor(at.getTime() / MINUTE)}`);
}

/** The refId of an automatic reminder `hours` before judging closes (the phase keeper's). */
export function jurorAutoReminderRefId(contestId: number, hours: number): string {
  return contestRef(contestId, `auto:${hours}`);
}

/** Reads a reminder refId (either kind); undefined when it is not one. */
export function parseJurorReminderRefId(refId: string): { contestId: number; kind: "remind" | "auto"; n: number } | undefined {
  const ref = parseContestRef(refId);
  const m = ref && /^(remind|auto):(\d{1,12})$/.exec(ref.what);
  if (!ref || !m) return undefined;
  return { contestId: ref.contestId, kind: m[1] as "remind" | "auto", n: Number(m[2]) };
}
