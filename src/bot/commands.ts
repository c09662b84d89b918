import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { MemberRole } from "../features/members/members.types.js";
import type { Translator } from "./i18n.js";

/** Commands per role; each role also has the commands of the roles before it. */
export const COMMANDS: Record<MemberRole, readonly string[]> = {
  MEMBER: ["start", "menu", "library", "search", "upload", "mymaterials", "events", "myevents", "checkin", "subscriptions", "profile", "language", "help", "privacy", "mydata", "forgetme", "cancel"],
  MODERATOR: ["moderate", "newevent"],
  ADMIN: ["admin", "broadcast", "broadcasts", "settings", "audit"],
};

const ROLE_ORDER: MemberRole[] = ["MEMBER", "MODERATOR", "ADMIN"];

/** Every command available to a role, in menu order. */
export function commandsFor(role: MemberRole): string[] {
  const upTo = ROLE_ORDER.indexOf(role);
  return ROLE_ORDER.slice(0, upTo + 1).flatMap((r) => COMMANDS[r]);
}

export function commandList(translator: Translator, locale: string, role: MemberRole): BotCommand[] {
  const t = translator.forLocale(locale);
  return commandsFor(role).map((command) => ({ command, description: t(`command-${command}`) }));
}

/** Sets the default menus of private chats, one per language. */
export async function setDefaultCommands(api: Api, translator: Translator): Promise<void> {
  const scope = { type: "all_private_chats" } as const;
  for (const locale of translator.locales) {
    const languageCode = locale === translator.defaultLocale ? undefined : locale;
    await api.setMyCommands(commandList(translator, locale, "MEMBER"), { scope, language_code: languageCode });
  }
  // Groups get no menu: the bot's commands are for private chats.
  await api.deleteMyCommands({ scope: { type: "all_group_chats" } });
}

/** Sets (or resets) one member's own menu after a role change, in their language. */
export async function setMemberCommands(api: Api, translator: Translator, member: { telegramId: bigint; role: MemberRole; locale: string }): Promise<void> {
  const scope = { type: "chat", chat_id: Number(member.telegramId) } as const;
  if (member.role === "MEMBER") {
    await api.deleteMyCommands({ scope });
    return;
  }
  await api.setMyCommands(commandList(translator, member.locale, member.role), { scope });
}
