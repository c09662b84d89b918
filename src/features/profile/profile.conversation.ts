import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { ProfileField, ProfileInput } from "../members/members.types.js";
import {
  askCity,
  askExperience,
  askFullName,
  askGrades,
  askOrganisation,
  askRegion,
  askRole,
  askSubjects,
  askTimezone,
  renderProfile,
} from "../registration/registration.steps.js";
import { attempt, BACK, CANCEL, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { PROFILE_FIELDS } from "../members/members.types.js";
import { profileKeyboard } from "./profile.keyboards.js";

export const PROFILE_EDIT = "profile-edit";

/** Edits one profile field with the same question as registration; Back or Cancel leave it as it was. */
export function createProfileEditConversation(deps: ConversationDeps) {
  const { catalogue, profile } = deps.services;

  return async function profileEdit(conversation: BotConversation, ctx: ConvContext, field: ProfileField) {
    const who = await conversation.external((outer) =>
      outer.member ? { id: outer.member.id, locale: outer.member.locale } : undefined,
    );
    const current = who ? await conversation.external(() => profile.get(who.id).then((p) => (p ? { ...p, registeredAt: p.registeredAt.toISOString() } : undefined))) : undefined;
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !current || !PROFILE_FIELDS.includes(field)) {
      await ctx.reply(t("errors-not-registered"));
      return;
    }
    const env: StepEnv = { conversation, t, locale: who.locale, catalogue, back: true, ctx };
    const ask: Record<ProfileField, () => Promise<StepResult<unknown>>> = {
      fullName: () => askFullName(env, current.fullName),
      professionalRole: () => askRole(env, current.professionalRole),
      subjectCodes: () => askSubjects(env, current.subjectCodes),
      gradeCodes: () => askGrades(env, current.gradeCodes),
      regionCode: () => askRegion(env, current.regionCode),
      city: () => askCity(env, current.city),
      organisation: () => askOrganisation(env, current.organisation),
      experienceYears: () => askExperience(env, current.experienceYears),
      timezone: async () => askTimezone(env, (await catalogue.region(current.regionCode))?.timezone ?? current.timezone),
    };
    const value = await ask[field]();
    if (value === BACK || value === CANCEL) {
      await env.ctx.reply(t("profile-edit-cancelled"));
      return;
    }
    const result = await attempt(conversation, async () => {
      const view = await profile.update(who.id, field, value as ProfileInput[typeof field]);
      return renderProfile(t, who.locale, catalogue, view);
    });
    if (!result.ok) {
      await env.ctx.reply(t(result.key, result.vars));
      return;
    }
    let card = result.value;
    // A new region usually means a new time zone: offer the region's own, as registration does.
    if (field === "regionCode" && value !== current.regionCode) {
      const zone = await conversation.external(async () => (await catalogue.region(value as string))?.timezone);
      if (zone && zone !== current.timezone) {
        await env.ctx.reply(t("profile-region-changed"));
        const picked = await askTimezone(env, zone);
        if (picked !== BACK && picked !== CANCEL && picked !== current.timezone) {
          const updated = await attempt(conversation, async () => {
            const view = await profile.update(who.id, "timezone", picked);
            return renderProfile(t, who.locale, catalogue, view);
          });
          if (!updated.ok) {
            await env.ctx.reply(t(updated.key, updated.vars));
            return;
          }
          card = updated.value;
        }
      }
    }
    await env.ctx.reply(`${t("profile-updated")}\n\n${card}`, { reply_markup: profileKeyboard(t) });
  };
}
