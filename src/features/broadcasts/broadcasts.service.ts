import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { DeliveryProgress } from "../delivery/delivery.types.js";
import type { MemberState } from "../members/members.types.js";
import type { SettingsService } from "../settings/settings.service.js";
import type { BroadcastsRepository } from "./broadcasts.repository.js";
import {
  AUDIENCE_VALUES_MAX,
  BROADCAST_MAX_MESSAGES,
  BROADCAST_SUMMARY_MAX,
  normaliseAudience,
  type BroadcastAudience,
  type BroadcastDraft,
  type BroadcastStats,
  type BroadcastView,
} from "./broadcasts.types.js";

export const BROADCASTS_PAGE_SIZE = 5;
/** A broadcast can be scheduled up to a year ahead. */
const MAX_AHEAD_MS = 366 * 24 * 3600_000;

/** What the service asks of the background side (broadcasts.jobs.ts), so it stays free of BullMQ. */
export interface BroadcastScheduler {
  /** Queues the fan-out for the broadcast's time. */
  scheduled(broadcast: BroadcastView): Promise<void>;
  /** Stops what is not yet sent and removes a fan-out that has not started. */
  cancelled(broadcast: BroadcastView): Promise<void>;
  /** The delivery counts of a broadcast. */
  progress(broadcastId: number): Promise<DeliveryProgress>;
}

/**
 * Admins' announcements to segments of the community. Every method checks the
 * actor itself: admins may always broadcast, moderators only while the
 * "broadcast.moderators" setting is on.
 */
