/**
 * The API's errors. Every error a client sees carries a stable `extensions.code`, so clients branch on
 * the code and never on the message:
 *
 * | code | meaning |
 * |---|---|
 * | `BAD_USER_INPUT` | an argument is malformed or out of range (an id, a hash, `first`, a cursor, `depth`, a filter value) |
 * | `NOT_FOUND` | the thing asked for does not exist at the queried block (`lineage` of an unknown dataset) |
 * | `BLOCK_NOT_INDEXED` | `block:` names a block the index has not reached, or a hash it does not know |
 * | `QUERY_TOO_COMPLEX` | the query is too deep, has too many aliases or tokens, costs too much, or could return too many rows |
 * | `TIMEOUT` | the database gave up on a statement that ran too long |
 * | `INTERNAL_SERVER_ERROR` | anything else; the cause is logged, never returned |
 * | `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED` | the document is not valid GraphQL for this schema (graphql-yoga's codes) |
 */
import { GraphQLError } from "./graphqlJs.js";

export type ApiErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "BLOCK_NOT_INDEXED" | "QUERY_TOO_COMPLEX" | "TIMEOUT" | "INTERNAL_SERVER_ERROR";

/** An error meant for the client: its message is safe to return as it is. */
export class ApiError extends GraphQLError {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message, { extensions: { code } });
    this.code = code;
  }
}

/** An argument is malformed or out of range. */
export const badInput = (message: string): ApiError => new ApiError("BAD_USER_INPUT", message);

/** The thing asked for does not exist at the queried block. */
export const notFound = (message: string): ApiError => new ApiError("NOT_FOUND", message);

/** `block:` names a block the index has not reached, or one it does not know. */
export const blockNotIndexed = (message: string): ApiError => new ApiError("BLOCK_NOT_INDEXED", message);

/** A query over the configured limits. */
export const tooComplex = (message: string): ApiError => new ApiError("QUERY_TOO_COMPLEX", message);

/** The database cancelled a statement that ran past the statement timeout. */
export const timedOut = (timeoutMs: number): ApiError =>
  new ApiError("TIMEOUT", `the query ran longer than the ${timeoutMs} ms the server allows a statement; ask for fewer rows or a narrower filter`);
