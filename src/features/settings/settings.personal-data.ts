import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/** Which community settings an admin changed last; kept after erasure, pointing at the anonymised member. */
export const settingsPersonalData = definePersonalData<FeatureDeps>({
  slice: "settings",
  models: ["CommunitySetting"],
  build: ({ prisma }) => ({
    async export(memberId) {
      const rows = await prisma.communitySetting.findMany({ where: { updatedById: memberId }, orderBy: { key: "asc" } });
      return { settingsChanged: rows.map((r) => ({ key: r.key, value: r.value, at: iso(r.updatedAt) })) };
    },
  }),
});
