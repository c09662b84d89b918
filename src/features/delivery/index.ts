import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureDeps, type FeatureModule } from "../feature.js";

import { SendBudget } from "./delivery.budget.js";
import { sendDeliveryProcessor, sendQueueSettings, sweepDeliveriesProcessor } from "./delivery.jobs.js";
import { deliveryPersonalData } from "./delivery.personal-data.js";
import { deliveryReconciler } from "./delivery.reconcile.js";
import { DeliveryRenderers } from "./delivery.renderers.js";
import { DeliveryRepository } from "./delivery.repository.js";
import { DeliveryService } from "./delivery.service.js";
import { DeliverySentMarks } from "./delivery.sent-marks.js";

export interface DeliveryServices {
  deliveryRepository: DeliveryRepository;
  /** Which slice renders which kind of delivery. */
  deliveryRenderers: DeliveryRenderers;
  sentMarks: DeliverySentMarks;
  /** The one rate-limited sending path for mass messages. */
  delivery: DeliveryService;
}

/**
 * The budget of a send lane, shared by every worker process through Redis. Announcements in
 * groups (src/features/groups/groups.announce.jobs.ts) take grants of the same `send` lane as
 * deliveries: one sending path, one budget.
 */
export function sendLaneBudget({ redis, config }: Pick<FeatureDeps, "redis" | "config">, lane: "send" | "send-paid"): SendBudget {
  return new SendBudget(redis, `${config.redisPrefix}:budget:${lane}`, lane === "send" ? config.sendRatePerSecond : config.paidSendRatePerSecond);
}

/** A send lane's processor with its own budget in Redis (shared by every worker process). */
function sendProcessor(deps: FeatureDeps, lane: "send" | "send-paid") {
  const { services, sendApi } = deps;
  return sendDeliveryProcessor({
    deliveries: services.deliveryRepository,
    renderers: services.deliveryRenderers,
    members: services.members,
    api: sendApi,
    sentMarks: services.sentMarks,
    budget: sendLaneBudget(deps, lane),
  });
}

/**
 * The one rate-limited sending path for mass messages. Slices that send in
 * bulk register their renderers (`deliveryRenderers.register(kind, fn)`) when
 * their services are built, before any job runs.
 */
export const deliveryModule: FeatureModule<DeliveryServices, "delivery.send" | "delivery.send-paid" | "delivery.sweep"> = defineFeature({
  name: "delivery",
  services: ({ prisma, redis, config, queues, deliveryOptions }) => {
    const deliveryRepository = new DeliveryRepository(prisma);
    const deliveryRenderers = new DeliveryRenderers();
    const sentMarks = new DeliverySentMarks(redis, config.redisPrefix);
    const delivery = new DeliveryService(deliveryRepository, queues, deliveryRenderers, { sentMarks, ...deliveryOptions });
    return { deliveryRepository, deliveryRenderers, sentMarks, delivery };
  },
  jobs: {
    "delivery.send": { queue: QUEUES.send, processor: (deps) => sendProcessor(deps, "send") },
    "delivery.send-paid": { queue: QUEUES.sendPaid, processor: (deps) => sendProcessor(deps, "send-paid") },
    "delivery.sweep": { queue: QUEUES.maintenance, processor: ({ services }) => sweepDeliveriesProcessor(services.delivery) },
  },
  // Deliveries whose job stalled twice (BullMQ fails it without calling the processor) or was lost,
  // and SENDING ones whose outcome is unknown (a worker died mid-send): only the sweep sends those again,
  // so the threshold is what such a member waits; the sweep leaves alone every delivery whose job is alive.
  schedules: [{ id: "delivery.sweep", name: "delivery.sweep", every: 60_000, payload: { staleAfterMs: 2 * 60_000 } }],
  queueSettings: ({ config }) => ({ send: sendQueueSettings(config.sendRatePerSecond), "send-paid": sendQueueSettings(config.paidSendRatePerSecond) }),
  reconciler: ({ services }) => deliveryReconciler(services.delivery),
  personalData: deliveryPersonalData,
});
