import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import { groupsChatFeature } from "./groups.chat.feature.js";
import { groupsFront } from "./groups.front.js";
import { groupsPersonalData } from "./groups.personal-data.js";
import { GroupStats, GroupsRegistry } from "./groups.registry.js";
import { GroupsRepository } from "./groups.repository.js";
import { GroupsService } from "./groups.service.js";

export interface GroupsServices {
  /** Linked Telegram groups: settings (cached for the hot path), members, statistics. */
  groups: GroupsService;
}

/**
 * Subject discussion groups (issue 11): supergroups per subject the bot is an
 * administrator of, open only to registered teachers, moderated community-wide,
 * fed with announcements of materials and events.
 */
export const groupsModule: FeatureModule<GroupsServices> = defineFeature({
  name: "groups",
  services: ({ prisma, now, config, logger }) => {
    const repository = new GroupsRepository(prisma);
    const registry = new GroupsRegistry(repository, now);
    const stats = new GroupStats(repository, { now, timezone: config.defaultTimezone, logger });
    return { groups: new GroupsService(repository, registry, stats, now) };
  },
  front: groupsFront,
  composer: () => new Composer<BotContext>(groupsChatFeature()),
  personalData: groupsPersonalData,
  close: async (services) => services.groups.stats.flush(),
});
