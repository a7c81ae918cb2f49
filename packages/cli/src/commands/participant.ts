import type { Command } from "commander";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { isoTime, withoutRaw } from "../io/output.js";
import { parseAddress } from "../io/parse.js";
import { textHash } from "../io/digest.js";
import { type ZoneSecretOptions, zoneSecretFor } from "../io/zoneSecret.js";

interface NameOptions {
  name?: string;
  nameZh?: string;
}

interface AddOptions extends ZoneSecretOptions, NameOptions {
  jurisdiction: string;
  roles: string;
  legalId: string;
  metadataUri?: string;
}

interface RotateOptions extends ZoneSecretOptions {
  legalId: string;
}

interface ReasonOptions {
  reason?: string;
}

/**
 * The profile URI recorded for a participant added with `--name` and no `--metadata-uri`: a `data:`
 * URI holding `{"name": …}`, so the name is on record (in the ParticipantAdded event) without hosting.
 * This profile is self-declared: the participant can move it; the attested name is recorded apart.
 */
export function nameDataUri(name: string | Readonly<Record<string, string>>): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name }))}`;
}

/**
 * The name given by `--name` (and `--name-zh`): plain text, or names by language when both are given
 * (`{"en": …, "zh-CN": …}`). Undefined without `--name`; checked as the directory would check it.
 */
async function namesFrom(options: NameOptions, command: string): Promise<string | Record<string, string> | undefined> {
  if (options.name === undefined) {
    if (options.nameZh !== undefined) throw usageError(`${command}: --name-zh needs --name (the English name)`);
    return undefined;
  }
  const names = options.nameZh === undefined ? options.name.trim() : { en: options.name.trim(), "zh-CN": options.nameZh.trim() };
  // Refused here (exit 2) before a key is unlocked or the network touched.
  const { encodeOrganisationName } = await import("@dpr/sdk");
  encodeOrganisationName(names);
  return names;
}

/** The roles of a `--roles` option: comma-separated names, blanks ignored (checked by the SDK's parseRoles). */
function roleList(text: string): string[] {
  return text.split(",").map((r) => r.trim()).filter((r) => r !== "");
}

/** A name text in English and Chinese, for people: "English / 中文" (once when they are the same). */
function bothLanguages(text: string | null, pick: (text: string, lang: string) => string | null): string | null {
  if (text === null) return null;
  const names = [...new Set([pick(text, "en"), pick(text, "zh-CN")].filter((name): name is string => name !== null))];
  return names.length === 0 ? null : names.join(" / ");
}

export function registerParticipant(program: Command): void {
  const participant = program
    .command("participant")
    .summary("onboard, suspend, reinstate, remove, re-commit and show participants")
    .description(
      "The participant directory: organisations' accounts, their jurisdiction and roles (HOLDER, REGISTRAR, REGULATOR, AUDITOR), and each organisation's name as the onboarding office attested it. Only the zone's offices change it (a participant may move its own profile, whose name is self-declared).",
    );

  participant
    .command("add")
    .description(
      "Onboards an account with any roles. Onboarding office only. The legal identity (e.g. the unified social credit code) is committed locally as HMAC-SHA256(zone secret, identifier) and only the commitment goes on chain; accounts with the same legal identity form one organisation. The identifier is normalised first (Unicode NFKC, spaces and hyphens removed, upper case). The zone secret comes from --zone-secret-file or DPR_ZONE_SECRET, never from an option value, and is never printed.",
    )
    .argument("<address>", "the participant's account")
    .option("--name <name>", "the new organisation's name, attested by the zone admin in a second transaction and recorded in a data: metadata URI (needed unless --metadata-uri is given)")
    .option("--name-zh <name>", "its name in Chinese: with --name, the attested name holds both ({\"en\":…,\"zh-CN\":…})")
    .requiredOption("--jurisdiction <code>", "where it is established: GZ or one of the GBA's other mainland cities (SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING), MAINLAND_OTHER (the rest of the mainland), HK, MO or OTHER")
    .requiredOption("--roles <roles>", "comma-separated roles: HOLDER, REGISTRAR, REGULATOR, AUDITOR")
    .requiredOption("--legal-id <text>", "its legal identity (the identifier, committed locally with the zone secret), or the ready 32-byte commitment")
    .option("--zone-secret-file <file>", "file holding the zone secret (hex, at least 32 bytes); default: DPR_ZONE_SECRET")
    .option("--metadata-uri <uri>", "where its public profile is published (default: a data: URI with --name)")
    .addHelpText(
      "after",
      `
