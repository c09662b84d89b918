import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import type { Context, MiddlewareFn } from "grammy";
import type { Redis } from "ioredis";

/**
 * Bump when a conversation's code changes so that states recorded by the old
 * code (which would replay differently) are dropped instead of misread.
 * 2: step buttons carry a step token (questionnaire.ts); the record holds the last handled update.
 * 3: /newevent reads its clock only before the date questions (the form engine, form/run-form.ts).
 */
export const CONVERSATION_STATE_VERSION = 3;

/** Unfinished conversations are forgotten after 30 days. */
const TTL_SECONDS = 30 * 24 * 3600;
/** After a conversation ends, only the last handled update id is kept, for a day (re-deliveries come within minutes). */
const ENDED_TTL_SECONDS = 24 * 3600;

export function conversationKeyPrefix(redisPrefix: string): string {
  return `${redisPrefix}:conv:`;
}

/** Redis key of a chat's conversation record. */
export function conversationKey(redisPrefix: string, chatId: number | bigint): string {
  return `${conversationKeyPrefix(redisPrefix)}${chatId}`;
}

/** Redis key of a chat's question ledger (questionnaire.ts): which step question the member sees. */
export function questionLedgerKey(redisPrefix: string, chatId: number | bigint): string {
  return `${redisPrefix}:q:${chatId}`;
}

/** Every per-chat key of the bot's conversation machinery (erasure deletes them all). */
export function chatStateKeys(redisPrefix: string, chatId: number | bigint): string[] {
  return [conversationKey(redisPrefix, chatId), questionLedgerKey(redisPrefix, chatId)];
}

/**
 * One Redis value per chat: the conversations' state and the id of the last
 * update handled for the chat, written together when an update finishes.
 * An update whose id is not above it was handled already (Telegram or our
 * inbox delivered it again after a crash) and is dropped by
 * {@link dropHandledUpdates}, so a re-delivered answer is never replayed
 * against a state that has already moved on (#9 item 11: the experience
 * answer stored as the school name).
 */
interface ChatRecord {
  /** The conversations' state; null once every conversation of the chat ended. */
  s: VersionedState<ConversationData> | null;
  /** The last update handled for this chat. */
  u: number;
}

const RECORD = Symbol("chat record");
type WithRecord = Context & { [RECORD]?: ChatRecord | null };

function parse(raw: string | null): ChatRecord | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<ChatRecord>;
    // Records of version 1 (a bare VersionedState) carry no update id: read as empty.
    return typeof value.u === "number" ? { s: value.s ?? null, u: value.u } : null;
  } catch {
    return null;
  }
}

async function load(redis: Redis, redisPrefix: string, ctx: WithRecord): Promise<ChatRecord | null> {
  if (ctx[RECORD] !== undefined) return ctx[RECORD];
  const chatId = ctx.chatId;
  const record = chatId === undefined ? null : parse(await redis.get(conversationKey(redisPrefix, chatId)));
  ctx[RECORD] = record;
  return record;
}

/**
 * Drops an update already handled for its chat. Install after `sequentialize`
 * (so the previous update of the chat has written its record) and before the
 * conversations plugin (which then reads the record this middleware loaded).
 */
export function dropHandledUpdates(redis: Redis, redisPrefix: string, onDrop?: (ctx: Context) => void): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const record = await load(redis, redisPrefix, ctx);
    if (record && ctx.update.update_id <= record.u) {
      onDrop?.(ctx);
      return;
    }
    await next();
  };
}

/** Storage for the conversations plugin, of type "context": the chat record above. */
export function conversationStorage(redis: Redis, redisPrefix: string) {
  return {
    type: "context" as const,
    version: CONVERSATION_STATE_VERSION,
    adapter: {
      async read(ctx: Context) {
        return (await load(redis, redisPrefix, ctx))?.s ?? undefined;
      },
      async write(ctx: Context, state: VersionedState<ConversationData>) {
        if (ctx.chatId === undefined) return;
        const record: ChatRecord = { s: state, u: ctx.update.update_id };
        await redis.set(conversationKey(redisPrefix, ctx.chatId), JSON.stringify(record), "EX", TTL_SECONDS);
      },
      async delete(ctx: Context) {
        if (ctx.chatId === undefined) return;
        const record: ChatRecord = { s: null, u: ctx.update.update_id };
        // XX: only over an existing record. Erasure (/forgetme) deletes the
        // record during the update, and nothing of the member may come back.
        await redis.set(conversationKey(redisPrefix, ctx.chatId), JSON.stringify(record), "EX", ENDED_TTL_SECONDS, "XX");
      },
    },
  };
}
