import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { defaultHtml } from "../../bot/api.js";
import type { OutgoingMessage } from "./delivery.types.js";

/**
 * The Bot API client of the sending path. Unlike the bot's own client it has
 * no auto-retry: the sending path must see a 429 itself, to pause every
 * worker for `retry_after` instead of one request sleeping while the others
 * keep hitting the limit. Messages are HTML by default, as everywhere.
 */
export function createSendApi(token: string, apiRoot?: string): Api {
  // A request that hangs would hold a worker slot; 30 s is far above Telegram's normal answer time.
  const api = new Api(token, { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: 30 });
  api.config.use(defaultHtml);
  return api;
}

/**
 * Adds allow_paid_broadcast (the paid lane) where Telegram accepts it;
 * copyMessages has no such parameter and goes out as it is.
 */
export function asPaid(message: OutgoingMessage): OutgoingMessage {
  return message.method === "copyMessages" ? message : { ...message, allow_paid_broadcast: true };
}

/** Sends `message` to `chatId`; returns the id of the (first) message Telegram created, and a follow-up to run once it is recorded. */
export async function sendOutgoing(api: Api, chatId: number, message: OutgoingMessage): Promise<{ messageId: number; after?: () => Promise<void> }> {
  switch (message.method) {
    case "sendMessage": {
      const { method: _, text, ...other } = message;
      return { messageId: (await api.sendMessage(chatId, text, other)).message_id };
    }
    case "copyMessage": {
      const { method: _, fromChatId, messageId, ...other } = message;
      return { messageId: (await api.copyMessage(chatId, fromChatId, messageId, other)).message_id };
    }
    case "copyMessages": {
      const { method: _, fromChatId, messageIds, ...other } = message;
      const ids = await api.copyMessages(chatId, fromChatId, messageIds, other);
      const first = ids[0];
      if (!first) throw new Error("copyMessages copied nothing");
      return { messageId: first.message_id };
    }
    case "sendDocument": {
      const { method: _, document, onSent, ...other } = message;
      const file = typeof document === "string" ? document : new InputFile(document.bytes, document.filename);
      const sent = await api.sendDocument(chatId, file, other);
      return { messageId: sent.message_id, ...(onSent ? { after: () => onSent(sent) } : {}) };
    }
  }
}

/** What a failed send means for the delivery. */
export type SendFailure =
  /** Telegram's flood limit: pause the whole sending path, then try again (not an attempt). */
  | { kind: "rate-limited"; retryAfterMs: number; reason: string }
  /** The member cannot be reached (blocked the bot, deactivated): BLOCKED, and the member inactive. */
  | { kind: "blocked"; reason: string; deactivate: boolean }
  /** Telegram refused the message itself; sending it again would fail again. */
  | { kind: "rejected"; reason: string }
  /** Provably not delivered (5xx, 401, no connection made, ...): retry with backoff. */
  | { kind: "transient"; reason: string }
  /**
   * The request may have reached Telegram, but no answer came (timeout, connection
   * lost mid-request): the message may have been sent. Never retried by the job;
   * the delivery stays SENDING and the sweep decides after its threshold.
   */
  | { kind: "unknown"; reason: string };

/** Network errors raised before a request could reach Telegram: sending again cannot duplicate. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN"]);

/**
 * Classifies an error of {@link sendOutgoing}. The reason is Telegram's
 * description or the network error's message: never the request payload
 * (a GrammyError carries the message text, which must not reach logs).
 */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.method}: ${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      // A 429 without retry_after does not happen; one second is Telegram's usual window.
      const seconds = Math.max(1, error.parameters.retry_after ?? 1);
      return { kind: "rate-limited", retryAfterMs: seconds * 1000, reason };
    }
    if (error.error_code === 403) return { kind: "blocked", reason, deactivate: true };
    // The chat does not exist for the bot (the member never opened it, or the
    // account is gone). Not marked inactive: nothing would mark them active
    // again if they only now open the chat (my_chat_member comes on unblocking).
    if (error.error_code === 400 && /chat not found|PEER_ID_INVALID/i.test(error.description)) {
      return { kind: "blocked", reason, deactivate: false };
    }
    if (error.error_code === 400 || error.error_code === 413) return { kind: "rejected", reason };
    return { kind: "transient", reason };
  }
  if (error instanceof HttpError) {
    // grammY keeps the cause out of the message (it may contain the URL, and so
    // the token); a system error code such as ECONNREFUSED is safe to record.
    const code = (error.error as { code?: unknown } | undefined)?.code;
    const reason = typeof code === "string" ? `${error.message} (${code})` : error.message;
    return typeof code === "string" && NOT_SENT_CODES.has(code) ? { kind: "transient", reason } : { kind: "unknown", reason };
  }
  return { kind: "transient", reason: error instanceof Error ? error.message : String(error) };
}
