import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { formatZonedTime, utcOffsetLabel } from "../../shared/time.js";
import { attempt, BACK, CANCEL, runStep, stepCb, withNavigation, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { runForm, type FormTable } from "../../bot/form/run-form.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import { multiChoiceStep } from "../../bot/form/steps.js";
import { askText } from "../materials/materials.steps.js";
import { checkDescription, checkTitle, checkUrl } from "../materials/materials.validation.js";
import { editFieldFromCode, evtCb, kindFromCode, type EditField } from "./events.keyboards.js";
import { DEFAULT_REMINDER_OFFSETS, isValidReminderOffset, MAX_REMINDER_OFFSET_MINUTES } from "./events.reminders.js";
import { parseDuration, parseEventDateTime } from "./events.time.js";
import {
  EVENT_CAPACITY_MAX,
  EVENT_DESCRIPTION_MAX,
  EVENT_KINDS,
  EVENT_SPEAKERS_MAX,
  EVENT_SUBJECTS_MAX,
  EVENT_TITLE_MAX,
  EVENT_TITLE_MIN,
  FEEDBACK_COMMENT_MAX,
  REMINDER_OFFSET_MAX,
  REMINDER_OFFSETS_MAX,
  type EventDraft,
  type EventKind,
} from "./events.types.js";
import { foldWord, inputPattern, inputWords } from "../../shared/input-words.js";
import { toLocale } from "../../shared/locale.js";
import { isStaffRole } from "../members/members.types.js";

export const EVENT_CREATE = "event-create";
export const EVENT_EDIT = "event-edit";
export const EVENT_RECORDING = "event-recording";
export const EVENT_FEEDBACK = "event-feedback";

type Deps = ConversationDeps;

/** Who is talking and in which zone they think, as plain JSON for the conversation log. */
async function whoIs(conversation: BotConversation, deps: Deps) {
  return conversation.external(async (outer) => {
    if (!outer.member) return undefined;
    const profile = outer.member.registered ? await deps.services.profile.get(outer.member.id) : undefined;
    return { id: outer.member.id, locale: outer.locale, role: outer.member.role, zone: profile?.timezone ?? deps.config.defaultTimezone };
  });
}

function zoneLabel(zone: string, now: Date): string {
  return `${zone}, ${utcOffsetLabel(zone, now)}`;
}

/** Buttons under a question: optional extra choices, then Back/Cancel. */
function choices(t: Translate, env: StepEnv, buttons: Array<[string, string]>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const [label, action] of buttons) kb.text(label, stepCb.pack(action)).row();
  return withNavigation(kb, t, { back: env.back });
}

function askTitle(env: StepEnv): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: t("events-ask-title", { min: EVENT_TITLE_MIN, max: EVENT_TITLE_MAX }), keyboard: choices(t, env, []) }),
    onText: (text) => {
      const c = checkTitle(text);
      if (!c.ok)
        return {
          error:
            c.error === "materials-title-long"
              ? "events-title-long"
              : c.error === "materials-title-short"
                ? "events-title-short"
                : c.error === "materials-title-letters"
                  ? "events-title-letters"
                  : c.error,
        };
      const length = Array.from(c.value).length;
      if (length < EVENT_TITLE_MIN) return { error: "events-title-short" };
      if (length > EVENT_TITLE_MAX) return { error: "events-title-long" };
      return { value: c.value };
    },
    answered: (v) => t("events-answered-title", { value: v }),
  });
}

function askKind(env: StepEnv): Promise<StepResult<EventKind>> {
  const { t } = env;
  return runStep<null, EventKind>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard();
      EVENT_KINDS.forEach((kind, i) => {
        kb.text(t(`events-kind-${kind}`), stepCb.pack("kind", i));
        if (i % 2 === 1) kb.row();
      });
      return { text: t("events-ask-kind"), keyboard: withNavigation(kb, t, { back: env.back }) };
    },
    onCallback: (data) => {
      const kind = data.action === "kind" ? kindFromCode(data.args[0]) : undefined;
      return kind ? { value: kind } : undefined;
    },
    answered: (v) => t("events-answered-kind", { value: t(`events-kind-${v}`) }),
  });
}

