import { defineFeature, type FeatureModule } from "../feature.js";

import { auditPersonalData } from "./audit.personal-data.js";
import { AuditRepository } from "./audit.repository.js";

export interface AuditServices {
  /** Other slices write their audit rows through it, inside their own transactions. */
  audit: AuditRepository;
}

/** The audit log: every staff action, written by other slices in their own transactions. */
export const auditModule: FeatureModule<AuditServices> = defineFeature({
  name: "audit",
  services: ({ prisma }) => ({ audit: new AuditRepository(prisma) }),
  personalData: auditPersonalData,
});
