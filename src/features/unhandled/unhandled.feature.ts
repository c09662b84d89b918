import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { isStepButton } from "../../bot/questionnaire.js";

/**
 * Last in the chain. Buttons nobody handled are stale or forged: answer
 * politely and change nothing. Text in a private chat gets a hint. Everything
 * else (stickers, edits, channel posts, service messages, groups) is ignored.
 */
export function unhandledFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", async (ctx) => {
    // A question of a questionnaire that has ended (a copy left on screen, a double tap on its last button).
    const key = isStepButton(ctx.callbackQuery.data) ? "step-finished" : "errors-stale-button";
    await ctx.answerCallbackQuery({ text: ctx.t(key) });
  });
  const pm = composer.chatType("private");
  pm.command("cancel", async (ctx) => {
    await ctx.reply(ctx.t("cancel-nothing"));
  });
  pm.on("message:text", async (ctx) => {
    const key = ctx.message.text.startsWith("/") ? "unhandled-command" : "unhandled-text";
    await ctx.reply(ctx.t(key));
  });
  return composer;
}
