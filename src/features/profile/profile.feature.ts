import { startConversation } from "../../bot/questionnaire.js";
import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { renderProfile } from "./profile.render.js";
import { PROFILE_EDIT } from "./profile.conversation.js";
import { fieldFromCode, profileCb, profileKeyboard } from "./profile.keyboards.js";

export async function showProfile(ctx: BotContext): Promise<void> {
  const member = ctx.member;
  const view = member?.registered ? await ctx.services.profile.get(member.id) : undefined;
  if (!member || !view) {
    await ctx.reply(ctx.t("errors-not-registered"));
    return;
  }
  const card = await renderProfile(ctx.t, ctx.locale, ctx.services.catalogue, view);
  await ctx.reply(`${ctx.t("profile-title")}\n\n${card}`, { reply_markup: profileKeyboard(ctx.t) });
}

/** /profile: the card and one edit button per field. */
export function profileFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("profile", showProfile);
  pm.callbackQuery(profileCb.action("edit"), async (ctx) => {
    const field = fieldFromCode(profileCb.unpack(ctx.callbackQuery.data)?.args[0]);
    if (!field) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
      return;
    }
    if (!ctx.member?.registered) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors-not-registered"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await startConversation(ctx, PROFILE_EDIT, field);
  });
  return composer;
}
