import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";

/** Report notices' buttons: `gmr1:<decision>:<reportId>`. */
export const reportCb = createCallbackCodec("gmr", 1);
/** The ban screen of /admin's member card: `gmb1:<card|ban|unban>:<memberId>`. */
export const banCb = createCallbackCodec("gmb", 1);

export const REPORT_DECISIONS = ["del", "warn", "mute", "ban", "dis"] as const;
export type ReportDecision = (typeof REPORT_DECISIONS)[number];

export const isReportDecision = (value: string | undefined): value is ReportDecision => (REPORT_DECISIONS as readonly string[]).includes(value ?? "");

export function reportKeyboard(t: Translate, reportId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("groups-report-button-del"), reportCb.pack("del", reportId))
    .text(t("groups-report-button-warn"), reportCb.pack("warn", reportId))
    .row()
    .text(t("groups-report-button-mute"), reportCb.pack("mute", reportId))
    .text(t("groups-report-button-ban"), reportCb.pack("ban", reportId))
    .row()
    .text(t("groups-report-button-dis"), reportCb.pack("dis", reportId));
}

/** The button /admin's member card shows (src/features/admin/admin.keyboards.ts). */
export function groupBanButton(t: Translate, memberId: number): { text: string; data: string } {
  return { text: t("groups-ban-card-button"), data: banCb.pack("card", memberId) };
}

export function banCardKeyboard(t: Translate, memberId: number, banned: boolean, backData: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(banned ? "groups-ban-card-unban" : "groups-ban-card-ban"), banCb.pack(banned ? "unban" : "ban", memberId))
    .row()
    .text(t("groups-ban-card-back"), backData);
}
