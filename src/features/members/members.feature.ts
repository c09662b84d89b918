import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";

/**
 * A member who blocks the bot in the private chat is marked inactive (mass
 * sending skips them); unblocking makes them active again.
 */
export function membersFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const reachable = status === "member" || status === "administrator";
    const known = await ctx.services.members.setReachable(BigInt(ctx.myChatMember.from.id), reachable);
    ctx.logger.info({ reachable, known }, "private chat status changed");
  });
  return composer;
}
