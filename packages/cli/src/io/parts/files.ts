/**
 * The SDK's file parts that `dpr hash` and `dpr verify` load on demand: named re-exports, so that the
 * bundle's chunk for them holds these and what they use, not the whole SDK (whose package declares no
 * side effects). A dynamic `import("@dpr/sdk/node")` would load every export of the entry.
 */
export { hashFile, readDeploymentFile } from "@dpr/sdk/node";
