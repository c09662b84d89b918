import type { JobQueues } from "../../jobs/queues.js";
import type { EventsRepository } from "../events/events.repository.js";
import type { AuthorEvent } from "../materials/materials.events.js";
import type { MaterialsRepository } from "../materials/materials.repository.js";
import { isVisible } from "../materials/materials.service.js";
import { AnnouncementKinds, type AnnouncementKindSpec } from "./groups.announce.kinds.js";
import type { GroupAnnouncementsRepository, AnnouncementKind } from "./groups.announce.repository.js";
import type { GroupsService } from "./groups.service.js";
import { messageLink } from "./groups.types.js";

/** Outcomes of `material.decided` that take a material out of the library: its announcements are withdrawn. */
const WITHDRAWN: readonly AuthorEvent[] = ["unpublished", "deleted", "hidden"];

/** The job id of a group's announcement job for the window `at` falls in: one job per group and window. */
export function announceJobId(groupId: number, windowMs: number, at: number): string {
  return `group-announce-${groupId}-${windowMs > 0 ? Math.floor(at / windowMs) : at}`;
}

/**
 * The job id of the re-rendering of one post after a change of what it announces, per window:
 * changes within a window become one edit. Every change of window `w` comes before its job runs
 * (the job is delayed by a window from the first), and the job renders what the database holds
 * then, so no change is missed; a second job that renders the same text edits nothing (PostTexts).
 */
export function refreshJobId(groupId: number, messageId: number, windowMs: number, at: number): string {
  return `group-refresh-${groupId}-${messageId}-${windowMs > 0 ? Math.floor(at / windowMs) : at}`;
}

/** The sweep's job id for a group whose oldest PENDING announcement is `rowId`: one such job per stuck row. */
export function sweepJobId(groupId: number, rowId: number): string {
  return `group-announce-${groupId}-sweep-${rowId}`;
}

/** Job states in which a job will still run. */
const ALIVE = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

export interface GroupAnnouncementsDeps {
  repository: GroupAnnouncementsRepository;
  groups: Pick<GroupsService, "forSubjects">;
  materials: Pick<MaterialsRepository, "find">;
  events: Pick<EventsRepository, "find">;
  queues: JobQueues;
  /** How long a group's announcements are collected before its job posts them (GROUP_ANNOUNCE_WINDOW_MS). */
  windowMs: number;
  /** Kinds later slices register (a new, empty registry when absent). */
  kinds?: AnnouncementKinds;
}

/**
 * Announcements of the library's materials and of new events in the linked
 * groups of their subjects (and in general groups). This side only records:
 * a PENDING row per group (unique on group, kind and ref, so an event that
 * fires twice announces once) and a delayed job per group and window; the
 * posting, deleting and editing happen in the jobs (groups.announce.jobs.ts).
 * Later slices announce their own kinds through the same pipeline
 * (`registerKind`, then `announce`, `changed`, `withdrawAll`).
 */
export class GroupAnnouncements {
  /** Kinds registered by later slices; the jobs (GroupAnnouncer) read the same registry. */
  readonly kinds: AnnouncementKinds;

  constructor(private readonly deps: GroupAnnouncementsDeps) {
    this.kinds = deps.kinds ?? new AnnouncementKinds();
  }

  /**
   * Adds a kind of announcement of a later slice (e.g. "contest-open"), while its services are
   * built. Throws on a bad or taken name.
   */
  registerKind(kind: string, spec: AnnouncementKindSpec): void {
    this.kinds.register(kind, spec);
  }

  /**
   * Announces `refId` of a registered kind in the linked groups of these subjects and in general
   * groups (no subjects: general groups only, as for an event of every subject), each group that
   * takes the kind (`spec.wanted`). Announcing the same ref again posts nothing new (unique rows).
   * Returns how many groups got a new announcement.
   */
  async announce(kind: string, refId: number, subjectCodes: readonly string[]): Promise<number> {
    const spec = this.kinds.get(kind);
    if (!spec) throw new Error(`Announcement kind "${kind}" is not registered`);
    const groups = (await this.deps.groups.forSubjects([...new Set(subjectCodes)], true)).filter((g) => spec.wanted(g));
    return this.record(
      kind,
      refId,
      groups.map((g) => g.id),
    );
  }

