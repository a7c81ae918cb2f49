import type { Command } from "commander";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { isoTime, withoutRaw } from "../io/output.js";
import { parseAddress } from "../io/parse.js";
import { textHash } from "../io/digest.js";
import { type ZoneSecretOptions, zoneSecretFor } from "../io/zoneSecret.js";

interface AddOptions extends ZoneSecretOptions {
  name?: string;
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
 */
export function nameDataUri(name: string): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name }))}`;
}

export function registerParticipant(program: Command): void {
  const participant = program
    .command("participant")
    .summary("onboard, suspend, reinstate, re-commit and show participants")
    .description(
      "The participant directory: organisations' accounts, their jurisdiction and roles (HOLDER, REGISTRAR, REGULATOR, AUDITOR). Only the zone admin changes it (a participant may move its own profile).",
    );

  participant
    .command("add")
    .description(
      "Onboards an account with any roles. Zone admin only. The legal identity (e.g. the unified social credit code) is committed locally as HMAC-SHA256(zone secret, identifier) and only the commitment goes on chain; accounts with the same legal identity form one organisation. The identifier is normalised first (Unicode NFKC, spaces and hyphens removed, upper case). The zone secret comes from --zone-secret-file or DPR_ZONE_SECRET, never from an option value, and is never printed.",
    )
    .argument("<address>", "the participant's account")
    .option("--name <name>", "the organisation's name, recorded in a data: metadata URI (needed unless --metadata-uri is given)")
    .requiredOption("--jurisdiction <code>", "where it is established: GZ or one of the GBA's other mainland cities (SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING), MAINLAND_OTHER (the rest of the mainland), HK, MO or OTHER")
    .requiredOption("--roles <roles>", "comma-separated roles: HOLDER, REGISTRAR, REGULATOR, AUDITOR")
    .requiredOption("--legal-id <text>", "its legal identity (the identifier, committed locally with the zone secret), or the ready 32-byte commitment")
    .option("--zone-secret-file <file>", "file holding the zone secret (hex, at least 32 bytes); default: DPR_ZONE_SECRET")
    .option("--metadata-uri <uri>", "where its public profile is published (default: a data: URI with --name)")
    .addHelpText(
      "after",
      `
With --json: {"account","organisation","addedBy","jurisdiction","roles","legalIdHash","metadataURI",
              "txHash","blockNumber","gasUsed"}.

Examples:
  dpr participant add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --name "Guangzhou Data Exchange" \\
      --jurisdiction GZ --roles REGISTRAR --legal-id 91440101MA5CYTEST1 --zone-secret-file /secure/zone-secret.hex
  DPR_ZONE_SECRET=… dpr participant add 0x3C44…93BC --name "HK Clinic" --jurisdiction HK --roles HOLDER --legal-id HK-BR-12345678`,
    )
    .action(async (address: string, options: AddOptions, command: Command) => {
      const env = await commandEnv(command);
      const account = await parseAddress(address, "participant address");
      if (options.name === undefined && options.metadataUri === undefined) {
        throw usageError("participant add needs --name or --metadata-uri", "--name records the organisation's name; --metadata-uri points at its published profile");
      }
      if (options.name !== undefined && options.name.trim() === "") throw usageError("--name is empty");
      const roles = options.roles.split(",").map((r) => r.trim()).filter((r) => r !== "");
      const { parseJurisdiction, parseRoles } = await import("@dpr/sdk");
      // Check names before loading a key or touching the network.
      parseJurisdiction(options.jurisdiction);
      parseRoles(roles);
      const zoneSecret = await zoneSecretFor(options.legalId, options, "participant add");
      const metadataURI = options.metadataUri ?? nameDataUri(options.name!.trim());
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
            onStatus,
          }),
        options.name === undefined ? {} : { name: options.name.trim() },
      );
    });

  for (const [name, verb] of [
    ["suspend", "Suspends"],
    ["reinstate", "Reinstates"],
  ] as const) {
    participant
      .command(name)
      .description(
        `${verb} a participant. Zone admin only. A suspended participant can do nothing and holds no rights. The reason is hashed locally and only its hash goes on chain.`,
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
    .command("rotate-identity")
    .description(
      "Re-commits an organisation's legal identity under a new zone secret, after the zone rotated it. Zone admin only. The organisation's accounts stay in it; the old commitment then names no organisation. Run it for every organisation with the same new secret. The secret comes from --zone-secret-file or DPR_ZONE_SECRET and is never printed.",
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
    .description("Shows a participant as the directory records it now: organisation, jurisdiction, roles, status. Needs no key.")
    .argument("<address>", "the participant's account")
    .addHelpText(
      "after",
      `
With --json: {"address","organisation","since","jurisdiction","roles","suspended","active"}
(since in unix seconds). Exits 2 when the account is not a participant.

Example:
  dpr participant show 0x70997970C51812dc3A010C7d01b50e0d17dc79C8`,
    )
    .action(async (address: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const account = await parseAddress(address, "participant address");
      const { getParticipant } = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const record = await getParticipant(context, { address: account });
      if (!record) throw usageError(`${account} is not a participant`, "onboard it with: dpr participant add");
      const result = withoutRaw(record);
      env.out.result(result, { ...result, since: isoTime(record.since) });
    });
}
