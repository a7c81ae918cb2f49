import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { SignedRequest } from "@dpr/sdk";
import { commandEnv, send, withStatus } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { namedArguments, readable } from "./sign.js";

export function registerSubmit(program: Command): void {
  program
    .command("submit")
    .summary("submit a request someone signed with dpr sign (you pay the gas; they act)")
    .description(
      "Verifies a signed request (dpr sign) against this deployment and the chain — the signature, its chain and forwarder, the nonce (a request is used once), the deadline, the target registry, and the signer's standing under the registries' rules — shows who signed what, and sends it through the deployment's forwarder with your key. The registries act for the signer: the events below name the signer, not you. You can submit the request or withhold it; you cannot change it.",
    )
    .argument("<file>", "the signed request (dpr-signed-request/1)")
    .option("--check", "verify and show the request, without sending it")
    .addHelpText(
      "after",
      `
With --json: {"signer","submitter","action","contract","function","arguments","nonce","event",…the event's
fields (e.g. datasetId),"otherEvents","txHash","blockNumber","gasUsed"}; with --check: the request and
"valid": true, nothing sent.

Examples:
  dpr --keystore keys/relayer.json submit register.json
  dpr submit --check confirm.json`,
    )
    .action(async (file: string, options: { check?: boolean }, command: Command) => {
      const env = await commandEnv(command);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw usageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(code ?? error)}`);
      }
      const sdk = await import("@dpr/sdk");
      // A malformed file is an input error, a refused request a refusal: classifyError (io/errors.ts) says which.
      const request: SignedRequest = sdk.parseSignedRequest(text);
      const { readContext, writeContext } = await import("../io/context.js");
      // --check needs no key: anyone may look at a request before deciding to pay for it.
      const context = options.check ? await readContext(env.globals) : await writeContext(env.globals);
      const shown = (verified: { signer: string; action: string; contract: "datasets" | "grants" | "anchors"; functionName: string; args: readonly unknown[]; nonce: bigint }) => ({
        signer: verified.signer,
        action: verified.action,
        contract: verified.contract,
        function: verified.functionName,
        arguments: namedArguments(sdk, verified.contract, verified.functionName, verified.args),
        nonce: verified.nonce,
      });
      if (options.check) {
        const verified = await withStatus(env, "verifying the signed request…", () => sdk.verifySignedRequest(context, request));
        env.out.result({ valid: true, ...shown(verified), deadlineAt: verified.deadline, gas: verified.gas });
        return;
      }
      const result = await send(env, `submitting ${request.call.action} signed by ${request.request.from}`, (onStatus) =>
        sdk.submitDelegatedRequest(context, request, { onStatus }),
      );
      const [first, ...others] = result.events;
      env.out.result({
        ...(first ? { event: first.eventName, ...(readable(sdk, first.args) as object) } : {}),
        ...shown(result),
        submitter: result.submitter,
        otherEvents: others.length > 0 ? others.map((e) => ({ event: e.eventName, ...(readable(sdk, e.args) as object) })) : undefined,
        txHash: result.txHash,
        blockNumber: result.blockNumber,
        gasUsed: result.gasUsed,
      });
    });
}
