import { Composer, type Filter } from "grammy";
import { answerStale, parseId } from "../../bot/callback-data.js";
import type { BotContext } from "../../bot/context.js";
import { DomainError } from "../../shared/errors.js";
import { trusted } from "../../shared/html.js";
import { isAdmin } from "../members/members.types.js";
import {
  backToGroupKeyboard,
  FLOOD_PRESETS,
  GROUP_LOCALES,
  joinPolicyFromCode,
  JOIN_POLICY_CODES,
  MUTE_MINUTES,
  NEWCOMER_HOURS,
  settingsCb,
  settingsKeyboard,
  settingsListKeyboard,
  SWITCHES,
  type SwitchCode,
} from "./groups.keyboards.js";
import { refreshGroupTexts } from "./groups.link.feature.js";
import { startGroupLink } from "./groups.link.setup.js";
import type { GroupSettingsPatch } from "./groups.repository.js";
import type { GroupView } from "./groups.types.js";

type CallbackCtx = Filter<BotContext, "callback_query">;
interface Screen {
  text: string;
  reply_markup: ReturnType<typeof settingsKeyboard>;
}

function listScreen(ctx: BotContext, groups: readonly GroupView[]): Screen {
  const text = groups.length ? ctx.t("groups-settings-list") : ctx.t("groups-settings-list-empty");
  return { text, reply_markup: settingsListKeyboard(ctx.t, groups, startGroupLink(ctx.me.username)) };
}

function groupScreen(ctx: BotContext, g: GroupView): Screen {
  const text = ctx.t("groups-settings-group", {
    title: g.title,
    status: trusted(ctx.t(g.isActive ? (g.missingRights.length ? "groups-status-missing-rights" : "groups-status-active") : "groups-status-inactive")),
    policy: trusted(ctx.t(`groups-policy-${JOIN_POLICY_CODES[g.joinPolicy]}`)),
    locale: trusted(ctx.t(`groups-locale-${g.locale === "en" ? "en" : "ru"}-button`)),
    hours: g.newcomerHours,
    messages: g.flood.messages,
    seconds: g.flood.seconds,
    minutes: g.flood.muteMinutes,
  });
  return { text, reply_markup: settingsKeyboard(ctx.t, g) };
}

/** /groupsettings: the linked groups (community admins only), and the button that adds the bot to another group. */
export async function showGroupSettings(ctx: BotContext): Promise<void> {
  if (!isAdmin(ctx.member)) return void (await ctx.reply(ctx.t("groups-admins-only")));
  const screen = listScreen(ctx, await ctx.services.groups.linked());
  await ctx.reply(screen.text, { reply_markup: screen.reply_markup });
}

/** Every button of /groupsettings: admins only (a forged button from anyone else changes nothing). */
async function adminOnly(ctx: CallbackCtx): Promise<boolean> {
  if (isAdmin(ctx.member)) return true;
  await ctx.answerCallbackQuery({ text: ctx.t("groups-admins-only"), show_alert: true });
  return false;
}

/** The group of a button, for an admin; undefined (answered) when it is gone or unlinked. */
async function groupOf(ctx: CallbackCtx, rawId: string | undefined): Promise<GroupView | undefined> {
  const id = parseId(rawId);
  if (id === undefined) return void (await answerStale(ctx));
  try {
    return await ctx.services.groups.forSettings(ctx.member, id);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true });
    return undefined;
  }
}

async function edit(ctx: CallbackCtx, screen: Screen): Promise<void> {
  await ctx.editMessageText(screen.text, { reply_markup: screen.reply_markup });
}

/** Applies one change through GroupsService.updateSettings (which invalidates the registry's cache) and shows the screen again. */
async function change(ctx: CallbackCtx, group: GroupView, patch: GroupSettingsPatch): Promise<void> {
  const fresh = await ctx.services.groups.updateSettings(ctx.member, group, patch);
  await ctx.answerCallbackQuery({ text: ctx.t("groups-settings-saved") });
  await edit(ctx, groupScreen(ctx, fresh));
  // The pinned rules name the newcomer period and are in the group's language; topic names too.
  const languageChanged = patch.locale !== undefined && patch.locale !== group.locale;
  const hoursChanged = patch.newcomerHours !== undefined && patch.newcomerHours !== group.newcomerHours;
  if (fresh.isActive && (languageChanged || hoursChanged)) await refreshGroupTexts(ctx, fresh, languageChanged);
}

