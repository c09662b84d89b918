import { defineFeature, type FeatureModule } from "../feature.js";

import { settingsFeature, showSettings, settingsCb } from "./settings.feature.js";
import { settingsPersonalData } from "./settings.personal-data.js";
import { SettingsRepository } from "./settings.repository.js";
import { SettingsService } from "./settings.service.js";

export interface SettingsServices {
  /** Community-wide switches admins change in /settings. */
  settings: SettingsService;
}

/** /settings: community-wide switches admins change. */
export const settingsModule: FeatureModule<SettingsServices> = defineFeature({
  name: "settings",
  services: ({ prisma, services }) => ({ settings: new SettingsService(new SettingsRepository(prisma), services.audit) }),
  callbacks: [settingsCb],
  composer: () => settingsFeature(),
  menu: { settings: showSettings },
  commands: { ADMIN: ["settings"] },
  personalData: settingsPersonalData,
});
