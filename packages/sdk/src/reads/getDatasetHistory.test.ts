import { type Hex, createPublicClient, custom, zeroAddress, zeroHash } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Jurisdiction, Right, TransferMechanism } from "../generated/enums.js";
import { NO_BORDER_CONDITIONS } from "../conditions/borderConditions.js";
import { datasetIdOf } from "./datasetIdOf.js";
import { getDatasetHistory } from "./getDatasetHistory.js";
import { getLineage } from "./getLineage.js";
import { type Actor, type Chain, h, startDpr } from "./testkit.js";

const NOTICE = 3_600n;

let chain: Chain;
const id = (label: string) => datasetIdOf({ contentHash: h(`content:${label}`) });
const [A, A2, B, C, D, E] = ["A", "A2", "B", "C", "D", "E"].map(id) as [Hex, Hex, Hex, Hex, Hex, Hex];
/** Each step's transaction and block, in the order sent. */
const steps: { name: string; txHash: Hex; blockNumber: bigint; timestamp: bigint }[] = [];

beforeAll(async () => {
  chain = await startDpr(NOTICE);
  const { wallet, mined, deployment, a } = chain;
  const { datasets, grants } = deployment.contracts;
  const step = async (name: string, hash: Promise<Hex>) => {
    const receipt = await mined(hash);
    const block = await chain.context.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    steps.push({ name, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber, timestamp: block.timestamp });
  };
  const register = (actor: Actor, label: string, extra: { versionOf?: Hex; parents?: { datasetId: Hex; derivation: number }[] } = {}) =>
    step(
      `register ${label}`,
      wallet(actor).writeContract({
        address: datasets,
        abi: datasetRegistryAbi,
        functionName: "register",
        args: [
          {
            algorithm: HashAlgorithm.SHA256,
            contentHash: h(`content:${label}`),
            metadataHash: h(`metadata:${label}`),
            metadataURI: `https://zone.example/datasets/${label}.json`,
            category: Category.PUBLIC,
            grade: Grade.GENERAL,
            containsPersonalData: false,
            sector: 5,
            jurisdiction: Jurisdiction.GZ,
            versionOf: extra.versionOf ?? zeroHash,
            parents: extra.parents ?? [],
            borderConditions: NO_BORDER_CONDITIONS,
          },
        ],
      }),
    );

  await register("holder", "A");
  await step("confirm A", wallet("registrar").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "confirm", args: [A] }));
  await step("object A", wallet("holder2").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "object", args: [A, h("evidence")] }));
  await step(
    "resolve A",
    wallet("regulator").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "resolve", args: [A, false, zeroAddress, h("decision")] }),
  );
  // The dismissal returns A to the notice it had left; it is granted once that ends.
  await chain.increaseTime(Number(NOTICE) + 1);
  const now = (await chain.context.publicClient.getBlock()).timestamp;
  await step(
    "grant A",
    wallet("holder").writeContract({
      address: grants,
      abi: grantRegistryAbi,
      functionName: "grant",
      args: [
        {
          datasetId: A,
          grantee: a.holderHK,
          terms: {
            right: Right.PROCESSING_USE,
            purposeCode: 3,
            purposeHash: h("purpose"),
            scopeHash: h("scope"),
            startsAt: 0,
            expiresAt: Number(now + 86_400n * 365n),
            termsHash: h("terms"),
            mechanism: TransferMechanism.GBA_SC_HK,
            evidence: { contractHash: h("contract"), impactAssessmentHash: zeroHash, consentRecordsRoot: zeroHash, filingRef: h("filing") },
          },
        },
      ],
    }),
  );
  // Another dataset's events, which must not show up in A's history.
  await register("holder2", "E");
  await step("confirm E", wallet("registrar").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "confirm", args: [E] }));
  await chain.increaseTime(60);
  await step("acknowledge A", wallet("regulator").writeContract({ address: grants, abi: grantRegistryAbi, functionName: "acknowledge", args: [1n, h("note")] }));
  await register("holder", "B", { parents: [{ datasetId: A, derivation: Derivation.TRANSFORMATION }] });
  await register("holder", "D");
  // C derives from B and D, which must be confirmed first.
  for (const [label, datasetId] of [["B", B], ["D", D]] as const) {
    await step(`confirm ${label}`, wallet("registrar").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "confirm", args: [datasetId] }));
  }
  await chain.increaseTime(Number(NOTICE));
  await register("holder", "C", {
    parents: [
      { datasetId: B, derivation: Derivation.AGGREGATION },
      { datasetId: D, derivation: Derivation.AGGREGATION },
    ],
  });
  await register("holder", "A2", { versionOf: A });
}, 60_000);

