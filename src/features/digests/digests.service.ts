import { DomainError } from "../../shared/errors.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { MemberState } from "../members/members.types.js";
import type { DigestContent, DigestsRepository, DueDecision, DueSubscription, MemberWindow, SubscriptionRow } from "./digests.repository.js";
import {
  digestWindow,
  digestZone,
  dueAfterDigest,
  dueAfterFrequencyChange,
  dueAfterZoneChange,
  nextSlotAfter,
  previousSlot,
  type ActiveFrequency,
  type DigestFrequency,
  type DigestWindow,
} from "./digests.time.js";

/** The delivery kind of digests on the sending path. */
export const DIGEST_KIND = "digest";
/**
 * BullMQ priority of digest deliveries: after event reminders (no priority,
 * so first) and broadcasts (100); a digest an hour late is still a digest.
 */
export const DIGEST_PRIORITY = 200;
/** At most this many items of each kind in one digest; the rest are counted. */
export const DIGEST_LIMITS = { materials: 10, events: 5 } as const;

const SECOND = 1000;
/** Members per INSERT when adopting (the first start after deployment adopts everyone). */
const ADOPT_CHUNK = 10_000;

/** The delivery ref of a digest window: `digest:<fromUnix>:<toUnix>` (ids and numbers only). */
export function digestRefId(window: DigestWindow): string {
  return `digest:${Math.floor(window.from.getTime() / SECOND)}:${Math.floor(window.to.getTime() / SECOND)}`;
}

const REF = /^digest:(0|[1-9][0-9]{0,11}):(0|[1-9][0-9]{0,11})$/;

/** The window a digest ref names; undefined for anything else (or an empty window). */
export function parseDigestRefId(refId: string): DigestWindow | undefined {
  const m = REF.exec(refId);
  if (!m) return undefined;
  const from = new Date(Number(m[1]) * SECOND);
  const to = new Date(Number(m[2]) * SECOND);
  return from.getTime() < to.getTime() ? { from, to } : undefined;
}

/** A member's digest settings, as /subscriptions shows them. */
export interface DigestSettings {
  frequency: DigestFrequency;
  /** True when the digest follows the profile's subjects (no own list). */
  followsProfileSubjects: boolean;
  followsProfileGrades: boolean;
  /** The subjects and grades the digest follows now: its own lists, or the profile's. */
  subjectCodes: string[];
  gradeCodes: string[];
  /** NULL when off. */
  nextDueAt: Date | null;
  /** The zone of the due times (the profile's, else the community default). */
  timezone: string;
}

/** What one run of the tick did. */
export interface TickResult {
  /** Registered members given the default subscription now. */
  adopted: number;
  /** Due subscriptions handled (advanced, or removed when erased). */
  due: number;
  /** Digests queued (members with something new). */
  queued: number;
  /** Due subscriptions with nothing new: no digest, the window moves on. */
  empty: number;
}

/** A digest ready to render: its content and the reader's zone. */
export interface DigestToRender {
  content: DigestContent;
  timezone: string;
  frequency: ActiveFrequency;
}

export interface DigestsServiceOptions {
  defaultTimezone: string;
  now?: () => Date;
  /** Subscriptions per transaction of the tick. Default 500. */
  batchSize?: number;
  /** A tick stops taking new batches after this long; the next tick goes on. Default 30 s. */
  tickBudgetMs?: number;
}

/**
 * Member digests: the settings of /subscriptions and the tick that queues due
 * digests on the sending path. Every registered member has a subscription
 * (weekly, as in the profile) unless they change it; see tick().
 */
export class DigestsService {
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly tickBudgetMs: number;

  constructor(
    private readonly digests: DigestsRepository,
    private readonly profiles: Pick<MembersRepository, "findProfile">,
    private readonly catalogue: CatalogueService,
    private readonly delivery: Pick<DeliveryService, "enqueue">,
    private readonly options: DigestsServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 500;
    this.tickBudgetMs = options.tickBudgetMs ?? 30_000;
  }

  // ------------------------------------------------------------ settings

