import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { createCallbackCodec } from "../../bot/callback-data.js";
import { isLocale } from "../../shared/locale.js";
import { isStaffRole } from "../members/members.types.js";

export const languageCb = createCallbackCodec("lang", 1);

export async function showLanguage(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) {
    await ctx.reply(ctx.t("errors-not-registered"));
    return;
  }
  const mark = (l: string) => (ctx.locale === l ? "✅ " : "");
  await ctx.reply(ctx.t("language-choose"), {
    reply_markup: new InlineKeyboard()
      .text(`${mark("ru")}${ctx.t("language-name-ru")}`, languageCb.pack("set", "ru"))
      .text(`${mark("en")}${ctx.t("language-name-en")}`, languageCb.pack("set", "en")),
  });
}

/** /language: the interface language, stored with the member. */
export function languageFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("language", showLanguage);
  pm.callbackQuery(languageCb.action("set"), async (ctx) => {
    const locale = languageCb.unpack(ctx.callbackQuery.data)?.args[0];
    const member = ctx.member;
    if (!isLocale(locale)) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
      return;
    }
    if (!member?.registered) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors-not-registered"), show_alert: true });
      return;
    }
    const { services } = ctx;
    await services.members.setLocale(member, locale);
    const t = ctx.deps.translator.forLocale(locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(t("language-set"));
    // Moderators and admins have a menu of their own, in their language.
    if (isStaffRole(member.role)) {
      await services.memberMenus.sync(member.id);
    }
  });
  return composer;
}
