import { InlineKeyboard } from "grammy";
import type { BotContext, BotConversation, ConvContext } from "./context.js";
import { DomainError } from "../shared/errors.js";
import type { Translate } from "./i18n.js";
import { createCallbackCodec, type DecodedCallback } from "./callback-data.js";
import type { CatalogueService } from "../features/catalogue/catalogue.service.js";

/**
 * Buttons of questions asked in conversations (see runStep below).
 * Bump the version when the meaning of a button changes.
 */
export const stepCb = createCallbackCodec("st", 1);

export function withNavigation(kb: InlineKeyboard, t: Translate, opts: { back: boolean }): InlineKeyboard {
  kb.row();
  if (opts.back) kb.text(t("step-back"), stepCb.pack("back"));
  kb.text(t("step-cancel"), stepCb.pack("cancel"));
  return kb;
}

export function navigationKeyboard(t: Translate, opts: { back: boolean }): InlineKeyboard {
  return withNavigation(new InlineKeyboard(), t, opts);
}

/**
 * The questionnaire engine shared by every conversation that asks questions
 * (registration, profile edits, materials, moderation notes, admin search). Each question
 * is one message; button answers arrive as callbacks on that message, typed
 * answers as messages. Answers that change nothing (invalid text, stale
 * buttons, stickers) are dropped with `conversation.skip()`, so they are
 * explained to the member but never enter the replay log.
 */
export const BACK = Symbol("back");
export const CANCEL = Symbol("cancel");
export type StepResult<T> = T | typeof BACK | typeof CANCEL;

export interface StepEnv {
  conversation: BotConversation;
  t: Translate;
  locale: string;
  catalogue: CatalogueService;
  /** Whether the question offers a Back button. */
  back: boolean;
  /** Line shown above the question, e.g. "Step 2 of 10". */
  header?: string;
  /** The context of the latest update; questions are sent through it. */
  ctx: ConvContext;
}

export type Reaction<S, T> =
  | { value: T }
  | { state: S; fresh?: boolean }
  | { error: string; vars?: Record<string, string | number> };

export interface StepSpec<S, T> {
  initial: S;
  render(state: S): { text: string; keyboard: InlineKeyboard };
  onText?(text: string, state: S): Promise<Reaction<S, T>> | Reaction<S, T>;
  /** Messages other than text (files, photos); undefined means "not accepted here". */
  onMessage?(ctx: ConvContext, state: S): Promise<Reaction<S, T> | undefined> | Reaction<S, T> | undefined;
  onCallback?(data: DecodedCallback, state: S): Promise<Reaction<S, T> | undefined> | Reaction<S, T> | undefined;
  /** Short line that replaces the question once answered. */
  answered(value: T): string;
}

const CANCEL_COMMAND = /^\/cancel(@\w+)?$/i;
const START_COMMAND = /^\/start(@\w+)?(\s|$)/i;

