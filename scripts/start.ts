/**
 * `npm start`: the pilot zone on this machine in one command. It starts a local chain (anvil, its
 * state kept in .dpr/chain/state.json so a second start carries on), deploys DPR with a two-minute
 * notice period and seeds the pilot-zone story through the SDK (only on a fresh chain: a kept chain
 * that holds the recorded demo is reused as it is, any other is replaced by a fresh one), starts the
 * indexer and its server, and prints the URLs, the demo accounts and commands to try. Ctrl-C (or
 * SIGTERM) stops everything it started and exits 0.
 *
 *   npm start                       anvil on :8545 (a free port if 8545 is taken), state kept
 *   npm start -- --fresh            forget the chain, deployment, demo and index in .dpr/, and start clean
 *   npm start -- --chain hardhat    Hardhat's node instead (keeps nothing: a fresh chain every time)
 *   npm start -- --port 9545        another RPC port (no fallback when it is taken)
 *   npm start -- --dir /tmp/demo    keep .dpr/ there instead of in the working directory
 *
 * The demo's files come from the repository (demo/, packages/web/dist), wherever it runs from.
 *
 * A fresh anvil chain starts an hour back: the story's first steps are then an hour old, and the seeding
 * ends by moving the chain's clock to the present, so that the chain and the indexer (which computes
 * statuses at the current time) agree. Hardhat's node starts at the present, so with `--chain hardhat`
 * the chain's clock runs ahead of this machine's by the notice period the story skips.
 */
import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ChainKind, DevChain } from "@dpr/devnet";
import type { Deployment } from "@dpr/sdk";
import type { DemoRecord } from "./demo/seed.js";
import { CAST, DEMO_NOTICE_PERIOD, type DemoActor } from "./demo/story.js";

/**
 * What a start runs (the chain, the indexer, the demo's clients and seeding, the builds), loaded only once
 * `--help` has had its answer: loading them takes seconds.
 */
async function loadParts() {
  const [devnet, indexer, sdkNode, logging, clients, seed, seeded, webBuild, programBuild, sdk] = await Promise.all([
    import("@dpr/devnet"),
    import("@dpr/indexer"),
    import("@dpr/sdk/node"),
    import("pino"),
    import("./demo/clients.js"),
    import("./demo/seed.js"),
    import("./demo/seeded.js"),
    import("./webBuild.js"),
    import("./programBuild.js"),
    import("@dpr/sdk"),
  ]);
  const { PortInUseError, devAccount, groupMembers, portOpen, startChain } = devnet;
  return {
    PortInUseError,
    devAccount,
    groupMembers,
    portOpen,
    startChain,
    createIndexer: indexer.createIndexer,
    writeDeploymentFile: sdkNode.writeDeploymentFile,
    pino: logging.pino,
    demoClients: clients.demoClients,
    deployDemo: clients.deployDemo,
    seedDemo: seed.seedDemo,
    findSeededDemo: seeded.findSeededDemo,
    ensureWebBuild: webBuild.ensureWebBuild,
    ensureProgramBuilds: programBuild.ensureProgramBuilds,
    deployGovernance: sdk.deployGovernance,
    deployContracts: sdk.deployContracts,
  };
}
let parts: Awaited<ReturnType<typeof loadParts>>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_RPC_PORT = 8545;
const INDEXER_PORT = 4350;
const INDEXER_HOST = "127.0.0.1";
/** The web page's production build (`npm start` builds it when its sources changed), which the indexer's server serves at `/`. */
const WEB_ROOT = join(repoRoot, "packages/web/dist");
/** The password of the demo keystore that the printed `dpr register` example signs with (a public test key). */
const DEMO_KEYSTORE_PASSWORD = "demo";
/** The holder whose keystore the `dpr register` example uses. */
const EXAMPLE_SIGNER: DemoActor = "transport";
/** How far back a fresh anvil chain starts, so that the story can be played into the present. */
const FRESH_CHAIN_START_SECONDS_AGO = 3_600;

