import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext } from "../../bot/context.js";
import type { Translate, Translator } from "../../bot/i18n.js";
import type { Container } from "../../container.js";
import { truncate } from "../../shared/html.js";
import { utcOffsetLabel } from "../../shared/time.js";
import { attempt, BACK, CANCEL, runStep, stepCb, withNavigation, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { localName } from "../catalogue/catalogue.service.js";
import { multiSelectKeyboard } from "../registration/registration.keyboards.js";
import { askText } from "../materials/materials.steps.js";
import { checkDescription, checkTitle, checkUrl } from "../materials/materials.validation.js";
import { editFieldFromCode, evtCb, kindFromCode, type EditField } from "./events.keyboards.js";
import { formatEventTime, parseDuration, parseEventDateTime } from "./events.time.js";
import {
  EVENT_CAPACITY_MAX,
  EVENT_DESCRIPTION_MAX,
  EVENT_KINDS,
  EVENT_SPEAKERS_MAX,
  EVENT_SUBJECTS_MAX,
  EVENT_TITLE_MAX,
  EVENT_TITLE_MIN,
  FEEDBACK_COMMENT_MAX,
  type EventDraft,
  type EventKind,
} from "./events.types.js";

export const EVENT_CREATE = "event-create";
export const EVENT_EDIT = "event-edit";
export const EVENT_RECORDING = "event-recording";
export const EVENT_FEEDBACK = "event-feedback";

type Deps = { container: Container; translator: Translator };

/** Who is talking and in which zone they think, as plain JSON for the conversation log. */
async function whoIs(conversation: BotConversation, deps: Deps) {
  return conversation.external(async (outer) => {
    if (!outer.member) return undefined;
    const profile = outer.member.registered ? await deps.container.services.profile.get(outer.member.id) : undefined;
    return { id: outer.member.id, locale: outer.locale, role: outer.member.role, zone: profile?.timezone ?? deps.container.config.defaultTimezone };
  });
}

function display(locale: string): "ru" | "en" {
  return locale === "en" ? "en" : "ru";
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
function askOptional(env: StepEnv, options: { question: string; max: number; tooLong: string; answered: (v: string) => string }): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: options.question, keyboard: choices(t, env, [[t("step-skip"), "skip"]]) }),
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
      const parsed = parseEventDateTime(text, { timeZone: zone, now, locale: display(env.locale) });
      return parsed.ok ? { value: parsed.value } : { error: parsed.error, vars: { zone: zoneLabel(zone, now) } };
    },
    answered: (v) => t("events-answered-start", { value: formatEventTime(v, zone, display(env.locale)) }),
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
      const parsed = parseEventDateTime(text, { timeZone: zone, now, locale: display(env.locale) });
      if (!parsed.ok) return { error: parsed.error === "events-time-past" ? "events-deadline-past" : parsed.error, vars: { zone: zoneLabel(zone, now) } };
      if (parsed.value.getTime() > start.getTime()) return { error: "events-deadline-after-start" };
      return { value: parsed.value };
    },
    onCallback: (data) => (data.action === "none" ? { value: null } : undefined),
    answered: (v) => (v === null ? t("events-answered-deadline-none") : t("events-answered-deadline", { value: formatEventTime(v, zone, display(env.locale)) })),
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
  speakers: string;
}

function summary(t: Translate, locale: string, names: Map<string, string>, d: Draft, zone: string): string {
  const loc = display(locale);
  return t("events-summary", {
    title: d.title,
    kind: t(`events-kind-${d.kind}`),
    description: d.description ? truncate(d.description, 1000) : t("events-none"),
    subjects: d.subjectCodes.length ? d.subjectCodes.map((c) => names.get(c) ?? c).join(", ") : t("events-subjects-any"),
    start: formatEventTime(d.start, zone, loc),
    duration: d.duration,
    link: d.onlineUrl ?? t("events-none"),
    capacity: d.capacity ?? t("events-no-limit"),
    deadline: d.deadline ? formatEventTime(d.deadline, zone, loc) : t("events-until-start"),
    speakers: d.speakers || t("events-none"),
  });
}

