import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { MenuButton } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { isStaffRole, type MemberRole } from "../members/members.types.js";

export const menuCb = createCallbackCodec("menu", 1);

/** The main menu; later features add their entries here. */
export function mainMenuKeyboard(
  t: Translate,
  role: MemberRole,
  options: { broadcasts?: boolean; /** Buttons the slices add (their `menuButtons`), two to a row. */ extra?: readonly MenuButton[] } = {},
): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(t("menu-library"), menuCb.pack("library"))
    .text(t("menu-upload"), menuCb.pack("upload"))
    .row()
    .text(t("menu-mymaterials"), menuCb.pack("mymaterials"))
    .text(t("menu-search"), menuCb.pack("search"))
    .row()
    .text(t("menu-events"), menuCb.pack("events"))
    .text(t("menu-myevents"), menuCb.pack("myevents"))
    .row()
    .text(t("digests-menu-button"), menuCb.pack("subscriptions"))
    .row()
    .text(t("menu-profile"), menuCb.pack("profile"))
    .text(t("menu-language"), menuCb.pack("language"))
    .row()
    .text(t("menu-privacy"), menuCb.pack("privacy"))
    .text(t("menu-help"), menuCb.pack("help"));
  const extra = (options.extra ?? []).filter((b) => !b.roles || b.roles.includes(role));
  extra.forEach((b, i) => (i % 2 === 0 ? kb.row() : kb).text(t(b.label), menuCb.pack(b.action)));
  if (isStaffRole(role)) kb.row().text(t("menu-moderate"), menuCb.pack("moderate")).text(t("menu-newevent"), menuCb.pack("newevent"));
  if (role === "ADMIN") kb.text(t("menu-admin"), menuCb.pack("admin"));
  // Admins always; moderators while an admin allows them broadcasts (/settings).
  if (role === "ADMIN" || options.broadcasts) kb.row().text(t("menu-broadcast"), menuCb.pack("broadcast")).text(t("menu-broadcasts"), menuCb.pack("broadcasts"));
  if (role === "ADMIN") kb.text(t("menu-settings"), menuCb.pack("settings"));
  return kb;
}
