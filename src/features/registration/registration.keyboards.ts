import { InlineKeyboard } from "grammy";
import { stepCb, withNavigation } from "../../bot/questionnaire.js";
import type { Translate } from "../../bot/i18n.js";

export function consentKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("consent-agree"), stepCb.pack("agree")).row().text(t("consent-refuse"), stepCb.pack("refuse"));
}

export function confirmKeyboard(t: Translate): InlineKeyboard {
  return withNavigation(new InlineKeyboard().text(t("registration-confirm"), stepCb.pack("confirm")), t, { back: true });
}
