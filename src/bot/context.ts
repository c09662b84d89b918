import type { Context } from "grammy";
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { Logger } from "../shared/logger.js";
import type { MemberState } from "../features/members/members.types.js";
import type { Container } from "../container.js";
import type { Config } from "../config.js";
import type { Translate, Translator } from "./i18n.js";
import type { DeepLinkRouter } from "./deep-links.js";

/** Every feature's services, as handlers and conversations reach them (`ctx.services`). */
export type Services = Container["services"];

/** What every handler can reach through the context. */
export interface BotDeps {
  container: Container;
  config: Config;
  translator: Translator;
  deepLinks: DeepLinkRouter;
}

/** What a conversation builder gets: the services, the configuration and the translator. */
export interface ConversationDeps {
  services: Services;
  config: Config;
  translator: Translator;
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
