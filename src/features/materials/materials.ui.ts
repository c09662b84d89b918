import type { Context, InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import { escapeHtml, html, trusted, truncate, visibleLength, type TrustedHtml } from "../../shared/html.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { isStaff, type MemberState } from "../members/members.types.js";
import { cardKeyboard, moderationKeyboard } from "./materials.keyboards.js";
import { renderCard } from "./materials.render.js";
import { isVisible } from "./materials.service.js";
import type { MaterialView } from "./materials.types.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";
import type { MaterialCardLinks } from "./materials.card-links.js";

export interface UiDeps {
  t: Translate;
  locale: string;
  catalogue: CatalogueService;
  botUsername: string;
  /** Extra buttons other slices add under a published card (absent: none). */
  links?: MaterialCardLinks;
}

/** The card of a material as `viewer` sees it (text and buttons). */
export async function cardMessage(d: UiDeps, m: MaterialView, viewer: MemberState | undefined, back?: string): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const own = viewer?.id === m.authorId;
  const staff = isStaff(viewer);
  const text = await renderCard(d.t, d.locale, d.catalogue, m, { showStatus: own || staff });
  const visible = isVisible(m);
  const links = visible && d.links ? await d.links.of(m.id) : [];
  return { text, reply_markup: cardKeyboard(d.t, m, { botUsername: d.botUsername, visible, own, staff, back, links }) };
}

/** A card short enough for a caption (1,024 characters): the description shrinks first. */
export async function captionFor(d: UiDeps, m: MaterialView, header: string): Promise<TrustedHtml> {
  for (const max of [500, 250, 100, 0]) {
    const card = await renderCard(d.t, d.locale, d.catalogue, { ...m, tags: max === 0 ? [] : m.tags }, { descriptionMax: max, showStatus: false });
    const caption = `${header}\n\n${card}`;
    if (visibleLength(caption) <= 1024) return trusted(caption);
  }
  return trusted(header);
}

/** The caption of a downloaded file: its title (escaped; titles are at most 200 characters). */
export function downloadCaption(m: Pick<MaterialView, "title">): TrustedHtml {
  return html`<b>${truncate(m.title, 200)}</b>`;
}

/**
 * Sends the material itself (by file_id) with a caption and buttons; links go as a message.
 * The caption is HTML the bot built (TrustedHtml), so a raw title cannot reach it by mistake.
 */
export async function sendMaterialFile(ctx: Context, m: MaterialView, caption: TrustedHtml, reply_markup?: InlineKeyboard): Promise<void> {
  const chatId = ctx.chatId!;
  const other = { caption: caption.value, reply_markup };
  switch (m.kind) {
    case "DOCUMENT":
      await ctx.api.sendDocument(chatId, m.fileId, other);
      return;
    case "PHOTO":
      await ctx.api.sendPhoto(chatId, m.fileId, other);
      return;
    case "VIDEO":
      await ctx.api.sendVideo(chatId, m.fileId, other);
      return;
    case "AUDIO":
      await ctx.api.sendAudio(chatId, m.fileId, other);
      return;
    case "LINK":
      await ctx.api.sendMessage(chatId, `${caption.value}\n\n${escapeHtml(m.url)}`.trim(), { reply_markup });
  }
}

/** The next pending material for a moderator (times in `timeZone`, the moderator's), or "the queue is empty". */
export async function sendModerationCard(ctx: Context, d: UiDeps, next: MaterialView | undefined, pending: number, timeZone: string): Promise<void> {
  if (!next) {
    await ctx.reply(d.t("moderation-queue-empty"));
    return;
  }
  const created = formatZonedTime(next.createdAt, timeZone, toLocale(d.locale));
  const header = d.t("moderation-card-header", { pending, id: next.id, created });
  await sendMaterialFile(ctx, next, await captionFor(d, next, header), moderationKeyboard(d.t, next.id));
}

/** Edits the message a button sits on, whether it is a text message or a captioned file. */
export async function editButtonMessage(ctx: Context, text: string, reply_markup?: InlineKeyboard): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (message && "caption" in message && message.caption !== undefined) {
    // Captions are limited to 1,024 characters; the text here is a short status line.
    await ctx.editMessageCaption({ caption: text, reply_markup });
  } else {
    await ctx.editMessageText(text, { reply_markup, link_preview_options: { is_disabled: true } });
  }
}
