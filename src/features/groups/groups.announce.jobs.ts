/**
 * Posting announcements in groups, and taking them back.
 *
 * Announcements go through the one sending path (issue 11), not beside it:
 * the same Bot API client without auto-retry (`sendApi`), a grant of the same
 * `send` lane's SendBudget before every request (so group posts and mass
 * deliveries together stay under the bot's global rate), and the same
 * classification of Telegram's answers (classifySendError). They are not
 * `deliveries` rows: a delivery is one message to one member, rendered per
 * member, while an announcement is one post to a group that may carry many
 * rows (a combined post) and is later deleted or edited. So group posts have
 * their own record (group_announcements) and jobs, plus what groups need on
 * top of the lane:
 *
 * - a per-group budget (GroupSendBudget): at most GROUP_MESSAGES_PER_MINUTE
 *   (20, Telegram's limit) messages a minute to one group, in every process;
 *   over it, the job is delayed until a grant is free (never dropped);
 * - a per-group lock (GroupLock): one worker at a time posts, deletes or edits
 *   in a group, so two jobs never post the same PENDING rows;
 * - a 429 answer delays this group's job by retry_after and does not pause
 *   the lane: with the lane's budget under the global limit, a 429 to a group
 *   is most likely the group's own limit, and stalling every reminder and
 *   broadcast for it would be wrong.
 *
 * A post's outcome that is unknown (a timeout after the request went out) is
 * recorded FAILED, never sent again: a duplicate in a group is worse than a
 * missing announcement. Worker sends pass message_thread_id themselves; a
 * topic that no longer exists ("message thread not found") makes the post go
 * to the main chat and the stored thread id is cleared.
 *
 * A change of an announced event (`event.changed`) re-renders the post that
 * carries it (`groups.refresh`, per post and window, under the group's lock
 * and budget) and edits it when its text or button changed (PostTexts holds
 * what each post shows). A post deleted by hand ("message to edit not found")
 * marks its rows DELETED: nothing edits it again.
 *
 * Kinds registered by later slices (groups.announce.kinds.ts) go through the
 * same steps; only their texts, topic and switch come from their spec.
 */
import { DelayedError, type Job } from "bullmq";
import { GrammyError, type Api } from "grammy";
import type { Translate, Translator } from "../../bot/i18n.js";
import type { Processor } from "../../jobs/workers.js";
import { toLocale } from "../../shared/locale.js";
import type { Logger } from "../../shared/logger.js";
import { formatZonedTime } from "../../shared/time.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import type { SendBudget } from "../delivery/delivery.budget.js";
import { classifySendError } from "../delivery/delivery.sender.js";
import type { EventsRepository } from "../events/events.repository.js";
import type { MaterialsRepository } from "../materials/materials.repository.js";
import { isVisible } from "../materials/materials.service.js";
import { PostTexts, type GroupLock, type GroupSendBudget } from "./groups.announce.budget.js";
import { BUILT_IN_KINDS, isBuiltIn, type AnnouncementKinds } from "./groups.announce.kinds.js";
import { composePosts, type AnnouncementItem, type AnnouncementPost } from "./groups.announce.render.js";
import type { AnnouncementRow, GroupAnnouncementsRepository } from "./groups.announce.repository.js";
import type { GroupsService } from "./groups.service.js";
import type { GroupView } from "./groups.types.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Posts a group's PENDING announcements (one post, or one combined post); job id `group-announce-<groupId>-<window>`. */
    "groups.announce": { groupId: number };
    /** Deletes (within 48 h) or edits the post of a withdrawn announcement; job id `group-withdraw-<announcementId>`. */
    "groups.withdraw": { announcementId: number };
    /** Renders a post again after a change of what it announces, and edits it; job id `group-refresh-<groupId>-<messageId>-<window>`. */
    "groups.refresh": { groupId: number; messageId: number };
    /** Repeatable (every 5 minutes): queues again the job of groups with PENDING announcements older than this whose job is gone. */
    "groups.sweep": { olderThanMs: number };
  }
}

/** Telegram lets a bot delete its messages in groups for 48 hours; a margin keeps a request from arriving just after. */
const DELETE_WITHIN_MS = 48 * 3_600_000 - 10 * 60_000;
/** How long a job waits for another worker's lock on the group. */
const LOCK_RETRY_MS = 2_000;

