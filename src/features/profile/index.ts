import { defineFeature, type FeatureModule } from "../feature.js";

import { PROFILE_EDIT, createProfileEditConversation } from "./profile.conversation.js";
import { profileFeature, showProfile } from "./profile.feature.js";
import { ProfileService } from "./profile.service.js";

export interface ProfileServices {
  profile: ProfileService;
}

/** /profile: a member's own profile, shown and edited field by field. */
export const profileModule: FeatureModule<ProfileServices> = defineFeature({
  name: "profile",
  services: ({ services, logger }) => ({
    profile: new ProfileService(services.membersRepository, services.catalogue, [
      // The next digest moves to the new zone's 10:00; a failure here must not undo the saved profile
      // (the tick computes every later due time in the current zone anyway).
      async (memberId, field) => {
        if (field === "timezone") await services.digests.timezoneChanged(memberId).catch((err: unknown) => logger.warn({ err, memberId }, "digest due time not moved"));
      },
    ]),
  }),
  composer: () => profileFeature(),
  conversations: { [PROFILE_EDIT]: createProfileEditConversation },
  menu: { profile: showProfile },
  commands: { MEMBER: ["profile"] },
});
