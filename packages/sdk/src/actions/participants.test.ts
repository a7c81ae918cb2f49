import { createHmac } from "node:crypto";
import { groupMembers } from "@dpr/devnet";
import { type Hex, hexToBytes, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DprError, InvalidArgumentError, SignerRequiredError, WrongChainError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { ZONE_OFFICES } from "../offices.js";
import { Jurisdiction } from "../generated/enums.js";
import { acceptZoneAdmin } from "./acceptZoneAdmin.js";
import { legalIdentityHash } from "../hashing/legalIdentity.js";
import { declaredNameIn, organisationNameIn } from "../organisationNames.js";
import { getAttestedNames } from "../reads/getAttestedNames.js";
import { getParticipantProfile } from "../reads/getParticipantProfile.js";
import { addParticipant } from "./addParticipant.js";
import { attestOrganisationName } from "./attestOrganisationName.js";
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
      "AccessControlUnauthorizedAccount",
    );
    expect(error.args).toEqual({ account: address(1), neededRole: ZONE_OFFICES.ONBOARDING });
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not hold the zone's onboarding office
      Details: ParticipantDirectory reverted with AccessControlUnauthorizedAccount
      Hint: only the onboarding office onboards participants and adds accounts to organisations; registrars do not"
    `);
    expect(await participant(5)).toMatchObject({ organisation: "0x0000000000000000000000000000000000000000" });
  });

  it("refuses a registrar that plants an account in an existing organisation", async () => {
    const known = await legalIdentityHash("HK-BR-12345678", zoneSecret);
    await expectRefusal(
      chain,
      1,
      () => addParticipant(chain.context(1), { account: address(5), jurisdiction: "hk", roles: ["holder"], legalIdentity: known }),
      "AccessControlUnauthorizedAccount",
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
      "AccessControlUnauthorizedAccount",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not hold the zone's onboarding office
      Details: ParticipantDirectory reverted with AccessControlUnauthorizedAccount
      Hint: only the onboarding office changes a participant's roles"
    `);
  });

  it("suspends and reinstates a holder as the zone admin; a suspended participant cannot change its profile", async () => {
    const byRegistrar = await expectRefusal(chain, 1, () => suspendParticipant(chain.context(1), { account: address(2), reasonHash: reason }), "AccessControlUnauthorizedAccount");
    expect(byRegistrar.hint).toBe("only the discipline office suspends participants");
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

    await expectRefusal(chain, 1, () => reinstateParticipant(chain.context(1), { account: address(2) }), "AccessControlUnauthorizedAccount");
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
      "AccessControlUnauthorizedAccount",
    );
    expect(byRegistrar.hint).toBe("only the onboarding office re-commits an organisation's legal identity");

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

  describe("attested names", () => {
    const exchange = { en: "Suicheng Data Exchange (fictional)", "zh-CN": "穗城数据交易所（虚构）" };
    const names = (...indexes: number[]) => getAttestedNames(chain.context(0), { accounts: indexes.map(address) });

    it("onboards a new organisation and attests its name in a second transaction, reporting both", async () => {
      const statuses: string[] = [];
      const result = await addParticipant(chain.context(0), {
        account: address(6),
        jurisdiction: "gz",
        roles: ["registrar"],
        legalIdentity: "91440101MA59EXCHG6",
        zoneSecret,
        metadataURI: "https://example.org/exchange.json",
        attestedName: { en: exchange.en, "zh-cn": exchange["zh-CN"] },
        onStatus: (status) => statuses.push(status),
      });
      expect(result.organisation).toBe(address(6));
      expect(result.attestation).toMatchObject({ name: JSON.stringify(exchange) });
      expect(result.attestation!.blockNumber).toBeGreaterThan(result.blockNumber);
      expect(statuses).toEqual(["simulating", "sending", "waiting", "simulating", "sending", "waiting"]);
      const attested = await names(6);
      expect(attested).toEqual(new Map([[address(6).toLowerCase(), JSON.stringify(exchange)]]));
      expect(organisationNameIn(attested.get(address(6).toLowerCase() as never), "zh-HK")).toBe(exchange["zh-CN"]);
      // Without a name, onboarding is one transaction.
      expect((await addParticipant(chain.context(0), { account: address(7), jurisdiction: "gz", roles: ["holder"], legalIdentity: "91440101MA59CLINI7", zoneSecret })).attestation).toBeNull();
      expect(await names(7)).toEqual(new Map([[address(7).toLowerCase(), null]]));
    });

    it("refuses a name for an account that joins an existing organisation, before anything is sent", async () => {
      const nonce = await chain.publicClient.getTransactionCount({ address: address(0) });
      const joining = { account: address(8), jurisdiction: "gz", roles: ["holder"], legalIdentity: "91440101MA59EXCHG6", zoneSecret } as const;
      await expect(addParticipant(chain.context(0), { ...joining, attestedName: "Guangzhou Municipal Government" })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [InvalidArgumentError: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f joins the organisation of 0x976EA74026E726554dB657fA54763abd0C3a0aa9, which keeps its name: an attested name is for a new organisation
        Hint: leave the name out, or replace the organisation's name with attestOrganisationName (dpr participant attest-name)]
      `);
      await expect(addParticipant(chain.context(0), { ...joining, legalIdentity: "91440101MA59NEWCO8", attestedName: "line\nbreak" })).rejects.toThrow(
        "the organisation's name contains the control character U+000A",
      );
      expect(await chain.publicClient.getTransactionCount({ address: address(0) })).toBe(nonce);
      expect(await names(6)).toEqual(new Map([[address(6).toLowerCase(), JSON.stringify(exchange)]]));
      expect((await participant(8)).organisation).toBe("0x0000000000000000000000000000000000000000");
    });

    it("says the account was onboarded when attesting its name fails", async () => {
      const admin = chain.context(0);
      const wallet = admin.walletClient!;
      const failing = {
        ...admin,
        walletClient: {
          ...wallet,
          writeContract: (request: Parameters<typeof wallet.writeContract>[0]) =>
            request.functionName === "attestName" ? Promise.reject(new Error("the signer declined")) : wallet.writeContract(request),
        } as typeof wallet,
      };
      const error = await addParticipant(failing, {
        account: address(8),
        jurisdiction: "gz",
        roles: ["holder"],
        legalIdentity: "91440101MA59NEWCO8",
        zoneSecret,
        attestedName: "Suicheng Clinic (fictional)",
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DprError);
      expect((error as DprError).shortMessage).toMatch(/^0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f was onboarded in 0x[0-9a-f]{64}, but its organisation's name was not attested: /);
      expect((error as DprError).hint).toBe("attest it with attestOrganisationName (dpr participant attest-name)");
      expect((await participant(8)).organisation).toBe(address(8));
      expect(await names(8)).toEqual(new Map([[address(8).toLowerCase(), null]]));
    });

    it("attests and replaces a name as the zone admin, read by every account of the organisation", async () => {
      const before = await chain.publicClient.getBlockNumber();
      const first = await attestOrganisationName(chain.context(0), { organisation: address(1), name: "Suicheng Data Exchange" });
      expect(first).toMatchObject({ organisation: address(1), attestedBy: address(0), name: "Suicheng Data Exchange" });
      const second = await attestOrganisationName(chain.context(0), { organisation: address(1), name: exchange });
      expect(second.name).toBe(JSON.stringify(exchange));
      // Account 3 belongs to account 1's organisation; account 5 is no participant; repeats are read once.
      expect(await getAttestedNames(chain.context(0), { accounts: [address(1), address(3), address(5), address(1).toLowerCase() as never] })).toEqual(
        new Map([
          [address(1).toLowerCase(), JSON.stringify(exchange)],
          [address(3).toLowerCase(), JSON.stringify(exchange)],
          [address(5).toLowerCase(), null],
        ]),
      );
      expect(await getAttestedNames(chain.context(0), { accounts: [address(3)], blockNumber: before })).toEqual(new Map([[address(3).toLowerCase(), null]]));
      expect(await getAttestedNames(chain.context(0), { accounts: [] })).toEqual(new Map());
    });

    it("refuses a participant attesting its own name, and keeps the attested one when it renames its profile", async () => {
      const own = await expectRefusal(
        chain,
        1,
        () => attestOrganisationName(chain.context(1), { organisation: address(1), name: "Guangzhou Municipal Government" }),
        "AccessControlUnauthorizedAccount",
      );
      expect(own.message).toMatchInlineSnapshot(`
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not hold the zone's onboarding office
        Details: ParticipantDirectory reverted with AccessControlUnauthorizedAccount
        Hint: only the onboarding office attests an organisation's name; a participant changes only its self-declared profile"
      `);
      const profile = `data:application/json,${encodeURIComponent(JSON.stringify({ name: "Guangzhou Municipal Government" }))}`;
      const before = await getParticipantProfile(chain.context(0), { address: address(1) });
      expect(before).toMatchObject({ metadataURI: "https://example.org/gz-data-exchange.json", changedBy: address(0) });
      const moved = await setParticipantMetadataURI(chain.context(1), { account: address(1), metadataURI: profile });
      expect((await names(1)).get(address(1).toLowerCase() as never)).toBe(JSON.stringify(exchange));
      // The profile now says otherwise, and is the participant's own word.
      const after = await getParticipantProfile(chain.context(0), { address: address(1) });
      expect(after).toEqual({ metadataURI: profile, changedBy: address(1), blockNumber: moved.blockNumber });
      expect(declaredNameIn(after!.metadataURI, "en")).toBe("Guangzhou Municipal Government");
      expect(await getParticipantProfile(chain.context(0), { address: address(1), toBlock: moved.blockNumber - 1n })).toEqual(before);
      expect(await getParticipantProfile(chain.context(0), { address: address(5) })).toBeNull();
      expect(await getParticipantProfile(chain.context(0), { address: address(1), fromBlock: moved.blockNumber })).toEqual(after);
      expect(await getParticipantProfile(chain.context(0), { address: address(1), fromBlock: moved.blockNumber + 1n })).toBeNull();
      await expect(getParticipantProfile(chain.context(0), { address: "0x12" })).rejects.toThrow("not an address: 0x12");
    });

    it("refuses a name for an account that is not an organisation, and bad names before anything is sent", async () => {
      const member = await expectRefusal(
        chain,
        0,
        () => attestOrganisationName(chain.context(0), { organisation: address(3), name: "Member" }),
        "ParticipantDirectoryUnknownOrganisation",
      );
      expect(member.args).toEqual({ account: address(3) });
      const nonce = await chain.publicClient.getTransactionCount({ address: address(0) });
      await expect(attestOrganisationName(chain.context(0), { organisation: address(1), name: "x".repeat(257) })).rejects.toThrow(
        "the organisation's name takes 257 bytes; at most 256 fit in the directory",
      );
      await expect(attestOrganisationName(chain.context(0), { organisation: "0x12", name: "x" })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(getAttestedNames(chain.context(0), { accounts: ["0x12"] })).rejects.toThrow("not an address: 0x12");
      expect(await chain.publicClient.getTransactionCount({ address: address(0) })).toBe(nonce);
    });

    it("decodes the directory's own refusal of a multi-line name", async () => {
      const error = await chain.publicClient
        .simulateContract({
          address: chain.deployment.contracts.directory,
          abi: participantDirectoryAbi,
          functionName: "attestName",
          args: [address(1), "two\nlines"],
          account: address(0),
        })
        .catch((e: unknown) => decodeDprError(e, { functionName: "attestName" }));
      expect((error as DprError).message).toMatchInlineSnapshot(`
        "an organisation's name must be one line of 1 to 256 bytes, without control characters
        Details: ParticipantDirectory reverted with ParticipantDirectoryInvalidName
        Hint: shorten it or remove line breaks and tabs (encodeOrganisationName checks a name before it is sent)"
      `);
    });
  });

  it("hands the zone admin's office over in two steps", async () => {
    const offered = await transferZoneAdmin(chain.context(0), { newAdmin: address(4) });
    expect(offered).toMatchObject({ zoneAdmin: address(0), pendingAdmin: address(4) });
    // Governance is accepted in a later block than the offer (the directory's delay is zero, and strict).
    await chain.increaseTime(1);
    const error = await expectRefusal(chain, 5, () => acceptZoneAdmin(chain.context(5)), "AccessControlInvalidDefaultAdmin");
    expect(error.message).toMatchInlineSnapshot(`
      "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not the pending governance
      Details: ParticipantDirectory reverted with AccessControlInvalidDefaultAdmin
      Hint: only the account named with transferZoneAdmin can accept governance"
    `);

    const accepted = await acceptZoneAdmin(chain.context(4));
    expect(accepted).toMatchObject({ previousAdmin: address(0), zoneAdmin: address(4) });
    const owner = await chain.publicClient.readContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "owner",
    });
    expect(owner).toBe(address(4));
    await expectRefusal(chain, 0, () => transferZoneAdmin(chain.context(0), { newAdmin: address(0) }), "AccessControlUnauthorizedAccount");
    // The zone always has governance: the SDK refuses the zero address before sending (the directory would too).
    await expect(transferZoneAdmin(chain.context(4), { newAdmin: zeroAddress })).rejects.toThrow(InvalidArgumentError);
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
