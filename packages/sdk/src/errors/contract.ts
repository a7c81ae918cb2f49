import { type Abi, type Hex, decodeErrorResult, toFunctionSelector } from "viem";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi, participantDirectoryAbi, requestForwarderAbi } from "../generated/abis.js";
import { DprError, type DprErrorOptions } from "./base.js";
import { type DprContractErrorName, contractErrorMessages } from "./messages.js";

export type { DprContractErrorName } from "./messages.js";

type AbiError = Extract<Abi[number], { type: "error" }>;

/** The name of a DPR contract, as its Solidity source names it. */
export type DprContractName = "ParticipantDirectory" | "DatasetRegistry" | "GrantRegistry" | "BatchAnchorRegistry" | "RequestForwarder";

const abis: readonly [DprContractName, readonly unknown[]][] = [
  ["ParticipantDirectory", participantDirectoryAbi],
  ["DatasetRegistry", datasetRegistryAbi],
  ["GrantRegistry", grantRegistryAbi],
  ["BatchAnchorRegistry", batchAnchorRegistryAbi],
  // Delegated requests (ERC-2771): the forwarder's refusals, and OpenZeppelin's FailedCall when the forwarded call reverted.
  ["RequestForwarder", requestForwarderAbi],
];

/** Which contract declares each custom error (a revert can bubble up from a contract the call reached). */
const contractOfError = new Map<string, DprContractName>();
const errorItems: AbiError[] = [];
for (const [contract, abi] of abis) {
  for (const item of abi as readonly AbiError[]) {
    if (item.type !== "error" || contractOfError.has(item.name)) continue;
    contractOfError.set(item.name, contract);
    errorItems.push(item);
  }
}

/** Every custom error of the four DPR contracts, for decoding revert data whichever contract it came from. */
export const dprErrorsAbi: readonly AbiError[] = errorItems;

/**
 * A DPR contract refused the call: one of its rules was not met. The message says which rule, naming
 * the dataset, account, role or status involved; `errorName` and `args` carry the custom error as the
 * contract raised it.
 *
 * @example
 * try { await confirmDataset(context, { datasetId }) }
 * catch (error) { if (error instanceof ContractRuleError && error.errorName === "DatasetRegistryOwnOrganisation") … }
 */
export class ContractRuleError extends DprError {
  override name = "ContractRuleError";
  /** The custom error's name, e.g. `DatasetRegistryWrongStatus`. */
  readonly errorName: DprContractErrorName;
  /** Its arguments by their names in the ABI (enums as their numbers, uint256 as bigint). */
  readonly args: Readonly<Record<string, unknown>>;
  /** The contract that declares the error. */
  readonly contract: DprContractName;
  /** The contract function that was called, when known. */
  readonly functionName: string | undefined;
  /** The raw revert data. */
  readonly data: Hex;

  constructor(
    parameters: {
      errorName: DprContractErrorName;
      args: Readonly<Record<string, unknown>>;
      contract: DprContractName;
      functionName?: string | undefined;
      data: Hex;
    },
    options: DprErrorOptions = {},
  ) {
    const { message, hint } = contractErrorMessages[parameters.errorName]({
      args: parameters.args,
      functionName: parameters.functionName,
    });
    super(message, { hint, details: `${parameters.contract} reverted with ${parameters.errorName}`, ...options });
    this.errorName = parameters.errorName;
    this.args = parameters.args;
    this.contract = parameters.contract;
    this.functionName = parameters.functionName;
    this.data = parameters.data;
  }
}

const errorStringSelector = toFunctionSelector("Error(string)");
const panicSelector = toFunctionSelector("Panic(uint256)");

/**
 * Decodes revert data into the SDK's error: a {@link ContractRuleError} for the DPR contracts' custom
 * errors, a {@link DprError} for a reason string, a panic or an error no DPR contract declares.
 */
export function decodeRevertData(data: Hex, options: { functionName?: string | undefined; cause?: unknown } = {}): DprError {
  const where = options.functionName ? ` (${options.functionName})` : "";
  if (data === "0x" || data.length < 10) {
    return new DprError(`the contract reverted without a reason${where}`, { cause: options.cause });
  }
  const selector = data.slice(0, 10).toLowerCase();
  try {
    if (selector === errorStringSelector) {
      const decoded = decodeErrorResult({ data });
      return new DprError(`the contract refused${where}: ${String(decoded.args?.[0])}`, { cause: options.cause });
    }
    if (selector === panicSelector) {
      const decoded = decodeErrorResult({ data });
      const code = `0x${BigInt(decoded.args?.[0] as bigint).toString(16)}`;
      return new DprError(`the contract panicked${where}: code ${code}`, { cause: options.cause });
    }
    const decoded = decodeErrorResult({ abi: dprErrorsAbi, data });
    const item = decoded.abiItem as AbiError;
    const contract = contractOfError.get(decoded.errorName);
    if (contract) {
      const args: Record<string, unknown> = {};
      item.inputs.forEach((input, index) => {
        args[input.name ?? String(index)] = (decoded.args as readonly unknown[] | undefined)?.[index];
      });
      return new ContractRuleError(
        { errorName: decoded.errorName as DprContractErrorName, args, contract, functionName: options.functionName, data },
        { cause: options.cause },
      );
    }
  } catch {
    // Not an error of ours, or malformed data: reported below with its selector.
  }
  return new DprError(`the contract refused${where} with an error no DPR contract declares (selector ${selector})`, {
    details: `revert data: ${data}`,
    hint: "is the deployment record pointing at DPR contracts of this SDK's version?",
    cause: options.cause,
  });
}
