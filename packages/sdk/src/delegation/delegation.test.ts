/**
 * Delegated signatures on a real node: officers with keys the node never funded sign the six operations of
 * issue 16 off line, a relayer that is no participant submits them, and the chain records the officers as
 * the actors. Then every way of breaking the scheme that a relayer, a thief of old requests or a careless
 * deployment offers: replay, expiry, another chain, another forwarder, a target that does not trust the
 * forwarder, an address appended to calldata, data changed after signing, an officer suspended or removed
 * after signing, and a relayer that starves the call of gas.
 */
import { groupMembers } from "@dpr/devnet";
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type WalletClient,
  concat,
  createWalletClient,
  getAddress,
  encodeFunctionData,
  http,
  keccak256,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeGrant } from "../actions/acknowledgeGrant.js";
import { addParticipant } from "../actions/addParticipant.js";
import { confirmDataset } from "../actions/confirmDataset.js";
import { deployContracts } from "../actions/deployContracts.js";
import { grantRight } from "../actions/grantRight.js";
import { objectToDataset } from "../actions/objectToDataset.js";
import { registerDataset } from "../actions/registerDataset.js";
import { revokeGrant } from "../actions/revokeGrant.js";
import { suspendParticipant } from "../actions/suspendParticipant.js";
import { type TestChain, startTestChain } from "../actions/testing/testChain.js";
import type { DprContext } from "../deployments/deployment.js";
import { ContractRuleError } from "../errors/contract.js";
import { decodeDprError } from "../errors/decode.js";
import { datasetRegistryAbi, participantDirectoryAbi, requestForwarderAbi } from "../generated/abis.js";
import { DatasetStatus } from "../generated/enums.js";
import { DelegatedRequestError, InvalidSignedRequestError } from "./errors.js";
import { parseSignedRequest } from "./parseSignedRequest.js";
import { signDelegatedRequest } from "./signDelegatedRequest.js";
import { type SignedRequest, forwardRequestData, forwardRequestTypes, toJsonValue } from "./signedRequest.js";
import { submitDelegatedRequest } from "./submitDelegatedRequest.js";
import { verifySignedRequest } from "./verifySignedRequest.js";

const NOTICE_PERIOD = 60n;
const ZONE_SECRET = `0x${"11".repeat(32)}` as const;
const hash = (label: string): Hex => keccak256(toHex(label));

let chain: TestChain;
/** The relayer: a funded account that is no participant at all. */
const RELAYER = 9;
let relayer: DprContext;
/** Officers whose keys the node never funded: they sign, never send. */
let holder: Officer;
let registrar: Officer;
let regulator: Officer;
let objector: Officer;
/** A second registrar organisation's account (funded, acts directly), and a grantee (funded). */
const REGISTRAR_2 = 7;
const GRANTEE = 5;

interface Officer {
  address: Address;
  wallet: WalletClient<Transport, Chain, Account>;
  context: DprContext;
}

function officer(): Officer {
  const wallet = createWalletClient({ chain: hardhat, transport: http(chain.node.url, { retryCount: 0 }), account: privateKeyToAccount(generatePrivateKey()) });
  return { address: wallet.account.address, wallet, context: { publicClient: chain.publicClient, walletClient: wallet, deployment: chain.deployment } };
}

/** A deadline an hour after the chain's time. */
async function inAnHour(): Promise<bigint> {
  return (await chain.publicClient.getBlock()).timestamp + 3600n;
}

/** A round trip through JSON, as the request travels between signer and relayer. */
const viaFile = (signed: SignedRequest) => parseSignedRequest(JSON.stringify(signed, null, 2));

/** What the forwarder itself says when a relayer skips the SDK's checks and calls `execute` directly. */
async function forwarderRefusal(signed: SignedRequest, forwarder: Address = chain.deployment.contracts.forwarder): Promise<string> {
  try {
    await chain.publicClient.simulateContract({
      address: forwarder,
      abi: requestForwarderAbi,
      functionName: "execute",
      args: [forwardRequestData(signed)],
      account: chain.wallet(RELAYER).account,
    });
  } catch (error) {
    const decoded = decodeDprError(error);
    if (decoded instanceof ContractRuleError) return decoded.errorName;
    throw decoded;
  }
  throw new Error("the forwarder accepted the request");
}

