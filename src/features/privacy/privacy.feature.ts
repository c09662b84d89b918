import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { createCallbackCodec } from "../../bot/callback-data.js";

export const privacyCb = createCallbackCodec("priv", 1);

export async function showPrivacy(ctx: BotContext): Promise<void> {
  const kb = ctx.member
    ? new InlineKeyboard().text(ctx.t("privacy-mydata-button"), privacyCb.pack("data")).row().text(ctx.t("privacy-forget-button"), privacyCb.pack("forget"))
    : undefined;
  await ctx.reply(ctx.t("privacy-policy"), { reply_markup: kb, link_preview_options: { is_disabled: true } });
}

async function sendMyData(ctx: BotContext): Promise<void> {
  const member = ctx.member;
  if (!member) {
    await ctx.reply(ctx.t("privacy-nothing-stored"));
    return;
  }
  const data = await ctx.services.privacy.export(member);
  const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2), "utf8"), `mydata-${member.id}.json`);
  await ctx.replyWithDocument(file, { caption: ctx.t("privacy-mydata-caption") });
}

async function askForget(ctx: BotContext): Promise<void> {
  if (!ctx.member) {
    await ctx.reply(ctx.t("privacy-nothing-stored"));
    return;
  }
  await ctx.reply(ctx.t("privacy-forget-confirm"), {
    reply_markup: new InlineKeyboard()
      .text(ctx.t("privacy-forget-yes"), privacyCb.pack("forget-yes"))
      .row()
      .text(ctx.t("privacy-forget-no"), privacyCb.pack("forget-no")),
  });
}

/** /privacy, /mydata and /forgetme. */
export function privacyFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("privacy", showPrivacy);
  pm.command("mydata", sendMyData);
  pm.command("forgetme", askForget);
  pm.callbackQuery(privacyCb.pattern, async (ctx) => {
    const action = privacyCb.unpack(ctx.callbackQuery.data)?.action;
    switch (action) {
      case "data":
        await ctx.answerCallbackQuery();
        return sendMyData(ctx);
      case "forget":
        await ctx.answerCallbackQuery();
        return askForget(ctx);
      case "forget-no":
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(ctx.t("privacy-forget-kept"));
        return;
      case "forget-yes": {
        const member = ctx.member;
        if (!member) {
          // Second tap after the data was erased: nothing left to do.
          await ctx.answerCallbackQuery({ text: ctx.t("privacy-nothing-stored") });
          return;
        }
        await ctx.services.privacy.forget(member);
        // An open questionnaire holds personal answers; the plugin would write
        // it back after this handler, so it must be ended through the plugin.
        await ctx.conversation.exitAll();
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(ctx.t("privacy-forgotten"));
        return;
      }
      default:
        await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
    }
  });
  return composer;
}
