import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Every module the main entry reaches through relative imports, with the bare specifiers each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, "utf8");
    const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => (m[1] ?? m[2])!,
    );
    graph.set(file, specifiers.filter((s) => !s.startsWith(".")));
    for (const s of specifiers.filter((s) => s.startsWith("."))) visit(resolve(dirname(file), s.replace(/\.js$/, ".ts")));
  };
  visit(entry);
  return graph;
}

describe("the SDK's main entry", () => {
  it("runs in browsers: it reaches no Node built-in and only browser-safe packages", () => {
    const graph = importGraph(join(__dirname, "index.ts"));
    expect(graph.size).toBeGreaterThan(40);
    const offending = [...graph].flatMap(([file, bare]) =>
      bare
        .filter((s) => !/^(viem|viem\/.*|hash-wasm|@openzeppelin\/merkle-tree)$/.test(s))
        .map((s) => `${file.slice(__dirname.length + 1)} imports ${s}`),
    );
    expect(offending).toEqual([]);
    expect([...graph.keys()].some((f) => f.includes(`${join(__dirname, "node")}/`))).toBe(false);
  });
});
