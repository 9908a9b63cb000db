// AdminDisableProviderForUser: removes whatever link an external identity has (or, for "Cognito", password sign-in).
import type { AdminDisableProviderForUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, UserNotFoundException } from "../errors";
import { COGNITO_PROVIDER_NAME, COGNITO_SUBJECT, type IdentityRecord, isSocial } from "../identities";
import { readProviderUser, readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import type { Pool } from "../store";

export const NOT_LINKED_MESSAGE =
  "Account isn't linked to anyone else, verify that the account has been linked";

/**
 * The ProviderAttributeName that names a linked SAML or OIDC identity (the emulator's reading of
 * docs/cognito.md §2; the real matching is not public): before its first sign-in, the one it was linked with;
 * after it, `Cognito_Subject` (its value, the linked one, stands for the NameID / subject the IdP
 * asserts). Undefined for social providers, whose name is not compared (links require
 * `Cognito_Subject` anyway). The type is the pool's provider's, or the entry's if it was deleted (R5).
 */
function expectedAttributeName(pool: Pool, entry: IdentityRecord): string | undefined {
  const type = pool.provider(entry.providerName)?.type ?? entry.providerType;
  if (isSocial(type)) return undefined;
  return entry.signedIn ? COGNITO_SUBJECT : entry.attributeName;
}

export type AdminDisableProviderForUserTarget = (
  ctx: RequestContext,
  body: unknown,
) => AdminDisableProviderForUserResponse;

export const AdminDisableProviderForUser =
  ({ store, clock }: Pick<Services, "store" | "clock">): AdminDisableProviderForUserTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const identity = readProviderUser(reader, "User");
    reader.validate();
    const pool = store.pool(ctx.region, poolId); // D3
    const now = clock.now();

    if (identity.providerName === COGNITO_PROVIDER_NAME) {
      // D4: the native user can no longer sign in with its password. Nothing in the API shows it.
      const user = pool.userByUsername(identity.attributeValue);
      if (user === undefined) throw new UserNotFoundException();
      user.passwordSignInDisabled = true;
      user.lastModifiedAt = now;
      pool.changed();
      return {};
    }

    // The request names only the identity, never the destination (docs/cognito.md §2); the identity
    // provider need not exist any more (docs/cognito.md row R5).
    const holder = pool.identityHolder(identity.providerName, identity.attributeValue);
    if (holder === undefined || holder.identity.primary)
      throw new InvalidParameterException(NOT_LINKED_MESSAGE); // D2
    const expected = expectedAttributeName(pool, holder.identity);
    if (expected !== undefined && identity.attributeName !== expected)
      throw new InvalidParameterException(NOT_LINKED_MESSAGE); // D2
    holder.user.identities = holder.user.identities.filter((entry) => entry !== holder.identity); // D1
    holder.user.lastModifiedAt = now;
    pool.changed();
    return {};
  };
