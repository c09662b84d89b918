import { DomainError, NotFoundError } from "../../shared/errors.js";
import type { Checked } from "../members/profile.validation.js";
import type { MemberState } from "../members/members.types.js";
import { fileTypeOf } from "../materials/materials.file-types.js";
import { checkAttachment, checkDescription, checkTitle, checkUrl } from "../materials/materials.validation.js";
import type { ContestsRepository } from "./contests.repository.js";
import type { AuthorReview, EntriesRepository, EntryData, EntryWithContest } from "./contests.entries.repository.js";
import {
  CONTEST_TITLE_MIN,
  ENTRY_DESCRIPTION_MAX,
  ENTRY_TITLE_MAX,
  ENTRY_TEXT_MAX,
  type ContestView,
  type CriterionView,
  type EntryFileView,
  type EntryFormat,
  type EntryInput,
  type EntryView,
} from "./contests.types.js";

const DAY = 24 * 3600_000;
/** Published contests stay on /contests this long. */
export const RECENT_DAYS = 90;
export const LIST_PAGE_SIZE = 6;
const MB = 1024 * 1024;
/** Control and format characters, except the zero-width joiner (emoji) and line breaks. */
const CONTROL = /(?!\u200D)[\p{Cc}\p{Cf}]/u;

/** The work of an entry: files, a link, a text (what the contest's formats allow; at least one). */
export interface EntryWork {
  files: EntryFileView[];
  link: string | null;
  text: string | null;
}

/** What an author may change after submitting (until the deadline). */
export interface EntryPatch {
  title?: string;
  description?: string;
  /** Replaces the whole work (files, link and text). */
  work?: EntryWork;
}

/** What the submission questionnaire needs to know of a contest (plain JSON for the replay log). */
export interface SubmissionRules {
  contestId: number;
  title: string;
  formats: EntryFormat[];
  maxFiles: number;
  maxFileMb: number;
  fileFamilies: string[];
  /** submissionClosesAt in ms (plain JSON for the replay log). */
  closesAt: number;
}

/** A contest card as a member sees it. */
export interface ContestCard {
  contest: ContestView;
  /** The viewer's entries in it, withdrawn ones too (by number). */
  mine: EntryView[];
  /** Submissions are open right now (status and deadline). */
  open: boolean;
  /** Nominations the viewer may still submit to now (empty when closed). */
  available: number[];
}

/** An entry as its author sees it, with its contest. Results only once the contest is published. */
export interface OwnEntry {
  entry: EntryView;
  contest: EntryWithContest["contest"];
  /** Editable and withdrawable now. */
  editable: boolean;
  published: boolean;
}

/** The results of one entry for its author (after publication). */
export interface EntryResults {
  entry: EntryView;
  contest: ContestView;
  criteria: CriterionView[];
  /** «Эксперт 1, 2, 3»: the reviews in a stable order, jurors anonymous. */
  reviews: AuthorReview[];
}

function requireRegistered(member: MemberState | undefined): asserts member is MemberState {
  if (!member?.registered) throw new DomainError("errors-not-registered");
}

function unwrap<T>(c: Checked<T>, rename: Record<string, string> = {}): T {
  if (!c.ok) throw new DomainError(rename[c.error] ?? c.error);
  return c.value;
}

/** An entry's title: 3–200 characters with a letter or digit. */
export function checkEntryTitle(raw: string): Checked<string> {
  const c = checkTitle(raw);
  if (!c.ok) {
    const key = {
      "materials-title-short": "contests-entry-title-short",
      "materials-title-long": "contests-entry-title-long",
      "materials-title-letters": "contests-entry-title-letters",
    }[c.error];
    return { ok: false, error: key ?? c.error };
  }
  const length = Array.from(c.value).length;
  if (length < CONTEST_TITLE_MIN) return { ok: false, error: "contests-entry-title-short" };
  if (length > ENTRY_TITLE_MAX) return { ok: false, error: "contests-entry-title-long" };
  return c;
}

