import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { runForm, type FormTable } from "../../bot/form/run-form.js";
import { multiChoiceStep } from "../../bot/form/steps.js";
import { attempt, BACK, CANCEL, runStep, stepCb, withNavigation, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { parseDateTime } from "../../shared/date-input.js";
import { truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime, utcOffsetLabel } from "../../shared/time.js";
import { localName } from "../catalogue/catalogue.service.js";
import type { FileFamily } from "../materials/materials.file-types.js";
import type { EntryToRemove } from "./contests.admin.repository.js";
import { cadmCb, dateFieldFromCode, searchHitsKeyboard } from "./contests.admin.keyboards.js";
import { datesText } from "./contests.admin.render.js";
import { DATE_FIELDS, FILE_FAMILIES, type DateField } from "./contests.service.js";
import {
  CONTEST_DESCRIPTION_MAX,
  CONTEST_RULES_MAX,
  CONTEST_TITLE_MAX,
  CONTEST_TITLE_MIN,
  CRITERIA_MAX,
  CRITERION_POINTS_MAX,
  CRITERION_TITLE_MAX,
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
  entryCode,
  type ContestDraft,
  type CriterionInput,
  type EntryFormat,
  type NominationInput,
} from "./contests.types.js";

export const CONTEST_CREATE = "contest-create";
export const CONTEST_DATES = "contest-dates";
export const CONTEST_JUROR_FIND = "contest-juror-find";
/** Removing an entry from a contest (the id is stored with the member's state: never change it). */
export const CONTEST_REMOVE_ENTRY = "contest-remove-entry";

/** «Готово» under the nominations and criteria (a symbol: a title typed as "done" is a title). */
const DONE = Symbol("done");

type Deps = ConversationDeps;

/** Who is talking, may they organise, and in which zone they think (plain JSON for the replay log). */
async function whoIs(conversation: BotConversation, deps: Deps) {
  return conversation.external(async (outer) => {
    if (!outer.member) return undefined;
    const allowed = await deps.services.contests.mayOrganise(outer.member);
    const profile = outer.member.registered ? await deps.services.profile.get(outer.member.id) : undefined;
    return { id: outer.member.id, locale: outer.locale, allowed, zone: profile?.timezone ?? deps.config.defaultTimezone };
  });
}

/** An organiser's questionnaire begins: who they are, their texts and the step env; undefined (after telling them) when they may not organise. */
async function organiserStart(conversation: BotConversation, ctx: ConvContext, deps: Deps) {
  const who = await whoIs(conversation, deps);
  const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
  if (!who?.allowed) return void (await ctx.reply(t("contests-admin-forbidden")));
  const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
  return { who, t, env };
}

const length = (s: string) => Array.from(s).length;
const oneLine = (s: string) => s.normalize("NFC").replace(/\s+/gu, " ").trim();
const multiLine = (s: string) => s.normalize("NFC").replace(/\r\n?/g, "\n").trim();

function zoneLabel(zone: string, now: Date): string {
  return `${zone}, ${utcOffsetLabel(zone, now)}`;
}

/** Buttons under a question, one a row, then Back/Cancel. */
function buttons(t: Translate, env: StepEnv, list: Array<[string, string, ...(string | number)[]]>, columns = 1): InlineKeyboard {
  const kb = new InlineKeyboard();
  list.forEach(([label, action, ...args], i) => {
    kb.text(label, stepCb.pack(action, ...args));
    if ((i + 1) % columns === 0) kb.row();
  });
  return withNavigation(kb, t, { back: env.back });
}

function askLine(env: StepEnv, o: { question: string; min: number; max: number; error: string; answered: (v: string) => string; extra?: Array<[string, string]> }) {
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: o.question, keyboard: buttons(env.t, env, o.extra ?? []) }),
    onText: (text) => {
      const v = oneLine(text);
      return length(v) < o.min || length(v) > o.max ? { error: o.error, vars: { min: o.min, max: o.max } } : { value: v };
    },
    answered: o.answered,
  });
}

function askOptionalText(env: StepEnv, o: { question: string; max: number; error: string; answered: (v: string) => string }) {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: o.question, keyboard: buttons(t, env, [[t("step-skip"), "skip"]]) }),
    onText: (text) => {
      const v = multiLine(text);
      return length(v) > o.max ? { error: o.error, vars: { max: o.max } } : { value: v };
    },
    onCallback: (data) => (data.action === "skip" ? { value: "" } : undefined),
    answered: o.answered,
  });
}

type RulesFile = { fileId: string; fileName: string } | null;

function askRulesFile(env: StepEnv): Promise<StepResult<RulesFile>> {
  const { t } = env;
  return runStep<null, RulesFile>(env, {
    initial: null,
    render: () => ({ text: t("contests-admin-ask-rules-file"), keyboard: buttons(t, env, [[t("step-skip"), "skip"]]) }),
    onMessage: (ctx) => {
      const doc = ctx.message?.document;
      if (!doc) return undefined;
      return { value: { fileId: doc.file_id, fileName: truncate(doc.file_name ?? "rules", 200) } };
    },
    onCallback: (data) => (data.action === "skip" ? { value: null } : undefined),
    answered: (v) => (v ? t("contests-admin-answered-rules-file", { name: v.fileName }) : t("contests-admin-answered-rules-file-none")),
  });
}

