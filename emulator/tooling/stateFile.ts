// The `--state` file: loaded and checked at start, saved atomically (temporary file, then rename) after every change.
import * as fs from "fs";
import * as path from "path";
import { InternalErrorException } from "../cognito/errors";
import { type IdentityRecord, PROVIDER_TYPES } from "../cognito/identities";
import { regionOfPoolId, USER_POOL_ID_PATTERN } from "../cognito/ids";
import type { PasswordPolicyRecord } from "../cognito/passwordPolicy";
import { ATTRIBUTE_DATA_TYPES, type SchemaAttributeRecord } from "../cognito/schema";
import type {
  IdentityProviderRecord,
  PoolRecord,
  PoolSettings,
  StateDocument,
  Store,
  StoredUser,
} from "../cognito/store";
import { EmulatorConfigError } from "../emulatorErrors";
import { DocumentError, DocumentReader } from "../jsonReader";

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

function readIdentity(r: DocumentReader): IdentityRecord {
  const primary = r.requiredBoolean("primary");
  return {
    userId: r.requiredString("userId"),
    providerName: r.requiredString("providerName"),
    providerType: r.requiredOneOf("providerType", PROVIDER_TYPES),
    issuer: r.nullableString("issuer"),
    primary,
    dateCreated: r.requiredInteger("dateCreated"),
    attributeName: r.requiredString("attributeName"),
    // Files from before the flag: a primary identity has signed in; a link is taken as not yet.
    signedIn: r.optionalBoolean("signedIn") ?? primary,
  };
}

function readUser(r: DocumentReader): StoredUser {
  return {
    username: r.requiredString("username"),
    sub: r.requiredString("sub"),
    attributes: r.requiredStringMap("attributes"),
    status: r.requiredOneOf("status", USER_STATUSES),
    enabled: r.requiredBoolean("enabled"),
    createdAt: r.requiredInteger("createdAt"),
    lastModifiedAt: r.requiredInteger("lastModifiedAt"),
    identities: r.requiredStructList("identities").map(readIdentity),
    passwordSignInDisabled: r.requiredBoolean("passwordSignInDisabled"),
  };
}

function readProvider(r: DocumentReader): IdentityProviderRecord {
  return {
    name: r.requiredString("name"),
    type: r.requiredOneOf("type", PROVIDER_TYPES),
    details: r.requiredStringMap("details"),
    attributeMapping: r.requiredStringMap("attributeMapping"),
    idpIdentifiers: r.requiredStringList("idpIdentifiers"),
    createdAt: r.requiredInteger("createdAt"),
    lastModifiedAt: r.requiredInteger("lastModifiedAt"),
  };
}

/** The bounds present of a constraints object (`minLength`/`maxLength`, `minValue`/`maxValue`), as strings. */
function readBounds(
  r: DocumentReader | undefined,
  keys: readonly string[],
): Record<string, string> | undefined {
  if (r === undefined) return undefined;
  const bounds: Record<string, string> = {};
  for (const key of keys) {
    const value = r.optionalString(key);
    if (value !== undefined) bounds[key] = value;
  }
  return bounds;
}

function readSchemaAttribute(r: DocumentReader): SchemaAttributeRecord {
  const stringConstraints = readBounds(r.optionalStruct("stringConstraints"), ["minLength", "maxLength"]);
  const numberConstraints = readBounds(r.optionalStruct("numberConstraints"), ["minValue", "maxValue"]);
  return {
    name: r.requiredString("name"),
    dataType: r.requiredOneOf("dataType", ATTRIBUTE_DATA_TYPES),
    mutable: r.requiredBoolean("mutable"),
    required: r.requiredBoolean("required"),
    developerOnly: r.requiredBoolean("developerOnly"),
    ...(stringConstraints !== undefined ? { stringConstraints } : {}),
    ...(numberConstraints !== undefined ? { numberConstraints } : {}),
  };
}

function readPasswordPolicy(r: DocumentReader): PasswordPolicyRecord {
  return {
    minimumLength: r.requiredInteger("minimumLength"),
    requireUppercase: r.requiredBoolean("requireUppercase"),
    requireLowercase: r.requiredBoolean("requireLowercase"),
    requireNumbers: r.requiredBoolean("requireNumbers"),
    requireSymbols: r.requiredBoolean("requireSymbols"),
    temporaryPasswordValidityDays: r.requiredInteger("temporaryPasswordValidityDays"),
  };
}

function readSettings(r: DocumentReader): PoolSettings {
  return {
    passwordPolicy: readPasswordPolicy(r.requiredStruct("passwordPolicy")),
    schema: r.requiredStructList("schema").map(readSchemaAttribute),
    usernameAttributes: r.requiredListOf("usernameAttributes", ["email", "phone_number"] as const),
    aliasAttributes: r.requiredListOf("aliasAttributes", [
      "email",
      "phone_number",
      "preferred_username",
    ] as const),
    autoVerifiedAttributes: r.requiredListOf("autoVerifiedAttributes", ["email", "phone_number"] as const),
    caseSensitive: r.optionalBoolean("caseSensitive"),
    deletionProtection: r.requiredOneOf("deletionProtection", ["ACTIVE", "INACTIVE"] as const),
    tags: r.requiredStringMap("tags"),
    echoed: r.optionalJsonObject("echoed") ?? {},
  };
}

function readPool(r: DocumentReader): PoolRecord {
  return {
    id: r.requiredString("id"),
    region: r.requiredString("region"),
    name: r.requiredString("name"),
    createdAt: r.requiredInteger("createdAt"),
    lastModifiedAt: r.requiredInteger("lastModifiedAt"),
    settings: readSettings(r.requiredStruct("settings")),
    identityProviders: r.requiredStructList("identityProviders").map(readProvider),
    users: r.requiredStructList("users").map(readUser),
  };
}

/** Checks a parsed state file, field by field; throws DocumentError naming the first bad one. */
export function readStateDocument(value: unknown): StateDocument {
  const r = DocumentReader.of(value);
  return {
    format: r.requiredOneOf("format", ["cognito-emulator-state"] as const),
    version: r.requiredOneOf("version", [1] as const),
    pools: r.requiredStructList("pools").map(readPool),
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
      // The pool keys its users by the lower-cased username (cognito/store.ts): one of the two would be lost.
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
    if (error instanceof DocumentError)
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

/**
 * Keeps `store` saved in `file` from now on, and returns the save to run after every change. When
 * the file does not hold the store yet (`upToDate` false: no file, or a seed added to it), it is
 * written at once, so that an unwritable file stops start-up rather than the first change. When a save
 * fails, the change is undone in memory too (the store goes back to what the file holds) and the
 * request fails with InternalErrorException: a client is never told that a change was made which a
 * restart would lose.
 */
export function keepSaved(
  file: string,
  store: Store,
  { upToDate, log }: { upToDate: boolean; log: (message: string) => void },
): () => void {
  /** What the file holds: the last state saved (or loaded). */
  let onDisk = JSON.stringify(store.toState());
  if (!upToDate) {
    try {
      onDisk = saveState(file, store.toState());
    } catch (error) {
      throw new EmulatorConfigError(
        `Cannot write the emulator state to ${file}: ${(error as Error).message}`,
      );
    }
  }
  return () => {
    try {
      onDisk = saveState(file, store.toState());
    } catch (error) {
      const message = `could not save the state to ${file}: ${(error as Error).message}`;
      log(`cognito emulator: ${message}; the change was undone`);
      store.restore(readStateDocument(JSON.parse(onDisk)));
      throw new InternalErrorException(`The Cognito emulator ${message}`);
    }
  };
}