export interface AnnouncerDeps {
  repository: GroupAnnouncementsRepository;
  groups: Pick<GroupsService, "byId" | "record">;
  materials: Pick<MaterialsRepository, "find">;
  events: Pick<EventsRepository, "find">;
  catalogue: Pick<CatalogueService, "grades">;
  translator: Pick<Translator, "forLocale">;
  /** Kinds registered by later slices (the registry GroupAnnouncements holds). */
  kinds: Pick<AnnouncementKinds, "get" | "names">;
  /** The sending path's Bot API client (no auto-retry). */
  api: Api;
  /** The `send` lane's budget, shared with deliveries. */
  lane: Pick<SendBudget, "acquire">;
  groupBudget: Pick<GroupSendBudget, "take">;
  lock: Pick<GroupLock, "take" | "release">;
  /** What each post shows (a re-rendering that comes out the same edits nothing). */
  texts: Pick<PostTexts, "same" | "remember">;
  botUsername: () => Promise<string>;
  /** The collection window (GROUP_ANNOUNCE_WINDOW_MS); 0: post at once. */
  windowMs: number;
  /** Event times are shown in the community's time zone. */
  timezone: string;
  now: () => Date;
}

/** A step that must wait: the job is delayed by `waitMs`. */
type Outcome = { waitMs: number } | undefined;

const threadGone = (error: unknown) => error instanceof GrammyError && error.error_code === 400 && /message thread not found|TOPIC_DELETED/i.test(error.description);
const messageGone = (error: unknown) =>
  error instanceof GrammyError && error.error_code === 400 && /message to (delete|edit) not found|MESSAGE_ID_INVALID/i.test(error.description);
const notModified = (error: unknown) => error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
const cannotDelete = (error: unknown) => error instanceof GrammyError && error.error_code === 400 && /can't be deleted/i.test(error.description);

/** Delays the running job (BullMQ keeps it, with its attempts) and ends this run. */
async function delay(job: Job, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(ms)), job.token);
  throw new DelayedError();
}

/** The Telegram side of group announcements (see the header). */
export class GroupAnnouncer {
  constructor(private readonly deps: AnnouncerDeps) {}

  /** Runs `work` holding the group's lock; without it, or when work says wait, the job is delayed. */
  private async locked(job: Job, groupId: number, work: () => Promise<Outcome>): Promise<void> {
    const token = await this.deps.lock.take(groupId);
    if (!token) return delay(job, LOCK_RETRY_MS);
    let outcome: Outcome;
    try {
      outcome = await work();
    } finally {
      await this.deps.lock.release(groupId, token);
    }
    if (outcome) await delay(job, outcome.waitMs);
  }

  announceProcessor(): Processor<"groups.announce"> {
    return async ({ groupId }, job, logger) => this.locked(job, groupId, () => this.announce(groupId, logger));
  }

  withdrawProcessor(): Processor<"groups.withdraw"> {
    return async ({ announcementId }, job, logger) => {
      const row = await this.deps.repository.find(announcementId);
      if (!row) return;
      await this.locked(job, row.groupId, () => this.withdraw(announcementId, logger));
    };
  }

  refreshProcessor(): Processor<"groups.refresh"> {
    return async ({ groupId, messageId }, job, logger) => this.locked(job, groupId, () => this.refresh(groupId, messageId, logger));
  }

  /**
   * Renders a post again from what it announces now and edits it if it changed: a single post
   * keeps its button, a combined post lists its announcements again. Announcements no longer to
   * show (a cancelled event) are left to their withdrawal.
   */
  async refresh(groupId: number, messageId: number, logger: Logger): Promise<Outcome> {
    const rows = await this.deps.repository.post(groupId, messageId);
    if (rows.length === 0) return undefined;
    const group = await this.deps.groups.byId(groupId);
    if (!group?.isActive) return undefined;
    const t = this.deps.translator.forLocale(group.locale);
    const { items } = await this.items(rows, group, t);
    if (items.length === 0) return undefined;
    const post = composePosts(t, await this.deps.botUsername(), items)[0]!;
    if (await this.deps.texts.same(group.id, messageId, PostTexts.hash(post.text, post.reply_markup))) return undefined;
    return this.edit(
      group,
      messageId,
      post.text,
      post.reply_markup,
      rows.map((r) => r.id),
      logger,
    );
  }

