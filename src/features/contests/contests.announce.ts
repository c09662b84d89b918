/**
 * Announcing a contest's phases: submissions open; submissions closed and
 * judging (with the audience vote, if held); results published.
 *
 * - In subject groups, through the groups slice's announcement pipeline (one
 *   registered kind per phase: "contest-open", "contest-judging",
 *   "contest-results", ref = the contest id): the linked groups of the
 *   nominations' subjects and every general group, each that announces events
 *   (`announceEvents`, the same switch: a contest is announced like an event),
 *   in its events topic. A nomination open to every subject adds no subject
 *   group (as an event of every subject: general groups only).
 * - If the organiser chose it (`broadcastPhases`), to the contest's segment
 *   through the sending path: delivery kind "contest.phase", ref
 *   `contest:<id>:<phase>`, to registered, reachable members whose subjects
 *   meet the nominations' subjects and whose grades meet their grades (the
 *   broadcasts slice's audience query; a nomination of every subject or grade
 *   drops that filter).
 *
 * Announcing a phase twice posts and sends once: group rows are unique per
 * group, kind and ref, deliveries per kind, ref and member. What is announced
 * is checked again when it goes out (a post or a message of a phase the
 * contest has left, or of a cancelled contest, is not sent), so callers call
 * `phase` after the phase's move committed, and may call it again.
 */
import { InlineKeyboard } from "grammy";
import type { Translate, Translator } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import type { BroadcastsRepository } from "../broadcasts/broadcasts.repository.js";
import { BROADCAST_PRIORITY, normaliseAudience, type BroadcastAudience } from "../broadcasts/broadcasts.types.js";
import type { DeliveryRenderers } from "../delivery/delivery.renderers.js";
import type { DeliveryService } from "../delivery/delivery.service.js";
import type { DeliveryRenderer, OutgoingMessage } from "../delivery/delivery.types.js";
import { cachedBotUsername } from "../digests/digests.jobs.js";
import type { FeatureDeps } from "../feature.js";
import type { AnnouncementKindSpec } from "../groups/groups.announce.kinds.js";
import type { RenderedAnnouncement } from "../groups/groups.announce.render.js";
import type { GroupAnnouncements } from "../groups/groups.announce.service.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { ContestsRepository } from "./contests.repository.js";
import { parseContestRef, type ContestStatus, type ContestView } from "./contests.types.js";

/** The phases announced to members. */
export const ANNOUNCED_PHASES = ["open", "judging", "results"] as const;
export type AnnouncedPhase = (typeof ANNOUNCED_PHASES)[number];

/** The delivery kind of a phase sent to the segment; its ref is `contest:<id>:<phase>`. */
export const CONTEST_PHASE_DELIVERY = "contest.phase";
export const contestPhaseRef = (contestId: number, phase: AnnouncedPhase): string => `contest:${contestId}:${phase}`;

/** The group announcement kind of each phase (group_announcements.kind, at most 16 characters). */
export const GROUP_KIND: Readonly<Record<AnnouncedPhase, string>> = { open: "contest-open", judging: "contest-judging", results: "contest-results" };

/** The status in which a phase's announcement is still true. */
const STATUS_OF: Readonly<Record<AnnouncedPhase, ContestStatus>> = { open: "OPEN", judging: "JUDGING", results: "PUBLISHED" };

/** Whether what `phase` announces is still true of a contest in `status`. */
export function phaseCurrent(status: ContestStatus, phase: AnnouncedPhase): boolean {
  return STATUS_OF[phase] === status;
}

/** The subjects whose groups hear of the contest: every subject a nomination names. */
export function contestSubjects(contest: Pick<ContestView, "nominations">): string[] {
  return [...new Set(contest.nominations.flatMap((n) => n.subjectCodes))].sort();
}

/**
 * The contest's segment as a broadcast audience: the nominations' subjects and grades; a
 * nomination open to every subject (or grade) drops that filter, none at all is everyone.
 */
export function contestSegment(contest: Pick<ContestView, "nominations">): BroadcastAudience {
  const union = (pick: (n: ContestView["nominations"][number]) => string[]) =>
    contest.nominations.some((n) => pick(n).length === 0) ? [] : contest.nominations.flatMap(pick);
  return normaliseAudience({ subjects: union((n) => n.subjectCodes), grades: union((n) => n.gradeCodes) });
}

