/** Domain events of profiles (src/shared/domain-events.ts); ids only, never the values. */
import type { ProfileField } from "../members/members.types.js";

declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /** A registered member changed one field of their profile (after it was saved). */
    "profile.changed": { memberId: number; field: ProfileField };
    /** A member finished registering (after the member and profile were saved): the groups let them in. */
    "member.registered": { memberId: number };
  }
}
