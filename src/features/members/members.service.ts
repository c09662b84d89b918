import type { MembersRepository } from "./members.repository.js";
import type { MemberState } from "./members.types.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import { isLocale } from "../../shared/locale.js";

/** Who the sender is, their language, and whether they can be reached. */
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly audit: AuditRepository,
    private readonly adminIds: readonly bigint[],
  ) {}

  find(telegramId: bigint): Promise<MemberState | undefined> {
    return this.members.findState(telegramId);
  }

  /** Keeps the stored @username fresh without writing on every update. */
  async touchUsername(member: MemberState, username: string | undefined): Promise<void> {
    const next = username ?? null;
    if (member.username !== next) await this.members.setUsername(member.id, next);
  }

  async setLocale(member: MemberState, locale: string): Promise<void> {
    if (!isLocale(locale)) throw new Error(`Unsupported locale ${locale}`);
    await this.members.setLocale(member.id, locale);
  }

  /** Keeps only the Telegram id and the refusal (152-FZ: nothing else without consent). */
  recordRefusal(telegramId: bigint, at: Date): Promise<void> {
    return this.members.recordRefusal(telegramId, at);
  }

  /** A member blocked (false) or unblocked (true) the bot. */
  setReachable(telegramId: bigint, reachable: boolean): Promise<boolean> {
    return this.members.setActiveByTelegramId(telegramId, reachable);
  }

  /** Gives ADMIN_IDS the admin role (recorded in the audit log when it changes anything). */
  async bootstrapAdmins(): Promise<void> {
    const changed = await this.members.bootstrapAdmins(this.adminIds);
    for (const id of changed) {
      await this.audit.record({ actorId: null, action: "role.bootstrap", targetMemberId: id, details: { to: "ADMIN", source: "ADMIN_IDS" } });
    }
  }

  isConfiguredAdmin(telegramId: bigint | null): boolean {
    return telegramId !== null && this.adminIds.includes(telegramId);
  }
}
