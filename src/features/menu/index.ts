import type { MenuScreen } from "../../bot/feature.js";
import { defineFeature, type FeatureModule } from "../feature.js";
import { menuFeature } from "./menu.feature.js";
import { menuCb } from "./menu.keyboards.js";

/** /menu and /help, and the main menu's buttons, each opening the screen a slice declared in its `menu`. */
export const menuModule: FeatureModule = defineFeature({
  name: "menu",
  callbacks: [menuCb],
  composer: (features) => menuFeature(Object.assign({}, ...features.map((f) => f.menu ?? {})) as Record<string, MenuScreen>),
  commands: { MEMBER: ["menu", "help"] },
});
