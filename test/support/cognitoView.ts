// Cognito's own view of a user's links, read with the real AWS SDK and parsed here (never by provider code).
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";

/** One entry of a user's `identities` attribute, as Cognito writes it (`primary` is a boolean or its string). */
export interface IdentityEntry {
  providerName: string;
  userId: string;
  providerType?: string;
  primary?: boolean | string;
  dateCreated?: number | string;
}

/** The user's `identities` attribute, parsed (`[]` when the user has none). */
export async function identityEntries(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
): Promise<IdentityEntry[]> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  const raw = user.UserAttributes?.find((a) => a.Name === "identities")?.Value;
  return raw === undefined ? [] : (JSON.parse(raw) as IdentityEntry[]);
}

/**
 * The user's links as `<providerName>:<userId>`, sorted; `primary` identities (the user's own federated one)
 * are marked `(primary)`.
 */
export async function identitiesOf(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
): Promise<string[]> {
  return (await identityEntries(client, poolId, username))
    .map((e) => `${e.providerName}:${e.userId}${String(e.primary) === "true" ? " (primary)" : ""}`)
    .sort();
}
