import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { isoTime } from "../io/output.js";
import { commandEnv } from "../io/env.js";
import { CliError, usageError } from "../io/errors.js";
import { runIntercepted } from "../io/intercept.js";
import { parseUint } from "../io/parse.js";

type Sdk = typeof import("@dpr/sdk");
type Proposal = import("@dpr/sdk").AdminProposal;


async function readProposal(sdk: Sdk, file: string): Promise<Proposal> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw usageError(`cannot read the proposal ${file}: ${String((error as NodeJS.ErrnoException).code ?? error)}`);
  }
  return sdk.parseAdminProposal(text);
}

/** A call as people read it: the action, the contract's function and its arguments by name. */
function describeCall(sdk: Sdk, call: Proposal["calls"][number]) {
  const abis = [sdk.participantDirectoryAbi, sdk.zoneTimelockAbi, sdk.datasetRegistryAbi, sdk.grantRegistryAbi, sdk.batchAnchorRegistryAbi] as readonly (readonly {
    type: string;
    name?: string;
    inputs?: readonly { name?: string }[];
  }[])[];
  const item = abis.flat().find((i) => i.type === "function" && i.name === call.function && i.inputs?.length === call.args.length);
  const args = Object.fromEntries(call.args.map((value, i) => [item?.inputs?.[i]?.name || String(i), value]));
  // A role hash is shown as the office it names.
  if (typeof args.role === "string") args.role = sdk.zoneOfficeName(args.role as `0x${string}`) ?? args.role;
  return { action: call.action, to: call.to, function: call.function, arguments: args };
}

function summary(sdk: Sdk, proposal: Proposal, status?: Awaited<ReturnType<Sdk["getProposalStatus"]>>) {
  return {
    safeTxHash: proposal.safeTxHash,
    operationId: proposal.timelockOperation.id,
    safe: proposal.safe,
    timelock: proposal.timelock,
    safeNonce: proposal.safeTransaction.nonce,
    delay: proposal.timelockOperation.delay,
    calls: proposal.calls.map((call) => describeCall(sdk, call)),
    signedBy: status?.approvedBy ?? proposal.signatures.map((s) => s.owner),
    ...(status ? { threshold: status.threshold, stage: status.stage, readyAt: status.readyAt === undefined ? null : isoTime(status.readyAt) } : {}),
  };
}