/**
 * The title of the next item of a list the organiser builds one at a time (a
 * nomination, a criterion), or DONE from the «Готово» button (offered only
 * when `done` names it).
 */
function askItemTitle(
  env: StepEnv,
  o: { ask: string; max: number; bad: string; done: string | undefined; answered: (v: string | typeof DONE) => string },
): Promise<StepResult<string | typeof DONE>> {
  return runStep<null, string | typeof DONE>(env, {
    initial: null,
    render: () => ({ text: o.ask, keyboard: buttons(env.t, env, o.done ? [[o.done, "done"]] : []) }),
    onText: (text) => {
      const v = oneLine(text);
      return length(v) < 1 || length(v) > o.max ? { error: o.bad, vars: { max: o.max } } : { value: v };
    },
    onCallback: (data) => (data.action === "done" && o.done ? { value: DONE } : undefined),
    answered: o.answered,
  });
}

// ---------------------------------------------------------------------------
// Nominations: added one at a time (title, subjects, grades), then «Готово».

async function askNominations(env: StepEnv, deps: Deps, current: NominationInput[]): Promise<StepResult<NominationInput[]>> {
  const { t, locale } = env;
  const catalogue = deps.services.catalogue;
  const subjects = (await catalogue.subjects()).map((s) => ({ value: s.code, label: localName(s, locale) }));
  const grades = (await catalogue.grades()).map((g) => ({ value: g.code, label: localName(g, locale) }));
  const names = (codes: string[], items: { value: string; label: string }[], any: string) =>
    codes.length
      ? items
          .filter((i) => codes.includes(i.value))
          .map((i) => i.label)
          .join(", ")
      : any;
  const list: NominationInput[] = [...current];
  const outerBack = env.back;
  for (;;) {
    const listed = list.map((n, i) => t("contests-admin-nomination-line", { n: i + 1, title: n.title })).join("\n");
    env.back = outerBack || list.length > 0;
    const title =
      list.length >= NOMINATIONS_MAX
        ? DONE
        : await askItemTitle(env, {
            ask: [t("contests-admin-ask-nomination", { max: NOMINATION_TITLE_MAX }), listed].filter(Boolean).join("\n\n"),
            max: NOMINATION_TITLE_MAX,
            bad: "contests-admin-nomination-title-bad",
            done: list.length > 0 ? t("contests-admin-nominations-done", { count: list.length }) : undefined,
            answered: (v) => (v === DONE ? t("contests-admin-answered-nominations", { count: list.length }) : t("contests-admin-answered-nomination", { title: v })),
          });
    if (title === CANCEL) return CANCEL;
    if (title === BACK) {
      // Back from a new nomination takes the last one off; from the first, to the previous question.
      if (list.length === 0) return BACK;
      list.pop();
      continue;
    }
    if (title === DONE) return list;
    env.back = true;
    const subjectCodes = await multiChoiceStep(env, {
      question: t("contests-admin-ask-nomination-subjects", { title }),
      items: subjects,
      current: [],
      columns: 2,
      done: (codes) => ({ value: codes }),
      answered: (codes) => t("contests-admin-answered-subjects", { value: names(codes, subjects, t("contests-admin-any")) }),
    });
    if (subjectCodes === CANCEL) return CANCEL;
    if (subjectCodes === BACK) continue;
    const gradeCodes = await multiChoiceStep(env, {
      question: t("contests-admin-ask-nomination-grades", { title }),
      items: grades,
      current: [],
      columns: 3,
      done: (codes) => ({ value: codes }),
      answered: (codes) => t("contests-admin-answered-grades", { value: names(codes, grades, t("contests-admin-any")) }),
    });
    if (gradeCodes === CANCEL) return CANCEL;
    if (gradeCodes === BACK) continue;
    list.push({ title, subjectCodes, gradeCodes });
  }
}

// ---------------------------------------------------------------------------
// Dates, typed as for events, in the organiser's zone.

interface Dates {
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  judgingClosesAt: Date;
  resultsAt: Date;
  /** «Сейчас» was pressed: the contest opens when it is created, not when the button was. */
  opensNow?: boolean;
}

const PARSE_ERRORS: Record<string, string> = {
  unparsed: "contests-admin-time-unparsed",
  invalid: "contests-admin-time-invalid",
  past: "contests-admin-date-past",
  "too-far": "contests-admin-date-too-far",
  "unknown-zone": "contests-admin-timezone-unknown",
};

/** The date that must come before `field` (and whether it may be equal: results may come with the end of judging). */
const BEFORE: Record<DateField, { field: DateField; equal: boolean; error: string } | undefined> = {
  submissionOpensAt: undefined,
  submissionClosesAt: { field: "submissionOpensAt", equal: false, error: "contests-admin-dates-order-close" },
  judgingClosesAt: { field: "submissionClosesAt", equal: false, error: "contests-admin-dates-order-judging" },
  resultsAt: { field: "judgingClosesAt", equal: true, error: "contests-admin-dates-order-results" },
};

