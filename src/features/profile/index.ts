import { defineFeature, type FeatureModule } from "../feature.js";

import { PROFILE_EDIT, createProfileEditConversation } from "./profile.conversation.js";
import { profileFeature, showProfile } from "./profile.feature.js";
import { ProfileService } from "./profile.service.js";
import { profileCb } from "./profile.keyboards.js";

export interface ProfileServices {
  profile: ProfileService;
}

/** /profile: a member's own profile, shown and edited field by field. */
export const profileModule: FeatureModule<ProfileServices> = defineFeature({
  name: "profile",
  services: ({ services, domainEvents }) => ({
    profile: new ProfileService(services.membersRepository, services.catalogue, domainEvents),
  }),
  callbacks: [profileCb],
  composer: () => profileFeature(),
  conversations: { [PROFILE_EDIT]: createProfileEditConversation },
  menu: { profile: showProfile },
  commands: { MEMBER: ["profile"] },
});
