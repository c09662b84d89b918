import type { BotContext } from "../../bot/context.js";
import { truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import type { EventCard } from "./events.types.js";

/** The viewer's zone for showing times: their profile's, else the community default. */
export async function viewerZone(ctx: BotContext): Promise<string> {
  const { services } = ctx;
  const { config } = ctx.deps;
  const profile = ctx.member?.registered ? await services.profile.get(ctx.member.id) : undefined;
  return profile?.timezone ?? config.defaultTimezone;
}

/** Places left, unlimited, full (with the waitlist) or ended, as cards and list lines show them. */
export function placesText(ctx: BotContext, card: EventCard): string {
  if (card.ended) return ctx.t("events-places-ended");
  if (card.placesLeft === null) return ctx.t("events-places-unlimited", { registered: card.registeredCount });
  if (card.placesLeft === 0) return ctx.t("events-places-full", { waitlisted: card.waitlistedCount });
  return ctx.t("events-places-left", { left: card.placesLeft, capacity: card.event.capacity ?? 0 });
}

/** One event in a list: number, title, time in the viewer's zone, places, and the member's mark. */
export function listLine(ctx: BotContext, n: number, card: EventCard, zone: string): string {
  return ctx.t("events-list-line", {
    n,
    title: truncate(card.event.title, 120),
    time: formatZonedTime(card.event.startsAt, zone, toLocale(ctx.locale)),
    places: placesText(ctx, card),
    mark: card.mine?.status === "REGISTERED" ? "✅ " : card.mine?.status === "WAITLISTED" ? "⏳ " : "",
  });
}
