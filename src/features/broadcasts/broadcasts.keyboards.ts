import { InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import { createCallbackCodec } from "../../bot/callback-data.js";
import { stepCb } from "../../bot/questionnaire.js";
import type { BroadcastView } from "./broadcasts.types.js";

/**
 * Buttons of broadcast messages outside the composing conversation: Cancel on
 * the progress message, and the /broadcasts history ("open", "page", "cancel").
 */
export const broadcastsCb = createCallbackCodec("bc", 1);

/** Under a progress message or a history card: Cancel while it can be cancelled. */
export function broadcastKeyboard(t: Translate, broadcast: Pick<BroadcastView, "id" | "status">, back?: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (broadcast.status === "SCHEDULED" || broadcast.status === "SENDING") kb.text(t("broadcasts-cancel-button"), broadcastsCb.pack("cancel", broadcast.id)).row();
  if (back !== undefined) kb.text(t("broadcasts-history-back"), broadcastsCb.pack("page", back));
  return kb;
}

/** A multi-select over (code, label) pairs, paged when long; buttons go through the questionnaire (stepCb). */
export function pickKeyboard(
  t: Translate,
  items: ReadonlyArray<{ code: string; label: string }>,
  selected: ReadonlySet<string>,
  page: number,
  perPage: number,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = items.slice(current * perPage, (current + 1) * perPage);
  for (let i = 0; i < shown.length; i += 2) {
    for (const item of shown.slice(i, i + 2)) kb.text(selected.has(item.code) ? `✅ ${item.label}` : item.label, stepCb.pack("toggle", item.code));
    kb.row();
  }
  if (pages > 1) {
    kb.text(current > 0 ? "◀️" : " ", stepCb.pack("page", current > 0 ? current - 1 : current));
    kb.text(`${current + 1}/${pages}`, stepCb.pack("page", current));
    kb.text(current < pages - 1 ? "▶️" : " ", stepCb.pack("page", current < pages - 1 ? current + 1 : current));
    kb.row();
  }
  kb.text(t("broadcasts-pick-done", { count: selected.size }), stepCb.pack("main"));
  return kb;
}
