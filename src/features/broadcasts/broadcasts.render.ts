import type { Translate } from "../../bot/i18n.js";
import { trusted, truncate, type TrustedHtml } from "../../shared/html.js";
import { localName } from "../catalogue/catalogue.service.js";
import type { CatalogueItem, RegionItem } from "../catalogue/catalogue.repository.js";
import { isEveryone, type BroadcastAudience, type BroadcastStats, type BroadcastView } from "./broadcasts.types.js";
import { formatZonedTime } from "../../shared/time.js";
import type { Locale } from "../../shared/locale.js";

/** Names the audience is described with (the catalogue, and the event's title when there is one). */
export interface AudienceNames {
  subjects: readonly CatalogueItem[];
  grades: readonly CatalogueItem[];
  regions: readonly RegionItem[];
  eventTitle?: string | undefined;
}

const LIST_SHOWN = 5;

/** "Subjects: Maths, Physics" and so on, a line per dimension, or "everyone": HTML, each name escaped by `t`. */
export function describeAudience(t: Translate, locale: string, audience: BroadcastAudience, names: AudienceNames, shown = LIST_SHOWN): TrustedHtml {
  if (isEveryone(audience)) return trusted(t("broadcasts-audience-everyone"));
  const named = (codes: readonly string[] | undefined, items: readonly CatalogueItem[]) => {
    const list = (codes ?? []).map((code) => {
      const item = items.find((i) => i.code === code);
      return item ? localName(item, locale) : code;
    });
    return list.length > shown ? `${list.slice(0, shown).join(", ")} +${list.length - shown}` : list.join(", ");
  };
  const lines: string[] = [];
  if (audience.subjects?.length) lines.push(t("broadcasts-audience-subjects", { list: named(audience.subjects, names.subjects) }));
  if (audience.grades?.length) lines.push(t("broadcasts-audience-grades", { list: named(audience.grades, names.grades) }));
  if (audience.regions?.length) lines.push(t("broadcasts-audience-regions", { list: named(audience.regions, names.regions) }));
  if (audience.roles?.length) {
    const roles = audience.roles.map((r) => t(`role-${r}`));
    lines.push(t("broadcasts-audience-roles", { list: roles.length > shown ? `${roles.slice(0, shown).join(", ")} +${roles.length - shown}` : roles.join(", ") }));
  }
  if (audience.eventId !== undefined) {
    lines.push(t("broadcasts-audience-event", { title: truncate(names.eventTitle ?? `#${audience.eventId}`, shown < LIST_SHOWN ? 40 : 100) }));
  }
  return trusted(lines.join("\n"));
}

function duration(t: Translate, seconds: number): string {
  if (seconds < 60) return t("broadcasts-eta-seconds", { n: seconds });
  if (seconds < 3600) return t("broadcasts-eta-minutes", { n: Math.ceil(seconds / 60) });
  return t("broadcasts-eta-hours", { h: Math.floor(seconds / 3600), m: Math.ceil((seconds % 3600) / 60) });
}

/**
 * The progress message, the history card and the final report: the
 * broadcast's state, audience and statistics, in the viewer's zone. HTML;
 * well under Telegram's 4,096 characters (the summary is at most 200).
 */
export function broadcastCard(
  t: Translate,
  locale: Locale,
  zone: string,
  broadcast: BroadcastView,
  stats: BroadcastStats | undefined,
  audienceText: TrustedHtml,
  /** Decides whether a SCHEDULED broadcast is due: one sent "now" is about to start, not scheduled. */
  now: Date = new Date(),
): string {
  const starting = broadcast.status === "SCHEDULED" && broadcast.scheduledAt.getTime() <= now.getTime();
  const lines = [
    starting ? t("broadcasts-card-title-starting", { id: broadcast.id }) : t(`broadcasts-card-title-${broadcast.status}`, { id: broadcast.id }),
    t("broadcasts-card-summary", { summary: truncate(broadcast.summary || "…", 200) }),
    t("broadcasts-card-author", { name: truncate(broadcast.authorName ?? `#${broadcast.authorId}`, 100) }),
    t("broadcasts-card-audience", { audience: audienceText }),
    t("broadcasts-card-recipients", { count: broadcast.recipientCount }),
  ];
  // When it starts or started; a broadcast cancelled before its time never started (issue 9, item 10).
  if (broadcast.startedAt) lines.push(t("broadcasts-card-started", { time: formatZonedTime(broadcast.startedAt, zone, locale) }));
  else if (broadcast.status === "SCHEDULED" && !starting) lines.push(t("broadcasts-card-scheduled", { time: formatZonedTime(broadcast.scheduledAt, zone, locale) }));
  else if (broadcast.status === "CANCELLED") lines.push(t("broadcasts-card-was-scheduled", { time: formatZonedTime(broadcast.scheduledAt, zone, locale) }));
  if (broadcast.paid) lines.push(t("broadcasts-card-paid"));
  if (stats && broadcast.status !== "SCHEDULED") {
    lines.push("", t("broadcasts-card-stats", { sent: stats.sent, failed: stats.failed, blocked: stats.blocked, skipped: stats.skipped }));
    if (!stats.finished) {
      lines.push(
        stats.etaSeconds === undefined
          ? t("broadcasts-card-remaining", { remaining: stats.remaining })
          : t("broadcasts-card-remaining-eta", { remaining: stats.remaining, eta: duration(t, stats.etaSeconds) }),
      );
    }
  }
  if (broadcast.finishedAt) lines.push(t("broadcasts-card-finished", { time: formatZonedTime(broadcast.finishedAt, zone, locale) }));
  return lines.join("\n");
}

/**
 * The prompt for a broadcast's time, with an example an hour from `now` in the
 * bot's own format; every example it shows parses with parseBroadcastTime
 * (test/unit/broadcasts.test.ts checks each one).
 */
export function timePrompt(t: Translate, zone: string, now: Date, locale: Locale): string {
  return t("broadcasts-ask-time", { zone, example: formatZonedTime(new Date(now.getTime() + 3600_000), zone, locale) });
}
