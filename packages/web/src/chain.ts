/**
 * The chain: the only source of verdicts. Loads the deployment record, checks that the JSON-RPC node
 * serves that deployment (same chain id, the contracts there and wired together), then answers with
 * `@dpr/sdk`'s reads — verifyContent, getDataset, verifyBatchMembership — and names the participants
 * involved from the directory's own events.
 */
import {
  type BatchProofs,
  type Deployment,
  type HashAlgorithmName,
  type VerifyBatchMembershipReturnType,
  type VerifyContentReturnType,
  batchAnchorRegistryAbi,
  checkDeployment,
  datasetRegistryAbi,
  decodeDprError,
  getDataset,
  getDatasetHistory,
  getDatasetStatus,
  getAttestedNames,
  getGrant,
  getObjection,
  labels,
  parseDeployment,
  participantDirectoryAbi,
  verifyBatchMembership,
  verifyContent,
} from "@dpr/sdk";
import { type Address, type Hex, type Log, type PublicClient, createPublicClient, getAbiItem, http, parseEventLogs, zeroAddress, zeroHash } from "viem";
import { displayUrl } from "./config.js";
import { VerifierError, toVerifierError } from "./errors.js";
import { type ParticipantInfo, type Participants, profileName } from "./view/participants.js";
import type { DatasetDetails } from "./graphql.js";
import { type DetailReads, objectorsToRead } from "./view/checks.js";
import { type ChainEvent, type LifeCycle, lifeCycleAddresses, lifeCycleOf } from "./view/lifecycle.js";
import { addressesOf } from "./view/verdict.js";
import { removalOf } from "./view/participants.js";
import type { ZoneState } from "./view/zone.js";

/** A chain answer, the participants it names, and its parents' statuses (by lower-case id). */
export interface ChainReport {
  result: VerifyContentReturnType;
  /**
   * The time of the block the answer was read at (unix seconds): the contracts' clock for it, by which
   * a notice period has ended or not, and a grant started or expired.
   */
  blockTime: bigint;
  participants: Participants;
  parentStatuses: ReadonlyMap<string, string>;
  /**
   * Where the registration stands in the life cycle (its claim, objections, decision votes, paused clock,
   * corrections, ancestry), read at the same block; null when not registered. When the node refuses the
   * search of its events (some cap `eth_getLogs`), it holds what the record alone says.
   */
  lifeCycle: LifeCycle | null;
  /**
   * The dataset-registry events the life cycle was built from (first topic the dataset id, up to the
   * block read); null when not registered or the node refused the search.
   */
  events: readonly ChainEvent[] | null;
  /**
   * The zone's state at the same block (`pausedUntil`, `successor`): a pause or a migration refuses new
   * records, it changes no verdict. Null when the directory has neither read (an older deployment).
   */
  zone: ZoneState | null;
}

export interface BatchReport {
  result: VerifyBatchMembershipReturnType;
  /** From the anchor's `BatchAnchored` event; null when not anchored or none was given. */
  manifestURI: string | null;
  participants: Participants;
}

export interface ChainConnection {
  readonly deployment: Deployment;
  readonly chainId: number;
  /** The JSON-RPC endpoint, absolute. */
  readonly rpcUrl: string;
  /** The verdict on a content hash. */
  verifyHash(contentHash: Hex, algorithm: HashAlgorithmName): Promise<ChainReport>;
  /**
   * The verdict on a dataset id: its registration's content hash is read from its `DatasetRegistered`
   * event, then verified like any hash. An unknown id gives an unregistered answer.
   */
  lookupDataset(datasetId: Hex): Promise<ChainReport>;
  /** A file's membership of an anchored batch, from a proofs document. */
  verifyBatch(proofs: BatchProofs, contentHash: Hex, path?: string): Promise<BatchReport>;
  /**
   * Reads back, at the verdict's block, what the indexer lists beside it (view/checks.ts joins the two):
   * every grant it lists (`getGrant`), the objection of every organisation the chain's events or its
   * trail name (`objectionOf`). The reads go out at once, in JSON-RPC batches.
   */
  readDetails(report: ChainReport, details: DatasetDetails): Promise<DetailReads>;
  /** Names and jurisdictions of participants, from the directory's events (empty where the node refuses the search). */
  participants(addresses: readonly Address[]): Promise<Participants>;
}