/** Everything npm start creates, under `dir`; `--fresh` removes exactly these (but the lock). */
function statePaths(dir: string) {
  const dpr = join(dir, ".dpr");
  return {
    lockFile: join(dpr, "start.lock"),
    chainDir: join(dpr, "chain"),
    stateFile: join(dpr, "chain", "state.json"),
    deploymentFile: join(dpr, "deployment.json"),
    demoFile: join(dpr, "demo.json"),
    indexerDir: join(dpr, "indexer"),
    // The indexer's own lock beside its data folder.
    indexerLock: join(dpr, "indexer.lock"),
    indexerLog: join(dpr, "indexer.log"),
    keysDir: join(dpr, "demo-keys"),
  };
}
type StatePaths = ReturnType<typeof statePaths>;

/** A usage error: bad options. Printed without a stack, exit code 2. */
class UsageError extends Error {}

interface Options {
  fresh: boolean;
  /** Where .dpr/ goes. */
  dir: string;
  chain: ChainKind;
  /** The requested RPC port, and whether the user chose it (no fallback then). */
  port: number;
  portChosen: boolean;
  /** The zone admin as a 2-of-3 Safe behind a timelock (always a fresh deployment). */
  governance: boolean;
}

/**
 * With --governance: the Safe's owners (the zone administration, the cyberspace office, the audit office:
 * three bodies, any two of which govern) and the timelock's demo delay. Production zones use 2 days or more.
 */
const GOVERNANCE_OWNERS: readonly DemoActor[] = ["admin", "regulator", "auditor"];
const DEMO_TIMELOCK_DELAY = 60n;

function parseOptions(argv: string[]): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        fresh: { type: "boolean", default: false },
        chain: { type: "string", default: "anvil" },
        port: { type: "string" },
        dir: { type: "string" },
        governance: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return "help";
  if (values.chain !== "anvil" && values.chain !== "hardhat") throw new UsageError(`--chain must be anvil or hardhat, not "${values.chain}"`);
  let port = DEFAULT_RPC_PORT;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65_535) throw new UsageError(`--port must be a port number (1–65535), not "${values.port}"`);
  }
  if (values.dir !== undefined && !existsSync(values.dir)) throw new UsageError(`--dir ${values.dir} does not exist`);
  const dir = resolve(values.dir ?? process.cwd());
  return { fresh: values.fresh, dir, chain: values.chain, port, portChosen: values.port !== undefined, governance: values.governance };
}

const HELP = `Usage: npm start [-- options]

Runs the DPR pilot-zone demo: a local chain, the contracts, a seeded story, the indexer and the web page.

Options:
  --fresh            forget the chain, deployment, demo and index in .dpr/ and start clean
  --chain <kind>     anvil (default; its state persists in .dpr/chain/state.json) or hardhat (keeps nothing)
  --port <n>         the chain's RPC port (default ${DEFAULT_RPC_PORT}, or a free one if that is taken)
  --dir <path>       where to keep .dpr/ (default: the working directory)
  --governance       the zone admin as a 2-of-3 Safe behind a ${DEMO_TIMELOCK_DELAY} s timelock (a fresh deployment);
                     the zone administration keeps the onboarding and discipline offices for the story
  -h, --help         this help
`;

// ---------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------

const say = (line = "") => process.stdout.write(`${line}\n`);
/** A path as the user should type it from the working directory. */
function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

// ---------------------------------------------------------------------------------------------------
// Shutdown: whatever started is stopped in reverse order, once, on a signal or on failure.
// ---------------------------------------------------------------------------------------------------

/** What is running, in start order; a part without a name is stopped without a word. */
const running: { name: string; stop: () => Promise<void> }[] = [];
let shuttingDown: Promise<never> | undefined;
let keepAlive: NodeJS.Timeout | undefined;

