import { defineFeature, type FeatureModule } from "../feature.js";

import { privacyFeature, showPrivacy, privacyCb } from "./privacy.feature.js";
import { PrivacyRepository } from "./privacy.repository.js";
import { PrivacyService } from "./privacy.service.js";

export interface PrivacyServices {
  privacy: PrivacyService;
}

/**
 * /privacy, /mydata and /forgetme (152-FZ) over every slice's `personalData`.
 * Listed after the slices whose services the personal-data entries use
 * (each entry's `build` gets the same FeatureDeps as the slice's builders).
 */
export const privacyModule: FeatureModule<PrivacyServices> = defineFeature({
  name: "privacy",
  services: (deps) => {
    const { prisma, services, features } = deps;
    const entries = features.flatMap((f) => (f.personalData ? [f.personalData.build(deps)] : []));
    return { privacy: new PrivacyService(entries, new PrivacyRepository(prisma), services.audit) };
  },
  callbacks: [privacyCb],
  composer: () => privacyFeature(),
  menu: { privacy: showPrivacy },
  commands: { MEMBER: ["privacy", "mydata", "forgetme"] },
});
