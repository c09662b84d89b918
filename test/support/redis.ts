// Redis isolation for tests: every test works under its own key prefix (BullMQ
// `prefix`, ioredis `keyPrefix: prefix + ":"`, grammY storage key prefix, ...)
// and removes its keys afterwards with cleanRedisPrefix().

import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * A fresh key prefix such as `tbt_3f9c0a…` (no trailing separator). All prefixes have the
 * same length, so no prefix is the beginning of another one and `prefix*` matches only its own keys.
 */
export function createTestRedisPrefix(): string {
  return `tbt_${randomBytes(8).toString("hex")}`;
}

/**
 * Deletes every key that starts with `prefix` (SCAN MATCH, so Redis is never blocked).
 * Returns how many keys were deleted. `prefix` is as seen through the client: a `keyPrefix`
 * configured on it is prepended, as for any other command.
 */
export async function cleanRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  // ioredis adds its keyPrefix to key arguments (UNLINK) but not to SCAN's MATCH pattern,
  // so match the full stored name and strip the client's prefix before deleting.
  const clientPrefix = redis.options.keyPrefix ?? "";
  // SCAN patterns are globs; escape them so that the prefix matches literally.
  const pattern = `${(clientPrefix + prefix).replace(/[*?[\]\\]/g, "\\$&")}*`;
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    cursor = next;
    const ownKeys = keys.map((key) => key.slice(clientPrefix.length));
    if (ownKeys.length > 0) deleted += await redis.unlink(...ownKeys);
  } while (cursor !== "0");
  return deleted;
}