/** Runs one question until it has an answer, Back or Cancel. */
export async function runStep<S, T>(env: StepEnv, spec: StepSpec<S, T>): Promise<StepResult<T>> {
  const { conversation, t } = env;
  const chatId = env.ctx.chatId;
  if (chatId === undefined) return CANCEL;
  let state = spec.initial;
  const compose = (s: S) => {
    const { text, keyboard } = spec.render(s);
    return { text: env.header ? `${env.header}\n\n${text}` : text, keyboard };
  };
  // The question's own Bot API calls run through conversation.external: on a
  // replay the stored message id comes back without rendering the question
  // again, and the replay log keeps that id instead of the whole sent message
  // with its keyboard. (Each update replays every earlier question.)
  const send = (s: S) =>
    conversation.external(async (outer) => {
      const { text, keyboard } = compose(s);
      return (await outer.api.sendMessage(chatId, text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } })).message_id;
    });
  const redraw = (messageId: number, s: S) =>
    conversation.external(async (outer) => {
      const { text, keyboard } = compose(s);
      await outer.api.editMessageText(chatId, messageId, text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
    });
  const close = (messageId: number, line?: () => string) =>
    conversation.external(async (outer) => {
      if (line) await outer.api.editMessageText(chatId, messageId, line(), { reply_markup: { inline_keyboard: [] } });
      else await outer.api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } });
    });
  const acknowledge = () => conversation.external((outer) => outer.answerCallbackQuery().then(() => undefined));

  let messageId = await send(state);

  for (;;) {
    const ctx = await conversation.wait();
    env.ctx = ctx;
    const query = ctx.callbackQuery;
    if (query) {
      const data = stepCb.unpack(query.data);
      // Other features' buttons (menu, privacy…) keep working mid-questionnaire.
      if (!data) return await conversation.skip({ next: true });
      // Answers that change nothing are explained, then dropped from the log.
      if (query.message?.message_id !== messageId) {
        await ctx.answerCallbackQuery({ text: t("errors-stale-button") });
        return await conversation.skip();
      }
      if (data.action === "back" && env.back) {
        await acknowledge();
        await close(messageId);
        return BACK;
      }
      if (data.action === "cancel") {
        await acknowledge();
        await close(messageId);
        return CANCEL;
      }
      const reaction = await spec.onCallback?.(data, state);
      if (!reaction) {
        await ctx.answerCallbackQuery({ text: t("errors-stale-button") });
        return await conversation.skip();
      }
      if ("error" in reaction) {
        await ctx.answerCallbackQuery({ text: t(reaction.error, reaction.vars), show_alert: true });
        return await conversation.skip();
      }
      await acknowledge();
      if ("value" in reaction) {
        const value = reaction.value;
        await close(messageId, () => spec.answered(value));
        return value;
      }
      state = reaction.state;
      await redraw(messageId, state);
      continue;
    }

    const text = ctx.message?.text;
    if (text !== undefined) {
      const trimmed = text.trim();
      if (CANCEL_COMMAND.test(trimmed)) {
        await close(messageId);
        return CANCEL;
      }
      if (START_COMMAND.test(trimmed)) {
        // "/start" in the middle: show the current question again, below.
        await close(messageId);
        await conversation.external((outer) => outer.reply(t("step-continue")).then(() => undefined));
        messageId = await send(state);
        continue;
      }
      if (trimmed.startsWith("/")) return await conversation.skip({ next: true });
      if (!spec.onText) {
        await ctx.reply(t("step-use-buttons"));
        return await conversation.skip();
      }
      const reaction = await spec.onText(text, state);
      if ("error" in reaction) {
        await ctx.reply(t(reaction.error, reaction.vars));
        return await conversation.skip();
      }
      if ("value" in reaction) {
        const value = reaction.value;
        await close(messageId, () => spec.answered(value));
        return value;
      }
      // Typed text changed the question (a region search): ask again below the member's message.
      state = reaction.state;
      await close(messageId);
      messageId = await send(state);
      continue;
    }
    if (ctx.message && spec.onMessage) {
      const reaction = await spec.onMessage(ctx, state);
      if (reaction && "error" in reaction) {
        await ctx.reply(t(reaction.error, reaction.vars));
        return await conversation.skip();
      }
      if (reaction && "value" in reaction) {
        const value = reaction.value;
        await close(messageId, () => spec.answered(value));
        return value;
      }
      if (reaction) {
        // A message that adds to the answer (a part of an album): the question shows it, in place.
        state = reaction.state;
        await redraw(messageId, state);
        continue;
      }
    }
    if (ctx.message && ctx.chat?.type === "private") {
      await ctx.reply(t(spec.onText ? "step-send-text" : "step-use-buttons"));
    }
    return await conversation.skip();
  }
}


/**
 * Runs a service call once, outside the replay (through conversation.external),
 * with the outside context (and so the member) at hand. A domain error comes
 * back as its locale key instead of ending the conversation.
 */
export async function attempt<T>(conversation: BotConversation, task: (outer: BotContext) => Promise<T>) {
  return conversation.external(async (outer) => {
    try {
      return { ok: true as const, value: await task(outer) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false as const, key: error.key, vars: error.vars };
      throw error;
    }
  });
}

/**
 * Starts a conversation, ending any other one first: conversations are not
 * parallel, and a member who opens something new (a menu button, another
 * command) in the middle of a questionnaire means to leave the old one. Its
 * question message then answers its buttons as stale.
 */
export async function startConversation(ctx: BotContext, name: string, ...args: unknown[]): Promise<void> {
  if (Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
  await ctx.conversation.enter(name, ...args);
}
