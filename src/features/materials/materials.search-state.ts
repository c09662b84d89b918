/**
 * Redis keys of saved searches (the query and filters behind a result
 * list's buttons). The key names the member it belongs to, so a token is
 * only ever read back for its owner and erasure (/forgetme) can find a
 * member's searches with one SCAN pattern.
 */

/** The key of one saved search. */
export function searchStateKey(redisPrefix: string, telegramId: bigint | number, token: string): string {
  return `${redisPrefix}:search:${telegramId}:${token}`;
}

/** A SCAN pattern matching every saved search of a member (the prefix is matched literally). */
export function searchKeyPattern(redisPrefix: string, telegramId: bigint | number): string {
  return `${redisPrefix.replace(/[*?[\]\\]/g, "\\$&")}:search:${telegramId}:*`;
}
