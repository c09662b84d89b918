import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import {
  announceJobs,
  announceOn,
  announceReconciler,
  announceSchedules,
  announceServices,
  type GroupAnnounceJobs,
  type GroupAnnounceServices,
} from "./groups.announce.module.js";
import { groupsChatFeature } from "./groups.chat.feature.js";
import { groupsDirectoryFeature, showDirectory } from "./groups.directory.feature.js";
import { groupsLinkFeature } from "./groups.link.feature.js";
import { groupsSettingsFeature, showGroupSettings } from "./groups.settings.feature.js";
import { groupsFront } from "./groups.front.js";
import { groupsGateFeature, openJoinLink } from "./groups.gate.feature.js";
import { gateJobs, gateOn, gateSchedules, gateServices, type GroupGateJobs, type GroupGateServices } from "./groups.gate.module.js";
import { groupsPersonalData } from "./groups.personal-data.js";
import { GroupStats, GroupsRegistry } from "./groups.registry.js";
import { GroupsRepository } from "./groups.repository.js";
import { GroupsService } from "./groups.service.js";
import { groupsModerationFeature } from "./groups.moderation.feature.js";
import { banListProcessor, banSyncProcessor, deleteMessageProcessor } from "./groups.moderation.jobs.js";
import { GroupModerationRepository } from "./groups.moderation.repository.js";
import { GroupModerationService } from "./groups.moderation.service.js";
import { StaffIds } from "./groups.moderation.staff.js";
import { GroupWelcome, welcomeProcessor } from "./groups.welcome.js";
import { gateCb } from "./groups.gate.keyboards.js";
import { linkCb, settingsCb } from "./groups.keyboards.js";
import { banCb, reportCb } from "./groups.moderation.keyboards.js";

export interface GroupsServices extends GroupAnnounceServices, GroupGateServices {
  /** Linked Telegram groups: settings (cached for the hot path), members, statistics. */
  groups: GroupsService;
  /** Warnings, mutes, the one ban list, reports, and the hot path's screening (antiflood, newcomers). `isBanned` is what the join gate asks. */
  groupModeration: GroupModerationService;
  /** One welcome per batch of joiners. */
  groupWelcome: GroupWelcome;
}

/**
 * Subject discussion groups (issue 11): supergroups per subject the bot is an
 * administrator of, open only to registered teachers, moderated community-wide,
 * fed with announcements of materials and events.
 */
export const groupsModule: FeatureModule<
  GroupsServices,
  GroupAnnounceJobs | GroupGateJobs | "groups.delete-message" | "groups.ban-sync" | "groups.ban-list" | "groups.welcome"
> = defineFeature({
  name: "groups",
  services: (deps) => {
    const { prisma, now, config, logger, services, redis, api, queues, translator, domainEvents } = deps;
    const repository = new GroupsRepository(prisma);
    const registry = new GroupsRegistry(repository, now);
    const stats = new GroupStats(repository, { now, timezone: config.defaultTimezone, logger });
    const groups = new GroupsService(repository, registry, stats, now, services.audit, domainEvents);
    const groupModeration = new GroupModerationService({
      repository: new GroupModerationRepository(prisma),
      audit: services.audit,
      members: services.membersRepository,
      groups,
      api,
      queues,
      translator,
      config,
      logger,
      redis,
      now,
      staff: new StaffIds(services.membersRepository, config.adminIds),
    });
    return {
      groups,
      ...announceServices(deps, groups),
      ...gateServices(deps, groups),
      groupModeration,
      groupWelcome: new GroupWelcome(redis, config.redisPrefix, queues),
    };
  },
  front: groupsFront,
  callbacks: [gateCb, linkCb, settingsCb, banCb, reportCb],
  composer: () =>
    new Composer<BotContext>(groupsChatFeature(), groupsLinkFeature(), groupsDirectoryFeature(), groupsSettingsFeature(), groupsGateFeature(), groupsModerationFeature()),
  menu: { groups: showDirectory, groupsettings: showGroupSettings },
  menuButtons: [
    { action: "groups", label: "groups-menu-button" },
    { action: "groupsettings", label: "groups-settings-menu-button", roles: ["ADMIN"] },
  ],
  commands: { MEMBER: ["groups"], ADMIN: ["groupsettings"] },
  groupCommands: { everyone: ["report"], administrators: ["warn", "mute", "unmute", "ban", "unban", "link", "unlink"] },
  deepLinks: { join: openJoinLink },
  jobs: {
    ...announceJobs,
    ...gateJobs,
    "groups.delete-message": { queue: QUEUES.notifications, processor: ({ api }) => deleteMessageProcessor(api) },
    "groups.ban-sync": { queue: QUEUES.notifications, processor: ({ services }) => banSyncProcessor(() => services.groupModeration) },
    "groups.ban-list": {
      queue: QUEUES.notifications,
      processor: ({ services, queues }) =>
        banListProcessor(
          () => services.groupModeration,
          () => queues,
        ),
    },
    "groups.welcome": {
      queue: QUEUES.notifications,
      processor: ({ api, translator, services }) =>
        welcomeProcessor({ api, translator, groups: () => services.groups, welcome: () => services.groupWelcome, moderation: () => services.groupModeration }),
    },
  },
  schedules: [...announceSchedules, ...gateSchedules],
  on: (deps) => ({
    ...announceOn(deps),
    ...gateOn(deps),
    // Staff are never screened on the hot path, which knows them from memory.
    "member.role-changed": async () => deps.services.groupModeration.staff.invalidate(),
    // Bans made while a group was not linked (or the bot not in it) skipped it: the ban list is applied there now.
    "group.activated": ({ groupId, at }) => deps.services.groupModeration.scheduleBanList(groupId, at),
  }),
  reconciler: announceReconciler,
  personalData: groupsPersonalData,
  close: async (services) => {
    await Promise.all([services.groups.stats.flush(), services.groupModeration.deletes.flush()]);
  },
});
