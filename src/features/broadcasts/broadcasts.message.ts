import type { Message } from "grammy/types";

/** What can be broadcast: the kinds copyMessage copies faithfully. */
export const COPYABLE_KINDS = [
  "text",
  "photo",
  "video",
  "document",
  "audio",
  "voice",
  "animation",
  "video_note",
  "sticker",
  "location",
  "venue",
  "contact",
  "poll",
] as const;
export type CopyableKind = (typeof COPYABLE_KINDS)[number];

/** How the history shows a message's kind next to its first words (language-neutral). */
const KIND_MARK: Record<CopyableKind, string> = {
  text: "",
  photo: "🖼",
  video: "🎬",
  document: "📄",
  audio: "🎵",
  voice: "🎤",
  animation: "🎞",
  video_note: "⏺",
  sticker: "🏷",
  location: "📍",
  venue: "📍",
  contact: "👤",
  poll: "📊",
};

export type MessageCheck =
  | { ok: true; kind: CopyableKind; summary: string; albumId: string | undefined }
  | { ok: false; error: "broadcasts-message-protected" | "broadcasts-message-uncopyable" | "broadcasts-message-quiz" };

/**
 * Whether a message the author sent can be broadcast with copyMessage, and a
 * short summary of it for the history. Refused: protected content (Telegram
 * refuses to copy it), quizzes (the bot cannot see the right answer of a
 * quiz it did not create), dice (a copy rolls again), and anything that is
 * not content (service messages, invoices, games, stories, paid media).
 */
export function checkBroadcastMessage(message: Message): MessageCheck {
  if (message.has_protected_content) return { ok: false, error: "broadcasts-message-protected" };
  const m = message as unknown as Record<string, unknown>;
  if ("dice" in m || "game" in m || "invoice" in m || "story" in m || "paid_media" in m || "giveaway" in m) {
    return { ok: false, error: "broadcasts-message-uncopyable" };
  }
  if (message.poll?.type === "quiz") return { ok: false, error: "broadcasts-message-quiz" };
  // Venue before location: a venue message carries both.
  const order: CopyableKind[] = ["venue", ...COPYABLE_KINDS.filter((k) => k !== "venue")];
  const kind = order.find((k) => m[k] !== undefined);
  if (!kind) return { ok: false, error: "broadcasts-message-uncopyable" };
  const words = message.text ?? message.caption ?? message.poll?.question ?? "";
  return { ok: true, kind, summary: `${KIND_MARK[kind]} ${words}`.trim(), albumId: message.media_group_id };
}