export class BroadcastsService {
  constructor(
    private readonly repository: BroadcastsRepository,
    private readonly catalogue: CatalogueService,
    private readonly settings: SettingsService,
    private readonly scheduler: BroadcastScheduler,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether `actor` may broadcast now. */
  async mayBroadcast(actor: MemberState | undefined): Promise<boolean> {
    if (!actor?.isActive) return false;
    if (actor.role === "ADMIN") return true;
    return actor.role === "MODERATOR" && (await this.settings.get("broadcast.moderators"));
  }

  private async assertAllowed(actor: MemberState | undefined): Promise<MemberState> {
    if (!actor || !(await this.mayBroadcast(actor))) throw new ForbiddenError("broadcasts-forbidden");
    return actor;
  }

  /** Checks an audience against the catalogue; unknown codes are refused, not ignored. */
  async validateAudience(audience: BroadcastAudience): Promise<BroadcastAudience> {
    const a = normaliseAudience(audience);
    const tooMany = [a.subjects, a.grades, a.regions, a.roles].some((list) => (list?.length ?? 0) > AUDIENCE_VALUES_MAX);
    if (tooMany) throw new DomainError("broadcasts-audience-invalid");
    const [subjects, grades, regions] = await Promise.all([this.catalogue.subjects(), this.catalogue.grades(), this.catalogue.regions()]);
    const known = (values: string[] | undefined, items: Array<{ code: string }>) => (values ?? []).every((v) => items.some((i) => i.code === v));
    if (!known(a.subjects, subjects) || !known(a.grades, grades) || !known(a.regions, regions)) throw new DomainError("broadcasts-audience-invalid");
    if (a.eventId !== undefined && (!Number.isSafeInteger(a.eventId) || a.eventId <= 0)) throw new DomainError("broadcasts-audience-invalid");
    return a;
  }

  /** How many members the audience reaches now. */
  async countAudience(actor: MemberState | undefined, audience: BroadcastAudience): Promise<number> {
    await this.assertAllowed(actor);
    return this.repository.countAudience(await this.validateAudience(audience));
  }

  /** Whether broadcasts confirmed now go out on the paid lane (an album cannot: copyMessages has no paid mode). */
  async paidFor(messageIds: readonly number[]): Promise<boolean> {
    return messageIds.length === 1 && (await this.settings.get("broadcast.paid"));
  }

  /**
   * Records a confirmed broadcast and queues its fan-out for its time. Refused:
   * an empty audience, a time in the past or too far ahead, and a message that
   * already has a broadcast that was not cancelled (a second Confirm).
   */
  async create(actor: MemberState | undefined, draft: BroadcastDraft): Promise<BroadcastView> {
    const author = await this.assertAllowed(actor);
    const ids = draft.messageIds;
    const increasing = ids.every((id, i) => Number.isSafeInteger(id) && id > 0 && (i === 0 || id > ids[i - 1]!));
    if (ids.length < 1 || ids.length > BROADCAST_MAX_MESSAGES || !increasing) throw new DomainError("broadcasts-message-invalid");
    if (draft.sourceChatId !== author.telegramId) throw new ForbiddenError("broadcasts-forbidden");
    const audience = await this.validateAudience(draft.audience);
    const now = this.now();
    const scheduled = draft.scheduledAt !== undefined;
    const scheduledAt = draft.scheduledAt ?? now;
    if (Number.isNaN(scheduledAt.getTime()) || scheduledAt.getTime() < now.getTime() - 1_000) throw new DomainError("broadcasts-time-past");
    if (scheduledAt.getTime() - now.getTime() > MAX_AHEAD_MS) throw new DomainError("broadcasts-time-far");
    const existing = await this.repository.findActiveOf(draft.sourceChatId, ids[0]!);
    if (existing !== undefined) throw new DomainError("broadcasts-already-sent", { id: existing });
    const recipientCount = await this.repository.countAudience(audience);
    if (recipientCount === 0) throw new DomainError("broadcasts-audience-empty");
    const summary = Array.from(draft.summary.replace(/\s+/g, " ").trim()).slice(0, BROADCAST_SUMMARY_MAX).join("");
    const broadcast = await this.repository.create(author.id, {
      ...draft,
      summary,
      audience,
      recipientCount,
      paid: await this.paidFor(ids),
      scheduledAt,
      scheduled,
    });
    await this.scheduler.scheduled(broadcast);
    return broadcast;
  }

  /** Remembers the author's progress message, which the progress reports edit. */
  async attachStatusMessage(actor: MemberState | undefined, id: number, chatId: bigint, messageId: number): Promise<void> {
    const broadcast = await this.get(actor, id);
    // `get` has refused a missing actor already; the check only tells the compiler.
    if (!actor || broadcast.authorId !== actor.id) throw new ForbiddenError("broadcasts-forbidden");
    await this.repository.setStatusMessage(id, chatId, messageId);
  }

  async get(actor: MemberState | undefined, id: number): Promise<BroadcastView> {
    await this.assertAllowed(actor);
    const broadcast = await this.repository.find(id);
    if (!broadcast) throw new NotFoundError("broadcasts-not-found");
    return broadcast;
  }

  async page(actor: MemberState | undefined, page: number): Promise<{ items: BroadcastView[]; total: number }> {
    await this.assertAllowed(actor);
    return this.repository.page(Math.max(0, page), BROADCASTS_PAGE_SIZE);
  }

  /**
   * Cancels a scheduled broadcast, or stops one in progress (what is already
   * sent stays sent). Any staff member who may broadcast may cancel; a second
   * tap finds it cancelled and is told so.
   */
  async cancel(actor: MemberState | undefined, id: number): Promise<BroadcastView> {
    const who = await this.assertAllowed(actor);
    const previous = await this.repository.cancel(id, who.id, this.now());
    const broadcast = await this.repository.find(id);
    if (!broadcast) throw new NotFoundError("broadcasts-not-found");
    if (!previous) throw new DomainError(broadcast.status === "CANCELLED" ? "broadcasts-already-cancelled" : "broadcasts-cannot-cancel");
    await this.scheduler.cancelled(broadcast);
    return broadcast;
  }

  /** Delivery statistics of a broadcast, with the time left at the rate achieved so far. */
  async stats(broadcast: BroadcastView): Promise<BroadcastStats> {
    return broadcastStats(broadcast, await this.scheduler.progress(broadcast.id), this.now());
  }
}

/** Statistics from a broadcast and its delivery counts (pure, so progress reports and tests share it). */
export function broadcastStats(broadcast: BroadcastView, progress: DeliveryProgress, now: Date): BroadcastStats {
  const inFlight = progress.QUEUED + progress.SENDING;
  // Recipients the fan-out has not reached yet (none once it finished or the broadcast was cancelled).
  const notFannedOut = broadcast.fannedOutAt || broadcast.status === "CANCELLED" ? 0 : Math.max(0, broadcast.recipientCount - progress.total);
  const remaining = broadcast.status === "CANCELLED" ? inFlight : inFlight + notFannedOut;
  const done = progress.SENT + progress.FAILED + progress.BLOCKED;
  const elapsedS = broadcast.startedAt ? (now.getTime() - broadcast.startedAt.getTime()) / 1000 : 0;
  const rate = elapsedS >= 1 && done > 0 ? done / elapsedS : undefined;
  const finished =
    broadcast.status === "DONE" || (broadcast.status !== "SCHEDULED" && remaining === 0 && (broadcast.status === "CANCELLED" || broadcast.fannedOutAt !== null));
  return {
    sent: progress.SENT,
    failed: progress.FAILED,
    blocked: progress.BLOCKED,
    skipped: progress.SKIPPED,
    remaining,
    etaSeconds: rate && remaining > 0 ? Math.ceil(remaining / rate) : undefined,
    finished,
  };
}
