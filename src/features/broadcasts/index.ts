import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import { BROADCAST_COMPOSE, createBroadcastConversation } from "./broadcasts.conversation.js";
import { broadcastsFeature, showBroadcasts, startBroadcast } from "./broadcasts.feature.js";
import { createBroadcastJobs, type BroadcastJobs } from "./broadcasts.jobs.js";
import { broadcastsPersonalData } from "./broadcasts.personal-data.js";
import { BroadcastsReconcileRepository, broadcastsReconciler } from "./broadcasts.reconcile.js";
import { BroadcastsRepository } from "./broadcasts.repository.js";
import { BroadcastsService } from "./broadcasts.service.js";
import { broadcastsCb } from "./broadcasts.keyboards.js";

export interface BroadcastsServices {
  broadcastsRepository: BroadcastsRepository;
  broadcastJobs: BroadcastJobs;
  broadcasts: BroadcastsService;
  /** The author's view of a broadcast (progress message, history card). */
  broadcastReports: Pick<BroadcastJobs, "card" | "audience">;
}

/** /broadcast and /broadcasts: announcements to a segment, now or at a time, through the sending path. */
export const broadcastsModule: FeatureModule<BroadcastsServices, "broadcasts.fanout" | "broadcasts.progress" | "broadcasts.watchdog"> = defineFeature({
  name: "broadcasts",
  services: ({ prisma, config, queues, api, translator, services, now }) => {
    const broadcastsRepository = new BroadcastsRepository(prisma, services.audit);
    const broadcastJobs = createBroadcastJobs({
      repository: broadcastsRepository,
      delivery: services.delivery,
      renderers: services.deliveryRenderers,
      queues,
      api,
      translator,
      catalogue: services.catalogue,
      events: services.eventsRepository,
      members: services.membersRepository,
      defaultTimezone: config.defaultTimezone,
      progressMs: config.broadcastProgressMs,
      now,
    });
    const broadcasts = new BroadcastsService(broadcastsRepository, services.catalogue, services.settings, broadcastJobs.scheduler, now);
    /** The author's view of a broadcast (progress message, history card). */
    const broadcastReports = { card: broadcastJobs.card, audience: broadcastJobs.audience };
    return { broadcastsRepository, broadcastJobs, broadcasts, broadcastReports };
  },
  callbacks: [broadcastsCb],
  composer: () => broadcastsFeature(),
  conversations: { [BROADCAST_COMPOSE]: createBroadcastConversation },
  menu: { broadcast: startBroadcast, broadcasts: showBroadcasts },
  commands: { ADMIN: ["broadcast", "broadcasts"] },
  jobs: {
    "broadcasts.fanout": { queue: QUEUES.broadcasts, processor: ({ services }) => services.broadcastJobs.fanout },
    "broadcasts.progress": { queue: QUEUES.broadcasts, processor: ({ services }) => services.broadcastJobs.progress },
    "broadcasts.watchdog": { queue: QUEUES.maintenance, processor: ({ services }) => services.broadcastJobs.watchdog },
  },
  // Broadcast fan-outs and progress reports whose job was lost or failed for good.
  schedules: [{ id: "broadcasts.watchdog", name: "broadcasts.watchdog", every: 60_000, payload: {} }],
  reconciler: ({ prisma, logger, services }) =>
    broadcastsReconciler({
      repository: new BroadcastsReconcileRepository(prisma),
      find: (id) => services.broadcastsRepository.find(id),
      scheduler: services.broadcastJobs.scheduler,
      watchdog: services.broadcastJobs.watchdog,
      logger,
    }),
  personalData: broadcastsPersonalData,
});
