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
import { MaterialCardLinks } from "./materials.card-links.js";
import { materialsFeature, openMaterialLink, runSearch, showLibrary, showMine, showSearchHelp, startUpload } from "./materials.feature.js";
import { notifyAuthorProcessor, notifyCommentsProcessor } from "./materials.jobs.js";
import { materialsPersonalData } from "./materials.personal-data.js";
import { MaterialsRepository } from "./materials.repository.js";
import { MaterialsSearch } from "./materials.search.js";
import { SearchStates } from "./materials.search-state.js";
import { MaterialsService } from "./materials.service.js";
import { moderationFeature, startModeration } from "./moderation.feature.js";
import { matCb, modCb } from "./materials.keyboards.js";

export interface MaterialsServices {
  materialsRepository: MaterialsRepository;
  materials: MaterialsService;
  search: MaterialsSearch;
  /** Saved searches behind result lists' buttons (Redis, a day each). */
  searchStates: SearchStates;
  /** Extra buttons under a published card that later slices contribute ("Discuss in the group"). */
  materialCardLinks: MaterialCardLinks;
}

const notifyDeps = ({ api, translator, services }: FeatureDeps) => ({ api, translator, materials: services.materialsRepository, members: services.members });

/** The library: uploads, moderation, search, cards, comments and reports. */
export const materialsModule: FeatureModule<MaterialsServices, "materials.notify-author" | "materials.notify-comments"> = defineFeature({
  name: "materials",
  services: ({ prisma, redis, config, services, domainEvents }) => {
    const materialsRepository = new MaterialsRepository(prisma);
    const materials = new MaterialsService(materialsRepository, services.audit, services.catalogue, domainEvents);
    return {
      materialsRepository,
      materials,
      search: new MaterialsSearch({ databaseUrl: config.databaseUrl }),
      searchStates: new SearchStates(redis, config.redisPrefix),
      materialCardLinks: new MaterialCardLinks(),
    };
  },
  callbacks: [matCb, modCb],
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
  on: ({ queues, config }) => ({
    // The author is told through a job: it survives a restart and retries while Telegram is unreachable.
    // Each decision happens once (the status transition guards it), so no job id is needed.
    "material.decided": ({ materialId, outcome }) => queues.add("materials.notify-author", { materialId, event: outcome }),
    async "material.comment-added"({ materialId, byAuthor }) {
      if (byAuthor) return;
      // One notification per burst: the delayed job collects every comment not yet told.
      await queues.add("materials.notify-comments", { materialId }, { delay: config.commentNotifyDelayMs, deduplication: { id: `notify-comments-${materialId}` } });
    },
  }),
  jobs: {
    "materials.notify-author": { queue: QUEUES.notifications, processor: (deps) => notifyAuthorProcessor(notifyDeps(deps)) },
    "materials.notify-comments": { queue: QUEUES.notifications, processor: (deps) => notifyCommentsProcessor(notifyDeps(deps)) },
  },
  personalData: materialsPersonalData,
  close: (services) => services.search.close(),
});
