import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale } from "../../bot/callback-data.js";
import { attendanceFeature } from "./events.attendance.feature.js";
import { eventCardFeature } from "./events.card.feature.js";
import { evtCb } from "./events.keyboards.js";
import { eventListFeature } from "./events.list.feature.js";
import { myEventsFeature } from "./events.mine.feature.js";
import { organiserFeature } from "./events.organiser.feature.js";

export { openEventLink } from "./events.card.feature.js";
export { showEvents } from "./events.list.feature.js";
export { showMyEvents } from "./events.mine.feature.js";
export { startNewEvent } from "./events.organiser.feature.js";
export { viewerZone } from "./events.render.js";

/** Commands and buttons of community events: one composer per screen, one handler per button action. */
export function eventsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(eventListFeature(), myEventsFeature(), organiserFeature(), attendanceFeature(), eventCardFeature());
  // An action no screen knows (an old release's button, forged data).
  composer.chatType("private").callbackQuery(evtCb.pattern, answerStale);
  return composer;
}
