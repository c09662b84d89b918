import { describe, expect, it } from "vitest";
import { runForm, type FormTable } from "../../src/bot/form/run-form.js";
import { BACK, CANCEL, type StepEnv, type StepResult } from "../../src/bot/questionnaire.js";

// The form engine alone: each field's step is scripted (the member's answers
// in order), so the walk (order, Back, Cancel, `when`, redirects, edit mode)
// is checked without Telegram. The steps themselves are runStep, covered by the bot tests.

interface Trip {
  name: string;
  kind: "day" | "week";
  nights: number;
  hotel: string | null;
  note: string;
}

type Answer = Trip[keyof Trip] | typeof BACK | typeof CANCEL;

interface Asked {
  key: keyof Trip;
  back: boolean;
  header?: string;
  /** What the step saw of the draft: the answer given before, if any. */
  before: unknown;
}

function script(answers: Answer[]) {
  const asked: Asked[] = [];
  const step =
    <K extends keyof Trip>(key: K) =>
    async (env: StepEnv, draft: Partial<Trip>): Promise<StepResult<Trip[K]>> => {
      asked.push({ key, back: env.back, header: env.header, before: draft[key] });
      if (answers.length === 0) throw new Error(`No answer left for ${key}`);
      return answers.shift() as StepResult<Trip[K]>;
    };
  const table: FormTable<Trip> = [
    { key: "name", ask: step("name") },
    { key: "kind", ask: step("kind") },
    // Nights and a hotel only for a trip of a week.
    { key: "nights", ask: step("nights"), when: (d) => d.kind === "week" },
    { key: "hotel", ask: step("hotel"), when: (d) => d.kind === "week" },
    { key: "note", ask: step("note") },
  ];
  return { table, asked, answers };
}

const env = () => ({ back: false, t: (key: string) => key }) as unknown as StepEnv;
const header = (n: number, total: number) => `${n}/${total}`;

describe("runForm", () => {
  it("asks every field that applies, in order, and returns the complete draft", async () => {
    const { table, asked } = script(["Kazan", "week", 3, null, ""]);
    const draft: Partial<Trip> = {};
    const result = await runForm(env(), table, draft, { header });
    expect(result).toEqual({ name: "Kazan", kind: "week", nights: 3, hotel: null, note: "" });
    expect(result).toBe(draft);
    // The total counts the fields that apply to the draft so far: nights and hotel once the kind is known.
    expect(asked.map((a) => [a.key, a.back, a.header])).toEqual([
      ["name", false, "1/3"],
      ["kind", true, "2/3"],
      ["nights", true, "3/5"],
      ["hotel", true, "4/5"],
      ["note", true, "5/5"],
    ]);
  });

  it("leaves out fields whose `when` does not hold, and counts only the others", async () => {
    const { table, asked } = script(["Tver", "day", "bring water"]);
    const result = await runForm(env(), table, {}, { header });
    expect(result).toEqual({ name: "Tver", kind: "day", note: "bring water" });
    expect(asked.map((a) => [a.key, a.header])).toEqual([
      ["name", "1/3"],
      ["kind", "2/3"],
      ["note", "3/3"],
    ]);
  });

  it("Back goes to the previous field that applies, keeping every answer", async () => {
    const { table, asked } = script(["Tver", "day", BACK, "week", 2, BACK, BACK, BACK, "Pskov", "day", "ok"]);
    const result = await runForm(env(), table, {});
    expect(asked.map((a) => [a.key, a.before])).toEqual([
      ["name", undefined],
      ["kind", undefined],
      ["note", undefined], // a day trip: Back from the note goes to the kind, past nights and hotel
      ["kind", "day"],
      ["nights", undefined],
      ["hotel", undefined],
      ["nights", 2],
      ["kind", "week"],
      ["name", "Tver"],
      ["kind", "week"],
      ["note", undefined],
    ]);
    expect(result).toEqual({ name: "Pskov", kind: "day", nights: 2, note: "ok" });
  });

  it("Cancel ends the form at once", async () => {
    const { table, asked } = script(["Kazan", CANCEL]);
    expect(await runForm(env(), table, {})).toBe(CANCEL);
    expect(asked.map((a) => a.key)).toEqual(["name", "kind"]);
  });

  it("starts at a given field; Back from there walks on backwards", async () => {
    const { table, asked } = script([BACK, "day", "ok"]);
    const draft: Partial<Trip> = { name: "Kazan", kind: "day", note: "short" };
    const result = await runForm(env(), table, draft, { from: "note", header });
    expect(asked.map((a) => [a.key, a.back, a.header, a.before])).toEqual([
      ["note", true, "3/3", "short"],
      ["kind", true, "2/3", "day"],
      ["note", true, "3/3", "short"],
    ]);
    expect(result).toEqual({ name: "Kazan", kind: "day", note: "ok" });
  });

  it("thenEnd: one answer fixed, then straight to the end", async () => {
    const { table, asked } = script(["Pskov"]);
    const draft: Trip = { name: "Kazan", kind: "week", nights: 3, hotel: null, note: "" };
    expect(await runForm(env(), table, draft, { from: "name", thenEnd: true })).toEqual({ ...draft, name: "Pskov" });
    expect(asked.map((a) => a.key)).toEqual(["name"]);
  });

  it("a redirect asks another field first, then comes back where it was", async () => {
    const { table, asked } = script(["Kazan", "week", 0, 2, "Hotel", ""]);
    // Zero nights is refused later (as a start time that has passed): the nights again.
    const before = async (key: keyof Trip, d: Partial<Trip>) => (key !== "nights" && d.nights === 0 ? "nights" : undefined);
    const result = await runForm(env(), table, {}, { before });
    expect(asked.map((a) => a.key)).toEqual(["name", "kind", "nights", "nights", "hotel", "note"]);
    expect(result).toEqual({ name: "Kazan", kind: "week", nights: 2, hotel: "Hotel", note: "" });
  });

  it("Back on the first field that applies ends the form with BACK", async () => {
    const { table } = script([BACK]);
    expect(await runForm(env(), table, { name: "Kazan", kind: "day" }, { from: "name" })).toBe(BACK);
  });

  it("calls `answered` after each answer is in the draft", async () => {
    const { table } = script(["Kazan", "day", ""]);
    const seen: Array<[keyof Trip, unknown]> = [];
    await runForm(env(), table, {}, { answered: (key, d) => seen.push([key, d[key]]) });
    expect(seen).toEqual([
      ["name", "Kazan"],
      ["kind", "day"],
      ["note", ""],
    ]);
  });
});

describe("runForm in edit mode", () => {
  it("asks only the given field of an existing draft, with the same step", async () => {
    const { table, asked } = script([5]);
    const draft: Partial<Trip> = { kind: "week", nights: 3 };
    const e = env();
    const result = await runForm(e, table, draft, { only: "nights", back: true });
    expect(asked).toEqual([{ key: "nights", back: true, header: undefined, before: 3 }]);
    expect(result).toEqual({ kind: "week", nights: 5 });
    if (result !== BACK && result !== CANCEL) expect(result.nights).toBe(5);
  });

  it("gives Back and Cancel back to the caller, the draft unchanged", async () => {
    for (const answer of [BACK, CANCEL] as const) {
      const { table } = script([answer]);
      const draft: Partial<Trip> = { name: "Kazan" };
      expect(await runForm(env(), table, draft, { only: "name", back: false })).toBe(answer);
      expect(draft).toEqual({ name: "Kazan" });
    }
  });
});
