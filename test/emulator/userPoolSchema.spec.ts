// CreateUserPool's Schema (emulator/README.md): Cognito's rules and texts; the constraints DescribeUserPool reports.
import * as assert from "assert";
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  type SchemaAttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useInProcessEmulator } from "../support/emulatorSuite";

describe("emulator CreateUserPool Schema", () => {
  const env = useInProcessEmulator();

  async function describedSchema(schema: SchemaAttributeType[]): Promise<SchemaAttributeType[]> {
    const { UserPool } = await env.client.send(
      new CreateUserPoolCommand({ PoolName: "schema", Schema: schema }),
    );
    const described = await env.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool?.Id }));
    assert.deepStrictEqual(described.UserPool?.SchemaAttributes, UserPool?.SchemaAttributes);
    return described.UserPool?.SchemaAttributes ?? [];
  }
  const named = (schema: SchemaAttributeType[], name: string): SchemaAttributeType | undefined =>
    schema.find((attribute) => attribute.Name === name);

  it("reports the constraints Cognito gives standard attributes", async () => {
    const schema = await describedSchema([]);
    assert.deepStrictEqual(named(schema, "sub"), {
      Name: "sub",
      AttributeDataType: "String",
      DeveloperOnlyAttribute: false,
      Mutable: false,
      Required: true,
      StringAttributeConstraints: { MinLength: "1", MaxLength: "2048" },
    });
    assert.deepStrictEqual(named(schema, "birthdate")?.StringAttributeConstraints, {
      MinLength: "10",
      MaxLength: "10",
    });
    assert.deepStrictEqual(named(schema, "email")?.StringAttributeConstraints, {
      MinLength: "0",
      MaxLength: "2048",
    });
    assert.deepStrictEqual(named(schema, "updated_at")?.NumberAttributeConstraints, { MinValue: "0" });
    const verified = named(schema, "email_verified");
    assert.strictEqual(verified?.StringAttributeConstraints, undefined);
    assert.strictEqual(verified?.NumberAttributeConstraints, undefined);
  });

  it("keeps the caller's constraints, only those of the attribute's type, and none when none are given", async () => {
    const both = {
      NumberAttributeConstraints: { MinValue: "10", MaxValue: "20" },
      StringAttributeConstraints: { MinLength: "10", MaxLength: "20" },
    };
    const schema = await describedSchema([
      { Name: "string", AttributeDataType: "String", ...both },
      { Name: "number", AttributeDataType: "Number", ...both },
      { Name: "boolean", AttributeDataType: "Boolean", ...both },
      { Name: "partial", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "10" } },
      { Name: "plain", AttributeDataType: "Number" },
      {
        Name: "email",
        AttributeDataType: "String",
        StringAttributeConstraints: { MinLength: "5", MaxLength: "64" },
      },
    ]);
    assert.deepStrictEqual(named(schema, "custom:string"), {
      Name: "custom:string",
      AttributeDataType: "String",
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MinLength: "10", MaxLength: "20" },
    });
    assert.deepStrictEqual(named(schema, "custom:number")?.NumberAttributeConstraints, {
      MinValue: "10",
      MaxValue: "20",
    });
    assert.strictEqual(named(schema, "custom:number")?.StringAttributeConstraints, undefined);
    assert.strictEqual(named(schema, "custom:boolean")?.StringAttributeConstraints, undefined);
    assert.strictEqual(named(schema, "custom:boolean")?.NumberAttributeConstraints, undefined);
    assert.deepStrictEqual(named(schema, "custom:partial")?.StringAttributeConstraints, { MaxLength: "10" });
    assert.strictEqual(named(schema, "custom:plain")?.NumberAttributeConstraints, undefined);
    assert.deepStrictEqual(named(schema, "email")?.StringAttributeConstraints, {
      MinLength: "5",
      MaxLength: "64",
    });
  });

  it("lists a developer-only custom attribute as dev:custom:<name>", async () => {
    const schema = await describedSchema([
      { Name: "banana", AttributeDataType: "String", DeveloperOnlyAttribute: true },
    ]);
    assert.strictEqual(named(schema, "dev:custom:banana")?.DeveloperOnlyAttribute, true);
    assert.strictEqual(named(schema, "custom:banana"), undefined);
  });

  const refused: [string, SchemaAttributeType, string | RegExp][] = [
    [
      "a custom attribute without AttributeDataType",
      { Name: "custom" },
      "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.",
    ],
    [
      "a standard attribute of another type",
      { Name: "email", AttributeDataType: "Number" },
      "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email",
    ],
    [
      "a developer-only standard attribute",
      { Name: "email", DeveloperOnlyAttribute: true },
      "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email",
    ],
    [
      "a required custom attribute",
      { Name: "banana", AttributeDataType: "String", Required: true },
      "Required custom attributes are not supported currently.",
    ],
    [
      "a length that is not a number",
      {
        Name: "email",
        AttributeDataType: "String",
        StringAttributeConstraints: { MinLength: "invalid_value" },
      },
      "Invalid StringAttributeConstraints for schema attribute email",
    ],
    [
      "a negative length",
      { Name: "tenant", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "-1" } },
      "Invalid StringAttributeConstraints for schema attribute custom:tenant",
    ],
    [
      "a value that is not a number",
      { Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MaxValue: "ten" } },
      "Invalid NumberAttributeConstraints for schema attribute updated_at",
    ],
    [
      "a length over 2048",
      { Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "2049" } },
      "user.email: String attributes cannot have a length of more than 2048",
    ],
    [
      "a min length above the max",
      {
        Name: "email",
        AttributeDataType: "String",
        StringAttributeConstraints: { MinLength: "2", MaxLength: "1" },
      },
      "user.email: Max length cannot be less than min length.",
    ],
    [
      "a min value above the max",
      {
        Name: "updated_at",
        AttributeDataType: "Number",
        NumberAttributeConstraints: { MinValue: "2", MaxValue: "1" },
      },
      "user.updated_at: Max value cannot be less than min value.",
    ],
    [
      "a name over 20 characters",
      { Name: "a".repeat(21), AttributeDataType: "String" },
      `1 validation error detected: Value '${"a".repeat(21)}' at 'Schema.1.Name' failed to satisfy constraint: Member must have length less than or equal to 20`,
    ],
    [
      "an empty name",
      { Name: "", AttributeDataType: "String" },
      /^2 validation errors detected: Value '' at 'Schema.1.Name' failed to satisfy constraint: Member must have length greater than or equal to 1; /,
    ],
    [
      "a data type outside the enum",
      { Name: "x", AttributeDataType: "Text" as never },
      "1 validation error detected: Value 'Text' at 'Schema.1.AttributeDataType' failed to satisfy constraint: Member must satisfy enum value set: [String, Number, DateTime, Boolean]",
    ],
  ];
  for (const [what, attribute, message] of refused) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(
        env.client.send(new CreateUserPoolCommand({ PoolName: "refused", Schema: [attribute] })),
        {
          name: "InvalidParameterException",
          message,
        },
      );
    });
  }
});
