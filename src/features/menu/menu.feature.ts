import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { mainMenuKeyboard, menuCb } from "./menu.keyboards.js";

import type { MenuScreen } from "../../bot/feature.js";

/** A moderator whom the settings allow to broadcast sees the broadcast commands too (admins have them by role). */
async function moderatorBroadcasts(ctx: BotContext): Promise<boolean> {
  return ctx.member?.role === "MODERATOR" && (await ctx.services.broadcasts.mayBroadcast(ctx.member));
}

export async function showMainMenu(ctx: BotContext): Promise<void> {
  const keyboard = mainMenuKeyboard(ctx.t, ctx.member?.role ?? "MEMBER", { broadcasts: await moderatorBroadcasts(ctx), extra: ctx.deps.menuButtons });
  await ctx.reply(ctx.t("menu-title"), { reply_markup: keyboard });
}

export async function showHelp(ctx: BotContext): Promise<void> {
  const role = ctx.member?.role ?? "MEMBER";
  const commands = [...ctx.deps.commands.commandsFor(role), ...((await moderatorBroadcasts(ctx)) ? ["broadcast", "broadcasts"] : [])];
  const lines = commands.map((c) => `/${c} — ${ctx.t(`command-${c}`)}`);
  await ctx.reply(`${ctx.t("help-intro")}\n\n${lines.join("\n")}${ctx.member?.registered ? "" : `\n\n${ctx.t("help-register")}`}`);
}

/** /help, /menu and the main menu's buttons (each opens a feature's screen). */
export function menuFeature(screens: Record<string, MenuScreen>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("help", showHelp);
  pm.command("menu", async (ctx) => (ctx.member?.registered ? showMainMenu(ctx) : showHelp(ctx)));
  pm.callbackQuery(menuCb.pattern, async (ctx) => {
    const action = menuCb.unpack(ctx.callbackQuery.data)?.action;
    const screen = action === "help" ? showHelp : action !== undefined && Object.hasOwn(screens, action) ? screens[action] : undefined;
    if (!screen) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    await ctx.answerCallbackQuery();
    await screen(ctx);
  });
  return composer;
}
