/**
 * BatchAnchorRegistry: who may anchor, the anchor record and event, and compatibility with
 * OpenZeppelin's StandardMerkleTree (leaves `(string path, bytes32 contentHash, uint256 size)`),
 * up to a 10,000-file batch that costs the same to anchor as a 3-file one.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Hex, type TransactionReceipt, concat, getAddress, hexToBytes, keccak256, pad, parseEventLogs, toHex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { HashAlgorithm, batchAnchorRegistryAbi } from "@dpr/sdk";
import { loadFixture, publicClient } from "./helpers/chain.js";
import { type Actor, type Dpr, deployDpr, expectRevert, h, mined, zeroAddress, zeroHash } from "./helpers/dpr.js";

type Leaf = [path: string, contentHash: Hex, size: bigint];
const LEAF_ENCODING = ["string", "bytes32", "uint256"];

/**
 * The DPR fixture with the cast's addresses checksummed: eth_accounts gives them in lower case, while
 * viem returns addresses (event args, reads, decoded errors) checksummed.
 */
async function deploy(): Promise<Dpr> {
  const dpr = await deployDpr();
  const a = Object.fromEntries(Object.entries(dpr.a).map(([actor, address]) => [actor, getAddress(address)]));
  return { ...dpr, a: a as Dpr["a"] };
}

function fileLeaves(prefix: string, count: number): Leaf[] {
  return Array.from({ length: count }, (_, i): Leaf => [
    `${prefix}/${String(i).padStart(5, "0")}.tif`,
    pad(toHex(i + 1), { size: 32 }), // distinct and cheap: hashing 10,000 labels would cost more time than the tree
    BigInt(1_000 + i * 7),
  ]);
}

const totalBytes = (leaves: Leaf[]) => leaves.reduce((sum, [, , size]) => sum + size, 0n);

/** Anchors `tree` as `actor` with a manifest derived from `label`. */
function anchorTree(dpr: Dpr, actor: Actor, tree: StandardMerkleTree<Leaf>, label = "batch") {
  const leaves = [...tree.entries()].map(([, value]) => value);
  return mined(
    dpr.as(actor).anchors.write.anchor([
      tree.root as Hex,
      HashAlgorithm.SHA256,
      tree.length,
      totalBytes(leaves),
      h(`manifest:${label}`),
      `https://zone.example/batches/${label}.json`,
    ]),
  );
}

/** The intrinsic gas of a transaction's calldata (EIP-2028: 4 per zero byte, 16 per other byte). */
async function calldataGas(receipt: TransactionReceipt): Promise<bigint> {
  const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
  return hexToBytes(tx.input).reduce((gas, byte) => gas + (byte === 0 ? 4n : 16n), 0n);
}

// A batch with awkward paths and sizes, an odd number of leaves (so the tree is unbalanced).
const FILES: Leaf[] = [
  ["README.md", h("readme"), 0n],
  ["data/2024/01/readings.csv", h("jan"), 1_048_576n],
  ["data/2024/02/readings.csv", h("feb"), 999_999n],
  ["数据/医院/报告.pdf", h("report"), 123n],
  ["images/scan 001.tif", h("scan"), 2n ** 53n + 1n],
  ["data/2024/03/readings.csv", h("mar"), 1n],
  ["manifest/notes.txt", h("notes"), 2n ** 40n],
];

