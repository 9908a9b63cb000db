import * as assert from "assert";
import { encodeLinkId } from "../../provider/id";
import { isUserProviderLinkError } from "../../provider/errors";
import { linkFromState } from "../../provider/state";
import { aLink } from "../support/builders";

describe("state.linkFromState", () => {
  const link = aLink();
  const id = encodeLinkId(link);

  it("reads current outputs", () => {
    const s = linkFromState(id, {
      ...link,
      redactInId: [],
      providerType: "Google",
      linkedAt: "2026-01-01T00:00:00.000Z",
      schemaVersion: 1,
    });
    assert.deepStrictEqual(s.link, link);
    assert.strictEqual(s.providerType, "Google");
  });

  it("reads outputs without a schema version or defaults (pre-release state)", () => {
    const s = linkFromState(id, {
      userPoolId: link.userPoolId,
      destinationUser: { providerAttributeValue: "alice" },
      sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
    });
    assert.deepStrictEqual(s.link, link);
  });

  it("rebuilds the link from the id alone when outputs are empty", () => {
    assert.deepStrictEqual(linkFromState(id, {}).link, link);
  });

  it("takes a redacted value from the outputs", () => {
    const secretId = encodeLinkId(link, ["sourceUser"]);
    assert.deepStrictEqual(linkFromState(secretId, { ...link, redactInId: ["sourceUser"] }).link, link);
  });

  it("fails clearly when a redacted value is missing from the outputs too", () => {
    assert.throws(
      () => linkFromState(encodeLinkId(link, ["sourceUser"]), {}),
      /missing or malformed: sourceUser.providerAttributeValue/,
    );
  });

  it("refuses a state naming Cognito as the source, whatever wrote it", () => {
    assert.throws(
      () =>
        linkFromState("garbage", {
          ...link,
          sourceUser: { providerName: "Cognito", providerAttributeValue: "alice" },
        }),
      (e: unknown) =>
        isUserProviderLinkError(e) && e.kind === "invalidState" && /refusing to unlink/.test(e.message),
    );
  });

  it("refuses an id and outputs that name different pools", () => {
    assert.throws(() => linkFromState(id, { ...link, userPoolId: "us-east-1_Other" }), /names user pool/);
  });

  it("refuses a future schema version with advice", () => {
    assert.throws(() => linkFromState(id, { ...link, schemaVersion: 99 }), /upgrade the package/);
  });

  it("names the malformed id when nothing else is usable", () => {
    assert.throws(() => linkFromState("not-an-id", {}), /not-an-id.*not a UserProviderLink id/);
  });
});
