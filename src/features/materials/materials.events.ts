/** Domain events of the library (src/shared/domain-events.ts); ids only. */

/** What happened to a material that its author is told about. */
export type AuthorEvent = "approved" | "rejected" | "changes" | "unpublished" | "deleted" | "hidden";

declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /**
     * A moderator decided on a material (approved, rejected, sent back,
     * unpublished, deleted) or reports hid it: once per transition, after it
     * committed. The library slice tells the author.
     */
    "material.decided": { materialId: number; outcome: AuthorEvent; /** The moderator (absent when reports hid it). */ by?: number };
    /** The author took a published material out of the library (WITHDRAWN), after commit; groups take back its announcements. */
    "material.withdrawn": { materialId: number };
    /** A comment was added to a visible material; `byAuthor` when its author wrote it. */
    "material.comment-added": { materialId: number; commentId: number; byAuthor: boolean };
  }
}
