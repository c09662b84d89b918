// Issue 10: the layers of src/ and the absence of import cycles, read from the
// sources (every import, type-only ones included).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sources(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** file (relative to src, no extension) → the files of src it imports. */
function graph(): Map<string, string[]> {
  const rel = (file: string) => path.relative(SRC, file).replace(/\.ts$/, "");
  const edges = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"(\.[^"]+)"/g)]
      .map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, ".ts")))
      .filter((target) => !path.relative(SRC, target).startsWith("generated"))
      .map(rel);
    edges.set(rel(file), targets);
  }
  return edges;
}

const layerOf = (file: string) => file.split("/")[0]!;

describe("architecture", () => {
  const edges = graph();

  it("reads the sources (the scanner works)", () => {
    expect(edges.size).toBeGreaterThan(100);
    expect(edges.get("container")).toContain("features/index");
  });

  it.each(["bot", "jobs", "shared"])("src/%s imports no slice, no composition root and nothing above it", (layer) => {
    const allowed: Record<string, string[]> = { bot: ["bot", "shared", "config"], jobs: ["jobs", "shared"], shared: ["shared"] };
    const wrong = [...edges]
      .filter(([from]) => layerOf(from) === layer)
      .flatMap(([from, to]) => to.filter((t) => !allowed[layer]!.includes(layerOf(t))).map((t) => `${from} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, "open");
      stack.push(node);
      for (const next of edges.get(node) ?? []) {
        if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const node of edges.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
