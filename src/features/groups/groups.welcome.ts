/**
 * Welcome messages (issue 11): one message per batch of joiners, not one per
 * join. The first join of a batch schedules a delayed `groups.welcome` job
 * (BullMQ deduplication: later joins within the delay do not schedule
 * another); joiners wait in a Redis list of the group (Telegram id and first
 * name, gone within 10 minutes at the latest); the job takes the list, posts
 * one message with the rules mentioning everyone, and schedules its deletion.
 */
import type { Api } from "grammy";
import type { User } from "grammy/types";
import type { Redis } from "ioredis";
import type { Translator } from "../../bot/i18n.js";
import type { JobQueues } from "../../jobs/queues.js";
import type { Processor } from "../../jobs/workers.js";
import { trusted } from "../../shared/html.js";
import type { GroupModerationService } from "./groups.moderation.service.js";
import { mention } from "./groups.moderation.service.js";
import type { GroupsService } from "./groups.service.js";
import type { GroupView } from "./groups.types.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Welcomes the joiners a group collected (one message per batch). */
    "groups.welcome": { groupId: number };
  }
}

/** How long joins are collected before the welcome goes out. */
export const WELCOME_BATCH_MS = 15_000;
/** How long a welcome stays in the group. */
export const WELCOME_TTL_MS = 5 * 60_000;
/** At most this many joiners are named in one welcome (a raid is not listed in full). */
const MAX_NAMED = 30;

/** The joiners of a group waiting for their welcome: a list of JSON entries `{id, name}`. */
export const welcomeKey = (prefix: string, groupId: number): string => `${prefix}:gwelcome:${groupId}`;

/**
 * /forgetme: removes a user's entries (Telegram id and name) from the waiting
 * lists of these groups; the rest of each batch is still welcomed. Entries are
 * matched by their parsed id (LREM removes the exact JSON strings found).
 */
export async function forgetJoiner(redis: Redis, prefix: string, groupIds: readonly number[], telegramId: bigint): Promise<void> {
  if (groupIds.length === 0) return;
  const read = redis.pipeline();
  for (const id of groupIds) read.lrange(welcomeKey(prefix, id), 0, -1);
  const lists = (await read.exec()) ?? [];
  const remove = redis.pipeline();
  let found = 0;
  lists.forEach(([err, raw], i) => {
    if (err || !Array.isArray(raw)) return;
    for (const item of new Set(raw as string[])) {
      let id: unknown;
      try {
        id = (JSON.parse(item) as Partial<Joiner>).id;
      } catch {
        continue;
      }
      if (typeof id === "number" && Number.isSafeInteger(id) && BigInt(id) === telegramId) {
        remove.lrem(welcomeKey(prefix, groupIds[i]!), 0, item);
        found++;
      }
    }
  });
  if (found > 0) await remove.exec();
}

interface Joiner {
  id: number;
  name: string;
}

export class GroupWelcome {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly queues: JobQueues,
    private readonly batchMs = WELCOME_BATCH_MS,
  ) {}

  private key(groupId: number): string {
    return welcomeKey(this.prefix, groupId);
  }

  /** Someone joined a linked group (chat_member): they are welcomed with the rest of the batch. */
  async joined(group: GroupView, user: Pick<User, "id" | "first_name" | "last_name" | "is_bot">): Promise<void> {
    if (!group.linked || !group.welcome || user.is_bot) return;
    const joiner: Joiner = { id: user.id, name: [user.first_name, user.last_name].filter(Boolean).join(" ") };
    await this.redis
      .multi()
      .rpush(this.key(group.id), JSON.stringify(joiner))
      .pexpire(this.key(group.id), 10 * 60_000)
      .exec();
    // Throttle mode: a join within the batch window joins the scheduled job instead of adding one.
    await this.queues.add(
      "groups.welcome",
      { groupId: group.id },
      { delay: this.batchMs, deduplication: { id: `groups-welcome-${group.id}`, ttl: this.batchMs }, removeOnComplete: true, attempts: 3 },
    );
  }

  /** Takes the group's waiting joiners (each once, in join order). */
  async take(groupId: number): Promise<Joiner[]> {
    const result = await this.redis.multi().lrange(this.key(groupId), 0, -1).del(this.key(groupId)).exec();
    const raw = (result?.[0]?.[1] as string[] | undefined) ?? [];
    const seen = new Map<number, Joiner>();
    for (const item of raw) {
      try {
        const j = JSON.parse(item) as Joiner;
        if (typeof j.id === "number") seen.set(j.id, j);
      } catch {
        // Not ours: skipped.
      }
    }
    return [...seen.values()];
  }
}

/** "groups.welcome": one message with the rules for the batch, deleted after a few minutes. */
export function welcomeProcessor(deps: {
  api: Api;
  translator: Translator;
  groups: () => GroupsService;
  welcome: () => GroupWelcome;
  moderation: () => GroupModerationService;
}): Processor<"groups.welcome"> {
  return async ({ groupId }, _job, logger) => {
    const joiners = await deps.welcome().take(groupId);
    if (joiners.length === 0) return;
    const group = await deps.groups().byId(groupId);
    if (!group?.linked || !group.isActive || !group.welcome) return;
    const t = deps.translator.forLocale(group.locale);
    const named = joiners.slice(0, MAX_NAMED).map((j) => mention(j.id, j.name));
    const names = joiners.length > MAX_NAMED ? `${named.join(", ")} ${t("groups-welcome-more", { count: joiners.length - MAX_NAMED })}` : named.join(", ");
    try {
      const sent = await deps.api.sendMessage(Number(group.chatId), t("groups-welcome", { names: trusted(names), count: joiners.length, title: group.title }), {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      });
      await deps.moderation().selfDestruct(group.chatId, sent.message_id, WELCOME_TTL_MS);
    } catch (err) {
      logger.info({ err: err instanceof Error ? err.message : err, groupId }, "welcome not posted");
    }
  };
}
