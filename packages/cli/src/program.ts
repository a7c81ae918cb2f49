import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { registerAdmin } from "./commands/admin.js";
import { registerAnchor } from "./commands/anchor.js";
import { registerAudit } from "./commands/audit.js";
import { registerConditions } from "./commands/conditions.js";
import { registerDatasetActions } from "./commands/datasetActions.js";
import { registerDeploy } from "./commands/deploy.js";
import { registerGrant } from "./commands/grant.js";
import { registerGrantActions } from "./commands/grantActions.js";
import { registerHash } from "./commands/hash.js";
import { registerHistory } from "./commands/history.js";
import { registerKeystore } from "./commands/keystore.js";
import { registerMetadata } from "./commands/metadata.js";
import { registerOffice } from "./commands/office.js";
import { registerParticipant } from "./commands/participant.js";
import { registerPurposes } from "./commands/purposes.js";
import { registerRegister } from "./commands/register.js";
import { registerShow } from "./commands/show.js";
import { registerSign } from "./commands/sign.js";
import { registerSubmit } from "./commands/submit.js";
import { registerTransfer } from "./commands/transfer.js";
import { registerVerify } from "./commands/verify.js";
import { registerZone } from "./commands/zone.js";
import { exitCodesHelp } from "./io/exitCodes.js";
import { type CliIo, attachIo, processIo } from "./io/streams.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

export const defaultRpc = "http://127.0.0.1:8545";

const environmentHelp = `Environment:
  DPR_RPC_URL       default for --rpc
  DPR_DEPLOYMENT    default for --deployment
  DPR_KEYSTORE      default for --keystore
  DPR_PASSWORD      the keystore password (otherwise you are asked on the terminal)
  DPR_PRIVATE_KEY   a raw private key, used when no keystore is given (there is no option for it)
  DPR_SIGNER_URL    default for --signer-url
  DPR_SIGNER_ADDRESS
                    default for --signer-address
  DPR_SIGNER_TOKEN  the bearer token of the signing service at --signer-url (there is no option for it)
  DPR_ZONE_SECRET   the zone secret that commits legal identities (participant add, rotate-identity;
                    or --zone-secret-file)
  DPR_DEBUG=1       print stack traces with errors`;

/**
 * The `dpr` program: global options, every command, and the help texts. Command modules define their
 * options here and load the SDK only when they run, so `dpr --help` starts fast.
 */
export function createProgram(io: CliIo = processIo()): Command {
  const program = new Command("dpr")
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .description("DPR, the Data Provenance Registry: hash, register, anchor, confirm, grant and verify datasets on chain.")
    .version(version, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .addHelpCommand("help [command]", "show help for a command")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain").env("DPR_RPC_URL").default(defaultRpc))
    .addOption(new Option("--deployment <file>", "the deployment record (written by dpr deploy)").env("DPR_DEPLOYMENT").default(".dpr/deployment.json"))
    .addOption(
      new Option("--keystore <file>", "encrypted JSON keystore to sign with (password from DPR_PASSWORD or a prompt)").env("DPR_KEYSTORE"),
    )
    .addOption(
      new Option("--signer-url <url>", "sign through a remote signing service (Web3Signer, Clef) instead of a key; token from DPR_SIGNER_TOKEN").env(
        "DPR_SIGNER_URL",
      ),
    )
    .addOption(new Option("--signer-address <address>", "the account to sign for at --signer-url, when the service holds several").env("DPR_SIGNER_ADDRESS"))
    .option("--json", "print one JSON object on stdout (bigints as decimal strings)")
    .option("-q, --quiet", "no progress on stderr (errors are still printed)")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText("after", `\n${environmentHelp}\n\n${exitCodesHelp}\n\nRun "dpr <command> --help" for a command's options.`);

  attachIo(program, io);
  registerKeystore(program);
  registerHash(program);
  registerDeploy(program);
  registerParticipant(program);
  registerOffice(program);
  registerZone(program);
  registerAdmin(program);
  registerMetadata(program);
  registerRegister(program);
  registerAnchor(program);
  registerDatasetActions(program);
  registerTransfer(program);
  registerGrant(program);
  registerConditions(program);
  registerPurposes(program);
  registerGrantActions(program);
  registerSign(program);
  registerSubmit(program);
  registerVerify(program);
  registerShow(program);
  registerHistory(program);
  registerAudit(program);
  return program;
}