/** The deep link to the contest's card (`c_<id>`, the participants' card). */
export function contestLink(botUsername: string, contestId: number): string {
  return `https://t.me/${botUsername}?start=c_${contestId}`;
}

/** Nominations are listed in full up to this many characters. */
const NOMINATIONS_SHOWN = 600;

/**
 * A phase's post or message about a contest, in `t`'s language with dates in `zone`: at most
 * 200 characters of title and 600 of nominations, so far under Telegram's 4,096. Pure.
 */
export function renderPhase(t: Translate, locale: string, contest: ContestView, phase: AnnouncedPhase, zone: string, botUsername: string): RenderedAnnouncement {
  const at = (d: Date) => formatZonedTime(d, zone, toLocale(locale));
  const url = contestLink(botUsername, contest.id);
  const vars = {
    title: truncate(contest.title, 200),
    nominations: truncate(contest.nominations.map((n) => n.title).join(", "), NOMINATIONS_SHOWN),
    closes: at(contest.submissionClosesAt),
    judging: at(contest.judgingClosesAt),
    results: at(contest.resultsAt),
    url,
  };
  let text = t(`contests-announce-${phase}`, vars);
  let label = t(`contests-announce-button-${phase}`);
  if (phase === "judging" && contest.audienceVote) {
    text += `\n${t("contests-announce-judging-vote", vars)}`;
    label = t("contests-announce-button-vote");
  }
  return { text, line: t(`contests-announce-${phase}-line`, vars), button: { label, url } };
}

/** Parses `contest:<id>:<phase>`. */
export function parsePhaseRef(refId: string): { contestId: number; phase: AnnouncedPhase } | undefined {
  const ref = parseContestRef(refId);
  const phase = ref?.what as AnnouncedPhase | undefined;
  if (!ref || !phase || !ANNOUNCED_PHASES.includes(phase)) return undefined;
  return { contestId: ref.contestId, phase };
}

export interface ContestAnnouncerDeps {
  contests: Pick<ContestsRepository, "find">;
  groupAnnouncements: Pick<GroupAnnouncements, "announce" | "changed" | "withdrawAll">;
  /** The broadcasts slice's audience query (one definition of "registered, reachable, of these subjects and grades"). */
  audience: Pick<BroadcastsRepository, "audiencePage">;
  delivery: Pick<DeliveryService, "enqueue">;
  /** Members asked per page of the segment. */
  pageSize?: number;
}

/** Announces a contest's phases in subject groups and, if chosen, to its segment (see the header). */
export class ContestAnnouncer {
  constructor(private readonly deps: ContestAnnouncerDeps) {}

  /**
   * Announces `phase` of the contest: records its group announcements and, if the organiser chose
   * it, queues a message to every member of the segment. Nothing for a missing or cancelled
   * contest; a second call adds only what the first did not (a group linked, a member registered since).
   */
  async phase(contestId: number, phase: AnnouncedPhase): Promise<void> {
    const contest = await this.deps.contests.find(contestId);
    if (!contest || contest.status === "CANCELLED") return;
    await this.deps.groupAnnouncements.announce(GROUP_KIND[phase], contest.id, contestSubjects(contest));
    if (contest.broadcastPhases) await this.broadcast(contest, phase);
  }

  /** Queues the phase's message to the segment, a page of members at a time (deliveries are unique per member). */
  private async broadcast(contest: ContestView, phase: AnnouncedPhase): Promise<void> {
    const audience = contestSegment(contest);
    const pageSize = this.deps.pageSize ?? 1_000;
    for (let cursor = 0; ;) {
      const ids = await this.deps.audience.audiencePage(audience, cursor, pageSize);
      if (ids.length === 0) return;
      await this.deps.delivery.enqueue(CONTEST_PHASE_DELIVERY, contestPhaseRef(contest.id, phase), ids, { priority: BROADCAST_PRIORITY });
      cursor = ids.at(-1)!;
      if (ids.length < pageSize) return;
    }
  }

  /** `contest.dates-changed`: its posts in groups are rendered again with the new dates. */
  async datesChanged(contestId: number): Promise<void> {
    for (const phase of ANNOUNCED_PHASES) await this.deps.groupAnnouncements.changed(GROUP_KIND[phase], contestId);
  }

