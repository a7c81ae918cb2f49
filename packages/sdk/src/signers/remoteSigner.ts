/**
 * An account whose key stays in a remote signing service — Web3Signer's Ethereum 1 JSON-RPC, or Clef's
 * compatible methods — as zones run them in front of HSMs. Every answer is checked before it is used: a
 * compromised or misconfigured service cannot make the SDK send a transaction other than the one asked
 * for, nor pass off a signature by another key.
 */
import {
  type Address,
  type Hex,
  type LocalAccount,
  type SignableMessage,
  type TransactionSerializable,
  type TypedDataDefinition,
  getAddress,
  getTypesForEIP712Domain,
  isAddress,
  isAddressEqual,
  isHex,
  numberToHex,
  parseTransaction,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  serializeTypedData,
  stringToHex,
  toHex,
} from "viem";
import { toAccount } from "viem/accounts";
import { RemoteSignerError, type RemoteSignerProblem } from "../errors/base.js";

/** The `fetch` the account uses: the platform's by default. */
export type RemoteSignerFetch = (input: string, init: RequestInit) => Promise<Response>;

export interface CreateRemoteSignerAccountParameters {
  /** The service's JSON-RPC endpoint (https in production). A user and password in it are sent as basic authentication. */
  url: string;
  /** The account to sign for; needed only when the service holds more than one. */
  address?: Address | undefined;
  /** A bearer token, sent as `Authorization: Bearer …` and never shown in an error. */
  token?: string | undefined;
  /** Milliseconds for each request to the service, answer included (30 s by default). */
  timeout?: number | undefined;
  /** The `fetch` to use (the platform's by default). */
  fetch?: RemoteSignerFetch | undefined;
}

export type CreateRemoteSignerAccountReturnType = LocalAccount<"custom">;

/**
 * Connects to a remote signing service and returns a viem account (`source: "custom"`) that signs
 * transactions (`eth_signTransaction`), EIP-712 typed data (`eth_signTypedData_v4`) and messages
 * (`eth_sign`) there. The service is asked for its accounts (`eth_accounts`) once: the account is
 * `address` when given (it must be one of them), else the service's only account.
 *
 * Each signature is recovered before it is returned, and a signed transaction is parsed and compared
 * with the one asked for (to, data, value, nonce, chain, gas and fees): any difference is a
 * {@link RemoteSignerError} and nothing is sent.
 *
 * @example
 * const account = await createRemoteSignerAccount({ url: "https://signer.zone.example", token: process.env.SIGNER_TOKEN });
 * const walletClient = createWalletClient({ account, chain, transport: http(rpcUrl) });
 * await registerDataset({ publicClient, walletClient, deployment }, { ... });
 */
export async function createRemoteSignerAccount(parameters: CreateRemoteSignerAccountParameters): Promise<CreateRemoteSignerAccountReturnType> {
  const rpc = createRemoteSignerRpc(parameters);
  const address = await chooseAccount(rpc, parameters.address);

  const account = toAccount({
    address,
    async signMessage({ message }: { message: SignableMessage }): Promise<Hex> {
      const data = typeof message === "string" ? stringToHex(message) : typeof message.raw === "string" ? message.raw : toHex(message.raw);
      const signature = signatureOf(rpc, await rpc.call("eth_sign", [address, data]), "eth_sign");
      const signer = await recoverMessageAddress({ message, signature }).catch(() => undefined);
      if (!signer || !isAddressEqual(signer, address)) throw rpc.wrongSigner("message", signer);
      return signature;
    },
    async signTypedData(typedData): Promise<Hex> {
      const definition = typedData as TypedDataDefinition;
      // Web3Signer and Clef hash what they are given: the domain's own type must be in it.
      const types = { EIP712Domain: getTypesForEIP712Domain({ domain: definition.domain }), ...definition.types };
      const json = serializeTypedData({ ...definition, types } as TypedDataDefinition);
      const signature = signatureOf(rpc, await rpc.call("eth_signTypedData_v4", [address, json]), "eth_signTypedData_v4");
      const signer = await recoverTypedDataAddress({ ...definition, signature }).catch(() => undefined);
      if (!signer || !isAddressEqual(signer, address)) throw rpc.wrongSigner("typed data", signer);
      return signature;
    },
    async signTransaction(transaction: TransactionSerializable): Promise<Hex> {
      const answer = await rpc.call("eth_signTransaction", [rpcTransaction(address, transaction)]);
      // Web3Signer answers with the raw transaction; Clef and geth with { raw, tx }.
      const raw = typeof answer === "object" && answer !== null && "raw" in answer ? (answer as { raw: unknown }).raw : answer;
      if (typeof raw !== "string" || !isHex(raw) || raw.length < 4) throw rpc.invalidAnswer("eth_signTransaction", "not a signed transaction");
      let signed: ReturnType<typeof parseTransaction>;
      let signer: Address | undefined;
      try {
        signed = parseTransaction(raw);
        signer = await recoverTransactionAddress({ serializedTransaction: raw as never });
      } catch {
        throw rpc.invalidAnswer("eth_signTransaction", "not a signed transaction");
      }
      if (!isAddressEqual(signer, address)) throw rpc.wrongSigner("transaction", signer);
      const differences = transactionDifferences(transaction, signed);
      if (differences.length > 0) {
        throw new RemoteSignerError(
          `the signing service at ${rpc.where} signed another transaction than the one asked for`,
          { problem: "wrong-transaction", url: rpc.url },
          { details: `different: ${differences.join(", ")}`, hint: "the service may be compromised or misconfigured; nothing was sent" },
        );
      }
      return raw;
    },
  });
  return account as CreateRemoteSignerAccountReturnType;
}

