import type { InlineKeyboard } from "grammy";
import type { Translate, Translator } from "../../bot/i18n.js";
import { truncate, visibleLength } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import type { DeliveryRenderer } from "../delivery/delivery.types.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { ContestProgress } from "./contests.service.js";
import type { JurorProgress } from "./contests.admin.repository.js";
import type { ContestsRepository } from "./contests.repository.js";
import { parseJurorReminderRefId } from "./contests.service.js";
import type { ContestView } from "./contests.types.js";

/**
 * The lines of a list that fit in `budget` visible characters, then "…".
 * Texts are HTML with escaped user text, so they are never cut in the middle
 * (an entity or a tag cut in two is refused by Telegram): whole lines are left out.
 */
export function fitLines(lines: readonly string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const n = visibleLength(line) + 1;
    if (used + n > budget) {
      out.push("…");
      break;
    }
    out.push(line);
    used += n;
  }
  return out;
}

/** The four dates of a contest in `zone`. */
export function datesText(
  t: Translate,
  contest: Pick<ContestView, "submissionOpensAt" | "submissionClosesAt" | "judgingClosesAt" | "resultsAt">,
  zone: string,
  locale: string,
): string {
  const f = (d: Date) => formatZonedTime(d, zone, toLocale(locale));
  return t("contests-admin-dates", {
    opens: f(contest.submissionOpensAt),
    closes: f(contest.submissionClosesAt),
    judging: f(contest.judgingClosesAt),
    results: f(contest.resultsAt),
  });
}

export function listText(t: Translate, contests: readonly ContestView[]): string {
  return contests.length === 0 ? t("contests-admin-list-empty") : t("contests-admin-list-title", { count: contests.length });
}

/** The management card: title, status, dates, nominations, rubric and settings. */
export function cardText(t: Translate, contest: ContestView, zone: string, locale: string, jurors: number): string {
  const lines = [
    t("contests-admin-card", { id: contest.id, title: truncate(contest.title, 200), status: t(`contests-admin-status-${contest.status}`) }),
    datesText(t, contest, zone, locale),
    t("contests-admin-card-nominations", {
      list: contest.nominations.map((n) => truncate(n.title, 100)).join("; "),
    }),
    t("contests-admin-card-rubric", { count: contest.criteria.length, max: contest.criteria.reduce((s, c) => s + c.maxPoints * c.weight, 0) }),
    t("contests-admin-card-jury", { jurors, reviews: contest.reviewsPerEntry, prizes: contest.prizePlaces }),
  ];
  return lines.join("\n\n");
}

export function jurorName(t: Translate, j: Pick<JurorProgress, "name" | "username" | "deleted" | "memberId">): string {
  if (j.deleted) return t("contests-admin-member-deleted");
  return j.name ?? (j.username ? `@${j.username}` : t("contests-admin-member-no-name", { id: j.memberId }));
}

export function juryText(t: Translate, contest: ContestView, jurors: readonly JurorProgress[]): string {
  const head = t("contests-admin-jury-title", { title: truncate(contest.title, 200), count: jurors.length });
  if (jurors.length === 0) return `${head}\n\n${t("contests-admin-jury-empty")}`;
  const lines = jurors
    .slice(0, 40)
    .map((j, i) => t(j.chair ? "contests-admin-jury-line-chair" : "contests-admin-jury-line", { n: i + 1, name: truncate(jurorName(t, j), 80) }));
  return `${head}\n\n${fitLines(lines, 3500).join("\n")}`;
}

export function progressText(t: Translate, p: ContestProgress, zone: string, locale: string): string {
  const loc = toLocale(locale);
  const parts = [t("contests-admin-progress-title", { title: truncate(p.contest.title, 200), status: t(`contests-admin-status-${p.contest.status}`) })];
  parts.push(
    p.jurors.length === 0
      ? t("contests-admin-jury-empty")
      : fitLines(
          p.jurors.map((j, i) =>
            t("contests-admin-progress-juror", {
              n: i + 1,
              name: truncate(jurorName(t, j), 60),
              submitted: j.submitted,
              assigned: j.assigned,
              conflicts: j.conflicts,
              reminded: j.remindedAt ? formatZonedTime(j.remindedAt, zone, loc) : t("contests-admin-never"),
            }),
          ),
          1800,
        ).join("\n"),
  );
  parts.push(
    fitLines(
      p.nominations.map((n) =>
        t("contests-admin-progress-nomination", { title: truncate(n.title, 80), entries: n.entries, done: n.reviewsDone, needed: n.reviewsNeeded }),
      ),
      900,
    ).join("\n"),
  );
  if (p.duplicates.length > 0) {
    parts.push(
      [
        t("contests-admin-progress-duplicates", { count: p.duplicates.length }),
        ...fitLines(
          p.duplicates.map((d) => t("contests-admin-progress-duplicate", { number: d.number, title: truncate(d.title, 60), of: d.duplicateOf })),
          500,
        ),
        t("contests-admin-progress-duplicates-hint"),
      ].join("\n"),
    );
  }
  if (p.voteFlags.length > 0) {
    parts.push(
      [
        t("contests-admin-progress-votes", { count: p.voteFlags.length }),
        ...fitLines(
          p.voteFlags.map((v) => t("contests-admin-progress-vote", { number: v.number, votes: v.votes, suspicious: v.suspicious })),
          400,
        ),
      ].join("\n"),
    );
  }
  return parts.join("\n\n");
}

export interface JurorReminderDeps {
  contests: Pick<ContestsRepository, "find" | "jurors" | "prisma">;
  members: Pick<MembersRepository, "findProfile">;
  translator: Translator;
  defaultTimezone: string;
  /** Extra buttons under the reminder (the jury slice's "my reviews"). */
  keyboard?: (t: Translate, contestId: number) => InlineKeyboard | undefined;
}

/**
 * The renderer of JUROR_REMINDER_KIND, for organisers' reminders
 * (`contest:<id>:remind:<minute>`) and the automatic ones before judging
 * closes (`contest:<id>:auto:<hours>`): nothing is sent when the contest is no
 * longer judging, the member is no longer a juror, or nothing is left to score.
 */
export function jurorReminderRenderer(deps: JurorReminderDeps): DeliveryRenderer {
  return async (refId, member) => {
    const ref = parseJurorReminderRefId(refId);
    if (!ref) return undefined;
    const contest = await deps.contests.find(ref.contestId);
    if (contest?.status !== "JUDGING") return undefined;
    const jurors = await deps.contests.jurors(contest.id);
    if (!jurors.some((j) => j.memberId === member.id)) return undefined;
    const pending = await deps.contests.prisma.contestReview.count({ where: { contestId: contest.id, jurorId: member.id, status: "ASSIGNED" } });
    if (pending === 0) return undefined;
    const t = deps.translator.forLocale(member.locale);
    const zone = (await deps.members.findProfile(member.id))?.timezone ?? deps.defaultTimezone;
    const text = t("contests-admin-reminder", {
      title: truncate(contest.title, 200),
      count: pending,
      deadline: formatZonedTime(contest.judgingClosesAt, zone, toLocale(member.locale)),
    });
    const keyboard = deps.keyboard?.(t, contest.id);
    return { method: "sendMessage", text, link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) };
  };
}
