// The /link subject choice travels in callback data as a base-36 bit mask:
// it must round-trip, fit in 64 bytes with a large catalogue, and refuse
// forged masks (bits beyond the catalogue, characters outside base 36).
import { describe, expect, it } from "vitest";
import { CALLBACK_DATA_MAX_BYTES } from "../../src/bot/callback-data.js";
import { decodeChoice, encodeChoice, linkCb } from "../../src/features/groups/groups.keyboards.js";
import { directoryOrder } from "../../src/features/groups/groups.directory.feature.js";
import type { GroupView } from "../../src/features/groups/groups.types.js";

const catalogue = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `s${i}`, nameRu: `Предмет ${i}`, nameEn: `Subject ${i}`, sortOrder: i }));

describe("the /link choice mask", () => {
  it("round-trips general and any set of subjects", () => {
    const subjects = catalogue(20);
    for (const choice of [
      { general: true, codes: new Set<string>() },
      { general: false, codes: new Set(["s0", "s7", "s19"]) },
      { general: false, codes: new Set<string>() },
    ]) {
      expect(decodeChoice(subjects, encodeChoice(subjects, choice))).toEqual(choice);
    }
  });

  it("fits in the callback data with 50 subjects all chosen", () => {
    const subjects = catalogue(50);
    const mask = encodeChoice(subjects, { general: false, codes: new Set(subjects.map((s) => s.code)) });
    expect(Buffer.byteLength(linkCb.pack("t", mask, 49))).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it("refuses forged masks", () => {
    const subjects = catalogue(5);
    expect(decodeChoice(subjects, (1n << 6n).toString(36))).toBeUndefined(); // a 6th subject that does not exist
    expect(decodeChoice(subjects, "Z!")).toBeUndefined();
    expect(decodeChoice(subjects, "")).toBeUndefined();
    expect(decodeChoice(subjects, undefined)).toBeUndefined();
  });
});

describe("the /groups order", () => {
  const group = (id: number, subjects: string[], isGeneral = false) => ({ id, subjects, isGeneral }) as GroupView;
  it("puts the member's subjects first, then general groups, then the rest, keeping the given order within each", () => {
    const groups = [group(1, ["physics"]), group(2, [], true), group(3, ["math"]), group(4, ["art"]), group(5, ["math", "art"])];
    expect(directoryOrder(groups, ["math"]).map((g) => g.id)).toEqual([3, 5, 2, 1, 4]);
    expect(directoryOrder(groups, []).map((g) => g.id)).toEqual([2, 1, 3, 4, 5]);
  });
});
