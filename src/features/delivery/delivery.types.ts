import type { Api } from "grammy";
import type { Message } from "grammy/types";
import type { DeliveryStatus } from "../../generated/prisma/enums.js";

export type { DeliveryStatus };

/** Every status, in the order a progress report lists them. */
export const DELIVERY_STATUSES = ["QUEUED", "SENDING", "SENT", "BLOCKED", "FAILED", "SKIPPED"] as const satisfies readonly DeliveryStatus[];

type SendMessageOther = NonNullable<Parameters<Api["sendMessage"]>[2]>;
type CopyMessageOther = NonNullable<Parameters<Api["copyMessage"]>[3]>;
type SendDocumentOther = NonNullable<Parameters<Api["sendDocument"]>[2]>;
type CopyMessagesOther = NonNullable<Parameters<Api["copyMessages"]>[3]>;

/**
 * What a renderer asks the sending path to send to one member: a Bot API call
 * without its chat_id. Texts and captions are HTML unless `parse_mode` says
 * otherwise (as everywhere in the bot).
 */
export type OutgoingMessage =
  | ({ method: "sendMessage"; text: string } & SendMessageOther)
  /** Copies a message (a broadcast the admin composed) so its formatting and media stay intact. */
  | ({ method: "copyMessage"; fromChatId: number | string; messageId: number } & CopyMessageOther)
  /** Copies several messages at once: an album stays an album. Telegram offers no paid mode for it. */
  | ({ method: "copyMessages"; fromChatId: number | string; messageIds: number[] } & CopyMessagesOther)
  /**
   * A Telegram file_id, or bytes made for this member (an .ics file, a certificate). `onSent` gets
   * the sent message (to keep the file_id Telegram gave the bytes); its failure is logged, not retried.
   */
  | ({
      method: "sendDocument";
      document: string | { bytes: Uint8Array; filename: string };
      onSent?: (sent: Message.DocumentMessage) => Promise<void>;
    } & SendDocumentOther);

/** The member a renderer renders for (no personal data beyond what sending needs). */
export interface DeliveryRecipient {
  id: number;
  telegramId: bigint;
  locale: string;
}

/**
 * Builds the message of one delivery when it is sent (not when it is queued,
 * so it shows the current state of what it is about). `undefined` means the
 * thing no longer applies (an event was cancelled): the delivery is SKIPPED.
 * Throwing retries the delivery with backoff.
 */
export type DeliveryRenderer = (refId: string, member: DeliveryRecipient) => Promise<OutgoingMessage | undefined>;

export interface EnqueueOptions {
  /** Not sent before this time (a delayed job); in the past or absent means as soon as the budget allows. */
  notBefore?: Date;
  /**
   * BullMQ priority, 1 (first) … 2,097,152; absent means before every
   * prioritised delivery. Lets a reminder that is due overtake a long broadcast.
   */
  priority?: number;
  /**
   * The paid lane: sent with allow_paid_broadcast on the send-paid queue and
   * its own budget (PAID_SEND_RATE_PER_SECOND), billed by Telegram in Stars.
   */
  paid?: boolean;
}

export interface EnqueueResult {
  /** Deliveries created now (one per member who had none for this kind and ref). */
  created: number;
  /** Members given, but not queued now: already had this delivery, or cannot be reached (inactive, erased, unknown). */
  ignored: number;
}

/** How one send (kind, refId) stands: a count per status, and their total. */
export type DeliveryProgress = Record<DeliveryStatus, number> & { total: number };

/** What one sweep (DeliveryService.sweep) found among deliveries QUEUED or SENDING for too long. */
export interface SweepResult {
  /** Deliveries looked at. */
  stale: number;
  /** Left alone: their job is still waiting, delayed or active. */
  live: number;
  /** Queued again with a new job: theirs was gone, or failed with turns left. */
  requeued: number;
  /** FAILED: their job failed and they had used up their turns. */
  failed: number;
}
