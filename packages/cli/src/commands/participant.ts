import type { Command } from "commander";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { isoTime, withoutRaw } from "../io/output.js";
import { parseAddress } from "../io/parse.js";
import { textHash } from "../io/digest.js";

interface AddOptions {
  name?: string;
  jurisdiction: string;
  roles: string;
  legalId: string;
  metadataUri?: string;
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
    .summary("onboard, suspend, reinstate and show participants")
    .description("The participant directory: organisations' accounts, their jurisdiction and roles (HOLDER, REGISTRAR, REGULATOR, AUDITOR).");

  participant
    .command("add")
    .description(
      "Onboards an account. The zone admin may give any roles; a registrar may onboard holders only (--roles HOLDER). The legal identity (e.g. the unified social credit code) is hashed locally and only its hash goes on chain; accounts with the same legal identity form one organisation.",
    )
    .argument("<address>", "the participant's account")
    .option("--name <name>", "the organisation's name, recorded in a data: metadata URI (needed unless --metadata-uri is given)")
    .requiredOption("--jurisdiction <code>", "where it is established: GZ, HK, MO, MAINLAND_OTHER or OTHER")
    .requiredOption("--roles <roles>", "comma-separated roles: HOLDER, REGISTRAR, REGULATOR, AUDITOR")
    .requiredOption("--legal-id <text>", "its legal identity (plaintext, hashed locally), or the 32-byte hash of it")
    .option("--metadata-uri <uri>", "where its public profile is published (default: a data: URI with --name)")
    .addHelpText(
      "after",
      `
With --json: {"account","organisation","addedBy","jurisdiction","roles","legalIdHash","metadataURI",
              "txHash","blockNumber","gasUsed"}.

Examples:
  dpr participant add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --name "Guangzhou Data Exchange" \\
      --jurisdiction GZ --roles REGISTRAR --legal-id 91440101MA5CYTEST1
  dpr participant add 0x3C44…93BC --name "HK Clinic" --jurisdiction HK --roles HOLDER --legal-id HK-BR-12345678`,
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
      const metadataURI = options.metadataUri ?? nameDataUri(options.name!.trim());
      await writeAction(
        env,
        "adding the participant",
        (sdk, context, onStatus) =>
          sdk.addParticipant(context, { account, jurisdiction: options.jurisdiction, roles, legalIdentity: options.legalId, metadataURI, onStatus }),
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
        `${verb} a participant. The zone admin may ${name} anyone; a registrar only holder-only participants${name === "reinstate" ? " that a registrar suspended" : ""}. A suspended participant can do nothing and holds no rights. The reason is hashed locally and only its hash goes on chain.`,
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
    .command("show")
    .description("Shows a participant as the directory records it now: organisation, jurisdiction, roles, status. Needs no key.")
    .argument("<address>", "the participant's account")
    .addHelpText(
      "after",
      `
With --json: {"address","organisation","since","jurisdiction","roles","suspended","suspendedByAdmin","active"}
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
