/**
 * Finds the contract tests: the test/**\/*.test.ts files that import `hardhat`, directly or through
 * their relative imports (test/helpers/chain.ts does), and so run against the in-process network that
 * solidity-coverage observes. Tests that talk to a separate node (e.g. test/e2e over JSON-RPC) are
 * left out: their transactions cannot be observed.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const IMPORT = /(?:^|[\s;])(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g;

function specifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.(m|c)?js$/, ".$1ts"), `${base}.ts`, `${base}.mts`, join(base, "index.ts")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function importsHardhat(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  for (const spec of specifiers(readFileSync(file, "utf8"))) {
    if (spec === "hardhat" || spec.startsWith("hardhat/")) return true;
    if (spec.startsWith(".")) {
      const target = resolveRelative(file, spec);
      if (target && importsHardhat(target, seen)) return true;
    }
  }
  return false;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Contract test files, relative to `root`, sorted. */
export function contractTests(root: string): string[] {
  return walk(join(root, "test"))
    .filter((file) => importsHardhat(file))
    .map((file) => relative(root, file))
    .sort();
}
