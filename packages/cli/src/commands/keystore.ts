import { constants } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Command } from "commander";
import { commandEnv } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { accountFromEnvironment, keystorePassword } from "../io/signer.js";

interface CreateOptions {
  out: string;
  fromEnv?: boolean;
}

export function registerKeystore(program: Command): void {
  const keystore = program
    .command("keystore")
    .summary("create encrypted JSON keystores")
    .description("Encrypted JSON keystores (the Web3 Secret Storage format, as geth and ethers write them) hold the keys dpr signs with.");

  keystore
    .command("create")
    .description(
      "Creates an encrypted JSON keystore holding a new random key (or, with --from-env, the key in DPR_PRIVATE_KEY), encrypted with a password from DPR_PASSWORD or asked twice on the terminal. Prints the account's address; the key itself is never printed.",
    )
    .option("--out <file>", "where to write the keystore (never overwritten)", ".dpr/keystore.json")
    .option("--from-env", "encrypt the key in DPR_PRIVATE_KEY instead of a new random one")
    .addHelpText(
      "after",
      `
With --json: {"address","keystore"}.

Examples:
  dpr keystore create --out keys/registrar.json
  DPR_PASSWORD=… dpr --keystore keys/registrar.json participant show 0x…`,
    )
    .action(async (options: CreateOptions, command: Command) => {
      const env = await commandEnv(command);
      const { Wallet } = await import("ethers");
      let privateKey: string;
      if (options.fromEnv) {
        const account = await accountFromEnvironment();
        if (!account) throw usageError("--from-env needs DPR_PRIVATE_KEY to be set");
        const raw = process.env.DPR_PRIVATE_KEY!.trim();
        privateKey = raw.startsWith("0x") ? raw : `0x${raw}`;
      } else {
        privateKey = Wallet.createRandom().privateKey;
      }
      const wallet = new Wallet(privateKey);
      // Refuse to overwrite before asking for a password: a lost keystore is a lost key.
      await mkdir(dirname(options.out), { recursive: true });
      let handle;
      try {
        handle = await open(options.out, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw usageError(`${options.out} already exists`, "choose another --out; a keystore is never overwritten");
        throw usageError(`cannot write ${options.out}: ${String(code ?? error)}`);
      }
      try {
        const password = await keystorePassword(options.out, { confirm: true });
        const status = env.progress.status("encrypting the key (scrypt)…");
        let json: string;
        try {
          json = await wallet.encrypt(password);
        } finally {
          status.stop();
        }
        await handle.writeFile(`${json}\n`);
        await handle.close();
        handle = undefined;
      } finally {
        if (handle) {
          await handle.close();
          const { rm } = await import("node:fs/promises");
          await rm(options.out, { force: true });
        }
      }
      env.out.result({ address: wallet.address, keystore: options.out });
    });
}
