/** The machine a run measured, recorded beside its figures (they mean little without it). */
import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, release, totalmem } from "node:os";

function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(): Record<string, unknown> {
  const lscpu = run("lscpu", []) ?? "";
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "m").exec(lscpu)?.[1]?.trim();
  const osRelease = run("sh", ["-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]);
  return {
    cpu: field("Model name") ?? cpus()[0]?.model ?? "unknown",
    cpus: Number(run("nproc", []) ?? cpus().length),
    hypervisor: field("Hypervisor vendor") ?? null,
    sha: / sha_ni /.test(` ${field("Flags") ?? ""} `),
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiBAtStart: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    os: osRelease ?? "unknown",
    kernel: release(),
    node: process.version,
  };
}

/** The 1-minute load average now: a run on a machine busy with other work says so. */
export function loadNow(): number {
  return Number(loadavg()[0]!.toFixed(2));
}
