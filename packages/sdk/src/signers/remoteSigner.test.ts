/**
 * createRemoteSignerAccount against the test signing service over real HTTP: honest answers are
 * recovered and checked; a lying, broken, hung or locked service is refused with a RemoteSignerError.
 */
import { type Hex, parseEther, parseTransaction, recoverMessageAddress, recoverTransactionAddress, recoverTypedDataAddress } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RemoteSignerError } from "../errors/base.js";
import { createRemoteSignerAccount } from "./remoteSigner.js";
import { type SignerServer, startSignerServer } from "./testing/signerServer.js";

const TOKEN = "s3cret-bearer-token-0123456789";
const keys = [generatePrivateKey(), generatePrivateKey()] as const;
const otherKey = generatePrivateKey();

const transaction = {
  type: "eip1559",
  chainId: 31337,
  to: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  data: "0x12345678",
  value: parseEther("0.5"),
  nonce: 7,
  gas: 100_000n,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
} as const;

const typedData = {
  domain: { name: "DPR", version: "1", chainId: 31337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  types: {
    Request: [
      { name: "from", type: "address" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint48" },
      { name: "data", type: "bytes" },
      { name: "ids", type: "uint256[]" },
    ],
  },
  primaryType: "Request",
  message: { from: "0x5FbDB2315678afecb367f032d93F642f64180aa3", nonce: 2n ** 70n, deadline: 1_800_000_000, data: "0xabcdef", ids: [1n, 2n] },
} as const;

/** The RemoteSignerError a promise rejects with (fails the test if it resolves or throws anything else). */
async function refusal(promise: Promise<unknown>): Promise<RemoteSignerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteSignerError);
  return error as RemoteSignerError;
}

describe("createRemoteSignerAccount", () => {
  let server: SignerServer;
  const connect = (extra: { address?: Hex | undefined; token?: string | undefined; timeout?: number | undefined; url?: string | undefined } = {}) =>
    createRemoteSignerAccount({ url: extra.url ?? server.url, token: "token" in extra ? extra.token : TOKEN, address: extra.address ?? server.addresses[0], timeout: extra.timeout });

  beforeAll(async () => {
    server = await startSignerServer({ keys, token: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    for (const key of Object.keys(server.misbehave)) delete server.misbehave[key as keyof typeof server.misbehave];
  });

  it("signs a transaction in the service: it recovers to the account and is the transaction asked for", async () => {
    const account = await connect();
    expect(account.address).toBe(server.addresses[0]);
    expect(account.source).toBe("custom");
    const raw = await account.signTransaction(transaction);
    expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe(server.addresses[0]);
    expect(parseTransaction(raw)).toMatchObject({ ...transaction, to: transaction.to.toLowerCase() });
    // A legacy transaction too.
    const legacy = await account.signTransaction({ type: "legacy", chainId: 31337, to: transaction.to, nonce: 1, gas: 21_000n, gasPrice: 3n, value: 1n });
    expect(parseTransaction(legacy)).toMatchObject({ type: "legacy", gasPrice: 3n, value: 1n, nonce: 1, chainId: 31337 });
    expect(server.requests.map((r) => r.method)).toContain("eth_signTransaction");
  });

  it("signs EIP-712 typed data (eth_signTypedData_v4) and a message (eth_sign); both recover to the account", async () => {
    const account = await connect({ address: server.addresses[1] });
    const signature = await account.signTypedData(typedData);
    expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(server.addresses[1]);
    const signed = await account.signMessage({ message: "hello zone" });
    expect(await recoverMessageAddress({ message: "hello zone", signature: signed })).toBe(server.addresses[1]);
  });

  it("takes the service's only account when no address is given, and asks when it holds several", async () => {
    const single = await startSignerServer({ keys: [keys[1]] });
    try {
      expect((await createRemoteSignerAccount({ url: single.url })).address).toBe(single.addresses[0]);
    } finally {
      await single.close();
    }
    const error = await refusal(createRemoteSignerAccount({ url: server.url, token: TOKEN }));
    expect(error.problem).toBe("ambiguous-account");
    expect(error.details).toBe(`it signs for: ${server.addresses.join(", ")}`);
  });

  it("refuses an address the service does not hold, naming the ones it does", async () => {
    const stranger = "0x000000000000000000000000000000000000bEEF";
    const error = await refusal(connect({ address: stranger }));
    expect(error.problem).toBe("unknown-account");
    expect(error.shortMessage).toBe(`the signing service at ${server.url} does not sign for ${stranger}`);
  });

  it("refuses a signature by another key (a compromised service), for transactions, typed data and messages", async () => {
    const account = await connect();
    server.misbehave.signWith = otherKey;
    for (const attempt of [() => account.signTransaction(transaction), () => account.signTypedData(typedData), () => account.signMessage({ message: "hi" })]) {
      const error = await refusal(attempt());
      expect(error.problem).toBe("wrong-signer");
    }
  });

  it("refuses a transaction other than the one asked for, signed by the right key", async () => {
    const account = await connect();
    server.misbehave.alterTransaction = true;
    const error = await refusal(account.signTransaction(transaction));
    expect(error.problem).toBe("wrong-transaction");
    expect(error.details).toBe("different: to, value");
  });

  it("refuses garbage", async () => {
    const account = await connect();
    server.misbehave.garbage = true;
    const error = await refusal(account.signTransaction(transaction));
    expect(error.problem).toBe("invalid-answer");
  });

  it("refuses a wrong token with HTTP 401, and never shows the token", async () => {
    const error = await refusal(connect({ token: "wrong-token-xyz" }));
    expect(error.problem).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.shortMessage).toBe(`the signing service at ${server.url} refused the credentials (HTTP 401)`);
    expect(error.message).not.toContain("wrong-token-xyz");
    const none = await refusal(connect({ token: undefined }));
    expect(none.problem).toBe("unauthorized");
  });

  it("sends a user and password in the URL as basic authentication, and keeps them out of messages", async () => {
    const url = server.url.replace("http://", "http://officer:pa55word@");
    // The service wants a bearer token: the basic credentials are refused, and not repeated.
    const error = await refusal(createRemoteSignerAccount({ url, address: server.addresses[0] }));
    expect(error.problem).toBe("unauthorized");
    expect(error.message).not.toMatch(/officer|pa55word/);
    expect(error.url).toBe(server.url);
  });

  it("returns the service's JSON-RPC error with its code", async () => {
    const account = await connect();
    server.misbehave.refuse = { code: -32000, message: "Request denied" };
    const error = await refusal(account.signTransaction(transaction));
    expect(error.problem).toBe("rpc");
    expect(error.rpcCode).toBe(-32000);
    expect(error.shortMessage).toBe(`the signing service at ${server.url} refused eth_signTransaction: Request denied (code -32000)`);
  });

  it("gives up on a service that does not answer, naming it", async () => {
    const account = await connect({ timeout: 300 });
    server.misbehave.hang = true;
    const error = await refusal(account.signTransaction(transaction));
    expect(error.problem).toBe("timeout");
    expect(error.shortMessage).toBe(`the signing service at ${server.url} did not answer eth_signTransaction within 0.3 s`);
  });

  it("reports a service that is not there", async () => {
    const gone = await startSignerServer({ keys });
    const url = gone.url;
    await gone.close();
    const error = await refusal(createRemoteSignerAccount({ url }));
    expect(error.problem).toBe("unreachable");
    expect(error.details).toBe("ECONNREFUSED");
  });
});
