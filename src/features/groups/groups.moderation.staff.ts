import type { MembersRepository } from "../members/members.repository.js";

/**
 * The Telegram ids of the community's staff (moderators and admins), in
 * memory: the hot path asks it only when a message would be screened out
 * (staff are never screened), so the first violation loads it once and a role
 * change (`member.role-changed`) makes the next one load it again.
 */
export class StaffIds {
  private ids: Promise<Set<bigint>> | undefined;

  constructor(
    private readonly members: Pick<MembersRepository, "telegramIdsWithRoles">,
    private readonly configuredAdmins: readonly bigint[],
  ) {}

  async has(telegramId: bigint): Promise<boolean> {
    if (this.configuredAdmins.includes(telegramId)) return true;
    if (!this.ids) {
      const loading = this.members.telegramIdsWithRoles(["MODERATOR", "ADMIN"]).then((rows) => new Set(rows.map((r) => r.telegramId)));
      this.ids = loading;
      // A failed load is not remembered.
      loading.catch(() => {
        if (this.ids === loading) this.ids = undefined;
      });
    }
    return (await this.ids).has(telegramId);
  }

  invalidate(): void {
    this.ids = undefined;
  }
}
