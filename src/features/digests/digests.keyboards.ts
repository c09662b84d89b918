import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { localName, type CatalogueItem } from "../catalogue/catalogue.service.js";
import type { DigestSettings } from "./digests.service.js";
import type { DigestFrequency } from "./digests.time.js";

/**
 * Buttons of /subscriptions, all editing its message in place:
 * `m` the settings, `f:<w|d|o>` a frequency, `s`/`g` the subject/grade lists,
 * `st:<code>`/`gt:<code>` toggle one, `sp`/`gp` back to "as in my profile".
 */
export const digCb = createCallbackCodec("dig", 1);

const FREQUENCY_CODES: Record<DigestFrequency, string> = { WEEKLY: "w", DAILY: "d", OFF: "o" };
const FREQUENCIES = Object.keys(FREQUENCY_CODES) as DigestFrequency[];

export function frequencyFromCode(code: string | undefined): DigestFrequency | undefined {
  return FREQUENCIES.find((f) => FREQUENCY_CODES[f] === code);
}

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);

export function settingsKeyboard(t: Translate, s: DigestSettings): InlineKeyboard {
  return new InlineKeyboard()
    .text(mark(s.frequency === "WEEKLY", t("digests-weekly-button")), digCb.pack("f", FREQUENCY_CODES.WEEKLY))
    .text(mark(s.frequency === "DAILY", t("digests-daily-button")), digCb.pack("f", FREQUENCY_CODES.DAILY))
    .text(mark(s.frequency === "OFF", t("digests-off-button")), digCb.pack("f", FREQUENCY_CODES.OFF))
    .row()
    .text(t("digests-subjects-button"), digCb.pack("s"))
    .text(t("digests-grades-button"), digCb.pack("g"));
}

/** A multi-select of catalogue items (subjects or grades) with "as in my profile" and back. */
function choiceKeyboard(
  t: Translate,
  locale: string,
  items: CatalogueItem[],
  chosen: readonly string[],
  followsProfile: boolean,
  actions: { toggle: string; profile: string },
  perRow: number,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  const selected = new Set(chosen);
  items.forEach((item, i) => {
    kb.text(mark(selected.has(item.code), localName(item, locale)), digCb.pack(actions.toggle, item.code));
    if (i % perRow === perRow - 1) kb.row();
  });
  return kb
    .row()
    .text(mark(followsProfile, t("digests-profile-button")), digCb.pack(actions.profile))
    .text(t("digests-back-button"), digCb.pack("m"));
}

export function subjectsKeyboard(t: Translate, locale: string, subjects: CatalogueItem[], s: DigestSettings): InlineKeyboard {
  return choiceKeyboard(t, locale, subjects, s.subjectCodes, s.followsProfileSubjects, { toggle: "st", profile: "sp" }, 2);
}

export function gradesKeyboard(t: Translate, locale: string, grades: CatalogueItem[], s: DigestSettings): InlineKeyboard {
  return choiceKeyboard(t, locale, grades, s.gradeCodes, s.followsProfileGrades, { toggle: "gt", profile: "gp" }, 3);
}
