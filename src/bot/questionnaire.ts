import { InlineKeyboard } from "grammy";
import type { BotContext, BotConversation, ConvContext } from "./context.js";
import { DomainError } from "../shared/errors.js";
import type { Translate } from "./i18n.js";
import { CALLBACK_DATA_MAX_BYTES, createCallbackCodec, type DecodedCallback } from "./callback-data.js";
import { questionLedgerKey } from "./conversation-storage.js";

/**
 * Buttons of questions asked in conversations (see runStep below). Features
 * build keyboards with this codec (`st1:<action>[:arg]`); runStep rewrites
 * each such button to the wire form `st2:<step token>:<action>[:arg]` before
 * sending, so a press is matched to the question that offered it.
 * Bump the wire version when the meaning of a button changes.
 */
export const stepCb = createCallbackCodec("st", 1);
const stepWire = createCallbackCodec("st", 2);

/** Whether a pressed button belongs to a question of a questionnaire (its wire form). */
export function isStepButton(data: string | undefined): boolean {
  return data !== undefined && stepWire.pattern.test(data);
}

/**
 * A step token names one question of one conversation: the update that asked
 * it and a sequence within that update. It is the same when the update is
 * handled again after a crash, so a question re-sent then carries the same
 * token, and the button of the member's current step works on every copy.
 */
const STEP_SEQUENCE = Symbol("step sequence");
function nextStepToken(outer: BotContext & { [STEP_SEQUENCE]?: number }): string {
  const seq = (outer[STEP_SEQUENCE] ?? 0) + 1;
  outer[STEP_SEQUENCE] = seq;
  return `${outer.update.update_id.toString(36)}-${seq.toString(36)}`;
}

function withToken(keyboard: InlineKeyboard, token: string): InlineKeyboard {
  const rows = keyboard.inline_keyboard.map((row) =>
    row.map((button) => {
      if (!("callback_data" in button) || !stepCb.pattern.test(button.callback_data)) return button;
      const data = `${stepWire.prefix}2:${token}:${button.callback_data.slice(stepCb.prefix.length + 2)}`;
      if (Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) throw new Error(`Callback data "${data}" exceeds ${CALLBACK_DATA_MAX_BYTES} bytes`);
      return { ...button, callback_data: data };
    }),
  );
  return new InlineKeyboard(rows);
}

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
 * (registration, profile edits, materials, moderation notes, admin search);
 * forms of several questions walk a field table with form/run-form.ts. Each question
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
  /** Whether the question offers a Back button. */
  back: boolean;
  /** Line shown above the question, e.g. "Step 2 of 10". */
  header?: string;
  /** The context of the latest update; questions are sent through it. */
  ctx: ConvContext;
}

export type Reaction<S, T> = { value: T } | { state: S; fresh?: boolean } | { error: string; vars?: Record<string, string | number> };

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

/** The ledger is kept as long as unfinished conversations are. */
const LEDGER_TTL_SECONDS = 30 * 24 * 3600;

/**
 * The question ledger, `<prefix>:q:<chatId>`: which step question the member
 * sees now (`cur` token), the message ids of its copies (`msg` the newest,
 * `first` the oldest, `copies` all of them: a question is sent again after a
 * crash or a "/start"), whether it is still open, and which update closed it.
 * It is written right after each Bot API call, outside the replay log, so it
 * tells the truth even when the update that sent or closed a question never
 * saved its conversation state (a crash, or a failed call later in the update
 * that rolled the state back). See `runStep`.
 */
interface LedgerEntry {
  cur?: string;
  msg?: string;
  first?: string;
  copies?: string;
  open?: string;
  closedBy?: string;
}

function ledger(outer: BotContext) {
  const { redis, config } = outer.deps;
  const key = questionLedgerKey(config.redisPrefix, outer.chatId!);
  return {
    async read(): Promise<LedgerEntry> {
      return redis.hgetall(key);
    },
    async shown(token: string, messageId: number): Promise<void> {
      // Updates of a chat run one at a time (sequentialize), so read-then-write is safe here.
      const seen: LedgerEntry = await redis.hgetall(key);
      const copy = seen.cur === token;
      const first = copy && seen.first ? Math.min(Number(seen.first), messageId) : messageId;
      const copies = copy && seen.copies ? `${seen.copies},${messageId}` : String(messageId);
      await redis.multi().hset(key, { cur: token, msg: messageId, first, copies, open: 1, closedBy: "" }).expire(key, LEDGER_TTL_SECONDS).exec();
    },
    /** Marks the question closed; returns the ids of its other copies, whose buttons must go too. */
    async closed(token: string, messageId: number): Promise<number[]> {
      const seen: LedgerEntry = await redis.hgetall(key);
      if (seen.cur !== token) return [];
      // Every copy is closed by the caller: a copy sent later (the question asked again) starts the list anew.
      await redis.hset(key, { open: 0, closedBy: outer.update.update_id, copies: "" });
      return (seen.copies ?? "")
        .split(",")
        .map(Number)
        .filter((id) => id > 0 && id !== messageId);
    },
  };
}

