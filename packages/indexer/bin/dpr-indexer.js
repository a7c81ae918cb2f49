#!/usr/bin/env node
// The `dpr-indexer` executable: the indexer bundled into dist/ by its build (npm run build; in this repository
// `npm install` builds it). Node 22.1+ keeps a compile cache of it, which saves most of the start-up.
import { existsSync } from "node:fs";
import module from "node:module";

const entry = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("error: dpr-indexer is not built (no dist/bin.js beside its bin/)\nhint: run npm run build (or npm install) in the repository\n");
  process.exit(1);
}
module.enableCompileCache?.();
await import(entry.href);
