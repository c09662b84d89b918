import type { Translate } from "../../bot/i18n.js";
import { trusted, truncate, visibleLength } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import { FILE_TYPES } from "../materials/materials.file-types.js";
import type { ContestCard, EntryResults, EntryWork, OwnEntry, SubmissionRules } from "./contests.entries.service.js";
import { entryCode, ENTRY_TEXT_MAX, points, type ContestView, type EntryFileView, type EntryView, type NominationView } from "./contests.types.js";

/** Telegram's limit for a message's text. */
const TEXT_LIMIT = 4096;

/** What every contest screen renders with: the viewer's language, zone and the catalogue for names. */
export interface RenderEnv {
  t: Translate;
  locale: string;
  zone: string;
  catalogue: CatalogueService;
}

/** The letter of entry codes in the viewer's language («К-017», "C-017"). */
export function codeOf(t: Translate, entry: Pick<EntryView, "number">): string {
  return entryCode(t("contests-code-letter"), entry.number);
}

function when(env: RenderEnv, date: Date): string {
  return formatZonedTime(date, env.zone, toLocale(env.locale));
}

/** Where the contest is now, with its next date: "приём работ до …". */
export function phaseLine(env: RenderEnv, c: ContestView): string {
  switch (c.status) {
    case "OPEN":
      return env.t("contests-phase-OPEN", { date: when(env, c.submissionClosesAt) });
    case "SCHEDULED":
      return env.t("contests-phase-SCHEDULED", { date: when(env, c.submissionOpensAt) });
    case "JUDGING":
    case "CONFIRMING":
      return env.t("contests-phase-JUDGING", { date: when(env, c.resultsAt) });
    case "PUBLISHED":
      return env.t("contests-phase-PUBLISHED", { date: when(env, c.publishedAt ?? c.resultsAt) });
    case "CANCELLED":
      return env.t("contests-phase-CANCELLED");
  }
}

/** /contests: a page of contests, each with its phase. */
export function listText(env: RenderEnv, items: readonly ContestView[], firstNumber: number): string {
  const head = env.t("contests-list-title");
  if (items.length === 0) return `${head}\n\n${env.t("contests-list-empty")}`;
  const lines = items.map((c, i) => env.t("contests-list-line", { n: firstNumber + i, title: truncate(c.title, 150), phase: trusted(phaseLine(env, c)) }));
  return `${head}\n\n${lines.join("\n\n")}`;
}

/** Extensions a contest accepts: its families', or nothing to say when it takes every type materials take. */
function extensionsOf(families: readonly string[]): string {
  if (families.length === 0) return "";
  return Object.entries(FILE_TYPES)
    .filter(([, type]) => families.includes(type.family))
    .map(([ext]) => ext)
    .join(", ");
}

/** "файлы (до 3, до 20 МБ; pdf, docx), ссылка" from a contest's formats. */
export function formatsText(t: Translate, rules: Pick<SubmissionRules, "formats" | "maxFiles" | "maxFileMb" | "fileFamilies">): string {
  return rules.formats
    .map((f) => {
      if (f !== "file") return t(`contests-format-${f}`, { max: ENTRY_TEXT_MAX });
      const types = extensionsOf(rules.fileFamilies);
      return t("contests-format-file", { max: rules.maxFiles, mb: rules.maxFileMb, types: types ? `; ${types}` : "" });
    })
    .join(", ");
}

async function nominationLine(env: RenderEnv, n: NominationView, titleMax: number): Promise<string> {
  const subjects: string[] = [];
  for (const code of n.subjectCodes) {
    const s = await env.catalogue.subject(code);
    subjects.push(s ? localName(s, env.locale) : code);
  }
  const grades: string[] = [];
  for (const code of n.gradeCodes) {
    const g = await env.catalogue.grade(code);
    grades.push(g ? localName(g, env.locale) : code);
  }
  const details = [subjects.join(", "), grades.join(", ")].filter(Boolean).join("; ");
  return env.t("contests-nomination-line", { title: truncate(n.title, titleMax), details: details ? ` — ${truncate(details, 200)}` : "" });
}

export function nominationTitle(contest: Pick<ContestView, "nominations">, nominationId: number): string {
  return contest.nominations.find((n) => n.id === nominationId)?.title ?? "—";
}