const STEPS = ["title", "kind", "description", "subjects", "start", "duration", "link", "capacity", "deadline", "speakers"] as const;

/** An organiser announces an event: ten questions, a summary, then the event with its check-in code. */
export function createEventConversation(deps: Deps) {
  const { catalogue, events } = deps.container.services;
  return async function newEvent(conversation: BotConversation, ctx: ConvContext) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || who.role === "MEMBER") return void (await ctx.reply(t("events-staff-only")));
    // One instant for the whole questionnaire: replays must parse "завтра 18:00" the same way.
    const now = new Date(await conversation.external(() => Date.now()));
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
    const d: Partial<Draft> = { description: "", subjectCodes: [], speakers: "" };
    let index = 0;
    while (index < STEPS.length) {
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
        index = Math.max(0, index - 1);
        continue;
      }
      const key = step === "deadline" ? "deadline" : step === "link" ? "onlineUrl" : step === "subjects" ? "subjectCodes" : step;
      Object.assign(d, { [key]: result });
      index++;
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
    };
    const created = await attempt(conversation, async (outer) => {
      const event = await events.create(outer.member, input);
      await deps.container.services.eventNotices.created(event.id);
      return { id: event.id, code: event.checkinCode, link: `https://t.me/${outer.me.username}?start=e_${event.id}` };
    });
    if (!created.ok) return void (await env.ctx.reply(t(created.key, created.vars)));
    await env.ctx.reply(t("events-created", { id: created.value.id, code: created.value.code, link: created.value.link }), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", created.value.id)),
      link_preview_options: { is_disabled: true },
    });
  };
}

/** Changes one field of an event (start, duration, link, capacity), then tells registrants through the notices. */
export function createEventEditConversation(deps: Deps) {
  const { catalogue, events } = deps.container.services;
  return async function editEvent(conversation: BotConversation, ctx: ConvContext, id: number, code: string) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    const field: EditField | undefined = editFieldFromCode(code);
    if (!who || !field) return void (await ctx.reply(t("errors-stale-button")));
    if (who.role === "MEMBER") return void (await ctx.reply(t("events-staff-only")));
    const now = new Date(await conversation.external(() => Date.now()));
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: false, ctx };
    let patch: Partial<EventDraft>;
    if (field === "start") {
      const v = await askStart(env, who.zone, now, "events-ask-new-start");
      if (v === BACK || v === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      patch = { start: v };
    } else if (field === "duration") {
      const v = await askDuration(env);
      if (v === BACK || v === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      patch = { duration: v };
    } else if (field === "link") {
      const v = await askLink(env);
      if (v === BACK || v === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      patch = { onlineUrl: v };
    } else {
      const v = await askCapacity(env);
      if (v === BACK || v === CANCEL) return void (await env.ctx.reply(t("events-edit-cancelled")));
      patch = { capacity: v };
    }
    const saved = await attempt(conversation, async (outer) => {
      const result = await events.edit(outer.member, id, patch);
      if (result.changed.length > 0) {
        await deps.container.services.eventNotices.changed(id, {
          timeChanged: result.timeChanged,
          remindersChanged: result.remindersChanged,
          calendarChanged: result.calendarChanged,
          promoted: result.promoted,
        });
      }
      return result.changed.length;
    });
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars)));
    await env.ctx.reply(t(saved.value > 0 ? "events-edited" : "events-edit-unchanged"), {
      reply_markup: new InlineKeyboard().text(t("events-open-card"), evtCb.pack("c", id)),
    });
  };
}

/** The recording link, sent (through the notices) to registrants who did not attend. */
export function createRecordingConversation(deps: Deps) {
  const { catalogue, events } = deps.container.services;
  return async function recording(conversation: BotConversation, ctx: ConvContext, id: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || who.role === "MEMBER") return void (await ctx.reply(t("events-staff-only")));
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
      await deps.container.services.eventNotices.recording(id, notify);
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
  const { catalogue, events } = deps.container.services;
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
