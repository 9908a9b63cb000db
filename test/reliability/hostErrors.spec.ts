// Provider errors as the real dynamic-provider host reports them: the serialized provider's own error classes.
import * as assert from "assert";
import { capture, HostCallError, startHost, stopAllHosts, type HostClient } from "../engine/harness";
import { UserProviderLink } from "../../provider";

describe("provider errors through the dynamic-provider host", function () {
  this.timeout(60_000);
  let host: HostClient;
  let provider: string;
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
    // An unreachable endpoint: no case here may get as far as a request.
    host = await startHost({ env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://127.0.0.1:9" } });
    await host.configure();
  });
  after(() => stopAllHosts());

  async function failure(call: Promise<unknown>): Promise<HostCallError> {
    const e = await call.then(
      () => assert.fail("the call should fail"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof HostCallError, String(e));
    return e;
  }

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
    assert.match(e.message, /resource id "v1:garbage" is not a UserProviderLink id/);
    assert.doesNotMatch(e.message, /undefined/);
  });

  it("keeps the message of an error thrown by delete", async () => {
    const e = await failure(host.delete(urn, "garbage", { __provider: provider, schemaVersion: 99 }));
    assert.match(e.message, /written with state schema version 99/);
  });
});
