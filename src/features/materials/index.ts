import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureDeps, type FeatureModule } from "../feature.js";

import {
  MATERIAL_COMMENT,
  MATERIAL_EDIT,
  MATERIAL_REPORT,
  MATERIAL_SEARCH,
  MATERIAL_UPLOAD,
  MODERATION_NOTE,
  createCommentConversation,
  createEditConversation,
  createModerationNoteConversation,
  createReportConversation,
  createSearchConversation,
  createUploadConversation,
} from "./materials.conversation.js";
import { materialsFeature, openMaterialLink, runSearch, showLibrary, showMine, showSearchHelp, startUpload } from "./materials.feature.js";
import { notifyAuthorProcessor, notifyCommentsProcessor } from "./materials.jobs.js";
import { materialsPersonalData } from "./materials.personal-data.js";
import { MaterialsRepository } from "./materials.repository.js";
import { MaterialsSearch } from "./materials.search.js";
import { SearchStates } from "./materials.search-state.js";
import { MaterialsService } from "./materials.service.js";
import { moderationFeature, startModeration } from "./moderation.feature.js";

export interface MaterialsServices {
  materialsRepository: MaterialsRepository;
  materials: MaterialsService;
  search: MaterialsSearch;
  /** Saved searches behind result lists' buttons (Redis, a day each). */
  searchStates: SearchStates;
}

const notifyDeps = ({ api, translator, services }: FeatureDeps) => ({ api, translator, materials: services.materialsRepository, members: services.members });

/** The library: uploads, moderation, search, cards, comments and reports. */
export const materialsModule: FeatureModule<MaterialsServices, "materials.notify-author" | "materials.notify-comments"> = defineFeature({
  name: "materials",
  services: ({ prisma, redis, config, queues, services }) => {
    const materialsRepository = new MaterialsRepository(prisma);
    const materials = new MaterialsService(materialsRepository, services.audit, services.catalogue, {
      async notifyAuthor(materialId, event) {
        // Each decision happens once (the status transition guards it), so no job id is needed.
        await queues.add("materials.notify-author", { materialId, event });
      },
      libraryChanged() {
        // Nothing to invalidate: the library counts are kept exact by triggers in PostgreSQL.
      },
      async commentAdded(materialId) {
        // One notification per burst: the delayed job collects every comment not yet told.
        await queues.add("materials.notify-comments", { materialId }, { delay: config.commentNotifyDelayMs, deduplication: { id: `notify-comments-${materialId}` } });
      },
    });
    return {
      materialsRepository,
      materials,
      search: new MaterialsSearch({ databaseUrl: config.databaseUrl }),
      searchStates: new SearchStates(redis, config.redisPrefix),
    };
  },
  composer: () => new Composer<BotContext>(materialsFeature(), moderationFeature()),
  conversations: {
    [MATERIAL_UPLOAD]: createUploadConversation,
    [MATERIAL_EDIT]: createEditConversation,
    [MATERIAL_COMMENT]: createCommentConversation,
    [MATERIAL_REPORT]: createReportConversation,
    [MODERATION_NOTE]: createModerationNoteConversation,
    [MATERIAL_SEARCH]: (deps) => createSearchConversation(deps, runSearch),
  },
  menu: { library: showLibrary, upload: startUpload, mymaterials: showMine, search: showSearchHelp, moderate: startModeration },
  deepLinks: { m: openMaterialLink },
  commands: { MEMBER: ["library", "search", "upload", "mymaterials"], MODERATOR: ["moderate"] },
  jobs: {
    "materials.notify-author": { queue: QUEUES.notifications, processor: (deps) => notifyAuthorProcessor(notifyDeps(deps)) },
    "materials.notify-comments": { queue: QUEUES.notifications, processor: (deps) => notifyCommentsProcessor(notifyDeps(deps)) },
  },
  personalData: materialsPersonalData,
  close: (services) => services.search.close(),
});