function shutdown(reason: string, exitCode: number): Promise<never> {
  shuttingDown ??= (async () => {
    if (keepAlive) clearInterval(keepAlive);
    if (running.length > 0) say(`\n${reason}: stopping…`);
    let code = exitCode;
    for (const part of running.reverse()) {
      try {
        await part.stop();
        if (part.name) say(`  ${part.name} stopped`);
      } catch (error) {
        process.stderr.write(`  could not stop ${part.name || "the lock"} cleanly: ${(error as Error).message}\n`);
        code = 1;
      }
    }
    process.exit(code);
  })();
  return shuttingDown;
}

// ---------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------

function forget(paths: StatePaths): void {
  const removed = [paths.chainDir, paths.deploymentFile, paths.demoFile, paths.indexerDir, paths.indexerLock, paths.indexerLog, paths.keysDir].filter((p) =>
    existsSync(p),
  );
  for (const path of removed) rmSync(path, { recursive: true, force: true });
  say(removed.length > 0 ? `--fresh: removed ${removed.map((p) => shown(p)).join(", ")}` : "--fresh: nothing to remove");
}

/**
 * A chain that holds the seeded demo: the kept anvil chain when it still holds the demo recorded in
 * .dpr/, else a fresh chain (anvil's kept state is replaced), deployed and seeded.
 */
async function chainWithDemo(options: Options, paths: StatePaths): Promise<{ chain: DevChain; deployment: Deployment; record: DemoRecord }> {
  // A governed zone is always deployed afresh: a kept chain holds a zone whose admin is one key.
  if (options.governance) rmSync(paths.stateFile, { force: true });
  if (options.chain === "anvil" && existsSync(paths.stateFile)) {
    const kept = await startLocalChain(options, paths, { fresh: false });
    const found = await parts.findSeededDemo({ publicClient: parts.demoClients(kept.url).publicClient, deploymentFile: paths.deploymentFile, demoFile: paths.demoFile });
    if (found.seeded) {
      say(`demo: the kept chain holds the demo seeded at ${found.record.seededAt}; reusing it`);
      return { chain: kept, ...found };
    }
    say(`demo: the kept chain cannot be reused (${found.reason}); replacing it with a fresh one`);
    await stopPart(kept);
    rmSync(paths.stateFile, { force: true });
  }
  const chain = await startLocalChain(options, paths, { fresh: true });
  return { chain, ...(await deployAndSeed(chain, paths, options.governance)) };
}

async function startLocalChain(options: Options, paths: StatePaths, { fresh }: { fresh: boolean }): Promise<DevChain> {
  const persistent = options.chain === "anvil";
  const start = (port: number) =>
    parts.startChain({
      kind: options.chain,
      port,
      ...(persistent ? { stateFile: paths.stateFile } : {}),
      ...(persistent && fresh ? { genesisTimestamp: Math.floor(Date.now() / 1000) - FRESH_CHAIN_START_SECONDS_AGO } : {}),
      logFile: join(paths.chainDir, `${options.chain}.log`),
    });
  let chain: DevChain;
  try {
    chain = await start(options.port);
  } catch (error) {
    if (!(error instanceof parts.PortInUseError) || options.portChosen) throw error;
    say(`port ${options.port} is taken; using a free port instead`);
    chain = await start(0);
  }
  running.push({ name: `${options.chain} (process group ${chain.pgid})`, stop: () => chain.stop() });
  const kept = persistent ? `, state ${fresh ? "kept in" : "restored from"} ${shown(paths.stateFile)}` : ", in memory only";
  say(`chain: ${fresh ? "a fresh " : ""}${options.chain} on ${chain.url} (chain id ${chain.chainId})${kept}`);
  return chain;
}

/** Stops one running part now (rather than at shutdown) and forgets it. */
async function stopPart(chain: DevChain): Promise<void> {
  const index = running.findIndex((part) => part.name.includes(`process group ${chain.pgid}`));
  if (index >= 0) running.splice(index, 1);
  await chain.stop();
}

