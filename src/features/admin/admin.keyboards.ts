import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { MemberSearchHit } from "../members/members.repository.js";
import { MEMBER_ROLES, type MemberRole } from "../members/members.types.js";
import { groupBanButton } from "../groups/groups.moderation.keyboards.js";

export const adminCb = createCallbackCodec("adm", 1);

const ROLE_CODES: Record<MemberRole, string> = { MEMBER: "M", MODERATOR: "D", ADMIN: "A" };
export function roleCode(role: MemberRole): string {
  return ROLE_CODES[role];
}
export function roleFromCode(code: string | undefined): MemberRole | undefined {
  return MEMBER_ROLES.find((r) => ROLE_CODES[r] === code);
}

export function adminMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("admin-find-button"), adminCb.pack("find")).row().text(t("admin-audit-button"), adminCb.pack("audit", 0));
}

export function displayName(t: Translate, hit: Pick<MemberSearchHit, "fullName" | "username" | "id">): string {
  return hit.fullName ?? (hit.username ? `@${hit.username}` : t("admin-member-no-name", { id: String(hit.id) }));
}

export function searchResultsKeyboard(t: Translate, hits: MemberSearchHit[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const hit of hits) {
    // Button texts are plain text (no HTML parsing), and at most 64 characters are useful.
    const label = `${displayName(t, hit)} · ${t(`member-role-${hit.role}`)}`.slice(0, 64);
    kb.text(label, adminCb.pack("card", hit.id)).row();
  }
  return kb.text(t("admin-find-again"), adminCb.pack("find"));
}

/** `roles`: the roles the admin may give this member (AdminService.roleChoices). */
export function memberCardKeyboard(t: Translate, hit: MemberSearchHit, roles: readonly MemberRole[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const role of MEMBER_ROLES) {
    if (role === hit.role || !roles.includes(role)) continue;
    kb.text(t(`admin-make-${role}`), adminCb.pack("rc", hit.id, roleCode(hit.role), roleCode(role))).row();
  }
  // The community's ban list (the groups slice's screen).
  if (hit.telegramId !== null) {
    const ban = groupBanButton(t, hit.id);
    kb.text(ban.text, ban.data).row();
  }
  return kb.text(t("admin-back-to-menu"), adminCb.pack("menu"));
}

export function confirmRoleKeyboard(t: Translate, hit: MemberSearchHit, to: MemberRole): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("admin-confirm-yes"), adminCb.pack("ry", hit.id, roleCode(hit.role), roleCode(to)))
    .text(t("admin-confirm-no"), adminCb.pack("card", hit.id));
}

export function auditKeyboard(t: Translate, page: number, pages: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (page > 0) kb.text("◀️", adminCb.pack("audit", page - 1));
  if (pages > 1) kb.text(`${page + 1}/${pages}`, adminCb.pack("audit", page));
  if (page < pages - 1) kb.text("▶️", adminCb.pack("audit", page + 1));
  return kb.row().text(t("admin-back-to-menu"), adminCb.pack("menu"));
}
