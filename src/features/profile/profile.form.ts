import { InlineKeyboard } from "grammy";
import { isLocale, type Locale } from "../../shared/locale.js";
import type { FormTable } from "../../bot/form/run-form.js";
import { choiceStep, multiChoiceStep, skippableTextStep, textStep } from "../../bot/form/steps.js";
import { runStep, stepCb, type Reaction, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { canonicalTimeZone, utcOffsetLabel } from "../../shared/time.js";
import { RUSSIAN_TIME_ZONES, localName, type CatalogueItem, type CatalogueService } from "../catalogue/catalogue.service.js";
import { PROFESSIONAL_ROLES, type ProfileInput } from "../members/members.types.js";
import {
  checkCity,
  checkExperience,
  checkFullName,
  checkGrades,
  checkOrganisation,
  checkSubjects,
  checkTimezone,
  MAX_SUBJECTS,
  type Checked,
} from "../members/profile.validation.js";
import { languageKeyboard, regionKeyboard, REGIONS_PER_PAGE, timezoneKeyboard } from "./profile.keyboards.js";

/** What the profile questions fill: the profile, and the interface language (asked at registration only). */
export interface ProfileFormDraft extends ProfileInput {
  language: Locale;
}

/** What the profile questions need besides the member's answers. */
export interface ProfileFormDeps {
  catalogue: CatalogueService;
  /** Offered as the time zone when the region has none. */
  defaultTimezone: string;
}

function checked<T>(c: Checked<T>): Reaction<never, T> {
  return c.ok ? { value: c.value } : { error: c.error };
}

function choices(items: CatalogueItem[], locale: string) {
  return items.map((item) => ({ value: item.code, label: localName(item, locale) }));
}

/** Grades, several at once (also asked for a material, with its own question). */
export async function askGrades(env: StepEnv, catalogue: CatalogueService, current: string[] = [], question = "ask-grades"): Promise<StepResult<string[]>> {
  const { t } = env;
  const items = choices(await catalogue.grades(), env.locale);
  return multiChoiceStep(env, {
    question: t(question),
    items,
    current,
    columns: 3,
    done: (codes) => checked(checkGrades(codes)),
    answered: (codes) =>
      t("answered-grades", {
        value: items
          .filter((i) => codes.includes(i.value))
          .map((i) => i.label)
          .join(", "),
      }),
  });
}

type RegionState = { page: number; matches: string[] | null };

async function askRegion(env: StepEnv, catalogue: CatalogueService, current?: string): Promise<StepResult<string>> {
  const { t, locale } = env;
  const regions = await catalogue.regions();
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const pages = Math.ceil(regions.length / REGIONS_PER_PAGE);
  const kept = current !== undefined ? byCode.get(current) : undefined;
  // The region given before comes first, with its own button.
  const withCurrent = ({ text, keyboard }: { text: string; keyboard: InlineKeyboard }) =>
    kept
      ? {
          text: `${text}\n\n${t("registration-current-answer", { value: localName(kept, locale) })}`,
          keyboard: new InlineKeyboard([[InlineKeyboard.text(t("registration-keep-answer"), stepCb.pack("pick", kept.code))], ...keyboard.inline_keyboard]),
        }
      : { text, keyboard };
  return runStep<RegionState, string>(env, {
    initial: { page: 0, matches: null },
    render: (s) =>
      withCurrent(
        s.matches
          ? {
              text: t("ask-region-matches", { count: s.matches.length }),
              keyboard: regionKeyboard(
                t,
                locale,
                s.matches.map((c) => byCode.get(c)!),
                0,
                { back: env.back, paged: false },
              ),
            }
          : { text: t("ask-region"), keyboard: regionKeyboard(t, locale, regions, s.page, { back: env.back, paged: true }) },
      ),
    onText: async (text) => {
      const found = await catalogue.searchRegions(text);
      if (found.length === 0) return { error: "validation-region-not-found" };
      if (found.length === 1) return { value: found[0]!.code };
      return { state: { page: 0, matches: found.map((r) => r.code) } };
    },
    onCallback: (data) => {
      if (data.action === "pick" && data.args[0] && byCode.has(data.args[0])) return { value: data.args[0] };
      if (data.action === "page") {
        const page = Number(data.args[0]);
        if (Number.isInteger(page) && page >= 0 && page < pages) return { state: { page, matches: null } };
      }
      return undefined;
    },
    answered: (code) => t("answered-region", { value: localName(byCode.get(code)!, locale) }),
  });
}

/** The zone is offered as suggested (the region's own); the other Russian zones are buttons, any IANA zone may be typed. */
function askTimezone(env: StepEnv, suggested: string): Promise<StepResult<string>> {
  const { t } = env;
  const zone = canonicalTimeZone(suggested) ?? "Europe/Moscow";
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({
      text: t("ask-timezone", { zone, offset: utcOffsetLabel(zone) }),
      keyboard: timezoneKeyboard(t, zone, RUSSIAN_TIME_ZONES, env),
    }),
    onText: (text) => checked(checkTimezone(text)),
    onCallback: (data) => {
      if (data.action !== "tz") return undefined;
      if (data.args[0] === "keep") return { value: zone };
      const picked = RUSSIAN_TIME_ZONES[Number(data.args[0])];
      return picked ? { value: picked } : undefined;
    },
    answered: (v) => t("answered-timezone", { zone: v, offset: utcOffsetLabel(v) }),
  });
}

