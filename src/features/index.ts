import type { JobName, JobQueueMap } from "../jobs/definitions.js";
import type { FeatureModule, JobDefinition } from "./feature.js";
import { adminModule } from "./admin/index.js";
import { auditModule } from "./audit/index.js";
import { broadcastsModule } from "./broadcasts/index.js";
import { catalogueModule } from "./catalogue/index.js";
import { deliveryModule } from "./delivery/index.js";
import { digestsModule } from "./digests/index.js";
import { eventsModule } from "./events/index.js";
import { certificatesModule } from "./certificates/index.js";
import { contestsModule } from "./contests/index.js";
import { groupsModule } from "./groups/index.js";
import { languageModule } from "./language/index.js";
import { materialsModule } from "./materials/index.js";
import { membersModule } from "./members/index.js";
import { menuModule } from "./menu/index.js";
import { privacyModule } from "./privacy/index.js";
import { profileModule } from "./profile/index.js";
import { registrationModule } from "./registration/index.js";
import { settingsModule } from "./settings/index.js";
import { unhandledModule } from "./unhandled/index.js";

/**
 * Every slice of the product, in order. Adding a slice: its folder with an
 * `index.ts` exporting `defineFeature({...})`, and one line here.
 *
 * The order matters three ways: services are built in it (a slice's builder
 * may use the services of the slices above it); handlers run in it (the
 * unhandled slice is last); and the command menus list commands in it.
 */
export const FEATURES = [
  catalogueModule,
  auditModule,
  membersModule,
  deliveryModule,
  registrationModule,
  menuModule,
  materialsModule,
  eventsModule,
  digestsModule,
  profileModule,
  languageModule,
  adminModule,
  settingsModule,
  broadcastsModule,
  groupsModule,
  certificatesModule,
  contestsModule,
  privacyModule,
  unhandledModule,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ServicesOf<M> = M extends FeatureModule<infer S, infer _J> ? S : never;
type JobsOf<M> = M extends FeatureModule<infer _S, infer J> ? J : never;

/** Every slice's services, inferred from the builders above. */
export type AllServices = UnionToIntersection<ServicesOf<(typeof FEATURES)[number]>>;

declare module "../bot/context.js" {
  // The bot's context knows the services without importing any slice.
  interface Services extends AllServices {}
}
export type { Services } from "../bot/context.js";

/** Every slice's personal-data declaration (test/integration/privacy-registry.test.ts checks the schema against them). */
export const PERSONAL_DATA = FEATURES.flatMap((f) => (f.personalData ? [f.personalData] : []));

/** Every slice's repeatable jobs. */
export const SCHEDULES = FEATURES.flatMap((f) => f.schedules ?? []);

/**
 * Which queue each job goes to, from the slices' `jobs`. A job whose payload a
 * slice declared (JobPayloads) but whose module has no `jobs` entry for it
 * does not compile here.
 */
export const JOB_QUEUE = Object.fromEntries(
  FEATURES.flatMap((f) => Object.entries<JobDefinition<JobName>>(f.jobs ?? {}).map(([name, job]) => [name, job.queue])),
) as JobQueueMap;
type MissingJobs = Exclude<JobName, JobsOf<(typeof FEATURES)[number]>>;
export const everyJobHasAModule: [MissingJobs] extends [never] ? true : { jobsWithoutAModule: MissingJobs } = true;

/** Every job name. */
export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
