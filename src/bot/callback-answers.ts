import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.js";

/**
 * Remembers whether the update's callback query was answered (#9 item 1: the
 * error path answered a second time, and Telegram refuses that). A transformer
 * on the update's own Api object sees every answer, whether a handler called
 * `ctx.answerCallbackQuery` or the questionnaire did through
 * `conversation.external`.
 */
const ANSWERED = Symbol("callback query answered");
type Tracked = BotContext & { [ANSWERED]?: boolean };

export function trackCallbackAnswers(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const queryId = ctx.callbackQuery?.id;
    if (queryId !== undefined) {
      ctx.api.config.use(async (prev, method, payload, signal) => {
        const result = await prev(method, payload, signal);
        if (method === "answerCallbackQuery" && (payload as { callback_query_id?: string }).callback_query_id === queryId) {
          // Refused or not, Telegram accepts no second answer after the first reached it.
          if (result.ok || result.error_code === 400) (ctx as Tracked)[ANSWERED] = true;
        }
        return result;
      });
    }
    await next();
  };
}

/** Whether this update's callback query has been answered already. */
export function callbackAnswered(ctx: BotContext): boolean {
  return (ctx as Tracked)[ANSWERED] === true;
}
