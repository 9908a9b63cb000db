// Reading a user's `identities` attribute: the only place Cognito shows its links.
import { hasName, namedError } from "./errors";

/** One entry of `identities`, parsed tolerantly (ID tokens carry every value as a string). */
export interface Identity {
  userId: string;
  providerName: string;
  providerType?: string;
  issuer?: string | null;
  primary: boolean;
  /** Epoch milliseconds. */
  dateCreated?: number;
}

const IDENTITIES_FORMAT_ERROR = "IdentitiesFormatError";

function formatError(message: string): Error {
  return namedError(IDENTITIES_FORMAT_ERROR, message);
}

/** A corrupt `identities` attribute (by name, see errors.ts namedError). */
export function isIdentitiesFormatError(e: unknown): e is Error {
  return hasName(e, IDENTITIES_FORMAT_ERROR);
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/**
 * A corrupt attribute's text for a message, each `userId` (a subject, which another link may hold as a secret)
 * replaced by `…`: the rest shows what is wrong with it.
 */
function withoutSubjects(raw: string): string {
  return raw.replace(/("userId"\s*:\s*")(?:[^"\\]|\\.)*("?)/g, "$1…$2");
}

/**
 * Parses the attribute's value; absent means no links. Throws an IdentitiesFormatError when the value is not a
 * JSON array of entries with `userId` and `providerName`: callers must not mistake a corrupt value for "no link".
 */
export function parseIdentities(raw: string | undefined): Identity[] {
  if (raw === undefined || raw === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw formatError(`the identities attribute is not JSON: ${withoutSubjects(raw).slice(0, 80)}`);
  }
  if (!Array.isArray(parsed)) throw formatError(`the identities attribute is not a JSON array`);
  return parsed.map((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null) {
      throw formatError(`identities[${i}] is not an object`);
    }
    const e = entry as Record<string, unknown>;
    const userId = asString(e.userId);
    const providerName = asString(e.providerName);
    if (userId === undefined || providerName === undefined) {
      throw formatError(`identities[${i}] lacks userId or providerName`);
    }
    const created = Number(e.dateCreated);
    return {
      userId,
      providerName,
      providerType: asString(e.providerType),
      issuer: e.issuer === null || e.issuer === "null" ? null : asString(e.issuer),
      primary: e.primary === true || e.primary === "true",
      dateCreated:
        Number.isFinite(created) && e.dateCreated !== null && e.dateCreated !== "" ? created : undefined,
    };
  });
}

/** The entry for an external identity, matched on provider name and value (what AdminDisableProviderForUser names). */
export function findIdentity(
  identities: Identity[],
  providerName: string,
  value: string,
): Identity | undefined {
  return identities.find((i) => i.providerName === providerName && i.userId === value);
}

/** Linked identities count towards the quota of 5; a federated user's own (primary) identity does not. */
export function linkedCount(identities: Identity[]): number {
  return identities.filter((i) => !i.primary).length;
}
