/** The SDK's metadata document parts that `dpr metadata` and `dpr register --metadata` load on demand (see files.ts). */
export { parseMetadataDocument } from "@dpr/sdk/node";
