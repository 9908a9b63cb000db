import * as assert from "assert";
import { decodeLinkId, encodeLinkId, idForLink, isIdFormatError } from "../../provider/id";
import { aLink } from "../support/builders";

describe("id codec", () => {
  it("writes a readable, versioned id", () => {
    assert.strictEqual(
      encodeLinkId(aLink()),
      "v1:us-east-1_TestPool1:Cognito::alice:Google:Cognito_Subject:1098765",
    );
  });

  const values = ["plain", "a:b:c", "100%", "*star", "é😀 ü", "x/y?z=1&w#f", "%3A", "::", "v1:"];
  for (const v of values) {
    it(`round-trips the value ${JSON.stringify(v)}`, () => {
      const link = aLink({
        destinationUser: { providerName: "SAML:Corp", providerAttributeValue: v },
        sourceUser: { providerName: "OIDC", providerAttributeName: `attr${v}`, providerAttributeValue: v },
      });
      const decoded = decodeLinkId(encodeLinkId(link));
      assert.deepStrictEqual(decoded, link);
    });
  }

  it("keeps the destination attribute slot empty (Cognito ignores the name)", () => {
    const link = aLink({ destinationUser: { providerName: "Facebook", providerAttributeValue: "55" } });
    assert.match(encodeLinkId(link), /^v1:[^:]+:Facebook::55:/);
  });

  it("keeps an id across refresh while it describes the link, random redaction token included", () => {
    const link = aLink();
    const secretId = encodeLinkId(link, ["sourceUser"]);
    assert.strictEqual(idForLink(secretId, link, ["sourceUser"]), secretId);
    assert.strictEqual(idForLink("v1:garbage", link, []), encodeLinkId(link));
    const other = aLink({ sourceUser: { providerAttributeValue: "2" } });
    assert.strictEqual(idForLink(encodeLinkId(other), link, []), encodeLinkId(link));
  });

  it("redacts secret values and decodes them as absent", () => {
    const id = encodeLinkId(aLink({ sourceUser: { providerAttributeValue: "alice@example.com" } }), [
      "sourceUser",
    ]);
    assert.ok(!id.includes("alice@example.com") && !id.includes("alice%40example.com"), id);
    assert.match(id, /:\*[0-9a-f]{16}$/);
    assert.strictEqual(decodeLinkId(id).sourceUser.providerAttributeValue, undefined);
    const other = encodeLinkId(aLink({ sourceUser: { providerAttributeValue: "bob@example.com" } }), [
      "sourceUser",
    ]);
    assert.notStrictEqual(id, other);
  });

  for (const bad of [
    "",
    "v2:a:b::c:d:e:f",
    "v1:a:b",
    "v1:pool:Cognito::alice:Google:Cognito_Subject:%E0%A4%A",
    "v1::Cognito::a:G:C:v",
  ]) {
    it(`rejects the malformed id ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => decodeLinkId(bad),
        (e: unknown) => isIdFormatError(e) && e instanceof Error,
      );
    });
  }
});