/** Deploys DPR on a fresh chain and seeds the story. */
async function deployAndSeed(chain: DevChain, paths: StatePaths, governed: boolean): Promise<{ deployment: Deployment; record: DemoRecord }> {
  const clients = parts.demoClients(chain.url);
  const { publicClient, wallets } = clients;
  say("demo: deploying and seeding the pilot-zone story");
  const deployment = governed ? await deployGovernedDemo(clients) : await parts.deployDemo(clients);
  // The demo record goes first: a record that names an older deployment must not outlive it.
  rmSync(paths.demoFile, { force: true });
  await parts.writeDeploymentFile(paths.deploymentFile, deployment);
  say(`  deployed at block ${deployment.deploymentBlock} (notice period ${DEMO_NOTICE_PERIOD} s): ${shown(paths.deploymentFile)}`);
  // In a governed zone the story's onboarding and suspensions are the onboarding office's (the zone
  // administration's account), which the seed addresses as the zone admin; governance stays the timelock's.
  const seedAs = governed ? { ...deployment, zoneAdmin: wallets.admin.account.address } : deployment;
  const record = await parts.seedDemo({ publicClient, wallets, deployment: seedAs, demoDir: join(repoRoot, "demo"), onStep: (step) => say(`  ${step}`) });
  await writeFileAtomically(paths.demoFile, `${JSON.stringify(record, null, 2)}\n`);
  say(`  seeded up to block ${record.seededBlock}: ${shown(paths.demoFile)}`);
  return { deployment, record };
}

/**
 * The demo zone with governance: a 2-of-3 Safe of the zone administration, the cyberspace office and the audit
 * office proposes through a timelock that holds governance, pause and migration; the zone administration's
 * account holds the onboarding and discipline offices, so the story seeds as without governance.
 */
async function deployGovernedDemo(clients: ReturnType<typeof parts.demoClients>): Promise<Deployment> {
  const { publicClient, wallets } = clients;
  const admin = wallets.admin.account.address;
  const governance = await parts.deployGovernance(wallets.admin, publicClient, {
    owners: GOVERNANCE_OWNERS.map((actor) => wallets[actor].account.address),
    threshold: 2,
    minDelay: DEMO_TIMELOCK_DELAY,
    saltNonce: 0n,
  });
  const deployed = await parts.deployContracts(wallets.admin, publicClient, {
    zoneAdmin: governance.timelock,
    offices: { onboarding: admin, discipline: admin },
    noticePeriod: DEMO_NOTICE_PERIOD,
  });
  say(`  governance: Safe ${governance.safe} (2 of ${GOVERNANCE_OWNERS.join(", ")}) proposes through timelock ${governance.timelock} (${DEMO_TIMELOCK_DELAY} s)`);
  return {
    format: "dpr-deployment/1",
    chainId: deployed.chainId,
    contracts: deployed.contracts,
    deploymentBlock: governance.deploymentBlock,
    noticePeriod: DEMO_NOTICE_PERIOD,
    hashAlgorithm: deployed.hashAlgorithm,
    zoneAdmin: governance.timelock,
    governance: { safe: governance.safe, timelock: governance.timelock, minDelay: governance.minDelay },
    deployedAt: new Date().toISOString(),
  };
}

/** Who holds what in a governed demo zone, and the propose → approve → execute walk-through. */
function printGovernance(chain: DevChain, deployment: Deployment, record: DemoRecord, paths: StatePaths): void {
  const governance = deployment.governance;
  if (!governance) return;
  const defaults = chain.url === `http://127.0.0.1:${DEFAULT_RPC_PORT}` && shown(paths.deploymentFile) === ".dpr/deployment.json";
  const base = process.cwd() === repoRoot ? "npx dpr" : `node ${join(repoRoot, "packages/cli/bin/dpr.js")}`;
  const dpr = defaults ? base : `${base} --rpc ${chain.url} --deployment ${shown(paths.deploymentFile)}`;
  // Keys are never printed: the owners sign with their own (here: the test mnemonic's accounts, by index).
  const key = (actor: DemoActor) => `DPR_PRIVATE_KEY=<key of test account ${CAST[actor].index}>`;
  const [first, second] = GOVERNANCE_OWNERS as [DemoActor, DemoActor];
  const lines = [
    "Governance (--governance; docs/governance.md):",
    `  multisig   ${governance.safe}   Safe 1.5.0, 2 of: ${GOVERNANCE_OWNERS.map((a) => `${a} ${record.accounts[a].address}`).join(", ")}`,
    `  timelock   ${governance.timelock}   delay ${governance.minDelay} s; holds GOVERNANCE, PAUSE and MIGRATION`,
    `  onboarding and discipline: the zone administration, ${record.accounts.admin.address}`,
    "",
    "  # take the onboarding office back through the multisig and the timelock (two owners sign with their keys):",
    `  ${key(first)} ${dpr} admin propose --out revoke.json -- office revoke ONBOARDING ${record.accounts.admin.address}`,
    `  ${key(second)} ${dpr} admin approve revoke.json`,
    `  ${key(second)} ${dpr} admin execute revoke.json   # schedules it (anyone may send it); run it again after ${governance.minDelay} s to execute it`,
    "",
  ];
  say(lines.join("\n"));
}

