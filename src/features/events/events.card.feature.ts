import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId } from "../../bot/callback-data.js";
import { truncate } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { cardKeyboard, evtCb } from "./events.keyboards.js";
import { calendarCaption, eventsIcsDomain } from "./events.jobs.js";
import { placesText, viewerZone } from "./events.render.js";
import { isStaff } from "../members/members.types.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import type { EventCard } from "./events.types.js";

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
  const staff = isStaff(ctx.member);
  const extra = staff ? await ctx.services.eventStaffButtons.of(card, ctx.t) : [];
  const reply_markup = cardKeyboard(ctx.t, card, { staff, back: options.back, extra });
  const other = { reply_markup, link_preview_options: { is_disabled: true } };
  if (options.edit && ctx.callbackQuery?.message) await ctx.editMessageText(text, other);
  else await ctx.reply(text, other);
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

/** Deep link e_<id>: the card, as a new message. */
export async function openEventLink(ctx: BotContext, argument: string): Promise<void> {
  const id = parseId(argument);
  if (id === undefined) return void (await ctx.reply(ctx.t("events-not-found")));
  await showCard(ctx, id, { edit: false });
}

/** A card's own buttons: refresh, register (or join the waitlist), the calendar file, cancel the registration. */
export function eventCardFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.callbackQuery(
    evtCb.action("c"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await showCard(ctx, id, { edit: true, answer: true });
    }),
  );

  pm.callbackQuery(
    evtCb.action("r"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const { events } = ctx.services;
      const { registration, created } = await events.register(ctx.member, id);
      if (registration.status === "WAITLISTED") {
        const position = await events.waitlistPosition(ctx.member, id);
        await ctx.answerCallbackQuery({ text: ctx.t("events-waitlisted", { position: position ?? "?" }), show_alert: true });
      } else {
        await ctx.answerCallbackQuery({ text: ctx.t(created ? "events-registered" : "events-already-registered") });
      }
      await showCard(ctx, id, { edit: true });
      // The calendar file goes with a place, never with the waitlist (a promotion sends it then).
      if (created && registration.status === "REGISTERED") await sendCalendar(ctx, id);
    }),
  );

  pm.callbackQuery(
    evtCb.action("ics"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      // Refused (waitlist, cancelled registration) before the query is answered: one answer only.
      const { file, caption } = await calendarFile(ctx, id);
      await ctx.answerCallbackQuery();
      await ctx.replyWithDocument(file, { caption });
    }),
  );

  pm.callbackQuery(
    evtCb.action("u"),
    evtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await ctx.services.events.cancelRegistration(ctx.member, id);
      await ctx.answerCallbackQuery({ text: ctx.t("events-unregistered") });
      await showCard(ctx, id, { edit: true });
    }),
  );

  return composer;
}
