// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/**
 * @title Semver
 * @notice Reports the semantic version of a deployed DPR contract, so clients and the indexer can tell
 * which rules a deployment enforces.
 */
abstract contract Semver {
    uint256 private immutable _major;
    uint256 private immutable _minor;
    uint256 private immutable _patch;

    constructor(uint256 major, uint256 minor, uint256 patch) {
        _major = major;
        _minor = minor;
        _patch = patch;
    }

    /// @notice The contract's version as `MAJOR.MINOR.PATCH`.
    function version() external view returns (string memory) {
        return
            string.concat(Strings.toString(_major), ".", Strings.toString(_minor), ".", Strings.toString(_patch));
    }
}
