/** The Markdown table of a run, printed to stdout and pasted into docs/performance.md. */
import type { BenchResults, Figure, SuiteName } from "./results.js";
import { SUITES } from "./results.js";

const TITLES: Record<SuiteName, string> = {
  gas: "1. Gas",
  backfill: "2. Backfill",
  lag: "3. Live lag",
  graphql: "4. GraphQL",
  hashing: "5. Hashing",
  browser: "6. Browser",
  startup: "7. Start-up",
};

/** Issue order (1–6, then issue 14's start-up), whatever order the suites ran in. */
const ISSUE_ORDER: readonly SuiteName[] = ["gas", "backfill", "lag", "graphql", "hashing", "browser", "startup"];

export function formatValue(value: number, unit: string): string {
  const digits = unit === "ms" ? (value < 10 ? 2 : value < 100 ? 1 : 0) : unit === "×" ? 2 : value < 10 ? 2 : value < 100 ? 1 : 0;
  const text = value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === "gas" ? text : `${text} ${unit}`;
}

function formatRatio(f: Figure): string {
  if (f.sense === "higher-is-better" && f.ratio < 1) return `${(f.ratio * 100).toFixed(f.ratio < 0.1 ? 1 : 0)}%`;
  return `${f.ratio.toFixed(f.ratio < 10 ? 2 : 1)}×`;
}

export function renderTable(results: BenchResults): string {
  const lines: string[] = [];
  const notes: string[] = [];
  lines.push("| | Measure | Value | Baseline (same run) | Ratio | Target |");
  lines.push("|---|---|---:|---|---:|---|");
  for (const name of ISSUE_ORDER.filter((s) => SUITES.includes(s))) {
    const suite = results.suites[name];
    if (suite.status !== "ok") {
      lines.push(`| **${TITLES[name]}** | ${suite.status === "skipped" ? "skipped" : "**error**"}: ${escape(suite.reason ?? "")} | | | | |`);
      continue;
    }
    suite.figures.forEach((f, i) => {
      const marker = f.note ? ` [${notes.push(f.note)}]` : "";
      const target = f.target ? `${escape(f.target.text)}: ${f.target.met ? "met" : "**missed**"}` : "";
      lines.push(
        `| ${i === 0 ? `**${TITLES[name]}**` : ""} | ${escape(f.label)}${marker} | ${formatValue(f.value, f.unit)} | ${escape(f.baseline.label)}: ${formatValue(f.baseline.value, f.baseline.unit)} | ${formatRatio(f)} | ${target} |`,
      );
    });
  }
  lines.push("");
  notes.forEach((note, i) => lines.push(`[${i + 1}] ${escape(note)}.  `));
  const missed = ISSUE_ORDER.flatMap((name) => results.suites[name].figures.filter((f) => f.target && !f.target.met).map((f) => `${TITLES[name]}: ${f.label}`));
  lines.push("");
  lines.push(missed.length === 0 ? "Every target measured in this run is met." : `Targets missed in this run: ${missed.map(escape).join("; ")}.`);
  return lines.join("\n");
}

function escape(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
