import { type Address, type Hex, getAddress, isAddress, isHex, zeroAddress, zeroHash } from "viem";
import { GovernanceError } from "./errors.js";
import { ADMIN_PROPOSAL_FORMAT, type AdminProposal, type ProposalCall } from "./proposal.js";

/**
 * Checks the shape of an admin proposal read from JSON (`dpr-admin-proposal/1`) and returns it typed
 * (addresses checksummed, hex in lower case). Only the shape: `verifyAdminProposal` checks the fields
 * against each other and the chain. A malformed document is a `GovernanceError` (`invalid`) listing every problem.
 *
 * @example
 * const proposal = parseAdminProposal(await readFile("onboard.json", "utf8"))
 */
export function parseAdminProposal(json: unknown): AdminProposal {
  let document = json;
  if (typeof document === "string") {
    try {
      document = JSON.parse(document) as unknown;
    } catch (error) {
      throw new GovernanceError("invalid", `not an admin proposal: not JSON (${(error as Error).message})`, { cause: error });
    }
  }
  const problems: string[] = [];
  const record = (typeof document === "object" && document !== null && !Array.isArray(document) ? document : {}) as Record<string, unknown>;
  if (record.format !== ADMIN_PROPOSAL_FORMAT) {
    throw new GovernanceError("invalid", `not an admin proposal: format is ${JSON.stringify(record.format)}, expected "${ADMIN_PROPOSAL_FORMAT}"`);
  }
  const address = (value: unknown, field: string): Address => {
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      problems.push(`${field}: expected an address`);
      return zeroAddress;
    }
    return getAddress(value);
  };
  const hex = (value: unknown, field: string, size?: number): Hex => {
    if (typeof value !== "string" || !isHex(value) || (size !== undefined && value.length !== 2 + 2 * size)) {
      problems.push(`${field}: expected ${size === undefined ? "hex bytes" : `${size} bytes of hex`}`);
      return zeroHash;
    }
    return value.toLowerCase() as Hex;
  };
  const uint = (value: unknown, field: string): string => {
    if (typeof value !== "string" || !/^(0|[1-9][0-9]*)$/.test(value)) {
      problems.push(`${field}: expected a non-negative integer as a decimal string`);
      return "0";
    }
    return value;
  };
  const object = (value: unknown, field: string): Record<string, unknown> => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`${field}: expected an object`);
      return {};
    }
    return value as Record<string, unknown>;
  };
  const chainId = record.chainId;
  if (!(typeof chainId === "number" && Number.isSafeInteger(chainId) && chainId > 0)) problems.push("chainId: expected a positive integer");
  const rawCalls = Array.isArray(record.calls) ? record.calls : (problems.push("calls: expected an array"), []);
  if (Array.isArray(record.calls) && rawCalls.length === 0) problems.push("calls: empty");
  const calls = rawCalls.map((raw, i): ProposalCall => {
    const c = object(raw, `calls[${i}]`);
    return {
      to: address(c.to, `calls[${i}].to`),
      value: uint(c.value, `calls[${i}].value`),
      data: hex(c.data, `calls[${i}].data`),
      action: typeof c.action === "string" ? c.action : "",
      function: typeof c.function === "string" ? c.function : "",
      args: Array.isArray(c.args) ? c.args : [],
    };
  });
  const op = object(record.timelockOperation, "timelockOperation");
  const tx = object(record.safeTransaction, "safeTransaction");
  if (tx.operation !== 0) problems.push("safeTransaction.operation: expected 0 (a call; a proposal never delegatecalls)");
  const rawSignatures = Array.isArray(record.signatures) ? record.signatures : (problems.push("signatures: expected an array"), []);
  const proposal: AdminProposal = {
    format: ADMIN_PROPOSAL_FORMAT,
    chainId: chainId as number,
    safe: address(record.safe, "safe"),
    timelock: address(record.timelock, "timelock"),
    calls,
    timelockOperation: {
      predecessor: hex(op.predecessor, "timelockOperation.predecessor", 32),
      salt: hex(op.salt, "timelockOperation.salt", 32),
      delay: uint(op.delay, "timelockOperation.delay"),
      id: hex(op.id, "timelockOperation.id", 32),
    },
    safeTransaction: {
      to: address(tx.to, "safeTransaction.to"),
      value: uint(tx.value, "safeTransaction.value"),
      data: hex(tx.data, "safeTransaction.data"),
      operation: 0,
      safeTxGas: uint(tx.safeTxGas, "safeTransaction.safeTxGas"),
      baseGas: uint(tx.baseGas, "safeTransaction.baseGas"),
      gasPrice: uint(tx.gasPrice, "safeTransaction.gasPrice"),
      gasToken: address(tx.gasToken, "safeTransaction.gasToken"),
      refundReceiver: address(tx.refundReceiver, "safeTransaction.refundReceiver"),
      nonce: uint(tx.nonce, "safeTransaction.nonce"),
    },
    safeTxHash: hex(record.safeTxHash, "safeTxHash", 32),
    signatures: rawSignatures.map((raw, i) => {
      const s = object(raw, `signatures[${i}]`);
      return { owner: address(s.owner, `signatures[${i}].owner`), signature: hex(s.signature, `signatures[${i}].signature`, 65) };
    }),
  };
  if (problems.length > 0) throw new GovernanceError("invalid", `not a valid admin proposal: ${problems.join("; ")}`);
  return proposal;
}
