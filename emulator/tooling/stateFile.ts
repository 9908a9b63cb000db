// The `--state` file: loaded and checked at start, saved atomically (temporary file, then rename) after changes.
import * as fs from "fs";
import * as path from "path";
import { EmulatorConfigError } from "../errors";
import { regionOfPoolId, USER_POOL_ID_PATTERN } from "../cognito/ids";
import { PROVIDER_TYPES, type IdentityRecord } from "../cognito/identities";
import type { PasswordPolicyRecord } from "../cognito/passwordPolicy";
import { ATTRIBUTE_DATA_TYPES, type SchemaAttributeRecord } from "../cognito/schema";
import { ShapeError, ShapeReader } from "../shape";
import type {
  IdentityProviderRecord,
  PoolRecord,
  PoolSettings,
  StateDocument,
  StoredUser,
} from "../cognito/store";

const USER_STATUSES = [
  "ARCHIVED",
  "COMPROMISED",
  "CONFIRMED",
  "EXTERNAL_PROVIDER",
  "FORCE_CHANGE_PASSWORD",
  "RESET_REQUIRED",
  "UNCONFIRMED",
  "UNKNOWN",
] as const;

function readIdentity(value: unknown, at: string): IdentityRecord {
  const r = ShapeReader.of(value, at);
  const primary = r.boolean("primary");
  return {
    userId: r.string("userId"),
    providerName: r.string("providerName"),
    providerType: r.literal("providerType", PROVIDER_TYPES),
    issuer: r.stringOrNull("issuer"),
    primary,
    dateCreated: r.number("dateCreated"),
    attributeName: r.string("attributeName"),
    // Files from before the flag: a primary identity has signed in; a link is taken as not yet.
    signedIn: r.optionalBoolean("signedIn") ?? primary,
  };
}

function readUser(value: unknown, at: string): StoredUser {
  const r = ShapeReader.of(value, at);
  return {
    username: r.string("username"),
    sub: r.string("sub"),
    attributes: r.stringMap("attributes"),
    status: r.literal("status", USER_STATUSES),
    enabled: r.boolean("enabled"),
    createdAt: r.number("createdAt"),
    lastModifiedAt: r.number("lastModifiedAt"),
    identities: r.list("identities", readIdentity),
    passwordSignInDisabled: r.boolean("passwordSignInDisabled"),
  };
}

function readProvider(value: unknown, at: string): IdentityProviderRecord {
  const r = ShapeReader.of(value, at);
  return {
    name: r.string("name"),
    type: r.literal("type", PROVIDER_TYPES),
    details: r.stringMap("details"),
    attributeMapping: r.stringMap("attributeMapping"),
    idpIdentifiers: r.stringList("idpIdentifiers"),
    createdAt: r.number("createdAt"),
    lastModifiedAt: r.number("lastModifiedAt"),
  };
}

/** The object without its undefined members (exactOptionalPropertyTypes). */
function optionalFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

function readSchemaAttribute(value: unknown, at: string): SchemaAttributeRecord {
  const r = ShapeReader.of(value, at);
  return {
    name: r.string("name"),
    dataType: r.literal("dataType", ATTRIBUTE_DATA_TYPES),
    mutable: r.boolean("mutable"),
    required: r.boolean("required"),
    developerOnly: r.boolean("developerOnly"),
    ...(r.has("stringConstraints")
      ? {
          stringConstraints: r.field("stringConstraints", (v, p) => {
            const c = ShapeReader.of(v, p);
            return optionalFields({
              minLength: c.optionalString("minLength"),
              maxLength: c.optionalString("maxLength"),
            });
          }),
        }
      : {}),
    ...(r.has("numberConstraints")
      ? {
          numberConstraints: r.field("numberConstraints", (v, p) => {
            const c = ShapeReader.of(v, p);
            return optionalFields({
              minValue: c.optionalString("minValue"),
              maxValue: c.optionalString("maxValue"),
            });
          }),
        }
      : {}),
  };
}

function readPasswordPolicy(value: unknown, at: string): PasswordPolicyRecord {
  const r = ShapeReader.of(value, at);
  return {
    minimumLength: r.number("minimumLength"),
    requireUppercase: r.boolean("requireUppercase"),
    requireLowercase: r.boolean("requireLowercase"),
    requireNumbers: r.boolean("requireNumbers"),
    requireSymbols: r.boolean("requireSymbols"),
    temporaryPasswordValidityDays: r.number("temporaryPasswordValidityDays"),
  };
}

