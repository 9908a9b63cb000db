// A link's stored state: the outputs create and read write, and reading them back whatever provider version
// wrote them (read and delete run on old state).
import { DecodedId, decodeLinkId, isIdFormatError } from "./id";
import { Identity } from "./identities";
import {
  COGNITO_PROVIDER,
  COGNITO_SUBJECT,
  Link,
  LinkFacts,
  LinkOutputs,
  RedactableField,
  SCHEMA_VERSION,
} from "./inputs";
import { linkError } from "./errors";
import { nativeSourceInState, poolMismatch, unknownSchemaVersion, unusableState } from "./messages";
import { isCognitoProvider, regionOfPool } from "./validate";

/** The link alone, without the hints the resource class adds to its inputs. */
export function linkOf(inputs: Link): Link {
  return {
    userPoolId: inputs.userPoolId,
    destinationUser: inputs.destinationUser,
    sourceUser: inputs.sourceUser,
  };
}

/**
 * The outputs the engine stores for a link: the link, and what Cognito's entry in `identities` says of it
 * (when no entry was read, `providerType` as stored before, and the time of now).
 */
export function outputsOf(
  link: Link,
  redactInId: RedactableField[],
  entry: Identity | undefined,
  providerType?: string,
): LinkOutputs {
  return {
    ...linkOf(link),
    redactInId,
    providerType: entry?.providerType ?? providerType ?? "",
    linkedAt: new Date(entry?.dateCreated ?? Date.now()).toISOString(),
    schemaVersion: SCHEMA_VERSION,
  };
}

/** A link read from state: the link, the fields to redact, and the facts stored with it when present. */
export type StoredLink = { link: Link } & Pick<LinkOutputs, "redactInId"> &
  Partial<Pick<LinkFacts, "providerType" | "linkedAt">>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The link a resource manages. The stored outputs come first (they hold values the id may redact); the id
 * fills what they lack, and the two must agree. Schema versions: 1 (current). Outputs without a version are
 * read as version 1 with defaults applied, which is how 0.x pre-releases wrote them.
 */
export function linkFromState(id: string, props: unknown): StoredLink {
  const p = (typeof props === "object" && props !== null ? props : {}) as Record<string, unknown>;
  checkSchemaVersion(id, p);
  const decoded = decodeId(id);
  const link = usableLink(id, mergedWithId(p, decoded.fromId), decoded);
  const redactInId = Array.isArray(p.redactInId)
    ? p.redactInId.filter((f): f is RedactableField => f === "destinationUser" || f === "sourceUser")
    : [];
  return { link, redactInId, providerType: str(p.providerType), linkedAt: str(p.linkedAt) };
}

/** Refuses state written by a newer release than this one (a missing version reads as 1). */
function checkSchemaVersion(id: string, p: Record<string, unknown>): void {
  const version = p.schemaVersion === undefined ? 1 : Number(p.schemaVersion);
  if (!Number.isInteger(version) || version < 1 || version > SCHEMA_VERSION) {
    throw linkError(unknownSchemaVersion(id, String(p.schemaVersion), SCHEMA_VERSION), "invalidState");
  }
}

/** The link the id names, or why it names none (an id of another form: the outputs alone must do). */
function decodeId(id: string): { fromId?: DecodedId; idError?: string } {
  try {
    return { fromId: decodeLinkId(id) };
  } catch (e) {
    if (!isIdFormatError(e)) throw e;
    return { idError: (e as Error).message };
  }
}

/** A link some of whose fields may be missing: the stored outputs merged with the id. */
type PartialLink = {
  userPoolId?: string;
  destinationUser: { providerName: string; providerAttributeValue?: string };
  sourceUser: { providerName?: string; providerAttributeName: string; providerAttributeValue?: string };
};

/** Each field from the stored outputs, else from the id, else its default. */
function mergedWithId(p: Record<string, unknown>, fromId: DecodedId | undefined): PartialLink {
  const dest = (p.destinationUser ?? {}) as Record<string, unknown>;
  const src = (p.sourceUser ?? {}) as Record<string, unknown>;
  return {
    userPoolId: str(p.userPoolId) ?? fromId?.userPoolId,
    destinationUser: {
      providerName: str(dest.providerName) ?? fromId?.destinationUser.providerName ?? COGNITO_PROVIDER,
      providerAttributeValue:
        str(dest.providerAttributeValue) ?? fromId?.destinationUser.providerAttributeValue,
    },
    sourceUser: {
      providerName: str(src.providerName) ?? fromId?.sourceUser.providerName,
      providerAttributeName:
        str(src.providerAttributeName) ?? fromId?.sourceUser.providerAttributeName ?? COGNITO_SUBJECT,
      providerAttributeValue: str(src.providerAttributeValue) ?? fromId?.sourceUser.providerAttributeValue,
    },
  };
}

/**
 * The merged link, if read and delete can act on it: it names no native source, lacks nothing, and its id
 * and outputs agree on the pool.
 */
function usableLink(
  id: string,
  merged: PartialLink,
  { fromId, idError }: { fromId?: DecodedId; idError?: string },
): Link {
  // A stored source naming Cognito must never reach a disable call (docs/cognito.md D4), whatever wrote it.
  if (isCognitoProvider(merged.sourceUser.providerName)) {
    throw linkError(nativeSourceInState(id, merged.userPoolId), "invalidState");
  }
  // Deliberately looser than today's input rules (validate.ts): a rule tightened later must not make
  // resources created under the old one impossible to refresh or delete. What read and delete need is a pool
  // id that names a region and five non-empty strings.
  const missing = [
    regionOfPool(merged.userPoolId ?? "") === undefined ? "userPoolId" : undefined,
    merged.destinationUser.providerAttributeValue === undefined
      ? "destinationUser.providerAttributeValue"
      : undefined,
    merged.sourceUser.providerName === undefined ? "sourceUser.providerName" : undefined,
    merged.sourceUser.providerAttributeValue === undefined ? "sourceUser.providerAttributeValue" : undefined,
  ].filter((f): f is string => f !== undefined);
  if (missing.length > 0) {
    throw linkError(unusableState(id, idError, missing), "invalidState");
  }
  const link = merged as Link;
  if (fromId && fromId.userPoolId !== link.userPoolId) {
    throw linkError(poolMismatch(id, fromId.userPoolId, link.userPoolId), "invalidState");
  }
  return { userPoolId: link.userPoolId, destinationUser: link.destinationUser, sourceUser: link.sourceUser };
}
