// AdminDisableProviderForUser: removes whatever link an external identity has (or, for "Cognito", password sign-in).
import type { AdminDisableProviderForUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, UserNotFoundException } from "../errors";
import { COGNITO_PROVIDER_NAME } from "../identities";
import { readProviderUser, readUserPoolId } from "../members";
import { RequestReader } from "../request";
import type { RequestContext, Services } from "../services";

export const NOT_LINKED_MESSAGE =
  "Account isn't linked to anyone else, verify that the account has been linked";

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

    // The request names only the identity, never the destination (spec §2); the identity
    // provider need not exist any more (row R5). The attribute name is not compared.
    const holder = pool.identityHolder(identity.providerName, identity.attributeValue);
    if (holder === undefined || holder.identity.primary)
      throw new InvalidParameterException(NOT_LINKED_MESSAGE); // D2
    holder.user.identities = holder.user.identities.filter((entry) => entry !== holder.identity); // D1
    holder.user.lastModifiedAt = now;
    pool.changed();
    return {};
  };
