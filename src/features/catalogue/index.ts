import { defineFeature, type FeatureModule } from "../feature.js";

import { CatalogueRepository } from "./catalogue.repository.js";
import { CatalogueService } from "./catalogue.service.js";

/** What the catalogue slice gives the others. */
export interface CatalogueServices {
  catalogue: CatalogueService;
}

/** Subjects, grades and regions: the reference lists every questionnaire and filter uses. */
export const catalogueModule: FeatureModule<CatalogueServices> = defineFeature({
  name: "catalogue",
  services: ({ prisma }) => ({ catalogue: new CatalogueService(new CatalogueRepository(prisma)) }),
});
