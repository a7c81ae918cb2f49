import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { parseDerivation } from "../names.js";
import { getDatasetParents } from "../reads/getDatasetParents.js";
import type { DatasetParent } from "./registerDataset.js";
import { toHash, toUint } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface MarkRevokedAncestryParameters extends WriteParameters {
  /** The derived dataset to mark. */
  datasetId: Hex;
  /** The revoked (or itself marked) parent; or give `index` instead. */
  parentId?: Hex | undefined;
  /** The revoked parent's position in the parent list; or give `parentId` instead. */
  index?: number | bigint | undefined;
  /** The parent list exactly as registered; read from the chain's `DatasetDerived` events when omitted. */
  parents?: readonly DatasetParent[] | undefined;
}

export interface MarkRevokedAncestryReturnType extends WriteReturnType {
  datasetId: Hex;
  parentId: Hex;
  markedBy: Address;
}

/**
 * Marks a dataset as derived from revoked data, by showing that its parent is REVOKED or itself so marked. Anyone
 * may. The dataset then confers nothing and cannot be granted or built on until a registrar re-confirms it
 * (`reconfirmDataset`).
 *
 * @example
 * await markRevokedAncestry(context, { datasetId: childId, parentId: revokedId })
 */
export async function markRevokedAncestry(context: DprContext, parameters: MarkRevokedAncestryParameters): Promise<MarkRevokedAncestryReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  if ((parameters.parentId === undefined) === (parameters.index === undefined)) {
    throw new InvalidArgumentError("name the revoked parent by parentId or by index, not both or neither");
  }
  const given = parameters.parents?.map((parent, i) => ({
    datasetId: toHash(parent.datasetId, `id of parent ${i + 1}`, { nonZero: true }),
    derivation: parseDerivation(parent.derivation),
  }));
  const parents =
    given ??
    ((await getDatasetParents(context, { datasetId })) ?? []).map((parent) => ({ datasetId: parent.datasetId, derivation: parseDerivation(parent.derivation) }));
  let index: bigint;
  if (parameters.index !== undefined) index = toUint(parameters.index, "parent index", 256);
  else {
    const parentId = toHash(parameters.parentId, "parent id", { nonZero: true });
    const found = parents.findIndex((parent) => parent.datasetId === parentId);
    if (found < 0) throw new InvalidArgumentError(`dataset ${parentId} is not a parent of dataset ${datasetId}`);
    index = BigInt(found);
  }
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "markRevokedAncestry",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "markRevokedAncestry",
    args: [datasetId, parents, index],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetAncestryRevoked" });
  return { datasetId: event.datasetId, parentId: event.parentId, markedBy: event.markedBy, ...transaction };
}