async function writeProposal(sdk: Sdk, file: string, proposal: Proposal, flag: "w" | "wx"): Promise<void> {
  try {
    await writeFile(file, sdk.serializeAdminProposal(proposal), { flag, mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write the proposal to ${file}: ${code === "EEXIST" ? "the file exists" : String(code ?? error)}`, {
      hint: code === "EEXIST" ? "choose another --out" : undefined,
    });
  }
}

export function registerAdmin(program: Command): void {
  const admin = program
    .command("admin")
    .summary("carry an admin call through the zone's multisig and timelock (propose, approve, execute, status)")
    .description(
      "In a zone governed by a multisig and a timelock (dpr deploy --governance-owners), every admin call is proposed by an owner of the Safe, approved by enough owners (the Safe's threshold), scheduled on the timelock, and run after the timelock's delay. A proposal is a file (dpr-admin-proposal/1) that owners pass around; each command checks it against the chain first, so a changed file or a signature by a non-owner is refused before anything is sent.",
    );

  admin
    .command("propose")
    .description(
      "Runs a dpr admin command without sending it: its call is checked against the chain's rules for the zone's timelock (a call the timelock may not make is refused here, by name), then written to a proposal file signed by you, an owner of the Safe.",
    )
    .argument("<command...>", "the dpr command to carry (e.g. -- office grant ONBOARDING 0x…, -- participant add …), after --")
    .option("--out <file>", "where to write the proposal (default: <action>-<safe nonce>.proposal.json here); never overwritten")
    .option("--delay <seconds>", "the timelock delay to schedule it with (default and minimum: the timelock's)")
    .option("--add-to <file>", "add the call to this proposal instead (one batch: the calls run together, in order); only its proposer, before anyone else signed")
    .addHelpText(
      "after",
      `
Prints the decoded call, the Safe transaction's hash and the file. With --json: {"file","safeTxHash",
"operationId","safe","timelock","safeNonce","delay","calls":[{"action","to","function","arguments"}],"signedBy"}.

Example (a 2-of-3 Safe):
  dpr --keystore keys/owner1.json admin propose --out onboard.json -- office grant ONBOARDING 0x90F7…b906
  dpr --keystore keys/owner2.json admin approve onboard.json
  dpr admin execute onboard.json      # schedules it on the timelock (anyone with funds may send it)
  dpr admin status onboard.json       # scheduled, ready at …
  dpr admin execute onboard.json      # after the delay: runs it`,
    )
    .action(async (inner: string[], options: { out?: string; delay?: string; addTo?: string }, command: Command) => {
      const delay = options.delay === undefined ? undefined : BigInt(parseUint(options.delay, "--delay"));
      if (options.addTo !== undefined && (options.out !== undefined || options.delay !== undefined)) {
        throw usageError("--add-to keeps the proposal's file and delay: it excludes --out and --delay");
      }
      if (inner[0] === "admin" || inner[0] === "sign" || inner[0] === "submit") throw usageError(`dpr admin propose cannot carry "dpr ${inner[0]}"`, "name an admin command, e.g. -- office grant ONBOARDING 0x…");
      await runIntercepted(command, inner, async (context, run) => {
        const sdk = await import("@dpr/sdk");
        const governance = context.deployment.governance;
        if (!governance) {
          throw usageError("this deployment has no multisig and timelock", "send the command directly as the zone admin, or deploy with --governance-owners");
        }
        const earlier = options.addTo === undefined ? undefined : await readProposal(sdk, options.addTo);
        if (earlier && earlier.signatures.some((s) => s.owner.toLowerCase() !== context.account.address.toLowerCase())) {
          throw usageError(`${options.addTo} was approved by other owners already: adding a call would void their signatures`, "propose the call on its own");
        }
        // Every call the command makes (participant add --name: the onboarding, then the name), run as one operation.
        const captured = await sdk.captureCalls({ ...context }, { as: governance.timelock, run: (ctx) => run(ctx) });
        const calls = [...(earlier?.calls.map((c) => ({ to: c.to, data: c.data, value: BigInt(c.value), action: c.action })) ?? []), ...captured];
        const proposal = await sdk.createAdminProposal(context, {
          calls,
          delay: earlier ? BigInt(earlier.timelockOperation.delay) : delay,
          ...(earlier ? { salt: earlier.timelockOperation.salt, predecessor: earlier.timelockOperation.predecessor, safeNonce: BigInt(earlier.safeTransaction.nonce) } : {}),
        });
        if (options.addTo !== undefined) {
          await writeProposal(sdk, options.addTo, proposal, "w");
          return { file: options.addTo, ...summary(sdk, proposal) };
        }
        const file = options.out ?? `${captured[0]!.action}-${proposal.safeTransaction.nonce}.proposal.json`;
        await writeProposal(sdk, file, proposal, "wx");
        return { file, ...summary(sdk, proposal) };
      });
    });

  admin
    .command("approve")
    .description("Checks a proposal against the chain, shows what it does, and adds your signature as an owner of the Safe (the file is updated in place).")
    .argument("<file>", "the proposal file")
    .addHelpText("after", `\nWith --json: the proposal's summary, as dpr admin status prints it, and "file".`)
    .action(async (file: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const sdk = await import("@dpr/sdk");
      const proposal = await readProposal(sdk, file);
      const { writeContext } = await import("../io/context.js");
      const context = await writeContext(env.globals);
      const approved = await sdk.signAdminProposal(context, { proposal });
      await writeProposal(sdk, file, approved, "w");
      const status = await sdk.getProposalStatus(context, { proposal: approved });
      env.out.result({ file, ...summary(sdk, approved, status) });
    });

  admin
    .command("execute")
    .description(
      "Moves a proposal on by one stage. With enough approvals: the Safe schedules it on the timelock. After the timelock's delay: the timelock runs it. Anyone may send either (it costs gas, and changes nothing the owners did not sign).",
    )
    .argument("<file>", "the proposal file")
    .addHelpText("after", `\nWith --json: {"file","stage":"scheduled"|"executed","readyAt","txHash","blockNumber","gasUsed"} (readyAt after scheduling).`)
    .action(async (file: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const sdk = await import("@dpr/sdk");
      const proposal = await readProposal(sdk, file);
      const { writeContext } = await import("../io/context.js");
      const context = await writeContext(env.globals);
      const status = env.progress.status("moving the proposal on…");
      let result: Awaited<ReturnType<Sdk["executeProposal"]>>;
      try {
        result = await sdk.executeProposal(context, { proposal });
      } finally {
        status.stop();
      }
      env.out.result({ file, ...result, readyAt: result.readyAt === undefined ? null : isoTime(result.readyAt) });
    });

  admin
    .command("status")
    .description("Checks a proposal against the chain and shows where it stands: who signed, the threshold, and whether it is scheduled, ready or done. Needs no key.")
    .argument("<file>", "the proposal file")
    .addHelpText(
      "after",
      `\nWith --json: {"file","safeTxHash","operationId","safe","timelock","safeNonce","delay","calls","signedBy","threshold",\n"stage":"collecting"|"stale"|"scheduled"|"ready"|"done","readyAt"}.`,
    )
    .action(async (file: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const sdk = await import("@dpr/sdk");
      const proposal = await readProposal(sdk, file);
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const status = await sdk.getProposalStatus(context, { proposal });
      env.out.result({ file, ...summary(sdk, proposal, status) });
    });
}
