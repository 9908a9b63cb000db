// The emulator's test tooling: POST /_emulator/reset and the account id, through the real SDK.
import * as assert from "assert";
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startEmulator } from "../../emulator";
import { cognitoClient } from "../support/sdk";
import { aWorld, useInProcessEmulator } from "../support/emulatorSuite";

describe("emulator test tooling", () => {
  describe("POST /_emulator/reset", () => {
    const env = useInProcessEmulator({ quotas: "UserPoolRead=1" });

    it("empties the pools of every region and the counters, so a suite can share one emulator", async () => {
      const { poolId } = await aWorld(env.client);
      const west = cognitoClient(env.emulator.url, "eu-west-1", { maxAttempts: 1 });
      await west.send(new CreateUserPoolCommand({ PoolName: "west" }));
      assert.ok((await env.control.stats()).total > 0);

      const answer = await fetch(`${env.emulator.url}/_emulator/reset`, { method: "POST" });
      assert.strictEqual(answer.status, 200);
      assert.deepStrictEqual(await answer.json(), {});

      assert.deepStrictEqual(await env.control.stats(), { total: 0, operations: {} });
      await assert.rejects(env.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), {
        name: "ResourceNotFoundException",
        message: `User pool ${poolId} does not exist.`,
      });
      for (const client of [env.client, west]) {
        const listed = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
        assert.deepStrictEqual(listed.UserPools, []);
      }
      west.destroy();
    });

    it("refills the quota buckets", async () => {
      const describe = () =>
        env.client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_Nowhere1" }));
      await env.control.reset();
      await assert.rejects(describe(), { name: "ResourceNotFoundException" });
      await assert.rejects(describe(), { name: "TooManyRequestsException" });
      await env.control.reset();
      await assert.rejects(describe(), { name: "ResourceNotFoundException" });
    });

    it("refuses other methods on the reset path", async () => {
      const answer = await fetch(`${env.emulator.url}/_emulator/reset`);
      assert.strictEqual(answer.status, 404);
    });
  });

  describe("the account id", () => {
    it("is 000000000000 by default", async () => {
      const emulator = await startEmulator();
      const client = cognitoClient(emulator.url, "us-east-1", { maxAttempts: 1 });
      try {
        const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: "default" }));
        assert.strictEqual(
          UserPool?.Arn,
          `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${UserPool?.Id}`,
        );
      } finally {
        client.destroy();
        await emulator.close();
      }
    });

    it("is the one given, in CreateUserPool's and DescribeUserPool's ARN", async () => {
      const emulator = await startEmulator({ accountId: "123456789012" });
      const client = cognitoClient(emulator.url, "eu-west-1", { maxAttempts: 1 });
      try {
        const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: "mine" }));
        const arn = `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${UserPool?.Id}`;
        assert.strictEqual(UserPool?.Arn, arn);
        const described = await client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool?.Id }));
        assert.strictEqual(described.UserPool?.Arn, arn);
      } finally {
        client.destroy();
        await emulator.close();
      }
    });

    it("must be 12 digits", async () => {
      await assert.rejects(startEmulator({ accountId: "1234" }), {
        name: "EmulatorConfigError",
        message: /account id "1234"/,
      });
    });
  });
});
