// AdminLinkProviderForUser: links an external identity that has not signed in yet to an existing user.
import type { AdminLinkProviderForUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, LimitExceededException, UserNotFoundException } from "../errors";
import { COGNITO_PROVIDER_NAME, COGNITO_SUBJECT, isSocial } from "../identities";
import {
  federatedUser,
  identityFor,
  MAX_LINKED_IDENTITIES,
  MAX_SOURCE_LENGTH,
  sourceProvider,
} from "../linking";
import { type ProviderUser, readProviderUser, readUserPoolId } from "../members";
import { RequestReader, validationMessage } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import type { Pool, StoredUser } from "../store";

/** The texts of docs/cognito.md §3. L6 and L7 share one (L7 assumed). */
export const MESSAGES = {
  cognitoSource:
    "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser",
  merging:
    "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link",
  alreadyLinked: "SourceUser is already linked to DestinationUser",
} as const;

/**
 * The destination: a native user by username (its ProviderAttributeName is ignored), or a federated
 * user by its provider's user id (docs/cognito.md row L9). Aliases and subs do not name a destination here.
 */
function destinationUser(pool: Pool, destination: ProviderUser): StoredUser {
  const user =
    destination.providerName === COGNITO_PROVIDER_NAME
      ? pool.userByUsername(destination.attributeValue)
      : federatedUser(pool, destination.providerName, destination.attributeValue);
  if (user === undefined) throw new UserNotFoundException();
  return user;
}

/** docs/cognito.md §2: "every attribute of the destination profile must be mutable" (text assumed). */
function checkDestinationMutable(pool: Pool, user: StoredUser): void {
  for (const attribute of pool.info.settings.schema) {
    if (!attribute.mutable && attribute.name !== "sub" && user.attributes[attribute.name] !== undefined) {
      throw new InvalidParameterException(
        `Invalid DestinationUser: attribute ${attribute.name} of ${user.username} is not mutable; every attribute of a destination user must be mutable`,
      );
    }
  }
}

export type AdminLinkProviderForUserTarget = (
  ctx: RequestContext,
  body: unknown,
) => AdminLinkProviderForUserResponse;

export const AdminLinkProviderForUser =
  ({ store, clock }: Pick<Services, "store" | "clock">): AdminLinkProviderForUserTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const destination = readProviderUser(reader, "DestinationUser");
    const source = readProviderUser(reader, "SourceUser");
    reader.validate();
    const pool = store.pool(ctx.region, poolId); // L3

    if (source.providerName === COGNITO_PROVIDER_NAME)
      throw new InvalidParameterException(MESSAGES.cognitoSource); // L11
    const provider = sourceProvider(pool, source.providerName); // L4
    if (isSocial(provider.type) && source.attributeName !== COGNITO_SUBJECT) {
      // L12 (assumed): social providers are linked by their subject only.
      throw new InvalidParameterException(
        `Invalid SourceUser: ProviderAttributeName must be ${COGNITO_SUBJECT} for ${provider.type} provider ${provider.name}`,
      );
    }
    if (source.attributeName === undefined) {
      throw new InvalidParameterException(
        validationMessage(null, "SourceUser.ProviderAttributeName", "Member must not be null"),
      );
    }
    const sourceLength = [...(source.providerName + source.attributeName + source.attributeValue)].length;
    if (sourceLength > MAX_SOURCE_LENGTH) {
      throw new InvalidParameterException(
        `Invalid SourceUser: ProviderName, ProviderAttributeName and ProviderAttributeValue together exceed ${MAX_SOURCE_LENGTH} characters`,
      );
    }

    const user = destinationUser(pool, destination); // L2, L9
    const holder = pool.identityHolder(source.providerName, source.attributeValue);
    if (holder !== undefined) {
      // Signed in already (L5), or linked to this user (L6) or another (L7). Linking is not idempotent.
      throw new InvalidParameterException(
        holder.identity.primary ? MESSAGES.merging : MESSAGES.alreadyLinked,
      );
    }
    checkDestinationMutable(pool, user);
    const linked = user.identities.filter((identity) => !identity.primary).length;
    if (linked >= MAX_LINKED_IDENTITIES) {
      // L8 (text assumed).
      throw new LimitExceededException(
        `User ${user.username} already has the maximum of ${MAX_LINKED_IDENTITIES} linked identities.`,
      );
    }

    const now = clock.now();
    user.identities.push(identityFor(provider, source.attributeValue, source.attributeName, false, now)); // L1
    user.lastModifiedAt = now;
    pool.changed();
    return {};
  };
