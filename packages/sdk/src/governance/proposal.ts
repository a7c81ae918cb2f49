import {
  type Abi,
  type Address,
  type Hex,
  type TypedDataDefinition,
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  hashTypedData,
  keccak256,
} from "viem";
import {
  batchAnchorRegistryAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  participantDirectoryAbi,
  zoneTimelockAbi,
} from "../generated/abis.js";

/** The format tag of admin proposal files. */
export const ADMIN_PROPOSAL_FORMAT = "dpr-admin-proposal/1";

/** One call the timelock will make once the proposal has waited out its delay. */
export interface ProposalCall {
  /** The contract called (the directory, the timelock itself, a registry). */
  to: Address;
  /** Wei sent with it, as a decimal string (always "0" for DPR's calls). */
  value: string;
  /** The ABI-encoded call: what is signed and run. */
  data: Hex;
  /** The SDK action that built it, for people (e.g. "addParticipant"). */
  action: string;
  /** The function and its arguments decoded from `data` (bigints as decimal strings), for people. */
  function: string;
  args: unknown[];
}

/** The timelock operation: its calls are scheduled with these, and run under this id. */
export interface ProposalOperation {
  /** The operation that must run first (zero for none). */
  predecessor: Hex;
  /** Makes the operation unique (two proposals with the same calls need different salts). */
  salt: Hex;
  /** The delay it is scheduled with, in seconds (at least the timelock's minimum). */
  delay: string;
  /** The timelock's id of the operation (`hashOperation` or `hashOperationBatch`). */
  id: Hex;
}

/** The Safe transaction that schedules the operation on the timelock (Safe's `SafeTx`, all numbers as decimal strings). */
export interface ProposalSafeTransaction {
  to: Address;
  value: string;
  data: Hex;
  operation: 0;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  gasToken: Address;
  refundReceiver: Address;
  /** The Safe nonce it is signed for: it can run once, and only while the Safe's nonce is this one. */
  nonce: string;
}

/** An owner's approval: its EIP-712 signature of the Safe transaction. */
export interface ProposalSignature {
  owner: Address;
  signature: Hex;
}

/**
 * An admin call (or batch of calls) on its way through the zone's multisig and timelock, as a file that
 * owners pass around: `dpr-admin-proposal/1`. Everything but `signatures` is fixed when the first owner
 * signs; {@link verifyAdminProposal} recomputes the hash from the fields, so a changed field is caught
 * before anything is sent.
 */
export interface AdminProposal {
  format: typeof ADMIN_PROPOSAL_FORMAT;
  chainId: number;
  safe: Address;
  timelock: Address;
  calls: ProposalCall[];
  timelockOperation: ProposalOperation;
  safeTransaction: ProposalSafeTransaction;
  /** The EIP-712 hash of `safeTransaction` for this Safe and chain: what every owner signs. */
  safeTxHash: Hex;
  signatures: ProposalSignature[];
}

const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** Safe's EIP-712 typed data of a transaction (Safe ≥ 1.3: the domain is the chain and the Safe). */
export function safeTxTypedData(chainId: number, safe: Address, tx: ProposalSafeTransaction): TypedDataDefinition<typeof SAFE_TX_TYPES, "SafeTx"> {
  return {
    domain: { chainId, verifyingContract: safe },
    types: SAFE_TX_TYPES,
    primaryType: "SafeTx",
    message: {
      to: tx.to,
      value: BigInt(tx.value),
      data: tx.data,
      operation: tx.operation,
      safeTxGas: BigInt(tx.safeTxGas),
      baseGas: BigInt(tx.baseGas),
      gasPrice: BigInt(tx.gasPrice),
      gasToken: tx.gasToken,
      refundReceiver: tx.refundReceiver,
      nonce: BigInt(tx.nonce),
    },
  };
}

/** The hash owners sign. */
export function safeTxHashOf(chainId: number, safe: Address, tx: ProposalSafeTransaction): Hex {
  return hashTypedData(safeTxTypedData(chainId, safe, tx));
}

/** The timelock call that schedules the calls: `schedule` for one, `scheduleBatch` for several. */
export function scheduleData(calls: readonly Pick<ProposalCall, "to" | "value" | "data">[], operation: Omit<ProposalOperation, "id">): Hex {
  const delay = BigInt(operation.delay);
  if (calls.length === 1) {
    const call = calls[0]!;
    return encodeFunctionData({ abi: zoneTimelockAbi, functionName: "schedule", args: [call.to, BigInt(call.value), call.data, operation.predecessor, operation.salt, delay] });
  }
  return encodeFunctionData({
    abi: zoneTimelockAbi,
    functionName: "scheduleBatch",
    args: [calls.map((c) => c.to), calls.map((c) => BigInt(c.value)), calls.map((c) => c.data), operation.predecessor, operation.salt, delay],
  });
}

/** The timelock call that runs the operation once ready: `execute` or `executeBatch`. */
export function executeData(calls: readonly ProposalCall[], operation: ProposalOperation): Hex {
  if (calls.length === 1) {
    const call = calls[0]!;
    return encodeFunctionData({ abi: zoneTimelockAbi, functionName: "execute", args: [call.to, BigInt(call.value), call.data, operation.predecessor, operation.salt] });
  }
  return encodeFunctionData({
    abi: zoneTimelockAbi,
    functionName: "executeBatch",
    args: [calls.map((c) => c.to), calls.map((c) => BigInt(c.value)), calls.map((c) => c.data), operation.predecessor, operation.salt],
  });
}

/** What `hashOperation` / `hashOperationBatch` compute on chain, computed here. */
export function operationId(calls: readonly Pick<ProposalCall, "to" | "value" | "data">[], predecessor: Hex, salt: Hex): Hex {
  // The timelock hashes abi.encode(target, value, data, predecessor, salt), or the arrays for a batch.
  if (calls.length === 1) {
    const c = calls[0]!;
    return keccak256(
      encodeAbiParameters(
        [{ type: "address" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes32" }, { type: "bytes32" }],
        [c.to, BigInt(c.value), c.data, predecessor, salt],
      ),
    );
  }
  return keccak256(
    encodeAbiParameters(
      [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }, { type: "bytes32" }],
      [calls.map((c) => c.to), calls.map((c) => BigInt(c.value)), calls.map((c) => c.data), predecessor, salt],
    ),
  );
}

const KNOWN_ABIS: readonly Abi[] = [participantDirectoryAbi, zoneTimelockAbi, datasetRegistryAbi, grantRegistryAbi, batchAnchorRegistryAbi];

/** Any value as JSON can hold it: bigints as decimal strings. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

/**
 * The function and arguments of a call, decoded from its data with DPR's ABIs (the directory, the
 * timelock, the registries): what people read is what runs, never what a file claims.
 */
export function decodeCall(data: Hex): { function: string; args: unknown[] } {
  for (const abi of KNOWN_ABIS) {
    try {
      const decoded = decodeFunctionData({ abi, data });
      return { function: decoded.functionName, args: jsonSafe(decoded.args ?? []) as unknown[] };
    } catch {
      // not this contract's function: try the next ABI
    }
  }
  return { function: data.slice(0, 10), args: [] };
}
