import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { html, trusted } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import { groupButtonLabel } from "./groups.keyboards.js";
import type { GroupView } from "./groups.types.js";

/** The directory's order: groups of the member's own subjects first, then general ones, then the rest (each by title). */
export function directoryOrder(groups: readonly GroupView[], ownSubjects: readonly string[]): GroupView[] {
  const own = new Set(ownSubjects);
  const rank = (g: GroupView) => (g.subjects.some((s) => own.has(s)) ? 0 : g.isGeneral ? 1 : 2);
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i)
    .map(({ g }) => g);
}

/** /groups and the main menu's button: the linked groups, each with a Join button (the group's own join link). */
export async function showDirectory(ctx: BotContext): Promise<void> {
  const member = ctx.member;
  if (!member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const { groups, catalogue, profile } = ctx.services;
  const [linked, view, subjects] = await Promise.all([groups.linked(), profile.get(member.id), catalogue.subjects()]);
  const active = directoryOrder(
    linked.filter((g) => g.isActive),
    view?.subjectCodes ?? [],
  );
  if (active.length === 0) return void (await ctx.reply(ctx.t("groups-directory-empty")));
  const names = new Map(subjects.map((s) => [s.code, localName(s, ctx.locale)]));
  const keyboard = new InlineKeyboard();
  const lines = active.map((g) => {
    const about = g.isGeneral ? trusted(ctx.t("groups-directory-general")) : g.subjects.map((c) => names.get(c) ?? c).join(", ");
    // Button texts are plain text, not HTML: the title goes in as it is.
    if (g.inviteLink) keyboard.url(ctx.t("groups-directory-join-button", { title: trusted(groupButtonLabel(g)) }), g.inviteLink).row();
    return html`• <b>${g.title}</b> — ${about}`.value;
  });
  await ctx.reply(`${ctx.t("groups-directory-title")}\n\n${lines.join("\n")}`, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}

/** /groups in the private chat. */
export function groupsDirectoryFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").command("groups", showDirectory);
  return composer;
}
