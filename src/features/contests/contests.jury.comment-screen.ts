/**
 * Which review's comment screen a juror has open (`<prefix>:jcomment:<telegramId>`
 * → "<reviewId>:<messageId>"), so that a comment typed there is taken without
 * the ✍️ tap first. It is set when the screen is shown, cleared by any other
 * jury button and once the comment is saved, and lives a day at most (as long
 * as a saved search: a juror may come back to a long comment later). Text
 * typed anywhere else means nothing to the bot, so taking it for the screen
 * still open is safe. Losing the key (Redis flushed) costs only the shortcut:
 * ✍️ still asks for the comment.
 */
import type { Redis } from "ioredis";

/** How long typed text is taken as the comment after the screen was shown. */
const COMMENT_SCREEN_TTL_SECONDS = 24 * 3600;

export const commentScreenKey = (redisPrefix: string, telegramId: bigint | number): string => `${redisPrefix}:jcomment:${telegramId}`;

export interface OpenCommentScreen {
  reviewId: number;
  /** The message showing the screen (its buttons go once the comment is saved). */
  messageId: number;
}

export class CommentScreens {
  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
  ) {}

  async open(telegramId: bigint | number, screen: OpenCommentScreen): Promise<void> {
    await this.redis.set(commentScreenKey(this.redisPrefix, telegramId), `${screen.reviewId}:${screen.messageId}`, "EX", COMMENT_SCREEN_TTL_SECONDS);
  }

  async current(telegramId: bigint | number): Promise<OpenCommentScreen | undefined> {
    const raw = await this.redis.get(commentScreenKey(this.redisPrefix, telegramId));
    const match = raw ? /^(\d{1,10}):(\d{1,15})$/.exec(raw) : null;
    return match ? { reviewId: Number(match[1]), messageId: Number(match[2]) } : undefined;
  }

  async close(telegramId: bigint | number): Promise<void> {
    await this.redis.del(commentScreenKey(this.redisPrefix, telegramId));
  }
}
