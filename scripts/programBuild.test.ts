import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { PROGRAM_STAMP, ensureProgramBuild } from "./programBuild.js";

const here = dirname(fileURLToPath(import.meta.url));

describe("the programs' build", () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  const write = (root: string, path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  /**
   * A repository with a CLI that imports the SDK (by its `@dpr/source` condition), a package bundled into it
   * and one left to npm (listed in `dependencies`), and loads a part of itself on demand.
   */
  const repo = () => {
    const root = mkdtempSync(join(tmpdir(), "dpr-program-build-"));
    roots.push(root);
    write(root, "package.json", "{}");
    write(root, "package-lock.json", "{}");
    write(root, "scripts/programBuild.ts", readFileSync(join(here, "programBuild.ts"), "utf8"));
    write(root, "packages/sdk/package.json", JSON.stringify({ name: "@dpr/sdk", type: "module", exports: { ".": { "@dpr/source": "./src/index.ts", default: "./dist/index.js" } } }));
    write(root, "packages/sdk/src/index.ts", 'export const sdkName: string = "the sdk from source";\n');
    write(root, "packages/cli/package.json", JSON.stringify({ name: "@dpr/cli", type: "module", dependencies: { "left-to-npm": "1.0.0" } }));
    write(root, "packages/cli/src/bin.ts", 'import { sdkName } from "@dpr/sdk";\nimport { bundled } from "bundled-dep";\nconst { later } = await import("./later.js");\nconsole.log([sdkName, bundled, later()].join(" | "));\n');
    write(root, "packages/cli/src/later.ts", 'import { npmName } from "left-to-npm";\nexport const later = (): string => `later ${npmName}`;\n');
    write(root, "packages/cli/src/bin.test.ts", "not part of the build");
    // Both workspace-style links and plain packages resolve from the root's node_modules.
    write(root, "node_modules/@dpr/sdk/package.json", readFileSync(join(root, "packages/sdk/package.json"), "utf8"));
    write(root, "node_modules/@dpr/sdk/src/index.ts", readFileSync(join(root, "packages/sdk/src/index.ts"), "utf8"));
    write(root, "node_modules/bundled-dep/package.json", JSON.stringify({ name: "bundled-dep", type: "module", exports: "./index.js" }));
    write(root, "node_modules/bundled-dep/index.js", 'export const bundled = "bundled";\n');
    write(root, "node_modules/left-to-npm/package.json", JSON.stringify({ name: "left-to-npm", type: "module", exports: "./index.js" }));
    write(root, "node_modules/left-to-npm/index.js", 'export const npmName = "from npm";\n');
    return root;
  };
  const runBuilt = (root: string) => execFileSync(process.execPath, [join(root, "packages/cli/dist/bin.js")], { encoding: "utf8" }).trim();
  const distFiles = (root: string) => readdirSync(join(root, "packages/cli/dist")).sort();

  it("bundles the sources with the SDK's source and what is not a dependency; leaves dependencies to npm", async () => {
    const root = repo();
    expect(await ensureProgramBuild(root, "cli")).toBe(true);
    expect(runBuilt(root)).toBe("the sdk from source | bundled | later from npm");
    const js = distFiles(root).filter((f) => f.endsWith(".js"));
    const text = js.map((f) => readFileSync(join(root, "packages/cli/dist", f), "utf8")).join("\n");
    expect(text).toMatch(/from\s*"left-to-npm"/);
    expect(text).not.toMatch(/from\s*"bundled-dep"|from\s*"@dpr\/sdk"/);
    // The part loaded on demand is a chunk of its own, with a source map beside each file.
    expect(js.length).toBeGreaterThan(1);
    for (const file of js) expect(existsSync(join(root, "packages/cli/dist", `${file}.map`))).toBe(true);
    // It no longer needs what it bundled.
    rmSync(join(root, "node_modules/bundled-dep"), { recursive: true });
    expect(runBuilt(root)).toBe("the sdk from source | bundled | later from npm");
  });

  it("is skipped while its inputs are the same, and made again when a source, the SDK or the lock file changes", async () => {
    const root = repo();
    expect(await ensureProgramBuild(root, "cli")).toBe(true);
    const stamp = readFileSync(join(root, "packages/cli/dist", PROGRAM_STAMP), "utf8");
    expect(await ensureProgramBuild(root, "cli")).toBe(false);
    write(root, "packages/cli/src/bin.test.ts", "a test changed: not an input");
    expect(await ensureProgramBuild(root, "cli")).toBe(false);
    write(root, "packages/sdk/src/index.ts", 'export const sdkName: string = "the sdk, changed";\n');
    write(root, "node_modules/@dpr/sdk/src/index.ts", 'export const sdkName: string = "the sdk, changed";\n');
    expect(await ensureProgramBuild(root, "cli")).toBe(true);
    expect(runBuilt(root)).toBe("the sdk, changed | bundled | later from npm");
    expect(readFileSync(join(root, "packages/cli/dist", PROGRAM_STAMP), "utf8")).not.toBe(stamp);
    write(root, "package-lock.json", '{"lockfileVersion":3}');
    expect(await ensureProgramBuild(root, "cli")).toBe(true);
    expect(await ensureProgramBuild(root, "cli", { force: true })).toBe(true);
  });

  it("keeps an earlier build's chunks for programs still running, and a clean build removes them", async () => {
    const root = repo();
    await ensureProgramBuild(root, "cli");
    const first = distFiles(root);
    write(root, "packages/cli/src/later.ts", 'import { npmName } from "left-to-npm";\nexport const later = (): string => `changed ${npmName}`;\n');
    await ensureProgramBuild(root, "cli");
    const second = distFiles(root);
    const gone = first.filter((f) => !second.includes(f));
    expect(gone).toEqual([]);
    expect(second.length).toBeGreaterThan(first.length);
    expect(runBuilt(root)).toBe("the sdk from source | bundled | changed from npm");
    await ensureProgramBuild(root, "cli", { clean: true });
    const clean = distFiles(root);
    expect(clean.length).toBe(first.length);
    expect(runBuilt(root)).toBe("the sdk from source | bundled | changed from npm");
    expect(clean.some((f) => f.endsWith(".tmp"))).toBe(false);
  });
});