function readSettings(value: unknown, at: string): PoolSettings {
  const r = ShapeReader.of(value, at);
  const oneOf =
    <T extends string>(allowed: readonly T[]) =>
    (item: unknown, itemPath: string): T => {
      const found = allowed.find((candidate) => candidate === item);
      if (found === undefined) throw new ShapeError(itemPath, `one of ${allowed.join(", ")}`);
      return found;
    };
  return {
    passwordPolicy: r.field("passwordPolicy", readPasswordPolicy),
    schema: r.list("schema", readSchemaAttribute),
    usernameAttributes: r.list("usernameAttributes", oneOf(["email", "phone_number"] as const)),
    aliasAttributes: r.list(
      "aliasAttributes",
      oneOf(["email", "phone_number", "preferred_username"] as const),
    ),
    autoVerifiedAttributes: r.list("autoVerifiedAttributes", oneOf(["email", "phone_number"] as const)),
    caseSensitive: r.has("caseSensitive") ? r.boolean("caseSensitive") : undefined,
    deletionProtection: r.literal("deletionProtection", ["ACTIVE", "INACTIVE"] as const),
    tags: r.stringMap("tags"),
    echoed: r.has("echoed")
      ? r.field("echoed", (v, p) => {
          ShapeReader.of(v, p);
          return v as Record<string, unknown>;
        })
      : {},
  };
}

function readPool(value: unknown, at: string): PoolRecord {
  const r = ShapeReader.of(value, at);
  return {
    id: r.string("id"),
    region: r.string("region"),
    name: r.string("name"),
    createdAt: r.number("createdAt"),
    lastModifiedAt: r.number("lastModifiedAt"),
    settings: r.field("settings", readSettings),
    identityProviders: r.list("identityProviders", readProvider),
    users: r.list("users", readUser),
  };
}

/** Checks a parsed state file, field by field; throws ShapeError naming the first bad one. */
export function readStateDocument(value: unknown): StateDocument {
  const r = ShapeReader.of(value, "");
  return {
    format: r.literal("format", ["cognito-emulator-state"] as const),
    version: r.literal("version", [1] as const),
    pools: r.list("pools", readPool),
  };
}

/**
 * What the field checks cannot see: ids that the emulator looks things up by must be well-formed and unique,
 * or a later save would silently drop or shadow records. Returns the first problem, naming where it is.
 */
export function inconsistency(state: StateDocument): string | undefined {
  const pools = new Map<string, number>();
  for (const [i, pool] of state.pools.entries()) {
    if (!USER_POOL_ID_PATTERN.test(pool.id) || pool.id.length > 55) {
      return `pools[${i}].id "${pool.id}" is not a user pool id (<region>_<letters and digits>)`;
    }
    if (regionOfPoolId(pool.id) !== pool.region) {
      return `pools[${i}].id "${pool.id}" does not start with its region "${pool.region}"`;
    }
    const first = pools.get(pool.id);
    if (first !== undefined) return `pools[${i}].id "${pool.id}" repeats pools[${first}].id`;
    pools.set(pool.id, i);
    const unique: [what: string, values: string[]][] = [
      ["users[].username", pool.users.map((u) => u.username)],
      ["users[].sub", pool.users.map((u) => u.sub)],
      ["identityProviders[].name", pool.identityProviders.map((p) => p.name)],
    ];
    for (const [what, values] of unique) {
      const seen = values.findIndex((v, j) => values.indexOf(v) !== j);
      if (seen >= 0) return `pools[${i}].${what} "${values[seen]}" appears twice in pool ${pool.id}`;
    }
    if (pool.settings.caseSensitive === false) {
      // The pool keys its users by the lower-cased username (store.ts): one of the two would be lost.
      const folded = pool.users.map((u) => u.username.toLowerCase());
      const seen = folded.findIndex((v, j) => folded.indexOf(v) !== j);
      const first = pool.users[folded.indexOf(folded[seen] ?? "")];
      if (seen >= 0 && first !== undefined) {
        return `pools[${i}].users[].username "${pool.users[seen]?.username}" is "${first.username}" in case-insensitive pool ${pool.id}`;
      }
    }
  }
  return undefined;
}

function cannotLoad(file: string, reason: string): EmulatorConfigError {
  return new EmulatorConfigError(
    `Cannot load the emulator state from ${file}: ${reason}. The file was left as it is; repair or remove it, or choose another --state file.`,
  );
}

/**
 * The state saved in `file`, or undefined when there is no such file yet. A file that cannot be
 * read or is not a state document stops start-up: it is never replaced by an empty state.
 */
export function loadState(file: string): StateDocument | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw cannotLoad(file, (error as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw cannotLoad(file, `it is not valid JSON (${(error as Error).message})`);
  }
  let state: StateDocument;
  try {
    state = readStateDocument(parsed);
  } catch (error) {
    if (error instanceof ShapeError)
      throw cannotLoad(file, `it is not an emulator state document (${error.message})`);
    throw error;
  }
  const problem = inconsistency(state);
  if (problem !== undefined) throw cannotLoad(file, `it is not consistent (${problem})`);
  return state;
}

let temporaryCounter = 0;

/**
 * Writes the state to a temporary file beside `file`, flushes it, then renames it over `file`, so a
 * crash leaves either the old state or the new one, never half of one.
 */
export function saveState(file: string, state: StateDocument): string {
  const directory = path.dirname(path.resolve(file));
  fs.mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${++temporaryCounter}.tmp`);
  const text = `${JSON.stringify(state, null, 2)}\n`;
  const descriptor = fs.openSync(temporary, "w");
  try {
    fs.writeSync(descriptor, text);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  return text;
}
