/**
 * What a query may cost. graphql-armor refuses documents that are too deep, have too many aliases or
 * tokens, or cost too much by shape; `usePageBudget` refuses, before any SQL runs, a query whose
 * nested pages could multiply into too many rows (`first: 1000` under `first: 1000` is a million
 * rows, however shallow). All of them answer QUERY_TOO_COMPLEX and leave the server serving.
 */
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  valueFromAST,
} from "./graphqlJs.js";
import type { Plugin } from "graphql-yoga";
import { tooComplex } from "./errors.js";

export interface Limits {
  /** Deepest selection (default 10). */
  maxDepth: number;
  /** Aliases per document (default 30). */
  maxAliases: number;
  /** Tokens per document (default 2000). */
  maxTokens: number;
  /**
   * graphql-armor's cost (default 100 000): 2 per object and 1 per scalar field, × 1.5 per level, ×
   * `first` where it is a literal (armor does not read variables; the row budget does).
   */
  maxCost: number;
  /** Largest `first` (default 1000). */
  maxFirst: number;
  /** Rows a query could return, multiplying nested page sizes (default 100 000). */
  maxRows: number;
  /** PostgreSQL statement timeout per request, ms (default 10 000; 0 disables). PGlite cannot enforce one. */
  statementTimeoutMs: number;
}

export const defaultLimits: Limits = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 2000,
  maxCost: 100_000,
  maxFirst: 1000,
  maxRows: 100_000,
  statementTimeoutMs: 10_000,
};

/**
 * graphql-armor with our error code. Armor's own errors carry no code and read "Syntax Error: …";
 * each rejection is replaced by a QUERY_TOO_COMPLEX with armor's explanation. Field suggestions
 * stay on: the schema is public (GraphiQL, introspection), so hiding "did you mean" protects nothing.
 */
export function useArmor(limits: Limits): Plugin {
  const onReject = [
    (context: { reportError(error: Error): void } | null, error: Error) => {
      const refused = tooComplex(`query too complex: ${error.message.replace(/^Syntax Error: /, "")}`);
      // Validation rules report; the token limit runs in the parser, which can only throw.
      if (context) context.reportError(refused);
      else throw refused;
    },
  ];
  const common = { onReject, propagateOnRejection: false, exposeLimits: true };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...common },
    maxAliases: { n: limits.maxAliases, ...common },
    maxTokens: { n: limits.maxTokens, ...common },
    costLimit: { maxCost: limits.maxCost, ...common },
    maxDirectives: { n: 20, ...common },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/**
 * What a list that is not a page can hold, for the row budget. Every list that can grow without limit
 * is a page; the lists left are a dataset's parents, at most 16 by the contract (`MAX_PARENTS`), and the
 * statistics' counts, one per label in use (a handful in practice; sector codes are uint16, so in principle
 * many, but `stats` is a root field, so its counts never multiply under a page).
 */
export const UNPAGED_LIST_ROWS = 16;

/**
 * The most rows a query can return: each page field counts its `first` (the schema's default when
 * absent, capped at `maxFirst` since more is refused anyway) times the rows of the pages above it.
 */
export function estimateRows(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  maxFirst: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) operation ??= definition;
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;

  let total = 0;
  const walk = (selections: SelectionSetNode, type: GraphQLCompositeType, rows: number): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const target = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (target && isCompositeType(target)) walk(selection.selectionSet, target, rows);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const target = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && target && isCompositeType(target)) walk(fragment.selectionSet, target, rows);
        continue;
      }
      if (selection.name.value.startsWith("__") || !isObjectType(type)) continue;
      const field = type.getFields()[selection.name.value];
      if (!field || !selection.selectionSet) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      // A page's `items` and `pageInfo` are the page itself, counted at the page field.
      const inPage = type.name.endsWith("Page");
      let fieldRows = rows;
      if (named.name.endsWith("Page")) {
        const argument = selection.arguments?.find((a) => a.name.value === "first");
        const definition = field.args.find((a) => a.name === "first");
        const given = argument && definition ? valueFromAST(argument.value, definition.type, variables ?? undefined) : undefined;
        const first = typeof given === "number" ? given : typeof definition?.defaultValue === "number" ? definition.defaultValue : 100;
        fieldRows = rows * Math.min(Math.max(first, 0), maxFirst);
      } else if (isListType(getNullableType(field.type)) && !inPage) {
        fieldRows = rows * UNPAGED_LIST_ROWS;
      }
      if (!inPage) total += fieldRows;
      walk(selection.selectionSet, named, fieldRows);
    }
  };
  walk(operation.selectionSet, root, 1);
  return total;
}

/** Refuses, before execution, a query that could return more than `maxRows` rows. */
export function usePageBudget(limits: Pick<Limits, "maxRows" | "maxFirst">): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const rows = estimateRows(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, limits.maxFirst);
      if (rows > limits.maxRows) {
        setResultAndStopExecution({
          errors: [
            tooComplex(
              `query too complex: its nested pages could return ${rows} rows, more than the ${limits.maxRows} allowed; ask for smaller pages (first) and follow pageInfo.endCursor`,
            ),
          ],
        });
      }
    },
  };
}
