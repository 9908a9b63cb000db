// The awsJson1_1 envelope and routing of docs/cognito.md §1: what goes over the wire, checked by hand and through the SDK.
import * as assert from "assert";
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as net from "net";
import type { Stats } from "../../emulator";
import { cognitoClient } from "../support/sdk";
import { aWorld, authorization, rawCall, useInProcessEmulator } from "../support/emulatorSuite";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function errorOf(answer: { body: unknown }): { __type?: unknown; message?: unknown } {
  return typeof answer.body === "object" && answer.body !== null ? answer.body : {};
}

describe("emulator wire protocol (docs/cognito.md §1)", () => {
  const logged: string[] = [];
  const env = useInProcessEmulator({ log: (line) => logged.push(line) });

  it("answers a successful operation with 200, {} for an empty output, and a request id", async () => {
    const { poolId } = await aWorld(env.client, ["alice"]);
    const answer = await rawCall(env.emulator.url, "AdminDisableProviderForUser", {
      UserPoolId: poolId,
      User: { ProviderName: "Cognito", ProviderAttributeValue: "alice" },
    });
    assert.strictEqual(answer.status, 200);
    assert.strictEqual(answer.text, "{}");
    assert.strictEqual(answer.headers.get("content-type"), "application/x-amz-json-1.1");
    assert.match(answer.headers.get("x-amzn-requestid") ?? "", UUID);
  });

  it("writes timestamps as epoch seconds", async () => {
    const answer = await rawCall(env.emulator.url, "CreateUserPool", { PoolName: "dates" });
    const pool = (answer.body as { UserPool: { CreationDate: unknown } }).UserPool;
    assert.strictEqual(typeof pool.CreationDate, "number");
    assert.ok(Math.abs((pool.CreationDate as number) - Date.now() / 1000) < 60);
  });

  it("answers an error with 400, {__type, message}, x-amzn-ErrorType and a request id", async () => {
    const answer = await rawCall(env.emulator.url, "AdminGetUser", {
      UserPoolId: "us-east-1_NoSuchPool",
      Username: "alice",
    });
    assert.strictEqual(answer.status, 400);
    assert.deepStrictEqual(answer.body, {
      __type: "ResourceNotFoundException",
      message: "User pool us-east-1_NoSuchPool does not exist.",
    });
    assert.strictEqual(answer.headers.get("x-amzn-errortype"), "ResourceNotFoundException");
    assert.match(answer.headers.get("x-amzn-requestid") ?? "", UUID);
  });

  it("gives the SDK the exception class, message and request id", async () => {
    const { poolId } = await aWorld(env.client, []);
    const error = await env.client
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "nobody" }))
      .then(() => assert.fail("expected UserNotFoundException"))
      .catch((e: { name: string; message: string; $fault: string; $metadata: { requestId?: string } }) => e);
    assert.strictEqual(error.name, "UserNotFoundException");
    assert.strictEqual(error.message, "User does not exist.");
    assert.strictEqual(error.$fault, "client");
    assert.match(error.$metadata.requestId ?? "", UUID);
  });

  it("answers malformed JSON with SerializationException", async () => {
    const answer = await rawCall(env.emulator.url, "AdminGetUser", '{"UserPoolId": ');
    assert.strictEqual(answer.status, 400);
    assert.strictEqual(errorOf(answer).__type, "SerializationException");
  });

  it("answers a body that is not an object, or a member of the wrong type, with SerializationException", async () => {
    for (const body of ["[]", '"x"', '{"UserPoolId": 5, "Username": "a"}']) {
      const answer = await rawCall(env.emulator.url, "AdminGetUser", body);
      assert.strictEqual(errorOf(answer).__type, "SerializationException", body);
    }
  });

  it("names a missing required member in an InvalidParameterException", async () => {
    const answer = await rawCall(env.emulator.url, "AdminGetUser", { UserPoolId: "us-east-1_abc" });
    assert.strictEqual(errorOf(answer).__type, "InvalidParameterException");
    assert.match(String(errorOf(answer).message), /'Username'.*must not be null/);
  });

  it("lists every violation at once, as AWS's validation layer does", async () => {
    const answer = await rawCall(env.emulator.url, "AdminGetUser", {});
    assert.strictEqual(errorOf(answer).__type, "InvalidParameterException");
    assert.strictEqual(
      errorOf(answer).message,
      "2 validation errors detected: Value null at 'UserPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'Username' failed to satisfy constraint: Member must not be null",
    );
  });

  it("reports every constraint a value breaks, and violations in nested members, through the SDK", async () => {
    await assert.rejects(
      env.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: "",
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "alice" },
          SourceUser: { ProviderName: "x".repeat(33), ProviderAttributeName: "Cognito_Subject" },
        } as never),
      ),
      {
        name: "InvalidParameterException",
        message:
          "4 validation errors detected: " +
          "Value '' at 'UserPoolId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value '' at 'UserPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; " +
          `Value '${"x".repeat(33)}' at 'SourceUser.ProviderName' failed to satisfy constraint: Member must have length less than or equal to 32; ` +
          "Value null at 'SourceUser.ProviderAttributeValue' failed to satisfy constraint: Member must not be null",
      },
    );
  });

  it("reports a missing structure once, not its members", async () => {
    const answer = await rawCall(env.emulator.url, "AdminDisableProviderForUser", {
      UserPoolId: "us-east-1_abc",
    });
    assert.strictEqual(
      errorOf(answer).message,
      "1 validation error detected: Value null at 'User' failed to satisfy constraint: Member must not be null",
    );
  });

  it("refuses a request signed for a region that cannot be part of a pool id, and creates nothing", async () => {
    for (const region of ["us_east_1", "x".repeat(46)]) {
      const answer = await rawCall(
        env.emulator.url,
        "CreateUserPool",
        { PoolName: "nowhere" },
        { Authorization: authorization(region) },
      );
      assert.strictEqual(answer.status, 400, region);
      assert.strictEqual(errorOf(answer).__type, "InvalidSignatureException", region);
      assert.strictEqual(
        errorOf(answer).message,
        `Credential should be scoped to a valid region, not '${region}'.`,
      );
    }
    const bad = cognitoClient(env.emulator.url, "x".repeat(46), { maxAttempts: 1 });
    try {
      await assert.rejects(bad.send(new ListUserPoolsCommand({ MaxResults: 60 })), {
        name: "InvalidSignatureException",
      });
    } finally {
      bad.destroy();
    }
  });

  it("neither logs nor counts as an internal error a client that disconnects mid-body", async () => {
    await env.control.resetStats();
    const { port } = new URL(env.emulator.url);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write(
          "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n" +
            `Authorization: ${authorization()}\r\n` +
            "X-Amz-Target: AWSCognitoIdentityProviderService.AdminGetUser\r\nContent-Length: 100\r\n\r\n" +
            '{"UserPoolId": "us-',
          () => setTimeout(() => socket.destroy(), 50),
        );
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    let stats: Stats = { total: 0, operations: {} };
    for (let i = 0; i < 50 && stats.operations["AdminGetUser"] === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stats = await env.control.stats();
    }
    assert.deepStrictEqual(stats.operations, { AdminGetUser: { ClientDisconnected: 1 } });
    assert.deepStrictEqual(logged, []);
  });

  it("checks the user pool id pattern", async () => {
    const answer = await rawCall(env.emulator.url, "AdminGetUser", {
      UserPoolId: "no-underscore",
      Username: "a",
    });
    assert.strictEqual(errorOf(answer).__type, "InvalidParameterException");
    assert.match(String(errorOf(answer).message), /regular expression pattern/);
  });

  it("answers an operation it does not implement with 501 EmulatorUnsupportedOperation", async () => {
    const answer = await rawCall(env.emulator.url, "ListGroups", { UserPoolId: "us-east-1_abc" });
    assert.strictEqual(answer.status, 501);
    assert.deepStrictEqual(answer.body, {
      __type: "EmulatorUnsupportedOperation",
      message: "The Cognito emulator does not implement ListGroups",
    });
    assert.strictEqual(answer.headers.get("x-amzn-errortype"), "EmulatorUnsupportedOperation");
  });

  it("makes an unimplemented operation a non-retried server error in the SDK", async () => {
    await assert.rejects(env.client.send(new ListGroupsCommand({ UserPoolId: "us-east-1_abc" })), {
      name: "EmulatorUnsupportedOperation",
      message: "The Cognito emulator does not implement ListGroups",
      $fault: "server",
    });
  });

  it("answers a missing or foreign X-Amz-Target with UnknownOperationException", async () => {
    const missing = await rawCall(env.emulator.url, undefined, {});
    assert.strictEqual(errorOf(missing).__type, "UnknownOperationException");
    const foreign = await rawCall(
      env.emulator.url,
      undefined,
      {},
      { "X-Amz-Target": "DynamoDB_20120810.ListTables" },
    );
    assert.strictEqual(errorOf(foreign).__type, "UnknownOperationException");
  });

  it("answers a request without Authorization with MissingAuthenticationTokenException", async () => {
    const answer = await rawCall(
      env.emulator.url,
      "ListUserPools",
      { MaxResults: 1 },
      { Authorization: undefined },
    );
    assert.strictEqual(answer.status, 400);
    assert.strictEqual(errorOf(answer).__type, "MissingAuthenticationTokenException");
  });

  it("answers an Authorization without a credential scope with IncompleteSignatureException", async () => {
    const answer = await rawCall(
      env.emulator.url,
      "ListUserPools",
      { MaxResults: 1 },
      { Authorization: "Bearer x" },
    );
    assert.strictEqual(errorOf(answer).__type, "IncompleteSignatureException");
  });

  it("hides a pool from a request signed for another region", async () => {
    const { poolId } = await aWorld(env.client, ["alice"]);
    const answer = await rawCall(
      env.emulator.url,
      "AdminGetUser",
      { UserPoolId: poolId, Username: "alice" },
      { Authorization: authorization("eu-central-1") },
    );
    assert.deepStrictEqual(answer.body, {
      __type: "ResourceNotFoundException",
      message: `User pool ${poolId} does not exist.`,
    });
  });

  it("answers unknown emulator paths with 404 and a request id", async () => {
    const response = await fetch(`${env.emulator.url}/_emulator/nothing`);
    assert.strictEqual(response.status, 404);
    assert.match(response.headers.get("x-amzn-requestid") ?? "", UUID);
    assert.strictEqual(((await response.json()) as { __type: string }).__type, "EmulatorNotFound");
  });
});
