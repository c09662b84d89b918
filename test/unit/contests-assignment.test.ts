// The assignment policy of contest reviews (contests.assignment.ts): every rule,
// checked with checkAssignment as well as by hand.
import { describe, expect, it } from "vitest";
import { assignReviews, checkAssignment, schoolKey, type AssignInput, type ExistingReview } from "../../src/features/contests/contests.assignment.js";

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

/** `entries` entries by authors 1001…, `jurors` jurors 1…, nobody with a school. */
function plain(entries: number, jurors: number, extra: Partial<AssignInput> = {}): AssignInput {
  return {
    entries: range(entries).map((id) => ({ id, authorId: 1000 + id, school: null })),
    jurors: range(jurors).map((id) => ({ id, school: null })),
    reviewsPerEntry: 3,
    cap: null,
    existing: [],
    ...extra,
  };
}

const spread = (loads: Map<number, number>) => Math.max(...loads.values()) - Math.min(...loads.values());

describe("schoolKey", () => {
  it("treats spelling variants of one school in one city as the same school", () => {
    const key = schoolKey("МБОУ «СОШ № 5»", "Казань");
    expect(key).not.toBeNull();
    expect(schoolKey("мбоу сош №5", "казань")).toBe(key);
    expect(schoolKey('  МБОУ "СОШ №5"  ', "  Казань ")).toBe(key);
    expect(schoolKey("МБОУ СОШ5", "КАЗАНЬ")).toBe(key);
    expect(schoolKey("Лицей «Ёлочка»", "Москва")).toBe(schoolKey("лицей елочка", "москва"));
  });

  it("keeps different schools and the same school in different cities apart", () => {
    expect(schoolKey("МБОУ СОШ № 5", "Казань")).not.toBe(schoolKey("МБОУ СОШ № 15", "Казань"));
    expect(schoolKey("МБОУ СОШ № 5", "Казань")).not.toBe(schoolKey("МБОУ СОШ № 5", "Самара"));
  });

  it("is null without an organisation, so an unknown school never conflicts", () => {
    expect(schoolKey(null, "Казань")).toBeNull();
    expect(schoolKey("  «» № ", "Казань")).toBeNull();
    expect(schoolKey("Гимназия 1", null)).toBe(schoolKey("гимназия 1", ""));
  });
});