export interface ConnectChainOptions {
  rpcUrl: string;
  deploymentUrl: string;
  /** Defaults to the global fetch (for the deployment record). */
  fetch?: typeof fetch | undefined;
  /** The record itself when the page has it already (read beforehand, or pinned in the build): `deploymentUrl` is then not fetched. */
  deployment?: Deployment | undefined;
}

/**
 * Loads and checks a deployment record: `deployment-unreachable` when it cannot be fetched (retryable),
 * `deployment-invalid` when it is not a DPR deployment record.
 */
export async function loadDeployment(url: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<Deployment> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new VerifierError("deployment-unreachable", { params: { url }, retryable: true, details: error instanceof Error ? error.message : String(error), cause: error });
  }
  if (!response.ok) throw new VerifierError("deployment-unreachable", { params: { url }, retryable: response.status >= 500, details: `HTTP ${response.status}` });
  const body = await response.text();
  try {
    return parseDeployment(body, { source: url });
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems;
    throw new VerifierError("deployment-invalid", { params: { url }, details: problems ? problems.join("; ") : String(error), cause: error });
  }
}

/**
 * Connects to the chain a deployment record names. Fails with `chain-mismatch` when the node is
 * another chain than the record's (nothing is read from it then), `deployment-mismatch` when the
 * contracts are not there, `rpc-unreachable` when the node does not answer.
 *
 * @example
 * const chain = await connectChain({ rpcUrl: "http://127.0.0.1:8545", deploymentUrl: "/api/deployment" })
 * const { result } = await chain.verifyHash(hash, "sha256")
 */
