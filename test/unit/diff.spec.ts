import * as assert from "assert";
import { diffLinks } from "../../provider/diff";
import { UNKNOWN } from "../../provider/inputs";
import { aLink, LinkOverrides } from "../support/builders";

// [case, overrides of the new link, expected replaces]
const TABLE: [string, LinkOverrides, string[]][] = [
  ["unchanged", {}, []],
  ["another pool", { userPoolId: "us-east-1_Other" }, ["userPoolId"]],
  ["another destination user", { destinationUser: { providerAttributeValue: "bob" } }, ["destinationUser"]],
  ["a federated destination", { destinationUser: { providerName: "Facebook" } }, ["destinationUser"]],
  ["another subject", { sourceUser: { providerAttributeValue: "2" } }, ["sourceUser"]],
  ["another provider", { sourceUser: { providerName: "Facebook" } }, ["sourceUser"]],
  ["another attribute", { sourceUser: { providerAttributeName: "email" } }, ["sourceUser"]],
  [
    "pool and source",
    { userPoolId: "us-east-1_Other", sourceUser: { providerAttributeValue: "2" } },
    ["userPoolId", "sourceUser"],
  ],
  ["an unknown pool in preview", { userPoolId: UNKNOWN }, ["userPoolId"]],
  ["an unknown subject in preview", { sourceUser: { providerAttributeValue: UNKNOWN } }, ["sourceUser"]],
];

describe("diffLinks", () => {
  for (const [name, overrides, replaces] of TABLE) {
    it(`reports ${replaces.length ? replaces.join(", ") : "no change"} for ${name}`, () => {
      const d = diffLinks(aLink(), aLink(overrides));
      assert.deepStrictEqual(d.replaces, replaces);
      assert.strictEqual(d.changes, replaces.length > 0);
      assert.strictEqual(d.deleteBeforeReplace, replaces.length > 0);
    });
  }
});
