import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import { digestsFeature, showSubscriptions } from "./digests.feature.js";
import { cachedBotUsername, createDigestJobs } from "./digests.jobs.js";
import { digestsPersonalData } from "./digests.personal-data.js";
import { DigestsRepository } from "./digests.repository.js";
import { DigestsService } from "./digests.service.js";
import { digCb } from "./digests.keyboards.js";

export interface DigestsServices {
  /** Member digests: /subscriptions settings and the tick that queues due digests. */
  digests: DigestsService;
  digestJobs: ReturnType<typeof createDigestJobs>;
}

/** /subscriptions: weekly digests of new materials and events, at each member's 10:00. */
export const digestsModule: FeatureModule<DigestsServices, "digests.tick"> = defineFeature({
  name: "digests",
  services: ({ prisma, config, api, translator, services, now }) => {
    const digests = new DigestsService(new DigestsRepository(prisma), services.membersRepository, services.catalogue, services.delivery, {
      defaultTimezone: config.defaultTimezone,
      now,
    });
    const digestJobs = createDigestJobs({
      digests,
      catalogue: services.catalogue,
      renderers: services.deliveryRenderers,
      translator,
      botUsername: cachedBotUsername(api),
    });
    return { digests, digestJobs };
  },
  callbacks: [digCb],
  composer: () => digestsFeature(),
  menu: { subscriptions: showSubscriptions },
  commands: { MEMBER: ["subscriptions"] },
  on: ({ services }) => ({
    // The next digest moves to the new zone's 10:00. A failure is only logged: the tick computes
    // every later due time in the current zone anyway.
    async "profile.changed"({ memberId, field }) {
      if (field === "timezone") await services.digests.timezoneChanged(memberId);
    },
  }),
  jobs: { "digests.tick": { queue: QUEUES.maintenance, processor: ({ services }) => services.digestJobs.tick } },
  // Member digests that are due (each member's 10:00, so a minute's resolution is plenty).
  schedules: [{ id: "digests.tick", name: "digests.tick", every: 60_000, payload: {} }],
  personalData: digestsPersonalData,
});
