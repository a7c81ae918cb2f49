// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {HashAlgorithm, Role} from "./DPRTypes.sol";
import {IBatchAnchorRegistry} from "./IBatchAnchorRegistry.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title BatchAnchorRegistry
 * @notice Merkle roots of file batches. See {IBatchAnchorRegistry}.
 */
contract BatchAnchorRegistry is IBatchAnchorRegistry, ERC2771Context, Semver {
    IParticipantDirectory private immutable _directory;

    // One slot per root: anchorer (160) | anchoredAt (40) | leafCount (32) | algorithm (8).
    mapping(bytes32 root => Anchor) private _anchors;

    /**
     * @param directory_ The participant directory.
     * @param forwarder_ The request forwarder whose signed requests act for their signer.
     */
    constructor(IParticipantDirectory directory_, address forwarder_) ERC2771Context(forwarder_) Semver(2, 0, 0) {
        _directory = directory_;
    }

    /// @inheritdoc IBatchAnchorRegistry
    function anchor(
        bytes32 root,
        HashAlgorithm algorithm,
        uint32 leafCount,
        uint64 totalBytes,
        bytes32 manifestHash,
        string calldata manifestURI
    ) external {
        address sender = _msgSender();
        if (!_directory.hasRoleWhileOpen(sender, Role.HOLDER)) revert BatchAnchorRegistryNotHolder(sender);
        if (root == bytes32(0) || leafCount == 0) revert BatchAnchorRegistryEmptyBatch();
        Anchor storage existing = _anchors[root];
        if (existing.anchorer != address(0)) revert BatchAnchorRegistryAlreadyAnchored(root, existing.anchorer);
        _anchors[root] = Anchor({
            anchorer: sender,
            anchoredAt: uint40(block.timestamp),
            leafCount: leafCount,
            algorithm: algorithm
        });
        emit BatchAnchored(root, sender, algorithm, leafCount, totalBytes, manifestHash, manifestURI);
    }

    /// @inheritdoc IBatchAnchorRegistry
    function getAnchor(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @inheritdoc IBatchAnchorRegistry
    function verifyFile(
        bytes32 root,
        string calldata path,
        bytes32 contentHash,
        uint256 size,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _anchors[root].anchorer != address(0) && MerkleProof.verifyCalldata(proof, root, leafHash(path, contentHash, size));
    }

    /// @inheritdoc IBatchAnchorRegistry
    function leafHash(string calldata path, bytes32 contentHash, uint256 size) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(path, contentHash, size))));
    }

    /// @notice The participant directory this registry consults.
    function directory() external view returns (address) {
        return address(_directory);
    }
}
