import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { MemberRole } from "../generated/prisma/enums.js";
import type { Translator } from "./i18n.js";

const ROLE_ORDER: readonly MemberRole[] = ["MEMBER", "MODERATOR", "ADMIN"];

/**
 * The command menus, assembled from the slices' `commands` (in the order of
 * the slice list). Each role also has the commands of the roles before it.
 */
export class CommandMenu {
  readonly byRole: Readonly<Record<MemberRole, readonly string[]>>;
  /** Group chats: commands for everyone, and more for the group's administrators (BotFeature's `groupCommands`). */
  readonly inGroups: { readonly everyone: readonly string[]; readonly administrators: readonly string[] };

  /** `features`: the slices, each with its commands per role (BotFeature's `commands`) and in groups. */
  constructor(
    features: readonly {
      commands?: Partial<Record<MemberRole, readonly string[]>>;
      groupCommands?: { everyone?: readonly string[]; administrators?: readonly string[] };
    }[],
  ) {
    const byRole: Record<MemberRole, string[]> = { MEMBER: [], MODERATOR: [], ADMIN: [] };
    const everyone: string[] = [];
    const administrators: string[] = [];
    for (const feature of features) {
      for (const role of ROLE_ORDER) byRole[role].push(...(feature.commands?.[role] ?? []));
      everyone.push(...(feature.groupCommands?.everyone ?? []));
      administrators.push(...(feature.groupCommands?.administrators ?? []));
    }
    this.byRole = byRole;
    this.inGroups = { everyone, administrators: [...everyone, ...administrators] };
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
    // Groups get only their own commands (none of the private chat's): what everyone may send
    // there, and for the group's administrators what community staff send (the bot still checks
    // the community role: a group administrator who is not staff is refused).
    const groupMenus = [
      { scope: { type: "all_group_chats" } as const, commands: this.inGroups.everyone },
      { scope: { type: "all_chat_administrators" } as const, commands: this.inGroups.administrators },
    ];
    for (const { scope, commands } of groupMenus) {
      for (const locale of translator.locales) {
        const languageCode = locale === translator.defaultLocale ? undefined : locale;
        const t = translator.forLocale(locale);
        if (commands.length === 0) await api.deleteMyCommands({ scope, language_code: languageCode });
        else
          await api.setMyCommands(
            commands.map((command) => ({ command, description: t(`command-${command}`) })),
            { scope, language_code: languageCode },
          );
      }
    }
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
