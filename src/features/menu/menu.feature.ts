import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { commandsFor } from "../../bot/commands.js";
import { mainMenuKeyboard, menuCb } from "./menu.keyboards.js";

/** Screens other features open from the main menu. */
export interface MenuScreens {
  profile(ctx: BotContext): Promise<void>;
  language(ctx: BotContext): Promise<void>;
  privacy(ctx: BotContext): Promise<void>;
  admin(ctx: BotContext): Promise<void>;
}

export async function showMainMenu(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("menu-title"), { reply_markup: mainMenuKeyboard(ctx.t, ctx.member?.role ?? "MEMBER") });
}

export async function showHelp(ctx: BotContext): Promise<void> {
  const role = ctx.member?.role ?? "MEMBER";
  const lines = commandsFor(role).map((c) => `/${c} — ${ctx.t(`command-${c}`)}`);
  await ctx.reply(`${ctx.t("help-intro")}\n\n${lines.join("\n")}${ctx.member?.registered ? "" : `\n\n${ctx.t("help-register")}`}`);
}

/** /help and the main menu's buttons. */
export function menuFeature(screens: MenuScreens): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("help", showHelp);
  pm.command("menu", async (ctx) => (ctx.member?.registered ? showMainMenu(ctx) : showHelp(ctx)));
  pm.callbackQuery(menuCb.pattern, async (ctx) => {
    const data = menuCb.unpack(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    switch (data?.action) {
      case "profile":
        return screens.profile(ctx);
      case "language":
        return screens.language(ctx);
      case "privacy":
        return screens.privacy(ctx);
      case "admin":
        return screens.admin(ctx);
      case "help":
        return showHelp(ctx);
      default:
        await ctx.reply(ctx.t("errors-stale-button"));
    }
  });
  return composer;
}
