import { readFileSync, readdirSync } from "node:fs";
import { createConnection } from "node:net";

/**
 * The live processes of a process group, read from /proc (zombies, which hold no resources and wait
 * only for their parent to reap them, do not count). Linux only, like the rest of this package.
 */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ")".
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z" && state !== "X") members.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return members;
}

/** Sends `signal` to every process of the group; a group that is gone already is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Whether something accepts TCP connections on `host:port`. */
export async function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once("error", () => resolveOpen(false));
  });
}

/**
 * Polls `condition` until it holds or `ms` have passed, and says which: it returns as soon as the
 * condition holds, so callers wait for a condition rather than for a fixed time.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolveTick) => setTimeout(resolveTick, intervalMs));
  }
}
