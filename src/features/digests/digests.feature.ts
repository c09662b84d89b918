import { Composer, type InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { DomainError } from "../../shared/errors.js";
import { escapeHtml, trusted, type TrustedHtml } from "../../shared/html.js";
import { localName, type CatalogueItem } from "../catalogue/catalogue.service.js";
import { digCb, frequencyFromCode, gradesKeyboard, settingsKeyboard, subjectsKeyboard } from "./digests.keyboards.js";
import type { DigestSettings } from "./digests.service.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";

type Screen = "main" | "subjects" | "grades";
interface View {
  text: string;
  reply_markup: InlineKeyboard;
}

function names(items: CatalogueItem[], codes: readonly string[], locale: string): string {
  const wanted = new Set(codes);
  return items
    .filter((i) => wanted.has(i.code))
    .map((i) => localName(i, locale))
    .join(", ");
}

/** "Математика, Физика (как в профиле)", or a note that there are none; HTML, to insert as is. */
function listText(ctx: BotContext, items: CatalogueItem[], codes: readonly string[], followsProfile: boolean): TrustedHtml {
  const list = codes.length ? trusted(escapeHtml(names(items, codes, ctx.locale))) : trusted(ctx.t("digests-none"));
  return followsProfile ? trusted(ctx.t("digests-as-in-profile", { list })) : list;
}

async function render(ctx: BotContext, screen: Screen, s: DigestSettings): Promise<View> {
  const { catalogue } = ctx.services;
  const [subjects, grades] = await Promise.all([catalogue.subjects(), catalogue.grades()]);
  if (screen === "subjects") {
    return {
      text: ctx.t("digests-subjects-title", { mode: trusted(ctx.t(s.followsProfileSubjects ? "digests-mode-profile" : "digests-mode-own")) }),
      reply_markup: subjectsKeyboard(ctx.t, ctx.locale, subjects, s),
    };
  }
  if (screen === "grades") {
    return {
      text: ctx.t("digests-grades-title", { mode: trusted(ctx.t(s.followsProfileGrades ? "digests-mode-profile" : "digests-mode-own")) }),
      reply_markup: gradesKeyboard(ctx.t, ctx.locale, grades, s),
    };
  }
  const next =
    s.frequency === "OFF" || !s.nextDueAt ? ctx.t("digests-next-off") : ctx.t("digests-next", { time: formatZonedTime(s.nextDueAt, s.timezone, toLocale(ctx.locale)) });
  return {
    text: ctx.t("digests-settings", {
      frequency: trusted(ctx.t(`digests-frequency-${s.frequency}`)),
      subjects: listText(ctx, subjects, s.subjectCodes, s.followsProfileSubjects),
      grades: listText(ctx, grades, s.gradeCodes, s.followsProfileGrades),
      next: trusted(next),
    }),
    reply_markup: settingsKeyboard(ctx.t, s),
  };
}

/** /subscriptions and the main menu's button: the member's digest settings. */
export async function showSubscriptions(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const settings = await ctx.services.digests.settings(ctx.member);
  const view = await render(ctx, "main", settings);
  await ctx.reply(view.text, { reply_markup: view.reply_markup });
}

/** /subscriptions: frequency, subjects and grades of the member's digest. */
export function digestsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("subscriptions", showSubscriptions);

  pm.callbackQuery(digCb.pattern, async (ctx) => {
    const data = digCb.unpack(ctx.callbackQuery.data);
    if (!data) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") }));
    if (!ctx.member?.registered) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors-not-registered"), show_alert: true }));
    const { digests } = ctx.services;
    const member = ctx.member;
    const [arg, extra] = data.args;
    let screen: Screen;
    let settings: DigestSettings;
    let toast: string | undefined;
    try {
      switch (data.action) {
        case "m":
        case "s":
        case "g":
          if (arg !== undefined) return stale(ctx);
          screen = data.action === "s" ? "subjects" : data.action === "g" ? "grades" : "main";
          settings = await digests.settings(member);
          break;
        case "f": {
          const frequency = frequencyFromCode(arg);
          if (!frequency || extra !== undefined) return stale(ctx);
          settings = await digests.setFrequency(member, frequency);
          screen = "main";
          toast = ctx.t(`digests-set-${frequency}`);
          break;
        }
        case "st":
        case "gt":
          if (arg === undefined || extra !== undefined) return stale(ctx);
          settings = data.action === "st" ? await digests.toggleSubject(member, arg) : await digests.toggleGrade(member, arg);
          screen = data.action === "st" ? "subjects" : "grades";
          break;
        case "sp":
        case "gp":
          if (arg !== undefined) return stale(ctx);
          settings = data.action === "sp" ? await digests.useProfileSubjects(member) : await digests.useProfileGrades(member);
          screen = data.action === "sp" ? "subjects" : "grades";
          break;
        default:
          return stale(ctx);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return void (await ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true }));
    }
    await ctx.answerCallbackQuery(toast ? { text: toast } : {});
    const view = await render(ctx, screen, settings);
    await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
  });
  return composer;
}

async function stale(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
}
