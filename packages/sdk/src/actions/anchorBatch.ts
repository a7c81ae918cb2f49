import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { batchAnchorRegistryAbi } from "../generated/abis.js";
import { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmOf } from "../hashing/algorithms.js";
import { type Batch, manifestHash as hashManifest } from "../merkle/manifest.js";
import { toHash, toOptionalHash, toUint } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

/** A batch given by its figures. */
export interface AnchorBatchFigures {
  /** The Merkle root of the batch. */
  root: Hex;
  /** The hash function of the files' content hashes: sha256, sm3 or keccak256. */
  algorithm: HashAlgorithmName | (string & {});
  /** How many files it holds (at least one). */
  leafCount: number | bigint;
  /** Their total size in bytes. */
  totalBytes: bigint | number;
  /** The hash of the manifest document (zero when omitted). */
  manifestHash?: Hex | undefined;
}

export type AnchorBatchParameters = WriteParameters & {
  /** Where the manifest is published, if anywhere. */
  manifestURI?: string | undefined;
} & (
    | (AnchorBatchFigures & { batch?: undefined })
    | {
        /** A batch built by `buildBatch`, `batchFromManifest` or `buildBatchFromFolder`: its figures and manifest hash are used. */
        batch: Batch;
      }
  );

export interface AnchorBatchReturnType extends WriteReturnType {
  root: Hex;
  anchorer: Address;
  algorithm: HashAlgorithmName;
  leafCount: number;
  totalBytes: bigint;
  manifestHash: Hex;
  manifestURI: string;
}

/**
 * Anchors the Merkle root of a batch of files in one transaction, whatever the number of files; each
 * file then proves its inclusion with its proof from the batch. Active holder only; a root anchors once.
 *
 * @example
 * const batch = await buildBatchFromFolder("exports/2026-q1")
 * const { root } = await anchorBatch(holderContext, { batch, manifestURI: "https://example.org/q1-manifest.json" })
 */
export async function anchorBatch(context: DprContext, parameters: AnchorBatchParameters): Promise<AnchorBatchReturnType> {
  const figures: AnchorBatchFigures = parameters.batch
    ? {
        root: parameters.batch.root,
        algorithm: parameters.batch.manifest.algorithm,
        leafCount: parameters.batch.manifest.leafCount,
        totalBytes: BigInt(parameters.batch.manifest.totalBytes),
        manifestHash: hashManifest(parameters.batch.manifest),
      }
    : parameters;
  const root = toHash(figures.root, "batch root", { nonZero: true });
  const algorithm = hashAlgorithmOf(figures.algorithm);
  const leafCount = Number(toUint(figures.leafCount, "leaf count", 32));
  if (leafCount === 0) throw new InvalidArgumentError("a batch needs at least one file");
  const totalBytes = toUint(figures.totalBytes, "total size", 64);
  const manifestHash = toOptionalHash(figures.manifestHash, "manifest hash");

  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "anchorBatch",
    contract: "anchors",
    abi: batchAnchorRegistryAbi,
    functionName: "anchor",
    args: [root, algorithm, leafCount, totalBytes, manifestHash, parameters.manifestURI ?? ""],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "anchors", abi: batchAnchorRegistryAbi, eventName: "BatchAnchored" });
  return {
    root: event.root,
    anchorer: event.anchorer,
    algorithm: hashAlgorithmName(event.algorithm),
    leafCount: event.leafCount,
    totalBytes: event.totalBytes,
    manifestHash: event.manifestHash,
    manifestURI: event.manifestURI,
    ...transaction,
  };
}
