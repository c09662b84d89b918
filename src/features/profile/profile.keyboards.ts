import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { stepCb, withNavigation } from "../../bot/questionnaire.js";
import { utcOffsetLabel } from "../../shared/time.js";
import { localName, type RegionItem } from "../catalogue/catalogue.service.js";
import { PROFILE_FIELDS, type ProfileField } from "../members/members.types.js";

export const profileCb = createCallbackCodec("prof", 1);

/** Short codes keep callback data small and stable when field names change. */
export const FIELD_CODES: Record<ProfileField, string> = {
  fullName: "n",
  professionalRole: "r",
  subjectCodes: "s",
  gradeCodes: "g",
  regionCode: "rg",
  city: "c",
  organisation: "o",
  experienceYears: "x",
  timezone: "tz",
};

export function fieldFromCode(code: string | undefined): ProfileField | undefined {
  return PROFILE_FIELDS.find((f) => FIELD_CODES[f] === code);
}

export function profileKeyboard(t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  PROFILE_FIELDS.forEach((field, i) => {
    kb.text(t(`profile-edit-${field}`), profileCb.pack("edit", FIELD_CODES[field]));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export const REGIONS_PER_PAGE = 16;

export function regionKeyboard(t: Translate, locale: string, regions: RegionItem[], page: number, opts: { back: boolean; paged: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard();
  const pages = Math.max(1, Math.ceil(regions.length / REGIONS_PER_PAGE));
  const slice = opts.paged ? regions.slice(page * REGIONS_PER_PAGE, (page + 1) * REGIONS_PER_PAGE) : regions;
  slice.forEach((region, i) => {
    kb.text(localName(region, locale), stepCb.pack("pick", region.code));
    if (i % 2 === 1) kb.row();
  });
  if (opts.paged && pages > 1) {
    kb.row();
    kb.text(page > 0 ? "◀️" : " ", stepCb.pack("page", page > 0 ? page - 1 : page));
    kb.text(`${page + 1}/${pages}`, stepCb.pack("page", page));
    kb.text(page < pages - 1 ? "▶️" : " ", stepCb.pack("page", page < pages - 1 ? page + 1 : page));
  } else if (!opts.paged) {
    kb.row().text(t("region-show-all"), stepCb.pack("page", 0));
  }
  return withNavigation(kb, t, opts);
}

export function timezoneKeyboard(t: Translate, suggested: string, zones: readonly string[], opts: { back: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard().text(t("timezone-keep", { zone: suggested }), stepCb.pack("tz", "keep")).row();
  zones.forEach((zone, i) => {
    kb.text(`${utcOffsetLabel(zone)} ${t(`tz-${zone.replace("/", "-").toLowerCase()}`)}`, stepCb.pack("tz", i));
    if (i % 2 === 1) kb.row();
  });
  return withNavigation(kb, t, opts);
}

export function languageKeyboard(t: Translate, opts: { back: boolean }): InlineKeyboard {
  return withNavigation(new InlineKeyboard().text(t("language-name-ru"), stepCb.pack("lang", "ru")).text(t("language-name-en"), stepCb.pack("lang", "en")), t, opts);
}
