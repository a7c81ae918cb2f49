import type { Command } from "commander";
import { textHash } from "../io/digest.js";
import { commandEnv, writeAction } from "../io/env.js";
import { parseGrantId } from "../io/parse.js";

const actions = [
  ["acknowledge", "acknowledge a grant awaiting the regulator (regulator)", "Acknowledges a grant that waits for a regulator (cross-border, important data, or personal data to another organisation): it becomes active, or scheduled until its start."],
  ["deny", "deny a grant awaiting the regulator (regulator)", "Denies a grant that waits for a regulator's acknowledgement. It never becomes active."],
  ["suspend", "suspend an active or scheduled grant (regulator)", "Suspends an active or scheduled grant, as a regulator. The grantee holds no right while it is suspended."],
  ["reinstate", "reinstate a suspended grant (regulator)", "Reinstates a suspended grant, as a regulator."],
  ["revoke", "revoke a grant (holder or regulator)", "Revokes a live grant, as the dataset's holder of record or a regulator. Revocation is final."],
] as const;

const verbs = { acknowledge: "acknowledging", deny: "denying", suspend: "suspending", reinstate: "reinstating", revoke: "revoking" } as const;

export function registerGrantActions(program: Command): void {
  for (const [name, summary, description] of actions) {
    program
      .command(name)
      .summary(summary)
      .description(`${description} The note's SHA-256 is recorded; the text stays off chain.`)
      .argument("<grant-id>", "the grant id (a number, printed by dpr grant)")
      .option("--note <text>", name === "acknowledge" ? "a note (e.g. the filing's reference)" : "the reasons")
      .addHelpText("after", `\nWith --json: {"grantId","datasetId","${name === "revoke" ? "revokedBy" : "regulator"}","${name === "acknowledge" ? "noteHash" : "reasonHash"}","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr --keystore keys/regulator.json ${name} 3 --note "CAC filing 2026-GBA-0042"`)
      .action(async (id: string, options: { note?: string }, command: Command) => {
        const env = await commandEnv(command);
        const grantId = parseGrantId(id);
        const hash = options.note === undefined ? undefined : textHash(options.note);
        await writeAction(env, `${verbs[name]} grant ${grantId}`, (sdk, context, onStatus) => {
          switch (name) {
            case "acknowledge":
              return sdk.acknowledgeGrant(context, { grantId, noteHash: hash, onStatus });
            case "deny":
              return sdk.denyGrant(context, { grantId, reasonHash: hash, onStatus });
            case "suspend":
              return sdk.suspendGrant(context, { grantId, reasonHash: hash, onStatus });
            case "reinstate":
              return sdk.reinstateGrant(context, { grantId, reasonHash: hash, onStatus });
            case "revoke":
              return sdk.revokeGrant(context, { grantId, reasonHash: hash, onStatus });
          }
        });
      });
  }
}
