import { defineFeature, type FeatureModule } from "../feature.js";

import { ADMIN_FIND, adminFeature, createAdminFindConversation, showAdminMenu } from "./admin.feature.js";
import { AdminService } from "./admin.service.js";
import { adminCb } from "./admin.keyboards.js";

export interface AdminServices {
  admin: AdminService;
}

/** /admin and /audit: finding members, changing roles, the audit log. */
export const adminModule: FeatureModule<AdminServices> = defineFeature({
  name: "admin",
  services: ({ services, config, domainEvents }) => ({
    admin: new AdminService(services.membersRepository, services.audit, config.adminIds, domainEvents),
  }),
  callbacks: [adminCb],
  composer: () => adminFeature(),
  conversations: { [ADMIN_FIND]: createAdminFindConversation },
  menu: { admin: showAdminMenu },
  commands: { ADMIN: ["admin", "audit"] },
});