afterAll(async () => {
  await chain?.node.stop();
});

const step = (name: string) => steps.find((s) => s.name === name)!;

describe("getDatasetHistory", () => {
  it("returns every event about a dataset in chain order, with its block, transaction and time", async () => {
    const history = await getDatasetHistory(chain.context, { datasetId: A });
    expect(history.map((e) => e.eventName)).toEqual([
      "DatasetRegistered",
      "DatasetConfirmed",
      "DatasetObjected",
      "DatasetDisputeResolved",
      "GrantIssued",
      "GrantAcknowledged",
      "DatasetDerived", // B from A
      "DatasetRegistered", // A2, the next version of A
    ]);
    const expected = ["register A", "confirm A", "object A", "resolve A", "grant A", "acknowledge A", "register B", "register A2"].map(step);
    expect(history.map(({ blockNumber, txHash, timestamp }) => ({ blockNumber, txHash, timestamp }))).toEqual(
      expected.map(({ blockNumber, txHash, timestamp }) => ({ blockNumber, txHash, timestamp })),
    );
    for (let i = 1; i < history.length; i++) expect(history[i]!.timestamp).toBeGreaterThan(history[i - 1]!.timestamp);
  });

  it("decodes each event's arguments, with the contract it came from", async () => {
    const history = await getDatasetHistory(chain.context, { datasetId: A });
    const { a } = chain;
    expect(history[0]).toMatchObject({
      contract: "datasets",
      eventName: "DatasetRegistered",
      args: { datasetId: A, holder: a.holder, versionOf: zeroHash, contentHash: h("content:A"), metadataURI: "https://zone.example/datasets/A.json" },
    });
    expect(history[1]).toMatchObject({ args: { registrar: a.registrar, confirmations: 1, requiredConfirmations: 1 } });
    expect(history[2]).toMatchObject({ args: { objector: a.holder2, evidenceHash: h("evidence") } });
    expect(history[3]).toMatchObject({ args: { resolver: a.regulator, upheld: false, holder: a.holder, status: DatasetStatus.NOTICE } });
    expect(history[4]).toMatchObject({ contract: "grants", args: { grantId: 1n, datasetId: A, grantee: a.holderHK, grantor: a.holder, crossBorder: true } });
    expect(history[5]).toMatchObject({ contract: "grants", args: { grantId: 1n, datasetId: A, regulator: a.regulator } });
    expect(history[6]).toMatchObject({ args: { datasetId: B, parentId: A, derivation: Derivation.TRANSFORMATION } });
    expect(history[7]).toMatchObject({ args: { datasetId: A2, versionOf: A } });
    // Narrowing on eventName types the arguments.
    const confirmed = history.find((e) => e.eventName === "DatasetConfirmed");
    expect(confirmed?.eventName === "DatasetConfirmed" && confirmed.args.noticeEndsAt).toBe(Number(step("confirm A").timestamp + NOTICE));
  });

  it("shows a derived dataset's parents and children", async () => {
    const history = await getDatasetHistory(chain.context, { datasetId: B });
    expect(history.map((e) => [e.eventName, e.args])).toEqual([
      ["DatasetRegistered", expect.objectContaining({ datasetId: B })],
      ["DatasetDerived", { datasetId: B, parentId: A, derivation: Derivation.TRANSFORMATION }],
      ["DatasetConfirmed", expect.objectContaining({ datasetId: B })],
      ["DatasetDerived", { datasetId: C, parentId: B, derivation: Derivation.AGGREGATION }],
    ]);
  });

  it("gives the same history whatever the page size of the log search", async () => {
    const whole = await getDatasetHistory(chain.context, { datasetId: A });
    for (const blockRange of [1n, 2n, 7n]) {
      expect(await getDatasetHistory(chain.context, { datasetId: A, blockRange, fromBlock: chain.deployment.deploymentBlock })).toEqual(whole);
    }
  });

  it("splits log searches that the node refuses as too large", async () => {
    // An endpoint that, like many public ones, refuses eth_getLogs over more than 4 blocks.
    const spans: { span: bigint; refused: boolean }[] = [];
    const forward = chain.context.publicClient;
    const capped = createPublicClient({
      chain: hardhat,
      transport: custom({
        async request({ method, params }: { method: string; params: unknown }) {
          if (method === "eth_getLogs") {
            const [{ fromBlock, toBlock }] = params as [{ fromBlock: Hex; toBlock: Hex }];
            const span = BigInt(toBlock) - BigInt(fromBlock) + 1n;
            spans.push({ span, refused: span > 4n });
            if (span > 4n) throw { code: -32005, message: "query exceeds max block range 4" };
          }
          return forward.request({ method, params } as never);
        },
      }, { retryCount: 0 }),
    });
    const context = { publicClient: capped, deployment: chain.deployment };
    expect(await getDatasetHistory(context, { datasetId: A, fromBlock: chain.deployment.deploymentBlock })).toEqual(
      await getDatasetHistory(chain.context, { datasetId: A }),
    );
    expect(spans.some((s) => s.refused)).toBe(true);
    expect(spans.filter((s) => !s.refused).every((s) => s.span <= 4n)).toBe(true);
  });

  it("stops at toBlock, and is empty for an unknown dataset", async () => {
    const upToObjection = await getDatasetHistory(chain.context, { datasetId: A, toBlock: step("object A").blockNumber });
    expect(upToObjection.map((e) => e.eventName)).toEqual(["DatasetRegistered", "DatasetConfirmed", "DatasetObjected"]);
    expect(await getDatasetHistory(chain.context, { datasetId: h("unknown") })).toEqual([]);
  });
});

