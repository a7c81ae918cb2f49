import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Hex, encodeAbiParameters, keccak256, parseAbiParameters, toBytes } from "viem";
import { DprError, InvalidHashError } from "../errors/base.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";

/**
 * The leaf type of a DPR batch, as in `BatchAnchorRegistry`: OpenZeppelin `StandardMerkleTree` over
 * `(string path, bytes32 contentHash, uint256 size)`.
 */
export const batchLeafEncoding = ["string", "bytes32", "uint256"] as const;

/** One file of a batch. `path` is relative to the batch folder, with `/` separators. */
export interface BatchFile {
  path: string;
  contentHash: Hex;
  size: bigint;
}

/** A batch manifest: what a data holder publishes (e.g. at the anchor's manifest URI). */
export interface BatchManifest {
  format: "dpr-batch-manifest/1";
  algorithm: HashAlgorithmName;
  root: Hex;
  leafCount: number;
  totalBytes: string;
  files: { path: string; contentHash: Hex; size: string }[];
}

/** A file's proof of inclusion, as written by `dpr anchor --out`. */
export interface BatchProof {
  path: string;
  contentHash: Hex;
  size: string;
  proof: Hex[];
}

/** Every file's proof, keyed by nothing but order; `root` says which batch. */
export interface BatchProofs {
  format: "dpr-batch-proofs/1";
  algorithm: HashAlgorithmName;
  root: Hex;
  proofs: BatchProof[];
}

/** A batch could not be built: no files, a duplicate path, a bad hash. */
export class BatchError extends DprError {
  override name = "BatchError";
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

/** Normalises a batch path: Unicode NFC, `/` separators, no leading `./`, no `..` or empty segments. */
export function normaliseBatchPath(path: string): string {
  const normalised = path.normalize("NFC").replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  const segments = normalised.split("/");
  if (normalised === "" || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new BatchError(`invalid path in batch: "${path}"`, { hint: "use a relative path like data/2026/q1.csv" });
  }
  return normalised;
}

/** A built batch: its tree, manifest and proofs. */
export interface Batch {
  root: Hex;
  tree: StandardMerkleTree<[string, Hex, bigint]>;
  manifest: BatchManifest;
  proofs: BatchProofs;
}

/**
 * Builds the Merkle batch of a list of files. Files are ordered by path so that the same files always
 * give the same root; proofs verify with `@openzeppelin/merkle-tree` and with the contract's
 * `verifyFile`.
 *
 * @example
 * const batch = buildBatch([{ path: "a.csv", contentHash, size: 1024n }], { algorithm: "sha256" })
 * batch.root // anchor this
 */
export function buildBatch(files: readonly BatchFile[], options: { algorithm: HashAlgorithmName }): Batch {
  if (files.length === 0) throw new BatchError("a batch needs at least one file");
  const seen = new Set<string>();
  const values: [string, Hex, bigint][] = files
    .map((f): [string, Hex, bigint] => {
      const path = normaliseBatchPath(f.path);
      if (seen.has(path)) throw new BatchError(`duplicate path in batch: "${path}"`);
      seen.add(path);
      if (!HASH.test(f.contentHash)) throw new InvalidHashError(`content hash of "${path}" is not 32 bytes of hex: ${f.contentHash}`);
      if (f.size < 0n) throw new BatchError(`negative size for "${path}"`);
      return [path, f.contentHash.toLowerCase() as Hex, f.size];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  const tree = StandardMerkleTree.of(values, [...batchLeafEncoding]);
  const root = tree.root as Hex;
  const totalBytes = values.reduce((sum, v) => sum + v[2], 0n);
  const manifest: BatchManifest = {
    format: "dpr-batch-manifest/1",
    algorithm: options.algorithm,
    root,
    leafCount: values.length,
    totalBytes: totalBytes.toString(),
    files: values.map(([path, contentHash, size]) => ({ path, contentHash, size: size.toString() })),
  };
  const proofs: BatchProofs = {
    format: "dpr-batch-proofs/1",
    algorithm: options.algorithm,
    root,
    proofs: [...tree.entries()].map(([index, [path, contentHash, size]]) => ({
      path,
      contentHash,
      size: size.toString(),
      proof: tree.getProof(index) as Hex[],
    })),
  };
  return { root, tree, manifest, proofs };
}

/** Rebuilds a batch from its manifest, checking that the manifest's root is the files' root. */
export function batchFromManifest(manifest: BatchManifest): Batch {
  if (manifest.format !== "dpr-batch-manifest/1") throw new BatchError(`not a DPR batch manifest (format ${String(manifest.format)})`);
  const batch = buildBatch(
    manifest.files.map((f) => ({ path: f.path, contentHash: f.contentHash, size: BigInt(f.size) })),
    { algorithm: manifest.algorithm },
  );
  if (batch.root !== manifest.root.toLowerCase()) {
    throw new BatchError(`manifest root ${manifest.root} does not match its files (they give ${batch.root})`);
  }
  return batch;
}

/** The hash of a manifest document as anchored on chain: keccak256 of its canonical JSON. */
export function manifestHash(manifest: BatchManifest): Hex {
  return keccak256(toBytes(JSON.stringify(manifest)));
}

/**
 * The `StandardMerkleTree` leaf hash of a file, as the contract's `leafHash` computes it:
 * `keccak256(keccak256(abi.encode(path, contentHash, size)))`.
 */
export function batchLeafHash(file: BatchFile): Hex {
  const encoded = encodeAbiParameters(parseAbiParameters("string, bytes32, uint256"), [
    normaliseBatchPath(file.path),
    file.contentHash,
    file.size,
  ]);
  return keccak256(keccak256(encoded));
}

/** Whether a file with `proof` belongs to the batch with `root` (off chain; the contract checks the same). */
export function verifyBatchProof(root: Hex, file: BatchFile, proof: readonly Hex[]): boolean {
  return StandardMerkleTree.verify(root, [...batchLeafEncoding], [normaliseBatchPath(file.path), file.contentHash, file.size], [
    ...proof,
  ]);
}
