/**
 * Figures and gaps from the Istanbul coverage map that solidity-coverage writes (coverage.json, keyed
 * by path relative to the repository root).
 */

/** One file's entry in an Istanbul (0.4, as in sc-istanbul) coverage map. */
export interface FileCoverage {
  l: Record<string, number>;
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
  branchMap: Record<string, { line: number; type: string; locations: { start: { line: number; column: number } }[] }>;
}

export interface Ratio {
  covered: number;
  total: number;
}

export interface FileSummary {
  file: string;
  lines: Ratio;
  statements: Ratio;
  functions: Ratio;
  branches: Ratio;
  uncoveredLines: number[];
  /**
   * Branch arms never taken. solidity-coverage makes two kinds: `if` (arm 0: the condition held, arm 1:
   * it did not) and `cond-expr`, the two operands of `||`/`&&` or the two results of `?:` (arm 0: the
   * first, arm 1: the second; `column` says where the operand starts).
   */
  uncoveredBranches: { line: number; column: number; arm: number; type: string }[];
}

function ratio(counts: number[]): Ratio {
  return { covered: counts.filter((n) => n > 0).length, total: counts.length };
}

export function summarise(map: Record<string, FileCoverage>): FileSummary[] {
  return Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, c]) => {
      const uncoveredBranches: FileSummary["uncoveredBranches"] = [];
      for (const [id, arms] of Object.entries(c.b)) {
        arms.forEach((hits, arm) => {
          const branch = c.branchMap[id]!;
          const start = branch.locations[arm]?.start ?? { line: branch.line, column: 0 };
          if (hits === 0) uncoveredBranches.push({ line: start.line, column: start.column, arm, type: branch.type });
        });
      }
      uncoveredBranches.sort((x, y) => x.line - y.line || x.column - y.column || x.arm - y.arm);
      return {
        file,
        lines: ratio(Object.values(c.l)),
        statements: ratio(Object.values(c.s)),
        functions: ratio(Object.values(c.f)),
        branches: ratio(Object.values(c.b).flat()),
        uncoveredLines: Object.entries(c.l)
          .filter(([, hits]) => hits === 0)
          .map(([line]) => Number(line))
          .sort((x, y) => x - y),
        uncoveredBranches,
      };
    });
}

export function total(files: FileSummary[], key: "lines" | "statements" | "functions" | "branches"): Ratio {
  return files.reduce((sum, f) => ({ covered: sum.covered + f[key].covered, total: sum.total + f[key].total }), {
    covered: 0,
    total: 0,
  });
}

/** A percentage; 100 when there is nothing to cover. */
export function pct(r: Ratio): number {
  return r.total === 0 ? 100 : (100 * r.covered) / r.total;
}

/** Consecutive numbers as ranges: [1,2,3,7] -> "1-3, 7". */
export function ranges(numbers: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    out.push(i === j ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

export function table(files: FileSummary[]): string {
  const rows = [...files, { file: "All files", ...totals(files) }].map((f) => [
    f.file,
    ...(["lines", "statements", "functions", "branches"] as const).map(
      (k) => `${pct(f[k]).toFixed(2)}% (${f[k].covered}/${f[k].total})`,
    ),
  ]);
  const head = ["File", "Lines", "Statements", "Functions", "Branches"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function totals(files: FileSummary[]) {
  return {
    lines: total(files, "lines"),
    statements: total(files, "statements"),
    functions: total(files, "functions"),
    branches: total(files, "branches"),
  };
}

/** A short label for an untaken branch arm: `124 if-true`, `124 if-false`, `124:12 operand`. */
export function armLabel(b: FileSummary["uncoveredBranches"][number]): string {
  if (b.type === "if") return `${b.line} if-${b.arm === 0 ? "true" : "false"}`;
  return `${b.line}:${b.column + 1} ${b.type === "cond-expr" ? "operand" : b.type}`;
}
