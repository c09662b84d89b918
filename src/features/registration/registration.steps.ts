import type { Translate } from "../../bot/i18n.js";
import { InlineKeyboard } from "grammy";
import { runStep, stepCb, withNavigation, type Reaction, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { trusted } from "../../shared/html.js";
import { canonicalTimeZone, utcOffsetLabel } from "../../shared/time.js";
import { RUSSIAN_TIME_ZONES, localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import { PROFESSIONAL_ROLES, type ProfessionalRole, type ProfileInput } from "../members/members.types.js";
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
import {
  languageKeyboard,
  multiSelectKeyboard,
  regionKeyboard,
  REGIONS_PER_PAGE,
  roleKeyboard,
  timezoneKeyboard,
} from "./registration.keyboards.js";
import { isLocale, type Locale } from "../../shared/locale.js";

function done<T>(value: T): { value: T } {
  return { value };
}

function checked<T>(c: Checked<T>): Reaction<never, T> {
  return c.ok ? { value: c.value } : { error: c.error };
}

/**
 * A typed question. The answer given before (after Back, or the stored value
 * in a profile edit) is shown under the question and kept with one tap.
 */
function askTyped<T>(
  env: StepEnv,
  spec: { question: string; current: T | undefined; show: (v: T) => string; check: (text: string) => Reaction<never, T>; answered: (v: T) => string; skip?: boolean },
): Promise<StepResult<T | null>> {
  const { t } = env;
  const { current } = spec;
  return runStep<null, T | null>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard();
      if (current !== undefined) kb.text(t("registration-keep-answer"), stepCb.pack("keep"));
      if (spec.skip) kb.text(t("step-skip"), stepCb.pack("skip"));
      return {
        text: current === undefined ? spec.question : `${spec.question}\n\n${t("registration-current-answer", { value: spec.show(current) })}`,
        keyboard: withNavigation(kb, t, env),
      };
    },
    onText: (text) => spec.check(text),
    onCallback: (data) => {
      if (data.action === "keep" && current !== undefined) return done(current);
      if (data.action === "skip" && spec.skip) return done(null);
      return undefined;
    },
    answered: (v) => (v === null ? t("answered-organisation-none") : spec.answered(v)),
  });
}

export function askFullName(env: StepEnv, current?: string): Promise<StepResult<string>> {
  const { t } = env;
  return askTyped<string>(env, {
    question: t("ask-full-name"),
    current,
    show: (v) => v,
    check: (text) => checked(checkFullName(text)),
    answered: (v) => t("answered-full-name", { value: v }),
  }) as Promise<StepResult<string>>;
}

export function askRole(env: StepEnv, current?: ProfessionalRole): Promise<StepResult<ProfessionalRole>> {
  const { t } = env;
  return runStep<null, ProfessionalRole>(env, {
    initial: null,
    render: () => ({ text: t("ask-role"), keyboard: roleKeyboard(t, { back: env.back, current }) }),
    onCallback: (data) => {
      const role = data.args[0] as ProfessionalRole;
      return data.action === "pick" && PROFESSIONAL_ROLES.includes(role) ? done(role) : undefined;
    },
    answered: (v) => t("answered-role", { value: t(`role-${v}`) }),
  });
}

async function askMulti(
  env: StepEnv,
  options: { question: string; answeredKey: string; items: Array<{ code: string; nameRu: string; nameEn: string }>; current: string[]; check: (codes: string[]) => Checked<string[]>; columns: number; max?: number },
): Promise<StepResult<string[]>> {
  const { t, locale } = env;
  const known = new Set(options.items.map((i) => i.code));
  const ordered = (s: ReadonlySet<string>) => options.items.filter((i) => s.has(i.code)).map((i) => i.code);
  return runStep<string[], string[]>(env, {
    initial: options.current.filter((c) => known.has(c)),
    render: (selected) => ({
      text: options.question,
      keyboard: multiSelectKeyboard(t, locale, options.items, new Set(selected), { back: env.back, columns: options.columns }),
    }),
    onCallback: (data, selected) => {
      if (data.action === "done") return checked(options.check(selected));
      const code = data.args[0];
      if (data.action !== "toggle" || !code || !known.has(code)) return undefined;
      const next = new Set(selected);
      if (next.has(code)) next.delete(code);
      else {
        if (options.max !== undefined && next.size >= options.max) return { error: "validation-subjects-many", vars: { max: options.max } };
        next.add(code);
      }
      return { state: ordered(next) };
    },
    answered: (codes) =>
      t(options.answeredKey, {
        value: options.items.filter((i) => codes.includes(i.code)).map((i) => localName(i, locale)).join(", "),
      }),
  });
}

