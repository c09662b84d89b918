/**
 * The background side of broadcasts: the fan-out (delayed to the broadcast's
 * time), the chain of progress reports, the watchdog, and the renderer of
 * broadcast deliveries on the one rate-limited sending path.
 *
 * Exactly once: the deliveries table is unique per (broadcast, member), the
 * fan-out pages through the audience by member id from a cursor stored after
 * each page, and every job id is deterministic. A fan-out that runs twice, or
 * again after a crash, queues nothing twice; a delivery job that runs twice
 * finds its delivery already claimed (see sendDeliveryProcessor).
 */
import { InlineKeyboard, type Api } from "grammy";
import type { Translator } from "../../bot/i18n.js";
import type { JobQueues } from "../../jobs/queues.js";
import type { Processor } from "../../jobs/workers.js";
import type { TrustedHtml } from "../../shared/html.js";
import type { Logger } from "../../shared/logger.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { DeliveryRenderers } from "../delivery/delivery.renderers.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { EventsRepository } from "../events/events.repository.js";
import type { MembersRepository } from "../members/members.repository.js";
import { broadcastsCb } from "./broadcasts.keyboards.js";
import type { BroadcastsRepository } from "./broadcasts.repository.js";
import { broadcastCard, describeAudience } from "./broadcasts.render.js";
import { broadcastStats, type BroadcastScheduler } from "./broadcasts.service.js";
import { BROADCAST_KIND, BROADCAST_PRIORITY, broadcastRefId, type BroadcastView } from "./broadcasts.types.js";
import { toLocale } from "../../shared/locale.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /**
     * Pages through a broadcast's audience from its stored cursor and queues a
     * delivery per recipient; job id `broadcast-fanout-<id>`, delayed to its time.
     */
    "broadcasts.fanout": { broadcastId: number };
    /**
     * Edits the author's progress message, then queues the next report
     * (`tick` + 1) a few seconds later until the broadcast is finished; job id
     * `broadcast-progress-<id>-<tick>`, so a report that runs twice does not fork the chain.
     */
    "broadcasts.progress": { broadcastId: number; tick: number };
    /**
     * Repeatable (SCHEDULES): queues again a fan-out or a progress chain whose
     * job was lost or failed for good (the database was down for minutes).
     */
    "broadcasts.watchdog": Record<string, never>;
  }
}

export const fanoutJobId = (id: number): string => `broadcast-fanout-${id}`;
export const progressJobId = (id: number, tick: number): string => `broadcast-progress-${id}-${tick}`;

const REF = /^broadcast:([1-9][0-9]{0,9})$/;
/** How long a sending process trusts what it read of a broadcast (the renderer runs once per recipient). */
const RENDER_CACHE_MS = 2_000;

export interface BroadcastJobsDeps {
  repository: BroadcastsRepository;
  delivery: DeliveryService;
  renderers: DeliveryRenderers;
  queues: JobQueues;
  /** The bot's own client (with auto-retry): progress edits are not mass sends. */
  api: Api;
  translator: Translator;
  catalogue: CatalogueService;
  events: EventsRepository;
  members: MembersRepository;
  defaultTimezone: string;
  /** At most one progress edit per this many ms. */
  progressMs: number;
  /** Recipients per fan-out page (one statement and one addBulk each). Default 1,000. */
  fanoutBatch?: number;
  now?: () => Date;
}

export interface BroadcastJobs {
  scheduler: BroadcastScheduler;
  fanout: Processor<"broadcasts.fanout">;
  progress: Processor<"broadcasts.progress">;
  watchdog: Processor<"broadcasts.watchdog">;
  /** The author's view of a broadcast (progress message, history card), in the viewer's language and zone. */
  card: (broadcast: BroadcastView, viewer: { locale: string; zone: string }, withStats: boolean) => Promise<string>;
  /** Who a broadcast is for, a line per dimension (HTML); `compact` names at most two values per dimension. */
  audience: (broadcast: BroadcastView, locale: string, compact?: boolean) => Promise<TrustedHtml>;
}