  /** `contest.cancelled`: its posts in groups are taken back (messages still queued are skipped when their turn comes). */
  async cancelled(contestId: number): Promise<void> {
    for (const phase of ANNOUNCED_PHASES) await this.deps.groupAnnouncements.withdrawAll(GROUP_KIND[phase], contestId);
  }
}

/** The group announcement kind of one phase: contests are announced like events (switch and topic). */
export function phaseKind(contests: Pick<ContestsRepository, "find">, phase: AnnouncedPhase): AnnouncementKindSpec {
  return {
    topic: "events",
    wanted: (group) => group.announceEvents,
    async render(refIds, t, group, botUsername) {
      const out = new Map<number, RenderedAnnouncement>();
      for (const id of refIds) {
        const contest = await contests.find(id);
        // Dates in the contest's zone (a group has none of its own; the label names the zone).
        if (contest && phaseCurrent(contest.status, phase)) out.set(id, renderPhase(t, group.locale, contest, phase, contest.timezone, botUsername));
      }
      return out;
    },
    batch: (t, count) => t(`contests-announce-${phase}-batch`, { count }),
    withdrawn: (t) => t("contests-announce-withdrawn"),
    async gone(refIds) {
      const gone: number[] = [];
      for (const id of refIds) {
        const contest = await contests.find(id);
        if (!contest || contest.status === "CANCELLED") gone.push(id);
      }
      return gone;
    },
  };
}

export interface PhaseRendererDeps {
  contests: Pick<ContestsRepository, "find">;
  members: Pick<MembersRepository, "findProfile">;
  translator: Pick<Translator, "forLocale">;
  botUsername: () => Promise<string>;
}

/**
 * The message of a `contest.phase` delivery, rendered when sent: in the member's language, dates
 * in their zone (the contest's when they have none), a button to the contest's card. A phase the
 * contest has left (or a cancelled contest) is not sent: the delivery is SKIPPED.
 */
export function phaseRenderer(deps: PhaseRendererDeps): DeliveryRenderer {
  return async (refId, member): Promise<OutgoingMessage | undefined> => {
    const ref = parsePhaseRef(refId);
    if (!ref) return undefined;
    const contest = await deps.contests.find(ref.contestId);
    if (!contest || !phaseCurrent(contest.status, ref.phase)) return undefined;
    const zone = (await deps.members.findProfile(member.id))?.timezone ?? contest.timezone;
    const t = deps.translator.forLocale(member.locale);
    const r = renderPhase(t, member.locale, contest, ref.phase, zone, await deps.botUsername());
    return {
      method: "sendMessage",
      text: r.text,
      reply_markup: new InlineKeyboard().url(r.button.label, r.button.url),
      link_preview_options: { is_disabled: true },
    };
  };
}

export interface ContestAnnouncementsDeps {
  contests: Pick<ContestsRepository, "find">;
  groupAnnouncements: Pick<GroupAnnouncements, "registerKind" | "announce" | "changed" | "withdrawAll">;
  audience: Pick<BroadcastsRepository, "audiencePage">;
  delivery: Pick<DeliveryService, "enqueue">;
  deliveryRenderers: Pick<DeliveryRenderers, "register">;
  members: Pick<MembersRepository, "findProfile">;
  translator: Pick<Translator, "forLocale">;
  botUsername: () => Promise<string>;
}

/**
 * Builds the announcer and registers what it sends: the three group kinds and the delivery
 * renderer. Called once, while the contests slice's services are built (before any job runs).
 */
export function createContestAnnouncer(deps: ContestAnnouncementsDeps): ContestAnnouncer {
  for (const phase of ANNOUNCED_PHASES) deps.groupAnnouncements.registerKind(GROUP_KIND[phase], phaseKind(deps.contests, phase));
  deps.deliveryRenderers.register(CONTEST_PHASE_DELIVERY, phaseRenderer(deps));
  return new ContestAnnouncer(deps);
}

/** The announcer of the contests slice, from the platform and the services of the slices before it (one line in its builder). */
export function contestAnnouncerOf({ api, translator, services }: FeatureDeps, contests: Pick<ContestsRepository, "find">): ContestAnnouncer {
  return createContestAnnouncer({
    contests,
    groupAnnouncements: services.groupAnnouncements,
    audience: services.broadcastsRepository,
    delivery: services.delivery,
    deliveryRenderers: services.deliveryRenderers,
    members: services.membersRepository,
    translator,
    botUsername: cachedBotUsername(api),
  });
}