async function refusal(attempt: Promise<unknown>): Promise<DelegatedRequestError> {
  const error = await attempt.then(
    () => new Error("expected a refusal, but it succeeded"),
    (e: unknown) => e,
  );
  if (!(error instanceof DelegatedRequestError)) throw error;
  return error;
}

/**
 * Sends a transaction that will fail and returns its hash: Hardhat mines it but answers the send with the
 * failure, the hash riding along in the error's data.
 */
async function minedAnyway(send: () => Promise<Hex>): Promise<Hex> {
  try {
    return await send();
  } catch (error) {
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
      const txHash = (e as { data?: { txHash?: unknown } }).data?.txHash;
      if (typeof txHash === "string") return txHash as Hex;
    }
    throw error;
  }
}

const balance = (address: Address) => chain.publicClient.getBalance({ address });
const nonceOf = (address: Address) =>
  chain.publicClient.readContract({ address: chain.deployment.contracts.forwarder, abi: requestForwarderAbi, functionName: "nonces", args: [address] });
const statusOf = (datasetId: Hex) =>
  chain.publicClient.readContract({ address: chain.deployment.contracts.datasets, abi: datasetRegistryAbi, functionName: "getDataset", args: [datasetId] });

/** A registration of general public data, signed by the holder officer. */
const signRegistration = (label: string, overrides: { deadline?: bigint; nonce?: bigint; by?: Officer } = {}) =>
  inAnHour().then((deadline) =>
    signDelegatedRequest((overrides.by ?? holder).context, {
      run: (ctx) => registerDataset(ctx, { contentHash: hash(label), category: "public", grade: "general", sector: "TRANSPORT", jurisdiction: "gz" }),
      deadline: overrides.deadline ?? deadline,
      nonce: overrides.nonce,
    }),
  );

beforeAll(async () => {
  chain = await startTestChain({ noticePeriod: NOTICE_PERIOD });
  relayer = chain.context(RELAYER);
  holder = officer();
  registrar = officer();
  regulator = officer();
  objector = officer();
  const onboard = [
    [holder.address, "holder", "gz", "GZ-FIRST-HOSPITAL"],
    [registrar.address, "registrar", "gz", "GZ-DATA-EXCHANGE"],
    [chain.wallet(REGISTRAR_2).account.address, "registrar", "shenzhen", "SZ-DATA-EXCHANGE"],
    [regulator.address, "regulator", "gz", "CAC-GZ"],
    [objector.address, "holder", "gz", "GZ-METRO"],
    [chain.wallet(GRANTEE).account.address, "holder", "gz", "GZ-COMPANY"],
  ] as const;
  for (const [account, role, jurisdiction, legalIdentity] of onboard) {
    await addParticipant(chain.context(0), { account, roles: [role], jurisdiction, legalIdentity, zoneSecret: ZONE_SECRET });
  }
});

afterAll(async () => {
  const pgid = chain?.node.pgid;
  await chain?.node.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
});

