/**
 * The web page's production build for `npm start`, made only when its inputs changed: a SHA-256 over the
 * page's and the SDK's sources, the lock file and the build's pins (`VITE_DPR_*`), recorded beside the
 * build (`packages/web/dist/.inputs-sha256`). A warm start serves the build it already has.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** What the build reads, relative to the repository: folders walked whole, and single files. */
const INPUTS = ["packages/web/src", "packages/web/index.html", "packages/web/vite.config.ts", "packages/web/package.json", "packages/sdk/src", "packages/sdk/package.json", "package-lock.json"];
/** Where the hash of the inputs of the build in `dist` is recorded. */
export const STAMP = ".inputs-sha256";

/** Every file under `path` (itself when a file), sorted, skipping test files, which never reach a build. */
export function inputFiles(path: string): string[] {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return [path];
    throw error;
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? inputFiles(join(path, entry.name)) : /\.test\.ts$/.test(entry.name) ? [] : [join(path, entry.name)]));
}

/** A SHA-256 over the files under `inputs` (paths relative to `root`), with their paths, and over `extra`. */
export function inputsHash(root: string, inputs: readonly string[], extra = ""): string {
  const hash = createHash("sha256");
  for (const file of inputs.flatMap((input) => inputFiles(join(root, input)))) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.update(extra).digest("hex");
}

/** The hash of everything the page's build depends on in the repository at `root`, and of its pins. */
export function webInputsHash(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const pins = Object.keys(env).filter((n) => n.startsWith("VITE_DPR_")).sort().map((name) => `${name}=${env[name]}\0`);
  return inputsHash(root, INPUTS, pins.join(""));
}

/**
 * Builds the page into `packages/web/dist` unless the build there was made from the same inputs.
 * Returns whether it built.
 */
export async function ensureWebBuild(root: string, say: (line: string) => void): Promise<boolean> {
  const dist = join(root, "packages/web/dist");
  const inputs = webInputsHash(root);
  let built: string | null = null;
  try {
    built = readFileSync(join(dist, STAMP), "utf8").trim();
  } catch {
    // No build yet, or one from before stamps.
  }
  if (built === inputs) {
    say("The web page's build is up to date.");
    return false;
  }
  say("Building the web page (its sources changed since the last build)...");
  await new Promise<void>((resolve, reject) => {
    execFile("npm", ["run", "build", "--silent", "-w", "@dpr/web"], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`the web page's build failed:\n${stderr.trim() || error.message}`)) : resolve(),
    );
  });
  writeFileSync(join(dist, STAMP), `${inputs}\n`);
  return true;
}
