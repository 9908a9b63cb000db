// External identities: provider types, the records kept per user, and the `identities` attribute (docs/cognito.md §4).

export const PROVIDER_TYPES = [
  "SAML",
  "Facebook",
  "Google",
  "LoginWithAmazon",
  "SignInWithApple",
  "OIDC",
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** Social providers: in a pool, their name must equal their type (docs/cognito.md §2). */
export const SOCIAL_PROVIDER_TYPES: readonly ProviderType[] = [
  "Google",
  "Facebook",
  "LoginWithAmazon",
  "SignInWithApple",
];

export function isSocial(type: ProviderType): boolean {
  return SOCIAL_PROVIDER_TYPES.includes(type);
}

/** The attribute name a social SourceUser must use (docs/cognito.md §2, row L12). */
export const COGNITO_SUBJECT = "Cognito_Subject";

/** The ProviderName that means "a native user of the pool" in ProviderUserIdentifierType. */
export const COGNITO_PROVIDER_NAME = "Cognito";

/**
 * One external identity of a user: its own (`primary: true`, a federated user created at sign-in)
 * or linked to it (`primary: false`). `attributeName` is the ProviderAttributeName the link was
 * made with; Cognito does not show it in `identities`, but we keep it. `signedIn` says whether the
 * identity has signed in since it was linked (a primary one always has): it decides which attribute
 * name AdminDisableProviderForUser must use for a SAML or OIDC identity (docs/cognito.md §2). Not shown either.
 */
export interface IdentityRecord {
  userId: string;
  providerName: string;
  providerType: ProviderType;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
  attributeName: string;
  signedIn: boolean;
}

/**
 * The `identities` attribute value: a compact JSON array with the keys in Cognito's order,
 * `dateCreated` in epoch milliseconds (docs/cognito.md §4).
 */
export function renderIdentities(identities: readonly IdentityRecord[]): string {
  return JSON.stringify(
    identities.map((identity) => ({
      userId: identity.userId,
      providerName: identity.providerName,
      providerType: identity.providerType,
      issuer: identity.issuer,
      primary: identity.primary,
      dateCreated: identity.dateCreated,
    })),
  );
}

/** Same provider and same subject/attribute value: the identity a link or a sign-in names. */
export function sameIdentity(identity: IdentityRecord, providerName: string, userId: string): boolean {
  return identity.providerName === providerName && identity.userId === userId;
}