/** A short description, up to 1,000 characters (line breaks kept); may be empty. */
export function checkEntryDescription(raw: string): Checked<string> {
  const c = checkDescription(raw);
  if (!c.ok) return { ok: false, error: c.error === "materials-description-long" ? "contests-entry-description-long" : c.error };
  return Array.from(c.value).length > ENTRY_DESCRIPTION_MAX ? { ok: false, error: "contests-entry-description-long" } : c;
}

/** The work as text: up to 3,500 characters, line breaks kept, not empty. */
export function checkEntryText(raw: string): Checked<string> {
  const value = raw.normalize("NFC").replace(/\r\n?/g, "\n").trim();
  if (!value) return { ok: false, error: "contests-entry-text-empty" };
  if (CONTROL.test(value.replace(/[\n\t]/g, ""))) return { ok: false, error: "validation-text-control" };
  if (Array.from(value).length > ENTRY_TEXT_MAX) return { ok: false, error: "contests-entry-text-long" };
  return { ok: true, value };
}

export function checkEntryLink(raw: string): Checked<string> {
  const c = checkUrl(raw);
  return c.ok ? c : { ok: false, error: "contests-entry-link-bad" };
}

/**
 * One file of an entry: a type materials accept (materials.file-types.ts, by
 * extension and MIME type together), of the contest's families when it names
 * some, and no bigger than its limit. The accepted file carries the normalised name.
 */
export function checkEntryFile(rules: Pick<SubmissionRules, "fileFamilies" | "maxFileMb">, file: EntryFileView): Checked<EntryFileView> {
  if (!file.fileId || !file.fileUniqueId) return { ok: false, error: "contests-entry-file-type" };
  const checked = checkAttachment({
    kind: "DOCUMENT",
    fileId: file.fileId,
    fileUniqueId: file.fileUniqueId,
    fileName: file.fileName,
    mimeType: file.mimeType,
    fileSize: file.fileSize,
  });
  if (!checked.ok) {
    if (checked.error === "materials-file-too-big") return { ok: false, error: "contests-entry-file-too-big" };
    return { ok: false, error: checked.error === "materials-file-macros" || checked.error === "materials-file-name-hidden" ? checked.error : "contests-entry-file-type" };
  }
  const fileName = checked.value.kind === "LINK" ? file.fileName : (checked.value.fileName ?? file.fileName);
  const family = fileFamilyOf(fileName, file.mimeType);
  if (rules.fileFamilies.length > 0 && (!family || !rules.fileFamilies.includes(family))) return { ok: false, error: "contests-entry-file-family" };
  if (!Number.isInteger(file.fileSize) || file.fileSize < 0 || file.fileSize > rules.maxFileMb * MB) return { ok: false, error: "contests-entry-file-too-big" };
  return { ok: true, value: { ...file, fileName } };
}

function fileFamilyOf(name: string, mime: string): string | undefined {
  const type = fileTypeOf(name, mime);
  return type.ok ? type.family : undefined;
}

/** The rules a submission is checked against, from a contest. */
export function submissionRules(contest: ContestView): SubmissionRules {
  return {
    contestId: contest.id,
    title: contest.title,
    formats: contest.formats,
    maxFiles: contest.maxFiles,
    maxFileMb: contest.maxFileMb,
    fileFamilies: contest.fileFamilies,
    closesAt: contest.submissionClosesAt.getTime(),
  };
}