function askDate(
  env: StepEnv,
  o: { field: DateField; zone: string; now: Date; after?: Date; before?: Date; current?: Date; allowNow?: boolean },
): Promise<StepResult<Date>> {
  const { t } = env;
  const loc = toLocale(env.locale);
  const rule = BEFORE[o.field];
  const list: Array<[string, string]> = [];
  if (o.allowNow) list.push([t("contests-admin-date-now"), "now"]);
  if (o.current) list.push([t("contests-admin-date-keep"), "keep"]);
  const check = (value: Date): { value: Date } | { error: string } => {
    if (rule && o.after && (rule.equal ? value.getTime() < o.after.getTime() : value.getTime() <= o.after.getTime())) return { error: rule.error };
    if (o.before) {
      const next = DATE_FIELDS[DATE_FIELDS.indexOf(o.field) + 1]!;
      const nextRule = BEFORE[next]!;
      if (nextRule.equal ? value.getTime() > o.before.getTime() : value.getTime() >= o.before.getTime()) return { error: nextRule.error };
    }
    return { value };
  };
  return runStep<null, Date>(env, {
    initial: null,
    render: () => ({
      text: [
        t(`contests-admin-ask-${o.field}`, { zone: zoneLabel(o.zone, o.now) }),
        o.current ? t("contests-admin-date-current", { value: formatZonedTime(o.current, o.zone, loc) }) : "",
      ]
        .filter(Boolean)
        .join("\n\n"),
      keyboard: buttons(t, env, list),
    }),
    onText: (text) => {
      const parsed = parseDateTime(text, { timeZone: o.zone, now: o.now });
      if (!parsed.ok) return { error: PARSE_ERRORS[parsed.error] ?? "contests-admin-time-unparsed", vars: { zone: zoneLabel(o.zone, o.now) } };
      return check(parsed.value);
    },
    onCallback: (data) => {
      if (data.action === "now" && o.allowNow) return { value: o.now };
      if (data.action === "keep" && o.current) return { value: o.current };
      return undefined;
    },
    answered: (v) => t(`contests-admin-answered-${o.field}`, { value: formatZonedTime(v, o.zone, loc) }),
  });
}

async function askDates(env: StepEnv, zone: string, now: () => Promise<Date>): Promise<StepResult<Dates>> {
  const d: Partial<Dates> = {};
  const outerBack = env.back;
  for (let i = 0; i < DATE_FIELDS.length;) {
    const field = DATE_FIELDS[i]!;
    env.back = outerBack || i > 0;
    const rule = BEFORE[field];
    const at = await now();
    const value = await askDate(env, { field, zone, now: at, after: rule ? d[rule.field] : undefined, allowNow: i === 0 });
    if (value === CANCEL) return CANCEL;
    if (value === BACK) {
      if (i === 0) return BACK;
      i--;
      continue;
    }
    d[field] = value;
    // Typed dates are always after the moment they were read, so only the button gives exactly `at`.
    if (i === 0) d.opensNow = value.getTime() === at.getTime();
    i++;
  }
  return d as Dates;
}

// ---------------------------------------------------------------------------
// Format of entries

interface Format {
  formats: EntryFormat[];
  maxFiles: number;
  fileFamilies: FileFamily[];
  maxFileMb: number;
}

function askNumber(env: StepEnv, o: { question: string; min: number; max: number; error: string; options: number[]; answered: (n: number) => string; none?: string }) {
  const { t } = env;
  const list: Array<[string, string, ...(string | number)[]]> = o.options.map((n) => [String(n), "n", n]);
  if (o.none) list.push([o.none, "none"]);
  return runStep<null, number | null>(env, {
    initial: null,
    render: () => ({ text: o.question, keyboard: buttons(t, env, list, 5) }),
    onText: (text) => {
      const s = text.trim();
      if (!/^\d{1,4}$/.test(s)) return { error: o.error, vars: { min: o.min, max: o.max } };
      const n = Number(s);
      return n >= o.min && n <= o.max ? { value: n } : { error: o.error, vars: { min: o.min, max: o.max } };
    },
    onCallback: (data) => {
      if (data.action === "none" && o.none) return { value: null };
      if (data.action !== "n" || !/^\d{1,2}$/.test(data.args[0] ?? "")) return undefined;
      const n = Number(data.args[0]);
      return o.options.includes(n) ? { value: n } : undefined;
    },
    answered: (n) => (n === null ? (o.none ?? "") : o.answered(n)),
  });
}

