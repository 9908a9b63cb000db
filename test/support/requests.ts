// Counting the requests the emulator answered (its `GET /_emulator/stats`), by operation and outcome.
import type { Stats } from "../../emulator/tooling/stats";

/** The per-operation counts of a stats snapshot (or of a bench figure that carries them). */
export type Counts = Pick<Stats, "operations">;

/** Outcomes of one operation (`{}` when it was never called). */
export function outcomes(stats: Counts, operation: string): Record<string, number> {
  return stats.operations[operation] ?? {};
}

/** Requests of one operation: with `outcome`, only those that ended so; 0 when none. */
export function calls(stats: Counts, operation: string, outcome?: string): number {
  const byOutcome = outcomes(stats, operation);
  return outcome === undefined
    ? Object.values(byOutcome).reduce((a, b) => a + b, 0)
    : (byOutcome[outcome] ?? 0);
}
