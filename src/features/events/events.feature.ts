import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { DomainError } from "../../shared/errors.js";
import { truncate } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { EVENT_CREATE, EVENT_EDIT, EVENT_FEEDBACK, EVENT_RECORDING } from "./events.conversation.js";
import { cancelConfirmKeyboard, cardKeyboard, editFieldFromCode, editFieldsKeyboard, evtCb, listData, type ListState } from "./events.keyboards.js";
import { calendarCaption, eventsIcsDomain } from "./events.jobs.js";
import { isStaff } from "../members/members.types.js";
import type { EventCard } from "./events.types.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";

const PAGE_SIZE = 6;

/** The viewer's zone for showing times: their profile's, else the community default. */
export async function viewerZone(ctx: BotContext): Promise<string> {
  const { services } = ctx;
  const { config } = ctx.deps;
  const profile = ctx.member?.registered ? await services.profile.get(ctx.member.id) : undefined;
  return profile?.timezone ?? config.defaultTimezone;
}


/** Replies with a domain error's message (alert for buttons). */
async function explain(ctx: BotContext, error: unknown): Promise<void> {
  if (!(error instanceof DomainError)) throw error;
  const text = ctx.t(error.key, error.vars);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

function placesText(ctx: BotContext, card: EventCard): string {
  if (card.ended) return ctx.t("events-places-ended");
  if (card.placesLeft === null) return ctx.t("events-places-unlimited", { registered: card.registeredCount });
  if (card.placesLeft === 0) return ctx.t("events-places-full", { waitlisted: card.waitlistedCount });
  return ctx.t("events-places-left", { left: card.placesLeft, capacity: card.event.capacity ?? 0 });
}

/** The card's text as the viewer may see it (times in the viewer's zone). */
async function cardText(ctx: BotContext, card: EventCard, zone: string): Promise<string> {
  const { event, mine } = card;
  const { catalogue, events } = ctx.services;
  const locale = toLocale(ctx.locale);
  const subjects: string[] = [];
  for (const code of event.subjectCodes) {
    const s = await catalogue.subject(code);
    if (s) subjects.push(localName(s, ctx.locale));
  }
  const lines = [
    ctx.t("events-card", {
      title: event.title,
      kind: ctx.t(`events-kind-${event.kind}`),
      time: formatZonedTime(event.startsAt, zone, locale),
      duration: event.durationMinutes,
      subjects: subjects.length ? subjects.join(", ") : ctx.t("events-subjects-any"),
    }),
  ];
  // Places and the waitlist mean something only until the event is over (or cancelled).
  const live = event.status === "SCHEDULED" && !card.ended;
  if (live) lines[0] += `\n${ctx.t("events-card-places", { places: placesText(ctx, card) })}`;
  if (event.status === "SCHEDULED" && card.ended) lines.push(ctx.t("events-card-ended"));
  if (event.speakers) lines.push(ctx.t("events-card-speakers", { speakers: event.speakers }));
  if (event.description) lines.push(ctx.t("events-card-description", { description: truncate(event.description, 1500) }));
  if (event.registrationDeadline) lines.push(ctx.t("events-card-deadline", { time: formatZonedTime(event.registrationDeadline, zone, locale) }));
  if (event.status === "CANCELLED") lines.push(ctx.t("events-card-cancelled"));
  if (mine?.status === "REGISTERED") lines.push(ctx.t(mine.attendedAt ? "events-card-attended" : "events-card-registered"));
  if (mine?.status === "WAITLISTED" && live) {
    const position = await events.waitlistPosition(ctx.member, event.id);
    lines.push(ctx.t("events-card-waitlisted", { position: position ?? "?" }));
  }
  if (event.onlineUrl) lines.push(ctx.t("events-card-link", { url: event.onlineUrl }));
  if (event.recordingUrl) lines.push(ctx.t("events-card-recording", { url: event.recordingUrl }));
  if (isStaff(ctx.member) && event.checkinCode) lines.push(ctx.t("events-card-code", { code: event.checkinCode }));
  return lines.join("\n\n");
}

/** Opens an event card: edits the button's message in place, or sends it. */
export async function showCard(ctx: BotContext, id: number, options: { edit: boolean; back?: string; answer?: boolean }): Promise<void> {
  const card = await ctx.services.events.card(ctx.member, id);
  // Answered only once the event is known, so a missing one gets its own answer.
  if (options.answer) await ctx.answerCallbackQuery();
  const zone = await viewerZone(ctx);
  const text = await cardText(ctx, card, zone);
  const reply_markup = cardKeyboard(ctx.t, card, { staff: isStaff(ctx.member), back: options.back });
  const other = { reply_markup, link_preview_options: { is_disabled: true } };
  if (options.edit && ctx.callbackQuery?.message) await ctx.editMessageText(text, other);
  else await ctx.reply(text, other);
}

function listLine(ctx: BotContext, n: number, card: EventCard, zone: string): string {
  return ctx.t("events-list-line", {
    n,
    title: truncate(card.event.title, 120),
    time: formatZonedTime(card.event.startsAt, zone, toLocale(ctx.locale)),
    places: placesText(ctx, card),
    mark: card.mine?.status === "REGISTERED" ? "✅ " : card.mine?.status === "WAITLISTED" ? "⏳ " : "",
  });
}

async function renderList(ctx: BotContext, state: ListState): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { events, profile } = ctx.services;
  const own = ctx.member?.registered ? ((await profile.get(ctx.member.id))?.subjectCodes ?? []) : [];
  const { items, total } = await events.upcoming(ctx.member, { subjectsFirst: own, all: state.all, limit: PAGE_SIZE, offset: state.page * PAGE_SIZE });
  const zone = await viewerZone(ctx);
  const kb = new InlineKeyboard();
  const lines = items.map((card, i) => {
    const n = state.page * PAGE_SIZE + i + 1;
    kb.text(`${n}. ${truncate(card.event.title, 40)}`, evtCb.pack("o", card.event.id, state.all ? 1 : 0, state.page)).row();
    return listLine(ctx, n, card, zone);
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages > 1) {
    if (state.page > 0) kb.text("◀️", listData({ ...state, page: state.page - 1 }));
    kb.text(`${state.page + 1}/${pages}`, listData(state));
    if (state.page + 1 < pages) kb.text("▶️", listData({ ...state, page: state.page + 1 }));
    kb.row();
  }
  if (own.length > 0) kb.text(ctx.t(state.all ? "events-show-mine" : "events-show-all"), listData({ all: !state.all, page: 0 }));
  const head = ctx.t(state.all || own.length === 0 ? "events-list-title-all" : "events-list-title-mine", { zone });
  const text = items.length ? `${head}\n\n${lines.join("\n\n")}` : `${head}\n\n${ctx.t("events-list-empty")}`;
  return { text, reply_markup: kb };
}

/** /events and the menu button: upcoming events, the member's subjects first. */
export async function showEvents(ctx: BotContext): Promise<void> {
  const view = await renderList(ctx, { all: false, page: 0 });
  await ctx.reply(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
}

async function renderMine(ctx: BotContext): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { upcoming, past } = await ctx.services.events.myEvents(ctx.member, { pastLimit: 10 });
  const zone = await viewerZone(ctx);
  const kb = new InlineKeyboard();
  const line = (card: EventCard, n: number) => {
    kb.text(`${n}. ${truncate(card.event.title, 40)}`, evtCb.pack("c", card.event.id)).row();
    return listLine(ctx, n, card, zone) + (card.event.status === "CANCELLED" ? ` ${ctx.t("events-mark-cancelled")}` : "");
  };
  const up = upcoming.map((c, i) => line(c, i + 1));
  const gone = past.map((c, i) => line(c, upcoming.length + i + 1));
  const text = [
    ctx.t("events-my-title"),
    ctx.t("events-my-upcoming"),
    up.length ? up.join("\n\n") : ctx.t("events-my-none"),
    ctx.t("events-my-past"),
    gone.length ? gone.join("\n\n") : ctx.t("events-my-none"),
  ].join("\n\n");
  return { text, reply_markup: kb };
}

/** /myevents: the member's upcoming and past events. */
export async function showMyEvents(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const view = await renderMine(ctx);
  await ctx.reply(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
}

/** /newevent and the organiser's menu button. */
export async function startNewEvent(ctx: BotContext): Promise<void> {
  if (!isStaff(ctx.member)) return void (await ctx.reply(ctx.t("events-staff-only")));
  await startConversation(ctx, EVENT_CREATE);
}

/** The calendar file (and the link) of an event the member holds a place for; refused for anyone else. */
async function calendarFile(ctx: BotContext, id: number): Promise<{ file: InputFile; caption: string }> {
  const { events } = ctx.services;
  const { fileName, text } = await events.ics(ctx.member, id, eventsIcsDomain(ctx.deps.config));
  const card = await events.card(ctx.member, id);
  const title = truncate(card.event.title, 200);
  const plain = ctx.t("events-ics-caption", { title });
  const caption = card.event.onlineUrl ? calendarCaption(ctx.t("events-ics-caption-link", { title, url: card.event.onlineUrl }), plain) : plain;
  return { file: new InputFile(Buffer.from(text, "utf8"), fileName), caption };
}

async function sendCalendar(ctx: BotContext, id: number): Promise<void> {
  const { file, caption } = await calendarFile(ctx, id);
  await ctx.replyWithDocument(file, { caption });
}

/** /checkin CODE: the service finds the member's running event with this code. */
async function checkInByCode(ctx: BotContext, code: string): Promise<void> {
  const { result, event } = await ctx.services.events.checkInByCode(ctx.member, code);
  await ctx.reply(ctx.t(result === "already" ? "events-checkin-already" : "events-checkin-done", { title: event.title }));
}

/** Commands and buttons of community events. */
export function eventsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("events", showEvents);
  pm.command("myevents", showMyEvents);
  pm.command("newevent", startNewEvent);
  pm.command("checkin", async (ctx) => {
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
    const code = ctx.match.trim();
    if (!code || code.length > 32) return void (await ctx.reply(ctx.t("events-checkin-usage")));
    try {
      await checkInByCode(ctx, code);
    } catch (error) {
      await explain(ctx, error);
    }
  });

  pm.callbackQuery(evtCb.pattern, async (ctx) => {
    const data = evtCb.unpack(ctx.callbackQuery.data);
    if (!data) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    const { events } = ctx.services;
    const notices = ctx.services.eventNotices;
    const args = data.args;
    const id = parseId(args[0]);
    try {
      switch (data.action) {
        case "l": {
          const page = parsePage(args[1]);
          if ((args[0] !== "0" && args[0] !== "1") || page === undefined) break;
          await ctx.answerCallbackQuery();
          const view = await renderList(ctx, { all: args[0] === "1", page });
          return void (await ctx.editMessageText(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } }));
        }
        case "o": {
          const page = parsePage(args[2]);
          if (id === undefined || (args[1] !== "0" && args[1] !== "1") || page === undefined) break;
          return void (await showCard(ctx, id, { edit: true, back: listData({ all: args[1] === "1", page }), answer: true }));
        }
        case "c":
          if (id === undefined) break;
          return void (await showCard(ctx, id, { edit: true, answer: true }));
        case "r": {
          if (id === undefined) break;
          if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-not-registered"), show_alert: true }));
          const { registration, created, placesTaken } = await events.register(ctx.member, id);
          if (created && registration.status === "REGISTERED") await notices.registered(id, registration.memberId, placesTaken);
          if (registration.status === "WAITLISTED") {
            const position = await events.waitlistPosition(ctx.member, id);
            await ctx.answerCallbackQuery({ text: ctx.t("events-waitlisted", { position: position ?? "?" }), show_alert: true });
          } else {
            await ctx.answerCallbackQuery({ text: ctx.t(created ? "events-registered" : "events-already-registered") });
          }
          await showCard(ctx, id, { edit: true });
          // The calendar file goes with a place, never with the waitlist (a promotion sends it then).
          if (created && registration.status === "REGISTERED") await sendCalendar(ctx, id);
          return;
        }
        case "ics": {
          if (id === undefined) break;
          // Refused (waitlist, cancelled registration) before the query is answered: one answer only.
          const { file, caption } = await calendarFile(ctx, id);
          await ctx.answerCallbackQuery();
          return void (await ctx.replyWithDocument(file, { caption }));
        }
        case "u": {
          if (id === undefined) break;
          const { promotedMemberId } = await events.cancelRegistration(ctx.member, id);
          if (promotedMemberId !== undefined) await notices.promoted(id, promotedMemberId);
          await ctx.answerCallbackQuery({ text: ctx.t("events-unregistered") });
          return void (await showCard(ctx, id, { edit: true }));
        }
        case "ed":
          if (id === undefined) break;
          if (!isStaff(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("events-staff-only"), show_alert: true }));
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: editFieldsKeyboard(ctx.t, id) }));
        case "ef": {
          const field = editFieldFromCode(args[1]);
          if (id === undefined || !field) break;
          if (!isStaff(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("events-staff-only"), show_alert: true }));
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, EVENT_EDIT, id, args[1]));
        }
        case "x":
          if (id === undefined) break;
          if (!isStaff(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("events-staff-only"), show_alert: true }));
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: cancelConfirmKeyboard(ctx.t, id) }));
        case "xy": {
          if (id === undefined) break;
          const { notify } = await events.cancel(ctx.member, id);
          await notices.cancelled(id, notify);
          await ctx.answerCallbackQuery({ text: ctx.t("events-cancelled-done", { count: notify.length }), show_alert: true });
          return void (await showCard(ctx, id, { edit: true }));
        }
        case "rec":
          if (id === undefined) break;
          if (!isStaff(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("events-staff-only"), show_alert: true }));
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, EVENT_RECORDING, id));
        case "rg": {
          if (id === undefined) break;
          const { event, registrants } = await events.registrants(ctx.member, id);
          await ctx.answerCallbackQuery();
          const lines = registrants.map((r, i) =>
            ctx.t("events-registrant-line", {
              n: i + 1,
              name: r.name ?? ctx.t("events-registrant-unknown"),
              username: r.username ? `@${r.username}` : "",
              status: ctx.t(`events-status-${r.status}`),
              attended: r.attendedAt ? "✅" : "",
            }),
          );
          const text = `${ctx.t("events-registrants-title", { title: truncate(event.title, 200), count: registrants.length })}\n\n${lines.length ? lines.slice(0, 100).join("\n") : ctx.t("events-registrants-none")}`;
          return void (await ctx.editMessageText(truncate(text, 4000), { reply_markup: new InlineKeyboard().text(ctx.t("events-back"), evtCb.pack("c", id)) }));
        }
        case "fa": {
          if (id === undefined) break;
          const summary = await events.feedbackSummary(ctx.member, id, { comments: 5 });
          await ctx.answerCallbackQuery();
          const head = summary.average === null ? ctx.t("events-feedback-none") : ctx.t("events-feedback-summary", { average: summary.average.toFixed(1), count: summary.count });
          const comments = summary.comments.map((c) => ctx.t("events-feedback-comment-line", { score: c.score, comment: truncate(c.comment, 300) }));
          const text = [head, ...comments].join("\n\n");
          return void (await ctx.editMessageText(text, { reply_markup: new InlineKeyboard().text(ctx.t("events-back"), evtCb.pack("c", id)) }));
        }
        case "ci": {
          if (id === undefined) break;
          const result = await events.checkIn(ctx.member, id);
          return void (await ctx.answerCallbackQuery({ text: ctx.t(result === "already" ? "events-checkin-already-short" : "events-checkin-done-short"), show_alert: true }));
        }
        case "fb": {
          const score = /^[1-5]$/.test(args[1] ?? "") ? Number(args[1]) : undefined;
          if (id === undefined || score === undefined) break;
          await events.feedback(ctx.member, id, score);
          await ctx.answerCallbackQuery({ text: ctx.t("events-feedback-thanks", { score }) });
          await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
          return void (await startConversation(ctx, EVENT_FEEDBACK, id, score));
        }
      }
    } catch (error) {
      return explain(ctx, error);
    }
    await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
  });
  return composer;
}

/** Deep link e_<id>: the card, as a new message. */
export async function openEventLink(ctx: BotContext, argument: string): Promise<void> {
  const id = parseId(argument);
  if (id === undefined) return void (await ctx.reply(ctx.t("events-not-found")));
  try {
    await showCard(ctx, id, { edit: false });
  } catch (error) {
    await explain(ctx, error);
  }
}
