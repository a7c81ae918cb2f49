#!/usr/bin/env node
// The `dpr-indexer` executable. The indexer and the SDK are TypeScript sources with no build step:
// register tsx's ESM loader in this process (so signals and exit codes are the indexer's own), then
// run src/bin.ts.
import { register } from "tsx/esm/api";

register();
await import("../src/bin.ts");
