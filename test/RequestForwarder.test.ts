/**
 * RequestForwarder (OpenZeppelin's ERC2771Forwarder) and the registries that trust it, attacked at the contract
 * level: a request an officer signed off line acts for the signer and nobody else, once, before its deadline, on
 * this chain and this forwarder only, towards a registry that trusts it, with every rule checked against the
 * signer at the block it is executed. The SDK's and the CLI's halves are tested in packages/sdk and packages/cli.
 */
import { type Address, type Hex, concat, encodeFunctionData, getAddress, parseEventLogs } from "viem";
import { describe, expect, it } from "vitest";
import { DatasetStatus, Role, datasetRegistryAbi, grantRegistryAbi, requestForwarderAbi } from "@dpr/sdk";
import { increaseTime, loadFixture, publicClient, testClient, walletFor } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  grantRequest,
  h,
  idOf,
  mined,
  register,
  registerConfirmed,
  registration,
  revertOf,
  signForwardRequest,
} from "./helpers/dpr.js";

type Who = Record<Actor, Address>;

async function deploy(): Promise<{ dpr: Dpr; a: Who }> {
  const dpr = await deployDpr();
  const a = Object.fromEntries(Object.entries(dpr.a).map(([actor, address]) => [actor, getAddress(address)])) as Who;
  return { dpr, a };
}

const registerData = (label: string) =>
  encodeFunctionData({ abi: datasetRegistryAbi, functionName: "register", args: [registration(label)] });

/** Asserts the forwarder refused the request as not signed by `from` (whoever the signature recovers to). */
async function expectInvalidSigner(tx: Promise<unknown>, from: Address) {
  let error: unknown;
  try {
    await tx;
  } catch (e) {
    error = e;
  }
  expect(error, "the forwarder accepted the request").toBeDefined();
  const revert = revertOf(error);
  expect(revert?.errorName).toBe("ERC2771ForwarderInvalidSigner");
  expect(revert?.args[1]).toBe(from);
  expect(revert?.args[0]).not.toBe(from);
}

/** What the registry answers to `data` forwarded for `signer`: the call the forwarder would make, simulated. */
function forwardedCall(dpr: Dpr, signer: Address, to: Address, data: Hex) {
  return publicClient.call({ account: dpr.addresses.forwarder, to, data: concat([data, signer]) });
}