With --name, onboarding takes two transactions: addParticipant, then attestName for the new
organisation (proposed with dpr admin propose, both calls run as one timelock operation). An account that joins an existing organisation (a known legal identity) keeps that
organisation's name: give it --metadata-uri instead of --name (dpr participant attest-name replaces
an organisation's name).

With --json: {"account","organisation","addedBy","jurisdiction","roles","legalIdHash","metadataURI",
              "attestation":{"name","txHash","blockNumber","gasUsed"}|null,"txHash","blockNumber","gasUsed","name"}.

Examples:
  dpr participant add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --name "Guangzhou Data Exchange" \\
      --name-zh "广州数据交易所" --jurisdiction GZ --roles REGISTRAR --legal-id 91440101MA5CYTEST1 \\
      --zone-secret-file /secure/zone-secret.hex
  DPR_ZONE_SECRET=… dpr participant add 0x3C44…93BC --name "HK Clinic" --jurisdiction HK --roles HOLDER --legal-id HK-BR-12345678`,
    )
    .action(async (address: string, options: AddOptions, command: Command) => {
      const env = await commandEnv(command);
      const account = await parseAddress(address, "participant address");
      if (options.name === undefined && options.metadataUri === undefined) {
        throw usageError("participant add needs --name or --metadata-uri", "--name records the organisation's name; --metadata-uri points at its published profile");
      }
      const names = await namesFrom(options, "participant add");
      const roles = roleList(options.roles);
      const { parseJurisdiction, parseRoles } = await import("@dpr/sdk");
      // Check names before loading a key or touching the network.
      parseJurisdiction(options.jurisdiction);
      parseRoles(roles);
      const zoneSecret = await zoneSecretFor(options.legalId, options, "participant add");
      const metadataURI = options.metadataUri ?? nameDataUri(names!);
      await writeAction(
        env,
        "adding the participant",
        (sdk, context, onStatus) =>
          sdk.addParticipant(context, {
            account,
            jurisdiction: options.jurisdiction,
            roles,
            legalIdentity: options.legalId,
            zoneSecret,
            metadataURI,
            attestedName: names,
            onStatus,
          }),
        options.name === undefined ? {} : { name: options.name.trim() },
      );
    });

  participant
    .command("attest-name")
    .description(
      "Records the name of an organisation as the onboarding office checked it (e.g. against its business licence), replacing any earlier one. Onboarding office only. Readers show this name for every account of the organisation; the name in a participant's own profile is self-declared. At most 256 bytes of UTF-8, one line.",
    )
    .argument("<organisation>", "the organisation: its first account (dpr participant show gives it as organisation)")
    .requiredOption("--name <name>", "its name (in English when --name-zh is given too)")
    .option("--name-zh <name>", "its name in Chinese: the attested name then holds both ({\"en\":…,\"zh-CN\":…})")
    .addHelpText(
      "after",
      `
With --json: {"organisation","attestedBy","name","txHash","blockNumber","gasUsed"} (name as recorded).

