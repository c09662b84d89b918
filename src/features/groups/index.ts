import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
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
import { groupsPersonalData } from "./groups.personal-data.js";
import { GroupStats, GroupsRegistry } from "./groups.registry.js";
import { GroupsRepository } from "./groups.repository.js";
import { GroupsService } from "./groups.service.js";

export interface GroupsServices extends GroupAnnounceServices {
  /** Linked Telegram groups: settings (cached for the hot path), members, statistics. */
  groups: GroupsService;
}

/**
 * Subject discussion groups (issue 11): supergroups per subject the bot is an
 * administrator of, open only to registered teachers, moderated community-wide,
 * fed with announcements of materials and events.
 */
export const groupsModule: FeatureModule<GroupsServices, GroupAnnounceJobs> = defineFeature({
  name: "groups",
  services: (deps) => {
    const { prisma, now, config, logger, services } = deps;
    const repository = new GroupsRepository(prisma);
    const registry = new GroupsRegistry(repository, now);
    const stats = new GroupStats(repository, { now, timezone: config.defaultTimezone, logger });
    const groups = new GroupsService(repository, registry, stats, now, services.audit);
    return { groups, ...announceServices(deps, groups) };
  },
  front: groupsFront,
  composer: () => new Composer<BotContext>(groupsChatFeature(), groupsLinkFeature(), groupsDirectoryFeature(), groupsSettingsFeature()),
  menu: { groups: showDirectory, groupsettings: showGroupSettings },
  menuButtons: [
    { action: "groups", label: "groups-menu-button" },
    { action: "groupsettings", label: "groups-settings-menu-button", roles: ["ADMIN"] },
  ],
  commands: { MEMBER: ["groups"], ADMIN: ["groupsettings"] },
  jobs: { ...announceJobs },
  on: announceOn,
  schedules: announceSchedules,
  reconciler: announceReconciler,
  personalData: groupsPersonalData,
  close: async (services) => services.groups.stats.flush(),
});
