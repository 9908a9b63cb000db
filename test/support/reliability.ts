// Shared helpers of the reliability specs: seeded emulator worlds, link programs, and Cognito's truth read patiently.
import * as path from "path";
import {
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { UserProviderLink } from "../../provider";
import { spawnEmulator, type SpawnedEmulator } from "./emulator";
import { cognitoClient } from "./sdk";
import { writeSeed } from "./seed";
import { tempDir } from "./tempDirs";
import { capture, reveal, type Engine, type Registration } from "./engine-model";
import type { Stats } from "../../emulator/tooling/stats";
import { LINK_TYPE } from "./links";

export const PROJECT = "reliability";
export const STACK = "dev";
export const AT = { project: PROJECT, stack: STACK };

/** One link as both sides record it: (pool, destination username, source provider, source value). */
export interface LinkSpec {
  name: string;
  user: string;
  provider: string;
  /** For SAML: the attribute the value names (default Cognito_Subject). */
  attribute?: string;
  value: string;
}

export const key = (pool: string, user: string, provider: string, value: string): string =>
  JSON.stringify([pool, user, provider, value]);

/** Captures a program declaring `links` (no preview: every input known). */
export function linkProgram(
  poolId: string,
  links: readonly LinkSpec[],
  opts: { preview?: boolean } = {},
): Promise<Registration[]> {
  return capture(
    () => {
      for (const l of links) {
        new UserProviderLink(l.name, {
          userPoolId: poolId,
          destinationUser: { providerAttributeValue: l.user },
          sourceUser: {
            providerName: l.provider,
            ...(l.attribute ? { providerAttributeName: l.attribute } : {}),
            providerAttributeValue: l.value,
          },
        });
      }
    },
    { ...AT, preview: opts.preview ?? false },
  );
}

/** Keeps trying a call the emulator may fault: a patient reader, independent of the SDK's retry quota. */
export async function patiently<T>(call: () => Promise<T>, tries = 60): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await call();
    } catch (e) {
      last = e;
      await new Promise((resolve) => setTimeout(resolve, 20 + i * 10));
    }
  }
  throw last;
}

/** A client that never retries by itself: `patiently` does, so a fault cannot exhaust anything. */
export function readerClient(url: string): CognitoIdentityProviderClient {
  return cognitoClient(url, "us-east-1", { maxAttempts: 1 });
}

/**
 * Every linked (non-primary) identity of every user in the pool, as keys, read with ListUsers. A user whose
 * `identities` is not JSON is skipped when `skipCorrupt` (a bad-input case plants one), else it throws.
 */
export async function cognitoLinks(
  client: CognitoIdentityProviderClient,
  poolId: string,
  skipCorrupt = false,
): Promise<Set<string>> {
  const found = new Set<string>();
  let token: string | undefined;
  do {
    const page = await patiently(() =>
      client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token })),
    );
    for (const u of page.Users ?? []) {
      const raw = u.Attributes?.find((a) => a.Name === "identities")?.Value;
      let entries: { userId: string; providerName: string; primary: unknown }[] = [];
      try {
        entries = raw ? (JSON.parse(raw) as typeof entries) : [];
      } catch (e) {
        if (!skipCorrupt) throw e;
      }
      for (const e of entries) {
        if (e.primary === true || e.primary === "true") continue;
        found.add(key(poolId, u.Username ?? "", e.providerName, e.userId));
      }
    }
    token = page.PaginationToken;
  } while (token);
  return found;
}

/** The links the engine state records, as keys (secrets revealed: the state holds the values, wrapped). */
export function stateLinks(engine: Engine): Set<string> {
  const found = new Set<string>();
  for (const r of engine.resources()) {
    if (r.type !== LINK_TYPE) continue;
    const o = reveal<Record<string, unknown>>(r.outputs);
    const d = o.destinationUser as { providerAttributeValue: string };
    const s = o.sourceUser as { providerName: string; providerAttributeValue: string };
    found.add(key(String(o.userPoolId), d.providerAttributeValue, s.providerName, s.providerAttributeValue));
  }
  return found;
}

export function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** Faults the emulator injected and throttles it answered, summed over operations. */
export function faultCounts(stats: Stats): {
  internal: number;
  reset: number;
  throttled: number;
  total: number;
} {
  let internal = 0;
  let reset = 0;
  let throttled = 0;
  for (const outcomes of Object.values(stats.operations)) {
    internal += outcomes.InternalErrorException ?? 0;
    reset += outcomes.ConnectionReset ?? 0;
    throttled += outcomes.TooManyRequestsException ?? 0;
  }
  return { internal, reset, throttled, total: stats.total };
}

/** Usernames `<prefix>00`, `<prefix>01`, ... */
export function usernames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, "0")}`);
}

/** Starts an emulator seeded with one pool and its users; `args` adds quotas, faults, state. */
export async function seededEmulator(
  poolId: string,
  users: string[],
  args: string[] = [],
  dir = tempDir(poolId),
): Promise<{ emu: SpawnedEmulator; dir: string }> {
  const seed = writeSeed(path.join(dir, "seed.json"), [{ id: poolId, users }]);
  return { emu: await spawnEmulator(["--seed", seed, ...args]), dir };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
