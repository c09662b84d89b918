import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { createCallbackCodec } from "../../bot/callback-data.js";
import { SETTING_KEYS, type SettingKey, type Settings } from "./settings.service.js";

/** Settings buttons: "toggle" with the setting's short code and the value the admin saw (0/1). */
export const settingsCb = createCallbackCodec("set", 1);
/** Short codes of settings in callback data. */
const SETTING_CODES: Record<string, SettingKey> = { mod: "broadcast.moderators", paid: "broadcast.paid", cmod: "contests.moderators" };
const codeOf = (key: SettingKey) => Object.entries(SETTING_CODES).find(([, k]) => k === key)![0];

function settingsView(ctx: BotContext, settings: Settings): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  const lines = [ctx.t("settings-title")];
  for (const key of SETTING_KEYS) {
    const name = key.replace(/\./g, "-");
    lines.push("", ctx.t(`settings-${name}`, { state: ctx.t(settings[key] ? "settings-on" : "settings-off") }));
    kb.text(
      ctx.t(`settings-${name}-button`, { state: ctx.t(settings[key] ? "settings-on" : "settings-off") }),
      settingsCb.pack("toggle", codeOf(key), settings[key] ? 1 : 0),
    ).row();
  }
  if (settings["broadcast.paid"]) lines.push("", ctx.t("settings-paid-rate", { rate: ctx.deps.config.paidSendRatePerSecond }));
  return { text: lines.join("\n"), keyboard: kb };
}

/** /settings: community-wide switches (admins only). */
export async function showSettings(ctx: BotContext): Promise<void> {
  if (ctx.member?.role !== "ADMIN") return void (await ctx.reply(ctx.t("admin-only")));
  const view = settingsView(ctx, await ctx.services.settings.all());
  await ctx.reply(view.text, { reply_markup: view.keyboard });
}

export function settingsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").command("settings", showSettings);
  composer.on("callback_query:data", async (ctx, next) => {
    const data = settingsCb.unpack(ctx.callbackQuery.data);
    if (!data) return next();
    const key = data.action === "toggle" ? SETTING_CODES[data.args[0] ?? ""] : undefined;
    const shown = data.args[1];
    if (!key || (shown !== "0" && shown !== "1")) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    if (ctx.member?.role !== "ADMIN") return void (await ctx.answerCallbackQuery({ text: ctx.t("admin-only"), show_alert: true }));
    const { settings } = ctx.services;
    // A refusal (DomainError) is answered by the bot's error boundary, as an alert.
    // The button says what the admin saw: a second tap (or another admin's change meanwhile) does not flip it back.
    const current = await settings.get(key);
    const wanted = shown === "0";
    const updated = current === wanted ? await settings.all() : await settings.set(ctx.member, key, wanted);
    const view = settingsView(ctx, updated);
    await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
    await ctx.answerCallbackQuery();
  });
  return composer;
}