/** A settings button: admin check, the group, then the action's own checks of its arguments. */
function onGroup(apply: (ctx: CallbackCtx, group: GroupView, args: string[]) => Promise<void>) {
  return settingsCb.handle<CallbackCtx>(async (ctx, [rawId, ...args]) => {
    if (!(await adminOnly(ctx))) return;
    const group = await groupOf(ctx, rawId);
    if (group) await apply(ctx, group, args);
  });
}

const int = (raw: string | undefined) => (raw !== undefined && /^\d{1,5}$/.test(raw) ? Number(raw) : undefined);

/** /groupsettings in the private chat and its buttons, one handler per action. */
export function groupsSettingsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");
  pm.command("groupsettings", showGroupSettings);

  pm.callbackQuery(
    settingsCb.action("l"),
    settingsCb.handle<CallbackCtx>(async (ctx, args) => {
      if (!(await adminOnly(ctx))) return;
      if (args.length > 0) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await edit(ctx, listScreen(ctx, await ctx.services.groups.linked()));
    }),
  );
  pm.callbackQuery(
    settingsCb.action("o"),
    onGroup(async (ctx, group, args) => {
      if (args.length > 0) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await edit(ctx, groupScreen(ctx, group));
    }),
  );
  pm.callbackQuery(
    settingsCb.action("s"),
    onGroup(async (ctx, group, args) => {
      if (args.length > 0) return answerStale(ctx);
      const days = await ctx.services.groups.statistics(ctx.member, group, 7);
      const total = days.reduce(
        (s, d) => ({ joins: s.joins + d.joins, leaves: s.leaves + d.leaves, messages: s.messages + d.messages, actions: s.actions + d.actions }),
        {
          joins: 0,
          leaves: 0,
          messages: 0,
          actions: 0,
        },
      );
      const lines = days.map((d) => ctx.t("groups-stats-day", { ...d }));
      await ctx.answerCallbackQuery();
      await ctx.editMessageText([ctx.t("groups-stats-title", { title: group.title, ...total }), ...lines].join("\n"), {
        reply_markup: backToGroupKeyboard(ctx.t, group.id),
      });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("p"),
    onGroup(async (ctx, group, [code, ...rest]) => {
      const joinPolicy = joinPolicyFromCode(code);
      if (!joinPolicy || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { joinPolicy });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("g"),
    onGroup(async (ctx, group, [locale, ...rest]) => {
      if (!GROUP_LOCALES.some((l) => l === locale) || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { locale });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("n"),
    onGroup(async (ctx, group, [raw, ...rest]) => {
      const hours = int(raw);
      if (!NEWCOMER_HOURS.some((h) => h === hours) || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { newcomerHours: hours });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("f"),
    onGroup(async (ctx, group, [rawMessages, rawSeconds, ...rest]) => {
      const messages = int(rawMessages);
      const seconds = int(rawSeconds);
      if (!FLOOD_PRESETS.some(([m, s]) => m === messages && s === seconds) || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { floodMessages: messages, floodSeconds: seconds });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("m"),
    onGroup(async (ctx, group, [raw, ...rest]) => {
      const minutes = int(raw);
      if (!MUTE_MINUTES.some((m) => m === minutes) || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { floodMuteMinutes: minutes });
    }),
  );
  pm.callbackQuery(
    settingsCb.action("b"),
    onGroup(async (ctx, group, [code, value, ...rest]) => {
      if (!code || !(code in SWITCHES) || (value !== "0" && value !== "1") || rest.length > 0) return answerStale(ctx);
      await change(ctx, group, { [SWITCHES[code as SwitchCode]]: value === "1" });
    }),
  );
  return composer;
}
