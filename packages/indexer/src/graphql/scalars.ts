/**
 * The schema's custom scalars. `BigInt` travels as a decimal string both ways (uint256 values and
 * block numbers alike, so clients never lose precision); `Bytes` is lower-case 0x hex; `JSON` is any
 * value (event arguments).
 */
import { GraphQLScalarType, Kind, type ValueNode } from "./graphqlJs.js";
import { shown } from "./inputs.js";

// A plain error, not a GraphQLError: graphql-js then says which argument or variable it was, and where.
const fail = (message: string) => new TypeError(message);

function bigIntFrom(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim()).toString();
  throw fail(`BigInt must be a whole number, as a string of decimal digits or an Int, got ${shown(value)}`);
}

export const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  description: "A uint256 or other large integer, as a decimal string.",
  serialize: bigIntFrom,
  parseValue: bigIntFrom,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return bigIntFrom(ast.value);
    throw fail(`BigInt must be a whole number, as a string of decimal digits or an Int`);
  },
});

function bytesFrom(value: unknown): string {
  if (typeof value === "string" && /^0x([0-9a-fA-F]{2})*$/.test(value.trim())) return value.trim().toLowerCase();
  throw fail(`Bytes must be 0x followed by an even number of hex digits, got ${shown(value)}`);
}

export const BytesScalar = new GraphQLScalarType({
  name: "Bytes",
  description: "0x-prefixed hex bytes, lower case.",
  serialize: bytesFrom,
  parseValue: bytesFrom,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.STRING) return bytesFrom(ast.value);
    throw fail("Bytes must be a string of 0x-prefixed hex");
  },
});

function jsonLiteral(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => jsonLiteral(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, jsonLiteral(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return undefined;
  }
}

export const JsonScalar = new GraphQLScalarType({
  name: "JSON",
  description: "Any JSON value.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: jsonLiteral,
});
