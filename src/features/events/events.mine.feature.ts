import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { truncate } from "../../shared/html.js";
import { evtCb } from "./events.keyboards.js";
import { listLine, viewerZone } from "./events.render.js";
import type { EventCard } from "./events.types.js";

async function renderMine(ctx: BotContext): Promise<{ text: string; reply_markup: InlineKeyboard }> {
  const { upcoming, past } = await ctx.services.events.myEvents(ctx.member, { pastLimit: 10 });
  const zone = await viewerZone(ctx);
  const kb = new InlineKeyboard();
  const line = (card: EventCard, n: number) => {
    kb.text(`${n}. ${truncate(card.event.title, 40)}`, evtCb.pack("c", card.event.id)).row();
    return listLine(ctx, n, card, zone) + (card.event.status === "CANCELLED" ? ` ${ctx.t("events-mark-cancelled")}` : "");
  };
  const up = upcoming.map((c, i) => line(c, i + 1));
  const gone = past.map((c, i) => line(c, upcoming.length + i + 1));
  const text = [
    ctx.t("events-my-title"),
    ctx.t("events-my-upcoming"),
    up.length ? up.join("\n\n") : ctx.t("events-my-none"),
    ctx.t("events-my-past"),
    gone.length ? gone.join("\n\n") : ctx.t("events-my-none"),
  ].join("\n\n");
  return { text, reply_markup: kb };
}

/** /myevents: the member's upcoming and past events. */
export async function showMyEvents(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const view = await renderMine(ctx);
  await ctx.reply(view.text, { reply_markup: view.reply_markup, link_preview_options: { is_disabled: true } });
}

/** /myevents (its lines open cards through the card's own `c` action). */
export function myEventsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").command("myevents", showMyEvents);
  return composer;
}
