import type { Translate } from "../../bot/i18n.js";
import { trusted } from "../../shared/html.js";
import { utcOffsetLabel } from "../../shared/time.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import type { ProfileInput } from "../members/members.types.js";

/** The profile as a block of HTML lines, for the registration summary and /profile. */
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
