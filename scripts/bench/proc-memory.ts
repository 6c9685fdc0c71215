/**
 * Memory of another process, read from Linux's /proc: resident set size (VmRSS), its
 * high-water mark (VmHWM, which clear_refs can reset), sampling at a fixed interval, and
 * finding which process of a tree listens on a TCP port.
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";

export type TProcMemory = { rssKb: number; hwmKb: number };

export function readProcMemory(pid: number): TProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${name} line`);
    return Number(match[1]);
  };
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}

/**
 * Resets the process's VmHWM to its current RSS (writing "5" to clear_refs, Linux 4.0+), so the
 * next reading is the peak since now. False when the kernel or permissions refuse it.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export type TRssSample = { atMs: number; rssKb: number };

/** Reads VmRSS every `intervalMs` until stop(), which returns the samples (time from performance.now()). */
export function sampleRss(pid: number, intervalMs: number): { stop: () => TRssSample[] } {
  const samples: TRssSample[] = [];
  const take = () => samples.push({ atMs: performance.now(), rssKb: readProcMemory(pid).rssKb });
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Socket inodes listening on `port` (IPv4 and IPv6), from /proc/net/tcp*. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = columns;
      // State 0A is LISTEN.
      if (local?.endsWith(`:${portHex}`) && state === "0A" && inode) inodes.add(inode);
    }
  }
  return inodes;
}

/** `rootPid` and every process below it. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone since readdir
    }
    // The command name (2nd field) may hold spaces and parentheses: the parent pid follows the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The process of `rootPid`'s tree that holds the socket listening on `port`, if any. */
export function findListeningPid(rootPid: number, port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pid of processTree(rootPid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1] && inodes.has(match[1])) return pid;
      } catch {
        // closed since readdir
      }
    }
  }
  return undefined;
}
