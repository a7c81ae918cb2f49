import { createHmac } from "node:crypto";
import { groupMembers } from "@dpr/devnet";
import { type Hex, hexToBytes } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError, SignerRequiredError, WrongChainError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { Jurisdiction } from "../generated/enums.js";
import { acceptZoneAdmin } from "./acceptZoneAdmin.js";
import { legalIdentityHash } from "../hashing/legalIdentity.js";
import { addParticipant } from "./addParticipant.js";
import { reinstateParticipant } from "./reinstateParticipant.js";
import { setParticipantLegalIdentity } from "./setParticipantLegalIdentity.js";
import { setParticipantMetadataURI } from "./setParticipantMetadataURI.js";
import { setParticipantRoles } from "./setParticipantRoles.js";
import { suspendParticipant } from "./suspendParticipant.js";
import { type TestChain, expectRefusal, startTestChain } from "./testing/testChain.js";
import { transferZoneAdmin } from "./transferZoneAdmin.js";

// Accounts of the default mnemonic: 0 zone admin, 1 registrar, 2 holder, 3 holder of the registrar's
// organisation, 4 new zone admin, 5 a stranger.
let chain: TestChain;
const address = (index: number) => chain.wallet(index).account.address;
const reason = `0x${"0e".repeat(32)}` as const;
/** The zone's secret for the keyed legal-identity hash, and the one it rotates to. */
const zoneSecret: Hex = `0x${"5a".repeat(32)}`;
const rotatedSecret: Hex = `0x${"c3".repeat(48)}`;
/** HMAC-SHA256 as Node computes it, to check the SDK's browser-safe one against. */
const hmac = (secret: Hex, identifier: string): Hex => `0x${createHmac("sha256", hexToBytes(secret)).update(identifier).digest("hex")}`;

beforeAll(async () => {
  chain = await startTestChain({ noticePeriod: 10n });
});

afterAll(async () => {
  const pgid = chain?.node.pgid;
  await chain?.node.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
});

async function organisationByLegalIdentity(legalIdHash: Hex) {
  return chain.publicClient.readContract({
    address: chain.deployment.contracts.directory,
    abi: participantDirectoryAbi,
    functionName: "organisationByLegalIdentity",
    args: [legalIdHash],
  });
}

async function participant(index: number) {
  return chain.publicClient.readContract({
    address: chain.deployment.contracts.directory,
    abi: participantDirectoryAbi,
    functionName: "getParticipant",
    args: [address(index)],
  });
}

