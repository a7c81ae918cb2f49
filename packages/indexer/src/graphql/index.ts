/**
 * The GraphQL stage: schema.graphql served by graphql-yoga at `/graphql` (GraphiQL on), over the
 * index the sync writes. Read-only; every answer comes from one block's state (see `block.ts`).
 *
 * The yoga app is built apart from any listener: the server mounts it as a Node request listener,
 * tests call `yoga.fetch("http://x/graphql", …)`.
 */
import { readFileSync } from "node:fs";
import { GraphQLError } from "./graphqlJs.js";
import { type Plugin, type YogaServerInstance, createSchema, createYoga } from "graphql-yoga";
import type { Logger } from "pino";
import type { IndexingErrorReport } from "../errors.js";
import type { Db } from "../store/db.js";
import { type MetadataDocuments, noMetadataDocuments } from "../sync/metadata.js";
import { type ApiConfig, type GraphqlContext, createRequestApi } from "./context.js";
import { ApiError } from "./errors.js";
import { type Limits, defaultLimits, useArmor, usePageBudget } from "./limits.js";
import { resolvers } from "./resolvers.js";
import { type CatalogueExport, catalogueExport } from "./catalogue.js";

export type { GraphqlContext } from "./context.js";
export { ApiError, type ApiErrorCode } from "./errors.js";
export { type Limits, defaultLimits } from "./limits.js";
export type { CatalogueExport } from "./catalogue.js";

export interface CreateGraphqlOptions {
  db: Db;
  /** What the sync knows; read on every `_meta`. */
  status: {
    chainId: number;
    deploymentBlock: number;
    /** The last head the sync saw, or null before it has seen one. */
    chainHead(): number | null;
    hasIndexingErrors(): boolean;
    /** The error that stopped indexing, or null (default: none). */
    indexingError?(): IndexingErrorReport | null;
  };
  logger: Logger;
  /** Metadata documents by SHA-256, for `Dataset.metadata` (default: none). */
  metadata?: MetadataDocuments;
  /** Unix seconds, for clock-based statuses of queries without `block` (default: the system clock). */
  now?: () => number;
  limits?: Partial<Limits>;
}

/** The server adds nothing to the context (a Node listener passes `req`/`res`, which resolvers never use). */
export type ServerContext = {};

export type Graphql = YogaServerInstance<ServerContext, GraphqlContext>;

/** schema.graphql: the API contract, read once. */
export const typeDefs = readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");

/** The GraphQL API as a graphql-yoga instance. */
export function createGraphql(options: CreateGraphqlOptions): Graphql {
  const limits: Limits = { ...defaultLimits, ...definedOnly(options.limits ?? {}) };
  const { db, logger } = options;
  const config = apiConfig(options, limits);
  const plugins: Plugin[] = [useArmor(limits), usePageBudget(limits)];
  if (db.kind === "postgres") plugins.push(useRequestTransaction(db, config.statementTimeoutMs));

  return createYoga<ServerContext, GraphqlContext>({
    schema: createSchema<GraphqlContext>({ typeDefs, resolvers }),
    graphqlEndpoint: "/graphql",
    graphiql: { title: "DPR audit API" },
    // GraphiQL from the package, inlined in the page: yoga's default loads it from unpkg.com, which an
    // offline zone cannot reach and which would run a third party's code on this origin. Loaded on the
    // first visit: the package is several megabytes of script that an indexer nobody browses never needs.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    landingPage: false,
    // Batched HTTP requests would multiply every per-request limit.
    batching: false,
    context: ({ request }) => ({ api: createRequestApi(config, db), origin: requestOrigin(request) }),
    plugins,
    maskedErrors: { maskError: (error, message) => maskError(error, message, logger) },
    // Yoga logs at error level each error it masks; maskError has logged it already, with its cause
    // and path, so yoga's copy goes to debug.
    logging: {
      debug: (...args) => logger.debug({ args: args.map(String) }, "graphql-yoga"),
      info: (...args) => logger.info({ args: args.map(String) }, "graphql-yoga"),
      warn: (...args) => logger.warn({ args: args.map(String) }, "graphql-yoga"),
      error: (...args) => logger.debug({ args: args.map(String) }, "graphql-yoga: masked error"),
    },
  });
}

