/**
 * `npm run build`: the packages' JavaScript from their TypeScript sources.
 *
 *   npm run build                      the SDK (tsc: JavaScript, declarations, source maps), both
 *                                      programs (esbuild bundles) and the web page (Vite)
 *   node --import tsx scripts/build.ts --programs     `dpr` and `dpr-indexer` only (what `npm install`
 *                                      runs, through the root package's `prepare`)
 *   … build.ts sdk | cli | indexer [--with-web]       one package (its `prepack`); --with-web puts the
 *                                      page's build into the indexer's package, which serves it
 *
 * Builds whose inputs did not change are skipped (scripts/programBuild.ts, scripts/webBuild.ts); `--force`
 * builds anyway, `--clean` (the programs' prepack) empties their dist/ first.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureProgramBuild } from "./programBuild.js";
import { ensureWebBuild } from "./webBuild.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The SDK's JavaScript, declarations and maps in packages/sdk/dist (tsc, incremental). */
export async function buildSdk(root: string, options: { clean?: boolean } = {}): Promise<void> {
  if (options.clean) rmSync(join(root, "packages/sdk/dist"), { recursive: true, force: true });
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [tsc, "-p", join(root, "packages/sdk/tsconfig.build.json")], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`the SDK's build failed:\n${(stdout + stderr).trim() || error.message}`)) : resolve(),
    );
  });
}

/** Copies the page's build into packages/indexer/web, which the published `dpr-indexer` serves. */
export function copyWebIntoIndexer(root: string): void {
  const target = join(root, "packages/indexer/web");
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(join(root, "packages/web/dist"), staging, { recursive: true, filter: (path) => !path.endsWith(".inputs-sha256") });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { programs: { type: "boolean" }, "with-web": { type: "boolean" }, force: { type: "boolean" }, clean: { type: "boolean" }, quiet: { type: "boolean" } },
    allowPositionals: true,
  });
  const say = (line: string) => values.quiet || console.log(line);
  const unknown = positionals.filter((p) => !["sdk", "cli", "indexer", "web"].includes(p));
  if (unknown.length > 0) throw new Error(`unknown package ${unknown.join(", ")} (sdk, cli, indexer or web)`);
  const wanted = new Set(values.programs ? ["cli", "indexer"] : positionals.length > 0 ? positionals : ["sdk", "cli", "indexer", "web"]);
  const force = values.force ?? false;
  if (wanted.has("sdk")) {
    await buildSdk(repoRoot, { clean: values.clean ?? false });
    say("Built @dpr/sdk (packages/sdk/dist).");
  }
  for (const name of ["cli", "indexer"] as const) {
    if (!wanted.has(name)) continue;
    const built = await ensureProgramBuild(repoRoot, name, { force, clean: values.clean ?? false });
    say(built ? `Built ${name === "cli" ? "dpr" : "dpr-indexer"} (packages/${name}/dist).` : `${name === "cli" ? "dpr" : "dpr-indexer"} is up to date.`);
  }
  if (wanted.has("web") || values["with-web"]) await ensureWebBuild(repoRoot, say);
  if (values["with-web"]) {
    copyWebIntoIndexer(repoRoot);
    say("Copied the web page's build into packages/indexer/web.");
  }
  if (wanted.has("web") && !existsSync(join(repoRoot, "packages/web/dist/index.html"))) throw new Error("the web page's build wrote no index.html");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
