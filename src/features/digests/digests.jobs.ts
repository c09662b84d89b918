/**
 * The background side of digests: the "digests.tick" processor (repeatable,
 * every minute, see SCHEDULES) and the renderer of "digest" deliveries on the
 * one rate-limited sending path.
 */
import type { Api } from "grammy";
import type { Translate, Translator } from "../../bot/i18n.js";
import type { Processor } from "../../jobs/workers.js";
import { truncate, trusted, visibleLength } from "../../shared/html.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import type { DeliveryRenderers } from "../delivery/delivery.renderers.js";
import type { OutgoingMessage } from "../delivery/delivery.types.js";
import type { DigestContent } from "./digests.repository.js";
import { DIGEST_KIND, parseDigestRefId, type DigestsService } from "./digests.service.js";
import type { ActiveFrequency, DigestWindow } from "./digests.time.js";
import { formatZonedTime } from "../../shared/time.js";
import { toLocale } from "../../shared/locale.js";

declare module "../../jobs/definitions.js" {
  interface JobPayloads {
    /** Repeatable (SCHEDULES): queues the digests that are due (src/features/digests). */
    "digests.tick": Record<string, never>;
  }
}

/** Titles are cut to this many characters in a digest (a card shows the whole title). */
export const DIGEST_TITLE_MAX = 100;
/** Telegram's limit is 4,096 characters; the rest is a margin. */
export const DIGEST_TEXT_MAX = 4000;

const HOUR_MS = 3_600_000;
const PERIOD_MS: Record<ActiveFrequency, number> = { DAILY: 24 * HOUR_MS, WEEKLY: 7 * 24 * HOUR_MS };

/**
 * The bot's @username for deep links, asked of Telegram once per process (the
 * worker has no update to read it from); a failure is not kept, so the next
 * delivery asks again.
 */
export function cachedBotUsername(api: Pick<Api, "getMe">): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= api.getMe().then(
      (me) => me.username,
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/** Everything a digest's text is made of; no I/O, so it is tested on its own. */
export interface DigestTextInput {
  t: Translate;
  locale: string;
  timezone: string;
  frequency: ActiveFrequency;
  window: DigestWindow;
  content: DigestContent;
  botUsername: string;
  /** Subject code → name in the reader's language. */
  subjectName: (code: string) => string;
}

/**
 * The digest (HTML): a header naming the period, the newest materials and the
 * soonest events with deep links (`m_<id>`, `e_<id>`), "and N more" where the
 * content has more than fits, and how to change the settings. Titles are
 * escaped by the translator and cut to DIGEST_TITLE_MAX; lines are dropped
 * from the end (and counted in "more") until the text fits DIGEST_TEXT_MAX.
 */
export function digestText(input: DigestTextInput): string {
  const { t, content, window } = input;
  const lang = toLocale(input.locale);
  const length = window.to.getTime() - window.from.getTime();
  // One regular period ("this week's news"); anything else (a first digest after a pause, downtime) names its start.
  const regular = Math.abs(length - PERIOD_MS[input.frequency]) <= 2 * HOUR_MS;
  const period = regular ? (input.frequency === "WEEKLY" ? "week" : "day") : "since";
  const link = (prefix: string, id: number) => `https://t.me/${input.botUsername}?start=${prefix}_${id}`;

  const materialLines = content.materials.map((m, i) =>
    t("digests-material-line", {
      n: i + 1,
      url: link("m", m.id),
      title: truncate(m.title, DIGEST_TITLE_MAX),
      subject: input.subjectName(m.subjectCode),
      type: trusted(t(`materials-type-${m.type}`)),
    }),
  );
  const eventLines = content.events.map((ev, i) =>
    t("digests-event-line", {
      n: i + 1,
      url: link("e", ev.id),
      title: truncate(ev.title, DIGEST_TITLE_MAX),
      time: formatZonedTime(ev.startsAt, input.timezone, lang),
    }),
  );

  const build = (materials: string[], events: string[]): string => {
    const parts = [t("digests-title", { period, since: formatZonedTime(window.from, input.timezone, lang) })];
    if (content.materialCount > 0) {
      const section = [t("digests-materials-title", { count: content.materialCount }), ...materials];
      const more = content.materialCount - materials.length;
      if (more > 0) section.push(t("digests-materials-more", { count: more }));
      parts.push(section.join("\n"));
    }
    if (content.eventCount > 0) {
      const section = [t("digests-events-title", { count: content.eventCount }), ...events];
      const more = content.eventCount - events.length;
      if (more > 0) section.push(t("digests-events-more", { count: more }));
      parts.push(section.join("\n"));
    }
    parts.push(t("digests-footer"));
    return parts.join("\n\n");
  };

  let materials = materialLines;
  let events = eventLines;
  let text = build(materials, events);
  // Lines are at most a few hundred characters, so this drops a few at most.
  while (visibleLength(text) > DIGEST_TEXT_MAX && materials.length + events.length > 0) {
    if (materials.length >= events.length) materials = materials.slice(0, -1);
    else events = events.slice(0, -1);
    text = build(materials, events);
  }
  return text;
}

export interface DigestJobsDeps {
  digests: DigestsService;
  catalogue: CatalogueService;
  renderers: DeliveryRenderers;
  translator: Translator;
  botUsername: () => Promise<string>;
}

/** Registers the "digest" renderer and returns the tick's processor. */
export function createDigestJobs(deps: DigestJobsDeps): { tick: Processor<"digests.tick"> } {
  deps.renderers.register(DIGEST_KIND, async (refId, member): Promise<OutgoingMessage | undefined> => {
    const window = parseDigestRefId(refId);
    if (!window) return undefined;
    const digest = await deps.digests.toRender(member.id, window);
    if (!digest) return undefined;
    const subjects = new Map((await deps.catalogue.subjects()).map((s) => [s.code, localName(s, member.locale)]));
    const text = digestText({
      t: deps.translator.forLocale(member.locale),
      locale: member.locale,
      timezone: digest.timezone,
      frequency: digest.frequency,
      window,
      content: digest.content,
      botUsername: await deps.botUsername(),
      subjectName: (code) => subjects.get(code) ?? code,
    });
    return { method: "sendMessage", text, link_preview_options: { is_disabled: true } };
  });

  /** "digests.tick": queues the digests that are due (see DigestsService.tick). */
  const tick: Processor<"digests.tick"> = async (_payload, _job, logger) => {
    const result = await deps.digests.tick();
    if (result.adopted || result.due) logger.info(result, "digests tick");
    else logger.debug(result, "digests tick");
  };
  return { tick };
}
