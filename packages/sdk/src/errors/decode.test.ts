import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  RawContractError,
  createPublicClient,
  encodeErrorResult,
  http,
} from "viem";
import { describe, expect, it } from "vitest";
import { registerDataset } from "../actions/registerDataset.js";
import { freePort } from "@dpr/devnet";
import type { Deployment } from "../deployments/deployment.js";
import { datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { DprError, InvalidHashError, RpcUnreachableError, SignerRequiredError, TransactionFailedError, WrongChainError } from "./base.js";
import { ContractRuleError } from "./contract.js";
import { decodeDprError } from "./decode.js";

const datasetId = "0x1111111111111111111111111111111111111111111111111111111111111111";
const unknownDataset = encodeErrorResult({ abi: datasetRegistryAbi, errorName: "DatasetRegistryUnknownDataset", args: [datasetId] });

describe("decodeDprError", () => {
  it("decodes revert data that Hardhat returns as a JSON-RPC error's data", () => {
    // The shape viem's http transport gives a reverted eth_call: an RPC error whose cause carries `data`.
    const rpcError = Object.assign(new Error("VM Exception while processing transaction"), {
      code: -32603,
      data: { message: "reverted with custom error", data: unknownDataset },
    });
    const error = decodeDprError(new Error("Execution reverted", { cause: rpcError }), { functionName: "confirm" });
    expect(error).toBeInstanceOf(ContractRuleError);
    expect(error).toMatchObject({ errorName: "DatasetRegistryUnknownDataset", contract: "DatasetRegistry", args: { datasetId }, functionName: "confirm" });
    expect(error.shortMessage).toBe(`dataset ${datasetId} is not registered`);
  });

  it("decodes a revert that bubbled up from another DPR contract than the one called", () => {
    // GrantRegistry.grant calls DatasetRegistry.profileOf, whose error is not in the grant registry's ABI.
    const reverted = new ContractFunctionRevertedError({ abi: grantRegistryAbi, data: unknownDataset, functionName: "grant" });
    const wrapped = new ContractFunctionExecutionError(reverted, { abi: grantRegistryAbi, functionName: "grant", args: [] });
    const error = decodeDprError(wrapped, { functionName: "grant" });
    expect(error).toBeInstanceOf(ContractRuleError);
    expect((error as ContractRuleError).contract).toBe("DatasetRegistry");
  });

  it("decodes viem's RawContractError, flat or nested data", () => {
    expect(decodeDprError(new RawContractError({ data: unknownDataset }))).toBeInstanceOf(ContractRuleError);
    expect(decodeDprError(new RawContractError({ data: { data: unknownDataset } }))).toBeInstanceOf(ContractRuleError);
  });

  it("returns SDK errors as they are", () => {
    const original = new InvalidHashError("bad");
    expect(decodeDprError(original)).toBe(original);
  });

  it("turns viem's missing-account error into SignerRequiredError", async () => {
    const { createWalletClient } = await import("viem");
    const wallet = createWalletClient({ transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 }) });
    const error = await wallet
      .sendTransaction({ to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", value: 1n, chain: null } as never)
      .catch((e: unknown) => decodeDprError(e));
    expect(error).toBeInstanceOf(SignerRequiredError);
  });

  it("keeps viem's short message for anything else, with the original as the cause", () => {
    const original = new BaseError("Nonce too low.", { details: "nonce 3 < 4" });
    const error = decodeDprError(original);
    expect(error).toBeInstanceOf(DprError);
    expect(error.cause).toBe(original);
    expect(error.message).toMatchInlineSnapshot(`
      "Nonce too low.
      Details: nonce 3 < 4"
    `);
    expect(decodeDprError("weird").message).toBe("weird");
  });

  it("reports a closed port as RpcUnreachableError naming the URL, without retrying", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const client = createPublicClient({ transport: http(url, { retryCount: 0, timeout: 2_000 }) });
    const started = Date.now();
    const error = await client.getBlockNumber().catch((e: unknown) => decodeDprError(e));
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as RpcUnreachableError).url).toBe(url);
    expect((error as RpcUnreachableError).shortMessage).toBe(`cannot reach the RPC endpoint ${url}`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("fails an action against an unreachable endpoint with RpcUnreachableError, and hides credentials in the URL", async () => {
    const port = await freePort();
    const { mnemonicToAccount } = await import("viem/accounts");
    const { createWalletClient } = await import("viem");
    const transport = http(`http://user:secret@127.0.0.1:${port}`, { retryCount: 0, timeout: 2_000 });
    const deployment = { chainId: 31337, contracts: {} } as unknown as Deployment;
    const context = {
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ transport, account: mnemonicToAccount("test test test test test test test test test test test junk") }),
      deployment,
    };
    const attempt = registerDataset(context, { contentHash: datasetId, category: "PUBLIC", grade: "GENERAL", sector: "HEALTH", jurisdiction: "GZ" });
    await expect(attempt).rejects.toBeInstanceOf(RpcUnreachableError);
    await expect(attempt).rejects.toThrow(`cannot reach the RPC endpoint http://127.0.0.1:${port}\n`);
    await expect(attempt).rejects.not.toThrow(/secret/);
  });

  it("reports a timeout as RpcUnreachableError", async () => {
    // A server that accepts the connection and never answers.
    const { createServer } = await import("node:http");
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0, timeout: 200 }) });
      const error = await client.getChainId().then(
        () => {
          throw new Error("expected the call to fail");
        },
        (e: unknown) => decodeDprError(e),
      );
      expect(error).toBeInstanceOf(RpcUnreachableError);
      expect(error.details).toBe("the request timed out");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reports an HTTP error status as RpcUnreachableError with the status", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_request, response) => response.writeHead(503).end("down for maintenance"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0 }) });
      const error = await client.getChainId().then(
        () => {
          throw new Error("expected the call to fail");
        },
        (e: unknown) => decodeDprError(e),
      );
      expect(error).toBeInstanceOf(RpcUnreachableError);
      expect(error.shortMessage).toBe(`the RPC endpoint http://127.0.0.1:${port} answered HTTP 503`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("SDK errors", () => {
  it("explain a wrong chain, a missing signer and a reverted transaction", () => {
    expect(new WrongChainError({ expectedChainId: 31337, actualChainId: 1 }).message).toMatchInlineSnapshot(`
      "the wallet is on chain 1, but the deployment is on chain 31337
      Hint: point the RPC URL at the deployment's chain, or use the deployment record of this chain"
    `);
    expect(new SignerRequiredError("registerDataset").message).toMatchInlineSnapshot(`
      "registerDataset sends a transaction and needs a signer
      Hint: give the context a wallet client with an account (the CLI: --keystore FILE, or DPR_PRIVATE_KEY)"
    `);
    const failed = new TransactionFailedError({ txHash: `0x${"ab".repeat(32)}`, blockNumber: 12n, gasUsed: 21_000n, action: "confirmDataset" });
    expect(failed.message).toMatchInlineSnapshot(`
      "transaction 0xabababababababababababababababababababababababababababababababab (confirmDataset) reverted in block 12
      Details: it passed simulation, so the chain's state changed before it was mined
      Hint: read the current state and try again"
    `);
  });
});