export async function connectChain(options: ConnectChainOptions): Promise<ChainConnection> {
  const { rpcUrl, deploymentUrl } = options;
  const deployment = options.deployment ?? (await loadDeployment(deploymentUrl, options.fetch));
  // Batched: the reads a page makes at once (grants, objections, names) go as one JSON-RPC batch request.
  // Not multicall: Multicall3 is not deployed on the devnet (nor recorded in a deployment record).
  const publicClient = createPublicClient({ transport: http(rpcUrl, { batch: true, retryCount: 1, timeout: 20_000 }), cacheTime: 0 }) as PublicClient;
  const rpc = { rpc: displayUrl(rpcUrl) };

  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (error) {
    throw toVerifierError(decodeDprError(error, { url: rpcUrl }), rpc);
  }
  if (chainId !== deployment.chainId) {
    throw new VerifierError("chain-mismatch", { params: { ...rpc, actual: chainId, expected: deployment.chainId } });
  }
  const context = { publicClient, deployment };
  try {
    await checkDeployment(context);
  } catch (error) {
    throw toVerifierError(error, { ...rpc, chainId, url: deploymentUrl });
  }

  const participantsOf = (addresses: readonly Address[]) => readParticipants(publicClient, deployment, addresses);
  const timeOf = async (blockNumber: bigint) => (await publicClient.getBlock({ blockNumber })).timestamp;

  const verifyHash = async (contentHash: Hex, algorithm: HashAlgorithmName): Promise<ChainReport> => {
    try {
      const result = await verifyContent(context, { contentHash, algorithm });
      const parents = result.registered ? result.parents : [];
      const [life, statuses, blockTime, zone] = await Promise.all([
        result.registered ? readLifeCycle(publicClient, deployment, result.datasetId, result.dataset.raw, result.blockNumber) : null,
        Promise.all(parents.map((p) => getDatasetStatus(context, { datasetId: p.datasetId, blockNumber: result.blockNumber }))),
        timeOf(result.blockNumber),
        readZone(publicClient, deployment, result.blockNumber),
      ]);
      const lifeCycle = life?.lifeCycle ?? null;
      const participants = await participantsOf([...addressesOf(result), ...lifeCycleAddresses(lifeCycle)]);
      return {
        result,
        blockTime,
        participants,
        parentStatuses: new Map(parents.map((p, i) => [p.datasetId.toLowerCase(), statuses[i]!])),
        lifeCycle,
        events: life?.events ?? null,
        zone,
      };
    } catch (error) {
      throw toVerifierError(error, rpc);
    }
  };

  return {
    deployment,
    chainId,
    rpcUrl,
    verifyHash,
    participants: participantsOf,
    async readDetails(report, details) {
      try {
        return await readDetails(publicClient, deployment, report, details);
      } catch (error) {
        throw toVerifierError(decodeDprError(error, { url: rpcUrl }), rpc);
      }
    },
    async lookupDataset(datasetId) {
      let registered: { contentHash: Hex; algorithm: HashAlgorithmName } | null = null;
      let blockNumber: bigint;
      try {
        blockNumber = await publicClient.getBlockNumber();
        const dataset = await getDataset(context, { datasetId, blockNumber });
        if (dataset) {
          const history = await getDatasetHistory(context, { datasetId, fromBlock: dataset.registeredBlock, toBlock: dataset.registeredBlock });
          const event = history.find((e) => e.eventName === "DatasetRegistered" && e.args.datasetId.toLowerCase() === datasetId.toLowerCase());
          if (event?.eventName === "DatasetRegistered") registered = { contentHash: event.args.contentHash, algorithm: dataset.algorithm };
        }
      } catch (error) {
        throw toVerifierError(error, rpc);
      }
      if (registered) return verifyHash(registered.contentHash, registered.algorithm);
      // Unknown id: no content hash to report; the page shows the id only for a dataset lookup.
      let blockTime: bigint;
      let zone: ZoneState | null;
      try {
        [blockTime, zone] = await Promise.all([timeOf(blockNumber), readZone(publicClient, deployment, blockNumber)]);
      } catch (error) {
        throw toVerifierError(error, rpc);
      }
      return {
        result: { registered: false, datasetId, contentHash: zeroHash, algorithm: "sha256", blockNumber },
        blockTime,
        participants: new Map(),
        parentStatuses: new Map(),
        lifeCycle: null,
        events: null,
        zone,
      };
    },
    async verifyBatch(proofs, contentHash, path) {
      try {
        const result = await verifyBatchMembership(context, { proofs, contentHash, path });
        let manifestURI: string | null = null;
        if (result.anchor) {
          const logs = await publicClient.getLogs({
            address: deployment.contracts.anchors,
            event: getAbiItem({ abi: batchAnchorRegistryAbi, name: "BatchAnchored" }),
            args: { root: result.root },
            fromBlock: deployment.deploymentBlock,
            toBlock: "latest",
          });
          manifestURI = logs[0]?.args.manifestURI || null;
        }
        return { result, manifestURI, participants: await participantsOf(result.anchor ? [result.anchor.anchorer] : []) };
      } catch (error) {
        throw toVerifierError(decodeDprError(error, { url: rpcUrl }), rpc);
      }
    },
  };
}

/**
 * The directory's `pausedUntil()` and `successor()` at `blockNumber`, sent together (the batching transport
 * makes them one JSON-RPC request). A directory older than these reads answers neither: null then, and the
 * page says nothing about the zone rather than failing the verdict.
 */
async function readZone(publicClient: PublicClient, deployment: Deployment, blockNumber: bigint): Promise<ZoneState | null> {
  const address = deployment.contracts.directory;
  const [pausedUntil, successor] = await Promise.all([
    publicClient.readContract({ abi: participantDirectoryAbi, address, functionName: "pausedUntil", blockNumber }).then(BigInt, () => null),
    publicClient.readContract({ abi: participantDirectoryAbi, address, functionName: "successor", blockNumber }).then(
      (a) => (a === zeroAddress ? null : a),
      () => undefined,
    ),
  ]);
  if (pausedUntil === null && successor === undefined) return null;
  return { pausedUntil, successor: successor ?? null };
}

/** The v2 record fields, from `getDataset`'s record as the contract returned it. */
interface RawLifeCycleFields {
  claim: number;
  openObjections: number;
  noticeRemaining: number;
  grantsValidFrom: bigint;
  ancestryRevoked: boolean;
}

/**
 * The registration's life cycle at `blockNumber`: every dataset-registry event whose first topic is the
 * dataset id (all its claims), with their blocks' times, and the registry's `objectionOf` and `decisionOf`
 * views. When the node refuses the search (some cap `eth_getLogs`), what the record alone says: the claim
 * number, the open objections, the paused clock, the ancestry mark; the verdict then says less.
 */