  /** The member's settings; a registered member without a subscription gets the default one now. */
  async settings(member: MemberState | undefined): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    const row = (await this.digests.find(id)) ?? (await this.digests.ensure(id, nextSlotAfter("WEEKLY", await this.zoneOf(id), this.now())));
    return this.view(row);
  }

  /** Weekly, daily or off; the next due time moves to the new rhythm (never within 12 h of the last digest). */
  async setFrequency(member: MemberState | undefined, frequency: DigestFrequency): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    await this.settings(member);
    const zone = await this.zoneOf(id);
    const now = this.now();
    const row = await this.digests.update(id, (current) => {
      if (current.frequency === frequency) return undefined;
      if (frequency === "OFF") return { frequency, nextDueAt: null };
      const nextDueAt = dueAfterFrequencyChange(frequency, zone, current.lastDigestAt, now);
      // Switched back on: the first digest covers at most one period, not the whole pause.
      const sinceLast = current.lastDigestAt && current.lastDigestAt.getTime() > previousSlot(frequency, zone, nextDueAt).getTime();
      return { frequency, nextDueAt, ...(current.frequency === "OFF" && !sinceLast ? { lastDigestAt: null } : {}) };
    });
    return this.view(this.found(row));
  }

  /** Adds or removes a subject; the first change starts from the profile's subjects. */
  async toggleSubject(member: MemberState | undefined, code: string): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    if (!(await this.catalogue.subject(code))) throw new DomainError("errors-stale-button");
    const order = (await this.catalogue.subjects()).map((s) => s.code);
    return this.toggle(member, "subjectCodes", code, order, "digests-subjects-empty", (await this.profiles.findProfile(id))?.subjectCodes ?? []);
  }

  /** Adds or removes a grade; the first change starts from the profile's grades. */
  async toggleGrade(member: MemberState | undefined, code: string): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    if (!(await this.catalogue.grade(code))) throw new DomainError("errors-stale-button");
    const order = (await this.catalogue.grades()).map((g) => g.code);
    return this.toggle(member, "gradeCodes", code, order, "digests-grades-empty", (await this.profiles.findProfile(id))?.gradeCodes ?? []);
  }

  /** Follow the profile's subjects again (they change with the profile). */
  async useProfileSubjects(member: MemberState | undefined): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    await this.settings(member);
    return this.view(this.found(await this.digests.update(id, (row) => (row.subjectCodes.length ? { subjectCodes: [] } : undefined))));
  }

  async useProfileGrades(member: MemberState | undefined): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    await this.settings(member);
    return this.view(this.found(await this.digests.update(id, (row) => (row.gradeCodes.length ? { gradeCodes: [] } : undefined))));
  }

  /**
   * The member's profile zone changed: the next digest moves to the same slot
   * in the new zone (see dueAfterZoneChange). Called by the profile service
   * after every time-zone edit; a member without a subscription has nothing to move.
   */
  async timezoneChanged(memberId: number): Promise<void> {
    const zone = await this.zoneOf(memberId);
    await this.digests.update(memberId, (row) => {
      if (row.frequency === "OFF" || !row.nextDueAt) return undefined;
      const nextDueAt = dueAfterZoneChange(row.frequency, zone, row.nextDueAt, row.lastDigestAt);
      return nextDueAt.getTime() === row.nextDueAt.getTime() ? undefined : { nextDueAt };
    });
  }

  /** Erasure (/forgetme): the subscription goes with the profile. */
  async forget(memberId: number): Promise<void> {
    await this.digests.remove(memberId);
  }

  // ------------------------------------------------------------ tick

  /**
   * Queues the digests that are due. First adopts registered members who
   * have no subscription yet (one read, one insert per 10,000). Then, in
   * batches locked with SKIP LOCKED (ticks may overlap), works out each due
   * member's window (since the last digest, up to the latest slot: one digest
   * after downtime, not a backlog), queues a digest for those with anything
   * new, and advances every window, in the same transaction as the lock. A
   * tick that dies midway leaves its batch due; the next one queues the same
   * deliveries again, which the deliveries table does not repeat.
   */
  async tick(): Promise<TickResult> {
    const now = this.now();
    const started = Date.now();
    const result: TickResult = { adopted: await this.adopt(now), due: 0, queued: 0, empty: 0 };
    for (;;) {
      const taken = await this.digests.processDue(now, this.batchSize, (due, db) => this.decide(due, now, result, db));
      result.due += taken;
      if (taken < this.batchSize || Date.now() - started > this.tickBudgetMs) break;
    }
    return result;
  }

  private async adopt(now: Date): Promise<number> {
    const members = await this.digests.unadopted();
    // One due time per zone: the members of a zone share it (and so share their first window).
    const dueByZone = new Map<string, Date>();
    const dueOf = (zone: string): Date => {
      let due = dueByZone.get(zone);
      if (!due) dueByZone.set(zone, (due = nextSlotAfter("WEEKLY", digestZone(zone, this.options.defaultTimezone), now)));
      return due;
    };
    let adopted = 0;
    for (let i = 0; i < members.length; i += ADOPT_CHUNK) {
      adopted += await this.digests.adopt(members.slice(i, i + ADOPT_CHUNK).map((m) => ({ memberId: m.memberId, nextDueAt: dueOf(m.timezone) })));
    }
    return adopted;
  }

  private async decide(due: DueSubscription[], now: Date, result: TickResult, db: Parameters<DigestsRepository["withContent"]>[2]): Promise<DueDecision[]> {
    const decisions: DueDecision[] = [];
    const windows: MemberWindow[] = [];
    // Members of one zone and rhythm share their times; time-zone arithmetic is most of the CPU here.
    const plans = new Map<string, { window: DigestWindow; next: Date }>();
    for (const sub of due) {
      if (sub.erased) {
        decisions.push({ memberId: sub.memberId, remove: true });
        continue;
      }
      // Not selected by the query; the check narrows the type.
      if (sub.frequency === "OFF") continue;
      const key = `${sub.frequency} ${sub.timezone} ${sub.lastDigestAt?.getTime()} ${sub.nextDueAt.getTime()}`;
      let plan = plans.get(key);
      if (!plan) {
        const zone = digestZone(sub.timezone, this.options.defaultTimezone);
        const window = digestWindow(sub.frequency, zone, { lastDigestAt: sub.lastDigestAt, dueAt: sub.nextDueAt }, now);
        plan = { window, next: dueAfterDigest(sub.frequency, zone, window.to, now) };
        plans.set(key, plan);
      }
      const { window, next } = plan;
      decisions.push({ memberId: sub.memberId, lastDigestAt: window.to, nextDueAt: next });
      // An unreachable member's window moves on without a digest (the sending path would skip it anyway).
      if (sub.isActive && window.from.getTime() < window.to.getTime()) windows.push({ memberId: sub.memberId, ...window });
    }
    const withContent = await this.digests.withContent(windows, now, db);
    const byRef = new Map<string, number[]>();
    for (const w of windows) {
      if (!withContent.has(w.memberId)) {
        result.empty++;
        continue;
      }
      const ref = digestRefId(w);
      byRef.set(ref, [...(byRef.get(ref) ?? []), w.memberId]);
    }
    // Members of one zone with the default rhythm share a window, so a batch is a few enqueues.
    for (const [ref, memberIds] of byRef) {
      await this.delivery.enqueue(DIGEST_KIND, ref, memberIds, { priority: DIGEST_PRIORITY });
      result.queued += memberIds.length;
    }
    return decisions;
  }

  // ------------------------------------------------------------ rendering

  /**
   * What a digest delivery shows when it is sent: the window's content as of
   * now (materials withdrawn or events cancelled since the tick are left
   * out), or undefined when nothing is left or the member turned digests off.
   */
  async toRender(memberId: number, window: DigestWindow): Promise<DigestToRender | undefined> {
    const row = await this.digests.find(memberId);
    if (!row || row.frequency === "OFF") return undefined;
    const content = await this.digests.content({ memberId, ...window }, this.now(), DIGEST_LIMITS);
    if (content.materialCount + content.eventCount === 0) return undefined;
    return { content, timezone: await this.zoneOf(memberId), frequency: row.frequency };
  }

  // ------------------------------------------------------------ helpers

  private requireRegistered(member: MemberState | undefined): MemberState {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    return member;
  }

  private found(row: SubscriptionRow | undefined): SubscriptionRow {
    // The row was made a moment ago; only erasure in between removes it.
    if (!row) throw new DomainError("errors-not-registered");
    return row;
  }

  private async zoneOf(memberId: number): Promise<string> {
    return digestZone((await this.profiles.findProfile(memberId))?.timezone, this.options.defaultTimezone);
  }

  /**
   * Toggles `code` in the subscription's own list under the row lock; an
   * empty own list (following the profile) starts from the profile's codes.
   * Refuses to leave the list empty ("as in my profile" is its own button).
   */
  private async toggle(
    member: MemberState | undefined,
    field: "subjectCodes" | "gradeCodes",
    code: string,
    catalogueOrder: string[],
    emptyKey: string,
    profileCodes: string[],
  ): Promise<DigestSettings> {
    const { id } = this.requireRegistered(member);
    await this.settings(member);
    let emptied = false;
    const row = await this.digests.update(id, (current) => {
      const base = current[field].length > 0 ? current[field] : profileCodes;
      const next = base.includes(code) ? base.filter((c) => c !== code) : [...base, code];
      const ordered = catalogueOrder.filter((c) => next.includes(c));
      if (ordered.length === 0) {
        emptied = true;
        return undefined;
      }
      return { [field]: ordered };
    });
    if (emptied) throw new DomainError(emptyKey);
    return this.view(this.found(row));
  }

  private async view(row: SubscriptionRow): Promise<DigestSettings> {
    const profile = await this.profiles.findProfile(row.memberId);
    return {
      frequency: row.frequency,
      followsProfileSubjects: row.subjectCodes.length === 0,
      followsProfileGrades: row.gradeCodes.length === 0,
      subjectCodes: row.subjectCodes.length ? row.subjectCodes : (profile?.subjectCodes ?? []),
      gradeCodes: row.gradeCodes.length ? row.gradeCodes : (profile?.gradeCodes ?? []),
      nextDueAt: row.nextDueAt,
      timezone: digestZone(profile?.timezone, this.options.defaultTimezone),
    };
  }
}