  /** What a registered kind announced changed (a contest's dates): its posts are rendered again, like a changed event's. */
  async changed(kind: string, refId: number): Promise<void> {
    await this.refreshPosts(kind, refId);
  }

  /** Takes back every announcement of a registered kind's ref (a cancelled contest), like an unpublished material's. */
  async withdrawAll(kind: string, refId: number): Promise<void> {
    await this.withdraw(kind, refId);
  }

  /** `material.decided`: approved → announced; unpublished, deleted or hidden → withdrawn. */
  async materialDecided(materialId: number, outcome: AuthorEvent): Promise<void> {
    if (outcome === "approved") await this.materialApproved(materialId);
    else if (WITHDRAWN.includes(outcome)) await this.withdraw("material", materialId);
  }

  /** `material.withdrawn` (by its author): its announcements are taken back. */
  async materialWithdrawn(materialId: number): Promise<void> {
    await this.withdraw("material", materialId);
  }

  private async materialApproved(materialId: number): Promise<void> {
    const m = await this.deps.materials.find(materialId);
    if (!m || !isVisible(m)) return;
    const groups = (await this.deps.groups.forSubjects([m.subjectCode], true)).filter((g) => g.announceMaterials);
    await this.record(
      "material",
      materialId,
      groups.map((g) => g.id),
    );
  }

  /** `event.created`: announced in the groups of its subjects (general groups get every event). */
  async eventCreated(eventId: number): Promise<void> {
    const e = await this.deps.events.find(eventId);
    if (!e || e.status !== "SCHEDULED") return;
    const groups = (await this.deps.groups.forSubjects(e.subjectCodes, true)).filter((g) => g.announceEvents);
    await this.record(
      "event",
      eventId,
      groups.map((g) => g.id),
    );
  }

  /**
   * `event.changed`: every post announcing the event (a single post or a combined one) is rendered
   * again by a `groups.refresh` job, delayed by a window (repeated edits become one). PENDING
   * announcements need nothing: they are rendered when posted.
   */
  async eventChanged(eventId: number): Promise<void> {
    await this.refreshPosts("event", eventId);
  }

