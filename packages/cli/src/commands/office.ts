import type { Command } from "commander";
import { commandEnv, writeAction } from "../io/env.js";
import { parseAddress } from "../io/parse.js";

const OFFICES = ["ONBOARDING", "DISCIPLINE", "PAUSE", "MIGRATION"] as const;

export function registerOffice(program: Command): void {
  const office = program
    .command("office")
    .summary("grant, revoke and list the zone's offices (onboarding, discipline, pause, migration)")
    .description(
      "The zone's powers are offices of the participant directory, each held by its own body: ONBOARDING (onboards and removes accounts, sets roles, re-commits legal identities, attests names), DISCIPLINE (suspends and reinstates), PAUSE (pauses new registrations, anchors and grants for at most 3 days), MIGRATION (closes the deployment in favour of a successor). Governance (the zone's timelock) grants and revokes them: in a zone governed by a multisig, wrap these commands in dpr admin propose.",
    );

  for (const [name, verb] of [
    ["grant", "Grants"],
    ["revoke", "Revokes"],
  ] as const) {
    office
      .command(name)
      .description(`${verb} an office ${name === "grant" ? "to" : "from"} an account. Governance only.`)
      .argument("<office>", OFFICES.join(" | "))
      .argument("<address>", "the account")
      .addHelpText(
        "after",
        `\nWith --json: {"office","role","account","changed","txHash","blockNumber","gasUsed"}.\n\nExamples:\n  dpr office ${name} ONBOARDING 0x90F7…b906\n  dpr --keystore keys/owner1.json admin propose --out ${name}-onboarding.json -- office ${name} ONBOARDING 0x90F7…b906`,
      )
      .action(async (officeName: string, address: string, _options: unknown, command: Command) => {
        const env = await commandEnv(command);
        // Checked before a key is unlocked or the network touched (an unknown office exits 2).
        const which = (await import("@dpr/sdk")).parseZoneOffice(officeName);
        const account = await parseAddress(address, "office holder");
        await writeAction(env, `${name === "grant" ? "granting" : "revoking"} the ${which} office`, (sdk, context, onStatus) =>
          name === "grant" ? sdk.grantOffice(context, { office: which, account, onStatus }) : sdk.revokeOffice(context, { office: which, account, onStatus }),
        );
      });
  }

  office
    .command("list")
    .description("Shows who governs the zone and who holds each office now, the pause and the successor. Needs no key.")
    .addHelpText("after", `\nWith --json: {"governance","pendingGovernance","pausedUntil","successor","offices":{"GOVERNANCE":[…],"ONBOARDING":[…],…},"multisig","timelock"}.`)
    .action(async (_options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const { getZoneGovernance } = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const zone = await getZoneGovernance(context);
      const governance = context.deployment.governance;
      env.out.result({ ...zone, multisig: governance?.safe ?? null, timelock: governance?.timelock ?? null, timelockDelay: governance?.minDelay ?? null });
    });
}