/**
 * The keystore the printed `dpr register` example signs with, made once with `dpr keystore create` as a
 * user would (the key goes in through the environment and never appears in output).
 */
async function demoKeystore(paths: StatePaths): Promise<string> {
  const file = join(paths.keysDir, `${CAST[EXAMPLE_SIGNER].profile}.json`);
  if (existsSync(file)) return file;
  await mkdir(paths.keysDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DPR_PRIVATE_KEY: parts.devAccount(CAST[EXAMPLE_SIGNER].index).privateKey, DPR_PASSWORD: DEMO_KEYSTORE_PASSWORD };
  delete env.NODE_OPTIONS;
  await new Promise<void>((resolveRun, reject) =>
    execFile(process.execPath, [join(repoRoot, "packages/cli/bin/dpr.js"), "keystore", "create", "--from-env", "--out", file, "--quiet"], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`dpr keystore create failed: ${stderr.trim() || error.message}`)) : resolveRun(),
    ),
  );
  return file;
}

/**
 * Starts the indexer and its server (GraphQL, the web page) on :4350 (a free port if that is taken),
 * waits until it has caught up, and returns the server's URL. Should indexing stop on an error later,
 * npm start says why and stops everything.
 */
async function startIndexer(chain: DevChain, deployment: Deployment, paths: StatePaths): Promise<string> {
  const port = (await parts.portOpen(INDEXER_PORT)) ? 0 : INDEXER_PORT;
  if (port === 0) say(`port ${INDEXER_PORT} is taken; the indexer uses a free port instead`);
  await mkdir(dirname(paths.indexerLog), { recursive: true });
  const logger = parts.pino({ level: process.env.DPR_LOG_LEVEL ?? "info" }, parts.pino.destination({ dest: paths.indexerLog, sync: false }));
  const indexer = await parts.createIndexer({
    rpcUrl: chain.url,
    deployment,
    dataDir: paths.indexerDir,
    port,
    host: INDEXER_HOST,
    webRoot: WEB_ROOT,
    // The page reads its verdicts from the chain itself: tell it where, whichever port the chain got.
    publicRpcUrl: chain.url,
    manifestDirs: [join(repoRoot, "demo/batch-manifests")],
    // The documents the seed registered with their SHA-256: the datasets' titles.
    metadataDirs: [join(repoRoot, "demo/metadata")],
    // A local chain reorganises only when told to, and mines only on transactions: a quiet head is no fault.
    finalityDepth: 0,
    headStallTimeoutMs: 0,
    logger,
  });
  running.push({ name: "indexer", stop: () => indexer.stop() });
  await indexer.start();
  say(`indexer: catching up (log: ${shown(paths.indexerLog)})…`);
  await Promise.race([indexer.ready(), indexer.done]);
  indexer.done.catch((error: unknown) => {
    process.stderr.write(`\nthe indexer stopped: ${(error as Error).message} (log: ${shown(paths.indexerLog)})\n`);
    void shutdown("indexer stopped", 1);
  });
  if (!indexer.url) throw new Error("the indexer is not serving HTTP");
  return indexer.url;
}

