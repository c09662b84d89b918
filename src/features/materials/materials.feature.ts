import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale } from "../../bot/callback-data.js";
import { materialCardFeature } from "./materials.card.feature.js";
import { commentsFeature } from "./materials.comments.feature.js";
import { inlineFeature } from "./materials.inline.feature.js";
import { matCb } from "./materials.keyboards.js";
import { libraryFeature } from "./materials.library.feature.js";
import { mineFeature } from "./materials.mine.feature.js";
import { searchFeature } from "./materials.search.feature.js";
import { uploadFeature } from "./materials.upload.feature.js";

export { openMaterialLink } from "./materials.card.feature.js";
export { showLibrary } from "./materials.library.feature.js";
export { showMine } from "./materials.mine.feature.js";
export { runSearch, showSearchHelp } from "./materials.search.feature.js";
export { startUpload } from "./materials.upload.feature.js";

/**
 * /upload, /library, /search, /mymaterials, cards, ratings, comments, reports
 * and inline mode: one composer per screen, one handler per button action.
 */
export function materialsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(inlineFeature());
  // A message that is only a link starts an upload before anything else sees it.
  composer.use(uploadFeature(), libraryFeature(), searchFeature(), mineFeature(), materialCardFeature(), commentsFeature());
  // An action no screen knows (an old release's button, forged data).
  composer.chatType("private").callbackQuery(matCb.pattern, answerStale);
  return composer;
}
