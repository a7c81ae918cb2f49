/**
 * `npm start` end to end, run as a user runs it: `npm start -- --dir <a temporary folder>` from the
 * repository, in a process group of its own as a terminal would give it. The test waits for the ready
 * line, reads the URLs it printed (ports may differ from 8545/4350 when those are taken), checks the
 * seeded pilot-zone story through the indexer's GraphQL API and the real `dpr verify`, and stops it with
 * SIGINT to the group, as Ctrl-C does: exit 0, no process of the group left, the chain's own process
 * group empty, no process naming the folder anywhere, both ports closed.
 *
 * Then a second start in the same folder carries on from the kept anvil state and the kept index (it
 * indexes no event afresh, and serves the same datasets), and `--fresh` forgets both and seeds again.
 * Last, `--governance` deploys the zone behind a 2-of-3 Safe and a timelock, and the walk-through it prints
 * (propose, approve, schedule, execute after the delay) is run as printed, with the owners' keys filled in.
 *
 * Needs anvil (the @foundry-rs/anvil package); no PostgreSQL (the index is PGlite) and no browser.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devAccount, groupMembers, portOpen, signalGroup, waitFor } from "@dpr/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";
import type { DemoRecord } from "../../scripts/demo/seed.js";

const repoRoot = join(__dirname, "../..");
/** A start builds the page, starts anvil and seeds the story: about a minute here, far more on a loaded machine. */
const READY_TIMEOUT_MS = 5 * 60_000;
/** Ctrl-C stops the indexer, then anvil (which writes its state on the way out). */
const STOP_TIMEOUT_MS = 60_000;
const READY_LINE = /^The DPR demo is ready/m;
const SECTORS = ["population", "finance", "health", "education", "transport", "biosafety"];
const SEEDED_FILE = "demo/files/health/outpatient-visits-2025q1.csv";
const BATCH_FILE = { path: "RS05/2025-03-15T18.json", proofs: "demo/batch-proofs/roadside-air-quality-2025-03-15.proofs.json" };

/** One `npm start`, with everything it printed (stdout and stderr, interleaved as they came). */
interface StartRun {
  child: ChildProcess;
  /** Its process group (npm, the shell, tsx, start.ts and the indexer in it). */
  pgid: number;
  output: string;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Set when it has exited and its output is closed. */
  closed: boolean;
  /** Found while it runs: the process groups of its chain (anvil runs in one of its own, under a watchdog). */
  chainGroups: Set<number>;
}

/** What the ready summary names. */
interface Urls {
  web: string;
  rpc: string;
}

/** The environment of a user's shell: none of vitest's variables, nor ts-node preloaded into every node. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === "NODE_OPTIONS" || name === "NODE_ENV" || name === "TEST" || name.startsWith("VITEST")) delete env[name];
  }
  return env;
}

function startDemo(dir: string, extra: readonly string[] = []): StartRun {
  const child = spawn("npm", ["start", "--", "--dir", dir, ...extra], {
    cwd: repoRoot,
    env: userEnvironment(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("npm start did not start");
  const run: StartRun = { child, pgid: child.pid, output: "", exit: undefined, closed: false, chainGroups: new Set() };
  for (const stream of [child.stdout, child.stderr]) stream?.setEncoding("utf8").on("data", (text: string) => (run.output += text));
  child.once("exit", (code, signal) => (run.exit = { code, signal }));
  child.once("close", () => (run.closed = true));
  return run;
}

/** The message that goes with every assertion about a run: what npm start said. */
const said = (run: StartRun, what = "") => `${what}\n--- npm start said (exit ${JSON.stringify(run.exit)}):\n${run.output}`;