function printSummary(chain: DevChain, record: DemoRecord, paths: StatePaths, keystore: string, web: string, clockAhead: number): void {
  const cwd = process.cwd();
  const dpr = cwd === repoRoot ? "npx dpr" : `node ${join(repoRoot, "packages/cli/bin/dpr.js")}`;
  const defaults = chain.url === `http://127.0.0.1:${DEFAULT_RPC_PORT}` && shown(paths.deploymentFile) === ".dpr/deployment.json";
  const target = defaults ? "" : ` --rpc ${chain.url} --deployment ${shown(paths.deploymentFile)}`;
  const gba = record.datasets.outpatient;
  const lines = [
    "",
    "DPR pilot-zone demo",
    "",
    `  web page   ${web}/`,
    `  directory  ${web}/catalogue   (the data resources, searchable, with their border conditions; DCAT: ${web}/catalogue.jsonld)`,
    `  GraphQL    ${web}/graphql   (GraphiQL in a browser)`,
    `  RPC        ${chain.url}   (chain id ${chain.chainId}, ${chain.kind})`,
    `  records    ${shown(paths.deploymentFile)}, ${shown(paths.demoFile)}`,
    "",
    "Accounts (the standard Hardhat test mnemonic; never use its keys for anything real):",
    ...(Object.entries(record.accounts) as [DemoActor, DemoRecord["accounts"][DemoActor]][]).map(
      ([, a]) => `  ${a.address}  ${a.jurisdiction.padEnd(2)}  ${a.roles.join(", ").padEnd(10)}  ${a.name.en} ${a.name.zh}`,
    ),
    "",
    "Try:",
    "  # 1. check a seeded file against the chain (hashed locally; prints who holds it, its confirmations and grants)",
    `  ${dpr} verify ${shown(join(repoRoot, gba.file))}${target}`,
    "",
    "  # 2. ask the indexer for that dataset's history and grants",
    `  curl -s ${web}/graphql -H 'content-type: application/json' \\`,
    `    -d '{"query":"{ dataset(id: \\"${gba.datasetId}\\") { status holder { id jurisdiction } confirmations { items { registrarAddress } } grants { items { id status mechanism grantee { id jurisdiction } } } } }"}'`,
    "",
    `  # 3. register a new file as ${record.accounts[EXAMPLE_SIGNER].name.en} (keystore password: ${DEMO_KEYSTORE_PASSWORD})`,
    "  printf 'route,on_time_pct\\nB12,93.4\\nB27,88.1\\n' > bus-punctuality-2025-02.csv",
    `  DPR_KEYSTORE=${shown(keystore)} DPR_PASSWORD=${DEMO_KEYSTORE_PASSWORD} \\`,
    `    ${dpr} register bus-punctuality-2025-02.csv --sector transport --category public --grade general --jurisdiction GZ${target}`,
    "",
    "The life cycle in the story (open each in the web page):",
    ...lifeCycleTour(record, web),
    "",
    `Statuses move with the clock: the metro data's second version, the vaccination sites and the survey leave their ${record.noticePeriod} s notice period on their own.`,
    ...(clockAhead > 5
      ? [`Note: the chain's clock is ${clockAhead} s ahead of this machine's (${chain.kind} cannot start in the past), so the indexer sees notice periods end that much later than the chain.`]
      : []),
    chain.stateFile === undefined
      ? `The DPR demo is ready. Press Ctrl-C to stop (${chain.kind} keeps nothing: the next start seeds a fresh chain).`
      : "The DPR demo is ready. Press Ctrl-C to stop (the chain's state is kept; npm start -- --fresh starts clean).",
  ];
  for (const line of lines) say(line);
}

