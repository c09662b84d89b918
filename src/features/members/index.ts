import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import { membersFeature } from "./members.feature.js";
import { menuSyncJobOptions, syncCommandsProcessor } from "./members.jobs.js";
import { membersPersonalData } from "./members.personal-data.js";
import { MembersRepository } from "./members.repository.js";
import { MembersService } from "./members.service.js";

/** Loads the sender once per update: their member record, language and translations. */
function loadMember(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { members } = ctx.services;
    const from = ctx.from;
    const member = from && !from.is_bot ? await members.find(BigInt(from.id)) : undefined;
    ctx.member = member;
    ctx.locale = member?.registered ? member.locale : ctx.deps.translator.fromTelegram(from?.language_code);
    ctx.t = ctx.deps.translator.forLocale(ctx.locale);
    if (member?.registered && ctx.chat?.type === "private") await members.touchUsername(member, from?.username);
    await next();
  };
}

export interface MembersServices {
  /** For other slices' builders (profiles, audiences); handlers use `members`. */
  membersRepository: MembersRepository;
  members: MembersService;
  /** Re-sets a staff member's own command menu (after a role or language change), through a job. */
  memberMenus: { sync(memberId: number): Promise<void> };
}

/** Members: who is who (role, language, reachability), loaded for every update. */
export const membersModule: FeatureModule<MembersServices, "members.sync-commands"> = defineFeature({
  name: "members",
  services: ({ prisma, services, config, queues }) => {
    const membersRepository = new MembersRepository(prisma);
    const memberMenus = {
      async sync(memberId: number) {
        await queues.add("members.sync-commands", { memberId }, menuSyncJobOptions(memberId));
      },
    };
    return { membersRepository, members: new MembersService(membersRepository, services.audit, config.adminIds), memberMenus };
  },
  early: () => membersFeature(),
  context: loadMember,
  jobs: {
    "members.sync-commands": {
      queue: QUEUES.members,
      processor: ({ api, translator, commands, services }) => syncCommandsProcessor({ api, translator, commands, members: services.membersRepository }),
    },
  },
  personalData: membersPersonalData,
});
