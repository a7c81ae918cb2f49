/**
 * The GraphQL load generator, run as a second process on loopback so that it does not share an event
 * loop with the server under test.
 *
 * Usage: node --import tsx bench/lib/loadWorker.ts <plan.json>   → one JSON object on stdout
 *
 * Two kinds of phase:
 * - "rate": an open loop at a fixed request rate. Request i is due at start + i/rate; its latency runs
 *   from when it was due (not from when it could be sent), so a server that falls behind shows the
 *   queueing it causes instead of hiding it (coordinated omission). Latencies are kept exactly (float
 *   ms) and every response is checked: HTTP 200 and no GraphQL `errors`.
 * - "saturate": autocannon with a fixed number of connections and no rate limit: the throughput the
 *   server sustains. (autocannon's latency histogram keeps whole milliseconds, too coarse for a query
 *   answered in under one, which is why the latency phase is the loop above.)
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import autocannon from "autocannon";

export interface LoadPlan {
  url: string;
  phases: LoadPhase[];
}

export type LoadPhase =
  | { kind: "rate"; name: string; bodies: string[]; rate: number; seconds: number; warmupRequests: number }
  | { kind: "saturate"; name: string; bodies: string[]; connections: number; seconds: number };

export interface RatePhaseResult {
  kind: "rate";
  name: string;
  requests: number;
  errors: number;
  /** The first error seen, if any. */
  firstError?: string;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Responses per second over the phase (below the rate when the server cannot keep up). */
  achievedRate: number;
}

export interface SaturatePhaseResult {
  kind: "saturate";
  name: string;
  requestsPerSecond: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export type PhaseResult = RatePhaseResult | SaturatePhaseResult;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

async function ratePhase(url: URL, phase: Extract<LoadPhase, { kind: "rate" }>): Promise<RatePhaseResult> {
  let errors = 0;
  let firstError: string | undefined;
  const check = (response: { status: number; text: string }) => {
    if (response.status === 200 && !response.text.includes('"errors"')) return;
    errors += 1;
    firstError ??= `HTTP ${response.status}: ${response.text.slice(0, 300)}`;
  };
  // Warm-up, one at a time and unmeasured: JIT, prepared plans, the database's caches.
  for (let i = 0; i < phase.warmupRequests; i++) check(await post(url, phase.bodies[i % phase.bodies.length]!));
  errors = 0;

  const total = Math.max(1, Math.round(phase.rate * phase.seconds));
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / phase.rate <= now) {
        const due = start + (next * 1000) / phase.rate;
        const body = phase.bodies[next % phase.bodies.length]!;
        next += 1;
        inFlight.push(
          post(url, body).then(
            (response) => {
              latencies.push(performance.now() - due);
              check(response);
            },
            (error: unknown) => {
              errors += 1;
              firstError ??= (error as Error).message;
            },
          ),
        );
      }
      if (next >= total) return resolve();
      // A timer's resolution is about a millisecond: wake up at the next due time.
      setTimeout(tick, Math.max(0, start + (next * 1000) / phase.rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    kind: "rate",
    name: phase.name,
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    achievedRate: latencies.length / elapsed,
  };
}

async function saturatePhase(url: URL, phase: Extract<LoadPhase, { kind: "saturate" }>): Promise<SaturatePhaseResult> {
  let i = 0;
  const result = await autocannon({
    url: url.toString(),
    connections: phase.connections,
    duration: phase.seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: phase.bodies[i++ % phase.bodies.length] }),
      },
    ],
  });
  return {
    kind: "saturate",
    name: phase.name,
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const planPath = process.argv[2];
  if (!planPath) throw new Error("usage: loadWorker.ts <plan.json>");
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as LoadPlan;
  const url = new URL(plan.url);
  const results: PhaseResult[] = [];
  for (const phase of plan.phases) {
    results.push(phase.kind === "rate" ? await ratePhase(url, phase) : await saturatePhase(url, phase));
    process.stderr.write(`load: ${phase.name} (${phase.kind}) done\n`);
  }
  agent.destroy();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