async function askFormat(env: StepEnv): Promise<StepResult<Format>> {
  const { t } = env;
  const outerBack = env.back;
  for (;;) {
    env.back = outerBack;
    const formats = await multiChoiceStep(env, {
      question: t("contests-admin-ask-formats"),
      items: ENTRY_FORMATS.map((f) => ({ value: f, label: t(`contests-admin-format-${f}`) })),
      current: ["file"],
      columns: 3,
      done: (selected) => (selected.length ? { value: selected } : { error: "contests-admin-formats-bad" }),
      answered: (selected) => t("contests-admin-answered-formats", { value: selected.map((f) => t(`contests-admin-format-${f}`)).join(", ") }),
    });
    if (formats === CANCEL || formats === BACK) return formats;
    const chosen = formats as EntryFormat[];
    if (!chosen.includes("file")) return { formats: chosen, maxFiles: 1, fileFamilies: [], maxFileMb: MAX_FILE_MB };
    env.back = true;
    const maxFiles = await askNumber(env, {
      question: t("contests-admin-ask-max-files", { max: ENTRY_FILES_MAX }),
      min: 1,
      max: ENTRY_FILES_MAX,
      error: "contests-admin-max-files-bad",
      options: [1, 2, 3, 5, 10],
      answered: (n) => t("contests-admin-answered-max-files", { value: n }),
    });
    if (maxFiles === CANCEL) return CANCEL;
    if (maxFiles === BACK || maxFiles === null) continue;
    const families = await multiChoiceStep(env, {
      question: t("contests-admin-ask-families"),
      items: FILE_FAMILIES.map((f) => ({ value: f, label: t(`contests-admin-family-${f}`) })),
      current: [],
      columns: 2,
      done: (selected) => ({ value: selected }),
      answered: (selected) =>
        t("contests-admin-answered-families", { value: selected.length ? selected.map((f) => t(`contests-admin-family-${f}`)).join(", ") : t("contests-admin-any") }),
    });
    if (families === CANCEL) return CANCEL;
    if (families === BACK) continue;
    const size = await askNumber(env, {
      question: t("contests-admin-ask-max-size", { max: MAX_FILE_MB }),
      min: 1,
      max: MAX_FILE_MB,
      error: "contests-admin-max-size-bad",
      options: [5, 10, 20, 50],
      answered: (n) => t("contests-admin-answered-max-size", { value: n }),
    });
    if (size === CANCEL) return CANCEL;
    if (size === BACK || size === null) continue;
    return { formats: chosen, maxFiles, fileFamilies: families as FileFamily[], maxFileMb: size };
  }
}

// ---------------------------------------------------------------------------
// Jury settings

interface Jury {
  reviewsPerEntry: number;
  jurorCap: number | null;
  prizePlaces: number;
}

async function askJury(env: StepEnv): Promise<StepResult<Jury>> {
  const { t } = env;
  const outerBack = env.back;
  for (;;) {
    env.back = outerBack;
    const reviews = await askNumber(env, {
      question: t("contests-admin-ask-reviews", { max: REVIEWS_PER_ENTRY_MAX, default: REVIEWS_PER_ENTRY_DEFAULT }),
      min: 1,
      max: REVIEWS_PER_ENTRY_MAX,
      error: "contests-admin-reviews-bad",
      options: [1, 2, 3, 4, 5],
      answered: (n) => t("contests-admin-answered-reviews", { value: n }),
    });
    if (reviews === CANCEL || reviews === BACK) return reviews;
    if (reviews === null) continue;
    env.back = true;
    const cap = await askNumber(env, {
      question: t("contests-admin-ask-cap"),
      min: 1,
      max: 1000,
      error: "contests-admin-cap-bad",
      options: [5, 10, 20, 30, 50],
      none: t("contests-admin-no-cap"),
      answered: (n) => t("contests-admin-answered-cap", { value: n }),
    });
    if (cap === CANCEL) return CANCEL;
    if (cap === BACK) continue;
    const prizes = await askNumber(env, {
      question: t("contests-admin-ask-prizes", { max: PRIZE_PLACES_MAX, default: PRIZE_PLACES_DEFAULT }),
      min: 0,
      max: PRIZE_PLACES_MAX,
      error: "contests-admin-prizes-bad",
      options: [0, 1, 2, 3, 4, 5],
      answered: (n) => t("contests-admin-answered-prizes", { value: n }),
    });
    if (prizes === CANCEL) return CANCEL;
    if (prizes === BACK || prizes === null) continue;
    return { reviewsPerEntry: reviews, jurorCap: cap, prizePlaces: prizes };
  }
}

// ---------------------------------------------------------------------------
// The rubric: the default one for a lesson plan, or criterion by criterion.

function yesNo(env: StepEnv, question: string, answered: (v: boolean) => string): Promise<StepResult<boolean>> {
  const { t } = env;
  return runStep<null, boolean>(env, {
    initial: null,
    render: () => ({
      text: question,
      keyboard: buttons(
        t,
        env,
        [
          [t("contests-admin-yes"), "yes"],
          [t("contests-admin-no"), "no"],
        ],
        2,
      ),
    }),
    onCallback: (data) => (data.action === "yes" ? { value: true } : data.action === "no" ? { value: false } : undefined),
    answered,
  });
}

function parseWeight(text: string): number | undefined {
  const s = text.trim().replace(",", ".");
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 0.1 && n <= WEIGHT_MAX ? n : undefined;
}

