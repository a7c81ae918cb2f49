import type { Command } from "commander";
import { commandEnv } from "../io/env.js";

export function registerPurposes(program: Command): void {
  program
    .command("purposes")
    .summary("the zone's purpose codes, for dpr grant --purpose")
    .description(
      "Lists the zone's purpose codes with their labels in English and Chinese, by class (1xx public administration and services, 2xx research and statistics, 3xx commercial products and services, 4xx compliance, security and audit). The list ships with the SDK and is the one the indexer and the web page use. Needs no chain.",
    )
    .addHelpText(
      "after",
      `
People get one line per code: code, English label, Chinese label, under its class.
With --json: {"format","classes":[{"class","label":{"en","zh-CN"}}],"purposes":[{"code","class","label":{"en","zh-CN"}}]}.

Example:
  dpr purposes`,
    )
    .action(async (_options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const { PURPOSES, PURPOSE_CLASSES, purposesFormat } = await import("@dpr/sdk");
      if (env.out.json) {
        env.out.result({ format: purposesFormat, classes: PURPOSE_CLASSES, purposes: PURPOSES });
        return;
      }
      const width = Math.max(...PURPOSES.map((p) => p.label.en.length));
      const lines = PURPOSE_CLASSES.flatMap((c) => [
        `${c.class}–${c.class + 99}  ${c.label.en} · ${c.label["zh-CN"]}`,
        ...PURPOSES.filter((p) => p.class === c.class).map((p) => `  ${String(p.code).padStart(5)}  ${p.label.en.padEnd(width)}  ${p.label["zh-CN"]}`),
      ]);
      env.out.text(`${lines.join("\n")}\n`);
    });
}
