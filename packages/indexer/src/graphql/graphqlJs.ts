/**
 * graphql-js, as the one module instance graphql-yoga uses. graphql 16 ships a CommonJS build (`main`)
 * and an ESM build (`module`) with no `exports` map: Node resolves `graphql` to the CommonJS build (so
 * yoga, graphql-tools and graphql-armor get that one), while Vite — hence vitest — resolves our source
 * files' `graphql` to the ESM build. Two copies fail each other's `instanceof` checks ("Cannot use
 * GraphQLObjectType from another module or realm") and yoga would mask our own errors. Naming the file
 * pins the CommonJS build everywhere; import graphql-js through this module only.
 */
export * from "graphql/index.js";
