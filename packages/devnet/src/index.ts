/**
 * @dpr/devnet — local development chains for DPR: a Hardhat node or anvil on a free port, in its own
 * process group with a watchdog, stopped cleanly. Used by `npm start`, the tests and the benchmarks.
 * Node.js on Linux only (it reads /proc to prove that nothing is left behind).
 */
export { type ChainKind, type DevChain, type StartChainOptions, startChain } from "./startChain.js";
export { type DevAccount, devAccount, devAccountCount, devChainId, devMnemonic } from "./accounts.js";
export { ChainStartError, ChainStopError, DevnetError, PortInUseError } from "./errors.js";
export { freePort } from "./freePort.js";
export { groupMembers, portOpen, signalGroup, waitFor } from "./processGroup.js";