async function askCustomCriteria(env: StepEnv): Promise<StepResult<CriterionInput[]>> {
  const { t } = env;
  const list: CriterionInput[] = [];
  for (;;) {
    const listed = list
      .map((c, i) =>
        t(c.passFail ? "contests-admin-criterion-line-passfail" : "contests-admin-criterion-line", { n: i + 1, title: c.title, max: c.maxPoints, weight: c.weight ?? 1 }),
      )
      .join("\n");
    const scored = list.some((c) => !c.passFail);
    env.back = true;
    const title =
      list.length >= CRITERIA_MAX
        ? DONE
        : await askItemTitle(env, {
            ask: [t("contests-admin-ask-criterion", { max: CRITERION_TITLE_MAX }), listed].filter(Boolean).join("\n\n"),
            max: CRITERION_TITLE_MAX,
            bad: "contests-admin-criterion-title-bad",
            done: scored ? t("contests-admin-criteria-done", { count: list.length }) : undefined,
            answered: (v) => (v === DONE ? t("contests-admin-answered-criteria", { count: list.length }) : t("contests-admin-answered-criterion", { title: v })),
          });
    if (title === CANCEL) return CANCEL;
    if (title === BACK) {
      if (list.length === 0) return BACK;
      list.pop();
      continue;
    }
    if (title === DONE) return list;
    const points = await runStep<null, number>(env, {
      initial: null,
      render: () => {
        const kb = new InlineKeyboard();
        for (let n = 1; n <= CRITERION_POINTS_MAX; n++) {
          kb.text(String(n), stepCb.pack("p", n));
          if (n % 5 === 0) kb.row();
        }
        kb.text(t("contests-admin-pass-fail"), stepCb.pack("p", 0));
        return { text: t("contests-admin-ask-points", { title, max: CRITERION_POINTS_MAX }), keyboard: withNavigation(kb, t, { back: env.back }) };
      },
      onCallback: (data) => {
        if (data.action !== "p" || !/^\d{1,2}$/.test(data.args[0] ?? "")) return undefined;
        const n = Number(data.args[0]);
        return n <= CRITERION_POINTS_MAX ? { value: n } : undefined;
      },
      answered: (n) => (n === 0 ? t("contests-admin-answered-pass-fail") : t("contests-admin-answered-points", { value: n })),
    });
    if (points === CANCEL) return CANCEL;
    if (points === BACK) continue;
    if (points === 0) {
      list.push({ title, maxPoints: 0, passFail: true, weight: 1 });
      continue;
    }
    const weight = await runStep<null, number>(env, {
      initial: null,
      render: () => ({ text: t("contests-admin-ask-weight", { max: WEIGHT_MAX }), keyboard: buttons(t, env, [["1", "w1"]]) }),
      onText: (text) => {
        const w = parseWeight(text);
        return w === undefined ? { error: "contests-admin-criterion-weight-bad", vars: { min: 0.1, max: WEIGHT_MAX } } : { value: w };
      },
      onCallback: (data) => (data.action === "w1" ? { value: 1 } : undefined),
      answered: (w) => t("contests-admin-answered-weight", { value: w }),
    });
    if (weight === CANCEL) return CANCEL;
    if (weight === BACK) continue;
    let tieBreak = false;
    if (!list.some((c) => c.tieBreak)) {
      const tb = await yesNo(env, t("contests-admin-ask-tiebreak", { title }), (v) => t(v ? "contests-admin-answered-tiebreak" : "contests-admin-answered-no-tiebreak"));
      if (tb === CANCEL) return CANCEL;
      if (tb === BACK) continue;
      tieBreak = tb;
    }
    list.push({ title, maxPoints: points, weight, passFail: false, tieBreak });
  }
}

async function askRubric(env: StepEnv, deps: Deps): Promise<StepResult<CriterionInput[]>> {
  const { t } = env;
  const outerBack = env.back;
  for (;;) {
    env.back = outerBack;
    const kind = await runStep<null, "default" | "custom">(env, {
      initial: null,
      render: () => ({
        text: t("contests-admin-ask-rubric"),
        keyboard: buttons(t, env, [
          [t("contests-admin-rubric-default"), "def"],
          [t("contests-admin-rubric-custom"), "own"],
        ]),
      }),
      onCallback: (data) => (data.action === "def" ? { value: "default" } : data.action === "own" ? { value: "custom" } : undefined),
      answered: (v) => t(v === "default" ? "contests-admin-answered-rubric-default" : "contests-admin-answered-rubric-custom"),
    });
    if (kind === CANCEL || kind === BACK) return kind;
    if (kind === "default") return deps.services.contests.defaultRubric(t);
    const custom = await askCustomCriteria(env);
    if (custom === BACK) continue;
    return custom;
  }
}

// ---------------------------------------------------------------------------
// The whole form

interface ContestForm {
  title: string;
  description: string;
  rules: string;
  rulesFile: RulesFile;
  nominations: NominationInput[];
  dates: Dates;
  format: Format;
  jury: Jury;
  criteria: CriterionInput[];
  audienceVote: boolean;
  broadcastPhases: boolean;
}