/** Optional text: a Skip button gives "". */
function askOptional(
  env: StepEnv,
  options: { question: string; max: number; tooLong: string; answered: (v: string) => string; skipLabel?: string },
): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: options.question, keyboard: choices(t, env, [[options.skipLabel ?? t("step-skip"), "skip"]]) }),
    onText: (text) => {
      const c = checkDescription(text);
      if (!c.ok || Array.from(c.value).length > options.max) return { error: options.tooLong };
      return { value: c.value };
    },
    onCallback: (data) => (data.action === "skip" ? { value: "" } : undefined),
    answered: options.answered,
  });
}

async function askSubjects(env: StepEnv, catalogue: CatalogueService, current: string[]): Promise<StepResult<string[]>> {
  const { t, locale } = env;
  const items = (await catalogue.subjects()).map((s) => ({ value: s.code, label: localName(s, locale) }));
  return multiChoiceStep(env, {
    question: t("events-ask-subjects", { max: EVENT_SUBJECTS_MAX }),
    items,
    current,
    columns: 2,
    max: { count: EVENT_SUBJECTS_MAX, error: "events-subjects-many" },
    done: (codes) => ({ value: codes }),
    answered: (codes) =>
      codes.length
        ? t("events-answered-subjects", {
            value: items
              .filter((i) => codes.includes(i.value))
              .map((i) => i.label)
              .join(", "),
          })
        : t("events-answered-subjects-none"),
  });
}

function askStart(env: StepEnv, zone: string, now: Date, question = "events-ask-start"): Promise<StepResult<Date>> {
  const { t } = env;
  return runStep<null, Date>(env, {
    initial: null,
    render: () => ({ text: t(question, { zone: zoneLabel(zone, now) }), keyboard: choices(t, env, []) }),
    onText: (text) => {
      const parsed = parseEventDateTime(text, { timeZone: zone, now });
      return parsed.ok ? { value: parsed.value } : { error: parsed.error, vars: { zone: zoneLabel(zone, now) } };
    },
    answered: (v) => t("events-answered-start", { value: formatZonedTime(v, zone, toLocale(env.locale)) }),
  });
}

function askDuration(env: StepEnv): Promise<StepResult<number>> {
  const { t } = env;
  return runStep<null, number>(env, {
    initial: null,
    render: () => ({
      text: t("events-ask-duration"),
      keyboard: choices(t, env, [
        ["60", "m60"],
        ["90", "m90"],
      ]),
    }),
    onText: (text) => {
      const parsed = parseDuration(text);
      return parsed.ok ? { value: parsed.value } : { error: parsed.error };
    },
    onCallback: (data) => (data.action === "m60" ? { value: 60 } : data.action === "m90" ? { value: 90 } : undefined),
    answered: (v) => t("events-answered-duration", { value: v }),
  });
}

function askLink(env: StepEnv): Promise<StepResult<string | null>> {
  const { t } = env;
  return runStep<null, string | null>(env, {
    initial: null,
    render: () => ({ text: t("events-ask-link"), keyboard: choices(t, env, [[t("events-no-link"), "none"]]) }),
    onText: (text) => {
      const c = checkUrl(text);
      return c.ok ? { value: c.value } : { error: "events-url-bad" };
    },
    onCallback: (data) => (data.action === "none" ? { value: null } : undefined),
    answered: (v) => (v ? t("events-answered-link", { value: truncate(v, 200) }) : t("events-answered-link-none")),
  });
}

function askCapacity(env: StepEnv): Promise<StepResult<number | null>> {
  const { t } = env;
  return runStep<null, number | null>(env, {
    initial: null,
    render: () => ({ text: t("events-ask-capacity"), keyboard: choices(t, env, [[t("events-no-limit"), "none"]]) }),
    onText: (text) => {
      const trimmed = text.trim();
      if (!/^-?\d{1,7}$/.test(trimmed)) return { error: "events-capacity-invalid" };
      const n = Number(trimmed);
      return n >= 1 && n <= EVENT_CAPACITY_MAX ? { value: n } : { error: "events-capacity-invalid" };
    },
    onCallback: (data) => (data.action === "none" ? { value: null } : undefined),
    answered: (v) => (v === null ? t("events-answered-capacity-none") : t("events-answered-capacity", { value: v })),
  });
}

