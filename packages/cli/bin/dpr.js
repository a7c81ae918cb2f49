#!/usr/bin/env node
// The `dpr` executable. The CLI and the SDK are TypeScript sources with no build step: register tsx's
// ESM loader in this process (no child process, so signals and exit codes are the CLI's own), then run
// src/bin.ts.
import { register } from "tsx/esm/api";

// viem is plain JavaScript of some 600 modules. Loaded before tsx's hooks are registered, it skips
// the TypeScript loader and starts about twice as fast; the SDK's later imports of it hit the module
// cache. Help and version need no viem, so they skip it and stay instant.
const args = process.argv.slice(2);
const helpOnly = args.length === 0 || args.some((a) => a === "--help" || a === "-h" || a === "--version" || a === "-V") || args[0] === "help";
if (!helpOnly) {
  await import("viem");
  await import("viem/accounts");
}

register();
await import("../src/bin.ts");
