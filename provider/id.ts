// The one codec for resource ids: versioned, escaped, reversible (except for values that were secret).
import { randomBytes } from "crypto";
import { hasName, namedError } from "./errors";
import { Link, RedactableField } from "./inputs";

/**
 * `v1:<pool>:<destination provider>:<destination attribute>:<destination value>:<source provider>:<source attribute>:<source value>`
 *
 * Each part is percent-encoded (`encodeURIComponent`, plus `*`), so values may hold any character, `:` included.
 * Ids are stored in plain text and never secret, so a value that was a secret in the program is written as
 * `*` and 16 random hex digits instead: enough to tell links apart, nothing of the value. The full value is
 * then only in the (secret) outputs, which read and delete use first.
 */
export const ID_VERSION = "v1";
const PARTS = 8;

const ID_FORMAT_ERROR = "IdFormatError";

function idError(message: string): Error {
  return namedError(ID_FORMAT_ERROR, message);
}

/** A resource id this codec cannot read (by name, see errors.ts namedError). */
export function isIdFormatError(e: unknown): e is Error {
  return hasName(e, ID_FORMAT_ERROR);
}

// Not `escape` / `unescape`: those are globals, and the closure serializer treats any name found on `global` as a
// built-in and does not capture it, so the serialized provider (what the host runs) called the legacy global
// functions and wrote ids such as `ren%E9e+ops@corp.example` that decodeLinkId cannot read.
function escapePart(value: string): string {
  return encodeURIComponent(value).replace(/\*/g, "%2A");
}

/** A random token, not a hash: a hash of a guessable secret (an email) could be confirmed by trying candidates. */
function redactionToken(): string {
  return "*" + randomBytes(8).toString("hex");
}

export function encodeLinkId(link: Link, redacted: readonly RedactableField[] = []): string {
  const d = link.destinationUser;
  const s = link.sourceUser;
  const destValue = redacted.includes("destinationUser")
    ? redactionToken()
    : escapePart(d.providerAttributeValue);
  const srcValue = redacted.includes("sourceUser") ? redactionToken() : escapePart(s.providerAttributeValue);
  return [
    ID_VERSION,
    escapePart(link.userPoolId),
    escapePart(d.providerName),
    // Cognito ignores a destination's attribute name; the slot stays for the format's sake and is always empty.
    "",
    destValue,
    escapePart(s.providerName),
    escapePart(s.providerAttributeName),
    srcValue,
  ].join(":");
}

/**
 * The id to keep for a link read back: the current one while it still describes the link (a redacted part
 * matches anything, so its random token survives refresh), else a new one.
 */
export function idForLink(currentId: string, link: Link, redacted: readonly RedactableField[]): string {
  try {
    const d = decodeLinkId(currentId);
    const same = (a: string | undefined, b: string) => a === undefined || a === b;
    if (
      d.userPoolId === link.userPoolId &&
      d.destinationUser.providerName === link.destinationUser.providerName &&
      same(d.destinationUser.providerAttributeValue, link.destinationUser.providerAttributeValue) &&
      d.sourceUser.providerName === link.sourceUser.providerName &&
      d.sourceUser.providerAttributeName === link.sourceUser.providerAttributeName &&
      same(d.sourceUser.providerAttributeValue, link.sourceUser.providerAttributeValue)
    ) {
      return currentId;
    }
  } catch (e) {
    if (!isIdFormatError(e)) throw e;
  }
  return encodeLinkId(link, redacted);
}

/** What an id says; a redacted value is `undefined` and must come from the stored outputs. */
export interface DecodedId extends Pick<Link, "userPoolId"> {
  destinationUser: ValueMaybeRedacted<Link["destinationUser"]>;
  sourceUser: ValueMaybeRedacted<Link["sourceUser"]>;
}

/** A user of a link whose `providerAttributeValue` may be missing (redacted in the id). */
type ValueMaybeRedacted<T extends { providerAttributeValue: string }> = Omit<T, "providerAttributeValue"> & {
  providerAttributeValue?: string;
};

function unescapePart(part: string, id: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw idError(`resource id "${id}" has a malformed escape in "${part}"`);
  }
}

export function decodeLinkId(id: string): DecodedId {
  const parts = id.split(":");
  if (parts[0] !== ID_VERSION || parts.length !== PARTS) {
    throw idError(
      `resource id "${id}" is not a UserProviderLink id (expected ${ID_VERSION}: followed by ${PARTS - 1} ` +
        `colon-separated parts: pool, destination provider, attribute and value, source provider, attribute and value)`,
    );
  }
  const [, pool, dProvider, dAttr, dValue, sProvider, sAttr, sValue] = parts as [string, ...string[]];
  const value = (p: string | undefined): string | undefined =>
    p === undefined || p.startsWith("*") ? undefined : unescapePart(p, id);
  const required = (p: string | undefined, what: string): string => {
    const v = p === undefined ? "" : unescapePart(p, id);
    if (v === "") throw idError(`resource id "${id}" has an empty ${what}`);
    return v;
  };
  const decoded: DecodedId = {
    userPoolId: required(pool, "user pool id"),
    destinationUser: {
      providerName: required(dProvider, "destination provider"),
      providerAttributeValue: value(dValue),
    },
    sourceUser: {
      providerName: required(sProvider, "source provider"),
      providerAttributeName: required(sAttr, "source attribute name"),
      providerAttributeValue: value(sValue),
    },
  };
  const attr = dAttr === undefined ? "" : unescapePart(dAttr, id);
  if (attr !== "") decoded.destinationUser.providerAttributeName = attr;
  return decoded;
}
