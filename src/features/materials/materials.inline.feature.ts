import { Composer, InlineKeyboard } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import { truncate } from "../../shared/html.js";
import { normaliseSearchQuery, type MaterialListItem } from "./materials.search.js";

const INLINE_PAGE = 20;

function inlineResult(ctx: BotContext, m: MaterialListItem): InlineQueryResult | undefined {
  const id = `m${m.id}`;
  const description = truncate([ctx.t(`materials-type-${m.type}`), m.description].filter(Boolean).join(" · "), 200);
  const open = new InlineKeyboard().url(ctx.t("inline-open-in-bot"), `https://t.me/${ctx.me.username}?start=m_${m.id}`);
  const caption = truncate(m.title, 900);
  switch (m.kind) {
    case "DOCUMENT":
      return { type: "document", id, title: truncate(m.title, 200), document_file_id: m.fileId!, description, caption, reply_markup: open };
    case "PHOTO":
      return { type: "photo", id, photo_file_id: m.fileId!, title: truncate(m.title, 200), description, caption, reply_markup: open };
    case "VIDEO":
      return { type: "video", id, video_file_id: m.fileId!, title: truncate(m.title, 200), description, caption, reply_markup: open };
    case "AUDIO":
      return { type: "audio", id, audio_file_id: m.fileId!, caption, reply_markup: open };
    case "LINK":
      return {
        type: "article",
        id,
        title: truncate(m.title, 200),
        description,
        input_message_content: {
          message_text: ctx.t("inline-link-message", { title: m.title, url: m.url ?? "" }),
          parse_mode: "HTML",
          link_preview_options: { is_disabled: false },
        },
        reply_markup: open,
      };
    default:
      return undefined;
  }
}

/** Inline mode (in any chat): the member's query, or the newest materials of their subjects. */
export function inlineFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    if (!ctx.member?.registered) {
      await ctx.answerInlineQuery([], { cache_time: 10, is_personal: true, button: { text: ctx.t("inline-register"), start_parameter: "inline" } });
      return;
    }
    const { search, profile } = ctx.services;
    const page = /^\d{1,4}$/.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
    const q = normaliseSearchQuery(ctx.inlineQuery.query);
    const result = q
      ? await search.search(q, {}, INLINE_PAGE, page * INLINE_PAGE)
      : await search.newestForSubjects((await profile.get(ctx.member.id))?.subjectCodes ?? [], INLINE_PAGE, page * INLINE_PAGE);
    await ctx.answerInlineQuery(
      result.items.flatMap((m) => inlineResult(ctx, m) ?? []),
      { cache_time: 30, is_personal: !q, next_offset: result.hasMore ? String(page + 1) : "" },
    );
  });
  return composer;
}
