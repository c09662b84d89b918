import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { evtCb } from "../events/events.keyboards.js";
import type { DocumentView } from "./certificates.types.js";

/**
 * Certificates' buttons. The member's own: `l:<page>` the list, `d:<id>:<page>`
 * a card, `f:<id>` the PDF, `cs` / `cy` / `cn` the name consent (screen, agree,
 * withdraw), `ps` / `po:<0|1>` the public portfolio, `pf` the portfolio PDF.
 * Admins on /verify: `rr:<code>` / `rry:<code>` reissue (ask, confirm), `rv:<code>` revoke.
 * Organisers on an event: `e:<event>` the panel, `eh:<event>:<hours>`,
 * `eht:<event>` typed hours, `ei:<event>` issue, `es:<event>` speaker search,
 * `esp:<event>:<member>` a found speaker, `ea:<event>:<page>` check-ins,
 * `eax:<event>:<member>` confirm, `eay:<event>:<member>` annul.
 */
export const crtCb = createCallbackCodec("crt", 1);

/** Documents per page of /certificates. */
export const PAGE_SIZE = 8;
/** Check-ins per page of the annulment list. */
export const ATTENDEES_PAGE = 10;
/** The hours an organiser picks with one tap. */
export const HOUR_CHOICES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 36] as const;

/** A verification code as it may travel in callback data (normalised, base32). */
export function codeArg(raw: string | undefined): string | undefined {
  return raw !== undefined && /^[A-Z2-7]{10,12}$/.test(raw) ? raw : undefined;
}

export function listKeyboard(
  t: Translate,
  items: readonly DocumentView[],
  state: { page: number; total: number; nameConsent: boolean; publicOn: boolean; publicAvailable: boolean },
): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((d, i) => {
    kb.text(t("certificates-list-button", { n: state.page * PAGE_SIZE + i + 1, number: d.number }), crtCb.pack("d", d.id, state.page));
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  if (state.page > 0) kb.text(t("certificates-prev"), crtCb.pack("l", state.page - 1));
  if ((state.page + 1) * PAGE_SIZE < state.total) kb.text(t("certificates-next"), crtCb.pack("l", state.page + 1));
  kb.row();
  kb.text(t(state.nameConsent ? "certificates-consent-button-on" : "certificates-consent-button-off"), crtCb.pack("cs")).row();
  if (state.publicAvailable) kb.text(t(state.publicOn ? "certificates-public-button-on" : "certificates-public-button-off"), crtCb.pack("ps")).row();
  kb.text(t("certificates-portfolio-button"), crtCb.pack("pf"));
  return kb;
}

export function cardKeyboard(t: Translate, doc: DocumentView, page: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!doc.holderErasedAt) kb.text(t("certificates-download"), crtCb.pack("f", doc.id)).row();
  return kb.text(t("certificates-back"), crtCb.pack("l", page));
}

export function consentKeyboard(t: Translate, given: boolean): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(given ? "certificates-consent-withdraw" : "certificates-consent-agree"), crtCb.pack(given ? "cn" : "cy"))
    .row()
    .text(t("certificates-back"), crtCb.pack("l", 0));
}

export function publicKeyboard(t: Translate, on: boolean): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(on ? "certificates-public-disable" : "certificates-public-enable"), crtCb.pack("po", on ? 0 : 1))
    .row()
    .text(t("certificates-back"), crtCb.pack("l", 0));
}

/** An admin's buttons under a verified document (none once it is revoked). */
export function adminVerifyKeyboard(t: Translate, code: string): InlineKeyboard {
  return new InlineKeyboard().text(t("certificates-admin-reissue"), crtCb.pack("rr", code)).text(t("certificates-admin-revoke"), crtCb.pack("rv", code));
}

export function reissueConfirmKeyboard(t: Translate, code: string): InlineKeyboard {
  return new InlineKeyboard().text(t("certificates-reissue-yes"), crtCb.pack("rry", code)).row().text(t("certificates-back"), crtCb.pack("vv", code));
}

export function eventPanelKeyboard(t: Translate, eventId: number, hours: number | null): InlineKeyboard {
  const kb = new InlineKeyboard();
  HOUR_CHOICES.forEach((h, i) => {
    kb.text(h === hours ? `· ${h} ·` : String(h), crtCb.pack("eh", eventId, h));
    if (i % 5 === 4) kb.row();
  });
  kb.text(t("certificates-event-hours-other"), crtCb.pack("eht", eventId)).row();
  kb.text(t("certificates-event-issue"), crtCb.pack("ei", eventId)).row();
  kb.text(t("certificates-event-speaker"), crtCb.pack("es", eventId)).row();
  kb.text(t("certificates-event-annul"), crtCb.pack("ea", eventId, 0)).row();
  return kb.text(t("certificates-back"), evtCb.pack("c", eventId));
}

export function backToPanel(t: Translate, eventId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("certificates-event-open"), crtCb.pack("e", eventId));
}
