import type { FormTable } from "../../bot/form/run-form.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { askGrades } from "../profile/profile.form.js";
import { askDescription, askMaterialSubject, askMaterialType, askTags, askTitle } from "./materials.steps.js";
import type { MaterialDraft } from "./materials.types.js";

/**
 * The questions about a material, in the order an upload asks them; the
 * summary's buttons and the card's Edit ask one of them again.
 */
export function materialForm(opts: { catalogue: CatalogueService; ownSubjects: string[]; fileName?: string }): FormTable<MaterialDraft> {
  const { catalogue, ownSubjects, fileName } = opts;
  return [
    { key: "title", ask: (env) => askTitle(env, fileName) },
    { key: "description", ask: (env) => askDescription(env) },
    { key: "subjectCode", ask: (env) => askMaterialSubject(env, catalogue, ownSubjects) },
    { key: "gradeCodes", ask: (env, d) => askGrades(env, catalogue, d.gradeCodes ?? [], "materials-ask-grades") },
    { key: "type", ask: (env) => askMaterialType(env) },
    { key: "tags", ask: (env) => askTags(env) },
  ];
}
