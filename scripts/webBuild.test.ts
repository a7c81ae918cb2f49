import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { webInputsHash } from "./webBuild.js";

describe("the web page's build inputs", () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** A repository with just the files the build reads. */
  const repo = () => {
    const root = mkdtempSync(join(tmpdir(), "dpr-web-inputs-"));
    roots.push(root);
    const files: Record<string, string> = {
      "packages/web/src/main.ts": "createApp()",
      "packages/web/src/view/verdict.ts": "export const a = 1",
      "packages/web/index.html": "<div id=app>",
      "packages/web/vite.config.ts": "export default {}",
      "packages/web/package.json": "{}",
      "packages/sdk/src/index.ts": "export {}",
      "packages/sdk/package.json": "{}",
      "package-lock.json": "{}",
    };
    for (const [path, text] of Object.entries(files)) write(root, path, text);
    return root;
  };
  const write = (root: string, path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it("is the same for the same sources, and changes with any source, the lock file or a pin", () => {
    const root = repo();
    const before = webInputsHash(root, {});
    expect(webInputsHash(root, { PATH: "/elsewhere" })).toBe(before);
    expect(webInputsHash(root, { VITE_DPR_RPC_URL: "https://rpc.example" })).not.toBe(before);
    write(root, "packages/sdk/src/index.ts", "export const b = 2");
    const afterSdk = webInputsHash(root, {});
    expect(afterSdk).not.toBe(before);
    write(root, "package-lock.json", '{"lockfileVersion":3}');
    expect(webInputsHash(root, {})).not.toBe(afterSdk);
  });

  it("ignores test files, which never reach the build, and sees a renamed file", () => {
    const root = repo();
    const before = webInputsHash(root, {});
    write(root, "packages/web/src/view/verdict.test.ts", "it()");
    expect(webInputsHash(root, {})).toBe(before);
    rmSync(join(root, "packages/web/src/view/verdict.ts"));
    write(root, "packages/web/src/view/verdicts.ts", "export const a = 1");
    expect(webInputsHash(root, {})).not.toBe(before);
  });
});
