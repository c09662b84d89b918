import type { AuditRepository } from "../audit/audit.repository.js";
import type { MemberState } from "../members/members.types.js";
import type { PrivacyRepository } from "./privacy.repository.js";
import type { PersonalDataEntry } from "./privacy.types.js";

/**
 * /mydata and /forgetme over every slice's personal-data entry (see
 * the slices' `personalData` in src/features/index.ts): the export is the union of their sections, and
 * erasure runs in steps — stop what the member set in motion, purge Redis,
 * erase the rows in one transaction, purge Redis again.
 */
export class PrivacyService {
  constructor(
    private readonly entries: readonly PersonalDataEntry[],
    private readonly repository: PrivacyRepository,
    private readonly audit: AuditRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Everything stored about the member, as a plain JSON-ready object. */
  async export(member: MemberState): Promise<Record<string, unknown>> {
    const sections: Record<string, unknown> = { exportedAt: this.now().toISOString() };
    for (const entry of this.entries) Object.assign(sections, await entry.export(member.id, member));
    return sections;
  }

  /**
   * Erases the member's personal data. The member row stays, anonymised, so
   * that public contributions and anonymous counts keep an author to point at.
   * Safe to run again if a step failed: each step is idempotent.
   */
  async forget(member: MemberState): Promise<void> {
    for (const entry of this.entries) await entry.stop?.(member);
    // Redis first as well: if it is unreachable, erasure fails while the member can still ask again
    // (afterwards their Telegram id is gone and /forgetme would find nothing to erase).
    await this.purge(member);
    await this.repository.transaction(async (tx) => {
      for (const entry of this.entries) await entry.erase?.(member.id, tx);
      await this.audit.record({ actorId: member.id, action: "member.forget", targetMemberId: member.id }, tx);
    });
    // And after: keys written meanwhile (the update that asked for erasure counts in the rate limiter).
    await this.purge(member);
  }

  private async purge(member: MemberState): Promise<void> {
    for (const entry of this.entries) await entry.purge?.(member);
  }
}
