// Seed documents: what they create, stable ids across starts, and refusal of bad seeds.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AdminGetUserCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type SeedDocument, startEmulator } from "../../emulator";
import { cognitoClient } from "../support/sdk";

const SEED: SeedDocument = {
  pools: [
    {
      id: "us-east-1_Quick5tart",
      name: "quickstart",
      identityProviders: [{ name: "Google", type: "Google", details: { client_id: "x" } }],
      users: [
        {
          username: "alice",
          attributes: { email: "alice@example.com" },
          sub: "11111111-2222-4333-8444-555555555555",
        },
        { username: "bob" },
      ],
    },
    { region: "eu-west-1", name: "derived", users: [{ username: "carol" }] },
  ],
};

/** Starts an emulator with `options`, runs `work` with a client of `region`, and stops it. */
async function withEmulator<T>(
  options: Parameters<typeof startEmulator>[0],
  region: string,
  work: (client: ReturnType<typeof cognitoClient>, url: string) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  const client = cognitoClient(emulator.url, region, { maxAttempts: 1 });
  try {
    return await work(client, emulator.url);
  } finally {
    client.destroy();
    await emulator.close();
  }
}

async function subOf(
  client: ReturnType<typeof cognitoClient>,
  poolId: string,
  username: string,
): Promise<string> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return user.UserAttributes?.find((attribute) => attribute.Name === "sub")?.Value ?? "";
}

describe("emulator seed", () => {
  it("creates the pools, identity providers and users it names", async () => {
    await withEmulator({ seed: SEED }, "us-east-1", async (client) => {
      const pool = await client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_Quick5tart" }));
      assert.strictEqual(pool.UserPool?.Name, "quickstart");
      const provider = await client.send(
        new DescribeIdentityProviderCommand({ UserPoolId: "us-east-1_Quick5tart", ProviderName: "Google" }),
      );
      assert.deepStrictEqual(provider.IdentityProvider?.ProviderDetails, { client_id: "x" });
      const alice = await client.send(
        new AdminGetUserCommand({ UserPoolId: "us-east-1_Quick5tart", Username: "alice" }),
      );
      assert.strictEqual(alice.UserStatus, "CONFIRMED");
      assert.deepStrictEqual(alice.UserAttributes, [
        { Name: "sub", Value: "11111111-2222-4333-8444-555555555555" },
        { Name: "email", Value: "alice@example.com" },
      ]);
    });
  });

  it("gives the same pool ids and subs on every start", async () => {
    const read = (): Promise<{ poolId: string; carol: string; bob: string }> =>
      withEmulator({ seed: SEED }, "eu-west-1", async (client, url) => {
        const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
        const poolId = pools.UserPools?.[0]?.Id ?? "";
        const carol = await subOf(client, poolId, "carol");
        const us = cognitoClient(url, "us-east-1", { maxAttempts: 1 });
        try {
          return { poolId, carol, bob: await subOf(us, "us-east-1_Quick5tart", "bob") };
        } finally {
          us.destroy();
        }
      });
    const first = await read();
    assert.match(first.poolId, /^eu-west-1_[0-9A-Za-z]{9}$/);
    assert.match(first.bob, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepStrictEqual(await read(), first);
  });

  it("reads a seed file and changes nothing when restarted with the same seed and state", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-seed-"));
    try {
      const seedPath = path.join(directory, "seed.json");
      const statePath = path.join(directory, "state.json");
      fs.writeFileSync(seedPath, JSON.stringify(SEED));
      await withEmulator({ seedPath, statePath }, "us-east-1", async () => undefined);
      const saved = fs.readFileSync(statePath, "utf8");
      await withEmulator({ seedPath, statePath }, "us-east-1", async (client) => {
        assert.strictEqual(
          (await client.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools?.length,
          1,
        );
      });
      assert.strictEqual(fs.readFileSync(statePath, "utf8"), saved);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ["no pools", {}, /pools: expected an array/],
    ["a pool without id or region", { pools: [{ name: "x" }] }, /give an "id", or a "region"/],
    [
      "an id of another region",
      { pools: [{ id: "us-east-1_abc", region: "eu-west-1", name: "x" }] },
      /does not match/,
    ],
    [
      "a social provider named otherwise",
      { pools: [{ region: "us-east-1", name: "x", identityProviders: [{ name: "G", type: "Google" }] }] },
      /Provider G cannot be of type Google\./,
    ],
    [
      "a user attribute outside the schema",
      {
        pools: [
          { region: "us-east-1", name: "x", users: [{ username: "a", attributes: { "custom:x": "1" } }] },
        ],
      },
      /custom:x: Attribute does not exist in the schema/,
    ],
  ];
  for (const [what, seed, message] of bad) {
    it(`refuses a seed with ${what}`, async () => {
      await assert.rejects(startEmulator({ seed: seed as SeedDocument }), {
        name: "EmulatorConfigError",
        message,
      });
    });
  }

  it("refuses a seed file that is not JSON", async () => {
    const file = path.join(os.tmpdir(), `emulator-bad-seed-${process.pid}.json`);
    fs.writeFileSync(file, "{");
    try {
      await assert.rejects(startEmulator({ seedPath: file }), {
        name: "EmulatorConfigError",
        message: /Cannot read the seed file/,
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
