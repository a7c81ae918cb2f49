import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { isoTime } from "../io/output.js";
import { CliError, usageError } from "../io/errors.js";
import { runIntercepted } from "../io/intercept.js";
import { parseTime, parseUint } from "../io/parse.js";

interface SignOptions {
  out?: string;
  deadline: string;
  nonce?: string;
}

type Sdk = typeof import("@dpr/sdk");

/**
 * A call's arguments by their names in the registry's ABI (`{ datasetId: "0x…" }`), so people read what
 * each value is; unnamed ones by position.
 */
export function namedArguments(sdk: Sdk, contract: "datasets" | "grants" | "anchors", functionName: string, args: readonly unknown[]): Record<string, unknown> {
  const abi = { datasets: sdk.datasetRegistryAbi, grants: sdk.grantRegistryAbi, anchors: sdk.batchAnchorRegistryAbi }[contract] as readonly {
    type: string;
    name?: string;
    inputs?: readonly { name?: string }[];
  }[];
  const item = abi.find((i) => i.type === "function" && i.name === functionName && i.inputs?.length === args.length);
  return readable(sdk, Object.fromEntries(args.map((value, i) => [item?.inputs?.[i]?.name || String(i), value]))) as Record<string, unknown>;
}

/** The fields of the contracts' `BorderConditions` struct, as viem decodes it. */
const BORDER_CONDITION_FIELDS = ["openness", "rights", "regions", "purposeClasses", "maxTerm"].join();

/**
 * Enumeration fields (category, grade, jurisdiction, …) by name rather than number, and border conditions
 * in the words `dpr conditions show` uses, as the direct commands print them; anything else as it is.
 * Walks nested structs and arrays.
 */
export function readable(sdk: Sdk, value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => readable(sdk, v, key));
  if (value !== null && typeof value === "object") {
    if (Object.keys(value).join() === BORDER_CONDITION_FIELDS) {
      try {
        return sdk.borderConditionsLabels(sdk.borderConditionsFromChain(value as Parameters<Sdk["borderConditionsFromChain"]>[0]));
      } catch {
        // values this SDK does not know: shown as the numbers the chain holds
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(sdk, v, k)]));
  }
  const name = key === undefined ? undefined : enumNames(sdk)[key];
  if (name && (typeof value === "number" || typeof value === "bigint" || (typeof value === "string" && /^\d+$/.test(value)))) {
    try {
      return name(Number(value));
    } catch {
      return value; // a value this SDK does not know: shown as the number the chain holds
    }
  }
  return value;
}

const enumNames = (sdk: Sdk): Record<string, (value: number) => string> => ({
  algorithm: sdk.hashAlgorithmName,
  category: sdk.categoryName,
  grade: sdk.gradeName,
  parentGrade: sdk.gradeName,
  jurisdiction: sdk.jurisdictionName,
  sector: (code) => sdk.sectorName(code) ?? String(code),
  derivation: sdk.derivationName,
  right: sdk.rightName,
  mechanism: sdk.transferMechanismName,
});

export function registerSign(program: Command): void {
  program
    .command("sign")
    .summary("sign a write off line, for someone else to submit (delegated signature)")
    .description(
      "Runs a dpr write command without sending it: its call is checked against the chain's rules for you (the signer), and an EIP-712 request for the deployment's forwarder is signed and written to a file. Anyone (a data exchange relaying for small holders, a colleague with a funded account) submits it with dpr submit FILE; the registries then act for you, exactly as if you had sent it, and you need no funds. Works for every write of the dataset, grant and batch anchor registries: register, confirm, object, grant, acknowledge, revoke and the others. A request is used once (its nonce), and is refused after its deadline or if you are suspended or removed before it is submitted.",
    )
    .argument("<command...>", "the dpr write command and its arguments, after --")
    .option("--out <file>", "where to write the signed request (default: <action>-<signer>-<nonce>.request.json here); never overwritten")
    .option("--deadline <when>", "when the request expires: a duration from now (90min, 12h, 7d) or an ISO date-time", "1d")
    .option("--nonce <n>", "the forwarder nonce to use (default: your next unused one); give it to sign several requests before any is submitted, then submit them in order")
    .addHelpText(
      "after",
      `
Prints what was signed, decoded from the call (contract, function, arguments), its nonce and deadline, and
the file. With --json: {"file","signer","action","contract","function","arguments","forwarder","chainId",
"nonce","deadlineAt","gas"} (numbers as decimal strings) and the inner command's extra fields.

Examples:
  dpr --keystore keys/officer.json sign --out register.json -- register data/q1.csv --sector transport \\
      --category public --grade general --jurisdiction GZ
  dpr --keystore keys/registrar.json sign --deadline 12h -- confirm 0x5e1f…
  dpr --keystore keys/relayer.json submit register.json`,
    )
    .action(async (inner: string[], options: SignOptions, command: Command) => {
      // Checked before the inner command hashes anything or a key is unlocked.
      const deadline = parseTime(options.deadline, "--deadline");
      if (deadline * 1000 <= Date.now()) throw usageError(`--deadline is in the past: ${isoTime(deadline)}`, "give a duration from now (e.g. 1d) or a later date");
      const nonce = options.nonce === undefined ? undefined : BigInt(parseUint(options.nonce, "--nonce"));
      if (inner[0] === "sign" || inner[0] === "submit") throw usageError(`dpr sign cannot sign "dpr ${inner[0]}"`, "name a write command, e.g. -- register FILE …");
      let written = false;
      await runIntercepted(command, inner, async (context, run) => {
        const sdk = await import("@dpr/sdk");
        const signed = await sdk.signDelegatedRequest(context, { run: (capturing) => run(capturing), deadline: BigInt(deadline), nonce });
        const file = options.out ?? `${signed.call.action}-${signed.request.from.slice(0, 10).toLowerCase()}-${signed.request.nonce}.request.json`;
        try {
          // "wx": a signed request is never overwritten (it may be the only copy of one not yet submitted).
          await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`, { flag: "wx", mode: 0o644 });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new CliError(`cannot write the signed request to ${file}: ${code === "EEXIST" ? "the file exists" : String(code ?? error)}`, {
            hint: code === "EEXIST" ? "choose another --out, or move the old request away" : undefined,
          });
        }
        written = true;
        return {
          file,
          signer: signed.request.from,
          action: signed.call.action,
          contract: signed.call.contract,
          function: signed.call.function,
          arguments: namedArguments(sdk, signed.call.contract, signed.call.function, signed.call.args),
          forwarder: signed.forwarder,
          chainId: signed.chainId,
          nonce: signed.request.nonce,
          deadlineAt: signed.request.deadline,
          gas: signed.request.gas,
        };
      });
      if (!written) throw new CliError(`dpr ${inner[0]} sent no transaction, so there was nothing to sign`);
    });
}