function entryLine(env: RenderEnv, contest: ContestView, e: EntryView): string {
  return env.t("contests-mine-line", {
    code: codeOf(env.t, e),
    title: truncate(e.title, 80),
    nomination: truncate(nominationTitle(contest, e.nominationId), 60),
    status: env.t(`contests-entry-status-${e.status}`),
  });
}

/**
 * The contest card: title and phase, description, dates in the viewer's
 * zone, what is accepted, nominations with their subjects and grades, the
 * rules, the viewer's entries. Long texts shrink until it fits a message;
 * `rulesCut` says whether the rules were shortened (the «Положение» button then shows them whole).
 */
export async function cardText(env: RenderEnv, card: ContestCard): Promise<{ text: string; rulesCut: boolean }> {
  const { t } = env;
  const c = card.contest;
  const budgets = [
    { description: 700, rules: 900, nomination: 150 },
    { description: 400, rules: 400, nomination: 100 },
    { description: 150, rules: 0, nomination: 60 },
    { description: 0, rules: 0, nomination: 40 },
  ];
  let text = "";
  let rulesCut = false;
  for (const b of budgets) {
    const parts = [`${t("contests-card-title", { title: c.title })}\n${phaseLine(env, c)}`];
    if (c.description && b.description > 0) parts.push(t("contests-card-description", { description: truncate(c.description, b.description) }));
    parts.push(
      t("contests-card-dates", {
        opens: when(env, c.submissionOpensAt),
        closes: when(env, c.submissionClosesAt),
        judging: when(env, c.judgingClosesAt),
        results: when(env, c.resultsAt),
      }),
    );
    parts.push(t("contests-card-formats", { formats: formatsText(t, c) }));
    const noms: string[] = [];
    for (const n of c.nominations) noms.push(await nominationLine(env, n, b.nomination));
    parts.push(t("contests-card-nominations", { list: trusted(noms.join("\n")) }));
    if (c.rules && b.rules > 0) parts.push(t("contests-card-rules", { rules: truncate(c.rules, b.rules) }));
    if (card.mine.length > 0)
      parts.push(
        t("contests-card-mine", {
          list: trusted(
            card.mine
              .slice(-10)
              .map((e) => entryLine(env, c, e))
              .join("\n"),
          ),
        }),
      );
    if (card.open) parts.push(t(card.available.length > 0 ? "contests-card-can-submit" : "contests-card-all-submitted", { date: when(env, c.submissionClosesAt) }));
    text = parts.join("\n\n");
    rulesCut = c.rules.length > 0 && Array.from(c.rules).length > b.rules;
    if (visibleLength(text) <= TEXT_LIMIT) break;
  }
  return { text, rulesCut };
}

function fileLine(t: Translate, f: EntryFileView): string {
  // Under a megabyte in whole kilobytes: "0.00 MB" tells a member nothing about a 40 KB plan.
  const size =
    f.fileSize < 1024 * 1024
      ? t("contests-work-file-kb", { size: Math.max(1, Math.ceil(f.fileSize / 1024)) })
      : t("contests-work-file-mb", { size: Math.round((f.fileSize / 1024 / 1024) * 10) / 10 });
  return `• ${truncate(f.fileName, 100)} · ${size}`;
}

/** The work in a few lines: files (names and sizes), the link, the text cut to `textMax`. */
export function workText(t: Translate, work: EntryWork, textMax = 1500): string {
  const parts: string[] = [];
  if (work.files.length > 0) parts.push(t("contests-work-files", { list: work.files.map((f) => fileLine(t, f)).join("\n") }));
  if (work.link) parts.push(t("contests-work-link", { url: work.link }));
  if (work.text) parts.push(t("contests-work-text", { text: truncate(work.text, textMax) }));
  return parts.join("\n");
}

