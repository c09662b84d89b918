import { auditPersonalData } from "../audit/audit.personal-data.js";
import { broadcastsPersonalData } from "../broadcasts/broadcasts.personal-data.js";
import { deliveryPersonalData } from "../delivery/delivery.personal-data.js";
import { digestsPersonalData } from "../digests/digests.personal-data.js";
import { eventsPersonalData } from "../events/events.personal-data.js";
import { materialsPersonalData } from "../materials/materials.personal-data.js";
import { membersPersonalData } from "../members/members.personal-data.js";
import { settingsPersonalData } from "../settings/settings.personal-data.js";
import type { PersonalDataDeclaration } from "./privacy.types.js";

/**
 * Every slice that stores personal data. A new model pointing at a member
 * makes test/integration/privacy-registry.test.ts fail until a slice here declares it.
 * The order is the order of the /mydata sections (and of the erasure steps,
 * which do not depend on each other).
 */
export const PERSONAL_DATA: readonly PersonalDataDeclaration[] = [
  membersPersonalData,
  materialsPersonalData,
  eventsPersonalData,
  broadcastsPersonalData,
  digestsPersonalData,
  deliveryPersonalData,
  settingsPersonalData,
  auditPersonalData,
];
