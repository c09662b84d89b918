import type { Logger } from "../../shared/logger.js";
import type { GroupsRepository } from "./groups.repository.js";
import type { GroupStat, GroupView } from "./groups.types.js";

const HOUR = 3_600_000;

/**
 * What the hot path knows without asking PostgreSQL: each group's settings and
 * who joined it recently (the newcomers), kept in the bot process's memory.
 *
 * A group is loaded once, on its first update, with its recent joiners (those
 * within its newcomer period; anyone else is not a newcomer, so nobody older
 * needs to be known). Joins the bot sees later are added here as they happen.
 * Settings change only through this process's handlers (/link, /groupsettings,
 * my_chat_member, migration), which call `invalidate`; the next update loads
 * the group again. So an ordinary message costs no database query.
 */
export class GroupsRegistry {
  private readonly groups = new Map<bigint, Promise<GroupView | undefined>>();
  /** groupId → Telegram user id → joined at (ms), for joins within the newcomer period. */
  private readonly joins = new Map<number, Map<bigint, number>>();

  constructor(
    private readonly repository: GroupsRepository,
    private readonly now: () => Date,
  ) {}

  /** The group of a chat (undefined: the bot never saw it), from memory after the first call. */
  byChat(chatId: number | bigint): Promise<GroupView | undefined> {
    const key = BigInt(chatId);
    let entry = this.groups.get(key);
    if (!entry) {
      entry = this.load(key);
      this.groups.set(key, entry);
      // A failed load is not remembered: the next update tries again.
      entry.catch(() => this.groups.delete(key));
    }
    return entry;
  }

  private async load(chatId: bigint): Promise<GroupView | undefined> {
    const group = await this.repository.findByChatId(chatId);
    if (group) {
      const since = new Date(this.now().getTime() - group.newcomerHours * HOUR);
      const recent = await this.repository.recentJoins(group.id, since);
      this.joins.set(group.id, new Map(recent.map((j) => [j.telegramUserId, j.joinedAt.getTime()])));
    }
    return group;
  }

  /** Forgets a group's settings (they changed); the next update loads them again. */
  invalidate(chatId: number | bigint): void {
    this.groups.delete(BigInt(chatId));
  }

  /** Whether the user joined the group within its newcomer period. */
  isNewcomer(group: GroupView, telegramUserId: bigint, at = this.now().getTime()): boolean {
    const joinedAt = this.joins.get(group.id)?.get(telegramUserId);
    if (joinedAt === undefined) return false;
    if (at - joinedAt < group.newcomerHours * HOUR) return true;
    this.joins.get(group.id)?.delete(telegramUserId);
    return false;
  }

  noteJoin(groupId: number, telegramUserId: bigint, at: Date): void {
    let map = this.joins.get(groupId);
    if (!map) this.joins.set(groupId, (map = new Map<bigint, number>()));
    map.set(telegramUserId, at.getTime());
  }

  noteLeave(groupId: number, telegramUserId: bigint): void {
    this.joins.get(groupId)?.delete(telegramUserId);
  }
}

/**
 * Per-group daily counts (joins, leaves, messages, moderation actions),
 * buffered in memory and added to PostgreSQL every `flushMs` in one statement,
 * so counting a message costs no query. A crash loses at most the last
 * interval's counts (statistics, not records).
 */
export class GroupStats {
  private buffer = new Map<string, { groupId: number; day: string; counts: Record<GroupStat, number> }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly dayFormat: Intl.DateTimeFormat;
  private lastDay = { minute: -1, day: "" };

  constructor(
    private readonly repository: GroupsRepository,
    private readonly options: { now: () => Date; timezone: string; logger: Logger; flushMs?: number },
  ) {
    this.dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: options.timezone, year: "numeric", month: "2-digit", day: "2-digit" });
  }

  /** The community's calendar day (YYYY-MM-DD) of a moment. */
  day(at: Date): string {
    // Formatting a date in a zone costs microseconds, and this runs for every group message:
    // the day is remembered for the rest of its minute (days change on whole minutes in every zone).
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== this.lastDay.minute) this.lastDay = { minute, day: this.dayFormat.format(at) };
    return this.lastDay.day;
  }

  add(groupId: number, stat: GroupStat, n = 1): void {
    const day = this.day(this.options.now());
    const key = `${groupId}:${day}`;
    let row = this.buffer.get(key);
    if (!row) this.buffer.set(key, (row = { groupId, day, counts: { joins: 0, leaves: 0, messages: 0, actions: 0 } }));
    row.counts[stat] += n;
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 30_000).unref();
  }

  /** Writes what is buffered (also at shutdown and before /groupsettings shows the counts). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    this.flushing = this.flushing.then(async () => {
      if (rows.length === 0) return;
      try {
        await this.repository.addStats(rows);
      } catch (err) {
        this.options.logger.warn({ err: err instanceof Error ? err.message : err, rows: rows.length }, "group statistics not saved");
      }
    });
    return this.flushing;
  }
}