describe("the six operations, signed by unfunded officers and submitted by a relayer", () => {
  it("registers, confirms, objects, grants, acknowledges and revokes, each recorded as the officer's act", async () => {
    const relayerAddress = chain.wallet(RELAYER).account.address;
    for (const o of [holder, registrar, regulator, objector]) expect(await balance(o.address)).toBe(0n);

    // register: personal data, so two registrars must confirm and a grant to another organisation needs a regulator.
    const register = await signDelegatedRequest(holder.context, {
      run: (ctx) => registerDataset(ctx, { contentHash: hash("referrals.csv"), category: "personal", grade: "general", sector: "HEALTH", jurisdiction: "gz" }),
      deadline: await inAnHour(),
    });
    expect(register).toMatchObject({
      format: "dpr-signed-request/1",
      chainId: 31337,
      forwarder: getAddress(chain.deployment.contracts.forwarder),
      request: { from: holder.address, to: getAddress(chain.deployment.contracts.datasets), value: "0", nonce: "0" },
      call: { action: "registerDataset", contract: "datasets", function: "register" },
    });
    const registered = await submitDelegatedRequest(relayer, viaFile(register));
    expect(registered).toMatchObject({ signer: holder.address, submitter: relayerAddress, action: "registerDataset", functionName: "register", nonce: 0n });
    const [datasetRegistered] = registered.events;
    expect(datasetRegistered).toMatchObject({ contract: "datasets", eventName: "DatasetRegistered", args: { holder: holder.address, contentHash: hash("referrals.csv") } });
    const datasetId = (datasetRegistered!.args as { datasetId: Hex }).datasetId;
    expect((await statusOf(datasetId)).holder).toBe(holder.address);

    // object: on a second registration, by an officer of another organisation.
    const other = await submitDelegatedRequest(relayer, viaFile(await signRegistration("timetable.csv")));
    const otherId = (other.events[0]!.args as { datasetId: Hex }).datasetId;
    const object = await signDelegatedRequest(objector.context, {
      run: (ctx) => objectToDataset(ctx, { datasetId: otherId, evidenceHash: hash("we surveyed the stops") }),
      deadline: await inAnHour(),
    });
    const objected = await submitDelegatedRequest(relayer, viaFile(object));
    expect(objected.events).toMatchObject([{ eventName: "DatasetObjected", args: { datasetId: otherId, objector: objector.address } }]);

    // confirm: the officer registrar, then a second organisation's registrar directly.
    const confirm = await signDelegatedRequest(registrar.context, { run: (ctx) => confirmDataset(ctx, { datasetId }), deadline: await inAnHour() });
    const confirmed = await submitDelegatedRequest(relayer, viaFile(confirm));
    expect(confirmed.events).toMatchObject([{ eventName: "DatasetConfirmed", args: { datasetId, registrar: registrar.address, confirmations: 1 } }]);
    await confirmDataset(chain.context(REGISTRAR_2), { datasetId });
    await chain.increaseTime(NOTICE_PERIOD + 1n);

    // grant: personal data to another organisation waits for a regulator.
    const expiresAt = (await chain.publicClient.getBlock()).timestamp + 30n * 86_400n;
    const grant = await signDelegatedRequest(holder.context, {
      run: (ctx) =>
        grantRight(ctx, {
          datasetId,
          grantee: chain.wallet(GRANTEE).account.address,
          right: "processing-use",
          purposeCode: 101,
          purposeHash: hash("continuity of care"),
          expiresAt,
          evidence: { consentRecordsRoot: hash("consents") },
        }),
      deadline: await inAnHour(),
    });
    expect(grant.call).toMatchObject({ action: "grantRight", contract: "grants", function: "grant" });
    const granted = await submitDelegatedRequest(relayer, viaFile(grant));
    const issued = granted.events.find((e) => e.eventName === "GrantIssued")!;
    expect(issued.args).toMatchObject({ datasetId, grantor: holder.address, grantee: chain.wallet(GRANTEE).account.address });
    const grantId = (issued.args as { grantId: bigint }).grantId;

    const acknowledge = await signDelegatedRequest(regulator.context, { run: (ctx) => acknowledgeGrant(ctx, { grantId, noteHash: hash("filed") }), deadline: await inAnHour() });
    const acknowledged = await submitDelegatedRequest(relayer, viaFile(acknowledge));
    expect(acknowledged.events).toMatchObject([{ eventName: "GrantAcknowledged", args: { grantId, regulator: regulator.address } }]);

    const revoke = await signDelegatedRequest(holder.context, { run: (ctx) => revokeGrant(ctx, { grantId, reasonHash: hash("study ended") }), deadline: await inAnHour() });
    expect(revoke.request.nonce).toBe("3"); // the holder's fourth request: register, register, grant, revoke
    const revoked = await submitDelegatedRequest(relayer, viaFile(revoke));
    expect(revoked.events).toMatchObject([{ eventName: "GrantRevoked", args: { grantId, revokedBy: holder.address } }]);
    // The officers paid nothing and still hold nothing.
    for (const o of [holder, registrar, regulator, objector]) expect(await balance(o.address)).toBe(0n);
  });

  it("checks the chain's rules for the signer when signing: a holder cannot sign a confirmation", async () => {
    const pending = await submitDelegatedRequest(relayer, viaFile(await signRegistration("parking.csv")));
    const datasetId = (pending.events[0]!.args as { datasetId: Hex }).datasetId;
    const error = await signDelegatedRequest(objector.context, { run: (ctx) => confirmDataset(ctx, { datasetId }), deadline: await inAnHour() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRuleError);
    expect((error as ContractRuleError).errorName).toBe("DatasetRegistryMissingRole");
  });

  it("signs several requests in a row with explicit nonces; they go through in order only", async () => {
    const next = await nonceOf(holder.address);
    const first = await signRegistration("row-1.csv", { nonce: next });
    const second = await signRegistration("row-2.csv", { nonce: next + 1n });
    const ahead = await refusal(submitDelegatedRequest(relayer, second));
    expect(ahead.problem).toBe("nonce-ahead");
    expect(ahead.shortMessage).toBe(`the request has nonce ${next + 1n}, but ${holder.address}'s next is ${next}`);
    await submitDelegatedRequest(relayer, first);
    await submitDelegatedRequest(relayer, second);
    expect(await nonceOf(holder.address)).toBe(next + 2n);
    await expect(signRegistration("row-0.csv", { nonce: next })).rejects.toThrow(`nonce ${next} of ${holder.address} is used already: the next is ${next + 2n}`);
  });

  it("refuses to sign a call to the directory, which acts for its offices and participants directly", async () => {
    const { setParticipantMetadataURI } = await import("../actions/setParticipantMetadataURI.js");
    await expect(
      signDelegatedRequest(holder.context, {
        run: (ctx) => setParticipantMetadataURI(ctx, { account: holder.address, metadataURI: "https://x.example" }),
        deadline: await inAnHour(),
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: setParticipantMetadataURI calls the directory, which takes no delegated requests
      Hint: only the dataset, grant and batch anchor registries do; the directory's offices act directly]
    `);
  });
});

describe("attacks", () => {
  it("replay: the same request twice is refused by its nonce, by the SDK and by the forwarder", async () => {
    const signed = await signRegistration("replayed.csv");
    await submitDelegatedRequest(relayer, signed);
    const again = await refusal(submitDelegatedRequest(relayer, signed));
    expect(again.problem).toBe("used");
    expect(again.shortMessage).toBe(`the request (nonce ${signed.request.nonce} of ${holder.address}) was used already: a request is submitted once`);
    // The forwarder checks the signature against the current nonce: the old one no longer recovers.
    expect(await forwarderRefusal(signed)).toBe("ERC2771ForwarderInvalidSigner");
  });

  it("expiry: a request past its deadline is refused by name", async () => {
    const now = (await chain.publicClient.getBlock()).timestamp;
    const signed = await signRegistration("late.csv", { deadline: now + 30n });
    await chain.increaseTime(60);
    const late = await refusal(submitDelegatedRequest(relayer, signed));
    expect(late.problem).toBe("expired");
    expect(late.shortMessage).toMatch(/^the request expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(the chain's time is .+\)$/);
    expect(await forwarderRefusal(signed)).toBe("ERC2771ForwarderExpiredRequest");
    // Nothing changed: the nonce is still free for the signer's next request.
    expect(BigInt(signed.request.nonce)).toBe(await nonceOf(holder.address));
    await expect(signRegistration("too-late.csv", { deadline: now })).rejects.toThrow(/the deadline .* is not after the chain's time/);
  });

  it("wrong chain: a request signed for another chain id is refused", async () => {
    const genuine = await signRegistration("other-chain.csv");
    const signature = await holder.wallet.signTypedData({
      domain: { name: "DPR", version: "1", chainId: 1, verifyingContract: chain.deployment.contracts.forwarder },
      types: forwardRequestTypes,
      primaryType: "ForwardRequest",
      message: { ...genuine.request, value: 0n, gas: BigInt(genuine.request.gas), nonce: BigInt(genuine.request.nonce), deadline: Number(genuine.request.deadline) },
    });
    const forMainnet: SignedRequest = { ...genuine, chainId: 1, signature };
    const wrong = await refusal(submitDelegatedRequest(relayer, forMainnet));
    expect(wrong.problem).toBe("wrong-chain");
    expect(wrong.shortMessage).toBe("the request was signed for chain 1, but this deployment is on chain 31337");
    // Relabelled as this chain's, the signature does not recover; the forwarder agrees.
    const relabelled = await refusal(submitDelegatedRequest(relayer, { ...forMainnet, chainId: 31337 }));
    expect(relabelled.problem).toBe("bad-signature");
    expect(await forwarderRefusal(forMainnet)).toBe("ERC2771ForwarderInvalidSigner");
  });

  it("wrong contract: another deployment's forwarder, a target that does not trust the forwarder", async () => {
    // A second deployment on the same chain, where the holder is onboarded too.
    const deployed = await deployContracts(chain.wallet(0), chain.publicClient, { noticePeriod: NOTICE_PERIOD });
    const second = { ...chain.deployment, contracts: deployed.contracts, deploymentBlock: deployed.deploymentBlock };
    await addParticipant({ ...chain.context(0), deployment: second }, { account: holder.address, roles: ["holder"], jurisdiction: "gz", legalIdentity: "GZ-FIRST-HOSPITAL", zoneSecret: ZONE_SECRET });
    const elsewhere = await signDelegatedRequest({ ...holder.context, deployment: second }, {
      run: (ctx) => registerDataset(ctx, { contentHash: hash("elsewhere.csv"), category: "public", grade: "general", sector: "TRANSPORT", jurisdiction: "gz" }),
      deadline: await inAnHour(),
    });
    const other = await refusal(submitDelegatedRequest(relayer, elsewhere));
    expect(other.problem).toBe("wrong-forwarder");
    expect(other.shortMessage).toBe(
      `the request was signed for forwarder ${getAddress(deployed.contracts.forwarder)}, not this deployment's (${getAddress(chain.deployment.contracts.forwarder)})`,
    );
    // On chain: its target, the other deployment's registry, trusts only its own forwarder.
    expect(await forwarderRefusal(elsewhere)).toBe("ERC2771UntrustfulTarget");

    // A request to the directory, signed by hand (the SDK will not sign one): refused by the SDK and the forwarder.
    const { directory } = chain.deployment.contracts;
    const data = encodeFunctionData({ abi: participantDirectoryAbi, functionName: "setMetadataURI", args: [holder.address, "https://x.example"] });
    const request = { from: holder.address, to: directory, value: "0", gas: "200000", nonce: String(await nonceOf(holder.address)), deadline: String(await inAnHour()), data };
    const signature = await holder.wallet.signTypedData({
      domain: { name: "DPR", version: "1", chainId: 31337, verifyingContract: chain.deployment.contracts.forwarder },
      types: forwardRequestTypes,
      primaryType: "ForwardRequest",
      message: { ...request, value: 0n, gas: 200_000n, nonce: BigInt(request.nonce), deadline: Number(request.deadline) },
    });
    const toDirectory: SignedRequest = {
      format: "dpr-signed-request/1",
      chainId: 31337,
      forwarder: chain.deployment.contracts.forwarder,
      request,
      signature,
      call: { action: "setParticipantMetadataURI", contract: "datasets", function: "setMetadataURI", args: [holder.address, "https://x.example"] },
    };
    const untrusted = await refusal(submitDelegatedRequest(relayer, toDirectory));
    expect(untrusted.problem).toBe("not-a-registry");
    expect(await forwarderRefusal(toDirectory)).toBe("ERC2771UntrustfulTarget");
  });

  it("an address appended to calldata sent directly to a registry is ignored: the sender acts", async () => {
    const pending = await submitDelegatedRequest(relayer, viaFile(await signRegistration("appended.csv")));
    const datasetId = (pending.events[0]!.args as { datasetId: Hex }).datasetId;
    const confirm = encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [datasetId] });
    // Registrar 2 appends the officer registrar's address, as the forwarder would: the registry sees registrar 2.
    const txHash = await chain.wallet(REGISTRAR_2).sendTransaction({ to: chain.deployment.contracts.datasets, data: concat([confirm, registrar.address]) });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: txHash });
    const { parseEventLogs } = await import("viem");
    const [confirmed] = parseEventLogs({ abi: datasetRegistryAbi, logs: receipt.logs, eventName: "DatasetConfirmed" });
    expect(confirmed!.args.registrar).toBe(chain.wallet(REGISTRAR_2).account.address);
  });

  it("tampering: data, gas or deadline changed after signing no longer recovers; a changed description is caught", async () => {
    const signed = await signRegistration("genuine.csv");
    const forged = await signRegistration("forged.csv", { nonce: BigInt(signed.request.nonce) });
    // The relayer swaps in other data with a matching description, keeping the signature.
    const swapped: SignedRequest = { ...signed, request: { ...signed.request, data: forged.request.data }, call: forged.call };
    const badData = await refusal(submitDelegatedRequest(relayer, swapped));
    expect(badData.problem).toBe("bad-signature");
    expect(badData.shortMessage).toBe(`the signature does not recover to the request's signer ${holder.address}`);
    expect(await forwarderRefusal(swapped)).toBe("ERC2771ForwarderInvalidSigner");
    for (const change of [{ gas: "30000" }, { deadline: String(BigInt(signed.request.deadline) + 1n) }]) {
      const changed = { ...signed, request: { ...signed.request, ...change } };
      expect((await refusal(submitDelegatedRequest(relayer, changed))).problem).toBe("bad-signature");
      expect(await forwarderRefusal(changed)).toBe("ERC2771ForwarderInvalidSigner");
    }
    // Only the description changed: the signature holds, but what people are shown would lie.
    const misdescribed: SignedRequest = { ...signed, call: forged.call };
    const mismatch = await refusal(submitDelegatedRequest(relayer, misdescribed));
    expect(mismatch.problem).toBe("call-mismatch");
    expect(mismatch.shortMessage).toBe("the request's description does not match the signed call");
    // The genuine request still goes through.
    const result = await submitDelegatedRequest(relayer, signed);
    expect(result.events[0]!.args).toMatchObject({ holder: holder.address, contentHash: hash("genuine.csv") });
  });

  it("an officer suspended after signing: the request is refused from that block on", async () => {
    const suspended = officer();
    await addParticipant(chain.context(0), { account: suspended.address, roles: ["holder"], jurisdiction: "gz", legalIdentity: "GZ-FIRST-HOSPITAL", zoneSecret: ZONE_SECRET });
    const signed = await signRegistration("before-suspension.csv", { by: suspended });
    await suspendParticipant(chain.context(0), { account: suspended.address, reasonHash: hash("key reported stolen") });
    const error = await submitDelegatedRequest(relayer, signed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRuleError);
    expect((error as ContractRuleError).args).toMatchObject({ account: suspended.address });
    // The forwarder refuses too (the forwarded call fails), and nothing was used up.
    expect(await forwarderRefusal(signed)).toBe("FailedCall");
    expect(await nonceOf(suspended.address)).toBe(0n);
  });

  it("an officer removed after signing: the request is refused from that block on; the organisation keeps its data", async () => {
    const leaving = officer();
    await addParticipant(chain.context(0), { account: leaving.address, roles: ["holder"], jurisdiction: "gz", legalIdentity: "GZ-FIRST-HOSPITAL", zoneSecret: ZONE_SECRET });
    const kept = await submitDelegatedRequest(relayer, await signRegistration("kept.csv", { by: leaving }));
    const keptId = (kept.events[0]!.args as { datasetId: Hex }).datasetId;
    const signed = await signRegistration("after-leaving.csv", { by: leaving });
    const removal = await chain.wallet(0).writeContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "removeParticipant",
      args: [leaving.address, hash("left the hospital")],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash: removal });
    const error = await submitDelegatedRequest(relayer, signed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRuleError);
    expect(await forwarderRefusal(signed)).toBe("FailedCall");
    // What the officer registered stays registered.
    expect((await statusOf(keptId)).status).toBe(DatasetStatus.PENDING);
  });

  it("a rogue relayer can only submit or withhold: starving the call of gas changes nothing", async () => {
    const signed = await signRegistration("starved.csv");
    const nonce = await nonceOf(holder.address);
    // Enough gas for the forwarder's checks but not for the call's signed gas: the transaction fails whole.
    const txHash = await minedAnyway(() =>
      chain.wallet(RELAYER).writeContract({
        address: chain.deployment.contracts.forwarder,
        abi: requestForwarderAbi,
        functionName: "execute",
        args: [forwardRequestData(signed)],
        gas: 80_000n,
      }),
    );
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe("reverted");
    expect(await nonceOf(holder.address)).toBe(nonce);
    // The request is intact: an honest relayer submits it later.
    const result = await submitDelegatedRequest(relayer, signed);
    expect(result.events[0]!.args).toMatchObject({ holder: holder.address, contentHash: hash("starved.csv") });
  });
});

