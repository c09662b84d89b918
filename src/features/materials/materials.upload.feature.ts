import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { startConversation } from "../../bot/questionnaire.js";
import { MATERIAL_UPLOAD } from "./materials.conversation.js";
import { attachmentFromMessage, linkFromText } from "./materials.steps.js";
import { checkAttachment } from "./materials.validation.js";

/** /upload and the menu button: the upload questionnaire. */
export async function startUpload(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
  await startConversation(ctx, MATERIAL_UPLOAD);
}

/** /upload, and a file or a link sent to the bot: the upload questionnaire starts with it. */
export function uploadFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("upload", startUpload);
  pm.on([":document", ":photo", ":video", ":audio"], async (ctx) => {
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
    const attachment = attachmentFromMessage(ctx.msg);
    const checked = attachment ? checkAttachment(attachment) : ({ ok: false, error: "materials-file-type" } as const);
    if (!checked.ok) return void (await ctx.reply(ctx.t(checked.error)));
    await startConversation(ctx, MATERIAL_UPLOAD, checked.value);
  });
  pm.on("message:text", async (ctx, next) => {
    const url = linkFromText(ctx.msg.text);
    if (!url) return next();
    if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("materials-register-first")));
    await startConversation(ctx, MATERIAL_UPLOAD, { kind: "LINK", url });
  });
  return composer;
}