function askDeadline(env: StepEnv, zone: string, now: Date, start: Date): Promise<StepResult<Date | null>> {
  const { t } = env;
  return runStep<null, Date | null>(env, {
    initial: null,
    render: () => ({ text: t("events-ask-deadline", { zone: zoneLabel(zone, now) }), keyboard: choices(t, env, [[t("events-until-start"), "none"]]) }),
    onText: (text) => {
      const parsed = parseEventDateTime(text, { timeZone: zone, now });
      if (!parsed.ok) return { error: parsed.error === "events-time-past" ? "events-deadline-past" : parsed.error, vars: { zone: zoneLabel(zone, now) } };
      if (parsed.value.getTime() > start.getTime()) return { error: "events-deadline-after-start" };
      return { value: parsed.value };
    },
    onCallback: (data) => (data.action === "none" ? { value: null } : undefined),
    answered: (v) => (v === null ? t("events-answered-deadline-none") : t("events-answered-deadline", { value: formatZonedTime(v, zone, toLocale(env.locale)) })),
  });
}

// ---------------------------------------------------------------------------
// Reminder offsets

/** The largest offset both the timing policy and the service accept. */
const REMINDER_LIMIT_MINUTES = Math.min(MAX_REMINDER_OFFSET_MINUTES, REMINDER_OFFSET_MAX);

// The words are in locales/<locale>/input.ftl (shared/input-words.ts), read on first use.
let reminderWords: { units: Map<string, number>; none: Set<string>; atStart: RegExp; fillers: Set<string> } | undefined;
function offsetWords() {
  reminderWords ??= {
    units: new Map(
      (
        [
          ["input-unit-week", 7 * 24 * 60],
          ["input-unit-day", 24 * 60],
          ["input-unit-hour", 60],
          ["input-unit-minute", 1],
        ] as const
      ).flatMap(([key, minutes]) => inputWords(key).map((w) => [w, minutes] as const)),
    ),
    none: new Set([...inputWords("input-no-reminders"), "-", "—"]),
    atStart: new RegExp(inputPattern("input-at-start"), "gu"),
    /** Words that may surround offsets: "за 2 часа и 15 мин". */
    fillers: new Set([...inputWords("input-before"), ...inputWords("input-and")]),
  };
  return reminderWords;
}

function unitMinutes(word: string): number | undefined {
  return offsetWords().units.get(word.replace(/\.$/, ""));
}

export type OffsetsParse = { ok: true; value: number[] } | { ok: false; error: string; vars?: Record<string, string | number> };

/**
 * Reads typed reminder offsets: `2 дня, 3 часа, 15 мин`, `1d 2h 0` (a bare
 * number is minutes, 0 is "at the start"), `в начале`, or `нет` for none.
 * Each number with its unit is one reminder. Gives unique minutes, largest first.
 */
export function parseReminderOffsets(text: string): OffsetsParse {
  const s = foldWord(text).trim().replace(/\s+/g, " ");
  const vocab = offsetWords();
  if (vocab.none.has(s)) return { ok: true, value: [] };
  if (s.length === 0 || s.length > 200) return { ok: false, error: "events-reminders-unparsed" };
  // "1,5 часа" is a fraction, not "1 minute and 5 hours": refused rather than misread.
  if (/\d[.,]\d/.test(s)) return { ok: false, error: "events-reminders-unparsed" };
  const words = s
    .replace(vocab.atStart, " 0 ")
    .split(/[\s,;]+/)
    .filter((w) => w && !vocab.fillers.has(w));
  const found: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^(\d{1,6})(\p{L}+\.?)?$/u.exec(words[i]!);
    if (!m) return { ok: false, error: "events-reminders-unparsed" };
    let unit = 1;
    if (m[2]) {
      const u = unitMinutes(m[2]);
      if (u === undefined) return { ok: false, error: "events-reminders-unparsed" };
      unit = u;
    } else if (i + 1 < words.length && /^\p{L}+\.?$/u.test(words[i + 1]!)) {
      const u = unitMinutes(words[i + 1]!);
      if (u === undefined) return { ok: false, error: "events-reminders-unparsed" };
      unit = u;
      i++;
    }
    found.push(Number(m[1]) * unit);
  }
  if (found.length === 0) return { ok: false, error: "events-reminders-unparsed" };
  if (!found.every((v) => isValidReminderOffset(v) && v <= REMINDER_LIMIT_MINUTES)) return { ok: false, error: "events-reminders-range" };
  const unique = [...new Set(found)].sort((a, b) => b - a);
  if (unique.length > REMINDER_OFFSETS_MAX) return { ok: false, error: "events-reminders-many", vars: { max: REMINDER_OFFSETS_MAX } };
  return { ok: true, value: unique };
}