describe("participant actions", () => {
  it("onboards a registrar with its legal identity committed locally under the zone secret, and reports progress", async () => {
    const statuses: [string, string | undefined][] = [];
    const result = await addParticipant(chain.context(0), {
      account: address(1),
      jurisdiction: "gz",
      roles: ["registrar"],
      legalIdentity: " 9144-0101 ma59dataex ",
      zoneSecret,
      metadataURI: "https://example.org/gz-data-exchange.json",
      onStatus: (status, txHash) => statuses.push([status, txHash]),
    });
    expect(result).toMatchObject({
      account: address(1),
      organisation: address(1),
      addedBy: address(0),
      jurisdiction: "gz",
      roles: ["registrar"],
      legalIdHash: hmac(zoneSecret, "91440101MA59DATAEX"),
      metadataURI: "https://example.org/gz-data-exchange.json",
    });
    expect(result.gasUsed).toBeGreaterThan(21_000n);
    expect(statuses).toEqual([["simulating", undefined], ["sending", undefined], ["waiting", result.txHash]]);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: result.txHash });
    expect(receipt.blockNumber).toBe(result.blockNumber);
    expect(await participant(1)).toMatchObject({ organisation: address(1), jurisdiction: Jurisdiction.GZ, roles: 0b10, suspended: false });
  });

  it("lets the zone admin onboard a holder, and add an account to an existing organisation with a ready commitment", async () => {
    const holder = await addParticipant(chain.context(0), {
      account: address(2),
      jurisdiction: "hk",
      roles: ["holder"],
      legalIdentity: "HK-BR-12345678",
      zoneSecret,
    });
    expect(holder).toMatchObject({ organisation: address(2), addedBy: address(0), roles: ["holder"], metadataURI: "" });
    const sameOrganisation = await addParticipant(chain.context(0), {
      account: address(3),
      jurisdiction: "gz",
      roles: ["holder"],
      legalIdentity: await legalIdentityHash("91440101MA59DATAEX", zoneSecret),
    });
    expect(sameOrganisation.organisation).toBe(address(1));
  });

  it("refuses a registrar that onboards a holder, before any transaction is sent", async () => {
    const error = await expectRefusal(
      chain,
      1,
      () => addParticipant(chain.context(1), { account: address(5), jurisdiction: "gz", roles: ["holder"], legalIdentity: "91440101MA59NEWCO1", zoneSecret }),
      "OwnableUnauthorizedAccount",
    );
    expect(error.args).toEqual({ account: address(1) });
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not the zone admin
      Details: ParticipantDirectory reverted with OwnableUnauthorizedAccount
      Hint: only the zone admin onboards participants and adds accounts to organisations; registrars do not"
    `);
    expect(await participant(5)).toMatchObject({ organisation: "0x0000000000000000000000000000000000000000" });
  });

  it("refuses a registrar that plants an account in an existing organisation", async () => {
    const known = await legalIdentityHash("HK-BR-12345678", zoneSecret);
    await expectRefusal(
      chain,
      1,
      () => addParticipant(chain.context(1), { account: address(5), jurisdiction: "hk", roles: ["holder"], legalIdentity: known }),
      "OwnableUnauthorizedAccount",
    );
    expect(await participant(5)).toMatchObject({ organisation: "0x0000000000000000000000000000000000000000" });
    expect(await organisationByLegalIdentity(known)).toBe(address(2));
  });

  it("refuses an account that is already a participant", async () => {
    const error = await expectRefusal(
      chain,
      0,
      () => addParticipant(chain.context(0), { account: address(2), jurisdiction: "hk", roles: ["holder"], legalIdentity: "HK-BR-12345678", zoneSecret }),
      "ParticipantDirectoryAlreadyRegistered",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC is already a participant
      Details: ParticipantDirectory reverted with ParticipantDirectoryAlreadyRegistered"
    `);
  });

  it("replaces roles as the zone admin, and refuses anyone else", async () => {
    const result = await setParticipantRoles(chain.context(0), { account: address(3), roles: ["holder", "auditor"] });
    expect(result).toMatchObject({ account: address(3), previousRoles: ["holder"], roles: ["holder", "auditor"] });
    expect((await participant(3)).roles).toBe(0b1001);
    const error = await expectRefusal(
      chain,
      1,
      () => setParticipantRoles(chain.context(1), { account: address(3), roles: ["regulator"] }),
      "OwnableUnauthorizedAccount",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not the zone admin
      Details: ParticipantDirectory reverted with OwnableUnauthorizedAccount
      Hint: only the zone admin changes a participant's roles"
    `);
  });

  it("suspends and reinstates a holder as the zone admin; a suspended participant cannot change its profile", async () => {
    const byRegistrar = await expectRefusal(chain, 1, () => suspendParticipant(chain.context(1), { account: address(2), reasonHash: reason }), "OwnableUnauthorizedAccount");
    expect(byRegistrar.hint).toBe("only the zone admin suspends participants");
    expect((await participant(2)).suspended).toBe(false);

    const suspended = await suspendParticipant(chain.context(0), { account: address(2), reasonHash: reason });
    expect(suspended).toMatchObject({ account: address(2), suspendedBy: address(0), reasonHash: reason });
    expect((await participant(2)).suspended).toBe(true);

    const error = await expectRefusal(
      chain,
      2,
      () => setParticipantMetadataURI(chain.context(2), { account: address(2), metadataURI: "https://example.org/clinic.json" }),
      "ParticipantDirectorySuspended",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "participant 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC is suspended and cannot change its own record
      Details: ParticipantDirectory reverted with ParticipantDirectorySuspended"
    `);
    const again = await expectRefusal(chain, 0, () => suspendParticipant(chain.context(0), { account: address(2) }), "ParticipantDirectoryAlreadySuspended");
    expect(again.message).toMatchInlineSnapshot(`
      "participant 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC is already suspended
      Details: ParticipantDirectory reverted with ParticipantDirectoryAlreadySuspended"
    `);

    await expectRefusal(chain, 1, () => reinstateParticipant(chain.context(1), { account: address(2) }), "OwnableUnauthorizedAccount");
    expect((await participant(2)).suspended).toBe(true);
    const reinstated = await reinstateParticipant(chain.context(0), { account: address(2) });
    expect(reinstated).toMatchObject({ account: address(2), reinstatedBy: address(0), reasonHash: `0x${"0".repeat(64)}` });
    const moved = await setParticipantMetadataURI(chain.context(2), { account: address(2), metadataURI: "https://example.org/clinic.json" });
    expect(moved).toMatchObject({ account: address(2), changedBy: address(2), metadataURI: "https://example.org/clinic.json" });
  });

  it("re-commits an organisation's legal identity under a rotated secret, as the zone admin only", async () => {
    const previous = hmac(zoneSecret, "91440101MA59DATAEX");
    const byRegistrar = await expectRefusal(
      chain,
      1,
      () => setParticipantLegalIdentity(chain.context(1), { organisation: address(1), legalIdentity: "91440101MA59DATAEX", zoneSecret: rotatedSecret }),
      "OwnableUnauthorizedAccount",
    );
    expect(byRegistrar.hint).toBe("only the zone admin re-commits an organisation's legal identity");

    const taken = await expectRefusal(
      chain,
      0,
      () => setParticipantLegalIdentity(chain.context(0), { organisation: address(1), legalIdentity: "HK-BR-12345678", zoneSecret }),
      "ParticipantDirectoryLegalIdentityTaken",
    );
    expect(taken.args).toEqual({ legalIdHash: hmac(zoneSecret, "HKBR12345678"), organisation: address(2) });
    expect(taken.message).toMatchInlineSnapshot(`
      "legal identity 0x90eb3841771723bc002e4ade3257923281be406b00c2f879f54a25a303647478 already names the organisation of 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
      Details: ParticipantDirectory reverted with ParticipantDirectoryLegalIdentityTaken
      Hint: each organisation needs its own commitment: check the identifier and that every organisation is re-committed with the same new secret"
    `);

    const member = await expectRefusal(
      chain,
      0,
      () => setParticipantLegalIdentity(chain.context(0), { organisation: address(3), legalIdentity: "91440101MA59DATAEX", zoneSecret: rotatedSecret }),
      "ParticipantDirectoryUnknownOrganisation",
    );
    expect(member.message).toMatchInlineSnapshot(`
      "0x90F79bf6EB2c4f870365E785982E1f101E93b906 is not an organisation
      Details: ParticipantDirectory reverted with ParticipantDirectoryUnknownOrganisation
      Hint: name the organisation's first account (dpr participant show gives it as organisation)"
    `);
    expect(await organisationByLegalIdentity(previous)).toBe(address(1));

    const result = await setParticipantLegalIdentity(chain.context(0), {
      organisation: address(1),
      legalIdentity: "91440101MA59DATAEX",
      zoneSecret: rotatedSecret,
    });
    expect(result).toMatchObject({ organisation: address(1), changedBy: address(0), previousLegalIdHash: previous, legalIdHash: hmac(rotatedSecret, "91440101MA59DATAEX") });
    expect(await organisationByLegalIdentity(previous)).toBe("0x0000000000000000000000000000000000000000");
    expect(await organisationByLegalIdentity(result.legalIdHash)).toBe(address(1));
    // Its accounts stay in it.
    expect((await participant(3)).organisation).toBe(address(1));
  });

  it("hands the zone admin's office over in two steps", async () => {
    const offered = await transferZoneAdmin(chain.context(0), { newAdmin: address(4) });
    expect(offered).toMatchObject({ zoneAdmin: address(0), pendingAdmin: address(4) });
    const error = await expectRefusal(chain, 5, () => acceptZoneAdmin(chain.context(5)), "OwnableUnauthorizedAccount");
    expect(error.message).toMatchInlineSnapshot(`
      "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not the pending zone admin
      Details: ParticipantDirectory reverted with OwnableUnauthorizedAccount
      Hint: only the account the zone admin named with transferZoneAdmin can accept the office"
    `);

    const accepted = await acceptZoneAdmin(chain.context(4));
    expect(accepted).toMatchObject({ previousAdmin: address(0), zoneAdmin: address(4) });
    const owner = await chain.publicClient.readContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "owner",
    });
    expect(owner).toBe(address(4));
    await expectRefusal(chain, 0, () => transferZoneAdmin(chain.context(0), { newAdmin: address(0) }), "OwnableUnauthorizedAccount");
  });

  it("checks names, addresses and legal identities locally, before any RPC call", async () => {
    const context = chain.context(0);
    const base = { account: address(5), jurisdiction: "gz", roles: ["holder"], legalIdentity: "X", zoneSecret } as const;
    await expect(addParticipant(context, { ...base, roles: ["KING"] })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown role "KING"
      Hint: use one of: HOLDER, REGISTRAR, REGULATOR, AUDITOR]
    `);
    await expect(addParticipant(context, { ...base, roles: [] })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: a participant needs at least one role
      Hint: use any of: HOLDER, REGISTRAR, REGULATOR, AUDITOR]
    `);
    // (The hint lists the jurisdictions, which grow; the message is what matters here.)
    await expect(addParticipant(context, { ...base, jurisdiction: "Atlantis" })).rejects.toThrow('unknown jurisdiction "Atlantis"');
    await expect(addParticipant(context, { ...base, account: "0x1234" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: the participant's account is not an address: "0x1234"
      Hint: write it as 0x followed by 40 hex digits]
    `);
    await expect(addParticipant(context, { ...base, legalIdentity: "  " })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(addParticipant(context, { ...base, zoneSecret: undefined })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: a legal identifier is committed with the zone secret, and none was given
      Hint: give the zone secret, or the ready 32-byte commitment (0x + 64 hex digits)]
    `);
  });

  it("needs a signer, and a wallet on the deployment's chain", async () => {
    const parameters = { account: address(5), jurisdiction: "gz", roles: ["holder"], legalIdentity: "X", zoneSecret } as const;
    const readOnly = { publicClient: chain.publicClient, deployment: chain.deployment };
    await expect(addParticipant(readOnly, parameters)).rejects.toBeInstanceOf(SignerRequiredError);

    const nonce = await chain.publicClient.getTransactionCount({ address: address(4) });
    const otherChain = { ...chain.context(4), deployment: { ...chain.deployment, chainId: 8_453 } };
    await expect(addParticipant(otherChain, parameters)).rejects.toBeInstanceOf(WrongChainError);
    await expect(addParticipant(otherChain, parameters)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [WrongChainError: the wallet is on chain 31337, but the deployment is on chain 8453
      Hint: point the RPC URL at the deployment's chain, or use the deployment record of this chain]
    `);
    expect(await chain.publicClient.getTransactionCount({ address: address(4) })).toBe(nonce);
  });
});