/** Waits for the ready line and reads the URLs from the summary above it. */
async function untilReady(run: StartRun): Promise<Urls> {
  await waitFor(() => READY_LINE.test(run.output) || run.closed, READY_TIMEOUT_MS, 200);
  expect(READY_LINE.test(run.output), said(run, `no ready line within ${READY_TIMEOUT_MS / 1000} s`)).toBe(true);
  const web = /^ {2}web page +(http:\/\/\S+?)\/?$/m.exec(run.output)?.[1];
  const rpc = /^ {2}RPC +(http:\/\/\S+)/m.exec(run.output)?.[1];
  expect(web, said(run, "no web page URL")).toBeDefined();
  expect(rpc, said(run, "no RPC URL")).toBeDefined();
  return { web: web!, rpc: rpc! };
}

/** The live processes whose command line names `text` (a unique temporary folder: this test's chain and npm start). */
function processesNaming(text: string): { pid: number; pgid: number; command: string }[] {
  const found: { pid: number; pgid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (!command.includes(text)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z" && state !== "X") found.push({ pid: Number(entry), pgid: Number(pgrp), command });
    } catch {
      // it ended while we looked
    }
  }
  return found;
}

/** Notes the process groups of the chain running on `dir`'s state file, so that the stop can be checked to empty them. */
function noteChainGroups(run: StartRun, dir: string): void {
  const chain = processesNaming(join(dir, ".dpr/chain/state.json")).filter((p) => p.pgid !== run.pgid);
  expect(chain.length, said(run, "no anvil process of this start found in /proc")).toBeGreaterThan(0);
  for (const { pgid } of chain) run.chainGroups.add(pgid);
}

/** Ctrl-C: SIGINT to the whole process group, as a terminal sends it; then every check that nothing is left. */
async function interrupt(run: StartRun, urls: Urls, dir: string): Promise<void> {
  noteChainGroups(run, dir);
  process.kill(-run.pgid, "SIGINT");
  await waitFor(() => run.closed, STOP_TIMEOUT_MS, 100);
  expect(run.closed, said(run, `still running ${STOP_TIMEOUT_MS / 1000} s after SIGINT`)).toBe(true);
  // npm exits with its script's status: a shell or tsx between npm and start.ts that dies of the SIGINT
  // (or kills start.ts) makes it 130 or SIGINT even when start.ts stops cleanly. Soft: whether anything
  // was left behind is worth knowing even when the status is wrong.
  expect.soft(run.exit, said(run, "npm start did not exit 0 on SIGINT")).toEqual({ code: 0, signal: null });
  expect(run.output, said(run)).toMatch(/^SIGINT: stopping…$/m);
  expect(run.output, said(run)).toMatch(/^ {2}indexer stopped$/m);
  const stoppedChain = /^ {2}anvil \(process group (\d+)\) stopped$/m.exec(run.output);
  expect(stoppedChain, said(run, "it did not say it stopped anvil")).not.toBeNull();
  expect([...run.chainGroups], said(run)).toEqual([Number(stoppedChain![1])]);

  // Exited and closed its output: whatever is left now is a leak, not a process on its way out.
  const left = [run.pgid, ...run.chainGroups].flatMap((pgid) => groupMembers(pgid));
  expect(left, said(run, "processes left in its groups")).toEqual([]);
  expect(processesNaming(dir), said(run, `processes still naming ${dir}`)).toEqual([]);
  for (const url of [urls.rpc, urls.web]) {
    const port = Number(new URL(url).port);
    expect(await portOpen(port), said(run, `${url} still answers`)).toBe(false);
  }
  expect(existsSync(join(dir, ".dpr/start.lock")), said(run, "the lock is left")).toBe(false);
}

async function graphql<T>(run: StartRun, urls: Urls, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${urls.web}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, said(run, `GraphQL errors: ${JSON.stringify(body.errors)}`)).toBeUndefined();
  expect(response.status, said(run)).toBe(200);
  return body.data!;
}

/** What every start must serve: the datasets, the events count, and how many events this indexer process wrote itself. */
interface IndexState {
  datasetIds: string[];
  events: number;
  /** `dpr_indexer_events_total`: events written since the indexer started (0 when it carried on from a kept index). */
  eventsIndexedNow: number;
}

