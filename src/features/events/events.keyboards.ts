import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { EventStaffButton } from "./events.card-buttons.js";
import { EVENT_KINDS, type EventCard, type EventKind } from "./events.types.js";

/**
 * Lists, cards, registration, staff actions, check-in (`ci`, also in the
 * "starting now" reminder) and feedback scores (`fb`, in the feedback request).
 */
export const evtCb = createCallbackCodec("evt", 1);

/** Kinds travel in callback data as their index in EVENT_KINDS. */
export function kindFromCode(code: string | undefined): EventKind | undefined {
  if (code === undefined || !/^\d{1,2}$/.test(code)) return undefined;
  return EVENT_KINDS[Number(code)];
}

/** Fields an organiser edits one at a time after creating the event. */
export const EDIT_FIELDS = ["title", "kind", "description", "subjects", "start", "duration", "link", "capacity", "deadline", "speakers", "reminders"] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
/** Codes in callback data; the first four predate the others and keep their meaning. */
const FIELD_CODES: Record<EditField, string> = {
  start: "s",
  duration: "d",
  link: "l",
  capacity: "c",
  title: "t",
  kind: "k",
  description: "ds",
  subjects: "sb",
  deadline: "dl",
  speakers: "sp",
  reminders: "rm",
};
export function editFieldCode(f: EditField): string {
  return FIELD_CODES[f];
}
export function editFieldFromCode(code: string | undefined): EditField | undefined {
  return EDIT_FIELDS.find((f) => FIELD_CODES[f] === code);
}

/** A list's position: all events or only the member's subjects, and the page. */
export interface ListState {
  all: boolean;
  page: number;
}
export function listData(s: ListState): string {
  return evtCb.pack("l", s.all ? 1 : 0, s.page);
}

/** Buttons under an event card. `back` is the callback data of the list it came from; `extra` are other slices' staff buttons. */
export function cardKeyboard(t: Translate, card: EventCard, opts: { staff: boolean; back?: string; extra?: readonly EventStaffButton[] }): InlineKeyboard {
  const { event, mine, started, ended } = card;
  const kb = new InlineKeyboard();
  const scheduled = event.status === "SCHEDULED";
  const active = mine?.status === "REGISTERED" || mine?.status === "WAITLISTED";
  if (scheduled && !started) {
    if (active) kb.text(t("events-unregister"), evtCb.pack("u", event.id));
    else kb.text(t(card.placesLeft === 0 ? "events-join-waitlist" : "events-register"), evtCb.pack("r", event.id));
    kb.row();
  }
  // The calendar file is for those with a place (never the waitlist), as long as the event is ahead or running.
  if (scheduled && mine?.status === "REGISTERED" && !ended) kb.text(t("events-ics-button"), evtCb.pack("ics", event.id)).row();
  if (opts.staff) {
    // An event that is over can no longer be edited or cancelled; its recording comes after it.
    if (scheduled && !ended) kb.text(t("events-edit"), evtCb.pack("ed", event.id)).text(t("events-cancel-event"), evtCb.pack("x", event.id)).row();
    if (scheduled) kb.text(t("events-add-recording"), evtCb.pack("rec", event.id)).row();
    kb.text(t("events-registrants"), evtCb.pack("rg", event.id)).text(t("events-feedback-average"), evtCb.pack("fa", event.id)).row();
    for (const b of opts.extra ?? []) kb.text(b.text, b.data).row();
  }
  if (opts.back) kb.text(t("events-back"), opts.back);
  else kb.text(t("events-refresh"), evtCb.pack("c", event.id));
  return kb;
}

export function editFieldsKeyboard(t: Translate, id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  EDIT_FIELDS.forEach((f, i) => {
    kb.text(t(`events-field-${f}`), evtCb.pack("ef", id, editFieldCode(f)));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t("events-back"), evtCb.pack("c", id));
}

export function cancelConfirmKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard().text(t("events-cancel-yes"), evtCb.pack("xy", id)).text(t("events-back"), evtCb.pack("c", id));
}

export function feedbackKeyboard(id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (let v = 1; v <= 5; v++) kb.text(`${v}⭐`, evtCb.pack("fb", id, v));
  return kb;
}

export function checkinKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard().text(t("events-checkin-button"), evtCb.pack("ci", id));
}
