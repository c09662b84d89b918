import type { Translate } from "../../bot/i18n.js";
import type { EventCard } from "./events.types.js";

/**
 * Extra buttons on the staff view of an event card, contributed by slices that
 * build on events (certificates adds «🎓 Сертификаты (N)»). The events slice
 * does not know those slices: they register a provider when their services
 * are built, as materialCardLinks does for the library.
 */
export interface EventStaffButton {
  text: string;
  /** Callback data of the contributing slice's own codec. */
  data: string;
}

/** One button for a card, or undefined (one cheap query at most: it runs on every staff card). */
export type EventStaffButtonProvider = (card: EventCard, t: Translate) => Promise<EventStaffButton | undefined>;

export class EventStaffButtons {
  private readonly providers: EventStaffButtonProvider[] = [];

  register(provider: EventStaffButtonProvider): void {
    this.providers.push(provider);
  }

  /** The buttons of a card in the order the providers registered; a provider that fails adds nothing (the card still opens). */
  async of(card: EventCard, t: Translate): Promise<EventStaffButton[]> {
    const buttons = await Promise.all(this.providers.map((p) => p(card, t).catch(() => undefined)));
    return buttons.filter((b): b is EventStaffButton => b !== undefined);
  }
}