  /**
   * Posts the group's PENDING announcements: materials in the materials topic, events in the
   * events topic, registered kinds where their spec says; one post (or combined post) per kind.
   */
  async announce(groupId: number, logger: Logger): Promise<Outcome> {
    const rows = await this.deps.repository.pending(groupId);
    if (rows.length === 0) return undefined;
    const settle = this.settling(rows);
    if (settle) return settle;
    const group = await this.deps.groups.byId(groupId);
    if (!group || !group.isActive || !group.linked) {
      await this.deps.repository.finish(
        rows.map((r) => r.id),
        "FAILED",
      );
      logger.info({ groupId, rows: rows.length }, "announcements dropped: the group is gone or unlinked");
      return undefined;
    }
    const t = this.deps.translator.forLocale(group.locale);
    const bot = await this.deps.botUsername();
    const known = [...BUILT_IN_KINDS, ...this.deps.kinds.names()];
    const unknown = rows.filter((r) => !known.includes(r.kind));
    if (unknown.length > 0) {
      // A kind this process does not know (an older worker while a deploy rolls out): left PENDING,
      // never posted blind; the sweep queues the group again until a worker that knows it posts it.
      logger.warn({ groupId, kinds: [...new Set(unknown.map((r) => r.kind))] }, "announcements of a kind not registered in this process left pending");
    }
    for (const kind of known) {
      const mine = rows.filter((r) => r.kind === kind);
      if (mine.length === 0) continue;
      if (!this.wanted(kind, group)) {
        await this.deps.repository.finish(
          mine.map((r) => r.id),
          "DELETED",
        );
        continue;
      }
      const { items, stale } = await this.items(mine, group, t);
      // Unpublished or cancelled before its turn: nothing to announce.
      await this.deps.repository.finish(stale, "DELETED");
      for (const post of composePosts(t, bot, items)) {
        const outcome = await this.post(group, post, logger);
        if (outcome === "group-gone") {
          await this.deps.repository.finish(
            rows.map((r) => r.id),
            "FAILED",
          );
          return undefined;
        }
        if (outcome) return outcome;
      }
    }
    return undefined;
  }

  /** Whether the group takes announcements of `kind` (its switch). */
  private wanted(kind: string, group: GroupView): boolean {
    if (kind === "material") return group.announceMaterials;
    if (kind === "event") return group.announceEvents;
    return this.deps.kinds.get(kind)?.wanted(group) ?? false;
  }

  /**
   * A burst still going on (a moderator approving one material after another) is waited out:
   * while the newest row is younger than half a window, the job waits for a quiet half-window,
   * but never longer than three windows after the oldest row, so a steady stream still posts.
   * Row times are PostgreSQL's (now() on insert) and are compared with this machine's clock.
   */
  private settling(rows: readonly AnnouncementRow[]): Outcome {
    const windowMs = this.deps.windowMs;
    if (windowMs <= 0) return undefined;
    const now = Date.now();
    const times = rows.map((r) => r.createdAt.getTime());
    const sinceNewest = now - Math.max(...times);
    const sinceOldest = now - Math.min(...times);
    const quietMs = Math.floor(windowMs / 2);
    if (sinceNewest >= quietMs || sinceOldest >= 3 * windowMs) return undefined;
    return { waitMs: Math.min(quietMs - sinceNewest, 3 * windowMs - sinceOldest) };
  }

  /** Sends one post; `undefined` when it is done with (sent, or refused for good). */
  private async post(group: GroupView, post: AnnouncementPost, logger: Logger): Promise<Outcome | "group-gone"> {
    const waitMs = await this.deps.groupBudget.take(group.id);
    if (waitMs > 0) {
      logger.info({ groupId: group.id, waitMs }, "group message budget used up: announcement delayed");
      return { waitMs };
    }
    let thread = post.topic === "materials" ? group.threads.materials : group.threads.events;
    for (;;) {
      await this.deps.lane.acquire();
      try {
        const sent = await this.deps.api.sendMessage(Number(group.chatId), post.text, {
          ...(thread !== null ? { message_thread_id: thread } : {}),
          ...(post.reply_markup ? { reply_markup: post.reply_markup } : {}),
          link_preview_options: { is_disabled: true },
        });
        await this.deps.repository.markSent(post.rowIds, sent.message_id, thread, this.deps.now());
        await this.deps.texts.remember(group.id, sent.message_id, PostTexts.hash(post.text, post.reply_markup));
        return undefined;
      } catch (error) {
        if (thread !== null && threadGone(error)) {
          // The topic was deleted: the main chat, and the topic forgotten (a new one may be made by /topics).
          await this.deps.groups.record(group, post.topic === "materials" ? { materialsThreadId: null } : { eventsThreadId: null });
          logger.warn({ groupId: group.id, thread }, "announcement topic is gone: posting in the main chat");
          thread = null;
          continue;
        }
        return this.failed(error, group, post.rowIds, logger);
      }
    }
  }