async function indexState(run: StartRun, urls: Urls): Promise<IndexState> {
  const data = await graphql<{ _meta: { lag: number | null; hasIndexingErrors: boolean }; datasets: { items: { id: string }[] }; stats: { events: number } }>(
    run,
    urls,
    "{ _meta { lag hasIndexingErrors } datasets(first: 1000, orderBy: id) { items { id } } stats { events } }",
  );
  expect(data._meta, said(run)).toEqual({ lag: 0, hasIndexingErrors: false });
  const metrics = await (await fetch(`${urls.web}/metrics`)).text();
  const written = /^dpr_indexer_events_total (\d+)$/m.exec(metrics)?.[1];
  expect(written, said(run, `no dpr_indexer_events_total in /metrics:\n${metrics}`)).toBeDefined();
  return { datasetIds: data.datasets.items.map((d) => d.id), events: data.stats.events, eventsIndexedNow: Number(written) };
}

const readRecord = (dir: string) => JSON.parse(readFileSync(join(dir, ".dpr/demo.json"), "utf8")) as DemoRecord;
const lower = (text: string) => text.toLowerCase();
const ok = (run: DprRun) => {
  expect(run.code, `dpr exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
  return run.json<Record<string, unknown>>();
};

describe("npm start", () => {
  let dir: string;
  const runs: StartRun[] = [];
  const start = (extra: readonly string[] = []) => {
    const run = startDemo(dir, extra);
    runs.push(run);
    return run;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dpr-e2e-start-"));
  });

  afterAll(async () => {
    // A failed test may leave a start running: kill what is left, then wait until it is gone.
    for (const run of runs) {
      if (!run.closed) signalGroup(run.pgid, "SIGKILL");
      for (const pgid of run.chainGroups) signalGroup(pgid, "SIGKILL");
    }
    // The watchdog kills the chain of a start that died before its groups were noted.
    if (!dir) return;
    await waitFor(() => runs.every((run) => run.closed) && processesNaming(dir).length === 0, 15_000, 100);
    const left = processesNaming(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(left, "processes left after the test").toEqual([]);
  }, 30_000);

  describe("in an empty folder", () => {
    let run: StartRun;
    let urls: Urls;
    let record: DemoRecord;
    let first: IndexState;

    it(
      "starts a fresh chain, seeds the pilot-zone story and says it is ready",
      async () => {
        run = start();
        urls = await untilReady(run);
        expect(run.output, said(run)).toMatch(/^chain: a fresh anvil on http:\/\/127\.0\.0\.1:\d+ /m);
        expect(run.output, said(run)).toMatch(/^demo: deploying and seeding the pilot-zone story$/m);
        expect(run.output, said(run)).toMatch(/^ {2}seeded up to block \d+: /m);
        expect(run.output, said(run)).toContain(`  GraphQL    ${urls.web}/graphql`);
        record = readRecord(dir);
        expect(record.format).toBe("dpr-demo/2");
      },
      READY_TIMEOUT_MS + 30_000,
    );

    it("refuses a second start in the same folder before building or starting anything", async () => {
      const second = start();
      await waitFor(() => second.closed, 60_000, 100);
      expect(second.exit, said(second)).toEqual({ code: 1, signal: null });
      expect(second.output, said(second)).toMatch(/another npm start \(process \d+\) is using /);
      expect(second.output, said(second)).not.toMatch(/Building the web page|build is up to date|^chain:/m);
      // The first start still serves.
      expect((await fetch(`${urls.web}/ready`)).status).toBe(200);
    }, 90_000);

    it("serves the web page and says it is ready", async () => {
      const page = await fetch(`${urls.web}/`);
      expect(page.status, said(run)).toBe(200);
      expect(page.headers.get("content-type"), said(run)).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain("<title>DPR provenance verifier</title>");
      expect(html).toContain('<div id="app"></div>');
      // The production build, not the source page: its script is a built asset.
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
      expect((await fetch(`${urls.web}/ready`)).status, said(run)).toBe(200);
      // The page reads its verdicts from the demo's chain, whichever port it got.
      expect(await (await fetch(`${urls.web}/api/web-config`)).json(), said(run)).toEqual({ rpcUrl: urls.rpc });
    });

    it("serves the seeded story through GraphQL", async () => {
      const { datasets: d, accounts: a, grants: g } = record;
      const address = (actor: keyof DemoRecord["accounts"]) => lower(a[actor].address);
      first = await indexState(run, urls);
      // It indexed the whole story itself, and every dataset of the record is there.
      expect(first.eventsIndexedNow).toBe(first.events);
      expect(first.events).toBeGreaterThan(0);
      expect([...first.datasetIds].sort()).toEqual(Object.values(d).map((x) => lower(x.datasetId)).sort());

      const batchFile = readFileSync(join(repoRoot, record.anchor.folder, BATCH_FILE.path));
      const batchHash = `0x${createHash("sha256").update(batchFile).digest("hex")}`;
      const story = await graphql<{
        datasets: { items: { sectorName: string }[] };
        outpatient: {
          status: string;
          containsPersonalData: boolean;
          requiredConfirmations: number;
          confirmationCount: number;
          confirmations: { items: { registrarAddress: string }[] };
          holderAddress: string;
        };
        deidentified: { status: string; declassified: boolean; containsPersonalData: boolean };
        lineage: { edges: { items: { depth: number; edge: { derivation: string; parent: { id: string }; child: { id: string } } }[] }; truncated: boolean };
        survey: { status: string; objections: { items: { objectorAddress: string }[] } };
        sites: { status: string; holderAddress: string };
        trips: { status: string };
        loanBook: { status: string };
        pathogen: { status: string; frozen: boolean };
        gba: {
          status: string;
          mechanism: string;
          crossBorder: boolean;
          datasetId: string;
          grantor: { id: string; jurisdiction: string };
          grantee: { id: string; jurisdiction: string };
          acknowledgedBy: string | null;
        };
        denied: { status: string; closedBy: string | null };
        revoked: { status: string; closedBy: string | null };
        anchors: { items: { id: string; leafCount: number; manifestLoaded: boolean; anchorerAddress: string }[] };
        verify: { found: boolean; dataset: unknown; anchoredIn: { items: { path: string; anchor: { id: string } }[] } };
      }>(
        run,
        urls,
        `query Story($outpatient: ID!, $deidentified: ID!, $survey: ID!, $sites: ID!, $trips: ID!, $loanBook: ID!, $pathogen: ID!, $gba: ID!, $denied: ID!, $revoked: ID!, $batchHash: String!) {
          datasets(first: 1000) { items { sectorName } }
          outpatient: dataset(id: $outpatient) { status containsPersonalData requiredConfirmations confirmationCount confirmations { items { registrarAddress } } holderAddress }
          deidentified: dataset(id: $deidentified) { status declassified containsPersonalData }
          lineage(id: $deidentified, direction: UP) { edges { items { depth edge { derivation parent { id } child { id } } } } truncated }
          survey: dataset(id: $survey) { status objections { items { objectorAddress } } }
          sites: dataset(id: $sites) { status holderAddress }
          trips: dataset(id: $trips) { status }
          loanBook: dataset(id: $loanBook) { status }
          pathogen: dataset(id: $pathogen) { status frozen }
          gba: grant(id: $gba) { status mechanism crossBorder datasetId grantor { id jurisdiction } grantee { id jurisdiction } acknowledgedBy }
          denied: grant(id: $denied) { status closedBy }
          revoked: grant(id: $revoked) { status closedBy }
          anchors { items { id leafCount manifestLoaded anchorerAddress } }
          verify(contentHash: $batchHash) { found dataset { id } anchoredIn { items { path anchor { id } } } }
        }`,
        {
          outpatient: d.outpatient.datasetId,
          deidentified: d.outpatientDeidentified.datasetId,
          survey: d.studentMobility.datasetId,
          sites: d.vaccinationSites.datasetId,
          trips: d.metroCardTrips.datasetId,
          loanBook: d.smeLoanBook.datasetId,
          pathogen: d.pathogen.datasetId,
          gba: g.gbaResearch.grantId,
          denied: g.bankDenied.grantId,
          revoked: g.bankRevoked.grantId,
          batchHash,
        },
      );

      expect(new Set(story.datasets.items.map((x) => x.sectorName))).toEqual(new Set(SECTORS));
      // Personal data: confirmed by two registrars of distinct organisations.
      expect(story.outpatient).toEqual({
        status: "confirmed",
        containsPersonalData: true,
        requiredConfirmations: 2,
        confirmationCount: 2,
        confirmations: { items: [{ registrarAddress: address("exchange") }, { registrarAddress: address("registrar2") }] },
        holderAddress: address("health"),
      });
      // Its de-identified derivative: declassified, confirmed, one de-identification edge up to it.
      expect(story.deidentified).toEqual({ status: "confirmed", declassified: true, containsPersonalData: false });
      expect(story.lineage).toEqual({
        edges: { items: [{ depth: 1, edge: { derivation: "de-identification", parent: { id: lower(d.outpatient.datasetId) }, child: { id: lower(d.outpatientDeidentified.datasetId) } } }] },
        truncated: false,
      });
      // The transport bureau's objection to the survey, dismissed by the data exchange at the end of the story:
      // its notice period resumed for the time it had left.
      expect(story.survey).toEqual({ status: "notice", objections: { items: [{ objectorAddress: address("transport") }] } });
      // The commission's claim on its vaccination sites, after the bank's was refused; the card trips rejected on
      // the bank's objection; the bank's loan book revoked after its notice period.
      expect(story.sites).toEqual({ status: "notice", holderAddress: address("health") });
      expect(story.trips).toEqual({ status: "rejected" });
      expect(story.loanBook).toEqual({ status: "revoked" });
      // The printed tour names each step of the life cycle and its page.
      expect(run.output, said(run)).toContain(`${urls.web}/dataset/${d.vaccinationSites.datasetId}`);
      expect(run.output, said(run)).toMatch(/^ {2}objection upheld, rejected +Co-branded metro card trips, January 2025 \(personal data\): Pearl River Commercial Bank \(fictional\) objected; /m);
      expect(story.pathogen).toEqual({ status: "frozen", frozen: true });
      // The GBA standard-contract grant GZ → HK, acknowledged by the regulator and active.
      expect(story.gba).toEqual({
        status: "active",
        mechanism: "gba-sc-hk",
        crossBorder: true,
        datasetId: lower(d.outpatient.datasetId),
        grantor: { id: address("health"), jurisdiction: "gz" },
        grantee: { id: address("university"), jurisdiction: "hk" },
        acknowledgedBy: address("regulator"),
      });
      expect(story.denied).toEqual({ status: "denied", closedBy: address("regulator") });
      expect(story.revoked).toEqual({ status: "revoked", closedBy: address("transport") });
      // The batch of 288 readings, its manifest read; one file's content hash finds it.
      expect(story.anchors.items).toEqual([{ id: lower(record.anchor.root), leafCount: 288, manifestLoaded: true, anchorerAddress: address("transport") }]);
      expect(story.verify).toEqual({ found: true, dataset: null, anchoredIn: { items: [{ path: BATCH_FILE.path, anchor: { id: lower(record.anchor.root) } }] } });
    });

    it("lets dpr verify a seeded file and a file of the anchored batch against the chain", async () => {
      const target = ["--rpc", urls.rpc, "--deployment", join(dir, ".dpr/deployment.json"), "--json"];
      expect(record.datasets.outpatient.file).toBe(SEEDED_FILE);
      const verified = ok(await runDpr(["verify", SEEDED_FILE, ...target], { cwd: repoRoot }));
      expect(verified).toMatchObject({ verified: true, status: "confirmed", confirmations: 2, requiredConfirmations: 2, frozen: false });
      expect(lower(String(verified.datasetId))).toBe(lower(record.datasets.outpatient.datasetId));
      expect(lower(String(verified.holder))).toBe(lower(record.accounts.health.address));
      const registrars = (verified.confirmedBy as { registrar: string }[]).map((c) => lower(c.registrar));
      expect(registrars).toEqual([lower(record.accounts.exchange.address), lower(record.accounts.registrar2.address)]);

      const inBatch = ok(await runDpr(["verify", join(record.anchor.folder, BATCH_FILE.path), "--proof", BATCH_FILE.proofs, ...target], { cwd: repoRoot }));
      expect(inBatch).toMatchObject({ verified: true, anchored: true, path: BATCH_FILE.path });
      expect(lower(String(inBatch.root))).toBe(lower(record.anchor.root));
    });

    it(
      "stops the indexer and the chain on Ctrl-C and leaves no process behind",
      async () => {
        await interrupt(run, urls, dir);
      },
      STOP_TIMEOUT_MS + 30_000,
    );

    describe("started again in the same folder", () => {
      let again: StartRun;
      let againUrls: Urls;

      it(
        "reuses the kept chain and the kept index, with the same datasets",
        async () => {
          again = start();
          againUrls = await untilReady(again);
          expect(again.output, said(again)).toMatch(/^chain: anvil on \S+ \(chain id 31337\), state restored from /m);
          expect(again.output, said(again)).toMatch(/^demo: the kept chain holds the demo seeded at \S+; reusing it$/m);
          expect(again.output, said(again)).not.toContain("deploying and seeding");
          // The page's sources did not change since the first start built it: no second build.
          expect(again.output, said(again)).toMatch(/^The web page's build is up to date\.$/m);
          expect(readRecord(dir), "the demo record changed").toEqual(record);
          const state = await indexState(again, againUrls);
          // The same datasets and events, and not one written afresh: the index carried on.
          expect(state).toEqual({ ...first, eventsIndexedNow: 0 });
          expect((await fetch(`${againUrls.web}/ready`)).status, said(again)).toBe(200);
        },
        READY_TIMEOUT_MS + 30_000,
      );

      it(
        "stops cleanly on Ctrl-C again",
        async () => {
          await interrupt(again, againUrls, dir);
        },
        STOP_TIMEOUT_MS + 30_000,
      );
    });

    describe("started with --fresh", () => {
      let fresh: StartRun;
      let freshUrls: Urls;

      it(
        "forgets the kept chain, deployment, demo and index, and seeds the story again",
        async () => {
          fresh = start(["--fresh"]);
          freshUrls = await untilReady(fresh);
          expect(fresh.output, said(fresh)).toMatch(/^--fresh: removed .*\.dpr\/chain\b.*\.dpr\/indexer\b/m);
          expect(fresh.output, said(fresh)).toMatch(/^chain: a fresh anvil on /m);
          expect(fresh.output, said(fresh)).toMatch(/^demo: deploying and seeding the pilot-zone story$/m);
          expect(fresh.output, said(fresh)).not.toContain("reusing it");
          const reseeded = readRecord(dir);
          expect(reseeded.seededAt).not.toBe(record.seededAt);
          // A new chain: its blocks are not the kept chain's.
          expect(reseeded.seededBlockHash).not.toBe(record.seededBlockHash);
          const state = await indexState(fresh, freshUrls);
          // The same story on a new chain, indexed from scratch by this start.
          expect([...state.datasetIds].sort()).toEqual(Object.values(reseeded.datasets).map((x) => lower(x.datasetId)).sort());
          expect(state.datasetIds).toHaveLength(Object.keys(record.datasets).length);
          expect(state.eventsIndexedNow).toBe(state.events);
          expect(state.events).toBe(first.events);
        },
        READY_TIMEOUT_MS + 30_000,
      );

      it(
        "stops cleanly on Ctrl-C after a fresh start",
        async () => {
          await interrupt(fresh, freshUrls, dir);
        },
        STOP_TIMEOUT_MS + 30_000,
      );
    });

    describe("started with --governance", () => {
      let governed: StartRun;
      let governedUrls: Urls;

      it(
        "deploys the zone behind a Safe and a timelock and prints who holds what",
        async () => {
          governed = start(["--governance"]);
          governedUrls = await untilReady(governed);
          expect(governed.output, said(governed)).toMatch(/^ {2}governance: Safe 0x[0-9a-fA-F]{40} \(2 of admin, regulator, auditor\) proposes through timelock 0x[0-9a-fA-F]{40} \(60 s\)$/m);
          expect(governed.output, said(governed)).toMatch(/^Governance \(--governance; docs\/governance\.md\):$/m);
          // Keys are never printed, only which test account signs.
          expect(governed.output).not.toContain(devAccount(0).privateKey.slice(2));
          expect(governed.output).not.toContain(devAccount(3).privateKey.slice(2));
        },
        READY_TIMEOUT_MS + 30_000,
      );

      it(
        "carries the printed admin call through propose, approve, schedule and, after the delay, execute",
        async () => {
          const target = ["--rpc", governedUrls.rpc, "--deployment", join(dir, ".dpr/deployment.json")];
          const zone = async () => ok(await runDpr([...target, "--json", "office", "list"], { cwd: repoRoot }));
          const before = await zone();
          const admin = lower(readRecord(dir).accounts.admin.address);
          const holders = (z: Record<string, unknown>, office: string) => ((z.offices as Record<string, string[]>)[office] ?? []).map(lower);
          expect(holders(before, "ONBOARDING")).toEqual([admin]);
          expect(lower(String(before.governance))).toBe(lower(String(before.timelock)));

          // The printed walk-through, line by line: the owner's key in place of its placeholder, the proposal
          // file in this test's folder, the chain and deployment of this start.
          const printed = governed.output.split("\n").filter((line) => /dpr(\.js)? .*admin (propose|approve|execute)/.test(line));
          expect(printed, said(governed)).toHaveLength(3);
          const proposal = join(dir, "revoke.json");
          const run = async (line: string) => {
            const index = /<key of test account (\d+)>/.exec(line)?.[1];
            const command = line.replace(/#.*$/, "").trim();
            const args = command.slice(command.indexOf(" admin ") + 1).split(/\s+/).map((arg) => (arg === "revoke.json" ? proposal : arg));
            const env = index === undefined ? {} : { DPR_PRIVATE_KEY: devAccount(Number(index)).privateKey };
            return runDpr([...target, ...args], { cwd: repoRoot, env });
          };
          const [propose, approve, execute] = printed as [string, string, string];
          const proposed = await run(propose);
          expect(proposed.code, proposed.stderr).toBe(0);
          // One owner's approval does not schedule it.
          const early = await run(execute);
          expect(early.code, early.stdout).toBe(3);
          expect(early.stderr.split("\n")[0]).toMatch(/^error: the proposal has 1 of the 2 approvals the zone's Safe needs /);
          expect((await run(approve)).code).toBe(0);
          const scheduled = await run(execute);
          expect(scheduled.code, scheduled.stderr).toBe(0);
          // Nothing changed yet: the timelock's delay runs.
          expect(holders(await zone(), "ONBOARDING")).toEqual([admin]);
          const tooSoon = await run(execute);
          expect(tooSoon.code, tooSoon.stdout).toBe(3);
          expect(tooSoon.stderr.split("\n")[0]).toMatch(/^error: the timelock delay is not over: /);
          // Anvil's clock moves on by the delay instead of the test waiting for it.
          for (const [method, params] of [["evm_increaseTime", [61]], ["evm_mine", []]] as const) {
            const response = await fetch(governedUrls.rpc, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
            expect(((await response.json()) as { error?: unknown }).error).toBeUndefined();
          }
          const executed = await run(execute);
          expect(executed.code, executed.stderr).toBe(0);
          expect(holders(await zone(), "ONBOARDING")).toEqual([]);
        },
        180_000,
      );

      it(
        "stops cleanly on Ctrl-C after a governed start",
        async () => {
          await interrupt(governed, governedUrls, dir);
        },
        STOP_TIMEOUT_MS + 30_000,
      );
    });
  });
});