describe("RequestForwarder", () => {
  it("registers a dataset the holder signed for, held by the holder whoever submits it", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const request = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("forwarded") });
    expect(await dpr.read.forwarder.read.verify([request])).toBe(true);

    const receipt = await mined(dpr.as("stranger").forwarder.write.execute([request]));
    const [registered] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetRegistered", logs: receipt.logs });
    expect(registered!.args.holder).toBe(a.holder);
    const [executed] = parseEventLogs({ abi: requestForwarderAbi, eventName: "ExecutedForwardRequest", logs: receipt.logs });
    expect(executed!.args).toEqual({ signer: a.holder, nonce: 0n, success: true });
    const record = await dpr.read.datasets.read.getDataset([await idOf(dpr, registration("forwarded"))]);
    expect(record.holder).toBe(a.holder);
    expect(record.status).toBe(DatasetStatus.PENDING);
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(1n);
    expect(receipt.from).toBe(a.stranger.toLowerCase());
  });

  it("refuses a replayed request: its nonce is used", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const request = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("replayed") });
    await mined(dpr.as("stranger").forwarder.write.execute([request]));
    expect(await dpr.read.forwarder.read.verify([request])).toBe(false);
    await expectInvalidSigner(dpr.as("stranger").forwarder.write.execute([request]), a.holder);
    await expectInvalidSigner(dpr.as("registrar").forwarder.write.executeBatch([[request], "0x0000000000000000000000000000000000000000"]), a.holder);
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(1n);
  });

  it("refuses a request signed with a nonce ahead of the signer's", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const request = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("ahead"), nonce: 1n });
    await expectInvalidSigner(dpr.as("stranger").forwarder.write.execute([request]), a.holder);
  });

  it("refuses an expired request with ERC2771ForwarderExpiredRequest, and accepts one at its deadline", async () => {
    const { dpr } = await loadFixture(deploy);
    const latest = Number((await publicClient.getBlock()).timestamp);
    const expired = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("expired"), deadline: latest });
    await increaseTime(1);
    await expectRevert(dpr.as("stranger").forwarder.write.execute([expired]), "ERC2771ForwarderExpiredRequest", [latest]);
    expect(await dpr.read.forwarder.read.nonces([dpr.a.holder])).toBe(0n);

    const deadline = Number((await publicClient.getBlock()).timestamp) + 60;
    const timely = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("timely"), deadline });
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(deadline) });
    await mined(dpr.as("stranger").forwarder.write.execute([timely]));
  });

  it("refuses a request signed for another chain or another forwarder", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const data = registerData("elsewhere");
    const otherChain = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data, chainId: 1 });
    await expectInvalidSigner(dpr.as("stranger").forwarder.write.execute([otherChain]), a.holder);
    const otherForwarder = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data, verifyingContract: dpr.addresses.grants });
    await expectInvalidSigner(dpr.as("stranger").forwarder.write.execute([otherForwarder]), a.holder);
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(0n);
  });

  it("refuses a request to a contract that does not trust the forwarder with ERC2771UntrustfulTarget", async () => {
    const { dpr } = await loadFixture(deploy);
    // The directory takes no forwarded calls: its offices sign their own transactions.
    const suspend = encodeFunctionData({
      abi: [{ type: "function", name: "suspend", inputs: [{ type: "address" }, { type: "bytes32" }], outputs: [], stateMutability: "nonpayable" }],
      args: [dpr.a.registrar, h("reason:forwarded")],
    });
    const toDirectory = await signForwardRequest(dpr, "admin", { to: dpr.addresses.directory, data: suspend });
    await expectRevert(dpr.as("stranger").forwarder.write.execute([toDirectory]), "ERC2771UntrustfulTarget", [
      getAddress(dpr.addresses.directory),
      getAddress(dpr.addresses.forwarder),
    ]);
    expect(await dpr.read.directory.read.isActive([dpr.a.registrar])).toBe(true);
    const toAccount = await signForwardRequest(dpr, "holder", { to: dpr.a.stranger, data: "0x" });
    await expectRevert(dpr.as("stranger").forwarder.write.execute([toAccount]), "ERC2771UntrustfulTarget", [
      getAddress(dpr.a.stranger),
      getAddress(dpr.addresses.forwarder),
    ]);
  });

  it("refuses a request whose call, signer, target or gas was changed after signing", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const request = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("signed") });
    const relay = dpr.as("stranger").forwarder.write;
    await expectInvalidSigner(relay.execute([{ ...request, data: registerData("tampered") }]), a.holder);
    await expectInvalidSigner(relay.execute([{ ...request, gas: request.gas + 1n }]), a.holder);
    await expectInvalidSigner(relay.execute([{ ...request, deadline: request.deadline + 1 }]), a.holder);
    // Naming another signer: the signature is the holder's, so it recovers to neither.
    await expectInvalidSigner(relay.execute([{ ...request, from: a.holder2 }]), a.holder2);
    const grantData = encodeFunctionData({ abi: grantRegistryAbi, functionName: "grant", args: [grantRequest({ datasetId: h("x"), grantee: a.holder2 })] });
    await expectInvalidSigner(relay.execute([{ ...request, to: dpr.addresses.grants, data: grantData }]), a.holder);
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(0n);
    // The untouched request still works.
    await mined(relay.execute([request]));
  });

  it("gives nothing to an address appended to a direct call: the registry acts for the plain sender", async () => {
    const { dpr, a } = await loadFixture(deploy);
    // A stranger posing as the holder is refused as the stranger.
    const stranger = walletFor(a.stranger).sendTransaction({ to: dpr.addresses.datasets, data: concat([registerData("posing"), a.holder]) });
    await expectRevert(stranger, "DatasetRegistryMissingRole", [a.stranger, Role.HOLDER]);
    // Another holder posing as the holder registers as itself.
    await mined(walletFor(a.holder2).sendTransaction({ to: dpr.addresses.datasets, data: concat([registerData("posing"), a.holder]) }));
    expect((await dpr.read.datasets.read.getDataset([await idOf(dpr, registration("posing"))])).holder).toBe(a.holder2);
  });

  for (const [fate, act] of [
    ["removed", (dpr: Dpr, who: Address) => dpr.as("admin").directory.write.removeParticipant([who, h("reason:fate")])],
    ["suspended", (dpr: Dpr, who: Address) => dpr.as("admin").directory.write.suspend([who, h("reason:fate")])],
  ] as const) {
    it(`refuses a ${fate} signer's registration and objection from that block on, by the registry's rule`, async () => {
      const { dpr, a } = await loadFixture(deploy);
      const target = await registerConfirmed(dpr, `${fate}-target`);
      const registering = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData(`${fate}-signed`) });
      const objectData = encodeFunctionData({ abi: datasetRegistryAbi, functionName: "object", args: [target, h("evidence:fate")] });
      const objecting = await signForwardRequest(dpr, "holder2", { to: dpr.addresses.datasets, data: objectData });
      // Valid up to the block before.
      await forwardedCall(dpr, a.holder, dpr.addresses.datasets, registering.data);
      await forwardedCall(dpr, a.holder2, dpr.addresses.datasets, objecting.data);

      await mined(act(dpr, a.holder));
      await mined(act(dpr, a.holder2));
      // The forwarder still finds the signatures good: the registry refuses, and the forwarder reverts as a whole.
      expect(await dpr.read.forwarder.read.verify([registering])).toBe(true);
      await expectRevert(dpr.as("stranger").forwarder.write.execute([registering]), "FailedCall", []);
      await expectRevert(dpr.as("stranger").forwarder.write.execute([objecting]), "FailedCall", []);
      await expectRevert(forwardedCall(dpr, a.holder, dpr.addresses.datasets, registering.data), "DatasetRegistryMissingRole", [a.holder, Role.HOLDER]);
      await expectRevert(forwardedCall(dpr, a.holder2, dpr.addresses.datasets, objecting.data), "DatasetRegistryInactiveParticipant", [a.holder2]);
      // Nothing happened and the nonces are unused.
      expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(0n);
      expect(await dpr.read.forwarder.read.nonces([a.holder2])).toBe(0n);
      expect(await dpr.read.datasets.read.status([target])).toBe(DatasetStatus.NOTICE);
    });
  }

  it("refuses a suspended signer's grant through the forwarder", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const id = await registerConfirmed(dpr, "suspended-grant");
    await increaseTime(NOTICE_PERIOD);
    const grantData = encodeFunctionData({ abi: grantRegistryAbi, functionName: "grant", args: [grantRequest({ datasetId: id, grantee: a.holder2 })] });
    const granting = await signForwardRequest(dpr, "holder", { to: dpr.addresses.grants, data: grantData });
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason:fate")]));
    await expectRevert(dpr.as("stranger").forwarder.write.execute([granting]), "FailedCall", []);
    await expectRevert(forwardedCall(dpr, a.holder, dpr.addresses.grants, grantData), "GrantRegistryInactiveParticipant", [a.holder]);
    expect(await dpr.read.grants.read.grantCount()).toBe(0n);
  });

  it("lets a relayer submit a batch atomically: one bad request undoes the others", async () => {
    const { dpr, a } = await loadFixture(deploy);
    const first = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("batch-1"), nonce: 0n });
    const second = await signForwardRequest(dpr, "holder", { to: dpr.addresses.datasets, data: registerData("batch-2"), nonce: 1n });
    const zero = "0x0000000000000000000000000000000000000000" as const;
    await expectInvalidSigner(dpr.as("stranger").forwarder.write.executeBatch([[first, { ...second, data: registerData("batch-x") }], zero]), a.holder);
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(0n);
    await mined(dpr.as("stranger").forwarder.write.executeBatch([[first, second], zero]));
    expect(await dpr.read.forwarder.read.nonces([a.holder])).toBe(2n);
    await register(dpr, "holder", registration("batch-3"));
  });
});
