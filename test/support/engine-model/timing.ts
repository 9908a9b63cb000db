// Per-call-kind timing summaries of host calls, for printing overhead (tests never assert on time).
import type { CallKind, CallRecord } from "./host";

export interface TimingStats {
  count: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
}

export type Timing = Partial<Record<CallKind, TimingStats>>;

export function summarize(calls: readonly CallRecord[]): Timing {
  const timing: Timing = {};
  for (const call of calls) {
    const stats = timing[call.kind] ?? { count: 0, totalMs: 0, meanMs: 0, maxMs: 0 };
    stats.count++;
    stats.totalMs += call.ms;
    stats.maxMs = Math.max(stats.maxMs, call.ms);
    stats.meanMs = stats.totalMs / stats.count;
    timing[call.kind] = stats;
  }
  return timing;
}

/** One line per call kind: `check  n=3  total=12.3ms  mean=4.1ms  max=5.0ms`. */
export function formatTiming(timing: Timing): string {
  return Object.entries(timing)
    .map(
      ([kind, s]) =>
        `${kind.padEnd(13)} n=${s.count}  total=${s.totalMs.toFixed(1)}ms  ` +
        `mean=${s.meanMs.toFixed(2)}ms  max=${s.maxMs.toFixed(1)}ms`,
    )
    .join("\n");
}

/** The most calls (of `kind`, if given) that were in flight at the same moment. */
export function maxInFlight(calls: readonly CallRecord[], kind?: CallKind): number {
  const edges = calls
    .filter((c) => kind === undefined || c.kind === kind)
    .flatMap((c) => [
      { at: c.startedAt, delta: 1 },
      { at: c.startedAt + c.ms, delta: -1 },
    ])
    // At equal times count the ends first, so back-to-back calls do not look concurrent.
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const e of edges) {
    current += e.delta;
    max = Math.max(max, current);
  }
  return max;
}