async function readLifeCycle(
  publicClient: PublicClient,
  deployment: Deployment,
  datasetId: Hex,
  raw: RawLifeCycleFields,
  blockNumber: bigint,
): Promise<{ lifeCycle: LifeCycle; events: ChainEvent[] | null }> {
  const address = deployment.contracts.datasets;
  try {
    const logs = (await publicClient.request({
      method: "eth_getLogs",
      params: [{ address, topics: [null, datasetId], fromBlock: `0x${deployment.deploymentBlock.toString(16)}`, toBlock: `0x${blockNumber.toString(16)}` }],
    })) as unknown as Log[];
    const decoded = parseEventLogs({ abi: datasetRegistryAbi, logs: logs.map((l) => ({ ...l, blockNumber: BigInt(l.blockNumber ?? 0), logIndex: Number(l.logIndex ?? 0) })) as Log[] });
    const blocks = [...new Set(decoded.map((e) => e.blockNumber!))];
    const times = new Map(await Promise.all(blocks.map(async (n) => [n, (await publicClient.getBlock({ blockNumber: n })).timestamp] as const)));
    const events: ChainEvent[] = decoded
      .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex! - b.logIndex! : a.blockNumber! < b.blockNumber! ? -1 : 1))
      .map((e) => ({ eventName: e.eventName, args: e.args as unknown as Record<string, unknown>, blockNumber: e.blockNumber!, time: times.get(e.blockNumber!) ?? 0n }));
    const organisations = [
      ...new Set(
        events.filter((e) => e.eventName === "DatasetObjected" && typeof e.args.organisation === "string").map((e) => (e.args.organisation as string).toLowerCase()),
      ),
    ];
    const [decision, statuses] = await Promise.all([
      publicClient.readContract({ abi: datasetRegistryAbi, address, functionName: "decisionOf", args: [datasetId], blockNumber }),
      Promise.all(
        organisations.map((organisation) =>
          publicClient.readContract({ abi: datasetRegistryAbi, address, functionName: "objectionOf", args: [datasetId, organisation as Address], blockNumber }),
        ),
      ),
    ]);
    const lifeCycle = lifeCycleOf(
      raw,
      { objections: new Map(organisations.map((o, i) => [o, Number(statuses[i])])), decision: decision.votes > 0 ? decision : null },
      events,
    );
    return { lifeCycle, events };
  } catch {
    return { lifeCycle: lifeCycleOf(raw, { objections: new Map(), decision: null }, []), events: null };
  }
}

/**
 * Every grant the indexer lists and the objection of every organisation named, read at the verdict's
 * block, all at once (the batching transport sends them together).
 */
async function readDetails(publicClient: PublicClient, deployment: Deployment, report: ChainReport, details: DatasetDetails): Promise<DetailReads> {
  const { result } = report;
  const blockNumber = result.blockNumber;
  if (!result.registered || !details.dataset) return { blockNumber, grants: new Map(), objections: new Map(), events: report.events };
  const context = { publicClient, deployment };
  const ids = [...new Set(details.dataset.grants.items.map((g) => g.id).filter((id) => /^\d+$/.test(id)))];
  const organisations = objectorsToRead(report.lifeCycle, details);
  const [grants, objections] = await Promise.all([
    Promise.all(ids.map((id) => getGrant(context, { grantId: BigInt(id), blockNumber }))),
    Promise.all(organisations.map((organisation) => getObjection(context, { datasetId: result.datasetId, organisation, blockNumber }))),
  ]);
  return {
    blockNumber,
    grants: new Map(
      ids.map((id, i) => {
        const grant = grants[i] ?? null;
        return [id, grant && { status: grant.status, datasetId: grant.datasetId, grantee: grant.grantee, right: grant.right, expiresAt: grant.expiresAt }] as const;
      }),
    ),
    objections: new Map(organisations.map((o, i) => [o.toLowerCase(), objections[i]!])),
    events: report.events,
  };
}