  private async refreshPosts(kind: AnnouncementKind, refId: number): Promise<void> {
    const rows = await this.deps.repository.live(kind, refId);
    const posts = new Map<string, { groupId: number; messageId: number }>();
    for (const r of rows) if (r.status === "SENT" && r.messageId !== null) posts.set(`${r.groupId}:${r.messageId}`, { groupId: r.groupId, messageId: r.messageId });
    for (const post of posts.values()) {
      await this.deps.queues.add("groups.refresh", post, {
        jobId: refreshJobId(post.groupId, post.messageId, this.deps.windowMs, Date.now()),
        delay: this.deps.windowMs,
        attempts: 5,
        backoff: { type: "exponential", delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    }
  }

  /** `event.cancelled`: its announcements are withdrawn like an unpublished material's. */
  async eventCancelled(eventId: number): Promise<void> {
    await this.withdraw("event", eventId);
  }

  private async record(kind: AnnouncementKind, refId: number, groupIds: number[]): Promise<number> {
    const created = await this.deps.repository.addPending(kind, refId, groupIds);
    for (const groupId of created) await this.schedule(groupId);
    return created.length;
  }

  /**
   * Queues the group's announcement job of the current window (a burst within
   * the window becomes one job, whose run takes every PENDING row: one post).
   */
  async schedule(groupId: number, delayMs = this.deps.windowMs): Promise<void> {
    await this.deps.queues.add(
      "groups.announce",
      { groupId },
      {
        jobId: announceJobId(groupId, this.deps.windowMs, Date.now()),
        delay: delayMs,
        attempts: 5,
        backoff: { type: "exponential", delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /** Withdraws every announcement of (kind, refId): PENDING ones are dropped, posted ones deleted or edited by a job. */
  private async withdraw(kind: AnnouncementKind, refId: number): Promise<void> {
    const rows = await this.deps.repository.live(kind, refId);
    for (const row of rows) await this.queueWithdrawal(row.id);
  }

  private async queueWithdrawal(announcementId: number): Promise<void> {
    await this.deps.queues.add(
      "groups.withdraw",
      { announcementId },
      {
        jobId: `group-withdraw-${announcementId}`,
        attempts: 5,
        backoff: { type: "exponential", delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /** The link to a material's announcement (its first group) for the card's "Discuss in the group" button; one query. */
  async discussionLink(materialId: number): Promise<string | undefined> {
    const post = await this.deps.repository.firstPost("material", materialId);
    return post ? messageLink(post) : undefined;
  }

  /**
   * The periodic sweep (`groups.sweep`): a group whose oldest PENDING announcement is older than
   * `olderThanMs` and none of whose jobs for it will still run (the job failed all its attempts,
   * or was lost) gets a job again, with an id derived from that row: two sweeps, or two workers,
   * add one. A job that still runs (delayed by the group's budget, retrying) is left alone; a
   * sweep job of an earlier sweep that ended is removed first so its id can be used again.
   * FAILED rows are never swept: their outcome is unknown, and a duplicate is worse than a gap.
   * Row times are PostgreSQL's, compared with this machine's clock (as the job's settling does).
   */
  async sweep(olderThanMs: number): Promise<{ groupsRequeued: number }> {
    const stuck = await this.deps.repository.stuck(new Date(Date.now() - olderThanMs));
    const queue = this.deps.queues.queueOf("groups.announce");
    let groupsRequeued = 0;
    for (const row of stuck) {
      const at = row.createdAt.getTime();
      const windowMs = this.deps.windowMs;
      // The job its recording queued (the window it fell in, or the next one with clocks apart), and an earlier sweep's.
      const candidates = [announceJobId(row.groupId, windowMs, at), announceJobId(row.groupId, windowMs, at + windowMs), sweepJobId(row.groupId, row.id)];
      const states = await Promise.all(candidates.map((id) => queue.getJobState(id)));
      if (states.some((s) => ALIVE.has(s))) continue;
      const jobId = sweepJobId(row.groupId, row.id);
      if (states[2] !== "unknown") await queue.remove(jobId);
      await this.deps.queues.add(
        "groups.announce",
        { groupId: row.groupId },
        { jobId, attempts: 5, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
      );
      groupsRequeued++;
    }
    return { groupsRequeued };
  }

  /**
   * After Redis lost its data (PostgreSQL is the record): every group with PENDING announcements
   * gets its job again, and every posted announcement of a material no longer in the library (or
   * a cancelled event, or a ref a registered kind says is gone) its withdrawal.
   */
  async reconcile(): Promise<{ groupsRequeued: number; withdrawalsRequeued: number }> {
    const groups = await this.deps.repository.groupsWithPending();
    for (const groupId of groups) await this.schedule(groupId, 0);
    const orphaned = await this.deps.repository.orphaned();
    for (const kind of this.kinds.names()) {
      const spec = this.kinds.get(kind);
      if (!spec?.gone) continue;
      const refs = await this.deps.repository.sentRefs(kind);
      if (refs.length === 0) continue;
      for (const refId of await spec.gone(refs)) {
        for (const row of await this.deps.repository.live(kind, refId)) if (row.status === "SENT") orphaned.push(row.id);
      }
    }
    for (const id of orphaned) await this.queueWithdrawal(id);
    return { groupsRequeued: groups.length, withdrawalsRequeued: orphaned.length };
  }
}
