import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import { runForm } from "../../bot/form/run-form.js";
import { attempt, BACK, CANCEL, type StepEnv } from "../../bot/questionnaire.js";
import type { ProfileField } from "../members/members.types.js";
import { PROFILE_FIELDS } from "../members/members.types.js";
import { profileForm } from "./profile.form.js";
import { profileKeyboard } from "./profile.keyboards.js";
import { renderProfile } from "./profile.render.js";

export const PROFILE_EDIT = "profile-edit";

/** Edits one profile field with the same question as registration; Back or Cancel leave it as it was. */
export function createProfileEditConversation(deps: ConversationDeps) {
  const { catalogue, profile } = deps.services;
  const form = profileForm({ catalogue, defaultTimezone: deps.config.defaultTimezone });

  return async function profileEdit(conversation: BotConversation, ctx: ConvContext, field: ProfileField) {
    const who = await conversation.external((outer) => (outer.member ? { id: outer.member.id, locale: outer.member.locale } : undefined));
    const current = who
      ? await conversation.external(() => profile.get(who.id).then((p) => (p ? { ...p, registeredAt: p.registeredAt.toISOString() } : undefined)))
      : undefined;
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !current || !PROFILE_FIELDS.includes(field)) {
      await ctx.reply(t("errors-not-registered"));
      return;
    }
    const env: StepEnv = { conversation, t, locale: who.locale, back: true, ctx };
    const edited = await runForm(env, form, { ...current }, { only: field, back: true });
    if (edited === BACK || edited === CANCEL) {
      await env.ctx.reply(t("profile-edit-cancelled"));
      return;
    }
    const value = edited[field];
    const result = await attempt(conversation, async () => {
      const view = await profile.update(who.id, field, value);
      return renderProfile(t, who.locale, catalogue, view);
    });
    if (!result.ok) {
      await env.ctx.reply(t(result.key, result.vars));
      return;
    }
    let card = result.value;
    // A new region usually means a new time zone: offer the region's own, as registration does.
    if (field === "regionCode" && edited.regionCode !== current.regionCode) {
      const region = edited.regionCode;
      const zone = await conversation.external(async () => (await catalogue.region(region))?.timezone);
      if (zone && zone !== current.timezone) {
        await env.ctx.reply(t("profile-region-changed"));
        const picked = await runForm(env, form, { ...current, regionCode: region }, { only: "timezone", back: true });
        if (picked !== BACK && picked !== CANCEL && picked.timezone !== current.timezone) {
          const timezone = picked.timezone;
          const updated = await attempt(conversation, async () => {
            const view = await profile.update(who.id, "timezone", timezone);
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
