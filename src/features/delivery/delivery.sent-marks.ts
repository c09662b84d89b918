import type { Redis } from "ioredis";

/** A week: longer than any retry, any sweep and any outage of PostgreSQL we could wait out. */
const TTL_SECONDS = 7 * 24 * 3600;

/** A send Telegram accepted: the message it created, and when. */
export interface SentMark {
  messageId: number;
  at: Date;
}

/**
 * What the sending path knows about a send that PostgreSQL could not record:
 * Telegram accepted the message (its id is here), but marking the delivery
 * SENT failed. The delivery stays SENDING; a retried job and the sweep find
 * the mark and record SENT instead of sending again (issue 9, item 14).
 *
 * Kept in Redis because the failure is PostgreSQL's: writing the mark there
 * would fail too. When Redis fails as well, the outcome is unknown and the
 * sweep re-sends after its timeout (at least once, never lost).
 */
export class DeliverySentMarks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(deliveryId: number): string {
    return `${this.prefix}:delivery:sent:${deliveryId}`;
  }

  /** Remembers that delivery `deliveryId` went out at `at` as Telegram message `messageId`. */
  async remember(deliveryId: number, mark: SentMark): Promise<void> {
    await this.redis.set(this.key(deliveryId), `${mark.messageId}:${mark.at.getTime()}`, "EX", TTL_SECONDS);
  }

  /** The mark of each delivery given that has one. */
  async recall(deliveryIds: readonly number[]): Promise<Map<number, SentMark>> {
    const found = new Map<number, SentMark>();
    if (deliveryIds.length === 0) return found;
    const values = await this.redis.mget(deliveryIds.map((id) => this.key(id)));
    deliveryIds.forEach((id, i) => {
      const match = /^(\d+):(\d+)$/.exec(values[i] ?? "");
      if (match) found.set(id, { messageId: Number(match[1]), at: new Date(Number(match[2])) });
    });
    return found;
  }

  /** Drops the marks of deliveries now recorded SENT. */
  async forget(deliveryIds: readonly number[]): Promise<void> {
    if (deliveryIds.length) await this.redis.del(...deliveryIds.map((id) => this.key(id)));
  }
}