/** A 65-byte signature from an answer, or an "invalid answer" error. */
function signatureOf(rpc: RemoteSignerRpc, answer: unknown, method: string): Hex {
  if (typeof answer !== "string" || !isHex(answer) || answer.length !== 132) throw rpc.invalidAnswer(method, "something other than a 65-byte signature");
  return answer;
}

interface RemoteSignerRpc {
  url: string;
  /** The URL for messages, without credentials. */
  where: string;
  call(method: string, params: unknown[]): Promise<unknown>;
  invalidAnswer(method: string, what: string): RemoteSignerError;
  wrongSigner(what: string, signer: Address | undefined): RemoteSignerError;
}

function createRemoteSignerRpc(parameters: CreateRemoteSignerAccountParameters): RemoteSignerRpc {
  const { token } = parameters;
  const timeout = parameters.timeout ?? 30_000;
  let target: URL;
  try {
    target = new URL(parameters.url);
  } catch {
    throw new RemoteSignerError("the signing service's URL is not a URL", { problem: "unreachable", url: "" }, { hint: "give its JSON-RPC endpoint, e.g. https://signer.zone.example:9000" });
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new RemoteSignerError(`the signing service's URL must be http:// or https://, not ${target.protocol}`, { problem: "unreachable", url: parameters.url });
  }
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  const secrets: string[] = [];
  if (target.username || target.password) {
    // fetch refuses a URL with credentials: they travel as basic authentication instead.
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers.authorization = `Basic ${btoa(`${user}:${password}`)}`;
    secrets.push(user, password, target.username, target.password);
    target.username = "";
    target.password = "";
  }
  if (token !== undefined && token !== "") {
    headers.authorization = `Bearer ${token}`;
    secrets.push(token);
  }
  const endpoint = target.toString();
  const where = target.pathname === "/" && !target.search ? endpoint.replace(/\/$/, "") : endpoint;
  // A service may echo what it was sent; nothing it says reaches a message with a secret in it.
  const scrub = (text: string) => secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join("[redacted]"), text).slice(0, 300);
  const doFetch: RemoteSignerFetch = parameters.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fail = (problem: RemoteSignerProblem, message: string, extra: { details?: string | undefined; hint?: string | undefined; status?: number | undefined; rpcCode?: number | undefined } = {}) =>
    new RemoteSignerError(message, { problem, url: where, status: extra.status, rpcCode: extra.rpcCode }, { details: extra.details, hint: extra.hint });
  let nextId = 1;

  return {
    url: where,
    where,
    async call(method, params) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeout);
      let status: number;
      let text: string;
      try {
        const response = await doFetch(endpoint, {
          method: "POST",
          headers,
          body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
          signal: controller.signal,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        if (controller.signal.aborted) {
          throw fail("timeout", `the signing service at ${where} did not answer ${method} within ${timeout / 1000} s`, { hint: "check that the service is up and not waiting for a manual approval" });
        }
        // The socket's reason (ECONNREFUSED, a TLS failure), not fetch's generic "fetch failed".
        const cause = (error as { cause?: { message?: unknown; code?: unknown } }).cause;
        const reason = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : (error as Error).message;
        throw fail("unreachable", `cannot reach the signing service at ${where}`, { details: scrub(String(reason)), hint: "check the service's URL (--signer-url or DPR_SIGNER_URL) and that it is running" });
      } finally {
        clearTimeout(timer);
      }
      if (status === 401 || status === 403) {
        throw fail("unauthorized", `the signing service at ${where} refused the credentials (HTTP ${status})`, {
          status,
          hint: "check the token (DPR_SIGNER_TOKEN) or the user and password in the URL",
        });
      }
      let body: { result?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = undefined;
      }
      if (body && typeof body === "object" && body.error && typeof body.error === "object") {
        const code = typeof body.error.code === "number" ? body.error.code : undefined;
        const message = typeof body.error.message === "string" ? scrub(body.error.message) : "no message";
        throw fail("rpc", `the signing service at ${where} refused ${method}: ${message}${code === undefined ? "" : ` (code ${code})`}`, { rpcCode: code });
      }
      if (status < 200 || status > 299) throw fail("http", `the signing service at ${where} answered HTTP ${status} to ${method}`, { status, details: scrub(text) || undefined });
      if (!body || typeof body !== "object" || !("result" in body)) throw this.invalidAnswer(method, "not a JSON-RPC answer");
      return body.result;
    },
    invalidAnswer(method, what) {
      return fail("invalid-answer", `the signing service at ${where} answered ${method} with ${what}`, { hint: "is the URL that of a Web3Signer- or Clef-compatible service?" });
    },
    wrongSigner(what, signer) {
      return fail("wrong-signer", `the signing service at ${where} returned a ${what} signature that is not by the account it was asked to sign for`, {
        details: signer ? `it recovers to ${signer}` : "it recovers to no address",
        hint: "the service may be compromised or misconfigured; nothing was sent",
      });
    },
  };
}

