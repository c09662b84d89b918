import { startConversation } from "../../bot/questionnaire.js";
import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { showMainMenu } from "../menu/menu.feature.js";
import { REGISTRATION } from "./registration.conversation.js";

/** /start: deep links first, then the main menu for members, registration for everyone else. */
export function registrationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").command("start", async (ctx) => {
    const payload = ctx.match.trim();
    let keep: string | undefined;
    if (payload) {
      const routed = await ctx.deps.deepLinks.handle(ctx, payload);
      if (routed === "handled") return;
      if (routed === "needs-registration") keep = payload;
    }
    if (ctx.member?.registered) return showMainMenu(ctx);
    await startConversation(ctx, REGISTRATION, keep);
  });
  return composer;
}
