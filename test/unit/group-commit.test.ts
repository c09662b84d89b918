import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/shared/group-commit.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("GroupCommit", () => {
  it("runs a lone call at once, and merges the calls that arrive while batches run", async () => {
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    const group = new GroupCommit<number, string>(
      async (keys) => {
        batches.push(keys);
        await new Promise<void>((resolve) => gates.push(resolve));
        return new Map(keys.map((k) => [k, `v${k}`]));
      },
      { inFlight: 2, maxBatch: 3 },
    );
    const results = [group.call(1), group.call(2)];
    await tick();
    // Two batches in flight, of one call each.
    expect(batches).toEqual([[1], [2]]);
    for (const k of [3, 4, 5, 6, 7]) results.push(group.call(k));
    await tick();
    expect(batches).toHaveLength(2);
    gates.shift()!();
    await tick();
    // The next batch takes what waited, up to maxBatch.
    expect(batches[2]).toEqual([3, 4, 5]);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    expect(batches.slice(3)).toEqual([[6, 7]]);
    expect(await Promise.all(results)).toEqual(["v1", "v2", "v3", "v4", "v5", "v6", "v7"]);
  });

  it("rejects every call of a failed batch, resolves keys the batch left out as undefined, and goes on", async () => {
    let fail = true;
    const group = new GroupCommit<number, number>(async (keys) => {
      if (fail) throw new Error("database down");
      return new Map(keys.filter((k) => k % 2 === 0).map((k) => [k, k * 10]));
    });
    await expect(group.call(1)).rejects.toThrow("database down");
    fail = false;
    expect(await Promise.all([group.call(2), group.call(3)])).toEqual([20, undefined]);
  });
});
