/** Domain events of member administration (src/shared/domain-events.ts). */
import type { MemberRole } from "../members/members.types.js";

declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /** An admin gave a member another role (after it was saved and audited). */
    "member.role-changed": { memberId: number; role: MemberRole };
  }
}
