import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import { runForm } from "../../bot/form/run-form.js";
import { attempt, BACK, CANCEL, runStep, type StepEnv } from "../../bot/questionnaire.js";
import { mainMenuKeyboard } from "../menu/menu.keyboards.js";
import { profileForm, type ProfileFormDraft } from "../profile/profile.form.js";
import { renderProfile } from "../profile/profile.render.js";
import { confirmKeyboard, consentKeyboard } from "./registration.keyboards.js";
import type { Locale } from "../../shared/locale.js";

export const REGISTRATION = "registration";

/**
 * Registration: consent first (152-FZ: a separate document and an explicit
 * "I agree"), then the profile questions with Back and Cancel everywhere, a
 * summary, and one write to the database at the very end. Until then the
 * answers live only in the conversation state in Redis.
 */
export function createRegistrationConversation(deps: ConversationDeps) {
  const { translator } = deps;
  const { catalogue, profile, members } = deps.services;
  const form = profileForm({ catalogue, defaultTimezone: deps.config.defaultTimezone });

  return async function registration(conversation: BotConversation, ctx: ConvContext, payload?: string) {
    const from = ctx.from;
    if (!from) return;
    let locale: Locale = translator.fromTelegram(from.language_code);
    let t = translator.forLocale(locale);
    const env: StepEnv = { conversation, t, locale, back: false, ctx };

    const consent = await runStep<null, "agree" | "refuse">(env, {
      initial: null,
      render: () => ({
        text: `${t("registration-welcome", { name: from.first_name })}\n\n${t("consent-document")}`,
        keyboard: consentKeyboard(t),
      }),
      onCallback: (data) => (data.action === "agree" || data.action === "refuse" ? { value: data.action } : undefined),
      answered: (v) => (v === "agree" ? t("consent-given") : t("consent-refused-short")),
    });
    if (consent === CANCEL || consent === BACK) {
      await env.ctx.reply(t("registration-cancelled"));
      return;
    }
    const consentAt = new Date(await conversation.now());
    if (consent === "refuse") {
      await conversation.external(() => members.recordRefusal(BigInt(from.id), consentAt));
      await env.ctx.reply(t("consent-refused"));
      return;
    }

    const draft: Partial<ProfileFormDraft> = {};
    /** Where the questions start: the first, or the last one after Back from the summary. */
    let start: keyof ProfileFormDraft | undefined;
    for (;;) {
      const filled = await runForm(env, form, draft, {
        from: start,
        header: (n, total) => t("registration-step", { n, total }),
        answered: (key, d) => {
          // The questions after it, the summary and the bot from now on speak the language chosen.
          if (key !== "language" || !d.language) return;
          locale = env.locale = d.language;
          env.t = t = translator.forLocale(d.language);
        },
      });
      if (filled === CANCEL || filled === BACK) {
        await env.ctx.reply(t("registration-cancelled"));
        return;
      }

      // Summary and confirmation.
      env.back = true;
      env.header = undefined;
      const { language, ...input } = filled;
      const card = await renderProfile(t, locale, catalogue, input);
      const confirmed = await runStep<null, "confirm">(env, {
        initial: null,
        render: () => ({ text: `${t("registration-summary")}\n\n${card}`, keyboard: confirmKeyboard(t) }),
        onCallback: (data) => (data.action === "confirm" ? { value: "confirm" } : undefined),
        answered: () => `${t("registration-summary-confirmed")}\n\n${card}`,
      });
      if (confirmed === CANCEL) {
        await env.ctx.reply(t("registration-cancelled"));
        return;
      }
      if (confirmed === BACK) {
        start = "language";
        continue;
      }

      const outcome = await attempt(conversation, async () => {
        const member = await profile.register({
          telegramId: BigInt(from.id),
          username: from.username ?? null,
          locale: language,
          consentAt,
          profile: input,
        });
        return member.role;
      });
      if (!outcome.ok) {
        await env.ctx.reply(t(outcome.key, outcome.vars));
        return;
      }
      await env.ctx.reply(t("registration-done", { name: input.fullName }), {
        reply_markup: mainMenuKeyboard(t, outcome.value, { extra: deps.menuButtons }),
      });
      if (payload) {
        const me = ctx.me.username;
        await env.ctx.reply(t("registration-continue-link"), {
          reply_markup: new InlineKeyboard().url(t("registration-continue-button"), `https://t.me/${me}?start=${payload}`),
        });
      }
      return;
    }
  };
}