/** "2 дня 3 часа" for a number of minutes. */
function spanText(t: Translate, minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t("events-unit-day", { n: days }));
  if (hours) parts.push(t("events-unit-hour", { n: hours }));
  if (mins) parts.push(t("events-unit-minute", { n: mins }));
  return parts.join(" ");
}

/** "за 1 день, за 1 час и в начале" (or "без напоминаний"). */
export function remindersText(t: Translate, offsets: readonly number[]): string {
  if (offsets.length === 0) return t("events-reminders-none");
  const items = [...offsets].sort((a, b) => b - a).map((m) => (m === 0 ? t("events-reminder-at-start") : t("events-reminder-before", { value: spanText(t, m) })));
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} ${t("events-and")} ${items[items.length - 1]!}`;
}

function askReminders(env: StepEnv, current: readonly number[]): Promise<StepResult<number[]>> {
  const { t } = env;
  const kept = [...current].sort((a, b) => b - a);
  return runStep<null, number[]>(env, {
    initial: null,
    render: () => ({
      text: t("events-ask-reminders", { current: remindersText(t, kept), max: REMINDER_OFFSETS_MAX }),
      keyboard: choices(t, env, [
        [t("events-reminders-keep"), "keep"],
        [t("events-reminders-off"), "off"],
      ]),
    }),
    onText: (text) => {
      const parsed = parseReminderOffsets(text);
      if (parsed.ok) return { value: parsed.value };
      return { error: parsed.error, vars: { max: REMINDER_OFFSETS_MAX, limit: spanText(t, REMINDER_LIMIT_MINUTES) } };
    },
    onCallback: (data) => (data.action === "keep" ? { value: kept } : data.action === "off" ? { value: [] } : undefined),
    answered: (v) => t("events-answered-reminders", { value: remindersText(t, v) }),
  });
}

/** What the organiser answers: an event draft but its zone (the organiser's own). */
interface EventForm {
  title: string;
  kind: EventKind;
  description: string;
  subjectCodes: string[];
  start: Date;
  duration: number;
  onlineUrl: string | null;
  capacity: number | null;
  registrationDeadline: Date | null;
  reminderOffsets: number[];
  speakers: string;
}

/**
 * The event questions, in the order /newevent asks them; an edit asks one of
 * them. `now` is read right before a date question: typed dates are relative
 * ("завтра 18:00") and must not be in the past.
 */
function eventForm(opts: { catalogue: CatalogueService; zone: string; now: () => Promise<Date>; edit: boolean }): FormTable<EventForm> {
  const { catalogue, zone, now, edit } = opts;
  // An edit can empty an optional text; a new event just skips it.
  const skipLabel = (t: Translate) => (edit ? t("events-clear") : undefined);
  return [
    { key: "title", ask: (env) => askTitle(env) },
    { key: "kind", ask: (env) => askKind(env) },
    {
      key: "description",
      ask: (env) =>
        askOptional(env, {
          question: env.t("events-ask-description", { max: EVENT_DESCRIPTION_MAX }),
          max: EVENT_DESCRIPTION_MAX,
          tooLong: "events-description-long",
          skipLabel: skipLabel(env.t),
          answered: (v) => (v ? env.t("events-answered-description", { value: truncate(v, 200) }) : env.t("events-answered-description-none")),
        }),
    },
    { key: "subjectCodes", ask: (env, d) => askSubjects(env, catalogue, d.subjectCodes ?? []) },
    { key: "start", ask: async (env) => askStart(env, zone, await now(), edit ? "events-ask-new-start" : undefined) },
    { key: "duration", ask: (env) => askDuration(env) },
    { key: "onlineUrl", ask: (env) => askLink(env) },
    { key: "capacity", ask: (env) => askCapacity(env) },
    { key: "registrationDeadline", ask: async (env, d) => askDeadline(env, zone, await now(), d.start!) },
    { key: "reminderOffsets", ask: (env, d) => askReminders(env, d.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS) },
    {
      key: "speakers",
      ask: (env) =>
        askOptional(env, {
          question: env.t("events-ask-speakers"),
          max: EVENT_SPEAKERS_MAX,
          tooLong: "events-speakers-long",
          skipLabel: skipLabel(env.t),
          answered: (v) => (v ? env.t("events-answered-speakers", { value: truncate(v, 200) }) : env.t("events-answered-speakers-none")),
        }),
    },
  ];
}

function summary(t: Translate, locale: string, names: Map<string, string>, d: EventForm, zone: string): string {
  const loc = toLocale(locale);
  const head = t("events-summary", {
    title: d.title,
    kind: t(`events-kind-${d.kind}`),
    subjects: d.subjectCodes.length ? d.subjectCodes.map((c) => names.get(c) ?? c).join(", ") : t("events-subjects-any"),
    start: formatZonedTime(d.start, zone, loc),
    duration: d.duration,
    link: d.onlineUrl ?? t("events-none"),
    capacity: d.capacity ?? t("events-no-limit"),
    deadline: d.registrationDeadline ? formatZonedTime(d.registrationDeadline, zone, loc) : t("events-until-start"),
    speakers: d.speakers || t("events-none"),
    reminders: remindersText(t, d.reminderOffsets),
  });
  // The description is its own paragraph, only when there is one (an empty one left blank lines at the end).
  return d.description ? `${head}\n\n${t("events-summary-description", { description: truncate(d.description, 1000) })}` : head;
}

/** The question each edit button asks (the button codes predate the form's keys). */
const EDIT_KEYS: Record<EditField, keyof EventForm> = {
  title: "title",
  kind: "kind",
  description: "description",
  subjects: "subjectCodes",
  start: "start",
  duration: "duration",
  link: "onlineUrl",
  capacity: "capacity",
  deadline: "registrationDeadline",
  speakers: "speakers",
  reminders: "reminderOffsets",
};

/** Refusals of an edit that asking the same question again can fix. */
const EDIT_FIELD_ERRORS: Record<EditField, readonly string[]> = {
  title: ["events-title-short", "events-title-long", "events-title-letters"],
  kind: ["events-kind-bad"],
  description: ["events-description-long"],
  subjects: ["events-subject-unknown", "events-subjects-many"],
  start: ["events-time-past", "events-time-too-far", "events-time-invalid", "events-deadline-after-start"],
  duration: ["events-duration-invalid"],
  link: ["events-url-bad"],
  capacity: ["events-capacity-invalid", "events-capacity-below-registered"],
  deadline: ["events-deadline-past", "events-deadline-after-start", "events-time-invalid"],
  speakers: ["events-speakers-long"],
  reminders: ["events-reminders-invalid"],
};

/** The question whose answer a refusal of the service is about (undefined: none of them). */
const ERROR_FIELDS: Record<string, keyof EventForm> = {
  "events-title-short": "title",
  "events-title-long": "title",
  "events-title-letters": "title",
  "events-kind-bad": "kind",
  "events-description-long": "description",
  "events-subject-unknown": "subjectCodes",
  "events-subjects-many": "subjectCodes",
  "events-time-past": "start",
  "events-time-too-far": "start",
  "events-time-invalid": "start",
  "events-duration-invalid": "duration",
  "events-url-bad": "onlineUrl",
  "events-capacity-invalid": "capacity",
  "events-deadline-past": "registrationDeadline",
  "events-deadline-after-start": "registrationDeadline",
  "events-reminders-invalid": "reminderOffsets",
  "events-speakers-long": "speakers",
};

/** An organiser announces an event: eleven questions, a summary, then the event with its check-in code. */
export function createEventConversation(deps: Deps) {
  const { catalogue, events } = deps.services;
  return async function newEvent(conversation: BotConversation, ctx: ConvContext) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !isStaffRole(who.role)) return void (await ctx.reply(t("events-staff-only")));
    // The events service's clock, read outside the replay: each reading is logged, so a replay parses
    // "завтра 18:00" as it was parsed the first time, and tests move the same clock the service checks.
    const clock = async () => new Date(await conversation.external(() => events.now().getTime()));
    const form = eventForm({ catalogue, zone: who.zone, now: clock, edit: false });
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const d: Partial<EventForm> = { description: "", subjectCodes: [], speakers: "", reminderOffsets: [...DEFAULT_REMINDER_OFFSETS] };
    /** The start and deadline still ahead? Undefined when they are; else the question to ask again. */
    const scheduleProblem = async (): Promise<{ field: keyof EventForm; key: string; vars?: Record<string, string | number> } | undefined> => {
      if (!d.start) return undefined;
      const start = d.start;
      const deadline = d.registrationDeadline ?? null;
      const checked = await attempt(conversation, async () => events.checkSchedule(start, deadline));
      if (checked.ok) return undefined;
      return { field: ERROR_FIELDS[checked.key] ?? "start", key: checked.key, vars: checked.vars };
    };
    // A start (or deadline) that passed while the organiser was answering: that question again, every answer kept.
    const before = async (field: keyof EventForm): Promise<keyof EventForm | undefined> => {
      const problem = field === "start" ? undefined : await scheduleProblem();
      if (!problem || problem.field === field) return undefined;
      await env.ctx.reply(t(problem.key, problem.vars));
      return problem.field;
    };
    let draft: EventForm | undefined;
    /** A question to ask again before the summary (the one a refusal is about), then straight back to it. */
    let fix: { from: keyof EventForm; thenEnd: true } | undefined;
    let created: Awaited<ReturnType<typeof publish>> | undefined;
    const publish = (draft: EventDraft) =>
      attempt(conversation, async (outer) => {
        const event = await events.create(outer.member, draft);
        return { id: event.id, code: event.checkinCode, link: `https://t.me/${outer.me.username}?start=e_${event.id}` };
      });
    while (!created?.ok) {
      if (!draft || fix) {
        const filled = await runForm(env, form, d, { ...fix, before, header: (n, total) => t("events-step", { n, total }) });
        if (filled === CANCEL || filled === BACK) return void (await env.ctx.reply(t("events-create-cancelled")));
        draft = filled;
      }
      // Checked again at the end: the summary may be read long after the last answer.
      const problem = await scheduleProblem();
      if (problem) {
        await env.ctx.reply(t(problem.key, problem.vars));
        fix = { from: problem.field, thenEnd: true };
        continue;
      }
      env.header = undefined;
      env.back = false;
      const names = new Map((await catalogue.subjects()).map((s) => [s.code, localName(s, who.locale)]));
      const text = summary(t, who.locale, names, draft, who.zone);
      const choice = await runStep<null, "create">(env, {
        initial: null,
        render: () => ({ text, keyboard: new InlineKeyboard().text(t("events-create"), stepCb.pack("create")).row().text(t("step-cancel"), stepCb.pack("cancel")) }),
        onCallback: (data) => (data.action === "create" ? { value: "create" } : undefined),
        answered: () => text,
      });
      if (choice !== "create") return void (await env.ctx.reply(t("events-create-cancelled")));
      created = await publish({ ...draft, timeZone: who.zone });
      if (created.ok) break;
      // Refused at «Опубликовать»: never drop the answers. The offending question again, then the
      // summary; a refusal no question can fix (the organiser's role, the zone) shows the summary again.
      await env.ctx.reply(t(created.key, created.vars));
      const field = ERROR_FIELDS[created.key];
      fix = field === undefined ? undefined : { from: field, thenEnd: true };
    }
    await env.ctx.reply(t("events-created", { id: created.value.id, code: created.value.code, link: created.value.link }), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", created.value.id)),
      link_preview_options: { is_disabled: true },
    });
  };
}