/** The story's life-cycle steps, each with the web page that shows it. */
function lifeCycleTour(record: DemoRecord, web: string): string[] {
  const { datasets, accounts } = record;
  const page = (key: keyof DemoRecord["datasets"]) => `${web}/dataset/${datasets[key].datasetId}`;
  const name = (actor: keyof DemoRecord["accounts"]) => accounts[actor].name.en;
  const { refusal, upheld, objection, revocation } = record;
  return [
    `  refused, then claimed again   ${datasets[refusal.dataset].title.en}: ${name(refusal.squatter)}'s claim refused by ${name(refusal.registrar)}; ${name(datasets[refusal.dataset].holder)}'s claim ${refusal.claim}, in notice`,
    `                                ${page(refusal.dataset)}`,
    `  objection upheld, rejected    ${datasets[upheld.dataset].title.en}: ${name(upheld.objector)} objected; ${upheld.voters.map(name).join(" and ")} voted (2 of 2 organisations)`,
    `                                ${page(upheld.dataset)}`,
    `  objection dismissed           ${datasets[objection.dataset].title.en}: ${name(objection.resolver)} dismissed ${name(objection.objector)}'s objection; the notice period resumed`,
    `                                ${page(objection.dataset)}`,
    `  revoked after notice          ${datasets[revocation.dataset].title.en}: revoked by ${name(revocation.decider)}`,
    `                                ${page(revocation.dataset)}`,
    `  derived from revoked data     ${datasets[revocation.derived].title.en}: marked by ${name(revocation.markedBy)}; confers nothing until a registrar re-confirms it`,
    `                                ${page(revocation.derived)}`,
  ];
}

/**
 * One npm start per .dpr/: a second one would run a second chain on the same state file. The lock
 * names the process; a lock whose process is gone is stale and taken over.
 */
async function takeLock(paths: StatePaths): Promise<void> {
  await mkdir(dirname(paths.lockFile), { recursive: true });
  for (;;) {
    try {
      await writeFile(paths.lockFile, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(paths.lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`another npm start (process ${holder}) is using ${shown(dirname(paths.lockFile))}; stop it first, or use --dir elsewhere`);
      }
      rmSync(paths.lockFile, { force: true });
    }
  }
  running.push({ name: "", stop: async () => rmSync(paths.lockFile, { force: true }) });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, "utf8");
  await rename(temporary, path);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === "help") {
    process.stdout.write(HELP);
    return;
  }
  // On `on`, not `once`: a terminal's Ctrl-C reaches this process and tsx relays it again.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal, 0));

  const paths = statePaths(options.dir);
  // The lock first: a second start in the same folder stops before building anything under the first.
  await takeLock(paths);
  parts = await loadParts();
  // `dpr` as the printed commands run it (its bundle from the current sources), then the page.
  const programs = await parts.ensureProgramBuilds(repoRoot);
  if (programs.length > 0) say(`Built ${programs.map((name) => (name === "cli" ? "dpr" : "dpr-indexer")).join(" and ")} (the sources changed since the last build).`);
  await parts.ensureWebBuild(repoRoot, say);
  if (options.fresh) forget(paths);
  const { chain, deployment, record } = await chainWithDemo(options, paths);
  const keystore = await demoKeystore(paths);
  const web = await startIndexer(chain, deployment, paths);
  const clockAhead = Number((await parts.demoClients(chain.url).publicClient.getBlock()).timestamp) - Math.floor(Date.now() / 1000);
  printGovernance(chain, deployment, record, paths);
  printSummary(chain, record, paths, keystore, web, clockAhead);

  // Stay up until a signal; if the chain dies under us, say so and stop the rest.
  keepAlive = setInterval(() => {
    if (parts.groupMembers(chain.pgid).length === 0) {
      process.stderr.write(`\nthe chain stopped unexpectedly. Its last output:\n${chain.logTail(20)}\n`);
      void shutdown("chain gone", 1);
    }
  }, 1_000);
}

main().catch((error: unknown) => {
  // A signal during start-up makes the steps under way fail; that is the shutdown, not an error.
  if (shuttingDown) return;
  if (error instanceof UsageError) {
    process.stderr.write(`npm start: ${error.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.DPR_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  void shutdown("failed", 1);
});
