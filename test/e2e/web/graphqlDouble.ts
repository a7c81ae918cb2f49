/**
 * A TEST DOUBLE of the indexer's GraphQL API — not the indexer. It executes queries against the real
 * schema (packages/indexer/src/graphql/schema.graphql, so a query the page sends that the API would
 * refuse fails here too) and answers from the chain itself, read through `@dpr/sdk`, so the page's
 * history, grants, timeline, lineage and registrations list render real data. It exists only until the
 * lead's indexer can be started in this test; then these checks move to the real thing.
 *
 * One deliberate lie: `lieAbout` gives a dataset a status other than the chain's, to check that the
 * page names both values.
 */
import { readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DatasetHistoryEntry,
  type DprContext,
  datasetRegistryAbi,
  getDataset,
  getDatasetHistory,
  getGrant,
  getLineage,
  labels,
  sectorName,
} from "@dpr/sdk";
import { buildSchema, graphql } from "graphql";
import { type Hex, getAbiItem } from "viem";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface GraphqlDouble {
  url: string;
  /** Queries answered so far (operation names), to check the page asked. */
  readonly operations: string[];
  /** Closes the port: the indexer "stops". */
  stop(): Promise<void>;
}

export interface GraphqlDoubleOptions {
  context: Pick<DprContext, "publicClient" | "deployment">;
  profiles: Map<string, { metadataURI: string; jurisdiction: string }>;
  lieAbout?: { datasetId: Hex; status: string } | undefined;
}

/** Bigints as decimal strings, as the API's `args` carry them. */
const jsonArgs = (value: unknown): unknown =>
  typeof value === "bigint" ? value.toString() : Array.isArray(value) ? value.map(jsonArgs) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonArgs(v)])) : value;

const ACTOR_FIELDS = ["holder", "registrar", "objector", "resolver", "regulator", "grantor", "revokedBy", "from"] as const;