/**
 * Changes one field of an event with the same question /newevent asks, then
 * tells registrants through the notices ("event.changed": new calendar file, moved reminders, promotions).
 */
export function createEventEditConversation(deps: Deps) {
  const { catalogue, events } = deps.services;
  return async function editEvent(conversation: BotConversation, ctx: ConvContext, id: number, code: string) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    const field: EditField | undefined = editFieldFromCode(code);
    if (!who || !field) return void (await ctx.reply(t("errors-stale-button")));
    if (!isStaffRole(who.role)) return void (await ctx.reply(t("events-staff-only")));
    const now = new Date(await conversation.external(() => Date.now()));
    // The stored values some questions start from, as plain JSON for the replay log.
    const loaded = await attempt(conversation, async (outer) => {
      const { event } = await events.card(outer.member, id);
      return { startsAt: event.startsAt.getTime(), subjectCodes: event.subjectCodes, reminderOffsets: event.reminderOffsets };
    });
    if (!loaded.ok) return void (await ctx.reply(t(loaded.key, loaded.vars)));
    const current = loaded.value;
    const form = eventForm({ catalogue, zone: who.zone, now: async () => now, edit: true });
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const key = EDIT_KEYS[field];
    const save = (patch: Partial<EventDraft>) =>
      attempt(conversation, async (outer) => {
        const result = await events.edit(outer.member, id, patch);
        return result.changed.length;
      });
    let saved: Awaited<ReturnType<typeof save>>;
    for (;;) {
      // Asked again after a refusal, the question starts from the stored values again, not the refused answer.
      const stored: Partial<EventForm> = { start: new Date(current.startsAt), subjectCodes: current.subjectCodes, reminderOffsets: current.reminderOffsets };
      const edited = await runForm(env, form, stored, { only: key, back: false });
      if (edited === BACK || edited === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      saved = await save(pick(edited, key));
      if (saved.ok) break;
      await env.ctx.reply(t(saved.key, saved.vars));
      // A refusal about this answer (fewer places than registered, a time that has passed): the question
      // again rather than the end of the conversation. Anything else (cancelled meanwhile, rights) ends it.
      if (!EDIT_FIELD_ERRORS[field].includes(saved.key)) return;
    }
    await env.ctx.reply(t(saved.value > 0 ? "events-edited" : "events-edit-unchanged"), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", id)),
    });
  };
}

