import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { truncate } from "../../shared/html.js";
import { CERT_HOURS, CERT_SPEAKER } from "./certificates.conversation.js";
import { ATTENDEES_PAGE, backToPanel, crtCb, eventPanelKeyboard, HOUR_CHOICES } from "./certificates.keyboards.js";
import { hoursText } from "./certificates.render.js";

/** The panel's text and buttons: hours, check-ins, documents issued. */
async function panel(ctx: BotContext, eventId: number) {
  const { events, certificates } = ctx.services;
  // Staff only (the events service checks), and "not found" for an unknown id.
  const [{ event }, attendees, counts] = await Promise.all([
    events.registrants(ctx.member, eventId),
    events.attendeeIds(ctx.member, eventId),
    certificates.eventCounts(eventId),
  ]);
  const text = ctx.t("certificates-event-panel", {
    title: truncate(event.title, 200),
    hours: event.academicHours === null ? ctx.t("certificates-event-hours-none") : hoursText(ctx.t, event.academicHours),
    attendees: attendees.length,
    issued: counts.participation,
    speakers: counts.speaker,
  });
  const hint = ctx.t("certificates-event-hours-hint");
  return { text: `${text}\n\n${hint}`, reply_markup: eventPanelKeyboard(ctx.t, eventId, event.academicHours) };
}

async function showPanel(ctx: BotContext, eventId: number, answer?: { text: string; show_alert?: boolean }): Promise<void> {
  const view = await panel(ctx, eventId);
  await ctx.answerCallbackQuery(answer);
  await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
}

/** Who checked in, with names, in the order of the registrants list. */
async function checkedIn(ctx: BotContext, eventId: number) {
  const { registrants } = await ctx.services.events.registrants(ctx.member, eventId);
  return registrants.filter((r) => r.attendedAt).map((r) => ({ id: r.memberId, name: r.name ?? ctx.t("certificates-unknown-member", { id: r.memberId }) }));
}

/** An organiser's certificates of one event: academic hours, issuing, the speaker's certificate, annulling a check-in. */
export function certificatesEventFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.callbackQuery(
    crtCb.action("e"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      await showPanel(ctx, id);
    }),
  );

  pm.callbackQuery(
    crtCb.action("eh"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const hours = Number(args[1]);
      if (id === undefined || !(HOUR_CHOICES as readonly number[]).includes(hours)) return answerStale(ctx);
      await ctx.services.events.setAcademicHours(ctx.member, id, hours);
      await showPanel(ctx, id, { text: ctx.t("certificates-event-hours-set", { hours: hoursText(ctx.t, hours) }) });
    }),
  );

  pm.callbackQuery(
    crtCb.action("eht"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CERT_HOURS, id);
    }),
  );

  pm.callbackQuery(
    crtCb.action("ei"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const { attendees, issued } = await ctx.services.certificates.issueForEvent(ctx.member, id);
      const left = attendees - issued;
      const text = left > 0 ? ctx.t("certificates-event-issue-queued", { count: left }) : ctx.t("certificates-event-issue-all-done");
      await showPanel(ctx, id, { text, show_alert: true });
    }),
  );

  pm.callbackQuery(
    crtCb.action("es"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      ctx.services.events.requireOrganiser(ctx.member);
      await ctx.answerCallbackQuery();
      await startConversation(ctx, CERT_SPEAKER, id);
    }),
  );

  pm.callbackQuery(
    crtCb.action("esp"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const memberId = parseId(args[1]);
      if (id === undefined || memberId === undefined) return answerStale(ctx);
      const { created, document } = await ctx.services.certificates.issueSpeaker(ctx.member, id, memberId);
      const vars = { name: document.holderName ?? ctx.t("certificates-unknown-member", { id: memberId }), number: document.number };
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t(created ? "certificates-speaker-issued" : "certificates-speaker-already", vars), { reply_markup: backToPanel(ctx.t, id) });
    }),
  );

  pm.callbackQuery(
    crtCb.action("ea"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[1]);
      if (id === undefined || page === undefined) return answerStale(ctx);
      const list = await checkedIn(ctx, id);
      await ctx.answerCallbackQuery();
      const kb = new InlineKeyboard();
      for (const a of list.slice(page * ATTENDEES_PAGE, (page + 1) * ATTENDEES_PAGE)) kb.text(truncate(a.name, 60), crtCb.pack("eax", id, a.id)).row();
      if (page > 0) kb.text(ctx.t("certificates-prev"), crtCb.pack("ea", id, page - 1));
      if ((page + 1) * ATTENDEES_PAGE < list.length) kb.text(ctx.t("certificates-next"), crtCb.pack("ea", id, page + 1));
      kb.row().text(ctx.t("certificates-back"), crtCb.pack("e", id));
      await ctx.editMessageText(list.length ? ctx.t("certificates-annul-title", { count: list.length }) : ctx.t("certificates-annul-none"), { reply_markup: kb });
    }),
  );

  pm.callbackQuery(
    crtCb.action("eax"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const memberId = parseId(args[1]);
      if (id === undefined || memberId === undefined) return answerStale(ctx);
      const who = (await checkedIn(ctx, id)).find((a) => a.id === memberId);
      if (!who) return void (await ctx.answerCallbackQuery({ text: ctx.t("events-checkin-annul-none"), show_alert: true }));
      await ctx.answerCallbackQuery();
      const kb = new InlineKeyboard()
        .text(ctx.t("certificates-annul-yes"), crtCb.pack("eay", id, memberId))
        .row()
        .text(ctx.t("certificates-back"), crtCb.pack("ea", id, 0));
      await ctx.editMessageText(ctx.t("certificates-annul-confirm", { name: who.name }), { reply_markup: kb });
    }),
  );

  pm.callbackQuery(
    crtCb.action("eay"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const memberId = parseId(args[1]);
      if (id === undefined || memberId === undefined) return answerStale(ctx);
      const who = (await checkedIn(ctx, id)).find((a) => a.id === memberId);
      // A second tap finds no check-in: events-checkin-annul-none, through the error boundary.
      await ctx.services.events.annulCheckIn(ctx.member, id, memberId);
      await showPanel(ctx, id, { text: ctx.t("certificates-annul-done", { name: who?.name ?? ctx.t("certificates-unknown-member", { id: memberId }) }) });
    }),
  );

  return composer;
}
