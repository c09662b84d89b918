import { describe, expect, it } from "vitest";
import { JOB_NAMES } from "../../src/features/index.js";
import { assertRegistryComplete } from "../../src/jobs/workers.js";

const noop = async () => {};
const complete = () => Object.fromEntries(JOB_NAMES.map((name) => [name, noop]));

describe("assertRegistryComplete", () => {
  it("accepts a registry with a processor for every job name", () => {
    expect(JOB_NAMES).toContain("members.sync-commands");
    expect(() => assertRegistryComplete(complete(), JOB_NAMES)).not.toThrow();
  });

  it("throws naming the job without a processor", () => {
    const registry = complete();
    delete registry["members.sync-commands"];
    expect(() => assertRegistryComplete(registry, JOB_NAMES)).toThrow(/no processor for members\.sync-commands/);
  });

  it("treats a value that is not a function as missing", () => {
    expect(() => assertRegistryComplete({ ...complete(), "members.sync-commands": "oops" }, JOB_NAMES)).toThrow(/no processor for members\.sync-commands/);
  });

  it("throws naming a processor for an unknown job name", () => {
    expect(() => assertRegistryComplete({ ...complete(), "members.bogus": noop }, JOB_NAMES)).toThrow(/unknown jobs members\.bogus/);
  });

  it("names both problems at once", () => {
    expect(() => assertRegistryComplete({ "members.bogus": noop }, JOB_NAMES)).toThrow(/no processor for members\.sync-commands.*unknown jobs members\.bogus/);
  });
});
