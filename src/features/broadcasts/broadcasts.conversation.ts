import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { attempt, BACK, CANCEL, navigationKeyboard, runStep, stepCb, withNavigation, type Reaction, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { parseBroadcastTime } from "./broadcasts.time.js";
import { PROFESSIONAL_ROLES } from "../members/members.types.js";
import { broadcastKeyboard, pickKeyboard } from "./broadcasts.keyboards.js";
import { checkBroadcastMessage } from "./broadcasts.message.js";
import { describeAudience, timePrompt, type AudienceNames } from "./broadcasts.render.js";
import { AUDIENCE_VALUES_MAX, BROADCAST_MAX_MESSAGES, normaliseAudience, type BroadcastAudience } from "./broadcasts.types.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";

export const BROADCAST_COMPOSE = "broadcast-compose";

type Deps = ConversationDeps;

interface Composed {
  ids: number[];
  summary: string;
}

type AlbumState = { ids: number[]; summary: string; albumId: string } | null;

/** A message the author sent: one message is the answer; a part of an album starts or grows the album. */
function fromMessage(message: Message | undefined, state: AlbumState): Reaction<AlbumState, Composed> | undefined {
  if (!message) return undefined;
  const check = checkBroadcastMessage(message);
  if (!check.ok) return { error: check.error };
  if (check.albumId === undefined) return { value: { ids: [message.message_id], summary: check.summary } };
  if (state && state.albumId === check.albumId) {
    if (state.ids.includes(message.message_id)) return { state };
    if (state.ids.length >= BROADCAST_MAX_MESSAGES) return { error: "broadcasts-album-too-long", vars: { max: BROADCAST_MAX_MESSAGES } };
    // The caption is usually on the first part, but not always: keep the first part that has words.
    const summary = /\p{L}/u.test(state.summary) ? state.summary : check.summary;
    return { state: { ids: [...state.ids, message.message_id].sort((a, b) => a - b), summary, albumId: check.albumId } };
  }
  return { state: { ids: [message.message_id], summary: check.summary, albumId: check.albumId } };
}

function askMessage(env: StepEnv): Promise<StepResult<Composed>> {
  const { t } = env;
  return runStep<AlbumState, Composed>(env, {
    initial: null,
    render: (s) =>
      s
        ? {
            text: t("broadcasts-ask-album", { count: s.ids.length, max: BROADCAST_MAX_MESSAGES }),
            keyboard: withNavigation(new InlineKeyboard().text(t("broadcasts-album-done"), stepCb.pack("ok")), t, { back: false }),
          }
        : { text: t("broadcasts-ask-message"), keyboard: navigationKeyboard(t, { back: false }) },
    // A text message: the engine hands over its text; the message itself is in env.ctx.
    onText: (_text, s) => fromMessage(env.ctx.message, s) ?? { error: "broadcasts-message-uncopyable" },
    onMessage: (ctx, s) => fromMessage(ctx.message, s),
    onCallback: (data, s) => (data.action === "ok" && s ? { value: { ids: s.ids, summary: s.summary } } : undefined),
    answered: (v) => (v.ids.length > 1 ? t("broadcasts-answered-album", { count: v.ids.length }) : t("broadcasts-answered-message")),
  });
}

type Screen = "main" | "subjects" | "grades" | "regions" | "roles" | "event";
const SCREENS: readonly Screen[] = ["subjects", "grades", "regions", "roles", "event"];
interface AudienceState {
  screen: Screen;
  page: number;
  audience: BroadcastAudience;
  /** Typed on the regions screen: only regions whose name contains it are listed. */
  query?: string;
}
interface EventChoice {
  id: number;
  label: string;
}

const PER_PAGE: Record<Screen, number> = { main: 1, subjects: 20, grades: 20, regions: 16, roles: 10, event: 10 };

function askAudience(env: StepEnv, initial: BroadcastAudience, names: AudienceNames, events: readonly EventChoice[]): Promise<StepResult<BroadcastAudience>> {
  const { t, locale } = env;
  const lists: Record<"subjects" | "grades" | "regions" | "roles", Array<{ code: string; label: string }>> = {
    subjects: names.subjects.map((i) => ({ code: i.code, label: localName(i, locale) })),
    grades: names.grades.map((i) => ({ code: i.code, label: localName(i, locale) })),
    regions: names.regions.map((i) => ({ code: i.code, label: localName(i, locale) })),
    roles: PROFESSIONAL_ROLES.map((r) => ({ code: r, label: t(`role-${r}`) })),
  };
  const eventTitle = (id: number | undefined) => events.find((e) => e.id === id)?.label;
  const describe = (a: BroadcastAudience) => describeAudience(t, locale, a, { ...names, eventTitle: eventTitle(a.eventId) });
  const count = (a: BroadcastAudience, key: keyof typeof lists) => a[key]?.length ?? 0;

  return runStep<AudienceState, BroadcastAudience>(env, {
    initial: { screen: "main", page: 0, audience: initial },
    render: (s) => {
      const a = s.audience;
      if (s.screen === "main") {
        const kb = new InlineKeyboard()
          .text(t("broadcasts-dim-subjects", { count: count(a, "subjects") }), stepCb.pack("scr", "subjects"))
          .text(t("broadcasts-dim-grades", { count: count(a, "grades") }), stepCb.pack("scr", "grades"))
          .row()
          .text(t("broadcasts-dim-regions", { count: count(a, "regions") }), stepCb.pack("scr", "regions"))
          .text(t("broadcasts-dim-roles", { count: count(a, "roles") }), stepCb.pack("scr", "roles"))
          .row()
          .text(a.eventId !== undefined ? t("broadcasts-dim-event-chosen") : t("broadcasts-dim-event"), stepCb.pack("scr", "event"))
          .row();
        if (Object.keys(normaliseAudience(a)).length > 0) kb.text(t("broadcasts-dim-everyone"), stepCb.pack("all")).row();
        kb.text(t("broadcasts-audience-continue"), stepCb.pack("go"));
        return { text: t("broadcasts-ask-audience", { audience: describe(a) }), keyboard: withNavigation(kb, t, { back: true }) };
      }
      if (s.screen === "event") {
        const kb = new InlineKeyboard();
        for (const e of events) kb.text(e.id === a.eventId ? `✅ ${e.label}` : e.label, stepCb.pack("ev", e.id)).row();
        if (a.eventId !== undefined) kb.text(t("broadcasts-event-none"), stepCb.pack("ev", 0)).row();
        kb.text(t("broadcasts-pick-done", { count: a.eventId !== undefined ? 1 : 0 }), stepCb.pack("main"));
        return { text: events.length ? t("broadcasts-ask-event") : t("broadcasts-ask-event-none"), keyboard: kb };
      }
      const key = s.screen;
      const query = key === "regions" ? s.query?.toLocaleLowerCase() : undefined;
      const items = query ? lists[key].filter((i) => i.label.toLocaleLowerCase().includes(query)) : lists[key];
      return {
        text: [t(`broadcasts-ask-${key}`, { audience: describe(a) }), ...(key === "regions" ? [t("broadcasts-regions-type")] : [])].join("\n\n"),
        keyboard: pickKeyboard(t, items, new Set(a[key] ?? []), s.page, PER_PAGE[key]),
      };
    },
    onText: (text, s) => {
      if (s.screen !== "regions") return { error: "step-use-buttons" };
      const query = text.trim().slice(0, 50);
      if (Array.from(query).length < 2) return { error: "broadcasts-regions-short" };
      const found = lists.regions.some((i) => i.label.toLocaleLowerCase().includes(query.toLocaleLowerCase()));
      return found ? { state: { ...s, page: 0, query } } : { error: "broadcasts-regions-none" };
    },
    onCallback: (data, s) => {
      const arg = data.args[0];
      switch (data.action) {
        case "go":
          return s.screen === "main" ? { value: normaliseAudience(s.audience) } : undefined;
        case "all":
          return { state: { screen: "main", page: 0, audience: {} } };
        case "main":
          return { state: { screen: "main", page: 0, audience: s.audience } };
        case "scr":
          return SCREENS.includes(arg as Screen) ? { state: { screen: arg as Screen, page: 0, audience: s.audience } } : undefined;
        case "page": {
          const page = Number(arg);
          return s.screen !== "main" && Number.isInteger(page) && page >= 0 && page < 100 ? { state: { ...s, page } } : undefined;
        }
        case "ev": {
          const id = Number(arg);
          if (s.screen !== "event" || !Number.isInteger(id)) return undefined;
          if (id === 0) {
            const { eventId: _, ...rest } = s.audience;
            return { state: { ...s, audience: rest } };
          }
          return events.some((e) => e.id === id) ? { state: { ...s, screen: "main", audience: { ...s.audience, eventId: id } } } : undefined;
        }
        case "toggle": {
          if (s.screen === "main" || s.screen === "event" || !arg) return undefined;
          const key = s.screen;
          if (!lists[key].some((i) => i.code === arg)) return undefined;
          const current = new Set<string>(s.audience[key] ?? []);
          if (current.has(arg)) current.delete(arg);
          else if (current.size >= AUDIENCE_VALUES_MAX) return { error: "broadcasts-audience-invalid" };
          else current.add(arg);
          return { state: { ...s, audience: { ...s.audience, [key]: lists[key].filter((i) => current.has(i.code)).map((i) => i.code) } } };
        }
        default:
          return undefined;
      }
    },
    answered: (a) => t("broadcasts-answered-audience", { audience: describe(a) }),
  });
}

function askTime(env: StepEnv, zone: string, now: Date): Promise<StepResult<Date>> {
  const { t, locale } = env;
  const display = toLocale(locale);
  return runStep<null, Date>(env, {
    initial: null,
    render: () => ({
      text: timePrompt(t, zone, now, display),
      keyboard: navigationKeyboard(t, { back: true }),
    }),
    onText: (text) => {
      const parsed = parseBroadcastTime(text, { timeZone: zone, now });
      if (!parsed.ok) return { error: parsed.error === "events-time-past" ? "broadcasts-time-past" : parsed.error };
      return { value: parsed.value };
    },
    answered: (at) => t("broadcasts-answered-time", { time: formatZonedTime(at, zone, display) }),
  });
}

type Choice = "send" | "time" | "now" | "audience";

/**
 * /broadcast: the message (as the author wants it to look: it is copied), the
 * audience with its exact count, a preview, an optional time, and the
 * confirmation. The broadcast is recorded only on confirmation; a second tap on
 * Confirm meets a closed question, and the service refuses the same message twice.
 */
export function createBroadcastConversation(deps: Deps) {
  const { catalogue, broadcasts, broadcastReports, events } = deps.services;
  return async function composeBroadcast(conversation: BotConversation, ctx: ConvContext) {
    const who = await conversation.external(async (outer) => {
      if (!outer.member || !(await broadcasts.mayBroadcast(outer.member))) return undefined;
      const profile = await deps.services.profile.get(outer.member.id);
      return { locale: outer.locale, zone: profile?.timezone ?? deps.config.defaultTimezone };
    });
    const t: Translate = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || ctx.chatId === undefined) return void (await ctx.reply(t("broadcasts-forbidden")));
    const chatId = ctx.chatId;
    const display = toLocale(who.locale);
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };

    const [subjects, grades, regions] = [await catalogue.subjects(), await catalogue.grades(), await catalogue.regions()];
    // Upcoming events, whose registrants an announcement may be for.
    const eventChoices = await conversation.external(async (outer) => {
      const { items } = await events.upcoming(outer.member, { subjectsFirst: [], all: true, limit: 10, offset: 0 });
      return items.map((card) => ({ id: card.event.id, label: truncate(card.event.title, 40) }));
    });
    const names: AudienceNames = { subjects, grades, regions };

    let message: Composed | undefined;
    let previewed: Composed | undefined;
    let audience: BroadcastAudience = {};
    let recipients = 0;
    let at: Date | undefined;
    let stage: "message" | "audience" | "confirm" | "time" = "message";
    for (;;) {
      if (stage === "message" || !message) {
        env.back = false;
        const composed = await askMessage(env);
        if (composed === CANCEL || composed === BACK) return void (await env.ctx.reply(t("broadcasts-cancelled")));
        message = composed;
        stage = "audience";
        continue;
      }
      if (stage === "audience") {
        env.back = true;
        const chosen = await askAudience(env, audience, names, eventChoices);
        if (chosen === CANCEL) return void (await env.ctx.reply(t("broadcasts-cancelled")));
        if (chosen === BACK) {
          stage = "message";
          continue;
        }
        audience = chosen;
        const counted = await attempt(conversation, (outer) => broadcasts.countAudience(outer.member, chosen));
        if (!counted.ok) return void (await env.ctx.reply(t(counted.key, counted.vars)));
        if (counted.value === 0) {
          await env.ctx.reply(t("broadcasts-audience-empty"));
          continue;
        }
        recipients = counted.value;
        // The preview once per message (not again after changing the audience).
        if (previewed !== message) {
          const ids = message.ids;
          await conversation.external(async (outer) => {
            await outer.api.sendMessage(chatId, t("broadcasts-preview"));
            if (ids.length === 1) await outer.api.copyMessage(chatId, chatId, ids[0]!);
            else await outer.api.copyMessages(chatId, chatId, ids);
          });
          previewed = message;
        }
        stage = "confirm";
        continue;
      }
      if (stage === "time") {
        const now = new Date(await conversation.external(() => Date.now()));
        const time = await askTime(env, who.zone, now);
        if (time === CANCEL) return void (await env.ctx.reply(t("broadcasts-cancelled")));
        if (time !== BACK) at = time;
        stage = "confirm";
        continue;
      }
      const { ids, summary } = message;
      const paid = await conversation.external(() => broadcasts.paidFor(ids));
      const eventTitle = eventChoices.find((e) => e.id === audience.eventId)?.label;
      const summaryText = [
        t("broadcasts-confirm-title"),
        t("broadcasts-card-audience", { audience: describeAudience(t, who.locale, audience, { ...names, eventTitle }) }),
        t("broadcasts-confirm-recipients", { count: recipients }),
        at ? t("broadcasts-confirm-at", { time: formatZonedTime(at, who.zone, display) }) : t("broadcasts-confirm-now"),
        ...(paid ? [t("broadcasts-confirm-paid", { stars: (recipients / 10).toFixed(1), rate: deps.config.paidSendRatePerSecond })] : []),
      ].join("\n");
      env.back = false;
      const choice = await runStep<null, Choice>(env, {
        initial: null,
        render: () => {
          const kb = new InlineKeyboard().text(t(at ? "broadcasts-confirm-schedule" : "broadcasts-confirm-send"), stepCb.pack("send")).row();
          kb.text(t(at ? "broadcasts-change-time" : "broadcasts-choose-time"), stepCb.pack("time"));
          if (at) kb.text(t("broadcasts-send-now-instead"), stepCb.pack("now"));
          kb.row().text(t("broadcasts-change-audience"), stepCb.pack("audience")).row().text(t("step-cancel"), stepCb.pack("cancel"));
          return { text: summaryText, keyboard: kb };
        },
        onCallback: (data) => (["send", "time", "now", "audience"].includes(data.action) ? { value: data.action as Choice } : undefined),
        answered: () => summaryText,
      });
      if (choice === CANCEL || choice === BACK) return void (await env.ctx.reply(t("broadcasts-cancelled")));
      if (choice === "audience" || choice === "time") {
        stage = choice;
        continue;
      }
      if (choice === "now") {
        at = undefined;
        continue;
      }
      const created = await attempt(conversation, async (outer) => {
        const broadcast = await broadcasts.create(outer.member, { sourceChatId: BigInt(chatId), messageIds: ids, summary, audience, ...(at ? { scheduledAt: at } : {}) });
        try {
          const text = await broadcastReports.card(broadcast, who, false);
          const sent = await outer.api.sendMessage(chatId, text, { reply_markup: broadcastKeyboard(t, broadcast), link_preview_options: { is_disabled: true } });
          await broadcasts.attachStatusMessage(outer.member, broadcast.id, BigInt(chatId), sent.message_id);
        } catch (err) {
          // The broadcast is recorded and queued: it goes out anyway, and its final report comes to this chat.
          outer.logger.warn({ err, broadcastId: broadcast.id }, "broadcast: status message not sent");
        }
        return broadcast.id;
      });
      if (created.ok) return;
      await env.ctx.reply(t(created.key, created.vars));
      if (created.key === "broadcasts-audience-empty") stage = "audience";
      else if (created.key === "broadcasts-time-past") stage = "time";
      else return;
    }
  };
}