/**
 * Runs one question until it has an answer, Back or Cancel.
 *
 * Restarts and failed calls (#9 items 11, 12) are why it looks as it does:
 * - Buttons carry the step token: a press on any copy of the current question
 *   works; a press on an earlier question answers "already answered" and
 *   changes nothing, so a stale press is never applied to another question.
 * - Typed answers carry nothing, so before one is applied the ledger must show
 *   that the member is looking at this very question, still open (or closed by
 *   this same update, handled again after a crash). Otherwise the member's
 *   screen and the state disagree (the next question was sent but the state
 *   was not saved, or this one was closed and the next never sent): the
 *   question is asked again instead of taking the text as its answer. So is
 *   text older than the question's first copy (message ids grow in a chat):
 *   it was typed for an earlier question.
 * - Closing a question takes the buttons off all of its copies.
 * - The first send of a question asked again by the same update (after a
 *   crash) reuses the message the ledger recorded instead of sending a copy.
 * - Every Bot API call goes through conversation.external with the outside
 *   context, whose Api retries; the replay log keeps only message ids.
 */
export async function runStep<S, T>(env: StepEnv, spec: StepSpec<S, T>): Promise<StepResult<T>> {
  const { conversation, t } = env;
  const chatId = env.ctx.chatId;
  if (chatId === undefined) return CANCEL;
  let state = spec.initial;
  const token = await conversation.external((outer) => nextStepToken(outer));
  const compose = (s: S) => {
    const { text, keyboard } = spec.render(s);
    return { text: env.header ? `${env.header}\n\n${text}` : text, keyboard: withToken(keyboard, token) };
  };
  const send = (s: S, reuse: boolean) =>
    conversation.external(async (outer) => {
      const book = ledger(outer);
      if (reuse) {
        const seen = await book.read();
        if (seen.cur === token && seen.msg) return Number(seen.msg);
      }
      const { text, keyboard } = compose(s);
      const id = (await outer.api.sendMessage(chatId, text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } })).message_id;
      await book.shown(token, id);
      return id;
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
      // Copies of the question left by a crash lose their buttons too, so nothing on screen still asks it.
      for (const copy of await ledger(outer).closed(token, messageId)) {
        await outer.api.editMessageReplyMarkup(chatId, copy, { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
      }
    });
  const answer = (text?: string, alert?: boolean) =>
    conversation.external((outer) => outer.answerCallbackQuery(text ? { text, show_alert: alert } : undefined).then(() => undefined));
  const say = (text: string) => conversation.external((outer) => outer.reply(text).then(() => undefined));
  /** Whether the member is looking at this question, so that typed text answers it (see above). */
  const inSight = () =>
    conversation.external(async (outer) => {
      const seen = await ledger(outer).read();
      if (!seen.cur) return true;
      // This very update got further before (it is handled again after a
      // crash): it asked the question on screen, and the replay repeats that.
      if (seen.cur.startsWith(`${outer.update.update_id.toString(36)}-`)) return true;
      if (seen.cur !== token) {
        // Another question is on screen (sent, but its state was rolled back): take its buttons away.
        if (seen.open === "1" && seen.msg) {
          await outer.api.editMessageReplyMarkup(chatId, Number(seen.msg), { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
        }
        return false;
      }
      // Text sent before the question first appeared was typed for an earlier
      // one (the member answered again while the bot was slow, or the answer
      // crossed a copy of the question sent after a crash): never apply it here.
      const sentAt = outer.message?.message_id;
      if (seen.first && sentAt !== undefined && sentAt < Number(seen.first)) return false;
      return seen.open === "1" || seen.closedBy === String(outer.update.update_id);
    });
  const askAgain = async () => {
    await say(t("step-continue"));
    messageId = await send(state, false);
  };

  let messageId = await send(state, true);

  for (;;) {
    const ctx = await conversation.wait();
    env.ctx = ctx;
    const query = ctx.callbackQuery;
    if (query) {
      const wire = stepWire.unpack(query.data);
      // Other features' buttons (menu, privacy…) keep working mid-questionnaire;
      // buttons of an older wire version end as stale there too.
      if (!wire || wire.args.length === 0) return await conversation.skip({ next: true });
      // Answers that change nothing are explained, then dropped from the log.
      if (wire.action !== token) {
        await answer(t("step-already-answered"));
        return await conversation.skip();
      }
      const data: DecodedCallback = { action: wire.args[0]!, args: wire.args.slice(1) };
      if (data.action === "back" && env.back) {
        await answer();
        await close(messageId);
        return BACK;
      }
      if (data.action === "cancel") {
        await answer();
        await close(messageId);
        return CANCEL;
      }
      const reaction = await spec.onCallback?.(data, state);
      if (!reaction) {
        await answer(t("errors-stale-button"));
        return await conversation.skip();
      }
      if ("error" in reaction) {
        await answer(t(reaction.error, reaction.vars), true);
        return await conversation.skip();
      }
      await answer();
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
        await askAgain();
        continue;
      }
      if (trimmed.startsWith("/")) return await conversation.skip({ next: true });
      if (!(await inSight())) {
        await askAgain();
        continue;
      }
      if (!spec.onText) {
        await say(t("step-use-buttons"));
        return await conversation.skip();
      }
      const reaction = await spec.onText(text, state);
      if ("error" in reaction) {
        await say(t(reaction.error, reaction.vars));
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
      messageId = await send(state, false);
      continue;
    }
    if (ctx.message && spec.onMessage) {
      if (!(await inSight())) {
        await askAgain();
        continue;
      }
      const reaction = await spec.onMessage(ctx, state);
      if (reaction && "error" in reaction) {
        await say(t(reaction.error, reaction.vars));
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
      await say(t(spec.onText ? "step-send-text" : "step-use-buttons"));
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
