/** The SDK's Merkle batch parts (see files.ts), loaded only by the commands that handle folders and proofs. */
export { buildBatchFromFolder } from "@dpr/sdk/node";
export { verifyBatchMembership } from "@dpr/sdk";
