import { GrammyError, HttpError, type MiddlewareFn } from "grammy";
import { unavailableService } from "../shared/unavailable.js";
import type { BotContext, BotConversation, ConvContext } from "./context.js";

/**
 * #9 items 12 and 14: a failure that will pass (Telegram answering 5xx or 429
 * beyond our retries, Telegram or PostgreSQL or Redis unreachable) must not
 * end a member's questionnaire. The conversations plugin ends a conversation
 * on any error; {@link guardConversation} turns a passing failure into a skip
 * instead (the update is dropped from the replay log, so the member stays on
 * the question they were at) and hands the error to the error boundary, which
 * tells the member the bot is briefly unavailable and their answers are kept.
 */

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
// conversation.external stores a failure with structuredClone, which keeps
// only the message of a GrammyError or HttpError: recognise them by it too.
const TELEGRAM_UNAVAILABLE_MESSAGE = /Call to '\w+' failed! \((429|5\d\d):|Network request for '\w+' failed|ECONNREFUSED|ECONNRESET/i;

/**
 * Whether an error means "a service we depend on is briefly unavailable", not
 * a bug or a refusal: Telegram (5xx, 429, unreachable), the network, or
 * PostgreSQL/Redis as {@link unavailableService} recognises them.
 */
export function isTransientError(error: unknown): boolean {
  if (unavailableService(error)) return true;
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof GrammyError) return e.error_code === 429 || e.error_code >= 500;
    if (e instanceof HttpError) return true;
    if (typeof e !== "object") return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (typeof message === "string" && TELEGRAM_UNAVAILABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

const TRANSIENT = Symbol("transient conversation error");
type Marked = BotContext & { [TRANSIENT]?: unknown };

// `any[]`: a builder with any parameter list must be assignable (parameters are contravariant).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = (conversation: BotConversation, ctx: ConvContext, ...args: any[]) => Promise<unknown>;

/** Wraps a conversation builder: a transient error skips the update instead of ending the conversation. */
export function guardConversation<B extends Builder>(builder: B): B {
  const guarded = async (conversation: BotConversation, ctx: ConvContext, ...args: unknown[]) => {
    try {
      return await builder(conversation, ctx, ...args);
    } catch (error) {
      if (!isTransientError(error)) throw error;
      // Recorded on the outside context (this external is dropped with the
      // rest of the update by skip), reported by reportConversationFailures.
      await conversation.external((outer) => void ((outer as Marked)[TRANSIENT] = error));
      return await conversation.skip();
    }
  };
  Object.defineProperty(guarded, "name", { value: builder.name });
  return guarded as B;
}

/**
 * Install right after the conversations plugin: rethrows, after the plugin has
 * kept the conversation, the error a guarded conversation skipped, so the
 * error boundary logs it and answers the member.
 */
export function reportConversationFailures(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    await next();
    const error = (ctx as Marked)[TRANSIENT];
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows the conversation's own error as it was
    if (error !== undefined) throw error;
  };
}