/** Checks a whole work against a contest's formats; gives it cleaned. */
export function checkWork(rules: SubmissionRules, work: { files?: EntryFileView[]; link?: string | null; text?: string | null }): EntryWork {
  const files = work.files ?? [];
  const link = work.link?.trim() ? work.link : null;
  const text = work.text?.trim() ? work.text : null;
  if (files.length === 0 && link === null && text === null) throw new DomainError("contests-entry-work-empty");
  if ((files.length > 0 && !rules.formats.includes("file")) || (link !== null && !rules.formats.includes("link")) || (text !== null && !rules.formats.includes("text"))) {
    throw new DomainError("contests-entry-format-not-allowed");
  }
  if (files.length > rules.maxFiles) throw new DomainError("contests-entry-files-many", { max: rules.maxFiles });
  const cleanFiles = files.map((f, i) => {
    const checked = checkEntryFile(rules, f);
    if (!checked.ok) throw new DomainError(checked.error, { mb: rules.maxFileMb });
    return { ...checked.value, position: i + 1 };
  });
  return {
    files: cleanFiles,
    link: link === null ? null : unwrap(checkEntryLink(link)),
    text: text === null ? null : unwrap(checkEntryText(text)),
  };
}

/** Order of contests on /contests: open first, then upcoming, then being judged, then published. */
function listRank(c: ContestView): [number, number] {
  switch (c.status) {
    case "OPEN":
      return [0, c.submissionClosesAt.getTime()];
    case "SCHEDULED":
      return [1, c.submissionOpensAt.getTime()];
    case "JUDGING":
    case "CONFIRMING":
      return [2, c.resultsAt.getTime()];
    default:
      return [3, -(c.publishedAt?.getTime() ?? 0)];
  }
}

/**
 * What members do in contests: the list and the card, submitting an entry,
 * editing and withdrawing it until the deadline, their own entries and,
 * once the contest is published, their results. Every method checks who asks
 * first; times come from `clock`. An entry is taken only while the contest is
 * OPEN and before its deadline, both checked under the contest's row lock (the
 * job that closes submissions may be late, and it moves the status under the same lock).
 */
