import { groupMembers } from "@dpr/devnet";
import { type Address, encodeFunctionData, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addParticipant } from "../actions/addParticipant.js";
import { captureCall, captureCalls } from "../actions/captureCall.js";
import { deployContracts } from "../actions/deployContracts.js";
import { grantOffice } from "../actions/grantOffice.js";
import { pauseZone } from "../actions/pauseZone.js";
import { removeParticipant } from "../actions/removeParticipant.js";
import { revokeOffice } from "../actions/revokeOffice.js";
import { unpauseZone } from "../actions/unpauseZone.js";
import { type TestChain, expectRefusal, startTestChain } from "../actions/testing/testChain.js";
import type { Deployment, DprContext } from "../deployments/deployment.js";
import { parseDeployment } from "../deployments/parseDeployment.js";
import { serializeDeployment } from "../deployments/serializeDeployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { zoneTimelockAbi } from "../generated/abis.js";
import { safeL2Abi } from "../generated/safe.js";
import { getAttestedNames } from "../reads/getAttestedNames.js";
import { getZoneGovernance } from "../reads/getZoneGovernance.js";
import { organisationNameIn } from "../organisationNames.js";
import { createAdminProposal } from "./createAdminProposal.js";
import { deployGovernance } from "./deployGovernance.js";
import { GovernanceError } from "./errors.js";
import { executeProposal } from "./executeProposal.js";
import { getProposalStatus } from "./getProposalStatus.js";
import { parseAdminProposal } from "./parseAdminProposal.js";
import { type AdminProposal, safeTxHashOf } from "./proposal.js";
import { serializeAdminProposal } from "./serializeAdminProposal.js";
import { signAdminProposal } from "./signAdminProposal.js";
import { verifyAdminProposal } from "./verifyAdminProposal.js";

// Accounts: 0 deployer, 1-3 owners of a 2-of-3 Safe, 4 the onboarding office, 5 a registrar, 6 a stranger,
// 7 a hospital onboarded with its name, 8 an account that would join it.
const DELAY = 60n;
const zoneSecret = `0x${"5a".repeat(32)}` as const;
let chain: TestChain;
let deployment: Deployment;
const address = (i: number) => chain.wallet(i).account.address;
const context = (i: number): DprContext => ({ publicClient: chain.publicClient, walletClient: chain.wallet(i), deployment });

/** What a Safe owner's signed proposal becomes once a second owner approved it. */
async function approvedBy(proposal: AdminProposal, ...owners: number[]) {
  let current = proposal;
  for (const owner of owners) current = await signAdminProposal(context(owner), { proposal: current });
  return current;
}

async function propose(run: (ctx: DprContext) => Promise<unknown>, proposer = 1) {
  const call = await captureCall(context(proposer), { as: deployment.governance!.timelock, run });
  return createAdminProposal(context(proposer), { calls: [call] });
}

beforeAll(async () => {
  chain = await startTestChain({ noticePeriod: 10n });
  const governance = await deployGovernance(chain.wallet(0), chain.publicClient, { owners: [address(1), address(2), address(3)], threshold: 2, minDelay: DELAY });
  const deployed = await deployContracts(chain.wallet(0), chain.publicClient, { zoneAdmin: governance.timelock, noticePeriod: 10n });
  deployment = {
    ...chain.deployment,
    contracts: deployed.contracts,
    deploymentBlock: deployed.deploymentBlock,
    zoneAdmin: governance.timelock,
    governance: { safe: governance.safe, timelock: governance.timelock, minDelay: governance.minDelay },
  };
}, 60_000);

afterAll(async () => {
  const pgid = chain?.node.pgid;
  await chain?.node.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
});

