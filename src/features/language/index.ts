import { defineFeature, type FeatureModule } from "../feature.js";
import { languageFeature, showLanguage } from "./language.feature.js";

/** /language: the member's interface language. */
export const languageModule: FeatureModule = defineFeature({
  name: "language",
  composer: () => languageFeature(),
  menu: { language: showLanguage },
  commands: { MEMBER: ["language"] },
});