  private async failed(error: unknown, group: GroupView, rowIds: number[], logger: Logger): Promise<Outcome | "group-gone"> {
    const failure = classifySendError(error);
    switch (failure.kind) {
      case "rate-limited":
        logger.warn({ groupId: group.id, retryAfterMs: failure.retryAfterMs }, "flood limit in a group: announcement delayed");
        return { waitMs: failure.retryAfterMs };
      case "blocked":
        logger.warn({ groupId: group.id, reason: failure.reason }, "group unreachable: its announcements failed");
        return "group-gone";
      case "rejected":
      case "unknown":
        // Refused for good, or perhaps sent: never posted twice.
        await this.deps.repository.finish(rowIds, "FAILED");
        logger.warn({ groupId: group.id, reason: failure.reason }, "announcement not posted");
        return undefined;
      case "transient":
        throw new Error(failure.reason);
    }
  }

  /** Takes back one announcement: deletes its post (within 48 h), edits it after that, or drops its entry from a combined post. */
  async withdraw(announcementId: number, logger: Logger): Promise<Outcome> {
    const row = await this.deps.repository.find(announcementId);
    if (!row) return undefined;
    if (row.status === "PENDING") {
      await this.deps.repository.finish([row.id], "DELETED");
      return undefined;
    }
    if (row.status !== "SENT" || row.messageId === null) return undefined;
    const group = await this.deps.groups.byId(row.groupId);
    if (group?.isActive) {
      const outcome = await this.takeBack(group, row, row.messageId, logger);
      if (outcome) return outcome;
    }
    await this.deps.repository.finish([row.id], "DELETED", ["SENT"]);
    return undefined;
  }

  private async takeBack(group: GroupView, row: AnnouncementRow, messageId: number, logger: Logger): Promise<Outcome> {
    const t = this.deps.translator.forLocale(group.locale);
    const chatId = Number(group.chatId);
    const others = await this.deps.repository.samePost(group.id, messageId, row.id);
    const { items } = await this.items(others, group, t);
    if (items.length > 0) {
      // A combined post: it lists what is still announced.
      const post = composePosts(t, await this.deps.botUsername(), items)[0]!;
      return this.edit(
        group,
        messageId,
        post.text,
        post.reply_markup,
        others.map((r) => r.id),
        logger,
      );
    }
    const fresh = row.sentAt !== null && this.deps.now().getTime() - row.sentAt.getTime() < DELETE_WITHIN_MS;
    if (fresh) {
      await this.deps.lane.acquire();
      try {
        await this.deps.api.deleteMessage(chatId, messageId);
        return undefined;
      } catch (error) {
        if (messageGone(error)) return undefined;
        if (!cannotDelete(error)) return this.editFailed(error, group, logger);
        // Telegram refused (older than it allows, as it counts): edited instead.
      }
    }
    const withdrawn = isBuiltIn(row.kind) ? t("groups-announce-withdrawn") : (this.deps.kinds.get(row.kind)?.withdrawn(t) ?? t("groups-announce-withdrawn"));
    return this.edit(group, messageId, withdrawn, undefined, [], logger);
  }