describe("assignReviews", () => {
  it("gives every entry its reviews, evenly, under the smallest even cap", () => {
    const input = plain(10, 7);
    const result = assignReviews(input);
    expect(result.cap).toBe(5); // ceil(30 / 7)
    expect(result.assignments).toHaveLength(30);
    expect(result.shortfall).toEqual([]);
    expect(spread(result.loads)).toBeLessThanOrEqual(1);
    expect(checkAssignment(input, result.assignments, result.cap)).toEqual([]);
  });

  it("keeps max − min load ≤ 1 on a large unconstrained contest", () => {
    const input = plain(2000, 100);
    const result = assignReviews(input);
    expect(result.cap).toBe(60);
    expect(spread(result.loads)).toBeLessThanOrEqual(1);
    expect(checkAssignment(input, result.assignments, result.cap)).toEqual([]);
  });

  it("never gives a juror their own entry", () => {
    // Juror 1 wrote entries 1 and 2; three jurors, three reviews: only 2 and 3 are left for those entries.
    const input: AssignInput = { ...plain(4, 3), entries: [1, 2, 3, 4].map((id) => ({ id, authorId: id <= 2 ? 1 : 500, school: null })) };
    const result = assignReviews(input);
    expect(result.assignments.filter((a) => a.jurorId === 1 && a.entryId <= 2)).toEqual([]);
    expect(result.shortfall).toEqual([
      { entryId: 1, missing: 1 },
      { entryId: 2, missing: 1 },
    ]);
    expect(checkAssignment(input, result.assignments, result.cap).filter((v) => v.rule !== "short")).toEqual([]);
  });

  it("never gives a juror an entry from their own school", () => {
    const kazan5 = schoolKey("МБОУ «СОШ № 5»", "Казань");
    const input: AssignInput = {
      entries: range(6).map((id) => ({ id, authorId: 100 + id, school: id % 2 === 0 ? kazan5 : null })),
      jurors: [
        { id: 1, school: schoolKey("мбоу сош №5", "казань") },
        { id: 2, school: null },
        { id: 3, school: schoolKey("Гимназия 2", "Казань") },
        { id: 4, school: null },
      ],
      reviewsPerEntry: 3,
      cap: null,
      existing: [],
    };
    const result = assignReviews(input);
    expect(result.shortfall).toEqual([]);
    expect(result.assignments.filter((a) => a.jurorId === 1 && a.entryId % 2 === 0)).toEqual([]);
    expect(checkAssignment(input, result.assignments, result.cap)).toEqual([]);
  });

  it("covers as many reviews as any assignment under the cap could (compared with a max flow)", () => {
    // Small random contests with tight caps and many exclusions.
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 500; round++) {
      const entryCount = 2 + random(12);
      const jurorCount = 1 + random(6);
      const input: AssignInput = {
        entries: range(entryCount).map((id) => ({ id, authorId: random(3) === 0 ? random(jurorCount) + 1 : 100 + id, school: random(2) === 0 ? `s${random(3)}` : null })),
        jurors: range(jurorCount).map((id) => ({ id, school: random(2) === 0 ? `s${random(3)}` : null })),
        reviewsPerEntry: 1 + random(3),
        cap: 1 + random(3),
        existing: [],
      };
      const result = assignReviews(input);
      const best = maxCoverage(input);
      expect(result.assignments.length, `round ${round}`).toBe(best);
      expect(
        checkAssignment(input, result.assignments, input.cap).filter((v) => v.rule !== "short"),
        `round ${round}`,
      ).toEqual([]);
    }
  });

  it("repairs what the greedy pass gets wrong on a cycle of exclusions", () => {
    // Four entries, four jurors, cap 1, each entry open to two jurors in a cycle (a: 1-2,
    // b: 2-3, c: 3-4, d: 4-1). Whether the greedy pass picks well depends on the hash of the
    // ids; over many id sets some go wrong (a→1, b→3, c→4 leaves d nobody) and the augmenting
    // path must move them.
    for (let offset = 0; offset < 60; offset++) {
      const id = (n: number) => offset * 10 + n;
      const open: Record<number, number[]> = { 1: [1, 2], 2: [2, 3], 3: [3, 4], 4: [4, 1] };
      // The other pairs are closed by conflicts the jurors declared.
      const existing: ExistingReview[] = [];
      for (const e of [1, 2, 3, 4]) for (const j of [1, 2, 3, 4]) if (!open[e]!.includes(j)) existing.push({ entryId: id(e), jurorId: id(j), status: "CONFLICT" });
      const full: AssignInput = {
        entries: [1, 2, 3, 4].map((n) => ({ id: id(n), authorId: 0, school: null })),
        jurors: [1, 2, 3, 4].map((n) => ({ id: id(n), school: null })),
        reviewsPerEntry: 1,
        cap: 1,
        existing,
      };
      const result = assignReviews(full);
      expect(result.shortfall, `offset ${offset}`).toEqual([]);
      expect(checkAssignment(full, result.assignments, 1)).toEqual([]);
    }
  });

  it("respects a given cap and reports the shortfall instead of exceeding it", () => {
    const input = plain(10, 4, { cap: 5 });
    const result = assignReviews(input);
    expect(result.cap).toBe(5);
    expect([...result.loads.values()]).toEqual([5, 5, 5, 5]);
    expect(result.assignments).toHaveLength(20);
    expect(result.shortfall.reduce((s, x) => s + x.missing, 0)).toBe(10);
    const violations = checkAssignment(input, result.assignments, 5);
    expect(violations.every((v) => v.rule === "short")).toBe(true);
  });

  it("raises a computed cap only as far as needed to cover everything", () => {
    // 4 entries × 2 reviews over 4 jurors: cap 2 would do, but jurors 1 and 2 wrote two entries
    // each and share a school with the other two, so only jurors 3-4 may review entries 1-2
    // and only 1-2 may review 3-4 … still 2 each. Make juror 4 the author of entry 1 too.
    const input: AssignInput = {
      entries: [
        { id: 1, authorId: 4, school: "a" },
        { id: 2, authorId: 50, school: "a" },
        { id: 3, authorId: 51, school: null },
        { id: 4, authorId: 52, school: null },
      ],
      jurors: [
        { id: 1, school: "a" },
        { id: 2, school: "a" },
        { id: 3, school: null },
        { id: 4, school: null },
      ],
      reviewsPerEntry: 2,
      cap: null,
      existing: [],
    };
    // Entry 1: only juror 3 (1, 2 same school, 4 the author) → missing one whatever the cap.
    // Entry 2: jurors 3 and 4. Entries 3 and 4: anyone. Cap 2 covers all that can be covered.
    const result = assignReviews(input);
    expect(result.cap).toBe(2);
    expect(result.shortfall).toEqual([{ entryId: 1, missing: 1 }]);
    expect(result.assignments).toHaveLength(7);

    // Now only jurors 3 and 4 may review anything of school "a" (8 slots needed of 3 and 4 for 1-2,
    // and 3-4 also want reviews): with 3 jurors, cap 3 → raised if the structure needs it.
    const tight: AssignInput = {
      entries: range(4).map((id) => ({ id, authorId: 100 + id, school: "a" })),
      jurors: [
        { id: 1, school: "a" },
        { id: 2, school: null },
        { id: 3, school: null },
      ],
      reviewsPerEntry: 2,
      cap: null,
      existing: [],
    };
    // 8 reviews / 3 jurors → cap 3, but only jurors 2 and 3 are eligible: each must take 4.
    const raised = assignReviews(tight);
    expect(raised.shortfall).toEqual([]);
    expect(raised.cap).toBe(4);
    expect(raised.loads.get(1)).toBe(0);
    expect(checkAssignment(tight, raised.assignments, raised.cap)).toEqual([]);
  });

  it("raises the cap to what a skewed jury needs, exactly and fast", () => {
    // 2,000 entries of one school, 100 jurors of whom only 3 are from elsewhere: those three
    // must review everything (cap 2,000), which one step at a time would take 1,940 steps.
    const input: AssignInput = {
      entries: range(2000).map((id) => ({ id, authorId: 10_000 + id, school: "one" })),
      jurors: range(100).map((id) => ({ id, school: id <= 97 ? "one" : null })),
      reviewsPerEntry: 3,
      cap: null,
      existing: [],
    };
    const started = performance.now();
    const result = assignReviews(input);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.shortfall).toEqual([]);
    expect(result.cap).toBe(2000);
    expect([98, 99, 100].map((id) => result.loads.get(id))).toEqual([2000, 2000, 2000]);
    // Two reviews each: 4,000 over the three, so 1,334 is the smallest cap that covers it.
    const two = assignReviews({ ...input, reviewsPerEntry: 2 });
    expect(two.shortfall).toEqual([]);
    expect(two.cap).toBe(1334);
  });

  it("does not raise the cap for entries no juror may review", () => {
    const input: AssignInput = {
      entries: [
        { id: 1, authorId: 1, school: null },
        { id: 2, authorId: 90, school: null },
      ],
      jurors: [{ id: 1, school: null }],
      reviewsPerEntry: 3,
      cap: null,
      existing: [],
    };
    const result = assignReviews(input);
    expect(result.cap).toBe(6);
    expect(result.assignments).toEqual([{ entryId: 2, jurorId: 1 }]);
    expect(result.shortfall).toEqual([
      { entryId: 1, missing: 3 },
      { entryId: 2, missing: 2 },
    ]);
  });

  it("is incremental: keeps what exists and adds only what is missing", () => {
    const input = plain(20, 6);
    const first = assignReviews(input);
    const existing: ExistingReview[] = first.assignments.map((a, i) => ({ ...a, status: i % 4 === 0 ? "SUBMITTED" : "ASSIGNED" }));
    const again = assignReviews({ ...input, existing });
    expect(again.assignments).toEqual([]);
    expect(again.shortfall).toEqual([]);
    expect(again.loads).toEqual(first.loads);

    // Two jurors join: nothing moves (the work already given stays), nothing is added.
    const more = assignReviews({ ...input, jurors: [...input.jurors, { id: 7, school: null }, { id: 8, school: null }], existing });
    expect(more.assignments).toEqual([]);
  });

  it("reassigns an entry after a conflict, and never to the juror who declared it", () => {
    const input = plain(12, 5);
    const first = assignReviews(input);
    const declared = first.assignments.find((a) => a.jurorId === 2)!;
    const existing: ExistingReview[] = first.assignments.map((a) => ({ ...a, status: a === declared ? "CONFLICT" : "ASSIGNED" }));
    const after = assignReviews({ ...input, existing });
    expect(after.assignments).toHaveLength(1);
    expect(after.assignments[0]!.entryId).toBe(declared.entryId);
    expect(after.assignments[0]!.jurorId).not.toBe(2);
    expect(checkAssignment({ ...input, existing }, after.assignments, after.cap)).toEqual([]);

    // Every other juror declares a conflict too: nobody is left for that entry, and juror 2 is not asked again.
    const all: ExistingReview[] = [
      ...existing.filter((r) => r.entryId !== declared.entryId),
      ...range(5).map((jurorId) => ({ entryId: declared.entryId, jurorId, status: "CONFLICT" as const })),
    ];
    const none = assignReviews({ ...input, existing: all });
    expect(none.assignments).toEqual([]);
    expect(none.shortfall).toEqual([{ entryId: declared.entryId, missing: 3 }]);
  });

  it("counts an ASSIGNED review of a juror who left the jury as missing, a SUBMITTED one as done", () => {
    const input = plain(1, 4);
    const existing: ExistingReview[] = [
      { entryId: 1, jurorId: 99, status: "ASSIGNED" },
      { entryId: 1, jurorId: 98, status: "SUBMITTED" },
    ];
    const result = assignReviews({ ...input, existing });
    expect(result.assignments).toHaveLength(2);
  });

  it("is deterministic and independent of input order", () => {
    const input: AssignInput = {
      entries: range(300).map((id) => ({ id, authorId: id % 40, school: `s${id % 7}` })),
      jurors: range(40, 0).map((id) => ({ id, school: id % 3 === 0 ? `s${id % 7}` : null })),
      reviewsPerEntry: 3,
      cap: null,
      existing: [],
    };
    const a = assignReviews(input);
    const b = assignReviews({ ...input, entries: [...input.entries].reverse(), jurors: [...input.jurors].reverse() });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.cap).toBe(a.cap);
    expect(checkAssignment(input, a.assignments, a.cap)).toEqual([]);
  });

  it("assigns 2,000 entries × 3 to 100 jurors with schools well under a second", () => {
    const schools = range(30).map((n) => schoolKey(`МБОУ СОШ № ${n}`, "Казань"));
    const input: AssignInput = {
      entries: range(2000).map((id) => ({ id, authorId: id <= 300 ? id % 100 : 10_000 + id, school: schools[id % 30]! })),
      jurors: range(100, 0).map((id) => ({ id, school: id % 2 === 0 ? schools[id % 30]! : null })),
      reviewsPerEntry: 3,
      cap: null,
      existing: [],
    };
    const started = performance.now();
    const result = assignReviews(input);
    const ms = performance.now() - started;
    expect(result.shortfall).toEqual([]);
    expect(checkAssignment(input, result.assignments, result.cap)).toEqual([]);
    expect(spread(result.loads)).toBeLessThanOrEqual(1);
    expect(ms).toBeLessThan(1000);
  });
});

