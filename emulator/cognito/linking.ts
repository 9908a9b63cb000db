// What linking and external sign-in share: identity records for a provider, issuers, federated usernames.
import { InvalidParameterException } from "./errors";
import { type IdentityRecord, isSocial } from "./identities";
import type { IdentityProviderRecord, Pool, StoredUser } from "./store";

/** The most identities one user can have linked to it (docs/cognito.md §2, a hard quota). */
export const MAX_LINKED_IDENTITIES = 5;

/** Reported, undocumented: the source's name, attribute name and value together (docs/cognito.md §2). */
export const MAX_SOURCE_LENGTH = 128;

/**
 * The `issuer` of an identity: null for social and OIDC providers; for SAML the entityID of the
 * metadata when it is given inline, else the metadata URL, else a stable placeholder.
 */
export function issuerOf(provider: IdentityProviderRecord): string | null {
  if (provider.type !== "SAML") return null;
  const entityId = /entityID\s*=\s*"([^"]+)"/.exec(provider.details["MetadataFile"] ?? "")?.[1];
  return entityId ?? provider.details["MetadataURL"] ?? `urn:cognito-emulator:saml:${provider.name}`;
}

export function identityFor(
  provider: IdentityProviderRecord,
  userId: string,
  attributeName: string,
  primary: boolean,
  now: number,
): IdentityRecord {
  return {
    userId,
    providerName: provider.name,
    providerType: provider.type,
    issuer: issuerOf(provider),
    primary,
    dateCreated: now,
    attributeName,
    // A primary identity exists because it signed in; a linked one has not yet (docs/cognito.md §2).
    signedIn: primary,
  };
}

/** `<provider>_<id>`, the provider part lower-cased for social providers (`google_1098765`), docs/cognito.md row R3. */
export function federatedUsername(provider: IdentityProviderRecord, userId: string): string {
  return `${isSocial(provider.type) ? provider.name.toLowerCase() : provider.name}_${userId}`;
}

/** The federated user an external identity created when it signed in without a link (docs/cognito.md row R3). */
export function federatedUser(pool: Pool, providerName: string, userId: string): StoredUser | undefined {
  const holder = pool.identityHolder(providerName, userId);
  return holder !== undefined && holder.identity.primary ? holder.user : undefined;
}

/** The IdP a SourceUser names, which must be one of the pool's (docs/cognito.md row L4, text assumed). */
export function sourceProvider(pool: Pool, providerName: string): IdentityProviderRecord {
  const provider = pool.provider(providerName);
  if (provider === undefined) {
    throw new InvalidParameterException(
      `Invalid SourceUser: provider ${providerName} does not exist in user pool ${pool.id}`,
    );
  }
  return provider;
}
