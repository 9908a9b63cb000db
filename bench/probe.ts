// What bench/host-probe.js recorded inside the dynamic-provider host of one CLI operation, summed up.
import * as fs from "fs";

interface CallRecord {
  pid: number;
  m: string;
  s: number;
  e: number;
}

export interface HostFigures {
  /** Host processes seen (one per deployment). */
  hosts: number;
  /** Calls per gRPC method (check, diff, create, read, delete, configure...). */
  calls: Record<string, number>;
  /** The sum of every call's duration, seconds: provider time, limiter waits included. */
  providerS: number;
  /** From the first call's start to the last call's end, seconds. */
  spanS: number;
  /** Within the span, seconds when no call was in flight: the engine (or the program) was the one working. */
  engineOnlyS: number;
  /** Peak resident memory of the host (VmHWM), MiB; NaN when no record was written. */
  peakMiB: number;
}

/** Reads a probe file; a missing file (no host was started) gives empty figures. */
export function readProbe(file: string): HostFigures {
  const calls: CallRecord[] = [];
  const pids = new Set<number>();
  let hwm = NaN;
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let r: { pid: number; hwm?: number; m?: string; s?: number; e?: number };
    try {
      r = JSON.parse(line);
    } catch {
      continue; // a line cut short by the host's end
    }
    pids.add(r.pid);
    if (r.hwm !== undefined) hwm = Number.isNaN(hwm) ? r.hwm : Math.max(hwm, r.hwm);
    else if (r.m !== undefined && r.s !== undefined && r.e !== undefined)
      calls.push({ pid: r.pid, m: r.m, s: r.s, e: r.e });
  }
  const byMethod: Record<string, number> = {};
  for (const c of calls) byMethod[c.m] = (byMethod[c.m] ?? 0) + 1;
  const providerMs = calls.reduce((a, c) => a + (c.e - c.s), 0);
  const sorted = [...calls].sort((a, b) => a.s - b.s);
  let busyMs = 0;
  let from = NaN;
  let to = NaN;
  for (const c of sorted) {
    if (Number.isNaN(to) || c.s > to) {
      if (!Number.isNaN(to)) busyMs += to - from;
      from = c.s;
      to = c.e;
    } else {
      to = Math.max(to, c.e);
    }
  }
  if (!Number.isNaN(to)) busyMs += to - from;
  const spanMs = sorted.length ? Math.max(...sorted.map((c) => c.e)) - sorted[0]!.s : 0;
  return {
    hosts: pids.size,
    calls: byMethod,
    providerS: providerMs / 1000,
    spanS: spanMs / 1000,
    engineOnlyS: (spanMs - busyMs) / 1000,
    peakMiB: hwm / 1024,
  };
}
