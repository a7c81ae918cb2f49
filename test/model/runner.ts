/**
 * Running the model's commands on a chain: the shared half of the model-based test (test/model.test.ts,
 * the chain against the model) and the differential test of the indexer (test/e2e/index-equals-chain.test.ts,
 * the index against the chain). Every command is sent at a block time the runner sets, so the model's
 * clock is exact, and the chain's outcome must be the one the model predicts.
 */
import { type Address, type Hex, type Log, BaseError, decodeEventLog } from "viem";
import { datasetRegistryAbi } from "@dpr/sdk";
import { loadFixture, publicClient, testClient } from "../helpers/chain.js";
import { type Dpr, NOTICE_PERIOD, revertOf } from "../helpers/dpr.js";
import { type Name, deployModelFixture, initialKeys, initialParticipants } from "./cast.js";
import { type Command, Context, type Send } from "./commands.js";
import { prelude } from "./prelude.js";
import { DprModel, type ModelEvent, type Outcome } from "./rules.js";

/** Strings, numbers, bigints, booleans and arrays, printed for humans; addresses lower-cased so that they compare. */
export function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

export function showOutcome(o: Outcome): string {
  return o.ok ? "ok" : `${o.error}(${o.args.map(show).join(", ")})`;
}

/** What the chain did with a transaction: the outcome and, when it succeeded, the receipt's logs. */
export type SendOutcome = Outcome & { logs?: readonly Log[] };

/** Sends `s` from `sender` and reports what the chain did: success (with the logs), or the custom error it reverted with. */
export async function send(dpr: Dpr, sender: Address, s: Send): Promise<SendOutcome> {
  const write = dpr.as(sender)[s.contract].write as unknown as Record<string, (args: readonly unknown[]) => Promise<Hex>>;
  try {
    const hash = await write[s.fn]!(s.args);
    const receipt = await publicClient.getTransactionReceipt({ hash });
    return receipt.status === "success"
      ? { ok: true, logs: receipt.logs }
      : { ok: false, error: "reverted without an error", args: [] };
  } catch (e) {
    const decoded = revertOf(e);
    if (decoded) return { ok: false, error: decoded.errorName, args: decoded.args };
    return { ok: false, error: `undecoded failure: ${e instanceof BaseError ? e.shortMessage : String(e)}`, args: [] };
  }
}

/** The DatasetRegistry events among `logs`, decoded, in the model's shape. */
export function datasetEvents(dpr: Dpr, logs: readonly Log[]): ModelEvent[] {
  return logs
    .filter((log) => log.address.toLowerCase() === dpr.addresses.datasets.toLowerCase())
    .map((log) => {
      const { eventName, args } = decodeEventLog({ abi: datasetRegistryAbi, data: log.data, topics: log.topics });
      return { contract: "datasets" as const, name: eventName, args: args as unknown as Record<string, unknown> };
    });
}

/** Events, one a line, for humans. */
export function showEvents(events: readonly ModelEvent[]): string {
  return events.map((e) => `${e.name}${show(e.args)}`).join("; ") || "(none)";
}

/** What happened so far in a sequence, one line a command, for a failure's report. */
export type Trace = string[];

export function failWith(message: string, trace: Trace): never {
  throw new Error(`${message}\nafter:\n${trace.map((line, i) => `  ${String(i + 1).padStart(2)}. ${line}`).join("\n")}`);
}

export function newContext(accounts: Record<Name, Address>, now: bigint): Context {
  const model = new DprModel(accounts.admin, initialParticipants(accounts), NOTICE_PERIOD, undefined, initialKeys(accounts));
  return new Context(model, accounts, now);
}

/**
 * Runs `command` on the chain and in the model: moves the clock, or sends the transaction at the next
 * second and checks that the chain did what the model predicted, DatasetRegistry's events included. Returns the
 * chain's outcome, with the receipt's logs on success (null for a move of the clock); throws with the trace
 * when chain and model disagree.
 */
export async function execute(dpr: Dpr, ctx: Context, command: Command, index: number, trace: Trace): Promise<SendOutcome | null> {
  if (command.kind === "advance") {
    await testClient.setNextBlockTimestamp({ timestamp: command.to });
    await testClient.mine({ blocks: 1 });
    ctx.now = command.to;
    trace.push(`${command.text} (t=${command.to})`);
    return null;
  }
  const t = ctx.now + 1n;
  await testClient.setNextBlockTimestamp({ timestamp: t });
  const emitted = ctx.model.events.length;
  const expected = command.predict(t);
  const actual = await send(dpr, command.sender, command.send);
  ctx.now = t;
  trace.push(`${command.text} -> ${showOutcome(expected)}`);
  if (showOutcome(actual) !== showOutcome(expected)) {
    failWith(`step ${index + 1}, ${command.text}: the chain says ${showOutcome(actual)}, the model ${showOutcome(expected)}`, trace);
  }
  // The events too: the indexer knows only what they say.
  const predicted = showEvents(ctx.model.events.slice(emitted));
  const logged = showEvents(actual.logs ? datasetEvents(dpr, actual.logs) : []);
  if (logged !== predicted) {
    failWith(`step ${index + 1}, ${command.text}: DatasetRegistry emitted\n    ${logged}\n  the model predicts\n    ${predicted}`, trace);
  }
  return actual;
}

/** The cast, then the prelude run on chain (each step checked by `check`); every sequence starts from here. */
export function modelFixture(check: (dpr: Dpr, ctx: Context, command: Command, index: number, trace: Trace) => Promise<void>) {
  return async () => {
    const { dpr, accounts } = await deployModelFixture();
    const start = (await publicClient.getBlock()).timestamp;
    const ctx = newContext(accounts, start);
    const trace: Trace = [];
    for (const [i, build] of prelude(ctx).entries()) await check(dpr, ctx, build(), i, trace);
    return { dpr, accounts, start };
  };
}

/**
 * Reverts the chain to `fixture`'s snapshot and replays the prelude on a fresh model (the chain already
 * holds it), so that a sequence starts from the same state on both.
 */
export async function startSequence(fixture: ReturnType<typeof modelFixture>): Promise<{ dpr: Dpr; ctx: Context; trace: Trace }> {
  const { dpr, accounts, start } = await loadFixture(fixture);
  const ctx = newContext(accounts, start);
  const trace: Trace = [];
  for (const build of prelude(ctx)) {
    const command = build();
    if (command.kind === "advance") ctx.now = command.to;
    else {
      ctx.now += 1n;
      const outcome = command.predict(ctx.now);
      if (!outcome.ok) throw new Error(`the prelude's ${command.text} fails in the model: ${showOutcome(outcome)}`);
    }
    trace.push(`(prelude) ${command.text}`);
  }
  const time = (await publicClient.getBlock()).timestamp;
  if (time !== ctx.now) throw new Error(`the chain's clock (${time}) is not the model's (${ctx.now}) after the prelude`);
  return { dpr, ctx, trace };
}
