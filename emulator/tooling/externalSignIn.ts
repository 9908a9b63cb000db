// External sign-in, which Cognito has no API call for: POST /_emulator/sign-in (see emulator/README.md).
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UsernameExistsException,
} from "../cognito/errors";
import { COGNITO_PROVIDER_NAME, COGNITO_SUBJECT } from "../cognito/identities";
import { federatedUsername, identityFor, sourceProvider } from "../cognito/linking";
import { readUserPoolId } from "../cognito/members";
import { RequestReader } from "../jsonReader";
import { checkNewUserAttributes } from "../cognito/schema";
import type { Services } from "../cognito/services";
import type { StoredUser } from "../cognito/store";

/** The body of POST /_emulator/sign-in. */
export interface SignInRequest {
  UserPoolId: string;
  ProviderName: string;
  /** The identity's user id at the provider (its subject, or the SAML NameID). */
  ProviderAttributeValue: string;
  /** Attributes of the federated user a first sign-in creates. */
  Attributes?: Record<string, string>;
}

export interface SignInResult {
  /** The user the identity signed in as: a link's destination, or its own federated user. */
  Username: string;
  UserSub: string;
  /** True when the identity is linked to another user and signed in as that user. */
  Linked: boolean;
  /** True when this sign-in created the federated user (docs/cognito.md row R3). */
  Created: boolean;
}

export type SignInTarget = (body: unknown) => SignInResult;

/**
 * Signs an external identity in as the hosted UI would after the IdP answered: a linked identity
 * becomes its destination user; an unlinked one gets (or reuses) its own federated user, status
 * EXTERNAL_PROVIDER with a `primary: true` identity. That user is what makes a later link of the
 * same identity fail with "Merging is not currently supported" (docs/cognito.md row L5).
 */
export const ExternalSignIn =
  ({ store, clock, ids }: Pick<Services, "store" | "clock" | "ids">): SignInTarget =>
  (body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const providerName = reader.requiredString("ProviderName");
    reader.checkLength("ProviderName", providerName, 1, 32);
    const userId = reader.requiredString("ProviderAttributeValue");
    reader.checkLength("ProviderAttributeValue", userId, 1, 128);
    const attributes = reader.optionalStringMap("Attributes") ?? {};

    reader.validate();
    // Unsigned, so not bound to a region: the pool id says where it lives.
    const pool = store.findPool(poolId);
    if (pool === undefined) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
    if (providerName === COGNITO_PROVIDER_NAME) {
      throw new InvalidParameterException(
        "Sign-in through /_emulator/sign-in is for external identities only.",
      );
    }
    const provider = sourceProvider(pool, providerName);

    const signedIn = (user: StoredUser, linked: boolean, created: boolean): SignInResult => {
      if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
      return { Username: user.username, UserSub: user.sub, Linked: linked, Created: created };
    };
    const holder = pool.identityHolder(providerName, userId);
    if (holder !== undefined) {
      const result = signedIn(holder.user, !holder.identity.primary, false);
      if (!holder.identity.signedIn) {
        // From now on a SAML/OIDC link is disabled by Cognito_Subject + this value (docs/cognito.md §2).
        holder.identity.signedIn = true;
        pool.changed();
      }
      return result;
    }

    const username = federatedUsername(provider, userId);
    if (pool.userByUsername(username) !== undefined)
      throw new UsernameExistsException("User account already exists");
    checkNewUserAttributes(
      pool.info.settings.schema.map((attribute) => ({ ...attribute, required: false })),
      attributes,
    );
    const now = clock.now();
    const user: StoredUser = {
      username,
      sub: ids.sub(),
      attributes,
      status: "EXTERNAL_PROVIDER",
      enabled: true,
      createdAt: now,
      lastModifiedAt: now,
      identities: [identityFor(provider, userId, COGNITO_SUBJECT, true, now)],
      passwordSignInDisabled: false,
    };
    pool.addUser(user);
    return signedIn(user, false, true);
  };
