import type { Composer, Middleware } from "grammy";
import type { MemberRole } from "../generated/prisma/enums.js";
import type { CallbackCodec } from "./callback-data.js";
import type { BotContext, BotConversation, ConvContext, ConversationDeps, MenuButton } from "./context.js";
import type { DeepLinkHandler } from "./deep-links.js";

/** A screen a main-menu button opens. */
export type MenuScreen = (ctx: BotContext) => Promise<void>;

/** A conversation's function, as the conversations plugin runs it. */
export type ConversationFn = (conversation: BotConversation, ctx: ConvContext, ...args: never[]) => Promise<unknown>;

/**
 * What a slice gives the bot (src/features/feature.ts extends it with
 * services and jobs). createBot installs, in the order of the slice list:
 * every `front` middleware, every `early` middleware, the rate limit, every `context` middleware, then
 * inside the error boundary the conversations and every `composer`.
 */
export interface BotFeature {
  /**
   * Runs first for every update, before ordering, the per-chat record and the
   * rate limit: the hot path of ordinary group messages, which must cost no
   * database query. Anything it does not fully handle goes on with `next()`.
   */
  front?(): Middleware<BotContext>;
  /** Runs before the rate limit for every update (keep it cheap): chat-member updates. */
  early?(): Middleware<BotContext>;
  /** Fills in the context after the rate limit (the sender's member record). */
  context?(): Middleware<BotContext>;
  /** The slice's handlers. `features` is the whole list (the menu collects every slice's screens). */
  composer?(features: readonly BotFeature[]): Composer<BotContext>;
  /**
   * The callback codecs whose buttons the composer answers (`[]`: none). A
   * button of any other codec then skips the composer altogether: each of the
   * bot's ~200 handlers costs every update that passes it (grammY builds its
   * filters per update), so a tap went through all of them before its own
   * slice. Left out, the composer sees every button (the catch-all does).
   */
  callbacks?: readonly CallbackCodec[];
  /** Conversations by id; the id is stored with a member's state, so it never changes. */
  conversations?: Record<string, (deps: ConversationDeps) => ConversationFn>;
  /** Main-menu actions this slice answers: menu action → screen. */
  menu?: Record<string, MenuScreen>;
  /** Buttons for some of those actions, added to the main menu after the built-in ones. */
  menuButtons?: readonly MenuButton[];
  /**
   * `t.me/<bot>?start=<prefix>_<argument>` links this slice opens; an unregistered
   * member is registered first unless the link says `requiresRegistration: false`.
   */
  deepLinks?: Record<string, DeepLinkHandler | { handler: DeepLinkHandler; requiresRegistration: boolean }>;
  /** Commands per role, in menu order (each role also has the commands of the roles before it). */
  commands?: Partial<Record<MemberRole, readonly string[]>>;
  /** Commands of group chats: for everyone, and (shown to the group's administrators) for community staff. */
  groupCommands?: { everyone?: readonly string[]; administrators?: readonly string[] };
}
