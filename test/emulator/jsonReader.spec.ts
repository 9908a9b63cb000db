// The one reader of untrusted JSON (emulator/jsonReader.ts): request bodies as AWS reads them, documents as the emulator does.
import * as assert from "assert";
import { DocumentError, DocumentReader, RequestReader } from "../../emulator/jsonReader";

describe("RequestReader", () => {
  it("collects every missing required member, in the order read, and throws them at validate()", () => {
    const reader = RequestReader.of({ Other: 1 });
    assert.strictEqual(reader.requiredString("UserPoolId"), "");
    const user = reader.requiredStruct("SourceUser");
    user.requiredString("ProviderName");
    reader.requiredInteger("MaxResults");
    assert.throws(() => reader.validate(), {
      name: "InvalidParameterException",
      message:
        "3 validation errors detected: Value null at 'UserPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'SourceUser' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'MaxResults' failed to satisfy constraint: Member must not be null",
    });
  });

  it("reads JSON null as absent", () => {
    const reader = RequestReader.of({ Limit: null });
    assert.strictEqual(reader.optionalInteger("Limit"), undefined);
    reader.validate();
  });

  it("answers a member of the wrong JSON type at once with SerializationException naming its path", () => {
    const reader = RequestReader.of({ Schema: [{ Name: "a" }, { Name: 7 }] });
    const entries = reader.optionalStructList("Schema") ?? [];
    assert.strictEqual(entries[0]?.requiredString("Name"), "a");
    assert.throws(() => entries[1]?.requiredString("Name"), {
      name: "SerializationException",
      message: "Expected a string for Schema.2.Name, got a number",
    });
  });

  it("refuses a body that is not an object", () => {
    assert.throws(() => RequestReader.of([]), { name: "SerializationException" });
  });
});

describe("DocumentReader", () => {
  it("throws DocumentError for the first missing member, with its path", () => {
    const reader = DocumentReader.of({ pools: [{ users: [{ username: "a" }, {}] }] });
    const [pool] = reader.requiredStructList("pools");
    assert.throws(() => pool?.requiredStructList("users").map((user) => user.requiredString("username")), {
      name: "DocumentError",
      message: "pools[0].users[1].username: expected a string, got nothing",
    });
  });

  it("keeps JSON null apart from absent", () => {
    const reader = DocumentReader.of({ issuer: null, flag: null });
    assert.strictEqual(reader.nullableString("issuer"), null);
    assert.throws(
      () => reader.optionalBoolean("flag"),
      (error: unknown) => {
        assert.ok(error instanceof DocumentError);
        assert.strictEqual(error.path, "flag");
        assert.strictEqual(error.expected, "a boolean, got null");
        return true;
      },
    );
  });

  it("checks one-of members and lists of them", () => {
    const reader = DocumentReader.of({ version: 2, names: ["email", "fax"] });
    assert.throws(() => reader.requiredOneOf("version", [1] as const), {
      message: "version: expected one of 1, got a number",
    });
    assert.throws(() => reader.requiredListOf("names", ["email", "phone_number"] as const), {
      message: 'names[1]: expected one of "email", "phone_number", got a string',
    });
  });
});
