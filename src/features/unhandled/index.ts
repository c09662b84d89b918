import { defineFeature, type FeatureModule } from "../feature.js";
import { unhandledFeature } from "./unhandled.feature.js";

/** Last in the list: buttons and texts no slice handled. */
export const unhandledModule: FeatureModule = defineFeature({
  name: "unhandled",
  composer: () => unhandledFeature(),
  commands: { MEMBER: ["cancel"] },
});
