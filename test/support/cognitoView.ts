// Cognito's own view of a user's links, read with the real AWS SDK and parsed here (never by provider code).
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";

/** One entry of a user's `identities` attribute, as Cognito writes it (docs/cognito.md §4). */
export interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  /** Epoch milliseconds. */
  dateCreated: number;
}

/** The user's `identities` attribute as Cognito returns it (raw JSON text), or undefined when it has none. */
export async function identitiesAttribute(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
): Promise<string | undefined> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return user.UserAttributes?.find((attribute) => attribute.Name === "identities")?.Value;
}

/** The user's `identities` attribute, parsed (`[]` when the user has none). */
export async function identityEntries(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
): Promise<IdentityEntry[]> {
  const raw = await identitiesAttribute(client, poolId, username);
  return raw === undefined ? [] : (JSON.parse(raw) as IdentityEntry[]);
}

/**
 * The user's identities as `<providerName>:<userId>` labels, sorted; `primary` identities (the user's own
 * federated one) are marked `(primary)`.
 */
export async function identityLabels(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
): Promise<string[]> {
  return (await identityEntries(client, poolId, username))
    .map((e) => `${e.providerName}:${e.userId}${e.primary ? " (primary)" : ""}`)
    .sort();
}
