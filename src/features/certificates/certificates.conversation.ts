import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import { attempt, BACK, CANCEL, navigationKeyboard, runStep, type StepEnv } from "../../bot/questionnaire.js";
import { ForbiddenError } from "../../shared/errors.js";
import { truncate } from "../../shared/html.js";
import { MAX_ACADEMIC_HOURS } from "../events/events.service.js";
import { isStaff } from "../members/members.types.js";
import { REASON_MAX } from "./certificates.service.js";
import { backToPanel, crtCb } from "./certificates.keyboards.js";
import { hoursText } from "./certificates.render.js";

export const CERT_HOURS = "certificates-hours";
export const CERT_SPEAKER = "certificates-speaker";
export const CERT_REVOKE = "certificates-revoke";

/** Speakers offered for one search, at most. */
const SPEAKER_HITS = 8;

async function who(conversation: BotConversation) {
  return conversation.external((outer) => (outer.member ? { locale: outer.locale } : undefined));
}

function envOf(conversation: BotConversation, deps: ConversationDeps, ctx: ConvContext, locale: string | undefined): StepEnv {
  const l = locale ?? deps.translator.defaultLocale;
  return { conversation, t: deps.translator.forLocale(l), locale: l, back: false, ctx };
}

/** An organiser types the academic hours of an event (the panel's buttons cover the usual ones). */
export function createHoursConversation(deps: ConversationDeps) {
  return async function hours(conversation: BotConversation, ctx: ConvContext, eventId: number) {
    const env = envOf(conversation, deps, ctx, (await who(conversation))?.locale);
    const { t } = env;
    const value = await runStep<null, number>(env, {
      initial: null,
      render: () => ({ text: t("certificates-event-hours-ask", { max: MAX_ACADEMIC_HOURS }), keyboard: navigationKeyboard(t, { back: false }) }),
      onText: (text) => {
        const n = /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN;
        return n >= 1 && n <= MAX_ACADEMIC_HOURS ? { value: n } : { error: "certificates-event-hours-bad", vars: { max: MAX_ACADEMIC_HOURS } };
      },
      answered: (v) => t("certificates-event-hours-answered", { value: hoursText(t, v) }),
    });
    if (value === BACK || value === CANCEL) return void (await env.ctx.reply(t("certificates-event-hours-cancelled"), { reply_markup: backToPanel(t, eventId) }));
    const saved = await attempt(conversation, (outer) => deps.services.events.setAcademicHours(outer.member, eventId, value));
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars), { reply_markup: backToPanel(t, eventId) }));
    await env.ctx.reply(t("certificates-event-hours-set", { hours: hoursText(t, value) }), { reply_markup: backToPanel(t, eventId) });
  };
}

/** An organiser finds the speaker among members by @username or name; the pick is a button (crt1:esp). */
export function createSpeakerConversation(deps: ConversationDeps) {
  return async function speaker(conversation: BotConversation, ctx: ConvContext, eventId: number) {
    const env = envOf(conversation, deps, ctx, (await who(conversation))?.locale);
    const { t } = env;
    const query = await runStep<null, string>(env, {
      initial: null,
      render: () => ({ text: t("certificates-speaker-ask"), keyboard: navigationKeyboard(t, { back: false }) }),
      onText: (text) => {
        const q = text.trim();
        return q.replace(/^@/, "").length >= 2 && q.length <= 100 ? { value: q } : { error: "certificates-speaker-bad" };
      },
      answered: (v) => t("certificates-speaker-answered", { value: v }),
    });
    if (query === BACK || query === CANCEL) return void (await env.ctx.reply(t("certificates-speaker-cancelled"), { reply_markup: backToPanel(t, eventId) }));
    const found = await attempt(conversation, async (outer) => {
      if (!isStaff(outer.member)) throw new ForbiddenError("certificates-organisers-only");
      const hits = await deps.services.membersRepository.search(query, SPEAKER_HITS);
      return hits.filter((h) => !h.deleted && h.fullName).map((h) => ({ id: h.id, name: h.fullName!, username: h.username }));
    });
    if (!found.ok) return void (await env.ctx.reply(t(found.key, found.vars)));
    if (found.value.length === 0) return void (await env.ctx.reply(t("certificates-speaker-none", { query }), { reply_markup: backToPanel(t, eventId) }));
    const kb = new InlineKeyboard();
    for (const h of found.value) kb.text(truncate(h.username ? `${h.name} (@${h.username})` : h.name, 60), crtCb.pack("esp", eventId, h.id)).row();
    kb.text(t("certificates-back"), crtCb.pack("e", eventId));
    await env.ctx.reply(t("certificates-speaker-pick", { count: found.value.length }), { reply_markup: kb });
  };
}

/** An admin writes why a document is revoked. */
export function createRevokeConversation(deps: ConversationDeps) {
  return async function revoke(conversation: BotConversation, ctx: ConvContext, code: string, number: string) {
    const env = envOf(conversation, deps, ctx, (await who(conversation))?.locale);
    const { t } = env;
    const reason = await runStep<null, string>(env, {
      initial: null,
      render: () => ({ text: t("certificates-revoke-ask", { number, max: REASON_MAX }), keyboard: navigationKeyboard(t, { back: false }) }),
      onText: (text) => {
        const r = text.trim();
        if (!r) return { error: "certificates-reason-required" };
        return Array.from(r).length > REASON_MAX ? { error: "certificates-reason-long", vars: { max: REASON_MAX } } : { value: r };
      },
      answered: (v) => t("certificates-revoke-answered", { value: truncate(v, 300) }),
    });
    if (reason === BACK || reason === CANCEL) return void (await env.ctx.reply(t("certificates-revoke-cancelled")));
    const done = await attempt(conversation, async (outer) => (await deps.services.certificates.revoke(outer.member, code, reason)).number);
    await env.ctx.reply(done.ok ? t("certificates-revoked", { number: done.value }) : t(done.key, done.vars));
  };
}
