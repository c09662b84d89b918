import { DomainError } from "../../shared/errors.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { MemberState } from "../members/members.types.js";

/** /mydata and /forgetme: what the bot stores about a member, and erasing it. */
export class PrivacyService {
  constructor(
    private readonly members: MembersRepository,
    private readonly audit: AuditRepository,
    private readonly afterForget: Array<(member: MemberState) => Promise<void>> = [],
  ) {}

  /** Everything stored about the member, as a plain JSON-ready object. */
  async export(member: MemberState): Promise<Record<string, unknown>> {
    const row = await this.members.exportData(member.id);
    if (!row) throw new DomainError("errors-not-found");
    const auditEntries = await this.audit.forMember(member.id);
    const p = row.profile;
    return {
      exportedAt: new Date().toISOString(),
      member: {
        id: row.id,
        telegramId: row.telegramId?.toString() ?? null,
        username: row.username,
        role: row.role,
        language: row.locale,
        active: row.isActive,
        consent: { status: row.consentStatus, version: row.consentVersion, at: row.consentAt?.toISOString() ?? null },
        registeredAt: row.registeredAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      },
      profile: p
        ? {
            fullName: p.fullName,
            professionalRole: p.professionalRole,
            subjects: p.subjects.map((s) => ({ code: s.subjectCode, name: s.subject.nameRu })),
            grades: p.grades.map((g) => ({ code: g.gradeCode, name: g.grade.nameRu })),
            region: { code: p.regionCode, name: p.region.nameRu },
            city: p.city,
            organisation: p.organisation,
            experienceYears: p.experienceYears,
            timezone: p.timezone,
          }
        : null,
      materials: row.materials.map((m) => ({ id: m.id, title: m.title, status: m.status, createdAt: m.createdAt.toISOString(), deleted: m.deletedAt !== null })),
      ratings: row.ratings.map((r) => ({ materialId: r.materialId, value: r.value, at: r.updatedAt.toISOString() })),
      downloads: row.downloads.map((d) => ({ materialId: d.materialId, at: d.createdAt.toISOString() })),
      comments: row.comments.map((c) => ({ id: c.id, materialId: c.materialId, text: c.text, at: c.createdAt.toISOString(), deleted: c.deletedAt !== null })),
      reports: row.reports.map((r) => ({ materialId: r.materialId, commentId: r.commentId, reason: r.reason, at: r.createdAt.toISOString(), resolved: r.resolvedAt !== null })),
      deliveries: row.deliveries.map((d) => ({ kind: d.kind, ref: d.refId, status: d.status, at: d.createdAt.toISOString(), sentAt: d.sentAt?.toISOString() ?? null })),
      // Empty lists: the digest follows the profile's subjects and grades.
      digestSubscription: row.digest
        ? {
            frequency: row.digest.frequency,
            subjects: row.digest.subjectCodes,
            grades: row.digest.gradeCodes,
            lastDigestWindowEnd: row.digest.lastDigestAt?.toISOString() ?? null,
            nextDueAt: row.digest.nextDueAt?.toISOString() ?? null,
            createdAt: row.digest.createdAt.toISOString(),
            updatedAt: row.digest.updatedAt.toISOString(),
          }
        : null,
      auditLog: auditEntries.map((e) => ({
        action: e.action,
        at: e.createdAt.toISOString(),
        byMe: e.actorId === member.id,
        aboutMe: e.targetMemberId === member.id,
        details: e.details,
      })),
    };
  }

  /** Erases personal data; the member row stays as "deleted member" for public contributions. */
  async forget(member: MemberState): Promise<void> {
    await this.members.forget(member.id, (tx) =>
      this.audit.record({ actorId: member.id, action: "member.forget", targetMemberId: member.id }, tx),
    );
    for (const hook of this.afterForget) await hook(member);
  }
}
