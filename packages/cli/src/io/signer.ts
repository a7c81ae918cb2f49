import { readFile } from "node:fs/promises";
import type { LocalAccount } from "viem/accounts";
import { CliError, usageError } from "./errors.js";
import { promptHidden } from "./prompt.js";

/**
 * Where the signing key comes from: `--keystore FILE` (an encrypted JSON keystore, unlocked with
 * DPR_PASSWORD or a hidden prompt), or else the DPR_PRIVATE_KEY environment variable. A raw key is
 * never accepted as an option: options show up in shell history and process lists.
 *
 * Nothing in this module ever prints or embeds a key in an error message.
 */
export interface SignerOptions {
  keystore?: string | undefined;
}

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** The password for a keystore: DPR_PASSWORD, else a hidden prompt on the terminal. */
export async function keystorePassword(file: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env.DPR_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const ask = async (question: string) => {
    try {
      return await promptHidden(question);
    } catch {
      throw usageError("password prompt cancelled");
    }
  };
  const password = await ask(`Password for ${file}: `);
  if (password === undefined) {
    throw usageError(`no password for keystore ${file}`, "set DPR_PASSWORD, or run dpr in a terminal to be asked");
  }
  if (options.confirm) {
    const again = await ask("Repeat the password: ");
    if (again !== password) throw usageError("the passwords do not match");
  }
  if (password === "") throw usageError("the password is empty");
  return password;
}

/** Decrypts a keystore file into a viem account. A wrong password is an input error (exit 2). */
export async function accountFromKeystore(file: string): Promise<LocalAccount> {
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read keystore ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(code ?? error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw usageError(`${file} is not a keystore: not JSON`);
  }
  const { isKeystoreJson, Wallet } = await import("ethers");
  if (!isKeystoreJson(json) || typeof parsed !== "object" || parsed === null) {
    throw usageError(`${file} is not an encrypted JSON keystore`, "create one with: dpr keystore create --out FILE");
  }
  const password = await keystorePassword(file);
  let privateKey: string;
  try {
    privateKey = (await Wallet.fromEncryptedJson(json, password)).privateKey;
  } catch (error) {
    if (/incorrect password/i.test((error as Error).message ?? "")) throw usageError(`wrong password for keystore ${file}`);
    throw new CliError(`cannot decrypt keystore ${file}`, { exitCode: 2, details: (error as Error).message });
  }
  const { privateKeyToAccount } = await import("viem/accounts");
  return privateKeyToAccount(privateKey as `0x${string}`);
}

/** The account from DPR_PRIVATE_KEY (0x-prefixed or not). The key itself never appears in errors. */
export async function accountFromEnvironment(): Promise<LocalAccount | undefined> {
  const raw = process.env.DPR_PRIVATE_KEY?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!PRIVATE_KEY.test(raw)) throw usageError("DPR_PRIVATE_KEY is not a private key", "it must be 32 bytes of hex (64 hex digits, with or without 0x)");
  const { privateKeyToAccount } = await import("viem/accounts");
  try {
    return privateKeyToAccount((raw.startsWith("0x") ? raw : `0x${raw}`) as `0x${string}`);
  } catch {
    throw usageError("DPR_PRIVATE_KEY is not a valid secp256k1 private key");
  }
}

/** The signing account: `--keystore` first, then DPR_PRIVATE_KEY; an input error when there is none. */
export async function loadAccount(options: SignerOptions): Promise<LocalAccount> {
  if (options.keystore) return accountFromKeystore(options.keystore);
  const account = await accountFromEnvironment();
  if (account) return account;
  throw usageError("this command signs a transaction, and no key was given", "pass --keystore FILE (or set DPR_KEYSTORE), or set DPR_PRIVATE_KEY");
}
