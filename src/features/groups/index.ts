import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { SendBudget } from "../delivery/delivery.budget.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import { groupsChatFeature } from "./groups.chat.feature.js";
import { groupsDirectoryFeature, showDirectory } from "./groups.directory.feature.js";
import { groupsLinkFeature } from "./groups.link.feature.js";
import { groupsSettingsFeature, showGroupSettings } from "./groups.settings.feature.js";
import { groupsFront } from "./groups.front.js";
import { groupsGateFeature, openJoinLink } from "./groups.gate.feature.js";
import { EXPIRE_EVERY_MS, expireRequestsProcessor, joinInviteProcessor } from "./groups.gate.jobs.js";
import { GateRepository } from "./groups.gate.repository.js";
import { GateService, RequesterInvites } from "./groups.gate.service.js";
import { groupsPersonalData } from "./groups.personal-data.js";
import { GroupStats, GroupsRegistry } from "./groups.registry.js";
import { GroupsRepository } from "./groups.repository.js";
import { GroupsService } from "./groups.service.js";

export interface GroupsServices {
  /** Linked Telegram groups: settings (cached for the hot path), members, statistics. */
  groups: GroupsService;
  /** Join requests: who gets in (policy, registration, ban list), manual approval, expiry. */
  groupGate: GateService;
}

/**
 * Subject discussion groups (issue 11): supergroups per subject the bot is an
 * administrator of, open only to registered teachers, moderated community-wide,
 * fed with announcements of materials and events.
 */
export const groupsModule: FeatureModule<GroupsServices, "groups.expire-requests" | "groups.join-invite"> = defineFeature({
  name: "groups",
  services: ({ prisma, now, config, logger, api, sendApi, queues, translator, services }) => {
    const repository = new GroupsRepository(prisma);
    const registry = new GroupsRegistry(repository, now);
    const stats = new GroupStats(repository, { now, timezone: config.defaultTimezone, logger });
    const groups = new GroupsService(repository, registry, stats, now, services.audit);
    const invites = new RequesterInvites(sendApi, queues, translator, logger);
    const groupGate = new GateService(new GateRepository(prisma), groups, services.membersRepository, api, invites, translator, logger, now);
    return { groups, groupGate };
  },
  front: groupsFront,
  composer: () => new Composer<BotContext>(groupsChatFeature(), groupsLinkFeature(), groupsDirectoryFeature(), groupsSettingsFeature(), groupsGateFeature()),
  menu: { groups: showDirectory, groupsettings: showGroupSettings },
  menuButtons: [
    { action: "groups", label: "groups-menu-button" },
    { action: "groupsettings", label: "groups-settings-menu-button", roles: ["ADMIN"] },
  ],
  commands: { MEMBER: ["groups"], ADMIN: ["groupsettings"] },
  deepLinks: { join: openJoinLink },
  on: ({ services }) => ({
    // Registered, by whatever path: pending requests are approved and the member told, at once.
    // A failure is only logged: the member's "continue" link (join_<group>) does the same.
    "member.registered": ({ memberId }) => services.groupGate.memberRegistered(memberId),
  }),
  jobs: {
    "groups.expire-requests": { queue: QUEUES.maintenance, processor: ({ services }) => expireRequestsProcessor(services.groupGate) },
    "groups.join-invite": {
      queue: QUEUES.notifications,
      processor: ({ services, sendApi, redis, config }) =>
        joinInviteProcessor({ gate: services.groupGate, api: sendApi, budget: new SendBudget(redis, `${config.redisPrefix}:budget:send`, config.sendRatePerSecond) }),
    },
  },
  schedules: [{ id: "groups.expire-requests", name: "groups.expire-requests", every: EXPIRE_EVERY_MS, payload: {} }],
  personalData: groupsPersonalData,
  close: async (services) => services.groups.stats.flush(),
});