export function createBroadcastJobs(deps: BroadcastJobsDeps): BroadcastJobs {
  const now = deps.now ?? (() => new Date());
  const batch = deps.fanoutBatch ?? 1_000;
  const queue = () => deps.queues.queue("broadcasts");
  const progressOf = (id: number) => deps.delivery.progress(BROADCAST_KIND, broadcastRefId(id));

  async function startProgress(id: number, tick: number, delay = 0): Promise<void> {
    await deps.queues.add(
      "broadcasts.progress",
      { broadcastId: id, tick },
      // Kept an hour, so a report that runs again meanwhile finds its successor's id taken.
      { jobId: progressJobId(id, tick), delay, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    );
  }

  const scheduler: BroadcastScheduler = {
    async scheduled(broadcast) {
      const delay = Math.max(0, broadcast.scheduledAt.getTime() - now().getTime());
      await deps.queues.add("broadcasts.fanout", { broadcastId: broadcast.id }, { jobId: fanoutJobId(broadcast.id), delay });
    },
    async cancelled(broadcast) {
      // A fan-out still waiting for its time is removed; one running stops at its next page.
      await queue()
        .remove(fanoutJobId(broadcast.id))
        .catch(() => undefined);
      // A running broadcast's report chain sees the cancel and sends the final report (a scheduled one has no chain).
      await deps.delivery.cancel(BROADCAST_KIND, broadcastRefId(broadcast.id));
    },
    progress: progressOf,
  };

  async function viewerOf(memberId: number): Promise<{ locale: string; zone: string }> {
    const [state, profile] = await Promise.all([deps.members.findStateById(memberId), deps.members.findProfile(memberId)]);
    return { locale: state?.locale ?? "ru", zone: profile?.timezone ?? deps.defaultTimezone };
  }

  async function audience(broadcast: BroadcastView, locale: string, compact = false): Promise<TrustedHtml> {
    const [subjects, grades, regions, event] = await Promise.all([
      deps.catalogue.subjects(),
      deps.catalogue.grades(),
      deps.catalogue.regions(),
      broadcast.audience.eventId !== undefined ? deps.events.find(broadcast.audience.eventId) : undefined,
    ]);
    const names = { subjects, grades, regions, eventTitle: event?.title };
    return describeAudience(deps.translator.forLocale(locale), locale, broadcast.audience, names, compact ? 2 : undefined);
  }

  async function card(broadcast: BroadcastView, viewer: { locale: string; zone: string }, withStats: boolean): Promise<string> {
    const t = deps.translator.forLocale(viewer.locale);
    const audienceText = await audience(broadcast, viewer.locale);
    const stats = withStats ? broadcastStats(broadcast, await progressOf(broadcast.id), now()) : undefined;
    return broadcastCard(t, toLocale(viewer.locale), viewer.zone, broadcast, stats, audienceText, now());
  }

  /**
   * "broadcasts.fanout": starts the broadcast (SCHEDULED → SENDING) and its
   * progress reports, then queues a delivery for each recipient, a page at a
   * time from the stored cursor. Stops when the broadcast is cancelled.
   */
  const fanout: Processor<"broadcasts.fanout"> = async ({ broadcastId }, _job, logger) => {
    let broadcast = await deps.repository.find(broadcastId);
    if (!broadcast || broadcast.status === "CANCELLED" || broadcast.status === "DONE") return logger.info({ broadcastId }, "fan-out: nothing to do");
    if (broadcast.status === "SCHEDULED") {
      await deps.repository.start(broadcastId, now());
      broadcast = await deps.repository.find(broadcastId);
      if (!broadcast || broadcast.status !== "SENDING") return;
    }
    // The first report; a run after a crash finds it already queued (its id is kept an hour; later, the watchdog covers it).
    await startProgress(broadcastId, 0);
    let cursor = broadcast.cursor;
    let queued = 0;
    // A small first page: sending starts after a fifth of the work of a full one (the admin waits from the confirmation).
    let pageSize = Math.min(batch, 200);
    for (;;) {
      const ids = await deps.repository.audiencePage(broadcast.audience, cursor, pageSize);
      pageSize = batch;
      if (ids.length === 0) break;
      const result = await deps.delivery.enqueue(BROADCAST_KIND, broadcastRefId(broadcastId), ids, { priority: BROADCAST_PRIORITY, paid: broadcast.paid });
      queued += result.created;
      cursor = ids[ids.length - 1]!;
      // False once cancelled: the deliveries just queued are skipped by the renderer.
      if (!(await deps.repository.advanceCursor(broadcastId, cursor))) {
        const current = await deps.repository.find(broadcastId);
        if (current?.status !== "SENDING") return logger.info({ broadcastId }, "fan-out: stopped, broadcast cancelled");
      }
    }
    await deps.repository.markFannedOut(broadcastId, now());
    logger.info({ broadcastId, queued }, "broadcast fanned out");
  };

  /**
   * "broadcasts.progress": edits the author's progress message with the
   * current statistics and queues the next report; the last one records the
   * end and sends the final report. Errors of the edit itself are logged, not
   * thrown: a report that fails must not end the chain.
   */
  const progress: Processor<"broadcasts.progress"> = async ({ broadcastId, tick }, _job, logger) => {
    const broadcast = await deps.repository.find(broadcastId);
    if (!broadcast || broadcast.finishedAt) return;
    const stats = broadcastStats(broadcast, await progressOf(broadcastId), now());
    const finishedNow = stats.finished && (await deps.repository.finish(broadcastId, now()));
    if (stats.finished && !finishedNow) return; // Another run reported the end.
    const current = finishedNow ? ((await deps.repository.find(broadcastId)) ?? broadcast) : broadcast;
    const viewer = await viewerOf(current.authorId);
    const t = deps.translator.forLocale(viewer.locale);
    const text = await card(current, viewer, true);
    if (current.statusChatId !== null && current.statusMessageId !== null) {
      const keyboard = finishedNow ? new InlineKeyboard() : new InlineKeyboard().text(t("broadcasts-cancel-button"), broadcastsCb.pack("cancel", broadcastId));
      await edit(logger, Number(current.statusChatId), current.statusMessageId, text, keyboard);
    }
    if (finishedNow) {
      const chatId = current.statusChatId ?? current.sourceChatId;
      // 0: the author erased their data (/forgetme) and has no chat to report to.
      if (chatId === 0n) return;
      await deps.api
        .sendMessage(
          Number(chatId),
          t(current.status === "CANCELLED" ? "broadcasts-final-cancelled" : "broadcasts-final-done", {
            id: broadcastId,
            sent: stats.sent,
            failed: stats.failed,
            blocked: stats.blocked,
          }),
          {
            ...(current.statusMessageId ? { reply_parameters: { message_id: current.statusMessageId, allow_sending_without_reply: true } } : {}),
          },
        )
        .catch((err: unknown) => logger.warn({ err, broadcastId }, "broadcast: final report not sent"));
      return;
    }
    await startProgress(broadcastId, tick + 1, deps.progressMs);
  };

  async function edit(logger: Logger, chatId: number, messageId: number, text: string, keyboard: InlineKeyboard): Promise<void> {
    try {
      await deps.api.editMessageText(chatId, messageId, text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
    } catch (err) {
      // The author deleted the message or blocked the bot: the final report still goes out (or fails the same way).
      logger.warn({ err: err instanceof Error ? err.message : String(err), chatId }, "broadcast: progress edit failed");
    }
  }

  /**
   * "broadcasts.watchdog": a fan-out job that failed for good (its five
   * attempts used while the database was down) or was lost with Redis data
   * is queued again; so is a progress chain with no job waiting. Both are
   * idempotent, so queueing one that is alive after all costs nothing.
   */
  const watchdog: Processor<"broadcasts.watchdog"> = async (_payload, _job, logger) => {
    const at = now();
    for (const id of await deps.repository.needingFanout(at)) {
      const state = await queue().getJobState(fanoutJobId(id));
      if (state === "failed" || state === "completed") await queue().remove(fanoutJobId(id));
      if (state === "unknown" || state === "failed" || state === "completed") {
        await deps.queues.add("broadcasts.fanout", { broadcastId: id }, { jobId: fanoutJobId(id) });
        logger.warn({ broadcastId: id, state }, "broadcast: fan-out queued again");
      }
    }
    const unfinished = await deps.repository.unfinished();
    if (unfinished.length === 0) return;
    const pending = await queue().getJobs(["waiting", "delayed", "active", "prioritized", "waiting-children"]);
    const alive = new Set(pending.filter((j) => j?.name === "broadcasts.progress").map((j) => (j.data as { broadcastId: number }).broadcastId));
    for (const id of unfinished) {
      if (alive.has(id)) continue;
      await startProgress(id, Math.floor(at.getTime() / 1000));
      logger.warn({ broadcastId: id }, "broadcast: progress reports started again");
    }
  };

  // The renderer runs once per recipient: the broadcast is read at most once per RENDER_CACHE_MS per process.
  const cache = new Map<number, { at: number; broadcast: BroadcastView | undefined }>();
  deps.renderers.register(BROADCAST_KIND, async (refId) => {
    const m = REF.exec(refId);
    if (!m) return undefined;
    const id = Number(m[1]);
    const clock = Date.now();
    let entry = cache.get(id);
    if (!entry || clock - entry.at > RENDER_CACHE_MS) {
      entry = { at: clock, broadcast: await deps.repository.find(id) };
      cache.set(id, entry);
      if (cache.size > 100) cache.delete(cache.keys().next().value!);
    }
    const broadcast = entry.broadcast;
    if (!broadcast || broadcast.status !== "SENDING") return undefined;
    const fromChatId = Number(broadcast.sourceChatId);
    if (broadcast.messageIds.length === 1) return { method: "copyMessage", fromChatId, messageId: broadcast.messageIds[0]! };
    return { method: "copyMessages", fromChatId, messageIds: broadcast.messageIds };
  });

  return { scheduler, fanout, progress, watchdog, card, audience };
}
