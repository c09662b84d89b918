/**
 * Kinds of group announcements that later slices add (contests: "contest-open",
 * "contest-judging", "contest-results"). The groups slice comes before them in
 * src/features/index.ts and cannot import them, so they register here, while
 * their services are built (before any job runs): how to render what they
 * announce, which groups want it, which topic it goes to. Everything else is
 * the pipeline's own and unchanged: PENDING rows unique per group, kind and
 * ref; one job per group and window; the group's budget and lock; withdrawal,
 * refresh, the sweep and the reconciler.
 */
import type { Translate } from "../../bot/i18n.js";
import type { AnnouncementTopic, RenderedAnnouncement } from "./groups.announce.render.js";
import type { GroupView } from "./groups.types.js";

/** The kinds the groups slice announces itself. */
export const BUILT_IN_KINDS = ["material", "event"] as const;
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];

/** group_announcements.kind is VARCHAR(16). */
const KIND = /^[a-z][a-z0-9-]{0,15}$/;

/** What a slice tells the pipeline about a kind of its own. */
export interface AnnouncementKindSpec {
  /** The forum topic its posts go to. */
  topic: AnnouncementTopic;
  /** Whether the group takes this kind (its switch, e.g. `announceEvents`); asked when recording and again when posting. */
  wanted(group: GroupView): boolean;
  /**
   * Renders the things still to announce among `refIds` in the group's language (`t`); an id
   * left out of the map is no longer to announce (cancelled, moved on): its PENDING rows are
   * dropped, and a combined post being re-rendered leaves it out.
   */
  render(refIds: readonly number[], t: Translate, group: GroupView, botUsername: string): Promise<Map<number, RenderedAnnouncement>>;
  /** The heading of a combined post of `count` of them. */
  batch(t: Translate, count: number): string;
  /** The text a post is edited to when it is withdrawn too late to delete it (after 48 hours). */
  withdrawn(t: Translate): string;
  /** Of these announced refs, those whose posts should be taken back (the reconciler, after Redis lost a withdrawal job). */
  gone?(refIds: readonly number[]): Promise<number[]>;
}

/** The registry of registered kinds, shared by the recording service and the jobs that post. */
export class AnnouncementKinds {
  private readonly specs = new Map<string, AnnouncementKindSpec>();

  register(kind: string, spec: AnnouncementKindSpec): this {
    if (!KIND.test(kind)) throw new Error(`Bad announcement kind "${kind}" (a-z, 0-9 and -, at most 16)`);
    if ((BUILT_IN_KINDS as readonly string[]).includes(kind) || this.specs.has(kind)) throw new Error(`Announcement kind "${kind}" is taken`);
    this.specs.set(kind, spec);
    return this;
  }

  get(kind: string): AnnouncementKindSpec | undefined {
    return this.specs.get(kind);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }
}

export function isBuiltIn(kind: string): kind is BuiltInKind {
  return (BUILT_IN_KINDS as readonly string[]).includes(kind);
}