describe("parseSignedRequest", () => {
  it("names every problem of a malformed document", () => {
    const error = (() => {
      try {
        parseSignedRequest({ format: "dpr-signed-request/2", chainId: -1, forwarder: "0x12", request: { from: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", gas: 5, extra: 1 }, signature: "0xzz", call: [] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidSignedRequestError);
    expect((error as InvalidSignedRequestError).problems).toMatchInlineSnapshot(`
      [
        "format: "dpr-signed-request/2", expected "dpr-signed-request/1"",
        "chainId: not a positive integer",
        "forwarder: not an address",
        "signature: not 0x-prefixed hex bytes",
        "request.extra: unknown field",
        "request.to: missing",
        "request.value: missing",
        "request.gas: not a decimal integer in a string",
        "request.nonce: missing",
        "request.deadline: missing",
        "request.data: missing",
        "call: not an object",
      ]
    `);
    expect(() => parseSignedRequest("{")).toThrow(/not JSON/);
  });

  it("round-trips what signDelegatedRequest writes, and verifies it without sending", async () => {
    const signed = await signRegistration("round-trip.csv");
    expect(parseSignedRequest(JSON.parse(JSON.stringify(signed)))).toEqual(signed);
    const verified = await verifySignedRequest(relayer, viaFile(signed));
    expect(verified).toMatchObject({ signer: holder.address, contract: "datasets", functionName: "register", nonce: BigInt(signed.request.nonce) });
    expect(verified.args.map(toJsonValue)).toEqual(signed.call.args);
  });
});

describe("gas", () => {
  it("costs the relayer a bounded overhead over the direct call: register, confirm, grant", async () => {
    // Direct actors: a funded holder and registrar of their own organisations.
    const [directHolder, directRegistrar] = [3, 1];
    await addParticipant(chain.context(0), { account: chain.wallet(directHolder).account.address, roles: ["holder"], jurisdiction: "gz", legalIdentity: "GZ-DIRECT-HOLDER", zoneSecret: ZONE_SECRET });
    await addParticipant(chain.context(0), { account: chain.wallet(directRegistrar).account.address, roles: ["registrar"], jurisdiction: "gz", legalIdentity: "GZ-DIRECT-REGISTRAR", zoneSecret: ZONE_SECRET });
    const registration = (label: string) => ({ contentHash: hash(label), category: "public", grade: "general", sector: "TRANSPORT", jurisdiction: "gz" }) as const;
    const grantOf = (datasetId: Hex) => ({ datasetId, grantee: chain.wallet(GRANTEE).account.address, right: "processing-use", purposeCode: 12, purposeHash: hash("model calibration") }) as const;
    const delegated = async (o: Officer, run: (ctx: DprContext) => Promise<unknown>) =>
      submitDelegatedRequest(relayer, await signDelegatedRequest(o.context, { run, deadline: await inAnHour() }));

    const direct = { register: 0n, confirm: 0n, grant: 0n };
    const viaForwarder = { register: 0n, confirm: 0n, grant: 0n };
    const d = await registerDataset(chain.context(directHolder), registration("gas-direct.csv"));
    direct.register = d.gasUsed;
    const r = await delegated(holder, (ctx) => registerDataset(ctx, registration("gas-delegated.csv")));
    viaForwarder.register = r.gasUsed;
    const delegatedId = (r.events[0]!.args as { datasetId: Hex }).datasetId;
    direct.confirm = (await confirmDataset(chain.context(directRegistrar), { datasetId: d.datasetId })).gasUsed;
    viaForwarder.confirm = (await delegated(registrar, (ctx) => confirmDataset(ctx, { datasetId: delegatedId }))).gasUsed;
    await chain.increaseTime(NOTICE_PERIOD + 1n);
    direct.grant = (await grantRight(chain.context(directHolder), grantOf(d.datasetId))).gasUsed;
    viaForwarder.grant = (await delegated(holder, (ctx) => grantRight(ctx, grantOf(delegatedId)))).gasUsed;

    const table = (["register", "confirm", "grant"] as const).map((op) => ({
      operation: op,
      direct: Number(direct[op]),
      delegated: Number(viaForwarder[op]),
      overhead: Number(viaForwarder[op] - direct[op]),
    }));
    // The figures for docs/gas.md.
    console.log(`gas, direct vs delegated (Hardhat node):\n${JSON.stringify(table, null, 2)}`);
    for (const row of table) {
      // The forwarder's signature check, nonce and call: tens of thousands of gas, never the call's cost again.
      expect(row.overhead, row.operation).toBeGreaterThan(0);
      expect(row.overhead, row.operation).toBeLessThan(60_000);
    }
  });
});