Example:
  dpr participant attest-name 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --name "Guangzhou Data Exchange" \\
      --name-zh "广州数据交易所"`,
    )
    .action(async (address: string, options: NameOptions, command: Command) => {
      const env = await commandEnv(command);
      const organisation = await parseAddress(address, "organisation address");
      const name = (await namesFrom(options, "participant attest-name"))!;
      await writeAction(env, "attesting the organisation's name", (sdk, context, onStatus) =>
        sdk.attestOrganisationName(context, { organisation, name, onStatus }),
      );
    });

  for (const [name, verb] of [
    ["suspend", "Suspends"],
    ["reinstate", "Reinstates"],
  ] as const) {
    participant
      .command(name)
      .description(
        `${verb} a participant. Discipline office only. A suspended participant can do nothing and holds no rights. The reason is hashed locally and only its hash goes on chain.`,
      )
      .argument("<address>", "the participant's account")
      .option("--reason <text>", "why (hashed; the text stays off chain)")
      .addHelpText("after", `\nWith --json: {"account","suspendedBy"|"reinstatedBy","reasonHash","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr participant ${name} 0x3C44…93BC --reason "licence ${name === "suspend" ? "withdrawn" : "restored"} 2026-11-01"`)
      .action(async (address: string, options: ReasonOptions, command: Command) => {
        const env = await commandEnv(command);
        const account = await parseAddress(address, "participant address");
        const reasonHash = options.reason === undefined ? undefined : textHash(options.reason);
        await writeAction(env, `${name === "suspend" ? "suspending" : "reinstating"} the participant`, (sdk, context, onStatus) =>
          name === "suspend"
            ? sdk.suspendParticipant(context, { account, reasonHash, onStatus })
            : sdk.reinstateParticipant(context, { account, reasonHash, onStatus }),
        );
      });
  }

  participant
    .command("remove")
    .description(
      "Removes an account from the directory: an officer who left, or a key that leaked. Its signature is worthless from that block on; its organisation keeps everything it holds. The ONBOARDING office, or the organisation's designated key (dpr participant set-key). Removing an organisation's first account keeps its record, marked removed: the address still names the organisation. The reason is hashed locally and only its hash goes on chain.",
    )
    .argument("<address>", "the account to remove")
    .requiredOption("--reason <text>", "why (hashed; the text stays off chain)")
    .addHelpText("after", `\nWith --json: {"account","organisation","removedBy","reasonHash","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr participant remove 0x3C44…93BC --reason "officer left 2026-11-30"`)
    .action(async (address: string, options: { reason: string }, command: Command) => {
      const env = await commandEnv(command);
      const account = await parseAddress(address, "participant address");
      await writeAction(env, "removing the participant", (sdk, context, onStatus) =>
        sdk.removeParticipant(context, { account, reasonHash: textHash(options.reason), onStatus }),
      );
    });

  participant
    .command("set-key")
    .description(
      "Designates the key that adds and removes an organisation's officers (typically the organisation's own multisig), replacing any earlier one; --clear removes it. ONBOARDING office only. The key is not a participant: it manages officers, within the roles the organisation has.",
    )
    .argument("<organisation>", "the organisation (its first account's address)")
    .argument("[key]", "the key's address")
    .option("--clear", "clear the organisation's key")
    .addHelpText("after", `\nWith --json: {"organisation","key","setBy","txHash","blockNumber","gasUsed"} (key null when cleared).\n\nExamples:\n  dpr participant set-key 0x15d3…6A65 0x71bE…5788\n  dpr participant set-key 0x15d3…6A65 --clear`)
    .action(async (organisationText: string, keyText: string | undefined, options: { clear?: boolean }, command: Command) => {
      const env = await commandEnv(command);
      if ((keyText === undefined) === (options.clear !== true)) {
        throw usageError("participant set-key needs a key address or --clear (not both)", "dpr participant set-key <organisation> <key> | dpr participant set-key <organisation> --clear");
      }
      const organisation = await parseAddress(organisationText, "organisation address");
      const key = keyText === undefined ? null : await parseAddress(keyText, "key address");
      await writeAction(env, key === null ? "clearing the organisation's key" : "setting the organisation's key", (sdk, context, onStatus) =>
        sdk.setOrganisationKey(context, { organisation, key, onStatus }),
      );
    });

  participant
    .command("add-officer")
    .description(
      "Adds an officer to an organisation, signed by the organisation's designated key (not a zone office). The officer takes the organisation's jurisdiction and legal identity and acts for it; nothing the organisation holds moves. Its roles must be among the organisation's.",
    )
    .argument("<organisation>", "the organisation (its first account's address)")
    .argument("<address>", "the new officer's account")
    .requiredOption("--roles <roles>", "comma-separated roles, among the organisation's: HOLDER, REGISTRAR, REGULATOR, AUDITOR")
    .option("--metadata-uri <uri>", "where the officer's public profile is published")
    .addHelpText("after", `\nWith --json: {"account","organisation","addedBy","jurisdiction","roles","metadataURI","txHash","blockNumber","gasUsed"}.\n\nExample:\n  DPR_KEYSTORE=keys/health-officer-key.json dpr participant add-officer 0x15d3…6A65 0x1CBd…c9Ec --roles HOLDER`)
    .action(async (organisationText: string, address: string, options: { roles: string; metadataUri?: string }, command: Command) => {
      const env = await commandEnv(command);
      const organisation = await parseAddress(organisationText, "organisation address");
      const account = await parseAddress(address, "officer address");
      const roles = roleList(options.roles);
      const { parseRoles } = await import("@dpr/sdk");
      // Checked before a key is unlocked or the network touched.
      parseRoles(roles);
      await writeAction(env, "adding the officer", (sdk, context, onStatus) =>
        sdk.addOfficer(context, { organisation, account, roles, metadataURI: options.metadataUri, onStatus }),
      );
    });

  participant
    .command("rotate-identity")
    .description(
      "Re-commits an organisation's legal identity under a new zone secret, after the zone rotated it. Onboarding office only. The organisation's accounts stay in it; the old commitment then names no organisation. Run it for every organisation with the same new secret. The secret comes from --zone-secret-file or DPR_ZONE_SECRET and is never printed.",
    )
    .argument("<organisation>", "the organisation: its first account (dpr participant show gives it as organisation)")
    .requiredOption("--legal-id <text>", "its legal identity (the identifier, committed locally with the new zone secret), or the ready 32-byte commitment")
    .option("--zone-secret-file <file>", "file holding the new zone secret (hex, at least 32 bytes); default: DPR_ZONE_SECRET")
    .addHelpText(
      "after",
      `
With --json: {"organisation","changedBy","previousLegalIdHash","legalIdHash","txHash","blockNumber","gasUsed"}.

Example:
  dpr participant rotate-identity 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --legal-id 91440101MA5CYTEST1 \\
      --zone-secret-file /secure/zone-secret-2027.hex`,
    )
    .action(async (address: string, options: RotateOptions, command: Command) => {
      const env = await commandEnv(command);
      const organisation = await parseAddress(address, "organisation address");
      const zoneSecret = await zoneSecretFor(options.legalId, options, "participant rotate-identity");
      await writeAction(env, "re-committing the legal identity", (sdk, context, onStatus) =>
        sdk.setParticipantLegalIdentity(context, { organisation, legalIdentity: options.legalId, zoneSecret, onStatus }),
      );
    });

  participant
    .command("show")
    .description(
      "Shows a participant as the directory records it now: organisation, the name the zone admin attested for it, jurisdiction, roles, status, and apart from these its self-declared profile (the name in a data: profile is shown as declared, not attested). Needs no key.",
    )
    .argument("<address>", "the participant's account")
    .addHelpText(
      "after",
      `
With --json: {"address","organisation","attestedName","since","jurisdiction","roles","suspended","removed","active",
              "organisationKey","profile":{"metadataURI","declaredName","changedBy","blockNumber"}}
(since in unix seconds; attestedName as recorded, plain text or {"en":…,"zh-CN":…}, null when none;
removed only for an organisation's own address whose account was removed; organisationKey for an
organisation's own address, null when none or for another officer; declaredName from a data: profile,
null otherwise). Exits 2 when the account is not a participant.

Example:
  dpr participant show 0x70997970C51812dc3A010C7d01b50e0d17dc79C8`,
    )
    .action(async (address: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const account = await parseAddress(address, "participant address");
      const { declaredNameIn, getAttestedNames, getOrganisationKey, getParticipant, getParticipantProfile, organisationNameIn } = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const blockNumber = await context.publicClient.getBlockNumber();
      const [record, names, profile, organisationKey] = await Promise.all([
        getParticipant(context, { address: account, blockNumber }),
        getAttestedNames(context, { accounts: [account], blockNumber }),
        getParticipantProfile(context, { address: account, toBlock: blockNumber }),
        // Null for an officer: the key is its organisation's (show the organisation for it).
        getOrganisationKey(context, { organisation: account, blockNumber }),
      ]);
      if (!record) throw usageError(`${account} is not a participant`, "onboard it with: dpr participant add");
      const { address: shown, organisation, ...rest } = withoutRaw(record);
      const attestedName = names.get(account.toLowerCase() as Lowercase<typeof account>) ?? null;
      const declared = profile ? { metadataURI: profile.metadataURI, declaredName: declaredNameIn(profile.metadataURI, "en"), changedBy: profile.changedBy, blockNumber: profile.blockNumber } : null;
      const result = { address: shown, organisation, attestedName, ...rest, organisationKey, profile: declared };
      const declaredName = bothLanguages(profile?.metadataURI ?? null, declaredNameIn);
      env.out.result(result, {
        address: shown,
        organisation,
        attestedName: bothLanguages(attestedName, organisationNameIn) ?? "none (not attested by the zone admin)",
        ...rest,
        organisationKey,
        since: isoTime(record.since),
        declaredName: declaredName === null ? null : `${declaredName} (self-declared in its profile, not attested)`,
        profile: profile?.metadataURI,
        profileSetBy: profile?.changedBy,
      });
    });
}