function contestForm(deps: Deps, zone: string, now: () => Promise<Date>): FormTable<ContestForm> {
  return [
    {
      key: "title",
      ask: (env) =>
        askLine(env, {
          question: env.t("contests-admin-ask-title", { min: CONTEST_TITLE_MIN, max: CONTEST_TITLE_MAX }),
          min: CONTEST_TITLE_MIN,
          max: CONTEST_TITLE_MAX,
          error: "contests-admin-title-bad",
          answered: (v) => env.t("contests-admin-answered-title", { value: v }),
        }),
    },
    {
      key: "description",
      ask: (env) =>
        askOptionalText(env, {
          question: env.t("contests-admin-ask-description", { max: CONTEST_DESCRIPTION_MAX }),
          max: CONTEST_DESCRIPTION_MAX,
          error: "contests-admin-description-long",
          answered: (v) => (v ? env.t("contests-admin-answered-description", { value: truncate(v, 200) }) : env.t("contests-admin-answered-description-none")),
        }),
    },
    {
      key: "rules",
      ask: (env) =>
        askOptionalText(env, {
          question: env.t("contests-admin-ask-rules", { max: CONTEST_RULES_MAX }),
          max: CONTEST_RULES_MAX,
          error: "contests-admin-rules-long",
          answered: (v) => (v ? env.t("contests-admin-answered-rules", { value: truncate(v, 200) }) : env.t("contests-admin-answered-rules-none")),
        }),
    },
    { key: "rulesFile", ask: (env) => askRulesFile(env) },
    { key: "nominations", ask: (env, d) => askNominations(env, deps, d.nominations ?? []) },
    { key: "dates", ask: (env) => askDates(env, zone, now) },
    { key: "format", ask: (env) => askFormat(env) },
    { key: "jury", ask: (env) => askJury(env) },
    { key: "criteria", ask: (env) => askRubric(env, deps) },
    {
      key: "audienceVote",
      ask: (env) => yesNo(env, env.t("contests-admin-ask-vote"), (v) => env.t(v ? "contests-admin-answered-vote-on" : "contests-admin-answered-vote-off")),
    },
    {
      key: "broadcastPhases",
      ask: (env) => yesNo(env, env.t("contests-admin-ask-broadcast"), (v) => env.t(v ? "contests-admin-answered-broadcast-on" : "contests-admin-answered-broadcast-off")),
    },
  ];
}

function summaryText(t: Translate, locale: string, d: ContestForm, zone: string): string {
  const yes = (v: boolean) => t(v ? "contests-admin-yes" : "contests-admin-no");
  const lines = [
    t("contests-admin-summary", {
      title: d.title,
      description: d.description ? truncate(d.description, 200) : "—",
      rules: d.rules ? truncate(d.rules, 200) : "—",
      file: d.rulesFile?.fileName ?? "—",
      formats: d.format.formats.map((f) => t(`contests-admin-format-${f}`)).join(", "),
      files: d.format.maxFiles,
      size: d.format.maxFileMb,
      families: d.format.fileFamilies.length ? d.format.fileFamilies.map((f) => t(`contests-admin-family-${f}`)).join(", ") : t("contests-admin-any"),
      reviews: d.jury.reviewsPerEntry,
      cap: d.jury.jurorCap ?? t("contests-admin-no-cap"),
      prizes: d.jury.prizePlaces,
      vote: yes(d.audienceVote),
      broadcast: yes(d.broadcastPhases),
    }),
    datesText(t, d.dates, zone, locale),
    t("contests-admin-summary-nominations", {
      list: d.nominations.map((n, i) => `${i + 1}. ${truncate(n.title, 100)}`).join("\n"),
    }),
    t("contests-admin-summary-rubric", {
      list: d.criteria
        .map((c, i) =>
          c.passFail
            ? `${i + 1}. ${truncate(c.title, 80)} — ${t("contests-admin-pass-fail")}`
            : `${i + 1}. ${truncate(c.title, 80)} — 0…${c.maxPoints} × ${c.weight ?? 1}${c.tieBreak ? " ⚖️" : ""}`,
        )
        .join("\n"),
    }),
  ];
  // Bounded by its parts (each cut as plain text before escaping), so the HTML is never cut.
  return lines.join("\n\n");
}

/** The refusals of the service that a question of the form can fix, by the question. */
const ERROR_FIELDS: Record<string, keyof ContestForm> = {
  "contests-admin-title-short": "title",
  "contests-admin-title-long": "title",
  "contests-admin-description-long": "description",
  "contests-admin-rules-long": "rules",
  "contests-admin-rules-file-bad": "rulesFile",
  "contests-admin-nominations-count": "nominations",
  "contests-admin-nomination-title-bad": "nominations",
  "contests-admin-subject-unknown": "nominations",
  "contests-admin-grade-unknown": "nominations",
  "contests-admin-date-past": "dates",
  "contests-admin-date-too-far": "dates",
  "contests-admin-date-invalid": "dates",
  "contests-admin-dates-order-close": "dates",
  "contests-admin-dates-order-judging": "dates",
  "contests-admin-dates-order-results": "dates",
  "contests-admin-formats-bad": "format",
  "contests-admin-max-files-bad": "format",
  "contests-admin-families-bad": "format",
  "contests-admin-max-size-bad": "format",
  "contests-admin-reviews-bad": "jury",
  "contests-admin-cap-bad": "jury",
  "contests-admin-prizes-bad": "jury",
  "contests-admin-criteria-count": "criteria",
  "contests-admin-criterion-title-bad": "criteria",
  "contests-admin-criterion-points-bad": "criteria",
  "contests-admin-criterion-weight-bad": "criteria",
  "contests-admin-criterion-tiebreak-passfail": "criteria",
  "contests-admin-criteria-no-scored": "criteria",
  "contests-admin-criteria-tiebreak-many": "criteria",
};

