import { type ChildProcess, spawn } from "node:child_process";
import { type WriteStream, createWriteStream, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { devAccount, devAccountCount, devChainId, devMnemonic } from "./accounts.js";
import { ChainStartError, ChainStopError, PortInUseError } from "./errors.js";
import { freePort } from "./freePort.js";
import { groupMembers, portOpen, signalGroup, waitFor } from "./processGroup.js";

/** The node implementations DPR runs locally: Hardhat's node, and anvil (a second EVM, so nothing assumes Hardhat). */
export type ChainKind = "hardhat" | "anvil";

export interface StartChainOptions {
  /** Which node to run; default `"hardhat"`. */
  kind?: ChainKind | undefined;
  /** The port to listen on; `0` (the default) picks a free one. A taken port is a {@link PortInUseError}. */
  port?: number | undefined;
  /** The address to listen on; default `127.0.0.1`. */
  host?: string | undefined;
  /**
   * anvil only: where chain state is loaded from at start (if the file exists) and saved to, every
   * `stateIntervalSeconds` and on a clean stop, so a restarted chain carries on where it stopped.
   * Hardhat's node keeps no state on disk, so giving it one is an error.
   */
  stateFile?: string | undefined;
  /** anvil only: seconds between state dumps; default 1. */
  stateIntervalSeconds?: number | undefined;
  /**
   * anvil only, for a new chain: the genesis block's time (unix seconds), from which the chain's clock
   * runs on. A start in the past leaves room to play a story whose steps are minutes apart (moving the
   * clock forward with `evm_increaseTime`) and still end at the present. Ignored by a chain restored
   * from `stateFile`, which keeps its own history; Hardhat's node takes its start from hardhat.config.ts.
   */
  genesisTimestamp?: number | undefined;
  /**
   * anvil only: the first block's base fee per gas in wei (EIP-1559); default anvil's 1 gwei. Blocks
   * fuller than half their gas limit raise it by up to 12.5 % a block, so a long run of full blocks (an
   * event seeder's) makes fees grow without bound; `0n` keeps them near zero.
   */
  baseFeePerGas?: bigint | undefined;
  /** Also append the node's output here (with the development keys masked). The last lines are kept in memory regardless. */
  logFile?: string | undefined;
  /** How long to wait for the node to answer `eth_chainId`; default 90 s. */
  readyTimeoutMs?: number | undefined;
  /** How long `stop()` waits after SIGTERM before it sends SIGKILL; default 10 s (anvil writes its state on the way out). */
  stopGraceMs?: number | undefined;
  /** The repository whose hardhat.config.ts and node_modules/.bin are used; default this checkout. */
  repoRoot?: string | undefined;
}

/** A running development chain. */
export interface DevChain {
  kind: ChainKind;
  /** The JSON-RPC endpoint, e.g. `http://127.0.0.1:8545`. */
  url: string;
  port: number;
  /** The process group of the node (and of the watchdog that started it); `stop()` empties it. */
  pgid: number;
  chainId: number;
  /** The anvil state file, when there is one. */
  stateFile: string | undefined;
  /** The node's last lines of output, with the development keys masked. */
  logTail(lines?: number): string;
  /**
   * Stops the node: SIGTERM to its process group, SIGKILL after the grace period, then waits until no
   * process of the group is left and the port is closed. Throws {@link ChainStopError} if either
   * remains. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** This checkout: packages/devnet/src → the repository root. */
const defaultRepoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The leader of the node's process group. It runs the node and kills the whole group when the node
 * ends, or when the process that started it is gone, even killed outright (SIGKILL leaves no chance to
 * clean up), so no chain outlives its owner. After the owner's death it ignores SIGTERM itself so that
 * it survives its own `kill -TERM 0` long enough to follow up with SIGKILL for whatever is left once
 * the node has gone (or after 5 s). When the node ends on its own, the leader exits with the node's
 * status, which is what the start error reports.
 */
const WATCHDOG = `
parent="$1"; shift
"$@" &
node=$!
(
  while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
  trap '' TERM
  kill -TERM 0
  i=0; while kill -0 "$node" 2>/dev/null && [ "$i" -lt 20 ]; do sleep 0.25; i=$((i + 1)); done
  kill -KILL 0
) &
wait "$node"
code=$?
trap 'exit $code' TERM
kill -TERM 0
exit $code
`;

/**
 * What the child must not inherit: preloaders and coverage hooks of the calling process (a vitest
 * worker under ts-node, a coverage run) would slow the node down or break it, and Hardhat selectors
 * would point it at another config or network.
 */
const STRIPPED_ENV = ["NODE_OPTIONS", "NODE_V8_COVERAGE", "HARDHAT_CONFIG", "HARDHAT_NETWORK", "SOLIDITY_COVERAGE", "DPR_COVERAGE", "DPR_COVERAGE_SOURCES"];

/** How many lines of output are kept for error messages and `logTail()`. */
const TAIL_LINES = 200;

/**
 * Starts a local development chain, a `hardhat node` (the repository's hardhat.config.ts: Cancun, 12
 * accounts) or anvil (Cancun, the same mnemonic and 12 accounts, chain id 31337), in its own process
 * group with a watchdog, and resolves once it answers `eth_chainId`.
 *
 * @example
 * const chain = await startChain({ kind: "anvil", stateFile: ".dpr/chain/state.json" })
 * try {
 *   const client = createPublicClient({ transport: http(chain.url) })
 *   // …
 * } finally {
 *   await chain.stop()
 * }
 */
export async function startChain(options: StartChainOptions = {}): Promise<DevChain> {
  const kind = options.kind ?? "hardhat";
  if (kind !== "hardhat" && kind !== "anvil") throw new TypeError(`unknown chain kind "${String(kind)}": use "hardhat" or "anvil"`);
  const host = options.host ?? "127.0.0.1";
  const repoRoot = options.repoRoot ?? defaultRepoRoot;
  const stateFile = options.stateFile === undefined ? undefined : resolve(options.stateFile);
  if (stateFile !== undefined && kind !== "anvil") {
    throw new TypeError("a state file needs anvil: Hardhat's node keeps no state on disk");
  }
  const genesis = options.genesisTimestamp;
  if (genesis !== undefined && kind !== "anvil") throw new TypeError("a genesis timestamp needs anvil: Hardhat's node takes its start time from hardhat.config.ts");
  if (genesis !== undefined && !(Number.isInteger(genesis) && genesis > 0)) throw new TypeError(`genesisTimestamp must be unix seconds, not ${genesis}`);
  const baseFee = options.baseFeePerGas;
  if (baseFee !== undefined && kind !== "anvil") throw new TypeError("a base fee needs anvil: Hardhat's node takes it from hardhat.config.ts");
  if (baseFee !== undefined && !(typeof baseFee === "bigint" && baseFee >= 0n)) throw new TypeError(`baseFeePerGas must be a bigint ≥ 0, not ${String(baseFee)}`);
  const stateInterval = options.stateIntervalSeconds ?? 1;
  if (!(Number.isInteger(stateInterval) && stateInterval > 0)) throw new TypeError(`stateIntervalSeconds must be a whole number of seconds above 0, not ${stateInterval}`);
  const requested = options.port ?? 0;
  if (!(Number.isInteger(requested) && requested >= 0 && requested <= 65_535)) throw new TypeError(`not a port: ${requested}`);
  if (requested !== 0 && (await portOpen(requested, host))) throw new PortInUseError(requested, host);
  const port = requested === 0 ? await freePort(host) : requested;

  const bin = join(repoRoot, "node_modules", ".bin", kind);
  if (!existsSync(bin)) {
    throw new ChainStartError(`cannot start ${kind}: ${bin} is missing`, "", {
      retryable: false,
      cause: new Error(kind === "anvil" ? "install @foundry-rs/anvil (npm install)" : "install hardhat (npm install)"),
    });
  }
  const command =
    kind === "hardhat"
      ? [bin, "node", "--hostname", host, "--port", String(port)]
      : [
          bin,
          "--host", host,
          "--port", String(port),
          "--hardfork", "cancun",
          "--chain-id", String(devChainId),
          "--mnemonic", devMnemonic,
          "--accounts", String(devAccountCount),
          ...(baseFee === undefined ? [] : ["--block-base-fee-per-gas", baseFee.toString()]),
          ...(genesis === undefined || (stateFile !== undefined && existsSync(stateFile)) ? [] : ["--timestamp", String(genesis)]),
          ...(stateFile === undefined
            ? []
            : // Historical states too, so calls at past blocks still answer after a restart.
              ["--state", stateFile, "--state-interval", String(stateInterval), "--preserve-historical-states"]),
        ];
  if (stateFile !== undefined) mkdirSync(dirname(stateFile), { recursive: true });

  const env = { ...process.env };
  for (const name of STRIPPED_ENV) delete env[name];
  const output = createOutput(options.logFile);
  const child: ChildProcess = spawn("sh", ["-c", WATCHDOG, `dpr-devnet-${kind}`, String(process.pid), ...command], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) {
    output.close();
    throw new ChainStartError(`could not start ${kind}`, "");
  }
  const pgid = child.pid;
  // Neither the child nor its pipes keep the caller alive: a caller that exits without stop() leaves
  // the clean-up to the watchdog instead of hanging.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8").on("data", output.write);
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  let exit: string | undefined;
  child.once("exit", (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));

  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const graceMs = options.stopGraceMs ?? 10_000;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopGroup(pgid, port, host, graceMs, kind).finally(() => output.close()));

  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  let answer: { chainId: number; clientVersion: string } | undefined;
  await waitFor(
    async () => {
      if (exit !== undefined) return true;
      answer = await probe(url);
      return answer !== undefined;
    },
    readyTimeoutMs,
    100,
  );
  if (answer === undefined) {
    const reason = exit !== undefined ? `exited (${exit}) before it answered` : `did not answer on ${url} within ${Math.round(readyTimeoutMs / 1000)} s`;
    await stop().catch(() => undefined);
    const tail = output.tail(40);
    if (exit !== undefined && /address already in use|EADDRINUSE/i.test(tail)) throw new PortInUseError(port, host, "another process took it first");
    throw new ChainStartError(`${kind} ${reason}`, tail, { retryable: exit === undefined });
  }
  const expected = kind === "anvil" ? /anvil/i : /hardhat/i;
  if (!expected.test(answer.clientVersion)) {
    // Something else took the port between our check and the node's start, and answered for it.
    await stop().catch(() => undefined);
    throw new PortInUseError(port, host, `another node (${answer.clientVersion}) answers there`);
  }
  return { kind, url, port, pgid, chainId: answer.chainId, stateFile, logTail: (lines = 40) => output.tail(lines), stop };
}

/** `eth_chainId` and `web3_clientVersion`, or undefined while the node does not answer. */
async function probe(url: string): Promise<{ chainId: number; clientVersion: string } | undefined> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: 2, method: "web3_clientVersion", params: [] },
      ]),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return undefined;
    const replies = (await response.json()) as { id: number; result?: string }[];
    const chainId = replies.find((r) => r.id === 1)?.result;
    const clientVersion = replies.find((r) => r.id === 2)?.result;
    if (typeof chainId !== "string" || typeof clientVersion !== "string") return undefined;
    return { chainId: Number(BigInt(chainId)), clientVersion };
  } catch {
    return undefined;
  }
}

