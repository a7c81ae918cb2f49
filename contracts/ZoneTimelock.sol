// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Semver} from "./Semver.sol";

/**
 * @title ZoneTimelock
 * @notice The zone's governance: holds `DEFAULT_ADMIN_ROLE` of the participant directory, so that every
 * change of who holds the offices (onboarding, discipline, pause, migration), and anything else governance
 * does, is proposed by the zone's multisig, waits out the delay in public, and only then runs.
 * @dev OpenZeppelin's {TimelockController}, unchanged and self-administered: proposers (and cancellers)
 * are the multisig; executors are given at deployment (the zero address lets anyone execute a ready
 * operation). The delay itself changes only through the timelock. docs/contracts.md gives the delays a
 * zone should use: at least 2 days in production, less than the directory's longest pause.
 */
contract ZoneTimelock is TimelockController, Semver {
    /**
     * @param minDelay The delay in seconds between scheduling an operation and running it.
     * @param proposers Who may schedule and cancel operations (the multisig).
     * @param executors Who may run ready operations; `[address(0)]` for anyone.
     */
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors
    ) TimelockController(minDelay, proposers, executors, address(0)) Semver(1, 0, 0) {}
}
