// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {HashAlgorithm} from "./DPRTypes.sol";

/**
 * @title IBatchAnchorRegistry
 * @notice The cheap path for bulk provenance: one transaction anchors the Merkle root of a batch of
 * files, and any file proves its inclusion with a short proof, checked here or in the browser.
 *
 * Leaves follow OpenZeppelin's `StandardMerkleTree` with the leaf type `(string path, bytes32
 * contentHash, uint256 size)`: `keccak256(bytes.concat(keccak256(abi.encode(path, contentHash, size))))`,
 * where `path` is the file's path relative to the batch folder with `/` separators, `contentHash` the
 * file's hash under the batch's algorithm, and `size` its length in bytes. Anchoring costs the same
 * whatever the size of the batch.
 */
interface IBatchAnchorRegistry {
    /**
     * @notice An anchored batch as stored (one slot).
     * @param anchorer The holder who anchored it.
     * @param anchoredAt When (unix seconds).
     * @param leafCount How many files it holds.
     * @param algorithm The hash function of the files' content hashes.
     */
    struct Anchor {
        address anchorer;
        uint40 anchoredAt;
        uint32 leafCount;
        HashAlgorithm algorithm;
    }

    /**
     * @notice A batch was anchored.
     * @param root The Merkle root (the anchor's id).
     * @param anchorer The anchoring holder.
     * @param algorithm The hash function of the files' content hashes.
     * @param leafCount How many files the batch holds.
     * @param totalBytes Their total size.
     * @param manifestHash The hash of the manifest document.
     * @param manifestURI Where the manifest is published, or empty.
     */
    event BatchAnchored(
        bytes32 indexed root,
        address indexed anchorer,
        HashAlgorithm algorithm,
        uint32 leafCount,
        uint64 totalBytes,
        bytes32 manifestHash,
        string manifestURI
    );

    /**
     * @notice The account is not an active HOLDER.
     * @param account The account.
     */
    error BatchAnchorRegistryNotHolder(address account);

    /**
     * @notice The root is already anchored.
     * @param root The root.
     * @param anchorer Who anchored it.
     */
    error BatchAnchorRegistryAlreadyAnchored(bytes32 root, address anchorer);

    /**
     * @notice The root is zero or the batch is empty.
     */
    error BatchAnchorRegistryEmptyBatch();

    /**
     * @notice Anchors a batch. Active HOLDER only.
     * @param root The Merkle root of the batch.
     * @param algorithm The hash function of the files' content hashes.
     * @param leafCount How many files it holds (at least one).
     * @param totalBytes Their total size.
     * @param manifestHash The hash of the manifest document.
     * @param manifestURI Where the manifest is published, or empty.
     */
    function anchor(
        bytes32 root,
        HashAlgorithm algorithm,
        uint32 leafCount,
        uint64 totalBytes,
        bytes32 manifestHash,
        string calldata manifestURI
    ) external;

    /**
     * @notice The anchor of `root` (all zero when it is not anchored).
     * @param root The root.
     * @return The anchor.
     */
    function getAnchor(bytes32 root) external view returns (Anchor memory);

    /**
     * @notice Whether the file (`path`, `contentHash`, `size`) is in the anchored batch `root`.
     * @dev The leaf is built here ({leafHash}), never taken from the caller: an interior node of the tree,
     * which a bare (leaf, proof) check would accept as a leaf, can never pass as a file.
     * @param root The anchored root.
     * @param path The file's path within the batch.
     * @param contentHash The file's content hash.
     * @param size The file's size in bytes.
     * @param proof The Merkle proof.
     * @return False when the root is not anchored or the proof fails.
     */
    function verifyFile(
        bytes32 root,
        string calldata path,
        bytes32 contentHash,
        uint256 size,
        bytes32[] calldata proof
    ) external view returns (bool);

    /**
     * @notice The `StandardMerkleTree` leaf of a file.
     * @param path The file's path within the batch.
     * @param contentHash The file's content hash.
     * @param size The file's size in bytes.
     * @return The leaf hash.
     */
    function leafHash(string calldata path, bytes32 contentHash, uint256 size) external pure returns (bytes32);
}