export async function startGraphqlDouble(options: GraphqlDoubleOptions): Promise<GraphqlDouble> {
  const schema = buildSchema(readFileSync(join(repoRoot, "packages/indexer/src/graphql/schema.graphql"), "utf8"));
  const { context, profiles, lieAbout } = options;
  const { publicClient, deployment } = context;
  const operations: string[] = [];

  const participant = (address: string) => {
    const profile = profiles.get(address.toLowerCase());
    return { id: address.toLowerCase(), jurisdiction: profile?.jurisdiction ?? "other", metadataURI: profile?.metadataURI ?? "" };
  };
  const statusOf = async (id: Hex): Promise<string> => {
    if (lieAbout && lieAbout.datasetId.toLowerCase() === id.toLowerCase()) return lieAbout.status;
    return (await getDataset(context, { datasetId: id }))?.status ?? "unknown";
  };
  const event = (e: DatasetHistoryEntry) => {
    const args = jsonArgs(e.args) as Record<string, unknown>;
    const actor = ACTOR_FIELDS.map((f) => args[f]).find((v): v is string => typeof v === "string");
    return {
      id: `${e.blockNumber.toString().padStart(12, "0")}-${String(e.logIndex).padStart(6, "0")}`,
      name: e.eventName,
      actor: actor?.toLowerCase() ?? null,
      args,
      blockNumber: e.blockNumber.toString(),
      timestamp: e.timestamp.toString(),
      txHash: e.txHash,
      grantId: typeof args.grantId === "string" ? args.grantId : null,
    };
  };

  const dataset = async (id: Hex) => {
    const record = await getDataset(context, { datasetId: id });
    if (!record) return null;
    const history = await getDatasetHistory(context, { datasetId: id });
    const registration = history.find((e) => e.eventName === "DatasetRegistered" && e.args.datasetId.toLowerCase() === id.toLowerCase());
    const issued = history.filter((e) => e.eventName === "GrantIssued");
    const grants = await Promise.all(
      issued.map(async (e) => {
        if (e.eventName !== "GrantIssued") throw new Error("unreachable");
        const grant = (await getGrant(context, { grantId: e.args.grantId }))!;
        return {
          id: grant.grantId.toString(),
          granteeAddress: grant.grantee.toLowerCase(),
          grantee: participant(grant.grantee),
          right: grant.right,
          purposeCode: e.args.terms.purposeCode,
          startsAt: grant.startsAt.toString(),
          expiresAt: (grant.expiresAt ?? 0n).toString(),
          crossBorder: e.args.crossBorder,
          mechanism: labels.transferMechanism(e.args.terms.mechanism),
          status: grant.status,
          issuedAt: e.timestamp.toString(),
        };
      }),
    );
    return {
      id: id.toLowerCase(),
      status: await statusOf(id),
      holderAddress: record.holder.toLowerCase(),
      holder: participant(record.holder),
      contentHash: registration?.eventName === "DatasetRegistered" ? registration.args.contentHash : "0x",
      algorithm: record.algorithm,
      version: 1,
      registeredBlock: record.registeredBlock.toString(),
      grants: ({ first }: { first: number }) => ({ items: grants.slice(0, first), pageInfo: { hasNextPage: grants.length > first } }),
      events: ({ first }: { first: number }) => ({ items: history.slice(0, first).map(event), pageInfo: { hasNextPage: history.length > first } }),
    };
  };

  const lineage = async ({ id, direction, depth }: { id: Hex; direction: "UP" | "DOWN"; depth: number }) => {
    const found = await getLineage(context, { datasetId: id, direction: direction === "UP" ? "up" : "down", depth });
    const edges = await Promise.all(
      found.links.map(async (link) => ({
        depth: link.depth,
        edge: {
          derivation: link.derivation,
          parent: { id: link.parentId.toLowerCase(), status: await statusOf(link.parentId) },
          child: { id: link.datasetId.toLowerCase(), status: await statusOf(link.datasetId) },
          blockNumber: link.blockNumber.toString(),
        },
      })),
    );
    return { root: await dataset(id), direction, edges, truncated: found.truncated };
  };

  const datasets = async ({ where, first, after }: { where?: Record<string, unknown> | null; first: number; after?: string | null }) => {
    const logs = await publicClient.getLogs({
      address: deployment.contracts.datasets,
      event: getAbiItem({ abi: datasetRegistryAbi, name: "DatasetRegistered" }),
      fromBlock: deployment.deploymentBlock,
      toBlock: "latest",
    });
    const all = await Promise.all(
      logs.reverse().map(async (log) => {
        const record = (await getDataset(context, { datasetId: log.args.datasetId! }))!;
        return {
          id: log.args.datasetId!.toLowerCase(),
          contentHash: log.args.contentHash!.toLowerCase(),
          algorithm: record.algorithm,
          status: await statusOf(log.args.datasetId!),
          holderAddress: record.holder.toLowerCase(),
          holder: participant(record.holder),
          metadataURI: log.args.metadataURI ?? "",
          sector: record.sector,
          sectorName: sectorName(record.sector)?.toLowerCase() ?? String(record.sector),
          category: record.category,
          grade: record.grade,
          registeredAt: record.registeredAt.toString(),
          registeredBlock: record.registeredBlock.toString(),
        };
      }),
    );
    const matches = (item: (typeof all)[number], filter: Record<string, unknown> | null | undefined): boolean => {
      if (!filter) return true;
      return Object.entries(filter).every(([key, value]) => {
        if (key === "and") return (value as Record<string, unknown>[]).every((f) => matches(item, f));
        if (key === "or") return (value as Record<string, unknown>[]).some((f) => matches(item, f));
        if (key === "metadataURI_contains_nocase") return item.metadataURI.toLowerCase().includes(String(value).toLowerCase());
        if (key === "holder") return item.holderAddress === value;
        if (key === "id" || key === "contentHash" || key === "status") return item[key] === value;
        throw new Error(`the double does not filter on ${key}`);
      });
    };
    const filtered = all.filter((item) => matches(item, where));
    const start = after ? Number(Buffer.from(after, "base64").toString()) : 0;
    const items = filtered.slice(start, start + first);
    const end = start + items.length;
    return { items, pageInfo: { hasNextPage: end < filtered.length, endCursor: items.length > 0 ? Buffer.from(String(end)).toString("base64") : null } };
  };

  const meta = async () => {
    const block = await publicClient.getBlock();
    return {
      block: { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) },
      chainHead: Number(block.number),
      lag: 0,
      hasIndexingErrors: false,
      chainId: deployment.chainId,
      deploymentBlock: Number(deployment.deploymentBlock),
    };
  };

  const rootValue = { dataset: ({ id }: { id: Hex }) => dataset(id), datasets, lineage, _meta: meta };

  const server: Server = createServer((req, res) => {
    // The page runs on another origin (the static server): answer CORS as the indexer must.
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "content-type, accept");
    res.setHeader("access-control-allow-methods", "POST, GET, OPTIONS");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      try {
        const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const name = /query\s+(\w+)/.exec(query)?.[1] ?? operationName ?? "anonymous";
        operations.push(name);
        const result = await graphql({ schema, source: query, variableValues: variables ?? {}, rootValue });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    operations,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