/** The author's entry card: code, contest, nomination, title, description, work, status, what can still be done. */
export function entryText(env: RenderEnv, own: OwnEntry): string {
  const { t } = env;
  const { entry, contest } = own;
  for (const textMax of [1500, 600, 100]) {
    const parts = [
      t("contests-entry-card", {
        code: codeOf(t, entry),
        contest: truncate(contest.title, 150),
        nomination: truncate(nominationTitle(contest, entry.nominationId), 150),
        title: entry.title,
        status: trusted(t(`contests-entry-status-${entry.status}`)),
      }),
    ];
    if (entry.description) parts.push(t("contests-entry-card-description", { description: truncate(entry.description, textMax === 100 ? 200 : 1000) }));
    parts.push(workText(t, entry, textMax));
    if (own.published && entry.status !== "WITHDRAWN") parts.push(resultLine(t, entry));
    else if (entry.disqualificationReason) parts.push(t("contests-removed-reason", { reason: entry.disqualificationReason }));
    else if (own.editable) parts.push(t("contests-entry-card-editable", { date: when(env, contest.submissionClosesAt) }));
    else if (entry.status === "SUBMITTED" && contest.status !== "CANCELLED") parts.push(t("contests-entry-card-frozen"));
    const text = parts.filter(Boolean).join("\n\n");
    if (visibleLength(text) <= TEXT_LIMIT) return text;
  }
  return t("contests-entry-card", { code: codeOf(t, entry), contest: truncate(contest.title, 100), nomination: "", title: truncate(entry.title, 100), status: "" });
}

/** Score, place and award of a published entry. */
export function resultLine(t: Translate, entry: EntryView): string {
  if (entry.status === "DISQUALIFIED") {
    return entry.disqualificationReason ? t("contests-removed-reason", { reason: entry.disqualificationReason }) : t("contests-results-disqualified");
  }
  const lines = [
    t("contests-result-line", {
      score: points(entry.score),
      place: trusted(entry.place === null ? "" : t("contests-result-place", { place: entry.place })),
      award: trusted(entry.award ? t(`contests-award-${entry.award}`) : "—"),
    }),
  ];
  if (entry.audiencePrize) lines.push(t("contests-result-audience"));
  return lines.join("\n");
}

/** My entries across contests, newest first, with status and (after publication) the result. */
export function mineText(env: RenderEnv, items: readonly OwnEntry[]): string {
  const { t } = env;
  if (items.length === 0) return `${t("contests-mine-title")}\n\n${t("contests-mine-empty")}`;
  const lines: string[] = [];
  for (const own of items.slice(0, 30)) {
    const { entry } = own;
    const line = t("contests-mine-item", {
      code: codeOf(t, entry),
      title: truncate(entry.title, 80),
      contest: truncate(own.contest.title, 80),
      status: trusted(t(`contests-entry-status-${entry.status}`)),
      result: own.published && entry.status === "SUBMITTED" ? trusted(`\n   ${resultLine(t, entry)}`) : "",
    });
    if (visibleLength([...lines, line].join("\n\n")) > TEXT_LIMIT - 200) break;
    lines.push(line);
  }
  return `${t("contests-mine-title")}\n\n${lines.join("\n\n")}`;
}

/** The results of an entry: the total, place and award, then each expert's points per criterion and comment. */
export function resultsText(t: Translate, r: EntryResults): string {
  for (const commentMax of [1000, 400, 150, 0]) {
    const parts = [t("contests-results-title", { code: codeOf(t, r.entry), title: truncate(r.entry.title, 150) }), resultLine(t, r.entry)];
    if (r.reviews.length === 0) parts.push(t("contests-results-none"));
    r.reviews.forEach((review, i) => {
      const lines = [t("contests-results-expert", { n: i + 1, total: points(review.total) })];
      for (const c of r.criteria) {
        const value = review.scores[c.id];
        const shown =
          value === undefined
            ? "—"
            : c.passFail
              ? t(value > 0 ? "contests-results-pass" : "contests-results-fail")
              : t("contests-results-points", { points: points(value), max: c.maxPoints });
        lines.push(t("contests-results-criterion", { title: truncate(c.title, 100), value: trusted(shown) }));
      }
      if (review.comment && commentMax > 0) lines.push(t("contests-results-comment", { comment: truncate(review.comment, commentMax) }));
      parts.push(lines.join("\n"));
    });
    const text = parts.join("\n\n");
    if (visibleLength(text) <= TEXT_LIMIT) return text;
  }
  return t("contests-results-title", { code: codeOf(t, r.entry), title: truncate(r.entry.title, 100) });
}
