import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

/** Actions recorded in the audit log. Later features add theirs here. */
export type AuditAction =
  | "role.change"
  | "role.bootstrap"
  | "member.forget"
  | "material.approve"
  | "material.reject"
  | "material.changes"
  | "material.unpublish"
  | "material.delete"
  | "material.edit"
  | "comment.delete"
  | "report.dismiss"
  | "event.create"
  | "event.edit"
  | "event.cancel"
  | "event.recording"
  | "event.hours"
  | "event.checkin-annul"
  // Certificates (issue 12): details carry the document's number and code, and the reason.
  | "document.revoke"
  | "document.reissue"
  | "document.name-consent"
  | "settings.change"
  | "broadcast.create"
  | "broadcast.cancel"
  // Group moderation (issue 11): details carry the group, the target's Telegram id and name, the reason and an excerpt.
  | "group.warn"
  | "group.mute"
  | "group.unmute"
  | "group.ban"
  | "group.unban"
  | "group.flood-mute"
  | "group.report-decided"
  | "group.link"
  | "group.unlink"
  | "group.settings"
  // A moderator's Approve / Decline of a MANUAL group's join request: details carry the group and the requester's Telegram id.
  | "group.join-approve"
  | "group.join-decline"
  // Contests (issue 13): details carry the contest id (and the juror's member id as the target).
  | "contest.create"
  | "contest.dates"
  | "contest.cancel"
  | "contest.juror-add"
  | "contest.juror-remove"
  | "contest.chair"
  | "contest.remind"
  // Contests: an organiser removed an entry (details: contest, entry, its number, the reason; the author as the target).
  | "contest.entry-remove"
  // Contests (issue 13): the chair's order of tied entries and the confirmation of the results; details carry the contest.
  | "contest.tie-break"
  | "contest.confirm";

export interface AuditEntryView {
  id: bigint;
  action: string;
  createdAt: Date;
  actorId: number | null;
  actorName: string | null;
  targetMemberId: number | null;
  targetName: string | null;
  details: Prisma.JsonValue;
}

type Tx = Prisma.TransactionClient | PrismaClient;

export class AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  record(entry: { actorId: number | null; action: AuditAction; targetMemberId?: number | null; details?: Prisma.InputJsonValue }, tx: Tx = this.prisma) {
    return tx.auditLog.create({
      data: {
        actorId: entry.actorId,
        action: entry.action,
        targetMemberId: entry.targetMemberId ?? null,
        details: entry.details,
      },
    });
  }

  async page(page: number, pageSize: number): Promise<{ entries: AuditEntryView[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({
        orderBy: { id: "desc" },
        skip: page * pageSize,
        take: pageSize,
        include: {
          actor: { select: { profile: { select: { fullName: true } }, username: true } },
          target: { select: { profile: { select: { fullName: true } }, username: true } },
        },
      }),
      this.prisma.auditLog.count(),
    ]);
    return {
      total,
      entries: rows.map((r) => ({
        id: r.id,
        action: r.action,
        createdAt: r.createdAt,
        actorId: r.actorId,
        actorName: r.actor?.profile?.fullName ?? r.actor?.username ?? null,
        targetMemberId: r.targetMemberId,
        targetName: r.target?.profile?.fullName ?? r.target?.username ?? null,
        details: r.details,
      })),
    };
  }
}
