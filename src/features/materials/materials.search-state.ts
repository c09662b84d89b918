/**
 * Redis keys of saved searches (the query and filters behind a result
 * list's buttons). The key names the member it belongs to, so a token is
 * only ever read back for its owner and erasure (/forgetme) can find a
 * member's searches with one SCAN pattern.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { MaterialType } from "./materials.types.js";

/** How long a result list's buttons keep working. */
const SEARCH_TTL_SECONDS = 24 * 3600;
/** Tokens are 6 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{8}$/;

/** A saved search: the query and its filters (subject, grade, type). */
export interface SearchState {
  q: string;
  s?: string;
  g?: string;
  y?: MaterialType;
}

/** The key of one saved search. */
export function searchStateKey(redisPrefix: string, telegramId: bigint | number, token: string): string {
  return `${redisPrefix}:search:${telegramId}:${token}`;
}

/** A SCAN pattern matching every saved search of a member (the prefix is matched literally). */
export function searchKeyPattern(redisPrefix: string, telegramId: bigint | number): string {
  return `${redisPrefix.replace(/[*?[\]\\]/g, "\\$&")}:search:${telegramId}:*`;
}

/** Saved searches of members, each kept for a day under a random token that goes into the buttons. */
export class SearchStates {
  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
  ) {}

  /** Saves a search under `token` (a new one by default) and returns the token. */
  async save(telegramId: bigint | number, state: SearchState, token = randomBytes(6).toString("base64url")): Promise<string> {
    await this.redis.set(searchStateKey(this.redisPrefix, telegramId, token), JSON.stringify(state), "EX", SEARCH_TTL_SECONDS);
    return token;
  }

  /** The member's search saved under `token`; undefined when it expired or the token is not theirs or malformed. */
  async load(telegramId: bigint | number, token: string | undefined): Promise<SearchState | undefined> {
    if (!token || !TOKEN.test(token)) return undefined;
    const raw = await this.redis.get(searchStateKey(this.redisPrefix, telegramId, token));
    return raw ? (JSON.parse(raw) as SearchState) : undefined;
  }
}
