import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { MemberRole } from "../generated/prisma/enums.js";
import type { BotFeature } from "./feature.js";
import type { Translator } from "./i18n.js";

const ROLE_ORDER: readonly MemberRole[] = ["MEMBER", "MODERATOR", "ADMIN"];

/**
 * The command menus, assembled from the slices' `commands` (in the order of
 * the slice list). Each role also has the commands of the roles before it.
 */
export class CommandMenu {
  readonly byRole: Readonly<Record<MemberRole, readonly string[]>>;

  constructor(features: readonly Pick<BotFeature, "commands">[]) {
    const byRole: Record<MemberRole, string[]> = { MEMBER: [], MODERATOR: [], ADMIN: [] };
    for (const feature of features) {
      for (const role of ROLE_ORDER) byRole[role].push(...(feature.commands?.[role] ?? []));
    }
    this.byRole = byRole;
  }

  /** Every command available to a role, in menu order. */
  commandsFor(role: MemberRole): string[] {
    const upTo = ROLE_ORDER.indexOf(role);
    return ROLE_ORDER.slice(0, upTo + 1).flatMap((r) => this.byRole[r]);
  }

  list(translator: Translator, locale: string, role: MemberRole): BotCommand[] {
    const t = translator.forLocale(locale);
    return this.commandsFor(role).map((command) => ({ command, description: t(`command-${command}`) }));
  }

  /** Sets the default menus of private chats, one per language. */
  async setDefault(api: Api, translator: Translator): Promise<void> {
    const scope = { type: "all_private_chats" } as const;
    for (const locale of translator.locales) {
      const languageCode = locale === translator.defaultLocale ? undefined : locale;
      await api.setMyCommands(this.list(translator, locale, "MEMBER"), { scope, language_code: languageCode });
    }
    // Groups get no menu: the bot's commands are for private chats.
    await api.deleteMyCommands({ scope: { type: "all_group_chats" } });
  }

  /** Sets (or resets) one member's own menu after a role change, in their language. */
  async setForMember(api: Api, translator: Translator, member: { telegramId: bigint; role: MemberRole; locale: string }): Promise<void> {
    const scope = { type: "chat", chat_id: Number(member.telegramId) } as const;
    if (member.role === "MEMBER") {
      await api.deleteMyCommands({ scope });
      return;
    }
    await api.setMyCommands(this.list(translator, member.locale, member.role), { scope });
  }
}
