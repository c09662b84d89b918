/**
 * How a slice declares the personal data it stores (152-FZ: a member may get
 * all of it with /mydata and have it erased with /forgetme). Each slice has a
 * `<slice>.personal-data.ts` exporting one PersonalDataDeclaration; its module
 * (src/features/<slice>/index.ts) names it in `personalData`, and
 * test/integration/privacy-registry.test.ts walks the Prisma schema and fails when a model that points at a member (a
 * relation to Member, a member id or a Telegram id column) is declared by no
 * slice. So a new table with personal data cannot be forgotten silently.
 *
 * The `*.personal-data.ts` files are their slice's storage for this one
 * purpose (like a repository, they may use Prisma), so that a slice's personal
 * data is described, exported and erased in one place.
 */
import type { Prisma } from "../../generated/prisma/client.js";
import type { MemberState } from "../members/members.types.js";

/** A model of prisma/schema.prisma, by its Prisma name. */
export type ModelName = Prisma.ModelName;

export type Tx = Prisma.TransactionClient;

/** What one slice does for /mydata and /forgetme. */
export interface PersonalDataEntry {
  /** Sections of the /mydata file (JSON-ready), keyed by section name. */
  export(memberId: number, member: MemberState): Promise<Record<string, unknown>>;
  /**
   * Erasure, step 1: stops what the member set in motion (a scheduled
   * broadcast, a place at an event someone waits for) through the slice's own
   * services, so their rules and notices apply. Runs before the erasure
   * transaction; must be safe to run again after a failure.
   */
  stop?(member: MemberState): Promise<void>;
  /** Erasure, step 2: removes or anonymises the slice's rows, in the one erasure transaction. */
  erase?(memberId: number, tx: Tx): Promise<void>;
  /** Erasure, step 3, after the transaction committed: data outside PostgreSQL (Redis keys). */
  purge?(member: MemberState): Promise<void>;
}

/** `D`: what `build` gets (a slice's module passes its FeatureDeps: the platform and every slice's services). */
export interface PersonalDataDeclaration<D = never> {
  slice: string;
  /** Models whose personal data this slice exports and erases. */
  models: readonly ModelName[];
  /** Redis key patterns (after the prefix) holding a member's data, for the reader. */
  redisKeys?: readonly string[];
  build(deps: D): PersonalDataEntry;
}

/** Declares a slice's personal data (a typed identity, so `models` are checked against the schema). */
export function definePersonalData<D>(declaration: PersonalDataDeclaration<D>): PersonalDataDeclaration<D> {
  return declaration;
}

/** ISO time or null, for export sections. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
