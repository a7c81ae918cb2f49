/**
 * The two programs' builds: `dpr` (packages/cli) and `dpr-indexer` (packages/indexer), each bundled by
 * esbuild from its TypeScript sources into `dist/` (ES modules, split so that a command loads only what
 * it runs, with linked source maps). One rule says what a bundle carries: a package listed in the
 * package.json's `dependencies` is installed by npm and imported at run time; everything else it imports
 * (its devDependencies: the SDK, viem, …) is bundled. The CLI has no dependencies at all, so an installed
 * `dpr` resolves nothing at start; the indexer leaves to npm what carries files or workers of its own
 * (PGlite's WebAssembly, pino's transports, pg) and `graphql`, of which there must be one copy.
 *
 * A build is made only when its inputs changed (a SHA-256 over the package's and the SDK's sources, its
 * package.json and the lock file, recorded in `dist/.inputs-sha256`). Output files are written beside
 * and renamed over the old ones, and chunk names carry a content hash, so a program already running
 * from `dist/` keeps loading the chunks it expects while another process rebuilds.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { inputsHash } from "./webBuild.js";

export type ProgramName = "cli" | "indexer";

/** Where the hash of the inputs of the build in `dist` is recorded. */
export const PROGRAM_STAMP = ".inputs-sha256";

interface ProgramSpec {
  /** The package folder, relative to the repository. */
  folder: string;
  /** esbuild entry points (output name → source), relative to the package folder. */
  entries: Record<string, string>;
  /** Files copied into dist/ beside the bundle, relative to the package folder (read at run time). */
  assets: string[];
}

const PROGRAMS: Record<ProgramName, ProgramSpec> = {
  cli: { folder: "packages/cli", entries: { bin: "src/bin.ts" }, assets: [] },
  indexer: { folder: "packages/indexer", entries: { bin: "src/bin.ts" }, assets: ["src/graphql/schema.graphql"] },
};

/** The inputs of a program's build, relative to the repository. */
function programInputs(spec: ProgramSpec): string[] {
  return [`${spec.folder}/src`, `${spec.folder}/package.json`, "packages/sdk/src", "packages/sdk/package.json", "package-lock.json", "scripts/programBuild.ts"];
}

/** The hash of everything `name`'s build depends on in the repository at `root`. */
export function programInputsHash(root: string, name: ProgramName): string {
  return inputsHash(root, programInputs(PROGRAMS[name]));
}

/** Writes `contents` to `path` through a temporary file and a rename, so that no reader sees half a file. */
function writeAtomically(path: string, contents: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Bundles `name` into its package's `dist/` unless the build there was made from the same inputs (or
 * `force`; `clean` also removes every other file from `dist/`). Returns whether it built.
 */
export async function ensureProgramBuild(root: string, name: ProgramName, options: { force?: boolean; clean?: boolean } = {}): Promise<boolean> {
  const spec = PROGRAMS[name];
  const packageDir = join(root, spec.folder);
  const dist = join(packageDir, "dist");
  const inputs = programInputsHash(root, name);
  let built: string | null = null;
  try {
    built = readFileSync(join(dist, PROGRAM_STAMP), "utf8").trim();
  } catch {
    // Not built yet.
  }
  if (built === inputs && !options.force && !options.clean) return false;

  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const external = Object.keys(manifest.dependencies ?? {});
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: spec.entries,
    outdir: "dist",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    // The SDK's sources (its `@dpr/source` export condition), not a build of it that may be stale.
    conditions: ["@dpr/source"],
    external,
    sourcemap: "linked",
    sourcesContent: false,
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "linked",
    // Chunks sit beside the entry: the sources' `import.meta.url` paths (../package.json, schema.graphql)
    // hold from any of them.
    chunkNames: "[name]-[hash]",
    // Bundled CommonJS packages (ethers' ws, cli-progress) call require(); give the module one.
    banner: { js: 'import { createRequire as __dprRequire } from "node:module"; const require = __dprRequire(import.meta.url);' },
    write: false,
    logLevel: "silent",
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeAtomically(file.path, file.contents);
  }
  for (const asset of spec.assets) writeAtomically(join(dist, asset.split("/").at(-1) as string), readFileSync(join(packageDir, asset)));
  writeAtomically(join(dist, PROGRAM_STAMP), `${inputs}\n`);
  // A clean build (for a package's tarball) leaves no file of an earlier build behind. It removes only
  // what this build did not write, so a program running this same build keeps every chunk it may load.
  if (options.clean) {
    const kept = new Set([...result.outputFiles.map((file) => file.path), ...spec.assets.map((asset) => join(dist, asset.split("/").at(-1) as string)), join(dist, PROGRAM_STAMP)]);
    for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isFile() && !kept.has(path)) rmSync(path, { force: true });
    }
  }
  return true;
}

/** Builds both programs where their inputs changed. */
export async function ensureProgramBuilds(root: string, options: { force?: boolean; clean?: boolean } = {}): Promise<ProgramName[]> {
  const built: ProgramName[] = [];
  for (const name of Object.keys(PROGRAMS) as ProgramName[]) if (await ensureProgramBuild(root, name, options)) built.push(name);
  return built;
}