/** /newcontest: the whole contest question by question, a summary, then the contest (nothing is saved before «Создать»). */
export function createContestConversation(deps: Deps) {
  const { contests } = deps.services;
  return async function newContest(conversation: BotConversation, ctx: ConvContext) {
    const start = await organiserStart(conversation, ctx, deps);
    if (!start) return;
    const { who, t, env } = start;
    // The service's clock, read outside the replay (tests move the same clock the service checks).
    const clock = async () => new Date(await conversation.external(() => contests.now().getTime()));
    const form = contestForm(deps, who.zone, clock);
    const d: Partial<ContestForm> = {};
    let fix: { from: keyof ContestForm; thenEnd: true } | undefined;
    let filled: ContestForm | undefined;
    for (;;) {
      if (!filled || fix) {
        const answers = await runForm(env, form, d, { ...fix, header: (n, total) => t("contests-admin-step", { n, total }) });
        if (answers === CANCEL || answers === BACK) return void (await env.ctx.reply(t("contests-admin-create-cancelled")));
        filled = answers;
      }
      // Dates typed long ago may have passed meanwhile: checked again before the summary.
      if (filled.dates.opensNow) filled.dates.submissionOpensAt = await clock();
      const { opensNow: _opensNow, ...dates } = filled.dates;
      const checked = await attempt(conversation, async () => contests.checkDates(dates));
      if (!checked.ok) {
        await env.ctx.reply(t(checked.key, checked.vars));
        fix = { from: "dates", thenEnd: true };
        continue;
      }
      env.header = undefined;
      env.back = false;
      const text = summaryText(t, who.locale, filled, who.zone);
      const choice = await runStep<null, "create">(env, {
        initial: null,
        render: () => ({
          text,
          keyboard: new InlineKeyboard().text(t("contests-admin-create"), stepCb.pack("create")).row().text(t("step-cancel"), stepCb.pack("cancel")),
        }),
        onCallback: (data) => (data.action === "create" ? { value: "create" } : undefined),
        answered: () => text,
      });
      if (choice !== "create") return void (await env.ctx.reply(t("contests-admin-create-cancelled")));
      if (filled.dates.opensNow) filled.dates.submissionOpensAt = await clock();
      const { opensNow: _now, ...chosenDates } = filled.dates;
      const draft: ContestDraft = {
        title: filled.title,
        description: filled.description,
        rules: filled.rules,
        rulesFile: filled.rulesFile,
        timeZone: who.zone,
        ...chosenDates,
        ...filled.format,
        ...filled.jury,
        audienceVote: filled.audienceVote,
        broadcastPhases: filled.broadcastPhases,
        nominations: filled.nominations,
        criteria: filled.criteria,
      };
      const created = await attempt(conversation, async (outer) => {
        const contest = await contests.create(outer.member, draft);
        return { id: contest.id, status: contest.status };
      });
      if (created.ok) {
        await env.ctx.reply(t("contests-admin-created", { id: created.value.id, status: t(`contests-admin-status-${created.value.status}`) }), {
          reply_markup: new InlineKeyboard().text(t("contests-admin-open-card"), cadmCb.pack("c", created.value.id)),
        });
        return;
      }
      // Refused at «Создать»: the answers are kept; the question the refusal is about again, then the summary.
      await env.ctx.reply(t(created.key, created.vars));
      const field = ERROR_FIELDS[created.key];
      if (field === undefined) return;
      fix = { from: field, thenEnd: true };
    }
  };
}

/** Moves one date of a contest (a button of the dates screen), with the same question /newcontest asks. */
export function createContestDatesConversation(deps: Deps) {
  const { contests } = deps.services;
  return async function contestDates(conversation: BotConversation, ctx: ConvContext, id: number, code: string) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    const field = dateFieldFromCode(code);
    if (!who || !field) return void (await ctx.reply(t("errors-stale-button")));
    if (!who.allowed) return void (await ctx.reply(t("contests-admin-forbidden")));
    const loaded = await attempt(conversation, async (outer) => {
      const c = await contests.managed(outer.member, id);
      return Object.fromEntries(DATE_FIELDS.map((f) => [f, c[f].getTime()])) as Record<DateField, number>;
    });
    if (!loaded.ok) return void (await ctx.reply(t(loaded.key, loaded.vars)));
    const stored = loaded.value;
    const index = DATE_FIELDS.indexOf(field);
    const prev = DATE_FIELDS[index - 1];
    const next = DATE_FIELDS[index + 1];
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    for (;;) {
      const now = new Date(await conversation.external(() => contests.now().getTime()));
      const value = await askDate(env, {
        field,
        zone: who.zone,
        now,
        current: new Date(stored[field]),
        after: prev ? new Date(stored[prev]) : undefined,
        before: next ? new Date(stored[next]) : undefined,
        allowNow: index === 0,
      });
      if (value === BACK || value === CANCEL) return void (await env.ctx.reply(t("contests-admin-dates-cancelled")));
      const saved = await attempt(conversation, async (outer) => (await contests.changeDates(outer.member, id, { [field]: value })).changed.length);
      if (saved.ok) {
        await env.ctx.reply(t(saved.value > 0 ? "contests-admin-dates-saved" : "contests-admin-dates-unchanged"), {
          reply_markup: new InlineKeyboard().text(t("contests-admin-open-card"), cadmCb.pack("c", id)),
        });
        return;
      }
      await env.ctx.reply(t(saved.key, saved.vars));
      if (!/^contests-admin-(date-|dates-order)/.test(saved.key) || saved.key === "contests-admin-date-passed") return;
    }
  };
}

