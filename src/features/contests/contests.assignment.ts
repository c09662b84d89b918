/**
 * Who reviews which entry: the pure assignment policy of contests. No I/O;
 * ContestJudging (contests.judging.ts) reads the rows, calls
 * {@link assignReviews} and inserts what it returns.
 *
 * The rules (issue 13, "Judging"):
 * - every entry gets `reviewsPerEntry` active reviews (ASSIGNED or SUBMITTED);
 * - a juror never gets their own entry, nor one whose author's school is theirs
 *   ({@link schoolKey}: both known and equal), nor an entry they already have a
 *   row for — in particular one they declared a conflict on (CONFLICT rows stay);
 * - no juror gets more than the cap; loads are as even as possible;
 * - incremental: existing rows are kept as they are and only what is missing is
 *   added, so the same call serves the first assignment, jurors added later and
 *   a declared conflict (the entry is one review short again).
 *
 * How it works. This is a b-matching (entries need `need` jurors each, jurors
 * take up to `cap − load` entries each, over the eligible pairs). A greedy pass
 * handles the most constrained entries first (fewest eligible jurors) and gives
 * each the least loaded eligible jurors, which alone keeps max − min load ≤ 1
 * when nothing constrains the choice. What the greedy pass leaves uncovered is
 * then filled with augmenting paths (a new juror takes the entry, handing one of
 * their new entries to another juror, … until one with room): that is the
 * Ford–Fulkerson step, so the result covers as much as any assignment under
 * the cap can. A search that fails marks what it visited as dead for this cap
 * (Kuhn's lemma: no later augmentation can revive it), so impossible entries
 * cost one pass over the graph, not one each.
 * With no cap given, the cap starts at the smallest even one,
 * ceil(total active reviews / jurors), and is raised step by step only while
 * some uncovered entry can reach a juror who is merely full; each step goes to
 * the smallest cap that could help (a lower bound of the cap that covers
 * everything, so it is never overshot, and a skewed jury costs a few steps,
 * not one per review). The effective cap is returned so the organisers see it.
 *
 * Deterministic: the same input (in any order) gives the same output; ties
 * between equally loaded jurors are broken by a hash of (entry, juror), so
 * co-reviewers vary instead of the same three jurors meeting on every entry.
 *
 * Rows of jurors no longer on the jury: a SUBMITTED one still counts for its
 * entry (the work was done), an ASSIGNED one does not (nobody will do it).
 */
import { foldLetters } from "../../shared/input-words.js";

export type ReviewRowStatus = "ASSIGNED" | "SUBMITTED" | "CONFLICT";

export interface AssignEntry {
  id: number;
  authorId: number;
  /** {@link schoolKey} of the author's profile. */
  school: string | null;
}

export interface AssignJuror {
  id: number;
  school: string | null;
}

export interface ReviewPair {
  entryId: number;
  jurorId: number;
}

export interface ExistingReview extends ReviewPair {
  status: ReviewRowStatus;
}

export interface AssignInput {
  entries: readonly AssignEntry[];
  jurors: readonly AssignJuror[];
  reviewsPerEntry: number;
  /** At most this many active reviews per juror; null: the smallest even cap that covers everything. */
  cap: number | null;
  existing: readonly ExistingReview[];
}

export interface Shortfall {
  entryId: number;
  missing: number;
}

export interface AssignResult {
  /** The new pairs only, by entry then juror. */
  assignments: ReviewPair[];
  /** Entries still short of reviewers (no eligible juror with room is left), by entry. */
  shortfall: Shortfall[];
  /** The cap that applied: the given one, or the computed (and possibly raised) one. */
  cap: number;
  /** Active reviews per juror after this run (existing + new), for every juror. */
  loads: Map<number, number>;
}

const FREE = 0;
const HAS_ROW = 1;
const NEW = 2;
const INELIGIBLE = 3;

/**
 * A normalised key of a school, so that «МБОУ "СОШ № 5"» in Казань and
 * «мбоу сош №5» in казань are the same school: lower case, ё → е, quotes, №
 * and punctuation dropped, letters and digits split ("сош5" = "сош 5"),
 * spaces collapsed; the city is part of the key (School No. 5 exists in every
 * town). Null when there is no organisation: unknown never conflicts.
 */
export function schoolKey(organisation: string | null | undefined, city: string | null | undefined): string | null {
  const org = normaliseName(organisation ?? "");
  if (org === "") return null;
  return `${org}|${normaliseName(city ?? "")}`;
}