export async function askSubjects(env: StepEnv, current: string[] = []): Promise<StepResult<string[]>> {
  return askMulti(env, {
    question: env.t("ask-subjects", { max: MAX_SUBJECTS }),
    answeredKey: "answered-subjects",
    items: await env.catalogue.subjects(),
    current,
    check: (codes) => checkSubjects(codes),
    columns: 2,
    max: MAX_SUBJECTS,
  });
}

export async function askGrades(env: StepEnv, current: string[] = [], question = "ask-grades"): Promise<StepResult<string[]>> {
  return askMulti(env, {
    question: env.t(question),
    answeredKey: "answered-grades",
    items: await env.catalogue.grades(),
    current,
    check: (codes) => checkGrades(codes),
    columns: 3,
  });
}

type RegionState = { page: number; matches: string[] | null };

export async function askRegion(env: StepEnv, current?: string): Promise<StepResult<string>> {
  const { t, locale, catalogue } = env;
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
              keyboard: regionKeyboard(t, locale, s.matches.map((c) => byCode.get(c)!), 0, { back: env.back, paged: false }),
            }
          : { text: t("ask-region"), keyboard: regionKeyboard(t, locale, regions, s.page, { back: env.back, paged: true }) },
      ),
    onText: async (text) => {
      const found = await catalogue.searchRegions(text);
      if (found.length === 0) return { error: "validation-region-not-found" };
      if (found.length === 1) return done(found[0]!.code);
      return { state: { page: 0, matches: found.map((r) => r.code) } };
    },
    onCallback: (data) => {
      if (data.action === "pick" && data.args[0] && byCode.has(data.args[0])) return done(data.args[0]);
      if (data.action === "page") {
        const page = Number(data.args[0]);
        if (Number.isInteger(page) && page >= 0 && page < pages) return { state: { page, matches: null } };
      }
      return undefined;
    },
    answered: (code) => t("answered-region", { value: localName(byCode.get(code)!, locale) }),
  });
}

export function askCity(env: StepEnv, current?: string): Promise<StepResult<string>> {
  const { t } = env;
  return askTyped<string>(env, {
    question: t("ask-city"),
    current,
    show: (v) => v,
    check: (text) => checked(checkCity(text)),
    answered: (v) => t("answered-city", { value: v }),
  }) as Promise<StepResult<string>>;
}

/** `current`: null when the member skipped it before (nothing to keep then; Skip is there anyway). */
export function askOrganisation(env: StepEnv, current?: string | null): Promise<StepResult<string | null>> {
  const { t } = env;
  return askTyped<string>(env, {
    question: t("ask-organisation"),
    current: current ?? undefined,
    show: (v) => v,
    check: (text) => checked(checkOrganisation(text)),
    answered: (v) => t("answered-organisation", { value: v }),
    skip: true,
  });
}

export function askExperience(env: StepEnv, current?: number): Promise<StepResult<number>> {
  const { t } = env;
  return askTyped<number>(env, {
    question: t("ask-experience"),
    current,
    show: (v) => String(v),
    check: (text) => checked(checkExperience(text)),
    answered: (v) => t("answered-experience", { years: v }),
  }) as Promise<StepResult<number>>;
}

export function askTimezone(env: StepEnv, suggested: string): Promise<StepResult<string>> {
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
      if (data.args[0] === "keep") return done(zone);
      const picked = RUSSIAN_TIME_ZONES[Number(data.args[0])];
      return picked ? done(picked) : undefined;
    },
    answered: (v) => t("answered-timezone", { zone: v, offset: utcOffsetLabel(v) }),
  });
}

export function askLanguage(env: StepEnv): Promise<StepResult<Locale>> {
  const { t } = env;
  return runStep<null, Locale>(env, {
    initial: null,
    render: () => ({ text: t("ask-language"), keyboard: languageKeyboard(t, env) }),
    onCallback: (data) => (data.action === "lang" && isLocale(data.args[0]) ? done(data.args[0]) : undefined),
    answered: (v) => t("answered-language", { value: t(`language-name-${v}`) }),
  });
}

/** The profile as a block of HTML lines, for the summary and /profile. */
export async function renderProfile(t: Translate, locale: string, catalogue: CatalogueService, p: ProfileInput): Promise<string> {
  const subjects = (await catalogue.subjects()).filter((s) => p.subjectCodes.includes(s.code)).map((s) => localName(s, locale));
  const grades = (await catalogue.grades()).filter((g) => p.gradeCodes.includes(g.code)).map((g) => localName(g, locale));
  const region = await catalogue.region(p.regionCode);
  return t("profile-card", {
    fullName: p.fullName,
    role: t(`role-${p.professionalRole}`),
    subjects: subjects.join(", "),
    grades: grades.join(", "),
    region: region ? localName(region, locale) : p.regionCode,
    city: p.city,
    organisation: p.organisation ?? trusted(`<i>${t("profile-not-set")}</i>`),
    experience: p.experienceYears,
    timezone: p.timezone,
    offset: utcOffsetLabel(p.timezone),
  });
}
