// Injected faults (`--faults`, `--fault-seed`): internal errors, dropped connections and latency, reproducibly.
import { EmulatorConfigError } from "../emulatorErrors";

export interface FaultPlan {
  /** Probability that a request fails with InternalErrorException before it takes effect. */
  internal: number;
  /** Probability that the connection is dropped, unanswered, before the request takes effect. */
  reset: number;
  /** Probability that the request takes effect and then fails with InternalErrorException (docs/cognito.md row L13). */
  internalAfter: number;
  /** Probability that the request takes effect and then the connection is dropped, unanswered. */
  resetAfter: number;
  /** Latency added to every request, in milliseconds, drawn uniformly from [min, max]. */
  latency: { min: number; max: number } | undefined;
}

export const NO_FAULTS: Readonly<FaultPlan> = {
  internal: 0,
  reset: 0,
  internalAfter: 0,
  resetAfter: 0,
  latency: undefined,
};

const PROBABILITY_KEYS = {
  internal: "internal",
  reset: "reset",
  "internal-after": "internalAfter",
  "reset-after": "resetAfter",
} as const;

function invalid(part: string, why: string): EmulatorConfigError {
  return new EmulatorConfigError(`Invalid --faults entry "${part}": ${why}`);
}

/**
 * Parses `--faults`, e.g. `internal=0.02,reset=0.01,latency=5-40`. Keys: `internal`, `reset`,
 * `internal-after`, `reset-after` (probabilities, summing to at most 1) and `latency` (`min-max` or
 * a fixed number of milliseconds).
 */
export function parseFaults(spec: string | undefined): FaultPlan {
  const plan: FaultPlan = { ...NO_FAULTS };
  for (const part of (spec ?? "").split(",").map((item) => item.trim())) {
    if (part === "" || part === "off") continue;
    const [key = "", value = "", ...extra] = part.split("=").map((item) => item.trim());
    if (extra.length > 0 || value === "") throw invalid(part, "expected <key>=<value>");
    if (key === "latency") {
      const match = /^(\d+)(?:-(\d+))?$/.exec(value);
      const min = Number(match?.[1]);
      const max = match?.[2] === undefined ? min : Number(match[2]);
      if (match === null || min > max) throw invalid(part, "latency is <ms> or <min ms>-<max ms>");
      plan.latency = { min, max };
      continue;
    }
    const field = Object.prototype.hasOwnProperty.call(PROBABILITY_KEYS, key)
      ? PROBABILITY_KEYS[key as keyof typeof PROBABILITY_KEYS]
      : undefined;
    if (field === undefined) {
      throw invalid(part, `unknown key; use ${[...Object.keys(PROBABILITY_KEYS), "latency"].join(", ")}`);
    }
    const probability = Number(value);
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw invalid(part, "a probability is a number from 0 to 1");
    }
    plan[field] = probability;
  }
  if (plan.internal + plan.reset + plan.internalAfter + plan.resetAfter > 1) {
    throw new EmulatorConfigError(
      `Invalid --faults "${spec ?? ""}": the probabilities add up to more than 1`,
    );
  }
  return plan;
}

/** mulberry32: a small seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultKind = "none" | "internal" | "reset" | "internal-after" | "reset-after";

export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
}

/**
 * Decides each request's fate in arrival order. Every request draws exactly two numbers (its fault,
 * its latency), whatever it turns out to be, so the same seed gives the same decisions to the n-th
 * request however the earlier ones ended.
 */
export class FaultInjector {
  private readonly random: () => number;

  constructor(
    private readonly plan: FaultPlan,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  next(): FaultDecision {
    const roll = this.random();
    const latencyRoll = this.random();
    const { internal, reset, internalAfter, resetAfter, latency } = this.plan;
    let kind: FaultKind = "none";
    if (roll < internal) kind = "internal";
    else if (roll < internal + reset) kind = "reset";
    else if (roll < internal + reset + internalAfter) kind = "internal-after";
    else if (roll < internal + reset + internalAfter + resetAfter) kind = "reset-after";
    const latencyMs =
      latency === undefined ? 0 : latency.min + Math.floor(latencyRoll * (latency.max - latency.min + 1));
    return { kind, latencyMs };
  }
}