describe("checkAssignment", () => {
  it("reports each broken rule", () => {
    const input: AssignInput = {
      entries: [
        { id: 1, authorId: 1, school: null },
        { id: 2, authorId: 50, school: "a" },
      ],
      jurors: [
        { id: 1, school: null },
        { id: 2, school: "a" },
      ],
      reviewsPerEntry: 1,
      cap: 1,
      existing: [{ entryId: 2, jurorId: 1, status: "CONFLICT" }],
    };
    const violations = checkAssignment(
      input,
      [
        { entryId: 1, jurorId: 1 },
        { entryId: 2, jurorId: 2 },
        { entryId: 2, jurorId: 1 },
        { entryId: 3, jurorId: 1 },
        { entryId: 1, jurorId: 7 },
      ],
      1,
    );
    expect(violations.map((v) => v.rule).sort()).toEqual(["not-a-juror", "over-cap", "own-entry", "repeat", "same-school", "unknown-entry"]);
  });
});

/** The most reviews any assignment can add (Edmonds–Karp on source → entries → jurors → sink). */
function maxCoverage(input: AssignInput): number {
  const E = input.entries.length;
  const J = input.jurors.length;
  const n = E + J + 2;
  const source = E + J;
  const sink = source + 1;
  const capacity = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  input.entries.forEach((entry, e) => {
    capacity[source]![e] = input.reviewsPerEntry;
    input.jurors.forEach((juror, j) => {
      if (juror.id !== entry.authorId && (entry.school === null || entry.school !== juror.school)) capacity[e]![E + j] = 1;
    });
  });
  input.jurors.forEach((_, j) => (capacity[E + j]![sink] = input.cap ?? Infinity));
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(n).fill(-1);
    parent[source] = source;
    const queue = [source];
    for (let head = 0; head < queue.length && parent[sink] === -1; head++) {
      const u = queue[head]!;
      for (let v = 0; v < n; v++) {
        if (parent[v] !== -1 || capacity[u]![v]! <= 0) continue;
        parent[v] = u;
        queue.push(v);
      }
    }
    if (parent[sink] === -1) return flow;
    for (let v = sink; v !== source; v = parent[v]!) {
      capacity[parent[v]!]![v]!--;
      capacity[v]![parent[v]!]!++;
    }
    flow++;
  }
}
