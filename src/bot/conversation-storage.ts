import { RedisAdapter } from "@grammyjs/storage-redis";
import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import type { Redis } from "ioredis";

/**
 * Bump when a conversation's code changes so that states recorded by the old
 * code (which would replay differently) are dropped instead of misread.
 */
export const CONVERSATION_STATE_VERSION = 1;

/** Unfinished conversations are forgotten after 30 days. */
const TTL_SECONDS = 30 * 24 * 3600;

export function conversationKeyPrefix(redisPrefix: string): string {
  return `${redisPrefix}:conv:`;
}

/** Redis key of a chat's conversation state (the plugin keys by chat id). */
export function conversationKey(redisPrefix: string, chatId: number | bigint): string {
  return `${conversationKeyPrefix(redisPrefix)}${chatId}`;
}

export function conversationStorage(redis: Redis, redisPrefix: string) {
  return {
    type: "key" as const,
    version: CONVERSATION_STATE_VERSION,
    prefix: conversationKeyPrefix(redisPrefix),
    adapter: new RedisAdapter<VersionedState<ConversationData>>({ instance: redis, ttl: TTL_SECONDS }),
  };
}
