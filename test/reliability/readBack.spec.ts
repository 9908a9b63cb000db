// Create's read-back when Cognito answers "already linked": only the destination's identities say whose link it is.
import * as assert from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { AdminLinkProviderForUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DeploymentError, dynamicOnly, Engine, stopAllHosts } from "../support/engine-model";
import type { SpawnedEmulator } from "../support/emulator";
import { cognitoClient } from "../support/sdk";
import { emulatorEnv } from "../support/world";
import {
  cognitoLinks,
  key,
  linkProgram,
  PROJECT,
  readerClient,
  seededEmulator,
} from "../support/reliability";

const POOL = "us-east-1_ReadBack1";

/** A pass-through to the emulator that answers the named operations with InternalErrorException instead. */
async function faultingProxy(
  upstream: string,
  failing: Set<string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operation =
        String(req.headers["x-amz-target"] ?? "")
          .split(".")
          .pop() ?? "";
      if (failing.has(operation)) {
        res.writeHead(500, {
          "content-type": "application/x-amz-json-1.1",
          "x-amzn-errortype": "InternalErrorException",
          "x-amzn-requestid": "test-proxy",
        });
        res.end(
          JSON.stringify({ __type: "InternalErrorException", message: "Internal server error (test proxy)" }),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers[k] = v;
      }
      fetch(`${upstream}${req.url ?? "/"}`, { method: req.method, headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          const out: Record<string, string> = {};
          answer.headers.forEach((v, k) => {
            if (!["content-length", "connection", "transfer-encoding", "keep-alive"].includes(k)) out[k] = v;
          });
          res.writeHead(answer.status, out);
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("UserProviderLink create when the read-back fails", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let proxy: Awaited<ReturnType<typeof faultingProxy>>;
  const failing = new Set<string>();

  const linkTo = async (user: string, subject: string): Promise<void> => {
    await cognitoClient(emu.url).send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: POOL,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: user },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: subject,
        },
      }),
    );
  };
  // One attempt per call and no preflight: the proxy's faults reach create as they are.
  const engine = (): Engine =>
    new Engine({
      project: PROJECT,
      env: { ...emulatorEnv(proxy.url), COGNITO_LINK_MAX_ATTEMPTS: "1", COGNITO_LINK_PREFLIGHT: "off" },
    });

  before(async () => {
    ({ emu } = await seededEmulator(POOL, ["alice", "bob"]));
    proxy = await faultingProxy(emu.url, failing);
  });
  after(async () => {
    await stopAllHosts();
    await proxy?.close();
    await emu?.stop();
  });
  beforeEach(() => failing.clear());

  it("does not call its own lost link another user's, and the next up adopts it", async () => {
    // A link made by an attempt whose answer was lost: the next attempt is told "already linked".
    await linkTo("alice", "lost-answer");
    const regs = dynamicOnly(
      await linkProgram(POOL, [{ name: "lost", user: "alice", provider: "Google", value: "lost-answer" }]),
    );
    const e = engine();
    failing.add("AdminGetUser");
    const failure = await e.up(regs).then(
      () => assert.fail("the up should fail"),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof DeploymentError, String(failure));
    assert.doesNotMatch(failure.message, /another user/);
    assert.match(
      failure.message,
      /cannot read the links of user alice in user pool us-east-1_ReadBack1: AdminGetUser failed with InternalErrorException/,
    );
    assert.match(
      failure.message,
      /run the update again \(a link made meanwhile is adopted, not duplicated\)/,
    );

    failing.clear();
    await e.up(regs);
    assert.ok(e.has("lost"));
    assert.deepStrictEqual(
      [...(await cognitoLinks(readerClient(emu.url), POOL))].filter((k) => k.includes("lost-answer")),
      [key(POOL, "alice", "Google", "lost-answer")],
    );
  });

  it("still names another user's link as such when the read-back works", async () => {
    await linkTo("bob", "elsewhere");
    const regs = dynamicOnly(
      await linkProgram(POOL, [{ name: "taken", user: "alice", provider: "Google", value: "elsewhere" }]),
    );
    const failure = await engine()
      .up(regs)
      .then(
        () => assert.fail("the up should fail"),
        (err: unknown) => err,
      );
    assert.ok(failure instanceof DeploymentError, String(failure));
    assert.match(
      failure.message,
      /Identity Google\/elsewhere is already linked to another user of pool us-east-1_ReadBack1/,
    );
  });
});
