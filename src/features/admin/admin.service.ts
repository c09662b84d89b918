import type { DomainEventPublisher } from "../../shared/domain-events.js";
import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { MembersRepository, MemberSearchHit } from "../members/members.repository.js";
import { MEMBER_ROLES, type MemberRole, type MemberState } from "../members/members.types.js";
import type {} from "./admin.events.js";

export const SEARCH_LIMIT = 10;
export const AUDIT_PAGE_SIZE = 10;

/** Admin actions on members. Every method checks the actor's role itself. */
export class AdminService {
  constructor(
    private readonly members: MembersRepository,
    private readonly audit: AuditRepository,
    private readonly adminIds: readonly bigint[],
    /** "member.role-changed" (admin.events.ts) after a role change committed: the member's menu follows it. */
    private readonly domainEvents: DomainEventPublisher,
  ) {}

  private assertAdmin(actor: MemberState | undefined): asserts actor is MemberState {
    if (!actor || actor.role !== "ADMIN") throw new ForbiddenError("admin-only");
  }

  async search(actor: MemberState | undefined, query: string): Promise<MemberSearchHit[]> {
    this.assertAdmin(actor);
    const q = query.trim();
    if (q.length === 0 || q.length > 100) throw new DomainError("admin-search-bad-query");
    return this.members.search(q, SEARCH_LIMIT);
  }

  async member(actor: MemberState | undefined, memberId: number): Promise<MemberSearchHit> {
    this.assertAdmin(actor);
    const hit = await this.members.hit(memberId);
    if (!hit || hit.deleted || hit.telegramId === null) throw new NotFoundError("admin-member-not-found");
    return hit;
  }

  /**
   * The roles an admin may give `target` from its card, and why there are
   * none: an admin cannot change their own role, and an ADMIN_IDS admin's role
   * is set in the configuration only. The card offers exactly these, so that
   * no button leads to a refusal; `changeRole` checks the same rules again.
   */
  roleChoices(actor: MemberState, target: MemberSearchHit): { roles: MemberRole[]; locked?: "admin-role-self" | "admin-role-configured" } {
    const locked = this.lockedReason(actor, target);
    return locked ? { roles: [], locked } : { roles: MEMBER_ROLES.filter((role) => role !== target.role) };
  }

  private lockedReason(actor: MemberState, target: MemberSearchHit): "admin-role-self" | "admin-role-configured" | undefined {
    if (target.id === actor.id) return "admin-role-self";
    // An ADMIN_IDS admin can only be ADMIN, which they already are.
    if (target.telegramId !== null && this.adminIds.includes(target.telegramId)) return "admin-role-configured";
    return undefined;
  }

  /** The member whose role the admin is about to change to `to`, once the change is known to be allowed. */
  async roleChangeTarget(actor: MemberState | undefined, memberId: number, to: MemberRole): Promise<MemberSearchHit> {
    this.assertAdmin(actor);
    const target = await this.member(actor, memberId);
    const locked = this.lockedReason(actor, target);
    if (locked && !(locked === "admin-role-configured" && to === "ADMIN")) throw new DomainError(locked);
    return target;
  }

  /**
   * Gives `memberId` the role `to`. `expectedFrom` is the role the admin saw on
   * the card: if someone changed it meanwhile, nothing happens and the admin is told.
   */
  async changeRole(actor: MemberState | undefined, memberId: number, expectedFrom: MemberRole, to: MemberRole): Promise<MemberSearchHit> {
    this.assertAdmin(actor);
    if (!MEMBER_ROLES.includes(to) || !MEMBER_ROLES.includes(expectedFrom)) throw new DomainError("errors-stale-button");
    const target = await this.member(actor, memberId);
    if (target.id === actor.id) throw new DomainError("admin-role-self");
    if (target.role !== expectedFrom) throw new DomainError("admin-role-changed-meanwhile");
    if (to === expectedFrom) return target;
    if (this.adminIds.includes(target.telegramId!) && to !== "ADMIN") throw new DomainError("admin-role-configured");
    const changed = await this.members.changeRole(memberId, expectedFrom, to, (tx) =>
      this.audit.record({ actorId: actor.id, action: "role.change", targetMemberId: memberId, details: { from: expectedFrom, to } }, tx),
    );
    if (!changed) throw new DomainError("admin-role-changed-meanwhile");
    await this.domainEvents.emit("member.role-changed", { memberId, role: to });
    return { ...target, role: to };
  }

  async auditPage(actor: MemberState | undefined, page: number) {
    this.assertAdmin(actor);
    return this.audit.page(page, AUDIT_PAGE_SIZE);
  }
}
