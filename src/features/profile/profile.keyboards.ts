import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
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
