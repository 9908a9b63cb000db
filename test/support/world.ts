// A pool world in the emulator for provider tests: a pool, identity providers and users, made through the real SDK.
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoClient } from "./sdk";

export interface World {
  client: CognitoIdentityProviderClient;
  poolId: string;
  users: string[];
}

/** Environment for provider code to reach the emulator with dummy credentials, as a user would set it. */
export function emulatorEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url,
    AWS_ACCESS_KEY_ID: "AKIDTESTEMULATOR",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
  };
}

/** Sets the emulator environment in this process; returns a function that restores the previous values. */
export function useEmulatorEnv(url: string): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(emulatorEnv(url))) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export async function makeWorld(url: string, users = ["alice", "bob"], region = "us-east-1"): Promise<World> {
  const client = cognitoClient(url, region);
  const pool = await client.send(
    new CreateUserPoolCommand({ PoolName: `test-${Date.now()}-${Math.random()}` }),
  );
  const poolId = pool.UserPool?.Id;
  if (!poolId) throw new Error("CreateUserPool returned no id");
  await client.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "x", client_secret: "y", authorize_scopes: "openid" },
    }),
  );
  await client.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "CorpSAML",
      ProviderType: "SAML",
      ProviderDetails: { MetadataURL: "https://idp.example.com/metadata" },
      AttributeMapping: { email: "email" },
    }),
  );
  for (const username of users) {
    await client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }),
    );
  }
  return { client, poolId, users };
}