/** The jury screen's search: a name, @username or id, then buttons that appoint. */
export function createJurorFindConversation(deps: Deps) {
  const { contests } = deps.services;
  return async function jurorFind(conversation: BotConversation, ctx: ConvContext, contestId: number) {
    const start = await organiserStart(conversation, ctx, deps);
    if (!start) return;
    const { t, env } = start;
    const query = await runStep<null, string>(env, {
      initial: null,
      render: () => ({ text: t("contests-admin-jury-search-prompt"), keyboard: withNavigation(new InlineKeyboard(), t, { back: false }) }),
      onText: (text) => (text.trim().length > 0 && text.trim().length <= 100 ? { value: text.trim() } : { error: "contests-admin-search-bad" }),
      answered: (q) => t("contests-admin-jury-search-asked", { query: q }),
    });
    if (query === CANCEL || query === BACK) return void (await env.ctx.reply(t("contests-admin-jury-search-cancelled")));
    const found = await attempt(conversation, async (outer) => {
      const hits = await contests.searchMembers(outer.member, query);
      // Conversation state is JSON: bigint ids travel as strings.
      return hits.map((h) => ({ ...h, telegramId: h.telegramId?.toString() ?? null }));
    });
    if (!found.ok) return void (await env.ctx.reply(t(found.key, found.vars)));
    const hits = found.value.map((h) => ({ ...h, telegramId: h.telegramId === null ? null : BigInt(h.telegramId) }));
    await env.ctx.reply(
      hits.length === 0
        ? t("contests-admin-jury-search-empty", { query: truncate(query, 100) })
        : t("contests-admin-jury-search-results", { query: truncate(query, 100), count: hits.length }),
      { reply_markup: searchHitsKeyboard(t, contestId, hits) },
    );
  };
}

/**
 * An organiser removes an entry from a contest: its code («К-017» or 17) →
 * what it is (title, nomination, author, a duplicate flag) and the reason the
 * author will be told → a confirmation. The service checks everything again
 * when it removes (the contest may have moved on meanwhile).
 */
export function createRemoveEntryConversation(deps: Deps) {
  const { contests } = deps.services;
  return async function removeEntry(conversation: BotConversation, ctx: ConvContext, contestId: number) {
    const start = await organiserStart(conversation, ctx, deps);
    if (!start) return;
    const { t, env } = start;
    const letter = t("contests-code-letter");
    const entry = await runStep<null, EntryToRemove>(env, {
      initial: null,
      render: () => ({
        text: t("contests-admin-remove-ask-code", { example: entryCode(letter, 17) }),
        keyboard: withNavigation(new InlineKeyboard(), t, { back: false }),
      }),
      onText: async (text) => {
        const found = await attempt(conversation, (outer) => contests.entryToRemove(outer.member, contestId, oneLine(text).slice(0, 40)));
        return found.ok ? { value: found.value } : { error: found.key, vars: found.vars };
      },
      answered: (e) => t("contests-admin-remove-answered-code", { code: entryCode(letter, e.number), title: truncate(e.title, 150) }),
    });
    if (entry === CANCEL || entry === BACK) return void (await env.ctx.reply(t("contests-admin-remove-cancelled")));
    const code = entryCode(letter, entry.number);
    const facts = t("contests-admin-remove-facts", {
      code,
      title: truncate(entry.title, 200),
      nomination: truncate(entry.nominationTitle, 150),
      author: entry.authorName === null ? t("contests-admin-member-deleted") : truncate(entry.authorName, 100),
    });
    const duplicate = entry.duplicateOf ? `\n${t("contests-admin-remove-duplicate")}` : "";
    const reason = await askLine(env, {
      question: `${facts}${duplicate}\n\n${t("contests-admin-remove-ask-reason", { min: DISQUALIFICATION_REASON_MIN, max: DISQUALIFICATION_REASON_MAX })}`,
      min: DISQUALIFICATION_REASON_MIN,
      max: DISQUALIFICATION_REASON_MAX,
      error: "contests-admin-remove-reason-bad",
      answered: (v) => t("contests-admin-remove-answered-reason", { reason: truncate(v, 300) }),
    });
    if (reason === CANCEL || reason === BACK) return void (await env.ctx.reply(t("contests-admin-remove-cancelled")));
    const confirmed = await runStep<null, true>(env, {
      initial: null,
      render: () => ({
        text: t("contests-admin-remove-confirm", { code, title: truncate(entry.title, 200), reason }),
        keyboard: withNavigation(new InlineKeyboard().text(t("contests-admin-remove-yes"), stepCb.pack("yes")).row(), t, { back: false }),
      }),
      onCallback: (data) => (data.action === "yes" ? { value: true as const } : undefined),
      answered: () => t("contests-admin-remove-answered-yes", { code }),
    });
    if (confirmed !== true) return void (await env.ctx.reply(t("contests-admin-remove-cancelled")));
    const done = await attempt(conversation, (outer) => contests.disqualify(outer.member, contestId, entry.number, reason));
    if (!done.ok) return void (await env.ctx.reply(t(done.key, done.vars)));
    await env.ctx.reply(t("contests-admin-removed", { code }), { reply_markup: new InlineKeyboard().text(t("contests-admin-open-card"), cadmCb.pack("c", contestId)) });
  };
}