/** The one answered field of a form, as a patch of the event. */
function pick<K extends keyof EventForm>(form: Pick<EventForm, K>, key: K): Partial<EventDraft> {
  const patch: Partial<EventForm> = {};
  patch[key] = form[key];
  return patch;
}

/** The recording link, sent (through the notices, on "event.recording-added") to registrants who did not attend. */
export function createRecordingConversation(deps: Deps) {
  const { events } = deps.services;
  return async function recording(conversation: BotConversation, ctx: ConvContext, id: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !isStaffRole(who.role)) return void (await ctx.reply(t("events-staff-only")));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const url = await runStep<null, string>(env, {
      initial: null,
      render: () => ({ text: t("events-ask-recording"), keyboard: choices(t, env, []) }),
      onText: (text) => {
        const c = checkUrl(text);
        return c.ok ? { value: c.value } : { error: "events-url-bad" };
      },
      answered: (v) => t("events-answered-link", { value: truncate(v, 200) }),
    });
    if (url === BACK || url === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
    const saved = await attempt(conversation, async (outer) => {
      const { notify } = await events.setRecording(outer.member, id, url);
      return notify.length;
    });
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars)));
    await env.ctx.reply(t("events-recording-saved", { count: saved.value }), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", id)),
    });
  };
}

/** The optional comment after a feedback score (the score is already saved). */
export function createFeedbackConversation(deps: Deps) {
  const { events } = deps.services;
  return async function feedback(conversation: BotConversation, ctx: ConvContext, id: number, score: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who) return void (await ctx.reply(t("errors-not-registered")));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const comment = await askText(env, {
      question: t("events-ask-feedback-comment", { max: FEEDBACK_COMMENT_MAX }),
      max: FEEDBACK_COMMENT_MAX,
      tooLong: "events-feedback-long",
      answered: (v) => t("events-answered-feedback", { value: truncate(v, 300) }),
    });
    if (comment === BACK || comment === CANCEL) return void (await env.ctx.reply(t("events-feedback-no-comment")));
    const saved = await attempt(conversation, (outer) => events.feedback(outer.member, id, score, comment));
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars)));
    await env.ctx.reply(t("events-feedback-comment-saved"));
  };
}
