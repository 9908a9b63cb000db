// Provider errors as the real dynamic-provider host reports them: the serialized provider's own error classes.
import * as assert from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { capture, HostCallError, startHost, stopAllHosts, type HostClient } from "../support/engine-model";
import { UserProviderLink } from "../../provider";
import { rejection } from "../support/rejection";

describe("provider errors through the dynamic-provider host", function () {
  this.timeout(60_000);
  let host: HostClient;
  let provider: string;
  let fake: http.Server;
  const urn = "urn:pulumi:dev::reliability::pulumi-nodejs:dynamic/cognito:UserProviderLink::broken";

  before(async () => {
    const [reg] = await capture(() => {
      new UserProviderLink("broken", {
        userPoolId: "us-east-1_AbC123",
        destinationUser: { providerAttributeValue: "alice" },
        sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
      });
    });
    provider = String(reg?.inputs.__provider);
    // A Cognito whose every user has an `identities` attribute that is not JSON (AdminGetUser is all it serves).
    fake = http.createServer((req, res) => {
      req.resume().on("end", () => {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "fake" });
        res.end(
          JSON.stringify({
            Username: "alice",
            UserAttributes: [{ Name: "identities", Value: "[{not json" }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    host = await startHost({
      env: {
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url,
        AWS_ACCESS_KEY_ID: "AKIDTESTEMULATOR",
        AWS_SECRET_ACCESS_KEY: "test-secret",
      },
    });
    await host.configure();
  });
  after(async () => {
    await stopAllHosts();
    await new Promise((resolve) => fake?.close(resolve));
  });

  const failure = (call: Promise<unknown>): Promise<HostCallError> => rejection(call, HostCallError);

  it("keeps the message of a UserProviderLinkError thrown by create", async () => {
    const e = await failure(host.create(urn, { __provider: provider }));
    assert.match(e.message, /^invalid UserProviderLink inputs: userPoolId is required: a user pool id/);
  });

  // Captured under mocha, whose global `describe` the closure serializer would take for a built-in.
  it("describes the bad value in a check failure, whatever globals the capturing process has", async () => {
    const checked = await host.check(urn, {}, { __provider: provider, userPoolId: 42 });
    const reported = checked.failures.find((f) => f.property === "userPoolId");
    assert.match(
      reported?.reason ?? "",
      /^must be a string, got a number \(pass it as a string, e\.g\. "42"\)/,
    );
    const e = await failure(host.create(urn, { __provider: provider, userPoolId: "nope" }));
    assert.match(e.message, /userPoolId is not a user pool id, got "nope"/);
  });

  it("keeps the message of an IdFormatError folded into a read's error", async () => {
    const e = await failure(host.read(urn, "v1:garbage", { __provider: provider }));
    assert.match(
      e.message,
      /^resource v1:garbage has state this provider cannot use \(resource id "v1:garbage" is not a UserProviderLink id/,
    );
    assert.doesNotMatch(e.message, /undefined/);
  });

  it("logs real errors with their name and stack on the host's stderr, not [object Object]", async () => {
    await failure(host.read(urn, "v1:garbage", { __provider: provider }));
    assert.match(host.stderr, /UserProviderLinkError: resource v1:garbage has state/);
    assert.match(host.stderr, /\n\s+at /);
    assert.doesNotMatch(host.stderr, /\[object Object\]/);
  });

  it("recognizes an IdentitiesFormatError of the serialized provider on refresh", async () => {
    const [reg] = await capture(() => {
      new UserProviderLink("corrupt", {
        userPoolId: "us-east-1_AbC123",
        destinationUser: { providerAttributeValue: "alice" },
        sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
      });
    });
    const outputs = { ...reg?.inputs, schemaVersion: 1 };
    const e = await failure(host.read(urn, "", outputs));
    assert.match(
      e.message,
      /^cannot refresh the link of Google\/1098765 in user pool us-east-1_AbC123: the identities attribute is not JSON: \[\{not json; the state is kept unchanged$/,
    );
  });

  it("keeps the message of an error thrown by delete", async () => {
    const e = await failure(host.delete(urn, "garbage", { __provider: provider, schemaVersion: 99 }));
    assert.match(e.message, /written with state schema version 99/);
  });
});