/**
 * Names and jurisdictions: the names the zone admin attested (`attestedNameOf`, one batched read per
 * account), and the self-declared profile names and jurisdictions from the directory's
 * `ParticipantAdded` and `ParticipantMetadataChanged` events (the metadata URI is not in contract
 * storage). Names are a courtesy: when the node refuses the log search (some cap its range) or the
 * directory has no attested names (an older deployment), the page shows less rather than failing the verdict.
 */
async function readParticipants(publicClient: PublicClient, deployment: Deployment, addresses: readonly Address[]): Promise<Participants> {
  const found = new Map<string, ParticipantInfo>();
  if (addresses.length === 0) return found;
  const common = { address: deployment.contracts.directory, args: { account: [...addresses] }, fromBlock: deployment.deploymentBlock, toBlock: "latest" } as const;
  const attested = getAttestedNames({ publicClient, deployment }, { accounts: addresses }).catch(() => null);
  // Whether each is removed now: the record as the directory answers it (batched with the rest).
  const records = Promise.all(
    addresses.map((account) =>
      publicClient.readContract({ abi: participantDirectoryAbi, address: deployment.contracts.directory, functionName: "getParticipant", args: [account] }).then(
        (r) => ({ organisation: r.organisation, removed: r.removed }),
        () => null,
      ),
    ),
  );
  const everAdded = new Set<string>();
  const removedAt = new Map<string, bigint | null>();
  try {
    const [added, changed, removed] = await Promise.all([
      publicClient.getLogs({ ...common, event: getAbiItem({ abi: participantDirectoryAbi, name: "ParticipantAdded" }) }),
      publicClient.getLogs({ ...common, event: getAbiItem({ abi: participantDirectoryAbi, name: "ParticipantMetadataChanged" }) }),
      publicClient.getLogs({ ...common, event: getAbiItem({ abi: participantDirectoryAbi, name: "ParticipantRemoved" }) }),
    ]);
    for (const log of added) if (log.args.account) everAdded.add(log.args.account.toLowerCase());
    // The latest removal of each account, with its block's time (one read per block).
    const last = new Map<string, bigint>();
    for (const log of removed) {
      const key = log.args.account?.toLowerCase();
      if (key && log.blockNumber !== null && (last.get(key) ?? -1n) < log.blockNumber) last.set(key, log.blockNumber);
    }
    const blocks = [...new Set(last.values())];
    const times = new Map(await Promise.all(blocks.map(async (n) => [n, await publicClient.getBlock({ blockNumber: n }).then((b) => b.timestamp, () => null)] as const)));
    for (const [key, block] of last) removedAt.set(key, times.get(block) ?? null);
    for (const log of added) {
      const { account, jurisdiction, metadataURI } = log.args;
      if (!account || jurisdiction === undefined) continue;
      found.set(account.toLowerCase(), { address: account, jurisdiction: labels.jurisdiction(jurisdiction), metadataURI: metadataURI ?? null, name: profileName(metadataURI) });
    }
    const ordered = [...changed].sort((a, b) => (a.blockNumber === b.blockNumber ? (a.logIndex ?? 0) - (b.logIndex ?? 0) : a.blockNumber! < b.blockNumber! ? -1 : 1));
    for (const log of ordered) {
      const { account, metadataURI } = log.args;
      const known = account ? found.get(account.toLowerCase()) : undefined;
      if (known && metadataURI !== undefined) found.set(known.address.toLowerCase(), { ...known, metadataURI, name: profileName(metadataURI) });
    }
  } catch {
    // Names only; see above.
  }
  const answers = await records;
  addresses.forEach((address, i) => {
    const key = address.toLowerCase();
    const removed = removalOf(answers[i] ?? null, { added: everAdded.has(key), removedAt: removedAt.get(key) });
    if (removed) found.set(key, { ...(found.get(key) ?? { address, name: null, metadataURI: null, jurisdiction: null }), removed });
    else if (answers[i] && found.has(key)) found.set(key, { ...found.get(key)!, removed: null });
  });
  const names = await attested;
  if (names) {
    for (const address of addresses) {
      const key = address.toLowerCase();
      const known = found.get(key) ?? { address, name: null, metadataURI: null, jurisdiction: null };
      found.set(key, { ...known, attestedName: names.get(key as Lowercase<Address>) ?? null });
    }
  }
  return found;
}
