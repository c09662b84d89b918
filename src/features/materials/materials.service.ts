import { DomainError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { DomainEventPublisher } from "../../shared/domain-events.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { isStaff, type MemberState } from "../members/members.types.js";
import { checkGrades, type Checked } from "../members/profile.validation.js";
import type { MaterialsRepository } from "./materials.repository.js";
import { checkAttachment, checkDescription, checkTags, checkTitle } from "./materials.validation.js";
import type {} from "./materials.events.js";
import {
  COMMENT_MAX,
  MATERIAL_TYPES,
  MODERATOR_NOTE_MAX,
  REPORT_REASON_MAX,
  REPORTS_TO_HIDE,
  type AttachmentInput,
  type MaterialDraft,
  type MaterialStatus,
  type MaterialView,
} from "./materials.types.js";

export type Decision = "approve" | "reject" | "changes";

/** Statuses in which the author may still change a material. */
const AUTHOR_EDITABLE: readonly MaterialStatus[] = ["PENDING", "REJECTED", "CHANGES_REQUESTED"];
const ALL_STATUSES: readonly MaterialStatus[] = ["PENDING", "APPROVED", "REJECTED", "CHANGES_REQUESTED", "WITHDRAWN", "UNPUBLISHED"];

function unwrap<T>(c: Checked<T>): T {
  if (!c.ok) throw new DomainError(c.error);
  return c.value;
}

/** Whether a material is in the public library. */
export function isVisible(m: Pick<MaterialView, "status" | "hidden" | "deleted">): boolean {
  return m.status === "APPROVED" && !m.hidden && !m.deleted;
}

function requireRegistered(member: MemberState | undefined): asserts member is MemberState {
  if (!member?.registered) throw new DomainError("errors-not-registered");
}

/** Publishing rules of the library: who may do what to a material, and when. */
export class MaterialsService {
  constructor(
    private readonly materials: MaterialsRepository,
    private readonly audit: AuditRepository,
    private readonly catalogue: CatalogueService,
    /** "material.decided" and "material.comment-added" (materials.events.ts), after commit. */
    private readonly domainEvents: DomainEventPublisher,
  ) {}

  /** Validates every field of a draft (the handlers' checks are not trusted). */
  async validateDraft(draft: MaterialDraft): Promise<MaterialDraft> {
    if (!(await this.catalogue.subject(draft.subjectCode))) throw new DomainError("validation-subjects-empty");
    if (!MATERIAL_TYPES.includes(draft.type)) throw new DomainError("materials-type-bad");
    const grades = unwrap(checkGrades(await this.catalogue.normaliseGrades(draft.gradeCodes)));
    return {
      title: unwrap(checkTitle(draft.title)),
      description: unwrap(checkDescription(draft.description)),
      subjectCode: draft.subjectCode,
      gradeCodes: grades,
      type: draft.type,
      tags: unwrap(checkTags(draft.tags.join(" "))),
    };
  }

  async create(author: MemberState | undefined, draft: MaterialDraft, attachment: AttachmentInput): Promise<number> {
    requireRegistered(author);
    const clean = await this.validateDraft(draft);
    const file = unwrap(checkAttachment(attachment));
    return this.materials.create(author.id, clean, file);
  }

  private async load(id: number): Promise<MaterialView> {
    const m = await this.materials.find(id);
    if (!m || m.deleted) throw new NotFoundError("materials-not-found");
    return m;
  }

  /** A material as `viewer` may see it: the public library, or their own, or anything for staff. */
  async view(viewer: MemberState | undefined, id: number, options: { countView?: boolean } = {}): Promise<MaterialView> {
    const m = await this.load(id);
    const own = viewer?.id === m.authorId;
    if (!isVisible(m) && !own && !isStaff(viewer)) throw new NotFoundError("materials-not-found");
    if (options.countView && !own && isVisible(m)) await this.materials.incrementViews(id);
    return m;
  }

  /**
   * Delivers a material with `send` and counts the download (each member's
   * first) only once `send` has succeeded: a file Telegram refused is not a download.
   */
  async download(viewer: MemberState | undefined, id: number, send: (m: MaterialView) => Promise<void>): Promise<MaterialView> {
    requireRegistered(viewer);
    const m = await this.view(viewer, id);
    await send(m);
    if (isVisible(m) && viewer.id !== m.authorId) await this.materials.recordDownload(id, viewer.id);
    return m;
  }

  async rate(viewer: MemberState | undefined, id: number, value: number): Promise<{ average: number; count: number }> {
    requireRegistered(viewer);
    if (!Number.isInteger(value) || value < 1 || value > 5) throw new DomainError("materials-rating-bad");
    const m = await this.load(id);
    if (!isVisible(m)) throw new NotFoundError("materials-not-found");
    if (m.authorId === viewer.id) throw new DomainError("materials-rating-own");
    const { ratingSum, ratingCount } = await this.materials.rate(id, viewer.id, value);
    return { average: Math.round((ratingSum / ratingCount) * 10) / 10, count: ratingCount };
  }

  ratingOf(viewer: MemberState, id: number): Promise<number | undefined> {
    return this.materials.ratingOf(id, viewer.id);
  }

  /**
   * The material if `actor` may edit it now; throws what edit() would. Asked
   * before the new value is asked for, so a forged button is refused first.
   */
  async editable(actor: MemberState | undefined, id: number): Promise<MaterialView> {
    requireRegistered(actor);
    const m = await this.load(id);
    const staff = isStaff(actor);
    const own = m.authorId === actor.id;
    if (!own && !staff) throw new ForbiddenError("materials-not-yours");
    if (own && !staff && !AUTHOR_EDITABLE.includes(m.status)) throw new DomainError("materials-edit-locked");
    return m;
  }

  /** Author edits of pending/rejected materials (which go back to moderation), or staff edits of any. */
  async edit<K extends keyof MaterialDraft>(actor: MemberState | undefined, id: number, field: K, value: MaterialDraft[K]): Promise<MaterialView> {
    const m = await this.editable(actor, id);
    requireRegistered(actor);
    const staff = isStaff(actor);
    const own = m.authorId === actor.id;
    const merged = await this.validateDraft({ ...pickDraft(m), [field]: value });
    const patch = { [field]: merged[field] } as Partial<MaterialDraft>;
    const backToModeration = own && !staff && m.status !== "PENDING";
    const changed =
      staff && !own
        ? await this.materials.transition(id, ALL_STATUSES, patch, (tx) =>
            this.audit.record({ actorId: actor.id, action: "material.edit", targetMemberId: m.authorId, details: { materialId: id, field } }, tx),
          )
        : await this.materials.update(id, own && !staff ? AUTHOR_EDITABLE : ALL_STATUSES, {
            ...patch,
            ...(backToModeration ? { status: "PENDING", moderatorNote: null } : {}),
          });
    if (!changed) throw new DomainError("materials-changed-meanwhile");
    return this.load(id);
  }

  async withdraw(actor: MemberState | undefined, id: number): Promise<void> {
    requireRegistered(actor);
    const m = await this.load(id);
    if (m.authorId !== actor.id) throw new ForbiddenError("materials-not-yours");
    if (m.status === "WITHDRAWN") return;
    const ok = await this.materials.transition(
      id,
      ALL_STATUSES.filter((s) => s !== "WITHDRAWN"),
      { status: "WITHDRAWN" },
    );
    if (!ok) throw new DomainError("materials-changed-meanwhile");
    if (m.status === "APPROVED") await this.domainEvents.emit("material.withdrawn", { materialId: id });
  }

  /** Approve, reject or send back a pending material. The first decision wins; the second is told. */
  async decide(moderator: MemberState | undefined, id: number, decision: Decision, note?: string): Promise<void> {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    const m = await this.load(id);
    if (m.status !== "PENDING") throw new DomainError("materials-already-decided");
    if (m.authorId === moderator.id) throw new DomainError("materials-moderate-own");
    const text = note?.trim() ?? "";
    if (decision !== "approve" && text.length === 0) throw new DomainError("materials-reason-required");
    if (Array.from(text).length > MODERATOR_NOTE_MAX) throw new DomainError("materials-reason-long");
    const now = new Date();
    const status: MaterialStatus = decision === "approve" ? "APPROVED" : decision === "reject" ? "REJECTED" : "CHANGES_REQUESTED";
    const ok = await this.materials.transition(
      id,
      ["PENDING"],
      {
        status,
        moderatorNote: decision === "approve" ? null : text,
        moderatedById: moderator.id,
        moderatedAt: now,
        ...(decision === "approve" ? { publishedAt: now } : {}),
      },
      (tx) =>
        this.audit.record(
          { actorId: moderator.id, action: `material.${decision}` as const, targetMemberId: m.authorId, details: { materialId: id, ...(text ? { reason: text } : {}) } },
          tx,
        ),
    );
    if (!ok) throw new DomainError("materials-already-decided");
    await this.domainEvents.emit("material.decided", {
      materialId: id,
      outcome: decision === "approve" ? "approved" : decision === "reject" ? "rejected" : "changes",
      by: moderator.id,
    });
  }

  async unpublish(moderator: MemberState | undefined, id: number, reason: string): Promise<void> {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    const text = reason.trim();
    if (text.length === 0) throw new DomainError("materials-reason-required");
    if (Array.from(text).length > MODERATOR_NOTE_MAX) throw new DomainError("materials-reason-long");
    const m = await this.load(id);
    const ok = await this.materials.transition(id, ["APPROVED"], { status: "UNPUBLISHED", moderatorNote: text, hiddenAt: null }, (tx) =>
      this.audit.record({ actorId: moderator.id, action: "material.unpublish", targetMemberId: m.authorId, details: { materialId: id, reason } }, tx),
    );
    if (!ok) throw new DomainError("materials-already-decided");
    await this.domainEvents.emit("material.decided", { materialId: id, outcome: "unpublished", by: moderator.id });
  }

  async remove(moderator: MemberState | undefined, id: number): Promise<void> {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    const m = await this.load(id);
    const ok = await this.materials.softDelete(id, (tx) =>
      this.audit.record({ actorId: moderator.id, action: "material.delete", targetMemberId: m.authorId, details: { materialId: id } }, tx),
    );
    if (!ok) throw new DomainError("materials-already-decided");
    await this.domainEvents.emit("material.decided", { materialId: id, outcome: "deleted", by: moderator.id });
  }

  async nextForModeration(moderator: MemberState | undefined, skip: number[]) {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    return this.materials.nextPending(skip);
  }

  async comment(viewer: MemberState | undefined, id: number, text: string): Promise<number> {
    requireRegistered(viewer);
    const clean = text.normalize("NFC").replace(/\r\n?/g, "\n").trim();
    if (clean.length === 0) throw new DomainError("materials-comment-empty");
    if (Array.from(clean).length > COMMENT_MAX) throw new DomainError("materials-comment-long");
    const m = await this.load(id);
    if (!isVisible(m)) throw new NotFoundError("materials-not-found");
    const commentId = await this.materials.addComment(id, viewer.id, clean);
    await this.domainEvents.emit("material.comment-added", { materialId: id, commentId, byAuthor: m.authorId === viewer.id });
    return commentId;
  }

  async comments(viewer: MemberState | undefined, id: number, page: number, pageSize: number) {
    await this.view(viewer, id);
    return this.materials.comments(id, pageSize, page * pageSize);
  }

  async deleteComment(moderator: MemberState | undefined, commentId: number): Promise<void> {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    const comment = await this.materials.findComment(commentId);
    if (!comment) throw new DomainError("materials-comment-gone");
    const ok = await this.materials.deleteComment(commentId, moderator.id, (tx) =>
      this.audit.record(
        { actorId: moderator.id, action: "comment.delete", targetMemberId: comment.authorId, details: { materialId: comment.materialId, commentId } },
        tx,
      ),
    );
    if (!ok) throw new DomainError("materials-comment-gone");
  }

  /**
   * Whether `viewer` may report this material (or comment) now: asked before
   * the reason is, so a repeat report is told "already reported" first.
   */
  async reportable(viewer: MemberState | undefined, id: number, commentId: number | null): Promise<void> {
    requireRegistered(viewer);
    await this.checkReport(viewer, id, commentId);
    if (await this.materials.hasOpenReport(id, commentId, viewer.id)) throw new DomainError("materials-report-already");
  }

  private async checkReport(viewer: MemberState | undefined, id: number, commentId: number | null): Promise<MaterialView> {
    requireRegistered(viewer);
    const m = await this.load(id);
    if (!isVisible(m)) throw new NotFoundError("materials-not-found");
    if (commentId === null && m.authorId === viewer.id) throw new DomainError("materials-report-own");
    if (commentId !== null) {
      const comment = await this.materials.findComment(commentId);
      if (!comment || comment.materialId !== id) throw new DomainError("materials-comment-gone");
    }
    return m;
  }

  /**
   * A member reports a material (or a comment); three different members hide
   * a material, and its author is told.
   */
  async report(viewer: MemberState | undefined, id: number, commentId: number | null, reason: string): Promise<{ created: boolean; hidden: boolean }> {
    requireRegistered(viewer);
    const clean = reason.replace(/\s+/gu, " ").trim();
    if (clean.length === 0) throw new DomainError("materials-reason-required");
    if (Array.from(clean).length > REPORT_REASON_MAX) throw new DomainError("materials-reason-long");
    await this.checkReport(viewer, id, commentId);
    const { created, reporters } = await this.materials.report(id, commentId, viewer.id, clean);
    const hidden = commentId === null && reporters >= REPORTS_TO_HIDE;
    // Only the report that hid it tells the author (once per hiding).
    if (hidden && (await this.materials.hide(id))) await this.domainEvents.emit("material.decided", { materialId: id, outcome: "hidden" });
    return { created, hidden };
  }

  async openReports(moderator: MemberState | undefined, limit: number) {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    return this.materials.openReports(limit);
  }

  /** Dismisses the reports on a target (a hidden material comes back). */
  async dismissReports(moderator: MemberState | undefined, materialId: number, commentId: number | null): Promise<number> {
    if (!isStaff(moderator)) throw new ForbiddenError("materials-moderators-only");
    return this.materials.resolveReports(materialId, commentId, moderator.id, (tx) =>
      this.audit.record({ actorId: moderator.id, action: "report.dismiss", details: { materialId, commentId } }, tx),
    );
  }

  async mine(member: MemberState | undefined, page: number, pageSize: number) {
    requireRegistered(member);
    return this.materials.byAuthor(member.id, pageSize, page * pageSize);
  }
}

function pickDraft(m: MaterialView): MaterialDraft {
  return { title: m.title, description: m.description, subjectCode: m.subjectCode, gradeCodes: m.gradeCodes, type: m.type, tags: m.tags };
}