function normaliseName(text: string): string {
  return foldLetters(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2")
    .trim()
    .replace(/ +/g, " ");
}

/** A cheap deterministic mix of two ids (tie-break between equally loaded jurors). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b ^ 0xc2b2ae35, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** Assigns what is missing; see the header of this module for the rules. */
export function assignReviews(input: AssignInput): AssignResult {
  const rpe = Math.max(0, Math.floor(input.reviewsPerEntry));
  const entries = uniqueById(input.entries);
  const jurors = uniqueById(input.jurors);
  const E = entries.length;
  const J = jurors.length;
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const jurorIndex = new Map(jurors.map((j, i) => [j.id, i]));

  // state[e * J + j]: FREE (eligible, no row), HAS_ROW (any existing row), NEW (assigned in this run), INELIGIBLE.
  const state = new Uint8Array(E * J);
  for (let e = 0; e < E; e++) {
    const entry = entries[e]!;
    for (let j = 0; j < J; j++) {
      const juror = jurors[j]!;
      if (juror.id === entry.authorId || (entry.school !== null && entry.school === juror.school)) state[e * J + j] = INELIGIBLE;
    }
  }
  const active = new Int32Array(E);
  const load = new Int32Array(J);
  for (const row of input.existing) {
    const e = entryIndex.get(row.entryId);
    if (e === undefined) continue;
    const j = jurorIndex.get(row.jurorId);
    if (j !== undefined) state[e * J + j] = HAS_ROW;
    if (row.status === "SUBMITTED" || (row.status === "ASSIGNED" && j !== undefined)) {
      active[e]!++;
      if (j !== undefined) load[j]!++;
    }
  }

  const need = new Int32Array(E);
  let totalActive = 0;
  for (let e = 0; e < E; e++) {
    need[e] = Math.max(0, rpe - active[e]!);
    totalActive += active[e]! + need[e]!;
  }
  let cap = input.cap !== null ? Math.max(0, Math.floor(input.cap)) : J === 0 ? 0 : Math.ceil(totalActive / J);
  const raisable = input.cap === null && J > 0;

  // New assignments per juror (the entries an augmenting path may move on).
  const given: Set<number>[] = Array.from({ length: J }, () => new Set<number>());
  const assign = (e: number, j: number) => {
    state[e * J + j] = NEW;
    given[j]!.add(e);
    load[j]!++;
    need[e]!--;
  };
  const unassign = (e: number, j: number) => {
    state[e * J + j] = FREE;
    given[j]!.delete(e);
    load[j]!--;
    need[e]!++;
  };

  // Greedy pass: most constrained first, least loaded jurors (hash breaks ties).
  const eligible = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    let n = 0;
    for (let j = 0; j < J; j++) if (state[e * J + j] === FREE) n++;
    eligible[e] = n;
  }
  const order = [...Array(E).keys()].filter((e) => need[e]! > 0);
  order.sort((a, b) => eligible[a]! - eligible[b]! || need[b]! - need[a]! || entries[a]!.id - entries[b]!.id);
  for (const e of order) {
    const entryId = entries[e]!.id;
    while (need[e]! > 0) {
      let best = -1;
      let bestLoad = 0;
      let bestMix = 0;
      for (let j = 0; j < J; j++) {
        if (state[e * J + j] !== FREE || load[j]! >= cap) continue;
        const l = load[j]!;
        if (best >= 0 && l > bestLoad) continue;
        const m = mix(entryId, jurors[j]!.id);
        if (best < 0 || l < bestLoad || m < bestMix || (m === bestMix && j < best)) {
          best = j;
          bestLoad = l;
          bestMix = m;
        }
      }
      if (best < 0) break;
      assign(e, best);
    }
  }

  // Augmenting paths for what the greedy pass left uncovered.
  const deadEntry = new Uint8Array(E);
  const deadJuror = new Uint8Array(J);
  const seenEntry = new Int32Array(E); // visit stamp per search
  const seenJuror = new Int32Array(J);
  const parentOfJuror = new Int32Array(J); // the entry from which a juror was reached
  const parentOfEntry = new Int32Array(E); // the juror an entry is taken from
  let stamp = 0;

  /** One augmenting path from entry `root`; false (and marks the visited part dead) when there is none. */
  const augment = (root: number): boolean => {
    stamp++;
    const queue: number[] = [root];
    seenEntry[root] = stamp;
    const visitedEntries: number[] = [root];
    const visitedJurors: number[] = [];
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head]!;
      // A juror with room straight from x: take the least loaded one.
      let end = -1;
      for (let j = 0; j < J; j++) {
        if (state[x * J + j] !== FREE || deadJuror[j] || seenJuror[j] === stamp) continue;
        if (load[j]! < cap && (end < 0 || load[j]! < load[end]!)) end = j;
      }
      if (end >= 0) {
        parentOfJuror[end] = x;
        let j = end;
        for (;;) {
          const y = parentOfJuror[j]!;
          assign(y, j);
          if (y === root) return true;
          const from = parentOfEntry[y]!;
          unassign(y, from);
          j = from;
        }
      }
      for (let j = 0; j < J; j++) {
        if (state[x * J + j] !== FREE || deadJuror[j] || seenJuror[j] === stamp) continue;
        seenJuror[j] = stamp;
        parentOfJuror[j] = x;
        visitedJurors.push(j);
        for (const y of [...given[j]!].sort((a, b) => a - b)) {
          if (deadEntry[y] || seenEntry[y] === stamp) continue;
          seenEntry[y] = stamp;
          parentOfEntry[y] = j;
          visitedEntries.push(y);
          queue.push(y);
        }
      }
    }
    for (const y of visitedEntries) deadEntry[y] = 1;
    for (const j of visitedJurors) deadJuror[j] = 1;
    return false;
  };

  for (;;) {
    for (const e of order) while (need[e]! > 0 && !deadEntry[e] && augment(e));
    // Raise the cap only if an uncovered entry reached a juror who is merely full.
    // The dead part is closed: its entries can only be served by its jurors, who are all full.
    // The next cap is the smallest that could change that, never past the smallest that covers
    // it: one more than the least loaded of them (cap + 1 unless existing rows took them past
    // the cap), and at least their work shared out evenly (current loads + what is missing).
    let lowestFull = -1;
    let deadJurors = 0;
    let work = 0;
    for (let j = 0; j < J; j++) {
      if (!deadJuror[j]) continue;
      deadJurors++;
      work += load[j]!;
      if (lowestFull < 0 || load[j]! < lowestFull) lowestFull = load[j]!;
    }
    if (!raisable || deadJurors === 0 || !order.some((e) => need[e]! > 0)) break;
    for (let e = 0; e < E; e++) if (deadEntry[e]) work += need[e]!;
    cap = Math.max(cap + 1, lowestFull + 1, Math.ceil(work / deadJurors));
    deadEntry.fill(0);
    deadJuror.fill(0);
  }

  const assignments: ReviewPair[] = [];
  const shortfall: Shortfall[] = [];
  const byId = [...Array(E).keys()].sort((a, b) => entries[a]!.id - entries[b]!.id);
  const jurorsById = [...Array(J).keys()].sort((a, b) => jurors[a]!.id - jurors[b]!.id);
  for (const e of byId) {
    for (const j of jurorsById) if (state[e * J + j] === NEW) assignments.push({ entryId: entries[e]!.id, jurorId: jurors[j]!.id });
    if (need[e]! > 0) shortfall.push({ entryId: entries[e]!.id, missing: need[e]! });
  }
  const loads = new Map<number, number>();
  for (const j of jurorsById) loads.set(jurors[j]!.id, load[j]!);
  return { assignments, shortfall, cap, loads };
}