describe("BatchAnchorRegistry", () => {
  const tree = StandardMerkleTree.of(FILES, LEAF_ENCODING);

  describe("anchoring", () => {
    it("records the anchor of an active holder and emits BatchAnchored with the batch's details", async () => {
      const dpr = await loadFixture(deploy);
      const receipt = await mined(
        dpr.as("holder").anchors.write.anchor([tree.root as Hex, HashAlgorithm.SM3, 7, 4_242n, h("manifest"), "ipfs://manifest"]),
      );
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      expect(await dpr.read.anchors.read.getAnchor([tree.root as Hex])).toEqual({
        anchorer: dpr.a.holder,
        anchoredAt: Number(block.timestamp),
        leafCount: 7,
        algorithm: HashAlgorithm.SM3,
      });
      const logs = parseEventLogs({ abi: batchAnchorRegistryAbi, logs: receipt.logs });
      expect(logs).toHaveLength(1);
      expect(logs[0]!.eventName).toBe("BatchAnchored");
      expect(logs[0]!.args).toEqual({
        root: tree.root,
        anchorer: dpr.a.holder,
        algorithm: HashAlgorithm.SM3,
        leafCount: 7,
        totalBytes: 4_242n,
        manifestHash: h("manifest"),
        manifestURI: "ipfs://manifest",
      });
    });

    it("accepts an empty manifest URI and the extreme counts", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("holderHK").anchors.write.anchor([h("root"), HashAlgorithm.KECCAK256, 2 ** 32 - 1, 2n ** 64n - 1n, zeroHash, ""]));
      expect(await dpr.read.anchors.read.getAnchor([h("root")])).toMatchObject({
        anchorer: dpr.a.holderHK,
        leafCount: 2 ** 32 - 1,
        algorithm: HashAlgorithm.KECCAK256,
      });
    });

    it("returns an empty anchor for a root that was never anchored", async () => {
      const dpr = await loadFixture(deploy);
      expect(await dpr.read.anchors.read.getAnchor([tree.root as Hex])).toEqual({
        anchorer: zeroAddress,
        anchoredAt: 0,
        leafCount: 0,
        algorithm: 0,
      });
    });

    it("refuses anyone who is not an active holder", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["admin", "registrar", "cdo", "regulator", "auditor", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).anchors.write.anchor([tree.root as Hex, HashAlgorithm.SHA256, 7, 1n, h("m"), ""]),
          "BatchAnchorRegistryNotHolder",
          [dpr.a[actor]],
        );
      }
      expect((await dpr.read.anchors.read.getAnchor([tree.root as Hex])).anchorer).toBe(zeroAddress);
    });

    it("refuses a suspended holder until it is reinstated", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("reason")]));
      await expectRevert(
        dpr.as("holder").anchors.write.anchor([tree.root as Hex, HashAlgorithm.SHA256, 7, 1n, h("m"), ""]),
        "BatchAnchorRegistryNotHolder",
        [dpr.a.holder],
      );
      await mined(dpr.as("admin").directory.write.reinstate([dpr.a.holder, h("reason")]));
      await anchorTree(dpr, "holder", tree);
      expect((await dpr.read.anchors.read.getAnchor([tree.root as Hex])).anchorer).toBe(dpr.a.holder);
    });

    it("refuses an empty root or an empty batch", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("holder").anchors.write.anchor([zeroHash, HashAlgorithm.SHA256, 7, 1n, h("m"), ""]),
        "BatchAnchorRegistryEmptyBatch",
        [],
      );
      await expectRevert(
        dpr.as("holder").anchors.write.anchor([tree.root as Hex, HashAlgorithm.SHA256, 0, 0n, h("m"), ""]),
        "BatchAnchorRegistryEmptyBatch",
        [],
      );
      // Who may anchor is checked first.
      await expectRevert(
        dpr.as("stranger").anchors.write.anchor([zeroHash, HashAlgorithm.SHA256, 0, 0n, h("m"), ""]),
        "BatchAnchorRegistryNotHolder",
        [dpr.a.stranger],
      );
    });

    it("refuses anchoring a root again, by the same or another holder, naming the first anchorer", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const before = await dpr.read.anchors.read.getAnchor([tree.root as Hex]);
      for (const actor of ["holder", "holderHK"] as const) {
        await expectRevert(
          dpr.as(actor).anchors.write.anchor([tree.root as Hex, HashAlgorithm.SM3, 1, 1n, h("other"), "ipfs://other"]),
          "BatchAnchorRegistryAlreadyAnchored",
          [tree.root, dpr.a.holder],
        );
      }
      // Still refused once the first anchorer is suspended: an anchor is permanent.
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("r")]));
      await expectRevert(
        dpr.as("holder2").anchors.write.anchor([tree.root as Hex, HashAlgorithm.SHA256, 7, 1n, h("m"), ""]),
        "BatchAnchorRegistryAlreadyAnchored",
        [tree.root, dpr.a.holder],
      );
      expect(await dpr.read.anchors.read.getAnchor([tree.root as Hex])).toEqual(before);
    });
  });

  describe("StandardMerkleTree compatibility", () => {
    it("computes the same leaf hash as @openzeppelin/merkle-tree", async () => {
      const dpr = await loadFixture(deploy);
      const extremes: Leaf[] = [
        ["", zeroHash, 0n],
        ["a/very/deep/path/".repeat(20) + "file.bin", h("deep"), 2n ** 256n - 1n],
      ];
      for (const leaf of [...FILES, ...extremes]) {
        expect(await dpr.read.anchors.read.leafHash(leaf)).toBe(tree.leafHash(leaf));
      }
    });

    it("verifies every file of an anchored batch, first and last included", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const root = tree.root as Hex;
      const entries = [...tree.entries()];
      expect(entries.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const [i, leaf] of entries) {
        const proof = tree.getProof(i) as Hex[];
        expect(await dpr.read.anchors.read.verifyFile([root, ...leaf, proof]), `file ${i}`).toBe(true);
      }
    });

    it("refuses a file whose size, path or content hash differs from the batch's", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const root = tree.root as Hex;
      for (const i of [0, 3, 6]) {
        const [path, contentHash, size] = FILES[i]!;
        const proof = tree.getProof(i) as Hex[];
        expect(await dpr.read.anchors.read.verifyFile([root, path, contentHash, size, proof])).toBe(true);
        const wrong: Leaf[] = [
          [path, contentHash, size === 0n ? 1n : size - 1n],
          [`./${path}`, contentHash, size],
          [path.replaceAll("/", "\\"), contentHash, size],
          [path.toUpperCase(), contentHash, size],
          [path, h(`tampered:${i}`), size],
        ];
        for (const leaf of wrong) {
          if (leaf[0] === path && leaf[1] === contentHash && leaf[2] === size) continue; // an edit that leaves this path unchanged (no "/", no letters to upper-case)
          expect(await dpr.read.anchors.read.verifyFile([root, ...leaf, proof]), JSON.stringify(leaf, (_, v) => String(v))).toBe(false);
        }
      }
    });

    it("never takes an interior node of the tree for a file (no bare leaf-and-proof check exists)", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const root = tree.root as Hex;
      // The attack a bare verify(root, leaf, proof) allowed: the hash of two sibling leaves is a node whose
      // proof, one level shorter, leads to the root. The contract has no entry point that accepts it.
      expect(batchAnchorRegistryAbi.some((item) => item.type === "function" && (item.name as string) === "verify")).toBe(false);
      const proof0 = tree.getProof(0) as Hex[];
      const sibling = proof0[0]!;
      const leaf0 = tree.leafHash(tree.at(0)!) as Hex;
      const pair = (a: Hex, b: Hex) => keccak256(concat(a < b ? [a, b] : [b, a]));
      const node = pair(leaf0, sibling);
      // The node and the rest of the proof do reach the root: a bare check would have said "in the batch".
      expect(proof0.slice(1).reduce(pair, node)).toBe(root);
      // Posing as a file whose leaf would be that node is hopeless: verifyFile hashes what it is given.
      expect(await dpr.read.anchors.read.verifyFile([root, node, node, 0n, proof0.slice(1)])).toBe(false);
    });

    it("refuses a proof that belongs to another file", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const root = tree.root as Hex;
      for (const [i, j] of [
        [0, 6],
        [6, 0],
        [1, 2],
        [3, 4],
      ] as const) {
        expect(await dpr.read.anchors.read.verifyFile([root, ...FILES[i]!, tree.getProof(j) as Hex[]])).toBe(false);
      }
      expect(await dpr.read.anchors.read.verifyFile([root, ...FILES[1]!, []])).toBe(false);
    });

    it("refuses a root that was never anchored, even with a valid proof of its tree", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", tree);
      const other = StandardMerkleTree.of(fileLeaves("unanchored", 5), LEAF_ENCODING);
      for (const [i, leaf] of other.entries()) {
        const proof = other.getProof(i) as Hex[];
        expect(StandardMerkleTree.verify(other.root, LEAF_ENCODING, leaf, proof)).toBe(true);
        expect(await dpr.read.anchors.read.verifyFile([other.root as Hex, ...leaf, proof])).toBe(false);
      }
      // Nor does an anchored tree's proof verify against another root.
      expect(await dpr.read.anchors.read.verifyFile([other.root as Hex, ...FILES[0]!, tree.getProof(0) as Hex[]])).toBe(false);
    });

    it("verifies a batch of one file with an empty proof", async () => {
      const dpr = await loadFixture(deploy);
      const single = StandardMerkleTree.of([FILES[1]!], LEAF_ENCODING);
      expect(single.root).toBe(single.leafHash(FILES[1]!));
      await anchorTree(dpr, "holderMO", single, "single");
      expect(await dpr.read.anchors.read.verifyFile([single.root as Hex, ...FILES[1]!, []])).toBe(true);
      expect(await dpr.read.anchors.read.verifyFile([single.root as Hex, ...FILES[2]!, []])).toBe(false);
    });
  });

  describe("a batch of 10,000 files", () => {
    const small = StandardMerkleTree.of(fileLeaves("small", 3), LEAF_ENCODING);
    let large: StandardMerkleTree<Leaf>;
    beforeAll(() => {
      large = StandardMerkleTree.of(fileLeaves("large", 10_000), LEAF_ENCODING);
    });

    it("costs the same gas to anchor as a batch of 3, except for calldata bytes", async () => {
      const dpr = await loadFixture(deploy);
      const smallReceipt = await anchorTree(dpr, "holder", small, "small");
      const largeReceipt = await anchorTree(dpr, "holder", large, "large");
      expect((await dpr.read.anchors.read.getAnchor([large.root as Hex])).leafCount).toBe(10_000);

      const difference = largeReceipt.gasUsed - smallReceipt.gasUsed;
      expect(difference < 0n ? -difference : difference).toBeLessThan(400n);
      // Beyond the calldata (which differs only in the bytes of the root, counts and manifest), identical.
      expect(largeReceipt.gasUsed - (await calldataGas(largeReceipt))).toBe(smallReceipt.gasUsed - (await calldataGas(smallReceipt)));
    });

    it("verifies a file in the middle of the batch on chain with a short proof", async () => {
      const dpr = await loadFixture(deploy);
      await anchorTree(dpr, "holder", large, "large");
      const root = large.root as Hex;
      for (const i of [5_000, 0, 9_999]) {
        const leaf = large.at(i)!;
        const proof = large.getProof(i) as Hex[];
        expect(proof.length).toBeLessThanOrEqual(14);
        expect(await dpr.read.anchors.read.verifyFile([root, ...leaf, proof]), `file ${i}`).toBe(true);
        expect(await dpr.read.anchors.read.verifyFile([root, leaf[0], leaf[1], leaf[2] + 1n, proof])).toBe(false);
      }
    });
  });

  describe("metadata", () => {
    it("reports version 2.0.0, its directory and the one forwarder it trusts", async () => {
      const dpr = await loadFixture(deploy);
      expect(await dpr.read.anchors.read.version()).toBe("2.0.0");
      expect(await dpr.read.anchors.read.directory()).toBe(getAddress(dpr.addresses.directory));
      expect(await dpr.read.anchors.read.trustedForwarder()).toBe(getAddress(dpr.addresses.forwarder));
      expect(await dpr.read.anchors.read.isTrustedForwarder([dpr.a.admin])).toBe(false);
    });
  });
});