describe("getLineage", () => {
  it("walks up through every generation of parents", async () => {
    const lineage = await getLineage(chain.context, { datasetId: C, direction: "up" });
    expect(lineage).toEqual({
      datasetId: C,
      direction: "up",
      links: [
        { datasetId: C, parentId: B, derivation: "aggregation", depth: 1, blockNumber: step("register C").blockNumber, txHash: step("register C").txHash },
        { datasetId: C, parentId: D, derivation: "aggregation", depth: 1, blockNumber: step("register C").blockNumber, txHash: step("register C").txHash },
        { datasetId: B, parentId: A, derivation: "transformation", depth: 2, blockNumber: step("register B").blockNumber, txHash: step("register B").txHash },
      ],
      datasetIds: [B, D, A],
      truncated: false,
    });
  });

  it("walks down through every generation of derived datasets (versions are not derivations)", async () => {
    const lineage = await getLineage(chain.context, { datasetId: A, direction: "down" });
    expect(lineage.links.map((l) => [l.datasetId, l.parentId, l.depth])).toEqual([
      [B, A, 1],
      [C, B, 2],
    ]);
    expect(lineage.datasetIds).toEqual([B, C]);
    expect(lineage.truncated).toBe(false);
  });

  it("stops at the depth asked for and says when there was more", async () => {
    const up = await getLineage(chain.context, { datasetId: C, direction: "up", depth: 1 });
    expect(up.datasetIds).toEqual([B, D]);
    expect(up.truncated).toBe(true);
    const down = await getLineage(chain.context, { datasetId: A, direction: "down", depth: 1, blockRange: 2n });
    expect(down.datasetIds).toEqual([B]);
    expect(down.truncated).toBe(true);
    const exact = await getLineage(chain.context, { datasetId: A, direction: "down", depth: 2 });
    expect(exact.truncated).toBe(false);
  });

  it("finds nothing beyond the ends of the lineage", async () => {
    expect(await getLineage(chain.context, { datasetId: A, direction: "up" })).toMatchObject({ links: [], datasetIds: [], truncated: false });
    expect(await getLineage(chain.context, { datasetId: C, direction: "down" })).toMatchObject({ links: [], datasetIds: [], truncated: false });
    expect(await getLineage(chain.context, { datasetId: h("unknown"), direction: "up" })).toMatchObject({ links: [] });
  });
});
