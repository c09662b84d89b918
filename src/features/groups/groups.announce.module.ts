import { QUEUES } from "../../jobs/definitions.js";
import type { DomainEventHandlers } from "../../shared/domain-events.js";
import { sendLaneBudget } from "../delivery/index.js";
import { cachedBotUsername } from "../digests/digests.jobs.js";
import type { FeatureDeps, JobDefinition } from "../feature.js";
import type { AnySchedule } from "../../jobs/schedules.js";
import { GroupLock, GroupSendBudget, PostTexts } from "./groups.announce.budget.js";
import { GroupAnnouncer } from "./groups.announce.jobs.js";
import { groupAnnouncementsReconciler } from "./groups.announce.reconcile.js";
import { GroupAnnouncementsRepository } from "./groups.announce.repository.js";
import { GroupAnnouncements } from "./groups.announce.service.js";
import type { GroupsService } from "./groups.service.js";

/** The announcement part of the groups slice, wired into its module (index.ts) in one line per field. */
export interface GroupAnnounceServices {
  /** Announcements of materials and events in linked groups (and kinds later slices register); the card's "Discuss in the group" link. */
  groupAnnouncements: GroupAnnouncements;
}

export type GroupAnnounceJobs = "groups.announce" | "groups.withdraw" | "groups.refresh" | "groups.sweep";

export function announceServices({ prisma, queues, config, services }: FeatureDeps, groups: GroupsService): GroupAnnounceServices {
  const groupAnnouncements = new GroupAnnouncements({
    repository: new GroupAnnouncementsRepository(prisma),
    groups,
    materials: services.materialsRepository,
    events: services.eventsRepository,
    queues,
    windowMs: config.groupAnnounceWindowMs,
  });
  // The library's card shows "Discuss in the group" through its own registry: it does not know this slice.
  services.materialCardLinks.register(async (materialId) => {
    const url = await groupAnnouncements.discussionLink(materialId);
    return url ? { label: "groups-announce-discuss", url } : undefined;
  });
  return { groupAnnouncements };
}

function announcer(deps: FeatureDeps): GroupAnnouncer {
  const { prisma, redis, config, services, translator, sendApi, now } = deps;
  return new GroupAnnouncer({
    repository: new GroupAnnouncementsRepository(prisma),
    groups: services.groups,
    materials: services.materialsRepository,
    events: services.eventsRepository,
    catalogue: services.catalogue,
    translator,
    kinds: services.groupAnnouncements.kinds,
    api: sendApi,
    lane: sendLaneBudget(deps, "send"),
    groupBudget: new GroupSendBudget(redis, `${config.redisPrefix}:groups`, config.groupMessagesPerMinute),
    lock: new GroupLock(redis, `${config.redisPrefix}:groups`),
    texts: new PostTexts(redis, `${config.redisPrefix}:groups`),
    botUsername: cachedBotUsername(sendApi),
    windowMs: config.groupAnnounceWindowMs,
    timezone: config.defaultTimezone,
    now,
  });
}

/** Not on a send queue: those are sized for delivery jobs; every request still takes a grant of the `send` lane. */
export const announceJobs: { [K in GroupAnnounceJobs]: JobDefinition<K> } = {
  "groups.announce": { queue: QUEUES.notifications, processor: (deps) => announcer(deps).announceProcessor() },
  "groups.withdraw": { queue: QUEUES.notifications, processor: (deps) => announcer(deps).withdrawProcessor() },
  "groups.refresh": { queue: QUEUES.notifications, processor: (deps) => announcer(deps).refreshProcessor() },
  "groups.sweep": {
    queue: QUEUES.maintenance,
    processor:
      ({ services }) =>
      async ({ olderThanMs }, _job, logger) => {
        const result = await services.groupAnnouncements.sweep(olderThanMs);
        if (result.groupsRequeued > 0) logger.warn(result, "group announcements sweep: stuck announcements queued again");
      },
  },
};

/**
 * Every 5 minutes: PENDING announcements older than 10 minutes (past the settling of a burst, at
 * most three windows, a minute of the group's budget and the job's retries) whose job is gone.
 */
export const announceSchedules: readonly AnySchedule[] = [{ id: "groups.sweep", name: "groups.sweep", every: 5 * 60_000, payload: { olderThanMs: 10 * 60_000 } }];

export const announceOn = ({ services }: FeatureDeps): DomainEventHandlers => ({
  "material.decided": ({ materialId, outcome }) => services.groupAnnouncements.materialDecided(materialId, outcome),
  "material.withdrawn": ({ materialId }) => services.groupAnnouncements.materialWithdrawn(materialId),
  "event.created": ({ eventId }) => services.groupAnnouncements.eventCreated(eventId),
  "event.changed": ({ eventId }) => services.groupAnnouncements.eventChanged(eventId),
  "event.cancelled": ({ eventId }) => services.groupAnnouncements.eventCancelled(eventId),
});

export const announceReconciler = ({ services }: FeatureDeps) => groupAnnouncementsReconciler(services.groupAnnouncements);
