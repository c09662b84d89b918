import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { formatZonedTime, utcOffsetLabel } from "../../shared/time.js";
import { attempt, BACK, CANCEL, runStep, stepCb, withNavigation, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { localName } from "../catalogue/catalogue.service.js";
import { multiSelectKeyboard } from "../registration/registration.keyboards.js";
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
      if (!c.ok) return { error: c.error === "materials-title-long" ? "events-title-long" : c.error === "materials-title-short" ? "events-title-short" : c.error === "materials-title-letters" ? "events-title-letters" : c.error };
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
function askOptional(env: StepEnv, options: { question: string; max: number; tooLong: string; answered: (v: string) => string; skipLabel?: string }): Promise<StepResult<string>> {
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

async function askSubjects(env: StepEnv, current: string[]): Promise<StepResult<string[]>> {
  const { t, locale } = env;
  const items = await env.catalogue.subjects();
  const known = new Set(items.map((i) => i.code));
  return runStep<string[], string[]>(env, {
    initial: current.filter((c) => known.has(c)),
    render: (selected) => ({ text: t("events-ask-subjects", { max: EVENT_SUBJECTS_MAX }), keyboard: multiSelectKeyboard(t, locale, items, new Set(selected), { back: env.back, columns: 2 }) }),
    onCallback: (data, selected) => {
      if (data.action === "done") return { value: selected };
      const code = data.args[0];
      if (data.action !== "toggle" || !code || !known.has(code)) return undefined;
      const next = new Set(selected);
      if (next.has(code)) next.delete(code);
      else if (next.size >= EVENT_SUBJECTS_MAX) return { error: "events-subjects-many" };
      else next.add(code);
      return { state: items.filter((i) => next.has(i.code)).map((i) => i.code) };
    },
    answered: (codes) =>
      codes.length
        ? t("events-answered-subjects", { value: items.filter((i) => codes.includes(i.code)).map((i) => localName(i, locale)).join(", ") })
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
    render: () => ({ text: t("events-ask-duration"), keyboard: choices(t, env, [["60", "m60"], ["90", "m90"]]) }),
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

const UNIT_MINUTES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:w|wk|wks|week|weeks|н|нед|неделя|недели|недель|неделю)$/, 7 * 24 * 60],
  [/^(?:d|day|days|д|дн|день|дня|дней)$/, 24 * 60],
  [/^(?:h|hr|hrs|hour|hours|ч|час|часа|часов)$/, 60],
  [/^(?:m|min|mins|minute|minutes|м|мин|минута|минуты|минут|минуту)$/, 1],
];
const NO_REMINDERS = /^(?:нет|не надо|без напоминаний|никаких|none|no|off|-|—)$/;
/** Words that may surround offsets: "за 2 часа и 15 мин". */
const FILLER = new Set(["за", "и", "and", "before"]);

function unitMinutes(word: string): number | undefined {
  const w = word.replace(/\.$/, "");
  return UNIT_MINUTES.find(([re]) => re.test(w))?.[1];
}

export type OffsetsParse = { ok: true; value: number[] } | { ok: false; error: string; vars?: Record<string, string | number> };

/**
 * Reads typed reminder offsets: `2 дня, 3 часа, 15 мин`, `1d 2h 0` (a bare
 * number is minutes, 0 is "at the start"), `в начале`, or `нет` for none.
 * Each number with its unit is one reminder. Gives unique minutes, largest first.
 */
export function parseReminderOffsets(text: string): OffsetsParse {
  const s = text.normalize("NFC").toLowerCase().replace(/ё/g, "е").trim();
  if (NO_REMINDERS.test(s)) return { ok: true, value: [] };
  if (s.length === 0 || s.length > 200) return { ok: false, error: "events-reminders-unparsed" };
  // "1,5 часа" is a fraction, not "1 minute and 5 hours": refused rather than misread.
  if (/\d[.,]\d/.test(s)) return { ok: false, error: "events-reminders-unparsed" };
  const words = s
    .replace(/в\s+начале|в\s+момент\s+начала|at\s+(?:the\s+)?start/g, " 0 ")
    .split(/[\s,;]+/)
    .filter((w) => w && !FILLER.has(w));
  const found: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^(\d{1,6})([a-zа-я]+\.?)?$/.exec(words[i]!);
    if (!m) return { ok: false, error: "events-reminders-unparsed" };
    let unit = 1;
    if (m[2]) {
      const u = unitMinutes(m[2]);
      if (u === undefined) return { ok: false, error: "events-reminders-unparsed" };
      unit = u;
    } else if (i + 1 < words.length && /^[a-zа-я]+\.?$/.test(words[i + 1]!)) {
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

interface Draft {
  title: string;
  kind: EventKind;
  description: string;
  subjectCodes: string[];
  start: Date;
  duration: number;
  onlineUrl: string | null;
  capacity: number | null;
  deadline: Date | null;
  reminderOffsets: number[];
  speakers: string;
}

function summary(t: Translate, locale: string, names: Map<string, string>, d: Draft, zone: string): string {
  const loc = toLocale(locale);
  const head = t("events-summary", {
    title: d.title,
    kind: t(`events-kind-${d.kind}`),
    subjects: d.subjectCodes.length ? d.subjectCodes.map((c) => names.get(c) ?? c).join(", ") : t("events-subjects-any"),
    start: formatZonedTime(d.start, zone, loc),
    duration: d.duration,
    link: d.onlineUrl ?? t("events-none"),
    capacity: d.capacity ?? t("events-no-limit"),
    deadline: d.deadline ? formatZonedTime(d.deadline, zone, loc) : t("events-until-start"),
    speakers: d.speakers || t("events-none"),
    reminders: remindersText(t, d.reminderOffsets),
  });
  // The description is its own paragraph, only when there is one (an empty one left blank lines at the end).
  return d.description ? `${head}\n\n${t("events-summary-description", { description: truncate(d.description, 1000) })}` : head;
}

const STEPS = ["title", "kind", "description", "subjects", "start", "duration", "link", "capacity", "deadline", "reminders", "speakers"] as const;

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
const ERROR_STEPS: Record<string, (typeof STEPS)[number]> = {
  "events-title-short": "title",
  "events-title-long": "title",
  "events-title-letters": "title",
  "events-kind-bad": "kind",
  "events-description-long": "description",
  "events-subject-unknown": "subjects",
  "events-subjects-many": "subjects",
  "events-time-past": "start",
  "events-time-too-far": "start",
  "events-time-invalid": "start",
  "events-duration-invalid": "duration",
  "events-url-bad": "link",
  "events-capacity-invalid": "capacity",
  "events-deadline-past": "deadline",
  "events-deadline-after-start": "deadline",
  "events-reminders-invalid": "reminders",
  "events-speakers-long": "speakers",
};
function stepOfError(key: string): number | undefined {
  const step = ERROR_STEPS[key];
  return step === undefined ? undefined : STEPS.indexOf(step);
}

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
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
    const d: Partial<Draft> = { description: "", subjectCodes: [], speakers: "", reminderOffsets: [...DEFAULT_REMINDER_OFFSETS] };
    /** The start and deadline still ahead? Undefined when they are; else the step to ask again. */
    const scheduleProblem = async (): Promise<{ step: number; key: string; vars?: Record<string, string | number> } | undefined> => {
      if (!d.start) return undefined;
      const start = d.start;
      const deadline = d.deadline ?? null;
      const checked = await attempt(conversation, async () => events.checkSchedule(start, deadline));
      if (checked.ok) return undefined;
      return { step: stepOfError(checked.key) ?? STEPS.indexOf("start"), key: checked.key, vars: checked.vars };
    };
    let index = 0;
    /** After a step asked again because of a refusal: where to go next (the summary, or the step the organiser was on). */
    let resume: number | undefined;
    let created: Awaited<ReturnType<typeof publish>> | undefined;
    const publish = (draft: EventDraft) =>
      attempt(conversation, async (outer) => {
        const event = await events.create(outer.member, draft);
        await deps.services.eventNotices.created(event.id);
        return { id: event.id, code: event.checkinCode, link: `https://t.me/${outer.me.username}?start=e_${event.id}` };
      });
    while (!created?.ok) {
      while (index < STEPS.length) {
        // A start (or deadline) that passed while the organiser was answering: that step again, every answer kept.
        const problem = index === STEPS.indexOf("start") ? undefined : await scheduleProblem();
        if (problem && problem.step !== index) {
          await env.ctx.reply(t(problem.key, problem.vars));
          resume ??= index;
          index = problem.step;
          continue;
        }
        const now = await clock();
        env.back = index > 0;
        env.header = t("events-step", { n: index + 1, total: STEPS.length });
        const step = STEPS[index]!;
        let result: StepResult<unknown>;
        switch (step) {
          case "title":
            result = await askTitle(env);
            break;
          case "kind":
            result = await askKind(env);
            break;
          case "description":
            result = await askOptional(env, {
              question: t("events-ask-description", { max: EVENT_DESCRIPTION_MAX }),
              max: EVENT_DESCRIPTION_MAX,
              tooLong: "events-description-long",
              answered: (v) => (v ? t("events-answered-description", { value: truncate(v, 200) }) : t("events-answered-description-none")),
            });
            break;
          case "subjects":
            result = await askSubjects(env, d.subjectCodes ?? []);
            break;
          case "start":
            result = await askStart(env, who.zone, now);
            break;
          case "duration":
            result = await askDuration(env);
            break;
          case "link":
            result = await askLink(env);
            break;
          case "capacity":
            result = await askCapacity(env);
            break;
          case "deadline":
            result = await askDeadline(env, who.zone, now, d.start!);
            break;
          case "reminders":
            result = await askReminders(env, d.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS);
            break;
          case "speakers":
            result = await askOptional(env, {
              question: t("events-ask-speakers"),
              max: EVENT_SPEAKERS_MAX,
              tooLong: "events-speakers-long",
              answered: (v) => (v ? t("events-answered-speakers", { value: truncate(v, 200) }) : t("events-answered-speakers-none")),
            });
            break;
        }
        if (result === CANCEL) return void (await env.ctx.reply(t("events-create-cancelled")));
        if (result === BACK) {
          resume = undefined;
          index = Math.max(0, index - 1);
          continue;
        }
        const key = step === "reminders" ? "reminderOffsets" : step === "link" ? "onlineUrl" : step === "subjects" ? "subjectCodes" : step;
        Object.assign(d, { [key]: result });
        index = resume ?? index + 1;
        resume = undefined;
      }
      // Checked again at the end: the summary may be read long after the last answer.
      const problem = await scheduleProblem();
      if (problem) {
        await env.ctx.reply(t(problem.key, problem.vars));
        resume = STEPS.length;
        index = problem.step;
        continue;
      }
      env.header = undefined;
      env.back = false;
      const draft = d as Draft;
      const names = new Map((await catalogue.subjects()).map((s) => [s.code, localName(s, who.locale)]));
      const text = summary(t, who.locale, names, draft, who.zone);
      const choice = await runStep<null, "create">(env, {
        initial: null,
        render: () => ({ text, keyboard: new InlineKeyboard().text(t("events-create"), stepCb.pack("create")).row().text(t("step-cancel"), stepCb.pack("cancel")) }),
        onCallback: (data) => (data.action === "create" ? { value: "create" } : undefined),
        answered: () => text,
      });
      if (choice !== "create") return void (await env.ctx.reply(t("events-create-cancelled")));
      const input: EventDraft = {
        title: draft.title,
        kind: draft.kind,
        description: draft.description,
        subjectCodes: draft.subjectCodes,
        start: draft.start,
        duration: draft.duration,
        timeZone: who.zone,
        onlineUrl: draft.onlineUrl,
        capacity: draft.capacity,
        registrationDeadline: draft.deadline,
        speakers: draft.speakers,
        reminderOffsets: draft.reminderOffsets,
      };
      created = await publish(input);
      if (created.ok) break;
      // Refused at «Опубликовать»: never drop the answers. The offending question again, then the
      // summary; a refusal no question can fix (the organiser's role, the zone) shows the summary again.
      await env.ctx.reply(t(created.key, created.vars));
      const step = stepOfError(created.key);
      resume = STEPS.length;
      index = step ?? STEPS.length;
    }
    await env.ctx.reply(t("events-created", { id: created.value.id, code: created.value.code, link: created.value.link }), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", created.value.id)),
      link_preview_options: { is_disabled: true },
    });
  };
}

/**
 * Changes one field of an event with the same question /newevent asks, then
 * tells registrants through the notices (new calendar file, moved reminders, promotions).
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
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
    const ask = async (): Promise<StepResult<Partial<EventDraft>>> => {
      const wrap = async <T>(result: Promise<StepResult<T>>, make: (v: T) => Partial<EventDraft>): Promise<StepResult<Partial<EventDraft>>> => {
        const v: StepResult<T> = await result;
        if (v === BACK) return BACK;
        if (v === CANCEL) return CANCEL;
        return make(v);
      };
      switch (field) {
        case "title":
          return wrap(askTitle(env), (v) => ({ title: v }));
        case "kind":
          return wrap(askKind(env), (v) => ({ kind: v }));
        case "description":
          return wrap(
            askOptional(env, {
              question: t("events-ask-description", { max: EVENT_DESCRIPTION_MAX }),
              max: EVENT_DESCRIPTION_MAX,
              tooLong: "events-description-long",
              skipLabel: t("events-clear"),
              answered: (v) => (v ? t("events-answered-description", { value: truncate(v, 200) }) : t("events-answered-description-none")),
            }),
            (v) => ({ description: v }),
          );
        case "subjects":
          return wrap(askSubjects(env, current.subjectCodes), (v) => ({ subjectCodes: v }));
        case "start":
          return wrap(askStart(env, who.zone, now, "events-ask-new-start"), (v) => ({ start: v }));
        case "duration":
          return wrap(askDuration(env), (v) => ({ duration: v }));
        case "link":
          return wrap(askLink(env), (v) => ({ onlineUrl: v }));
        case "capacity":
          return wrap(askCapacity(env), (v) => ({ capacity: v }));
        case "deadline":
          return wrap(askDeadline(env, who.zone, now, new Date(current.startsAt)), (v) => ({ registrationDeadline: v }));
        case "speakers":
          return wrap(
            askOptional(env, {
              question: t("events-ask-speakers"),
              max: EVENT_SPEAKERS_MAX,
              tooLong: "events-speakers-long",
              skipLabel: t("events-clear"),
              answered: (v) => (v ? t("events-answered-speakers", { value: truncate(v, 200) }) : t("events-answered-speakers-none")),
            }),
            (v) => ({ speakers: v }),
          );
        case "reminders":
          return wrap(askReminders(env, current.reminderOffsets), (v) => ({ reminderOffsets: v }));
      }
    };
    const save = (patch: Partial<EventDraft>) =>
      attempt(conversation, async (outer) => {
        const result = await events.edit(outer.member, id, patch);
        if (result.changed.length > 0) {
          await deps.services.eventNotices.changed(id, {
            timeChanged: result.timeChanged,
            remindersChanged: result.remindersChanged,
            calendarChanged: result.calendarChanged,
            promoted: result.promoted,
          });
        }
        return result.changed.length;
      });
    let saved: Awaited<ReturnType<typeof save>>;
    for (;;) {
      const patch = await ask();
      if (patch === BACK || patch === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      saved = await save(patch);
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

/** The recording link, sent (through the notices) to registrants who did not attend. */
export function createRecordingConversation(deps: Deps) {
  const { catalogue, events } = deps.services;
  return async function recording(conversation: BotConversation, ctx: ConvContext, id: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !isStaffRole(who.role)) return void (await ctx.reply(t("events-staff-only")));
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
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
      await deps.services.eventNotices.recording(id, notify);
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
  const { catalogue, events } = deps.services;
  return async function feedback(conversation: BotConversation, ctx: ConvContext, id: number, score: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who) return void (await ctx.reply(t("errors-not-registered")));
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
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
