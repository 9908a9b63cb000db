import * as assert from "assert";
import { UNKNOWN } from "../../provider/inputs";
import { failureProperty, normalize, regionOfPool } from "../../provider/validate";
import { rawArgs } from "../support/builders";

const dest = (v: Record<string, unknown>) => ({ destinationUser: v });
const src = (v: Record<string, unknown>) => ({
  sourceUser: { providerName: "Google", providerAttributeValue: "1098765", ...v },
});

// [case, overrides of the raw inputs, failing property, text the reason must contain]
const INVALID: [string, Record<string, unknown>, string, RegExp][] = [
  ["missing pool id", { userPoolId: undefined }, "userPoolId", /is required/],
  ["empty pool id", { userPoolId: "" }, "userPoolId", /must not be empty/],
  ["pool id without region", { userPoolId: "abc" }, "userPoolId", /not a user pool id.*us-east-1_/],
  ["pool id with a space", { userPoolId: "us-east-1_ab c" }, "userPoolId", /white space|not a user pool id/],
  ["pool id too long", { userPoolId: "us-east-1_" + "a".repeat(50) }, "userPoolId", /at most 55/],
  ["pool id as a number", { userPoolId: 42 }, "userPoolId", /must be a string, got a number/],
  ["destination missing", { destinationUser: undefined }, "destinationUser", /is required/],
  ["destination as a string", { destinationUser: "alice" }, "destinationUser", /must be an object/],
  [
    "destination value empty",
    dest({ providerAttributeValue: "" }),
    "destinationUser.providerAttributeValue",
    /empty/,
  ],
  [
    "destination username with space",
    dest({ providerAttributeValue: "al ice" }),
    "destinationUser.providerAttributeValue",
    /white space/,
  ],
  [
    "destination value oversized",
    dest({ providerAttributeValue: "a".repeat(129) }),
    "destinationUser.providerAttributeValue",
    /at most 128/,
  ],
  [
    "destination unknown key",
    dest({ providerAttributeValue: "alice", username: "x" }),
    "destinationUser.username",
    /not a property/,
  ],
  ["source missing", { sourceUser: undefined }, "sourceUser", /is required/],
  [
    "source provider Cognito",
    src({ providerName: "Cognito" }),
    "sourceUser.providerName",
    /must not be `Cognito`/,
  ],
  [
    "source provider cognito, lower case",
    src({ providerName: "cognito" }),
    "sourceUser.providerName",
    /must not be `Cognito`/,
  ],
  ["source provider empty", src({ providerName: "" }), "sourceUser.providerName", /empty/],
  [
    "source provider too long",
    src({ providerName: "P".repeat(33) }),
    "sourceUser.providerName",
    /at most 32/,
  ],
  ["source provider as null", src({ providerName: null }), "sourceUser.providerName", /is required/],
  [
    "Google with another attribute",
    src({ providerAttributeName: "email" }),
    "sourceUser.providerAttributeName",
    /must be Cognito_Subject for Google/,
  ],
  [
    "Facebook id as a number",
    src({ providerName: "Facebook", providerAttributeValue: 10215 }),
    "sourceUser.providerAttributeValue",
    /pass it as a string, e.g. "10215"/,
  ],
  ["source value empty", src({ providerAttributeValue: "" }), "sourceUser.providerAttributeValue", /empty/],
  [
    "source value with leading space",
    src({ providerAttributeValue: " 123" }),
    "sourceUser.providerAttributeValue",
    /white space/,
  ],
  [
    "source value with a newline",
    src({ providerAttributeValue: "12\n3" }),
    "sourceUser.providerAttributeValue",
    /control characters/,
  ],
  [
    "source combined too long",
    src({
      providerName: "SAML-Corp",
      providerAttributeName: "email",
      providerAttributeValue: "x".repeat(120),
    }),
    "sourceUser",
    /together must be at most 128/,
  ],
  ["source as array", { sourceUser: ["Google", "1"] }, "sourceUser", /must be an object, got an array/],
  [
    "unknown top-level input",
    { userPoolID: "us-east-1_x" },
    "userPoolID",
    /not an input of UserProviderLink/,
  ],
  [
    "source equals destination",
    {
      destinationUser: { providerName: "Google", providerAttributeValue: "1" },
      sourceUser: { providerName: "Google", providerAttributeValue: "1" },
    },
    "sourceUser",
    /same identity/,
  ],
];

