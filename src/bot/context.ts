import type { Context } from "grammy";
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { Logger } from "../shared/logger.js";
import type { MemberState } from "../shared/member.js";
import type { Redis } from "ioredis";
import type { FailureLog } from "../shared/failure-log.js";
import type { CommandMenu } from "./commands.js";
import type { MemberRole } from "../generated/prisma/enums.js";
import type { Config } from "../config.js";
import type { Translate, Translator } from "./i18n.js";

/**
 * Every slice's services, as handlers and conversations reach them
 * (`ctx.services`). Empty here: src/features/index.ts fills it in from the
 * slice list, so src/bot knows no slice.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

/** A main-menu button a slice adds (after the built-in ones): `label` is a locale key, `action` one of the slice's `menu` keys. */
export interface MenuButton {
  action: string;
  label: string;
  /** Roles that see it; everyone when absent. */
  roles?: readonly MemberRole[];
}

/** The deep-link router as handlers use it (src/bot/deep-links.ts). */
export interface DeepLinks {
  /** Handles a /start payload: "handled", "needs-registration" (register first, keep the payload) or "unknown". */
  handle(ctx: BotContext, payload: string): Promise<"handled" | "needs-registration" | "unknown">;
}

/** What every handler can reach through the context besides the services. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  /** For the bot's own machinery (conversation records, the question ledger); slices keep their Redis state in their services. */
  redis: Redis;
  failures: FailureLog;
  translator: Translator;
  deepLinks: DeepLinks;
  commands: CommandMenu;
  /** Main-menu buttons the slices add. */
  menuButtons: readonly MenuButton[];
}

/** What a conversation builder gets: the services, the configuration and the translator. */
export interface ConversationDeps {
  services: Services;
  config: Config;
  translator: Translator;
  /** Main-menu buttons the slices add (the menu shown after registration). */
  menuButtons: readonly MenuButton[];
}

interface Extras {
  deps: BotDeps;
  /** Every feature's services. */
  services: Services;
  logger: Logger;
  /** The sender, loaded once per update; undefined for unknown users. */
  member: MemberState | undefined;
  /** The sender's interface language. */
  locale: string;
  /** Translate into the sender's language; variables are HTML-escaped. */
  t: Translate;
}

export type BaseContext = Context & Extras;
export type BotContext = ConversationFlavor<BaseContext>;
/** Context inside conversations: no plugins, translations come from the builder. */
export type ConvContext = Context;
export type BotConversation = Conversation<BotContext, ConvContext>;