export class EntriesService {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly contests: ContestsRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.clock();
  }

  private async loadContest(id: number): Promise<ContestView> {
    const contest = await this.contests.find(id);
    if (!contest) throw new NotFoundError("contests-not-found");
    return contest;
  }

  /** Open for entries at `now`: the status and the deadline both (the phase job may be late). */
  private isOpen(contest: Pick<ContestView, "status" | "submissionClosesAt">, now: Date): boolean {
    return contest.status === "OPEN" && now.getTime() < contest.submissionClosesAt.getTime();
  }

  private requireOpen(contest: ContestView, now: Date): void {
    if (this.isOpen(contest, now)) return;
    if (contest.status === "SCHEDULED") throw new DomainError("contests-submissions-not-yet");
    if (contest.status === "CANCELLED") throw new DomainError("contests-cancelled");
    throw new DomainError("contests-submissions-closed");
  }

  /** The author's own entry; anyone else's is "not found" (it exists for nobody but them here). */
  private async ownEntry(member: MemberState, entryId: number): Promise<EntryView> {
    const entry = await this.contests.entry(entryId);
    if (!entry || entry.authorId !== member.id) throw new NotFoundError("contests-entry-not-found");
    return entry;
  }

  /** /contests: open contests first, then upcoming, then those being judged, then those published in the last 90 days. */
  async list(viewer: MemberState | undefined, page: number): Promise<{ items: ContestView[]; total: number; page: number; pages: number }> {
    requireRegistered(viewer);
    const since = new Date(this.clock().getTime() - RECENT_DAYS * DAY);
    const all = (await this.entries.listed(since)).sort((a, b) => {
      const [ra, ka] = listRank(a);
      const [rb, kb] = listRank(b);
      return ra - rb || ka - kb || a.id - b.id;
    });
    const pages = Math.max(1, Math.ceil(all.length / LIST_PAGE_SIZE));
    const p = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
    return { items: all.slice(p * LIST_PAGE_SIZE, (p + 1) * LIST_PAGE_SIZE), total: all.length, page: p, pages };
  }

  /** One contest with the viewer's entries and whether they can submit now. */
  async card(viewer: MemberState | undefined, contestId: number): Promise<ContestCard> {
    requireRegistered(viewer);
    const contest = await this.loadContest(contestId);
    const mine = await this.entries.ofAuthorIn(contestId, viewer.id);
    const open = this.isOpen(contest, this.clock());
    const taken = new Set(mine.filter((e) => e.status !== "WITHDRAWN").map((e) => e.nominationId));
    const available = open ? contest.nominations.filter((n) => !taken.has(n.id)).map((n) => n.id) : [];
    return { contest, mine, open, available };
  }

  /** The rules document of a contest (sent by its file_id). */
  async rulesDocument(viewer: MemberState | undefined, contestId: number): Promise<{ rules: string; fileId: string | null; fileName: string | null }> {
    requireRegistered(viewer);
    const contest = await this.loadContest(contestId);
    return { rules: contest.rules, fileId: contest.rulesFileId, fileName: contest.rulesFileName };
  }

  /**
   * What the submission questionnaire asks about, checked when it starts: the
   * contest is open and the member has a nomination left to submit to.
   */
  async submissionForm(member: MemberState | undefined, contestId: number): Promise<SubmissionRules & { nominations: { id: number; title: string }[] }> {
    const card = await this.card(member, contestId);
    this.requireOpen(card.contest, this.clock());
    if (card.available.length === 0) throw new DomainError("contests-entry-one-per-nomination");
    const nominations = card.contest.nominations.filter((n) => card.available.includes(n.id)).map((n) => ({ id: n.id, title: n.title }));
    return { ...submissionRules(card.contest), nominations };
  }

  /**
   * Submits an entry: only while the contest is open and before its deadline,
   * in one of its nominations (one entry per member per nomination), with the
   * declaration of authorship. Its number is the contest's next (code «К-017»).
   * A file identical to another author's entry or material is flagged (duplicateOf), not refused.
   */
  async submit(member: MemberState | undefined, contestId: number, input: EntryInput): Promise<EntryView> {
    requireRegistered(member);
    const contest = await this.loadContest(contestId);
    const now = this.clock();
    this.requireOpen(contest, now);
    if (!contest.nominations.some((n) => n.id === input.nominationId)) throw new DomainError("contests-nomination-unknown");
    const title = unwrap(checkEntryTitle(input.title ?? ""));
    const description = unwrap(checkEntryDescription(input.description ?? ""));
    const work = checkWork(submissionRules(contest), input);
    if (input.declared !== true) throw new DomainError("contests-entry-not-declared");
    const duplicateOf = await this.entries.duplicateOf(
      work.files.map((f) => f.fileUniqueId),
      member.id,
    );
    const data: EntryData = { title, description, ...work, duplicateOf };
    const entry = await this.entries.create(contestId, member.id, input.nominationId, data, now, (locked, own) => {
      // Under the lock: the contest may have closed (or been cancelled) since it was read.
      this.requireOpen(locked, now);
      if (own.some((e) => e.nominationId === input.nominationId && e.status !== "WITHDRAWN")) throw new DomainError("contests-entry-one-per-nomination");
    });
    if (!entry) throw new NotFoundError("contests-not-found");
    return entry;
  }

  /** The author's entry with whether it can still change, and the contest (results only after publication). */
  async entry(member: MemberState | undefined, entryId: number): Promise<OwnEntry> {
    requireRegistered(member);
    const entry = await this.ownEntry(member, entryId);
    const contest = await this.loadContest(entry.contestId);
    return this.toOwn(entry, contest);
  }

  private toOwn(entry: EntryView, contest: EntryWithContest["contest"]): OwnEntry {
    const published = contest.status === "PUBLISHED";
    const editable = entry.status === "SUBMITTED" && this.isOpen(contest, this.clock());
    return { entry: published ? entry : hideResults(entry), contest, editable, published };
  }

  /** What the edit questionnaire checks answers against; refused when the entry can no longer change. */
  async editForm(member: MemberState | undefined, entryId: number): Promise<SubmissionRules & { entryTitle: string }> {
    requireRegistered(member);
    const entry = await this.ownEntry(member, entryId);
    const contest = await this.loadContest(entry.contestId);
    this.requireEditable(contest, entry, this.clock());
    return { ...submissionRules(contest), entryTitle: entry.title };
  }

  private requireEditable(contest: ContestView, entry: EntryView, now: Date): void {
    if (entry.status === "WITHDRAWN") throw new DomainError("contests-entry-withdrawn");
    if (!this.isOpen(contest, now)) throw new DomainError("contests-entry-frozen");
    if (entry.status !== "SUBMITTED") throw new DomainError("contests-entry-frozen");
  }

  /** Changes the title, description or work of the author's entry, until the deadline. */
  async edit(member: MemberState | undefined, entryId: number, patch: EntryPatch): Promise<EntryView> {
    requireRegistered(member);
    const current = await this.ownEntry(member, entryId);
    const contest = await this.loadContest(current.contestId);
    const now = this.clock();
    this.requireEditable(contest, current, now);
    const data: Partial<EntryData> = {};
    if (patch.title !== undefined) data.title = unwrap(checkEntryTitle(patch.title));
    if (patch.description !== undefined) data.description = unwrap(checkEntryDescription(patch.description));
    if (patch.work !== undefined) {
      const work = checkWork(submissionRules(contest), patch.work);
      Object.assign(data, work);
      data.duplicateOf = await this.entries.duplicateOf(
        work.files.map((f) => f.fileUniqueId),
        member.id,
      );
    }
    if (Object.keys(data).length === 0) return current;
    const updated = await this.entries.update(entryId, data, (locked, entry) => {
      if (entry.authorId !== member.id) throw new NotFoundError("contests-entry-not-found");
      this.requireEditable(locked, entry, now);
    });
    if (!updated) throw new NotFoundError("contests-entry-not-found");
    return updated;
  }

  /** Withdraws the author's entry until the deadline; its number stays used. */
  async withdraw(member: MemberState | undefined, entryId: number): Promise<EntryView> {
    requireRegistered(member);
    const current = await this.ownEntry(member, entryId);
    const contest = await this.loadContest(current.contestId);
    const now = this.clock();
    this.requireEditable(contest, current, now);
    const updated = await this.entries.update(entryId, { status: "WITHDRAWN", withdrawnAt: now }, (locked, entry) => {
      if (entry.authorId !== member.id) throw new NotFoundError("contests-entry-not-found");
      this.requireEditable(locked, entry, now);
    });
    if (!updated) throw new NotFoundError("contests-entry-not-found");
    return updated;
  }

  /** The member's entries across contests, newest first; scores, places and awards only where the contest is published. */
  async mine(member: MemberState | undefined): Promise<OwnEntry[]> {
    requireRegistered(member);
    const rows = await this.entries.ofAuthor(member.id);
    return rows.map((r) => this.toOwn(r.entry, r.contest));
  }

  /** Per-criterion points of each submitted review, the comments, the score, place and award: after publication only. */
  async results(member: MemberState | undefined, entryId: number): Promise<EntryResults> {
    requireRegistered(member);
    const entry = await this.ownEntry(member, entryId);
    const contest = await this.loadContest(entry.contestId);
    if (contest.status !== "PUBLISHED") throw new DomainError("contests-results-not-yet");
    if (entry.status === "WITHDRAWN") throw new DomainError("contests-entry-withdrawn");
    const reviews = await this.entries.submittedReviews(entryId);
    return { entry, contest, criteria: contest.criteria, reviews };
  }
}

/** Scores computed before publication are the jury's business until the results are out. */
function hideResults(entry: EntryView): EntryView {
  return { ...entry, score: null, place: null, award: null, audienceVotes: null, audiencePrize: false };
}
