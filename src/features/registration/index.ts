import { defineFeature, type FeatureModule } from "../feature.js";
import { REGISTRATION, createRegistrationConversation } from "./registration.conversation.js";
import { registrationFeature } from "./registration.feature.js";

/** /start: deep links, then the main menu for members and registration for everyone else. */
export const registrationModule: FeatureModule = defineFeature({
  name: "registration",
  callbacks: [],
  composer: () => registrationFeature(),
  conversations: { [REGISTRATION]: createRegistrationConversation },
  commands: { MEMBER: ["start"] },
});
