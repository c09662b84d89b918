import { GrammyError, InlineKeyboard, type Api } from "grammy";
import type { Translator } from "../../bot/i18n.js";
import type { Processor } from "../../jobs/workers.js";
import { truncate } from "../../shared/html.js";
import type { MembersService } from "../members/members.service.js";
import { matCb } from "./materials.keyboards.js";
import type { MaterialsRepository } from "./materials.repository.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Tells a material's author about a moderation decision. */
    "materials.notify-author": { materialId: number; event: "approved" | "rejected" | "changes" | "unpublished" | "deleted" | "hidden" };
    /** Tells a material's author about new comments (batched). */
    "materials.notify-comments": { materialId: number };
  }
}

interface Deps {
  api: Api;
  translator: Translator;
  materials: MaterialsRepository;
  members: MembersService;
}

/** Sends a message to a member; a member who blocked the bot is marked inactive instead. */
async function deliver(deps: Deps, telegramId: bigint, text: string, keyboard?: InlineKeyboard): Promise<void> {
  try {
    await deps.api.sendMessage(Number(telegramId), text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 403) {
      await deps.members.setReachable(telegramId, false);
      return;
    }
    throw error;
  }
}

/**
 * "materials.notify-author": tells the author what a moderator decided, with
 * the reason. The text is built from the material's current state, so a retry
 * after a crash sends the same message.
 */
export function notifyAuthorProcessor(deps: Deps): Processor<"materials.notify-author"> {
  return async ({ materialId, event }) => {
    const [contact, m] = await Promise.all([deps.materials.authorContact(materialId), deps.materials.find(materialId)]);
    if (!contact || !m) return;
    const t = deps.translator.forLocale(contact.locale);
    const text = t(`materials-notify-${event}`, { title: truncate(m.title, 200), reason: truncate(m.moderatorNote ?? "", 1000), id: m.id });
    const keyboard = event === "deleted" ? undefined : new InlineKeyboard().text(t("materials-open-card"), matCb.pack("card", m.id));
    await deliver(deps, contact.telegramId, text, keyboard);
  };
}

/**
 * "materials.notify-comments": one message about every comment that arrived
 * since the last one (the job is delayed and deduplicated per material, so a
 * burst of comments becomes one notification).
 */
export function notifyCommentsProcessor(deps: Deps): Processor<"materials.notify-comments"> {
  return async ({ materialId }) => {
    const m = await deps.materials.find(materialId);
    const contact = await deps.materials.authorContact(materialId);
    if (!m || !contact || m.deleted) return;
    const count = await deps.materials.takeUnnotifiedComments(materialId, m.authorId);
    if (count === 0) return;
    const t = deps.translator.forLocale(contact.locale);
    await deliver(
      deps,
      contact.telegramId,
      t("materials-notify-comments", { count, title: truncate(m.title, 200) }),
      new InlineKeyboard().text(t("materials-comments-open"), matCb.pack("com", m.id, 0)),
    );
  };
}