function askLanguage(env: StepEnv): Promise<StepResult<Locale>> {
  const { t } = env;
  return runStep<null, Locale>(env, {
    initial: null,
    render: () => ({ text: t("ask-language"), keyboard: languageKeyboard(t, env) }),
    onCallback: (data) => (data.action === "lang" && isLocale(data.args[0]) ? { value: data.args[0] } : undefined),
    answered: (v) => t("answered-language", { value: t(`language-name-${v}`) }),
  });
}

/**
 * The profile questions, in the order registration asks them; /profile edits
 * one field with the same question. The answer given before (after Back, or
 * the stored one in an edit) is shown and kept with one tap.
 */
export function profileForm({ catalogue, defaultTimezone }: ProfileFormDeps): FormTable<ProfileFormDraft> {
  return [
    {
      key: "fullName",
      ask: (env, d) =>
        textStep(env, {
          question: env.t("ask-full-name"),
          current: d.fullName,
          show: (v) => v,
          check: (text) => checked(checkFullName(text)),
          answered: (v) => env.t("answered-full-name", { value: v }),
        }),
    },
    {
      key: "professionalRole",
      ask: (env, d) =>
        choiceStep(env, {
          question: env.t("ask-role"),
          options: PROFESSIONAL_ROLES.map((role) => ({ value: role, label: env.t(`role-${role}`) })),
          action: "pick",
          columns: 1,
          current: d.professionalRole,
          answered: (v) => env.t("answered-role", { value: env.t(`role-${v}`) }),
        }),
    },
    {
      key: "subjectCodes",
      ask: async (env, d) => {
        const { t } = env;
        const items = choices(await catalogue.subjects(), env.locale);
        return multiChoiceStep(env, {
          question: t("ask-subjects", { max: MAX_SUBJECTS }),
          items,
          current: d.subjectCodes ?? [],
          columns: 2,
          max: { count: MAX_SUBJECTS, error: "validation-subjects-many", vars: { max: MAX_SUBJECTS } },
          done: (codes) => checked(checkSubjects(codes)),
          answered: (codes) =>
            t("answered-subjects", {
              value: items
                .filter((i) => codes.includes(i.value))
                .map((i) => i.label)
                .join(", "),
            }),
        });
      },
    },
    { key: "gradeCodes", ask: (env, d) => askGrades(env, catalogue, d.gradeCodes) },
    { key: "regionCode", ask: (env, d) => askRegion(env, catalogue, d.regionCode) },
    {
      key: "city",
      ask: (env, d) =>
        textStep(env, {
          question: env.t("ask-city"),
          current: d.city,
          show: (v) => v,
          check: (text) => checked(checkCity(text)),
          answered: (v) => env.t("answered-city", { value: v }),
        }),
    },
    {
      key: "organisation",
      // null when skipped before: nothing to keep then (Skip is there anyway).
      ask: (env, d) =>
        skippableTextStep(
          env,
          {
            question: env.t("ask-organisation"),
            current: d.organisation ?? undefined,
            show: (v) => v,
            check: (text) => checked(checkOrganisation(text)),
            answered: (v) => env.t("answered-organisation", { value: v }),
          },
          env.t("answered-organisation-none"),
        ),
    },
    {
      key: "experienceYears",
      ask: (env, d) =>
        textStep(env, {
          question: env.t("ask-experience"),
          current: d.experienceYears,
          show: (v) => String(v),
          check: (text) => checked(checkExperience(text)),
          answered: (v) => env.t("answered-experience", { years: v }),
        }),
    },
    {
      key: "timezone",
      // The region's own zone is offered, not the answer given before: the region may have changed since.
      ask: async (env, d) => {
        const region = d.regionCode ? await catalogue.region(d.regionCode) : undefined;
        return askTimezone(env, region?.timezone ?? d.timezone ?? defaultTimezone);
      },
    },
    { key: "language", ask: (env) => askLanguage(env) },
  ];
}
