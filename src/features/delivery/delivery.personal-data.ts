import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Deliveries name what was sent to whom by ids only (no message text). After
 * erasure a queued one is skipped by the sender (the member has no Telegram
 * id any more), and the rows stay as anonymous counts of their send.
 */
export const deliveryPersonalData = definePersonalData<FeatureDeps>({
  slice: "delivery",
  models: ["Delivery"],
  build: ({ prisma }) => ({
    async export(memberId) {
      const rows = await prisma.delivery.findMany({ where: { memberId }, orderBy: { id: "asc" } });
      return {
        deliveries: rows.map((d) => ({ kind: d.kind, ref: d.refId, status: d.status, at: iso(d.createdAt), sentAt: iso(d.sentAt) })),
      };
    },
  }),
});