function apiConfig(options: CreateGraphqlOptions, limits: Limits): ApiConfig {
  const { db, logger, status } = options;
  return {
    chainId: status.chainId,
    deploymentBlock: status.deploymentBlock,
    chainHead: () => status.chainHead(),
    hasIndexingErrors: () => status.hasIndexingErrors(),
    indexingError: () => status.indexingError?.() ?? null,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
    maxFirst: limits.maxFirst,
    statementTimeoutMs: db.kind === "postgres" ? limits.statementTimeoutMs : 0,
    logger,
    metadata: options.metadata ?? noMetadataDocuments,
  };
}

/**
 * The catalogue's DCAT 3 JSON-LD at the latest indexed state, for `GET /catalogue.jsonld` and
 * `GET /datasets/{id}.jsonld`: the same entries and builder as `CatalogueEntry.jsonld`.
 */
export function createCatalogueExport(options: CreateGraphqlOptions): CatalogueExport {
  const limits: Limits = { ...defaultLimits, ...definedOnly(options.limits ?? {}) };
  return catalogueExport(apiConfig(options, limits), options.db);
}

/**
 * The origin a request was addressed to: its Host header (the server passes it through), with `https` when a
 * proxy says so (X-Forwarded-Proto). Only names things in the JSON-LD the same client receives.
 */
export function requestOrigin(request: { url: string; headers: Headers }): string {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const protocol = proto === "https" || proto === "http" ? `${proto}:` : url.protocol;
  if (host && /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return `${protocol}//${host.toLowerCase()}`;
  return `${protocol}//${url.host}`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * PostgreSQL: each request runs in one read-only REPEATABLE READ transaction with a local statement
 * timeout. The snapshot keeps the request consistent even across a reorg rollback the sync commits
 * meanwhile; the timeout cancels a runaway statement on the server (a client-side timer could not).
 */
function useRequestTransaction(db: Db, statementTimeoutMs: number): Plugin {
  // An integer we own, not user input: safe to write into the statement.
  const timeout = statementTimeoutMs > 0 ? `; set local statement_timeout = ${Math.floor(statementTimeoutMs)}` : "";
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) =>
        db.transaction(async (tx) => {
          await tx.exec(`set transaction isolation level repeatable read, read only${timeout}`);
          (args.contextValue as GraphqlContext).api.runOn(tx);
          return executeFn(args);
        }),
      );
    },
  };
}

/**
 * Every error leaves with a stable `extensions.code`. Our ApiErrors pass as they are; request-level
 * errors from GraphQL itself (parse, validation, variable coercion) keep yoga's codes or get
 * BAD_USER_INPUT; anything else — a database failure, a bug — is logged with its cause and returned
 * as an opaque INTERNAL_SERVER_ERROR.
 */
function maskError(error: unknown, message: string, logger: Logger): Error {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original instanceof ApiError) return error;
    if (!original && error.extensions?.code) return error;
    // Tied to the document but to no result path: GraphQL refused the request's variables or values.
    // (Labelled in place: yoga logs every error its mask replaces, and a client's typo is no server error.)
    if (!error.path && error.nodes?.length) {
      (error.extensions as Record<string, unknown>).code = "BAD_USER_INPUT";
      return error;
    }
  }
  const located = error instanceof GraphQLError ? error : undefined;
  logger.error({ err: located?.originalError ?? error, path: located?.path?.join(".") }, "GraphQL request failed");
  return new GraphQLError(message, {
    ...(located?.path ? { path: located.path } : {}),
    ...(located?.nodes ? { nodes: located.nodes } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
}
