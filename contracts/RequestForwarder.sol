// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Semver} from "./Semver.sol";

/**
 * @title RequestForwarder
 * @notice Carries requests that officers signed off line (EIP-712) to the DPR registries, so that anyone
 * (a data exchange relaying for small holders, a zone without funded accounts) can submit them. The
 * registries trust this forwarder alone ({ERC2771Context}): for a forwarded call they act for the signer,
 * exactly as if the signer had sent the transaction, with every rule checked against the signer.
 * @dev OpenZeppelin's {ERC2771Forwarder}, unchanged: a request names its signer, target, value, gas, nonce
 * and deadline, and is signed under the EIP-712 domain ("DPR", "1", chain id, this contract). Nonces are
 * sequential per signer, so a request is used once; a request past its deadline, signed for another chain
 * or another forwarder, or naming a target that does not trust this forwarder, is refused. One generic
 * request type rather than one per action keeps the registries within EIP-170's size limit; the SDK and
 * `dpr sign` decode and show the call an officer signs.
 */
contract RequestForwarder is ERC2771Forwarder, Semver {
    constructor() ERC2771Forwarder("DPR") Semver(1, 0, 0) {}
}
