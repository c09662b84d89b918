import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { trusted } from "../../shared/html.js";

/** Moderators' buttons on a manual join request: `gj1:ok:<request>`, `gj1:no:<request>`; `gj1:x:<request>` once decided (answers only). */
export const gateCb = createCallbackCodec("gj", 1);

/** The deep link that registers a requester and then lets them in (`start=join_<group>`). */
export const joinLink = (botUsername: string, groupId: number): string => `https://t.me/${botUsername}?start=join_${groupId}`;

/** Approve / Decline under a moderator's notice. */
export function manualRequestKeyboard(t: Translate, requestId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("groups-gate-approve"), gateCb.pack("ok", requestId)).text(t("groups-gate-decline"), gateCb.pack("no", requestId));
}

/** What replaces the buttons once a moderator decided (every moderator's copy shows who). */
export function decidedKeyboard(t: Translate, requestId: number, outcome: "APPROVED" | "DECLINED", decider: string | null): InlineKeyboard {
  const approved = outcome === "APPROVED";
  // Button labels are plain text, not HTML: the name goes in as it is (trusted = not escaped); long names are cut.
  const name = decider ? trusted(decider.slice(0, 40)) : undefined;
  const label = name
    ? t(approved ? "groups-gate-decided-approved" : "groups-gate-decided-declined", { name })
    : t(approved ? "groups-gate-decided-approved-auto" : "groups-gate-decided-declined-auto");
  return new InlineKeyboard().text(label, gateCb.pack("x", requestId));
}

/** The registration link for a requester who is not (yet) a registered member. */
export function registerKeyboard(t: Translate, botUsername: string, groupId: number): InlineKeyboard {
  return new InlineKeyboard().url(t("groups-gate-register-button"), joinLink(botUsername, groupId));
}

/** A link that opens the group, when there is one (public username or the bot's join link). */
export function openGroupKeyboard(t: Translate, group: { username: string | null; inviteLink: string | null }): InlineKeyboard | undefined {
  const url = group.username ? `https://t.me/${group.username}` : group.inviteLink;
  return url ? new InlineKeyboard().url(t("groups-gate-open-group"), url) : undefined;
}