  /**
   * Edits a post (its text, as it was sent with sendMessage). A post deleted by hand marks the
   * announcements still on it (`onPost`) DELETED, so nothing edits it again.
   */
  private async edit(
    group: GroupView,
    messageId: number,
    text: string,
    markup: AnnouncementPost["reply_markup"],
    onPost: readonly number[],
    logger: Logger,
  ): Promise<Outcome> {
    const waitMs = await this.deps.groupBudget.take(group.id);
    if (waitMs > 0) return { waitMs };
    await this.deps.lane.acquire();
    try {
      await this.deps.api.editMessageText(Number(group.chatId), messageId, text, {
        reply_markup: markup ?? { inline_keyboard: [] },
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      if (messageGone(error)) {
        await this.deps.repository.finish(onPost, "DELETED", ["SENT"]);
        logger.info({ groupId: group.id, messageId }, "announcement post deleted by hand: no longer edited");
        return undefined;
      }
      if (!notModified(error)) return this.editFailed(error, group, logger);
    }
    await this.deps.texts.remember(group.id, messageId, PostTexts.hash(text, markup));
    return undefined;
  }

  private editFailed(error: unknown, group: GroupView, logger: Logger): Outcome {
    const failure = classifySendError(error);
    if (failure.kind === "rate-limited") return { waitMs: failure.retryAfterMs };
    if (failure.kind === "transient") throw new Error(failure.reason);
    // The group is gone, or Telegram refuses for good: the announcement counts as withdrawn.
    logger.warn({ groupId: group.id, reason: failure.reason }, "announcement could not be taken back");
    return undefined;
  }

  /**
   * The announcements' current texts, in the order of `rows`; those no longer to announce
   * (unpublished, cancelled, started; a registered kind that left them out, or is not registered) are `stale`.
   */
  private async items(rows: readonly AnnouncementRow[], group: GroupView, t: Translate): Promise<{ items: AnnouncementItem[]; stale: number[] }> {
    const items: AnnouncementItem[] = [];
    const stale: number[] = [];
    const grades = rows.some((r) => r.kind === "material") ? await this.deps.catalogue.grades() : [];
    const registered = await this.registered(rows, group, t);
    for (const row of rows) {
      const item = isBuiltIn(row.kind) ? await this.item(row, row.kind, group.locale, t, grades) : registered(row);
      if (item) items.push(item);
      else stale.push(row.id);
    }
    return { items, stale };
  }

  /** Renders the rows of registered kinds, one call per kind. */
  private async registered(rows: readonly AnnouncementRow[], group: GroupView, t: Translate): Promise<(row: AnnouncementRow) => AnnouncementItem | undefined> {
    const rendered = new Map<string, Map<number, AnnouncementItem>>();
    const kinds = new Set(rows.map((r) => r.kind).filter((k) => !isBuiltIn(k)));
    for (const kind of kinds) {
      const spec = this.deps.kinds.get(kind);
      if (!spec) continue;
      const refIds = [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.refId))];
      const texts = await spec.render(refIds, t, group, await this.deps.botUsername());
      const byRef = new Map<number, AnnouncementItem>();
      for (const [refId, r] of texts) {
        byRef.set(refId, { kind: "registered", name: kind, topic: spec.topic, rowId: 0, refId, ...r, batch: (count) => spec.batch(t, count) });
      }
      rendered.set(kind, byRef);
    }
    return (row) => {
      const item = rendered.get(row.kind)?.get(row.refId);
      return item ? { ...item, rowId: row.id } : undefined;
    };
  }

  private async item(row: AnnouncementRow, kind: "material" | "event", locale: string, t: Translate, grades: Awaited<ReturnType<CatalogueService["grades"]>>) {
    if (kind === "material") {
      const m = await this.deps.materials.find(row.refId);
      if (!m || !isVisible(m)) return undefined;
      return {
        kind,
        rowId: row.id,
        refId: row.refId,
        title: m.title,
        type: t(`materials-type-${m.type}`),
        grades: grades
          .filter((g) => m.gradeCodes.includes(g.code))
          .map((g) => localName(g, locale))
          .join(", "),
        author: m.authorName ?? t("groups-announce-unknown-author"),
      } satisfies AnnouncementItem;
    }
    const e = await this.deps.events.find(row.refId);
    if (!e || e.status !== "SCHEDULED") return undefined;
    return {
      kind,
      rowId: row.id,
      refId: row.refId,
      title: e.title,
      eventKind: t(`events-kind-${e.kind}`),
      start: formatZonedTime(e.startsAt, this.deps.timezone, toLocale(locale)),
    } satisfies AnnouncementItem;
  }
}
