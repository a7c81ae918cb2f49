import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import type { BatchProofs, HashAlgorithmName } from "@dpr/sdk";
import { commandEnv } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { ExitCode } from "../io/exitCodes.js";
import { algorithmChoices, hashFileWithProgress, pathKind } from "../io/hashing.js";
import { isoTime } from "../io/output.js";

export interface VerifyOptions {
  proof?: string;
  alg?: HashAlgorithmName;
}

async function readProofs(path: string): Promise<BatchProofs> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read proofs ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw usageError(`${path} is not JSON`, "use the proofs file dpr anchor --out wrote");
  }
  const proofs = json as Partial<BatchProofs>;
  if (proofs.format !== "dpr-batch-proofs/1") throw usageError(`${path} is not a DPR batch proofs file`, "use the proofs file dpr anchor --out wrote");
  return proofs as BatchProofs;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .summary("check a file against the chain (exit 0 verified, 1 not)")
    .description(
      "Hashes a file locally and checks the chain itself (no indexer): whether it is registered and, if so, who holds it, its status (pending, notice, confirmed, disputed, rejected, frozen, retired, refused, withdrawn, revoked), its claim number, confirmations, the notice clock (paused while disputed or frozen), open objections and a decision being voted, revoked ancestry, times, lineage and active grants. The file is hashed with the deployment's algorithm. With --proof, checks instead that the file is in an anchored batch: its hash is in the proofs, the batch root is anchored, and the proof holds on chain and locally. Needs no key.",
    )
    .argument("<file>", "the file to check")
    .option("--proof <proofs.json>", "the batch proofs written by dpr anchor: check inclusion in the anchored batch")
    .addOption(
      new Option("--alg <algorithm>", "content hash algorithm (default: the deployment's; another is refused; with --proof, the proofs file's)").choices(
        algorithmChoices,
      ),
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 verified: registered (whatever its status: read "status"), or in an anchored batch;
            1 not registered, or not in the batch (not in the proofs, root not anchored, proof fails);
            2 bad input; 4 RPC unreachable.
With --json: {"verified","file","contentHash","algorithm","datasetId","status","holder","holderJurisdiction",
              "registrant","registeredAt","registeredBlock","claim","confirmations","requiredConfirmations",
              "confirmedBy","noticeEndsAt","noticeRemaining","metadataURI","metadataHash","versionOf",
              "supersededBy","parents","frozen","objections","openObjectors","pendingDecision","ancestryRevoked",
              "grantsValidFrom","grantsIssued","activeGrants","blockNumber"} (times in unix seconds;
              noticeRemaining: seconds left while the notice clock is paused, else null; only the first five
              and blockNumber when not registered) or, with --proof,
             {"verified","reason","file","contentHash","algorithm","root","path","size","anchored",
              "anchoredAt","anchoredBy","onChain","local"}.

Examples:
  dpr verify data/traffic-2026-q1.csv
  dpr verify exports/2026-q1/traffic/0001.csv --proof q1.proofs.json --json`,
    )
    .action(async (file: string, options: VerifyOptions, command: Command) => {
      const env = await commandEnv(command);
      if ((await pathKind(file)) !== "file") throw usageError(`${file} is a folder`, "verify checks one file; to check a folder's manifest root, use dpr hash and dpr show");
      const proofs = options.proof === undefined ? undefined : await readProofs(options.proof);
      const { contentAlgorithm } = await import("../io/algorithm.js");
      const algorithm = proofs?.algorithm ?? (await contentAlgorithm(env.globals, options.alg));
      const { hash: contentHash } = await hashFileWithProgress(env, file, algorithm);
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);

      if (proofs) {
        const { verifyBatchMembership } = await import("../io/parts/batches.js");
        const result = await verifyBatchMembership(context, { proofs, contentHash });
        const out = {
          verified: result.verified,
          reason: result.reason,
          file,
          contentHash,
          algorithm,
          root: result.root,
          path: result.file?.path ?? null,
          size: result.file?.size ?? null,
          anchored: result.anchor !== null,
          anchoredAt: result.anchor?.anchoredAt ?? null,
          anchoredBy: result.anchor?.anchorer ?? null,
          onChain: result.onChain,
          local: result.local,
        };
        env.out.result(out);
        if (!result.verified) env.setExitCode(ExitCode.NotVerified);
        return;
      }

      const sdk = await import("../io/parts/verify.js");
      const result = await sdk.verifyContent(context, { contentHash, algorithm });
      if (!result.registered) {
        env.out.result({ verified: false, file, contentHash, algorithm, datasetId: result.datasetId, status: "unregistered", blockNumber: result.blockNumber });
        env.setExitCode(ExitCode.NotVerified);
        return;
      }
      const out = {
        verified: true,
        file,
        contentHash,
        algorithm,
        datasetId: result.datasetId,
        status: result.status,
        holder: result.holder.address,
        holderJurisdiction: result.holder.participant?.jurisdiction ?? null,
        registrant: result.registrant,
        registeredAt: result.registeredAt,
        registeredBlock: result.registeredBlock,
        claim: result.claim,
        confirmations: result.confirmations.length,
        requiredConfirmations: result.requiredConfirmations,
        confirmedBy: result.confirmations.map((c) => ({ registrar: c.registrar, time: c.time, blockNumber: c.blockNumber, txHash: c.txHash })),
        noticeEndsAt: result.noticeEndsAt,
        noticeRemaining: result.noticeRemaining,
        metadataURI: result.metadataURI === "" ? null : result.metadataURI,
        metadataHash: result.metadataHash,
        versionOf: result.versionOf,
        supersededBy: result.supersededBy,
        parents: result.parents,
        frozen: result.frozen,
        objections: result.objections,
        openObjectors: result.openObjectors,
        pendingDecision: result.pendingDecision,
        ancestryRevoked: result.ancestryRevoked,
        grantsValidFrom: result.grantsValidFrom,
        grantsIssued: result.grants.issued,
        activeGrants: result.grants.active,
        blockNumber: result.blockNumber,
      };
      const { describeDecision, noticeText, voteProgress } = await import("../io/datasetView.js");
      const { describePurpose } = await import("../io/purpose.js");
      const { noticeEndsAt: _ends, noticeRemaining: _remaining, pendingDecision, ...rest } = out;
      const decision = pendingDecision;
      // The status is the chain's, at its block's time; the wall clock only chooses how to explain it.
      const chainTime = result.status === "notice" ? (await context.publicClient.getBlock({ blockNumber: result.blockNumber })).timestamp : 0n;
      const clock = sdk.noticeClock({ ...result, chainTime, wallTime: BigInt(Math.floor(Date.now() / 1000)) });
      env.out.result(out, {
        ...rest,
        notice: noticeText(clock),
        pendingDecision: decision
          ? `${describeDecision(decision)}: ${voteProgress(decision.votes, decision.required)}`
          : null,
        confirmedBy: out.confirmedBy.map((c) => `${c.registrar} at ${isoTime(c.time)}`),
        parents: out.parents.map((p) => `${p.datasetId} (${p.derivation})`),
        activeGrants: out.activeGrants.map(
          (g) => `#${g.grantId} ${g.right} to ${g.grantee}, purpose ${describePurpose(g.purposeCode)}${g.expiresAt ? `, until ${isoTime(g.expiresAt)}` : ""}`,
        ),
      });
    });
}
