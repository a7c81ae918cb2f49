import { readFile } from "node:fs/promises";
import type { RemoteSignerProblem } from "@dpr/sdk";
import type { LocalAccount } from "viem/accounts";
import { CliError, redactUrl, usageError } from "./errors.js";
import { ExitCode } from "./exitCodes.js";
import { promptHidden } from "./prompt.js";

/**
 * Where the signing key comes from: `--keystore FILE` (an encrypted JSON keystore, unlocked with
 * DPR_PASSWORD or a hidden prompt), or else the DPR_PRIVATE_KEY environment variable, or a remote
 * signing service, `--signer-url` (Web3Signer, Clef), which keeps the key in the service. A raw key or
 * a token is never accepted as an option: options show up in shell history and process lists.
 *
 * Nothing in this module ever prints or embeds a key or a token in an error message.
 */
export interface SignerOptions {
  keystore?: string | undefined;
  /** `--signer-url` / DPR_SIGNER_URL: a remote signing service (its token comes from DPR_SIGNER_TOKEN). */
  signerUrl?: string | undefined;
  /** `--signer-address` / DPR_SIGNER_ADDRESS: the account to sign for, when the service holds several. */
  signerAddress?: string | undefined;
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

/**
 * The signing account: `--signer-url`, `--keystore` or DPR_PRIVATE_KEY (exactly one of them); an input
 * error when there is none.
 */
export async function loadAccount(options: SignerOptions): Promise<LocalAccount> {
  if (options.signerUrl) {
    // Two sources of key would leave the officer guessing which one signed: refuse, naming both.
    if (options.keystore) {
      throw usageError("--signer-url and --keystore both name a signer: give one", "unset DPR_SIGNER_URL or DPR_KEYSTORE if one of them comes from the environment");
    }
    if (process.env.DPR_PRIVATE_KEY?.trim()) {
      throw usageError("--signer-url and DPR_PRIVATE_KEY both name a signer: give one", "unset DPR_PRIVATE_KEY to sign through the service (or unset DPR_SIGNER_URL)");
    }
    return accountFromSigner(options.signerUrl, options.signerAddress);
  }
  if (options.signerAddress) throw usageError("--signer-address needs --signer-url", "give the signing service's URL with --signer-url or DPR_SIGNER_URL");
  if (options.keystore) return accountFromKeystore(options.keystore);
  const account = await accountFromEnvironment();
  if (account) return account;
  throw usageError("this command signs a transaction, and no key was given", "pass --keystore FILE (or set DPR_KEYSTORE), or set DPR_PRIVATE_KEY");
}


/**
 * The account of a remote signing service (`--signer-url`), with DPR_SIGNER_TOKEN as its bearer token.
 * The service is asked for its accounts now, so a wrong URL, token or address fails before the node is
 * asked anything and before anything is signed.
 */
export async function accountFromSigner(url: string, address: string | undefined): Promise<LocalAccount> {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw usageError(`--signer-url is not a URL: ${redactUrl(url)}`, "give the signing service's JSON-RPC endpoint, e.g. https://signer.zone.example:9000");
  }
  if (protocol !== "http:" && protocol !== "https:") throw usageError(`--signer-url must be an http:// or https:// URL, not ${protocol}`);
  const { isAddress } = await import("viem");
  if (address !== undefined && !isAddress(address, { strict: false })) {
    throw usageError(`--signer-address is not an address: ${address.slice(0, 60)}`, "give the 0x-prefixed, 20-byte address of the account the service signs for");
  }
  const token = process.env.DPR_SIGNER_TOKEN?.trim();
  const { createRemoteSignerAccount } = await import("@dpr/sdk");
  // A failure is a RemoteSignerError, whose exit code classifyError (io/errors.ts) takes from its problem.
  return createRemoteSignerAccount({ url, address: address as `0x${string}` | undefined, token: token === "" ? undefined : token });
}