describe("validate.normalize", () => {
  it("applies the defaults of destination provider and source attribute", () => {
    const { inputs, failures, known } = normalize(rawArgs());
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(known, true);
    assert.deepStrictEqual(inputs.destinationUser, {
      providerName: "Cognito",
      providerAttributeValue: "alice",
    });
    assert.strictEqual(inputs.sourceUser.providerAttributeName, "Cognito_Subject");
  });

  it("drops a destination's attribute name, which Cognito ignores, after checking its type", () => {
    const { inputs, failures } = normalize(
      rawArgs(
        dest({
          providerName: "Facebook",
          providerAttributeName: "Cognito_Subject",
          providerAttributeValue: "55",
        }),
      ),
    );
    assert.deepStrictEqual(failures, []);
    assert.deepStrictEqual(inputs.destinationUser, {
      providerName: "Facebook",
      providerAttributeValue: "55",
    });
    const bad = normalize(rawArgs(dest({ providerAttributeName: 7, providerAttributeValue: "alice" })));
    assert.strictEqual(bad.failures[0]?.property, "destinationUser.providerAttributeName");
  });

  it("accepts a SAML source linked by another claim", () => {
    const { failures, inputs } = normalize(
      rawArgs(
        src({
          providerName: "SAML-Corp",
          providerAttributeName: "email",
          providerAttributeValue: "a@b.example",
        }),
      ),
    );
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(inputs.sourceUser.providerAttributeName, "email");
  });

  it("accepts unicode values and separators", () => {
    const { failures } = normalize(
      rawArgs(src({ providerName: "OIDC-Ünï", providerAttributeValue: "a:b/c%d|é😀" })),
    );
    assert.deepStrictEqual(failures, []);
  });

  for (const [name, overrides, property, reason] of INVALID) {
    it(`rejects ${name}, naming ${property}`, () => {
      const { failures } = normalize(rawArgs(overrides));
      const failure = failures.find((f) => f.property === property);
      assert.ok(failure, `expected a failure on ${property}, got ${JSON.stringify(failures)}`);
      assert.match(failure.reason, reason);
    });
  }

  it("skips fields that are unknown in preview and reports them as not known", () => {
    const { failures, known, inputs } = normalize(rawArgs({ userPoolId: UNKNOWN, destinationUser: UNKNOWN }));
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(known, false);
    assert.strictEqual(inputs.userPoolId, UNKNOWN);
  });

  it("skips an unknown source value while still judging the provider", () => {
    const { failures } = normalize(
      rawArgs(src({ providerName: "Cognito", providerAttributeValue: UNKNOWN })),
    );
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["sourceUser.providerName"],
    );
  });

  it("describes a secret value without showing it", () => {
    const { failures } = normalize({
      ...rawArgs(src({ providerAttributeValue: "alice@corp.example " })),
      redactInId: ["sourceUser"],
    });
    assert.strictEqual(failures[0]?.property, "sourceUser.providerAttributeValue");
    assert.match(failures[0]?.reason ?? "", /got <secret>/);
    assert.ok(!JSON.stringify(failures).includes("alice@corp"), JSON.stringify(failures));
  });

  it("never throws on any shape", () => {
    for (const v of [undefined, null, 1, "x", [], [1], { sourceUser: null }, { destinationUser: [] }]) {
      const { failures } = normalize(v);
      assert.ok(failures.length > 0, `expected failures for ${JSON.stringify(v)}`);
    }
  });
});

describe("validate.regionOfPool", () => {
  it("reads the region from the pool id", () => {
    assert.strictEqual(regionOfPool("eu-west-2_AbC123"), "eu-west-2");
    assert.strictEqual(regionOfPool("us-gov-west-1_x1"), "us-gov-west-1");
    assert.strictEqual(regionOfPool("nope"), undefined);
  });
});

describe("validate.failureProperty", () => {
  it("names a whole input while its value is plain, and its value's dotted path when that is secret", () => {
    assert.strictEqual(failureProperty("sourceUser", []), "sourceUser");
    assert.strictEqual(failureProperty("sourceUser", ["sourceUser"]), "sourceUser.providerAttributeValue");
    assert.strictEqual(failureProperty("destinationUser", ["sourceUser"]), "destinationUser");
    assert.strictEqual(failureProperty("sourceUser.providerName", ["sourceUser"]), "sourceUser.providerName");
  });

  it("is what normalize reports for a secret source that breaks a whole-source rule", () => {
    const { failures } = normalize(
      rawArgs({
        sourceUser: { providerName: "Google", providerAttributeValue: "9".repeat(108) },
        redactInId: ["sourceUser"],
      }),
    );
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["sourceUser.providerAttributeValue"],
    );
    assert.ok(!failures[0]?.reason.includes("999"));
  });
});