async function stopGroup(pgid: number, port: number, host: string, graceMs: number, kind: ChainKind): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  if (!(await waitFor(() => groupMembers(pgid).length === 0, graceMs))) {
    signalGroup(pgid, "SIGKILL");
    await waitFor(() => groupMembers(pgid).length === 0, 5_000);
  }
  const left = groupMembers(pgid);
  if (left.length > 0) throw new ChainStopError(`${kind}'s process group ${pgid} still has processes after SIGKILL: ${left.join(", ")}`);
  // The group is gone, so its sockets are closed; give the kernel a moment before calling it a leak.
  if (!(await waitFor(async () => !(await portOpen(port, host)), 3_000))) {
    throw new ChainStopError(`port ${port} still answers after ${kind}'s process group ${pgid} was stopped`);
  }
}

/**
 * The node's output: split into lines, with the development keys and mnemonic masked (both nodes print
 * them at start), kept in memory for error messages and appended to `logFile` if given.
 */
function createOutput(logFile: string | undefined) {
  const secrets = Array.from({ length: devAccountCount }, (_, i) => ({ key: devAccount(i).privateKey.slice(2), label: `[development key #${i}]` }));
  const mask = (line: string) => {
    let masked = line.replaceAll(devMnemonic, "[the standard Hardhat test mnemonic]");
    for (const { key, label } of secrets) masked = masked.replace(new RegExp(`(0x)?${key}`, "gi"), label);
    return masked;
  };
  let file: WriteStream | undefined;
  if (logFile !== undefined) {
    mkdirSync(dirname(resolve(logFile)), { recursive: true });
    file = createWriteStream(logFile, { flags: "a" });
  }
  const lines: string[] = [];
  let partial = "";
  return {
    write: (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const part of parts) {
        const line = mask(part.replace(/\r$/, ""));
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        file?.write(`${line}\n`);
      }
    },
    tail: (count: number) => [...lines, ...(partial ? [mask(partial)] : [])].slice(-count).join("\n"),
    close: () => {
      if (partial) file?.write(`${mask(partial)}\n`);
      partial = "";
      file?.end();
      file = undefined;
    },
  };
}