/** The account to sign for: `wanted` if the service holds it, else the service's only account. */
async function chooseAccount(rpc: RemoteSignerRpc, wanted: Address | undefined): Promise<Address> {
  if (wanted !== undefined && !isAddress(wanted, { strict: false })) {
    throw new RemoteSignerError(`the signer address is not an address: ${String(wanted).slice(0, 60)}`, { problem: "unknown-account", url: rpc.url });
  }
  const answer = await rpc.call("eth_accounts", []);
  if (!Array.isArray(answer) || !answer.every((a) => typeof a === "string" && isAddress(a, { strict: false }))) throw rpc.invalidAnswer("eth_accounts", "something other than a list of addresses");
  const held = (answer as string[]).map((a) => getAddress(a));
  if (wanted !== undefined) {
    const found = held.find((a) => isAddressEqual(a, wanted));
    if (!found) {
      throw new RemoteSignerError(
        `the signing service at ${rpc.where} does not sign for ${getAddress(wanted)}`,
        { problem: "unknown-account", url: rpc.url },
        { details: held.length === 0 ? "it holds no account" : `it signs for: ${held.join(", ")}` },
      );
    }
    return found;
  }
  if (held.length === 1) return held[0]!;
  if (held.length === 0) throw new RemoteSignerError(`the signing service at ${rpc.where} holds no account`, { problem: "no-account", url: rpc.url });
  throw new RemoteSignerError(
    `the signing service at ${rpc.where} signs for ${held.length} accounts: say which`,
    { problem: "ambiguous-account", url: rpc.url },
    { details: `it signs for: ${held.join(", ")}`, hint: "choose one with the signer address (the CLI: --signer-address or DPR_SIGNER_ADDRESS)" },
  );
}

/** The JSON-RPC transaction object of Web3Signer's `eth_signTransaction` (hex quantities). */
function rpcTransaction(from: Address, tx: TransactionSerializable): Record<string, unknown> {
  const quantity = (value: bigint | number | undefined) => (value === undefined ? undefined : numberToHex(value));
  const out: Record<string, unknown> = {
    from,
    to: tx.to ?? undefined,
    data: tx.data ?? "0x",
    value: numberToHex(tx.value ?? 0n),
    gas: quantity(tx.gas),
    nonce: quantity(tx.nonce),
    chainId: quantity(tx.chainId),
  };
  if (tx.maxFeePerGas !== undefined) {
    out.maxFeePerGas = quantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = quantity(tx.maxPriorityFeePerGas ?? 0n);
  } else if (tx.gasPrice !== undefined) {
    out.gasPrice = quantity(tx.gasPrice);
  }
  if (tx.accessList !== undefined && tx.accessList.length > 0) out.accessList = tx.accessList;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** The fields in which the signed transaction differs from the one asked for (none, for an honest signer). */
function transactionDifferences(asked: TransactionSerializable, signed: TransactionSerializable): string[] {
  const differences: string[] = [];
  const same = (a: string | undefined | null, b: string | undefined | null) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
  if (!same(asked.to, signed.to)) differences.push("to");
  if (!same(asked.data ?? "0x", signed.data ?? "0x")) differences.push("data");
  if ((asked.value ?? 0n) !== (signed.value ?? 0n)) differences.push("value");
  if ((asked.nonce ?? undefined) !== (signed.nonce ?? undefined)) differences.push("nonce");
  if (asked.chainId !== signed.chainId) differences.push("chain");
  if (asked.gas !== undefined && asked.gas !== signed.gas) differences.push("gas");
  // A service that raised the fees would spend the account's funds: the fees are the ones asked for, or lower.
  if (asked.maxFeePerGas !== undefined && !((signed.maxFeePerGas ?? signed.gasPrice ?? 0n) <= asked.maxFeePerGas)) differences.push("maxFeePerGas");
  if (asked.maxPriorityFeePerGas !== undefined && !((signed.maxPriorityFeePerGas ?? 0n) <= asked.maxPriorityFeePerGas)) differences.push("maxPriorityFeePerGas");
  if (asked.gasPrice !== undefined && !((signed.gasPrice ?? signed.maxFeePerGas ?? 0n) <= asked.gasPrice)) differences.push("gasPrice");
  return differences;
}