describe("deployGovernance", () => {
  it("deploys a 2-of-3 Safe as the timelock's only proposer, and the timelock governs the directory", async () => {
    const { safe, timelock } = deployment.governance!;
    const read = (address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
      chain.publicClient.readContract({ address, abi, functionName, args } as never);
    expect(await read(safe, safeL2Abi, "getOwners")).toEqual([address(1), address(2), address(3)]);
    expect(await read(safe, safeL2Abi, "getThreshold")).toBe(2n);
    const proposer = (await read(timelock, zoneTimelockAbi, "PROPOSER_ROLE")) as `0x${string}`;
    expect(await read(timelock, zoneTimelockAbi, "hasRole", [proposer, safe])).toBe(true);
    expect(await read(timelock, zoneTimelockAbi, "hasRole", [proposer, address(1)])).toBe(false);
    expect(await read(timelock, zoneTimelockAbi, "getMinDelay")).toBe(DELAY);
    const zone = await getZoneGovernance(context(0));
    expect(zone.governance).toBe(timelock);
    expect(zone.offices.ONBOARDING).toEqual([timelock]);
  });

  it("refuses owners named twice, a threshold of 1, more than the owners, and delays out of bounds, sending nothing", async () => {
    const nonce = await chain.publicClient.getTransactionCount({ address: address(0) });
    const attempt = (p: Partial<Parameters<typeof deployGovernance>[2]>) =>
      deployGovernance(chain.wallet(0), chain.publicClient, { owners: [address(1), address(2)], threshold: 2, minDelay: DELAY, ...p });
    await expect(attempt({ owners: [address(1), address(1)] })).rejects.toThrow(/named twice/);
    await expect(attempt({ threshold: 1 })).rejects.toThrow(/any single owner/);
    await expect(attempt({ threshold: 3 })).rejects.toThrow(/from 1 to the number of owners \(2\)/);
    await expect(attempt({ minDelay: 0n })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(attempt({ minDelay: 3n * 86_400n })).rejects.toThrow(/under the directory's 3-day pause/);
    expect(await chain.publicClient.getTransactionCount({ address: address(0) })).toBe(nonce);
  });

  it("keeps governance in the deployment record", () => {
    expect(parseDeployment(serializeDeployment(deployment)).governance).toEqual(deployment.governance);
    const { governance: _, ...without } = deployment;
    expect(parseDeployment(serializeDeployment(without)).governance).toBeUndefined();
    expect(() => parseDeployment({ ...JSON.parse(serializeDeployment(deployment)), governance: { safe: "0x12", timelock: deployment.zoneAdmin, minDelay: "x" } })).toThrow(
      /governance\.safe: expected an address.*\n?.*governance\.minDelay/s,
    );
  });
});

describe("proposals", () => {
  it("onboards through propose, a second approval, schedule, the delay and execute; Safe agrees on the hash", async () => {
    const proposal = await propose((ctx) => grantOffice(ctx, { office: "ONBOARDING", account: address(4) }));
    expect(proposal.calls[0]).toMatchObject({ action: "grantOffice", function: "grantRole", to: deployment.contracts.directory });
    const onChainHash = await chain.publicClient.readContract({
      address: proposal.safe,
      abi: safeL2Abi,
      functionName: "getTransactionHash",
      args: [proposal.safeTransaction.to, 0n, proposal.safeTransaction.data, 0, 0n, 0n, 0n, proposal.safeTransaction.gasToken, proposal.safeTransaction.refundReceiver, BigInt(proposal.safeTransaction.nonce)],
    });
    expect(proposal.safeTxHash).toBe(onChainHash);
    // One signature: refused by name, nothing sent.
    await expect(executeProposal(context(6), { proposal })).rejects.toMatchObject({ problem: "not-enough-approvals" });
    const approved = parseAdminProposal(serializeAdminProposal(await approvedBy(proposal, 3)));
    expect((await getProposalStatus(context(6), { proposal: approved })).stage).toBe("collecting");
    const scheduled = await executeProposal(context(6), { proposal: approved });
    expect(scheduled.stage).toBe("scheduled");
    const early = await executeProposal(context(6), { proposal: approved }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(GovernanceError);
    expect((early as GovernanceError).problem).toBe("not-ready");
    expect((early as Error).message).toContain(new Date(Number(scheduled.readyAt) * 1000).toISOString().replace(".000Z", "Z"));
    await chain.increaseTime(DELAY);
    expect((await getProposalStatus(context(6), { proposal: approved })).stage).toBe("ready");
    expect((await executeProposal(context(6), { proposal: approved })).stage).toBe("executed");
    expect((await getZoneGovernance(context(0))).offices.ONBOARDING).toEqual([deployment.governance!.timelock, address(4)]);
    // Replaying it is refused.
    await expect(executeProposal(context(6), { proposal: approved })).rejects.toMatchObject({ problem: "done" });
    // The office holder acts directly.
    await addParticipant(context(4), { account: address(5), jurisdiction: "GZ", roles: ["REGISTRAR"], legalIdentity: "GZ-EXCHANGE", zoneSecret, metadataURI: "" });
  });

  it("refuses a tampered proposal and a signature by a non-owner before anything is sent", async () => {
    const proposal = await propose((ctx) => revokeOffice(ctx, { office: "ONBOARDING", account: address(4) }));
    const otherCall = encodeFunctionData({ abi: zoneTimelockAbi, functionName: "updateDelay", args: [1n] });
    const tampered = { ...proposal, calls: [{ ...proposal.calls[0]!, data: otherCall }] };
    await expect(verifyAdminProposal(context(6), { proposal: tampered })).rejects.toMatchObject({ problem: "tampered" });
    const relabelled = { ...proposal, safeTransaction: { ...proposal.safeTransaction, nonce: "7" } };
    await expect(verifyAdminProposal(context(6), { proposal: relabelled })).rejects.toMatchObject({ problem: "tampered" });
    // A stranger's signature of the right hash, claimed as theirs: not an owner.
    const { safeTxTypedData } = await import("./proposal.js");
    const signature = await chain.wallet(6).signTypedData(safeTxTypedData(proposal.chainId, proposal.safe, proposal.safeTransaction));
    const foreign = { ...proposal, signatures: [...proposal.signatures, { owner: address(6), signature }] };
    await expect(executeProposal(context(6), { proposal: foreign })).rejects.toMatchObject({ problem: "not-owner" });
    // Claimed as an owner's: the signature recovers to someone else.
    const forged = { ...proposal, signatures: [...proposal.signatures, { owner: address(2), signature }] };
    await expect(executeProposal(context(6), { proposal: forged })).rejects.toMatchObject({ problem: "bad-signature" });
    await expect(createAdminProposal(context(6), { calls: proposal.calls.map((c) => ({ to: c.to, data: c.data })) })).rejects.toMatchObject({ problem: "not-owner" });
    expect(safeTxHashOf(proposal.chainId, proposal.safe, proposal.safeTransaction)).toBe(proposal.safeTxHash);
  });

  it("refuses owners and strangers who call the timelock or the directory directly", async () => {
    const call = await captureCall(context(1), { as: deployment.governance!.timelock, run: (ctx) => grantOffice(ctx, { office: "PAUSE", account: address(1) }) });
    await expect(
      chain.publicClient.simulateContract({
        account: chain.wallet(1).account,
        address: deployment.governance!.timelock,
        abi: zoneTimelockAbi,
        functionName: "schedule",
        args: [call.to, 0n, call.data, zeroHash, zeroHash, DELAY],
      }),
    ).rejects.toThrow(/AccessControlUnauthorizedAccount/);
    await expectRefusal(chain, 1, () => grantOffice(context(1), { office: "PAUSE", account: address(1) }), "AccessControlUnauthorizedAccount");
    await expectRefusal(chain, 1, () => pauseZone(context(1), { duration: 60 }), "AccessControlUnauthorizedAccount");
  });

  it("carries a pause, an unpause and a removal through the timelock's offices", async () => {
    const timelock = deployment.governance!.timelock;
    for (const run of [
      (ctx: DprContext) => pauseZone(ctx, { duration: 3600 }),
    ]) {
      const proposal = await approvedBy(await propose(run), 2);
      await executeProposal(context(6), { proposal });
      await chain.increaseTime(DELAY);
      await executeProposal(context(6), { proposal });
    }
    expect((await getZoneGovernance(context(0))).pausedUntil).toBeGreaterThan(0n);
    const unpause = await approvedBy(await propose((ctx) => unpauseZone(ctx, {})), 2);
    await executeProposal(context(6), { proposal: unpause });
    await chain.increaseTime(DELAY);
    await executeProposal(context(6), { proposal: unpause });
    expect((await getZoneGovernance(context(0))).pausedUntil).toBeUndefined();
    const removal = await propose((ctx) => removeParticipant(ctx, { account: address(5) }));
    expect(removal.calls[0]).toMatchObject({ function: "removeParticipant", args: [address(5), zeroHash] });
    expect(timelock).toBe(deployment.zoneAdmin);
  });
  it("carries a batch of calls in one proposal (scheduleBatch, executeBatch)", async () => {
    const timelock = deployment.governance!.timelock;
    const first = await captureCall(context(2), { as: timelock, run: (ctx) => grantOffice(ctx, { office: "DISCIPLINE", account: address(4) }) });
    const second = await captureCall(context(2), { as: timelock, run: (ctx) => grantOffice(ctx, { office: "MIGRATION", account: address(4) }) });
    const proposal = await approvedBy(await createAdminProposal(context(2), { calls: [first, second] }), 1);
    expect(proposal.safeTransaction.data.slice(0, 10)).toBe(encodeFunctionData({ abi: zoneTimelockAbi, functionName: "scheduleBatch", args: [[], [], [], zeroHash, zeroHash, 0n] }).slice(0, 10));
    await executeProposal(context(6), { proposal });
    await chain.increaseTime(DELAY);
    await executeProposal(context(6), { proposal });
    const { offices } = await getZoneGovernance(context(0));
    expect(offices.DISCIPLINE).toContain(address(4));
    expect(offices.MIGRATION).toContain(address(4));
  });

  it("carries an onboarding with its attested name as one operation: the account and the name together", async () => {
    const timelock = deployment.governance!.timelock;
    const onboard = (account: Address, attestedName: string) => (ctx: DprContext) =>
      addParticipant(ctx, { account, jurisdiction: "GZ", roles: ["HOLDER"], legalIdentity: "GZ-HOSPITAL", zoneSecret, metadataURI: "", attestedName });
    // A delegated request carries one call: refused there, by name.
    await expect(captureCall(context(1), { as: timelock, run: onboard(address(7), "Suicheng Hospital") })).rejects.toThrow(
      "addParticipant sends 2 calls (addParticipant, attestName), and only one can be captured here",
    );
    const calls = await captureCalls(context(1), { as: timelock, run: onboard(address(7), "Suicheng Hospital") });
    expect(calls.map((c) => [c.functionName, c.to])).toEqual([["addParticipant", deployment.contracts.directory], ["attestName", deployment.contracts.directory]]);
    const proposal = await approvedBy(await createAdminProposal(context(1), { calls }), 3);
    expect(proposal.calls.map((c) => c.function)).toEqual(["addParticipant", "attestName"]);
    await executeProposal(context(6), { proposal });
    // Scheduled, not run: no account and no name yet.
    const hospital = address(7).toLowerCase() as Lowercase<Address>;
    expect((await getAttestedNames(context(0), { accounts: [address(7)] })).get(hospital)).toBeNull();
    await chain.increaseTime(DELAY);
    await executeProposal(context(6), { proposal });
    const names = await getAttestedNames(context(0), { accounts: [address(7)] });
    expect(organisationNameIn(names.get(hospital), "en")).toBe("Suicheng Hospital");
    // A second account of the same legal identity joins the hospital, which keeps its name: refused for the
    // timelock before anyone signs (not as the proposing owner, who holds no office).
    await expect(captureCalls(context(1), { as: timelock, run: onboard(address(8), "Another Name") })).rejects.toThrow(
      `${address(8)} joins the organisation of ${address(7)}, which keeps its name: an attested name is for a new organisation`,
    );
  });
});
