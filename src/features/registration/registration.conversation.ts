import { InlineKeyboard } from "grammy";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { ProfileInput } from "../members/members.types.js";
import { mainMenuKeyboard } from "../menu/menu.keyboards.js";
import { confirmKeyboard, consentKeyboard } from "./registration.keyboards.js";
import {
  askCity,
  askExperience,
  askFullName,
  askGrades,
  askLanguage,
  askOrganisation,
  askRegion,
  askRole,
  askSubjects,
  askTimezone,
  renderProfile,
} from "./registration.steps.js";
import { attempt, BACK, CANCEL, runStep, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import type { Locale } from "../../shared/locale.js";

export const REGISTRATION = "registration";

type Draft = Partial<ProfileInput>;

/**
 * Registration: consent first (152-FZ: a separate document and an explicit
 * "I agree"), then the profile questions with Back and Cancel everywhere, a
 * summary, and one write to the database at the very end. Until then the
 * answers live only in the conversation state in Redis.
 */
export function createRegistrationConversation(deps: ConversationDeps) {
  const { translator } = deps;
  const { catalogue, profile, members } = deps.services;

  return async function registration(conversation: BotConversation, ctx: ConvContext, payload?: string) {
    const from = ctx.from;
    if (!from) return;
    let locale: Locale = translator.fromTelegram(from.language_code);
    let t = translator.forLocale(locale);
    const env: StepEnv = { conversation, t, locale, catalogue, back: false, ctx };

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

    const draft: Draft = {};
    const apply = <T>(result: StepResult<T>, set: (value: T) => void): StepResult<T> => {
      if (result !== BACK && result !== CANCEL) set(result);
      return result;
    };
    const steps: Array<() => Promise<StepResult<unknown>>> = [
      async () => apply(await askFullName(env, draft.fullName), (v) => (draft.fullName = v)),
      async () => apply(await askRole(env, draft.professionalRole), (v) => (draft.professionalRole = v)),
      async () => apply(await askSubjects(env, draft.subjectCodes), (v) => (draft.subjectCodes = v)),
      async () => apply(await askGrades(env, draft.gradeCodes), (v) => (draft.gradeCodes = v)),
      async () => apply(await askRegion(env, draft.regionCode), (v) => (draft.regionCode = v)),
      async () => apply(await askCity(env, draft.city), (v) => (draft.city = v)),
      async () => apply(await askOrganisation(env, draft.organisation), (v) => (draft.organisation = v)),
      async () => apply(await askExperience(env, draft.experienceYears), (v) => (draft.experienceYears = v)),
      async () => {
        const region = draft.regionCode ? await catalogue.region(draft.regionCode) : undefined;
        const suggested = region?.timezone ?? deps.config.defaultTimezone;
        return apply(await askTimezone(env, suggested), (v) => (draft.timezone = v));
      },
      async () =>
        apply(await askLanguage(env), (v) => {
          locale = env.locale = v;
          env.t = t = translator.forLocale(v);
        }),
    ];

    let index = 0;
    for (;;) {
      if (index < steps.length) {
        env.back = index > 0;
        env.header = t("registration-step", { n: index + 1, total: steps.length });
        const result = await steps[index]!();
        if (result === CANCEL) {
          await env.ctx.reply(t("registration-cancelled"));
          return;
        }
        index = result === BACK ? Math.max(0, index - 1) : index + 1;
        continue;
      }

      // Summary and confirmation.
      env.back = true;
      env.header = undefined;
      const input = draft as ProfileInput;
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
        index = steps.length - 1;
        continue;
      }

      const outcome = await attempt(conversation, async () => {
        const member = await profile.register({
          telegramId: BigInt(from.id),
          username: from.username ?? null,
          locale,
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
        reply_markup: mainMenuKeyboard(t, outcome.value),
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
