import { defineFeature, type FeatureModule } from "../feature.js";
import { languageFeature, showLanguage, languageCb } from "./language.feature.js";

/** /language: the member's interface language. */
export const languageModule: FeatureModule = defineFeature({
  name: "language",
  callbacks: [languageCb],
  composer: () => languageFeature(),
  menu: { language: showLanguage },
  commands: { MEMBER: ["language"] },
});
