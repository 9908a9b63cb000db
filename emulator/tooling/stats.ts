// Request counts per operation and outcome, served at GET /_emulator/stats.
export interface Stats {
  total: number;
  /** Operation name, then outcome: "ok", a Cognito error name, "ConnectionReset" or "ClientDisconnected". */
  operations: Record<string, Record<string, number>>;
}

/** The outcome of a request whose connection the emulator dropped on purpose. */
export const CONNECTION_RESET = "ConnectionReset";

/** The outcome of a request whose client went away before it had sent its whole body. */
export const CLIENT_DISCONNECTED = "ClientDisconnected";

export class StatsCounter {
  private total = 0;
  private operations = new Map<string, Map<string, number>>();

  record(operation: string, outcome: string): void {
    this.total++;
    let outcomes = this.operations.get(operation);
    if (outcomes === undefined) {
      outcomes = new Map();
      this.operations.set(operation, outcomes);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  snapshot(): Stats {
    const operations: Record<string, Record<string, number>> = {};
    for (const [operation, outcomes] of this.operations) operations[operation] = Object.fromEntries(outcomes);
    return { total: this.total, operations };
  }

  reset(): void {
    this.total = 0;
    this.operations = new Map();
  }
}
