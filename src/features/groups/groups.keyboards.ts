import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { GroupJoinPolicy } from "../../generated/prisma/enums.js";
import { localName, type CatalogueItem } from "../catalogue/catalogue.service.js";
import type { GroupView } from "./groups.types.js";

/**
 * Buttons of /link in a group, editing its message in place. The choice so far
 * travels in the data as a bit mask (base 36: bit 0 "general", bit i+1 the
 * i-th subject of the catalogue), so nothing is stored until Done:
 * `t:<mask>:<g|i>` toggles one, `d:<mask>` links, `c` cancels.
 */
export const linkCb = createCallbackCodec("glink", 1);

/**
 * Buttons of /groupsettings (private chat of a community admin), editing in place:
 * `l` the list, `o:<id>` a group's screen, `s:<id>` its statistics, and the changes
 * `p:<id>:<r|a|m>` join policy, `g:<id>:<ru|en>` language, `n:<id>:<hours>` newcomer period,
 * `f:<id>:<messages>:<seconds>` antiflood, `m:<id>:<minutes>` mute, `b:<id>:<w|am|ae>:<0|1>` switches.
 */
export const settingsCb = createCallbackCodec("gset", 1);

// ---------------------------------------------------------------------------
// /link: the subject mask

/** The choice of /link: general, or some subjects. */
export interface SubjectChoice {
  general: boolean;
  codes: Set<string>;
}

export function encodeChoice(subjects: readonly CatalogueItem[], choice: SubjectChoice): string {
  let mask = choice.general ? 1n : 0n;
  subjects.forEach((s, i) => {
    if (choice.codes.has(s.code)) mask |= 1n << BigInt(i + 1);
  });
  return mask.toString(36);
}

/** Undefined for forged data (not base 36, or bits beyond the catalogue). */
export function decodeChoice(subjects: readonly CatalogueItem[], raw: string | undefined): SubjectChoice | undefined {
  if (!raw || !/^[0-9a-z]{1,12}$/.test(raw)) return undefined;
  let mask = 0n;
  for (const ch of raw) mask = mask * 36n + BigInt(parseInt(ch, 36));
  if (mask >> BigInt(subjects.length + 1) !== 0n) return undefined;
  return { general: (mask & 1n) === 1n, codes: new Set(subjects.filter((_, i) => (mask >> BigInt(i + 1)) & 1n).map((s) => s.code)) };
}

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);

/** The subjects (two to a row), "General", Done and Cancel. */
export function linkKeyboard(t: Translate, locale: string, subjects: readonly CatalogueItem[], choice: SubjectChoice): InlineKeyboard {
  const kb = new InlineKeyboard();
  const mask = encodeChoice(subjects, choice);
  subjects.forEach((s, i) => {
    kb.text(mark(choice.codes.has(s.code), localName(s, locale)), linkCb.pack("t", mask, i));
    if (i % 2 === 1) kb.row();
  });
  return kb
    .row()
    .text(mark(choice.general, t("groups-link-general-button")), linkCb.pack("t", mask, "g"))
    .row()
    .text(t("groups-link-done-button"), linkCb.pack("d", mask))
    .text(t("groups-link-cancel-button"), linkCb.pack("c"));
}

// ---------------------------------------------------------------------------
// /groupsettings

export const JOIN_POLICY_CODES: Record<GroupJoinPolicy, string> = { REGISTERED: "r", ANYONE: "a", MANUAL: "m" };
export const GROUP_LOCALES = ["ru", "en"] as const;
export const NEWCOMER_HOURS = [0, 6, 24, 48, 72] as const;
/** Antiflood presets: at most `messages` in `seconds`. */
export const FLOOD_PRESETS = [
  [3, 10],
  [5, 10],
  [10, 30],
  [20, 60],
] as const;
export const MUTE_MINUTES = [10, 60, 360, 1440] as const;
/** The on/off switches by code. */
export const SWITCHES = { w: "welcome", am: "announceMaterials", ae: "announceEvents" } as const;
export type SwitchCode = keyof typeof SWITCHES;

export function joinPolicyFromCode(code: string | undefined): GroupJoinPolicy | undefined {
  return (Object.keys(JOIN_POLICY_CODES) as GroupJoinPolicy[]).find((p) => JOIN_POLICY_CODES[p] === code);
}

/** Button text of a group (titles are plain text in buttons; long ones are cut). */
export function groupButtonLabel(group: Pick<GroupView, "title" | "isActive">): string {
  const title = Array.from(group.title || "—");
  const short = title.length > 40 ? `${title.slice(0, 39).join("")}…` : title.join("");
  return group.isActive ? short : `💤 ${short}`;
}

/** The linked groups, one button each, and the startgroup link to add the bot to another. */
export function settingsListKeyboard(t: Translate, groups: readonly GroupView[], addLink: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const g of groups) kb.text(groupButtonLabel(g), settingsCb.pack("o", g.id)).row();
  return kb.url(t("groups-settings-add-button"), addLink);
}

/** One group's settings, the current value of each marked ✅. */
export function settingsKeyboard(t: Translate, g: GroupView): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const policy of Object.keys(JOIN_POLICY_CODES) as GroupJoinPolicy[]) {
    kb.text(mark(g.joinPolicy === policy, t(`groups-policy-${JOIN_POLICY_CODES[policy]}-button`)), settingsCb.pack("p", g.id, JOIN_POLICY_CODES[policy]));
  }
  kb.row();
  for (const locale of GROUP_LOCALES) kb.text(mark(g.locale === locale, t(`groups-locale-${locale}-button`)), settingsCb.pack("g", g.id, locale));
  kb.row();
  for (const hours of NEWCOMER_HOURS) kb.text(mark(g.newcomerHours === hours, t("groups-hours-button", { hours })), settingsCb.pack("n", g.id, hours));
  kb.row();
  for (const [messages, seconds] of FLOOD_PRESETS) {
    const on = g.flood.messages === messages && g.flood.seconds === seconds;
    kb.text(mark(on, t("groups-flood-button", { messages, seconds })), settingsCb.pack("f", g.id, messages, seconds));
  }
  kb.row();
  for (const minutes of MUTE_MINUTES) kb.text(mark(g.flood.muteMinutes === minutes, t("groups-mute-button", { minutes })), settingsCb.pack("m", g.id, minutes));
  kb.row();
  for (const [code, field] of Object.entries(SWITCHES) as [SwitchCode, (typeof SWITCHES)[SwitchCode]][]) {
    const on = g[field];
    kb.text(`${on ? "✅" : "⬜️"} ${t(`groups-switch-${code}-button`)}`, settingsCb.pack("b", g.id, code, on ? 0 : 1));
  }
  return kb.row().text(t("groups-stats-button"), settingsCb.pack("s", g.id)).text(t("groups-back-button"), settingsCb.pack("l"));
}

export function backToGroupKeyboard(t: Translate, groupId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("groups-back-button"), settingsCb.pack("o", groupId));
}
