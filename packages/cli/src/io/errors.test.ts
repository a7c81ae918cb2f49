import {
  ContractRuleError,
  DprError,
  InvalidHashError,
  RpcUnreachableError,
  TransactionFailedError,
  datasetRegistryAbi,
  decodeRevertData,
} from "@dpr/sdk";
import { FileReadError } from "@dpr/sdk/node";
import { encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";
import { CliError, classifyError } from "./errors.js";
import { ExitCode } from "./exitCodes.js";

const revert = (errorName: string, args: readonly unknown[]) =>
  decodeRevertData(encodeErrorResult({ abi: datasetRegistryAbi, errorName, args } as never), { functionName: "confirm" });

describe("classifyError", () => {
  it("maps the SDK's errors onto the documented exit codes", () => {
    const id = `0x${"ab".repeat(32)}` as const;
    const cases: [unknown, number][] = [
      [new InvalidHashError("bad hash"), ExitCode.Usage],
      [new FileReadError("x.csv", "no such file"), ExitCode.Usage],
      [revert("DatasetRegistryUnknownDataset", [id]), ExitCode.Usage],
      [revert("DatasetRegistryWrongStatus", [id, 5]), ExitCode.ChainRefused],
      [new TransactionFailedError({ txHash: id, blockNumber: 1n, gasUsed: 1n }), ExitCode.ChainRefused],
      [new RpcUnreachableError({ url: "http://127.0.0.1:1" }), ExitCode.Network],
      [new DprError("something else"), ExitCode.Other],
      [new Error("boom"), ExitCode.Other],
      [new CliError("no key", { exitCode: ExitCode.Usage }), ExitCode.Usage],
    ];
    expect(revert("DatasetRegistryWrongStatus", [id, 5])).toBeInstanceOf(ContractRuleError);
    expect(cases.map(([error]) => classifyError(error).exitCode)).toEqual(cases.map(([, code]) => code));
  });

  it("says which endpoint is unreachable when viem's raw error reaches it, without credentials", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:8545"), { code: "ECONNREFUSED" });
    const fetchFailed = new TypeError("fetch failed", { cause: refused });
    const viemError = Object.assign(new Error("HTTP request failed.", { cause: fetchFailed }), {
      name: "HttpRequestError",
      shortMessage: "HTTP request failed.",
      url: "http://user:secret@10.0.0.1:8545/",
    });
    expect(classifyError(viemError)).toEqual({
      exitCode: ExitCode.Network,
      message: "cannot reach the RPC endpoint http://10.0.0.1:8545/",
      details: "connect ECONNREFUSED 10.0.0.1:8545",
      hint: "check that the node is running and the URL is right (--rpc or DPR_RPC_URL)",
    });
  });
});
