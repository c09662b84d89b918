/**
 * The messages of the phase keeper (contests.phases.ts NOTICE kinds), each
 * rendered when it is sent, in the recipient's language and time zone, from
 * what the database holds then. A notice about something that no longer
 * applies (a cancelled contest) is skipped.
 */
import type { Translator, Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import type { DeliveryRenderers } from "../delivery/delivery.renderers.js";
import type { DeliveryRecipient, OutgoingMessage } from "../delivery/delivery.types.js";
import type { MembersRepository } from "../members/members.repository.js";
import { NOTICE } from "./contests.phases.js";
import type { ContestsRepository } from "./contests.repository.js";
import { entryCode, parseContestRef, points, type ContestView } from "./contests.types.js";

/** A text message's limit, kept with a margin for the entities. */
const TEXT_MAX = 4000;

export interface ContestNoticesDeps {
  repository: ContestsRepository;
  members: Pick<MembersRepository, "findProfile">;
  translator: Translator;
  defaultTimezone: string;
}

/** Registers the renderers of the phase keeper's notices. */
export function registerContestNotices(renderers: DeliveryRenderers, deps: ContestNoticesDeps): void {
  const zoneOf = async (memberId: number) => (await deps.members.findProfile(memberId))?.timezone ?? deps.defaultTimezone;

  const render =
    (
      build: (
        t: Translate,
        contest: ContestView,
        recipient: DeliveryRecipient,
        when: (d: Date) => string,
        /** What the ref names after the contest (`removed:<entryId>`). */
        what: string,
      ) => Promise<string | undefined> | string | undefined,
      live = true,
    ) =>
    async (refId: string, recipient: DeliveryRecipient): Promise<OutgoingMessage | undefined> => {
      const ref = parseContestRef(refId);
      const contest = ref === undefined ? undefined : await deps.repository.find(ref.contestId);
      if (!ref || !contest || (live && contest.status === "CANCELLED")) return undefined;
      const t = deps.translator.forLocale(recipient.locale);
      const zone = await zoneOf(recipient.id);
      const when = (d: Date) => formatZonedTime(d, zone, toLocale(recipient.locale));
      const text = await build(t, contest, recipient, when, ref.what);
      return text === undefined ? undefined : { method: "sendMessage", text, link_preview_options: { is_disabled: true } };
    };

  const title = (c: ContestView) => truncate(c.title, 200);

  renderers.register(
    NOTICE.assigned,
    render(async (t, c, r, when) => {
      if (c.status !== "JUDGING") return undefined;
      const count = await deps.repository.assignedCount(c.id, r.id);
      return count === 0 ? undefined : t("contests-notice-assigned", { title: title(c), count, until: when(c.judgingClosesAt) });
    }),
  );
  renderers.register(
    NOTICE.noJury,
    render((t, c) => (c.status === "JUDGING" ? t("contests-notice-no-jury", { title: title(c) }) : undefined)),
  );
  renderers.register(
    NOTICE.noEntries,
    render(async (t, c) =>
      c.status === "JUDGING" && (await deps.repository.countEntries(c.id, "SUBMITTED")) === 0 ? t("contests-notice-no-entries", { title: title(c) }) : undefined,
    ),
  );
  renderers.register(
    NOTICE.judgingClosed,
    render((t, c, _r, when) => t("contests-notice-judging-closed", { title: title(c), results: when(c.resultsAt) })),
  );
  renderers.register(
    NOTICE.confirm,
    render(async (t, c, r) => {
      if (c.status !== "CONFIRMING" || c.confirmedAt) return undefined;
      const chair = (await deps.repository.jurors(c.id)).find((j) => j.chair);
      return t(chair?.memberId === r.id ? "contests-notice-confirm" : "contests-notice-confirm-no-chair", { title: title(c) });
    }),
  );
  renderers.register(
    NOTICE.overdue,
    render((t, c) => (c.status === "CONFIRMING" && !c.confirmedAt ? t("contests-notice-overdue", { title: title(c) }) : undefined)),
  );
  renderers.register(
    NOTICE.removed,
    render(async (t, c, r, _when, what) => {
      const id = /^removed:(\d{1,9})$/.exec(what)?.[1];
      const entry = id === undefined ? undefined : await deps.repository.entry(Number(id));
      // Only the author of an entry of this contest that is still removed (a forged or stale ref renders nothing).
      if (!entry || entry.contestId !== c.id || entry.authorId !== r.id || entry.status !== "DISQUALIFIED" || !entry.disqualificationReason) return undefined;
      return t("contests-notice-removed", {
        title: title(c),
        code: entryCode(t("contests-code-letter"), entry.number),
        entry: truncate(entry.title, 200),
        reason: entry.disqualificationReason,
      });
    }),
  );
  renderers.register(
    NOTICE.cancelled,
    render((t, c) => (c.status === "CANCELLED" ? t("contests-notice-cancelled", { title: title(c) }) : undefined), false),
  );
  renderers.register(
    NOTICE.results,
    render(async (t, c, r) => {
      if (c.status !== "PUBLISHED") return undefined;
      const entries = await deps.repository.authorResults(c.id, r.id);
      if (entries.length === 0) return undefined;
      const letter = t("contests-code-letter");
      const build = (commentMax: number) => {
        const parts = [t("contests-notice-results", { title: title(c) })];
        for (const e of entries) {
          const lines = [
            t("contests-notice-results-entry", {
              code: entryCode(letter, e.number),
              title: truncate(e.title, 150),
              outcome: e.status === "DISQUALIFIED" ? (e.disqualificationReason ? "removed" : "disqualified") : (e.award ?? "none"),
              reason: e.disqualificationReason ?? "",
              place: e.place ?? 0,
              score: points(e.score),
            }),
          ];
          if (e.audiencePrize) lines.push(t("contests-notice-results-audience", { votes: e.audienceVotes ?? 0 }));
          e.reviews.forEach((review, i) => {
            const marks = c.criteria
              .map((k) => {
                const p = review.scores[k.id];
                if (p === undefined) return undefined;
                return k.passFail ? `${truncate(k.title, 60)}: ${p ? "✓" : "✗"}` : `${truncate(k.title, 60)}: ${p}/${k.maxPoints}`;
              })
              .filter((s): s is string => s !== undefined);
            lines.push(t("contests-notice-results-review", { n: i + 1, points: marks.join("; "), total: points(review.total) }));
            if (review.comment) lines.push(t("contests-notice-results-comment", { comment: truncate(review.comment, commentMax) }));
          });
          parts.push(lines.join("\n"));
        }
        parts.push(t("contests-notice-results-diploma"));
        return parts;
      };
      // Comments are shortened first, then whole entries dropped from the end (never HTML cut in the middle).
      let parts = build(500);
      for (const max of [200, 80]) if (parts.join("\n\n").length > TEXT_MAX) parts = build(max);
      let text = parts.join("\n\n");
      while (text.length > TEXT_MAX && parts.length > 3) {
        parts.splice(parts.length - 2, 1);
        text = `${parts.join("\n\n")}\n\n${t("contests-notice-results-more")}`;
      }
      return text;
    }),
  );
}
