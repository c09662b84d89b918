import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { MemberRole } from "../members/members.types.js";

export const menuCb = createCallbackCodec("menu", 1);

export const MENU_ITEMS = ["profile", "language", "privacy", "help"] as const;
export type MenuItem = (typeof MENU_ITEMS)[number] | "admin";

/** The main menu; later features add their entries here. */
export function mainMenuKeyboard(t: Translate, role: MemberRole): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(t("menu-profile"), menuCb.pack("profile"))
    .text(t("menu-language"), menuCb.pack("language"))
    .row()
    .text(t("menu-privacy"), menuCb.pack("privacy"))
    .text(t("menu-help"), menuCb.pack("help"));
  if (role === "ADMIN") kb.row().text(t("menu-admin"), menuCb.pack("admin"));
  return kb;
}
