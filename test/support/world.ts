// A pool world in the emulator for provider tests: a pool, identity providers and users, made through the real SDK,
// and the emulator process and environment those tests share.
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { spawnEmulator, type SpawnedEmulator } from "./emulator";
import { cognitoClient } from "./sdk";

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

export interface World {
  poolId: string;
}

/** A pool (with `config`: aliases, case-insensitive usernames) with a Google and a SAML identity provider and the native users given. */
export async function aWorld(
  client: CognitoIdentityProviderClient,
  users = ["alice", "bob"],
  config: Omit<CreateUserPoolCommandInput, "PoolName"> = {},
): Promise<World> {
  const created = await client.send(new CreateUserPoolCommand({ PoolName: "test-pool", ...config }));
  const poolId = created.UserPool?.Id;
  if (!poolId) throw new Error("CreateUserPool returned no id");
  await client.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "id", client_secret: "secret", authorize_scopes: "openid email" },
    }),
  );
  await client.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "CorpSAML",
      ProviderType: "SAML",
      ProviderDetails: { MetadataFile: '<EntityDescriptor entityID="urn:corp:idp"></EntityDescriptor>' },
      AttributeMapping: { email: "email" },
    }),
  );
  for (const username of users) await addUser(client, poolId, username);
  return { poolId };
}

/** A native user (no invitation message), with `attributes` such as an alias (`preferred_username`). */
export async function addUser(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
): Promise<void> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      ...(Object.keys(attributes).length > 0
        ? { UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }
        : {}),
    }),
  );
}

/** The same world, with a client for it, for provider tests. */
export interface ClientWorld extends World {
  client: CognitoIdentityProviderClient;
  users: string[];
}

export async function makeWorld(
  url: string,
  users = ["alice", "bob"],
  region = "us-east-1",
): Promise<ClientWorld> {
  const client = cognitoClient(url, region);
  return { ...(await aWorld(client, users)), client, users };
}

/**
 * Registers the hooks of a describe block whose tests run provider code in this process against one emulator
 * process: started (with `args`) before the block, with the emulator environment set; stopped and the environment
 * restored after it. The answer stands for that process once the block's `before` ran. Each test makes a pool of
 * its own (`makeWorld`), so no test reads what another left in Cognito.
 */
export function useEmulator(
  args: readonly string[] = [],
): Pick<SpawnedEmulator, "url" | "stats" | "resetStats"> {
  let emu: SpawnedEmulator | undefined;
  let restoreEnv: (() => void) | undefined;
  before(async () => {
    emu = await spawnEmulator(args);
    restoreEnv = useEmulatorEnv(emu.url);
  });
  after(async () => {
    restoreEnv?.();
    await emu?.stop();
  });
  const started = (): SpawnedEmulator => {
    if (emu === undefined)
      throw new Error("useEmulator: the emulator is not started yet (use it in a test or a hook)");
    return emu;
  };
  return {
    get url() {
      return started().url;
    },
    stats: () => started().stats(),
    resetStats: () => started().resetStats(),
  };
}