function uniqueById<T extends { id: number }>(items: readonly T[]): T[] {
  const seen = new Map<number, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

export type AssignmentRule = "own-entry" | "same-school" | "repeat" | "not-a-juror" | "unknown-entry" | "over-cap" | "short";

export interface AssignmentViolation {
  rule: AssignmentRule;
  entryId?: number;
  jurorId?: number;
  /** over-cap: the juror's load; short: reviews missing. */
  count?: number;
}

/**
 * Every broken rule of an assignment: `existing` rows of the input plus `added`
 * (as ASSIGNED). Used by the tests and by the benchmark on what is in the
 * database (pass the rows as `added` and no `existing` there, so the cap is
 * checked for everyone). "over-cap" is reported for jurors who got an added row
 * while their load exceeds `cap`; "short" for entries with fewer active reviews
 * than `reviewsPerEntry` (expected where assignReviews reported a shortfall).
 */
export function checkAssignment(input: AssignInput, added: readonly ReviewPair[], cap: number | null): AssignmentViolation[] {
  const violations: AssignmentViolation[] = [];
  const entries = new Map(input.entries.map((e) => [e.id, e]));
  const jurors = new Map(input.jurors.map((j) => [j.id, j]));
  const rows: ExistingReview[] = [...input.existing, ...added.map((p) => ({ ...p, status: "ASSIGNED" as const }))];
  const pairs = new Set<string>();
  const active = new Map<number, number>();
  const load = new Map<number, number>();
  const gotNew = new Set(added.map((p) => p.jurorId));
  rows.forEach((row, i) => {
    const isAdded = i >= input.existing.length;
    const key = `${row.entryId}:${row.jurorId}`;
    if (pairs.has(key)) violations.push({ rule: "repeat", entryId: row.entryId, jurorId: row.jurorId });
    pairs.add(key);
    const entry = entries.get(row.entryId);
    const juror = jurors.get(row.jurorId);
    if (!entry) {
      if (isAdded) violations.push({ rule: "unknown-entry", entryId: row.entryId, jurorId: row.jurorId });
      return;
    }
    if (!juror && isAdded) violations.push({ rule: "not-a-juror", entryId: row.entryId, jurorId: row.jurorId });
    if (row.status === "CONFLICT") return;
    if (row.status === "ASSIGNED" && !juror) return;
    active.set(row.entryId, (active.get(row.entryId) ?? 0) + 1);
    load.set(row.jurorId, (load.get(row.jurorId) ?? 0) + 1);
    if (entry.authorId === row.jurorId) violations.push({ rule: "own-entry", entryId: row.entryId, jurorId: row.jurorId });
    if (juror && entry.school !== null && entry.school === juror.school) violations.push({ rule: "same-school", entryId: row.entryId, jurorId: row.jurorId });
  });
  if (cap !== null) {
    for (const [jurorId, n] of load) if (n > cap && gotNew.has(jurorId)) violations.push({ rule: "over-cap", jurorId, count: n });
  }
  for (const entry of entries.values()) {
    const missing = input.reviewsPerEntry - (active.get(entry.id) ?? 0);
    if (missing > 0) violations.push({ rule: "short", entryId: entry.id, count: missing });
  }
  return violations;
}
