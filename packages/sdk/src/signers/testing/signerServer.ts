/**
 * Test-only: a small remote signing service over node:http that speaks the methods of Web3Signer's
 * Ethereum 1 JSON-RPC that `createRemoteSignerAccount` uses (eth_accounts, eth_signTransaction,
 * eth_signTypedData_v4, eth_sign, personal_sign), with its keys in memory, an optional bearer token,
 * and knobs to misbehave as a compromised or broken service would. Not exported from the package (it
 * opens a port, and the SDK's entry runs in browsers); the SDK's tests and the CLI's e2e tests import it
 * by path.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Address,
  type Hex,
  type TransactionSerializable,
  type TypedDataDefinition,
  hexToBigInt,
  hexToNumber,
  isAddressEqual,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";

/** How the service misbehaves (all off by default); change them between requests. */
export interface SignerServerMisbehaviour {
  /** Sign everything with this key instead of the account's (a compromised service). */
  signWith?: Hex | undefined;
  /** Sign a transaction with its value and recipient changed (a compromised service). */
  alterTransaction?: boolean | undefined;
  /** Hold every answer until the server is closed (a hung service). */
  hang?: boolean | undefined;
  /** Answer `200 OK` with a body that is not JSON-RPC. */
  garbage?: boolean | undefined;
  /** Answer every signing request with this JSON-RPC error (as Clef does when the officer declines). */
  refuse?: { code: number; message: string } | undefined;
}

export interface SignerServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The accounts it signs for, in the order of the keys. */
  addresses: Address[];
  misbehave: SignerServerMisbehaviour;
  /** The methods it was asked for, in order (including refused ones). */
  requests: { method: string; authorized: boolean }[];
  close(): Promise<void>;
}

/**
 * Starts the service on a free port of 127.0.0.1. With `token`, a request without
 * `Authorization: Bearer <token>` gets HTTP 401.
 */
export async function startSignerServer(options: { keys: readonly Hex[]; token?: string | undefined }): Promise<SignerServer> {
  const accounts = options.keys.map((key) => privateKeyToAccount(key));
  const misbehave: SignerServerMisbehaviour = {};
  const requests: SignerServer["requests"] = [];
  const held = new Set<ServerResponse>();

  const accountFor = (address: unknown): PrivateKeyAccount => {
    const account = accounts.find((a) => typeof address === "string" && isAddressEqual(a.address, address as Address));
    if (!account) throw new RpcFault(-32000, `no key for account ${String(address)}`);
    // A compromised service signs with another key than the one it claims.
    return misbehave.signWith ? privateKeyToAccount(misbehave.signWith) : account;
  };

  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    if (misbehave.refuse && method !== "eth_accounts") throw new RpcFault(misbehave.refuse.code, misbehave.refuse.message);
    switch (method) {
      case "eth_accounts":
        return accounts.map((a) => a.address.toLowerCase());
      case "eth_signTransaction": {
        const tx = params[0] as Record<string, string | undefined>;
        const account = accountFor(tx.from);
        const transaction = fromRpcTransaction(tx);
        if (misbehave.alterTransaction) {
          transaction.value = (transaction.value ?? 0n) + 1n;
          transaction.to = "0x000000000000000000000000000000000000dEaD";
        }
        return account.signTransaction(transaction);
      }
      case "eth_signTypedData_v4": {
        const account = accountFor(params[0]);
        const typedData = JSON.parse(String(params[1])) as TypedDataDefinition;
        return account.signTypedData(withBigInts(typedData));
      }
      case "eth_sign":
        return accountFor(params[0]).signMessage({ message: { raw: params[1] as Hex } });
      case "personal_sign":
        return accountFor(params[1]).signMessage({ message: { raw: params[0] as Hex } });
      default:
        throw new RpcFault(-32601, `the method ${method} does not exist/is not available`);
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        let id: unknown = null;
        let method = "";
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: unknown; method?: unknown; params?: unknown };
          id = body.id ?? null;
          method = String(body.method);
        } catch {
          // answered below as a parse error
        }
        const authorized = options.token === undefined || request.headers.authorization === `Bearer ${options.token}`;
        requests.push({ method, authorized });
        if (misbehave.hang) {
          held.add(response);
          return;
        }
        if (!authorized) {
          response.writeHead(401, { "content-type": "text/plain" }).end("Unauthorized");
          return;
        }
        if (misbehave.garbage) {
          response.writeHead(200, { "content-type": "text/html" }).end("<html>login page</html>");
          return;
        }
        let answer: object;
        try {
          answer = { jsonrpc: "2.0", id, result: await handle(method, (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { params?: unknown[] }).params ?? []) };
        } catch (error) {
          answer = { jsonrpc: "2.0", id, error: error instanceof RpcFault ? { code: error.code, message: error.message } : { code: -32603, message: (error as Error).message } };
        }
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    addresses: accounts.map((a) => a.address),
    misbehave,
    requests,
    close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

class RpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON-RPC transaction object (hex quantities) as viem's serializable transaction. */
function fromRpcTransaction(tx: Record<string, string | undefined>): TransactionSerializable {
  const big = (v: string | undefined) => (v === undefined ? undefined : hexToBigInt(v as Hex));
  const base = {
    to: tx.to as Address | undefined,
    data: tx.data as Hex | undefined,
    value: big(tx.value),
    gas: big(tx.gas),
    nonce: tx.nonce === undefined ? undefined : hexToNumber(tx.nonce as Hex),
    chainId: tx.chainId === undefined ? undefined : hexToNumber(tx.chainId as Hex),
  };
  if (tx.maxFeePerGas !== undefined) return { ...base, type: "eip1559", maxFeePerGas: big(tx.maxFeePerGas), maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas) } as TransactionSerializable;
  return { ...base, type: "legacy", gasPrice: big(tx.gasPrice) } as TransactionSerializable;
}

/** Typed data parsed from JSON, with its integers as bigints again (JSON carried them as strings). */
function withBigInts(typedData: TypedDataDefinition): TypedDataDefinition {
  const types = typedData.types as Record<string, readonly { name: string; type: string }[]>;
  const convert = (type: string, value: unknown): unknown => {
    const array = /^(.*)\[\d*\]$/.exec(type);
    if (array) return (value as unknown[]).map((v) => convert(array[1]!, v));
    if (/^u?int\d*$/.test(type)) return BigInt(value as string | number);
    const struct = types[type];
    if (struct) return Object.fromEntries(struct.map((f) => [f.name, convert(f.type, (value as Record<string, unknown>)[f.name])]));
    return value;
  };
  const domain = typedData.domain && types.EIP712Domain ? (convert("EIP712Domain", typedData.domain) as TypedDataDefinition["domain"]) : typedData.domain;
  return { ...typedData, domain, message: convert(typedData.primaryType as string, typedData.message) } as TypedDataDefinition;
}
