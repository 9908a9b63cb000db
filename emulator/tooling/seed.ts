// Seed documents (`--seed FILE`, or `seed` in startEmulator): pools, identity providers and users made at start, with stable ids.
import * as fs from "fs";
import { ServiceError } from "../cognito/errors";
import { EmulatorConfigError } from "../emulatorErrors";
import { regionOfPoolId, stablePoolId, stableSub, USER_POOL_ID_PATTERN } from "../cognito/ids";
import { PROVIDER_TYPES, type ProviderType } from "../cognito/identities";
import { attributeMappingFor, checkSocialProviderName } from "../cognito/operations/createIdentityProvider";
import { defaultPoolSettings } from "../cognito/operations/createUserPool";
import { checkNewUserAttributes } from "../cognito/schema";
import type { Clock } from "../cognito/services";
import { DocumentError, DocumentReader } from "../jsonReader";
import type { Store, UserStatus } from "../cognito/store";

export interface SeedIdentityProvider {
  name: string;
  type: ProviderType;
  details?: Record<string, string>;
  attributeMapping?: Record<string, string>;
}

export interface SeedUser {
  username: string;
  attributes?: Record<string, string>;
  /** Fixed sub; when absent, one derived from the pool id and username (the same every start). */
  sub?: string;
  /** Default CONFIRMED: a seeded user is ready to use. */
  status?: UserStatus;
  enabled?: boolean;
}

export interface SeedPool {
  /** Fixed pool id; when absent, one derived from region and name (the same every start). */
  id?: string;
  /** Required unless `id` is given (then it must agree with the id's prefix). */
  region?: string;
  name: string;
  identityProviders?: SeedIdentityProvider[];
  users?: SeedUser[];
}

export interface SeedDocument {
  pools: SeedPool[];
}

const SEED_USER_STATUSES = ["CONFIRMED", "FORCE_CHANGE_PASSWORD", "UNCONFIRMED", "RESET_REQUIRED"] as const;

function readSeedUser(r: DocumentReader): SeedUser {
  const status = r.has("status") ? r.requiredOneOf("status", SEED_USER_STATUSES) : undefined;
  const attributes = r.optionalStringMap("attributes");
  const sub = r.optionalString("sub");
  const enabled = r.optionalBoolean("enabled");
  return {
    username: r.requiredString("username"),
    ...(attributes !== undefined ? { attributes } : {}),
    ...(sub !== undefined ? { sub } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
  };
}

function readSeedProvider(r: DocumentReader): SeedIdentityProvider {
  const details = r.optionalStringMap("details");
  const attributeMapping = r.optionalStringMap("attributeMapping");
  return {
    name: r.requiredString("name"),
    type: r.requiredOneOf("type", PROVIDER_TYPES),
    ...(details !== undefined ? { details } : {}),
    ...(attributeMapping !== undefined ? { attributeMapping } : {}),
  };
}

function readSeedPool(r: DocumentReader): SeedPool {
  const id = r.optionalString("id");
  const region = r.optionalString("region");
  const providers = r.optionalStructList("identityProviders")?.map(readSeedProvider);
  const users = r.optionalStructList("users")?.map(readSeedUser);
  return {
    ...(id !== undefined ? { id } : {}),
    ...(region !== undefined ? { region } : {}),
    name: r.requiredString("name"),
    ...(providers !== undefined ? { identityProviders: providers } : {}),
    ...(users !== undefined ? { users } : {}),
  };
}

/** Checks a seed document from JSON (or from a caller's object, which is just as untrusted). */
export function readSeedDocument(value: unknown, source: string): SeedDocument {
  try {
    return { pools: DocumentReader.of(value).requiredStructList("pools").map(readSeedPool) };
  } catch (error) {
    if (error instanceof DocumentError)
      throw new EmulatorConfigError(`Invalid seed ${source}: ${error.message}`);
    throw error;
  }
}

export function loadSeedFile(file: string): SeedDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new EmulatorConfigError(`Cannot read the seed file ${file}: ${(error as Error).message}`);
  }
  return readSeedDocument(parsed, file);
}

/** The pool id a seed pool gets: its own, or the stable one for its region and name. */
export function seedPoolId(pool: SeedPool, at: string): { id: string; region: string } {
  if (pool.id !== undefined) {
    if (!USER_POOL_ID_PATTERN.test(pool.id) || pool.id.length > 55) {
      throw new EmulatorConfigError(
        `${at}.id: "${pool.id}" is not a user pool id (<region>_<alphanumerics>)`,
      );
    }
    const region = regionOfPoolId(pool.id);
    if (pool.region !== undefined && pool.region !== region) {
      throw new EmulatorConfigError(
        `${at}.region: "${pool.region}" does not match the region of id "${pool.id}"`,
      );
    }
    return { id: pool.id, region };
  }
  if (pool.region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(pool.region)) {
    throw new EmulatorConfigError(`${at}: give an "id", or a "region" such as "us-east-1"`);
  }
  return { id: stablePoolId(pool.region, pool.name), region: pool.region };
}

/**
 * Creates what the seed describes and is not there yet. What exists already (from the state file or
 * an earlier seed) is left as it is, so restarting with the same seed and state changes nothing.
 */
export function applySeed(store: Store, seed: SeedDocument, clock: Clock, source: string): void {
  const now = clock.now();
  seed.pools.forEach((seedPool, poolIndex) => {
    const at = `seed ${source}: pools[${poolIndex}]`;
    const { id, region } = seedPoolId(seedPool, at);
    const pool =
      store.findPool(id) ??
      store.addPool({
        id,
        region,
        name: seedPool.name,
        createdAt: now,
        lastModifiedAt: now,
        settings: defaultPoolSettings(),
      });
    try {
      for (const provider of seedPool.identityProviders ?? []) {
        if (pool.provider(provider.name) !== undefined) continue;
        checkSocialProviderName(provider.name, provider.type);
        pool.putProvider({
          name: provider.name,
          type: provider.type,
          details: provider.details ?? {},
          attributeMapping: attributeMappingFor(provider.type, provider.attributeMapping ?? {}),
          idpIdentifiers: [],
          createdAt: now,
          lastModifiedAt: now,
        });
      }
      for (const user of seedPool.users ?? []) {
        if (pool.userByUsername(user.username) !== undefined) continue;
        const attributes = user.attributes ?? {};
        checkNewUserAttributes(pool.info.settings.schema, attributes);
        pool.addUser({
          username: user.username,
          sub: user.sub ?? stableSub(id, user.username),
          attributes: { ...attributes },
          status: user.status ?? "CONFIRMED",
          enabled: user.enabled ?? true,
          createdAt: now,
          lastModifiedAt: now,
          identities: [],
          passwordSignInDisabled: false,
        });
      }
    } catch (error) {
      if (error instanceof ServiceError) throw new EmulatorConfigError(`${at} (${id}): ${error.message}`);
      throw error;
    }
  });
}
