// CreateUserPool: a new pool in the caller's region, with the settings the emulator models.
import type { CreateUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException } from "../errors";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicyRecord } from "../passwordPolicy";
import { RequestReader } from "../../jsonReader";
import { ATTRIBUTE_DATA_TYPES, type SchemaEntry, schemaFrom, standardSchema } from "../schema";
import type { RequestContext, Services } from "../services";
import { userPoolType } from "../responses";
import type { DeletionProtection, PoolSettings } from "../store";

const POOL_NAME_PATTERN = /^[\w\s+=,.@-]+$/;
const CUSTOM_ATTRIBUTE_NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

function readPasswordPolicy(reader: RequestReader): PasswordPolicyRecord {
  const policy = reader.optionalStruct("Policies")?.optionalStruct("PasswordPolicy");
  if (policy === undefined) return { ...DEFAULT_PASSWORD_POLICY };
  const minimumLength = policy.optionalInteger("MinimumLength") ?? DEFAULT_PASSWORD_POLICY.minimumLength;
  policy.checkRange("MinimumLength", minimumLength, 6, 99);
  const validityDays =
    policy.optionalInteger("TemporaryPasswordValidityDays") ??
    DEFAULT_PASSWORD_POLICY.temporaryPasswordValidityDays;
  policy.checkRange("TemporaryPasswordValidityDays", validityDays, 0, 365);
  // A policy given in the request starts from "nothing required", as in Cognito.
  return {
    minimumLength,
    requireUppercase: policy.optionalBoolean("RequireUppercase") ?? false,
    requireLowercase: policy.optionalBoolean("RequireLowercase") ?? false,
    requireNumbers: policy.optionalBoolean("RequireNumbers") ?? false,
    requireSymbols: policy.optionalBoolean("RequireSymbols") ?? false,
    temporaryPasswordValidityDays: validityDays,
  };
}

function readSchemaEntries(reader: RequestReader): SchemaEntry[] {
  return (reader.optionalStructList("Schema") ?? []).map((entry) => {
    const name = entry.requiredString("Name");
    entry.checkLength("Name", name, 1, 20);
    entry.checkPattern("Name", name, CUSTOM_ATTRIBUTE_NAME_PATTERN);
    const dataTypeName = entry.optionalString("AttributeDataType");
    const strings = entry.optionalStruct("StringAttributeConstraints");
    const numbers = entry.optionalStruct("NumberAttributeConstraints");
    const defined = <T extends object>(value: T): T =>
      Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
    return {
      name,
      dataType:
        dataTypeName === undefined
          ? undefined
          : entry.checkEnum("AttributeDataType", dataTypeName, ATTRIBUTE_DATA_TYPES),
      mutable: entry.optionalBoolean("Mutable"),
      required: entry.optionalBoolean("Required"),
      developerOnly: entry.optionalBoolean("DeveloperOnlyAttribute"),
      stringConstraints:
        strings &&
        defined({
          minLength: strings.optionalString("MinLength"),
          maxLength: strings.optionalString("MaxLength"),
        }),
      numberConstraints:
        numbers &&
        defined({
          minValue: numbers.optionalString("MinValue"),
          maxValue: numbers.optionalString("MaxValue"),
        }),
    };
  });
}

/** CreateUserPool members the emulator keeps only to report them back (structures and maps). */
const ECHOED_STRUCTURES = [
  "Policies",
  "LambdaConfig",
  "VerificationMessageTemplate",
  "UserAttributeUpdateSettings",
  "DeviceConfiguration",
  "EmailConfiguration",
  "SmsConfiguration",
  "AdminCreateUserConfig",
  "UserPoolAddOns",
  "DcrConfiguration",
  "AccountRecoverySetting",
  "KeyConfiguration",
  "IssuerConfiguration",
  "AcrConfiguration",
] as const;
const ECHOED_STRINGS = [
  "SmsVerificationMessage",
  "EmailVerificationMessage",
  "EmailVerificationSubject",
  "SmsAuthenticationMessage",
] as const;
/** VerificationMessageTemplate members and the legacy top-level members that mirror them. */
const LEGACY_MESSAGES = [
  ["EmailMessage", "EmailVerificationMessage"],
  ["EmailSubject", "EmailVerificationSubject"],
  ["SmsMessage", "SmsVerificationMessage"],
] as const;

function readEchoed(reader: RequestReader): Record<string, unknown> {
  const echoed: Record<string, unknown> = {};
  for (const name of ECHOED_STRUCTURES) {
    const value = reader.optionalJsonObject(name);
    if (value !== undefined) echoed[name] = value;
  }
  for (const name of ECHOED_STRINGS) {
    const value = reader.optionalString(name);
    if (value !== undefined) echoed[name] = value;
  }
  const mfa = reader.optionalString("MfaConfiguration");
  if (mfa !== undefined)
    echoed["MfaConfiguration"] = reader.checkEnum("MfaConfiguration", mfa, ["OFF", "ON", "OPTIONAL"]);
  const tier = reader.optionalString("UserPoolTier");
  if (tier !== undefined)
    echoed["UserPoolTier"] = reader.checkEnum("UserPoolTier", tier, ["LITE", "ESSENTIALS", "PLUS"]);
  const template = reader.optionalStruct("VerificationMessageTemplate");
  const option = template?.optionalString("DefaultEmailOption");
  if (template !== undefined && option !== undefined)
    template.checkEnum("DefaultEmailOption", option, ["CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE"]);

  // Cognito keeps the template and the legacy members in step: each is the other's default, and
  // DescribeUserPool shows both. Where both are given, the template wins (assumed).
  const merged: Record<string, unknown> = {
    DefaultEmailOption: "CONFIRM_WITH_CODE",
    ...Object.fromEntries(
      LEGACY_MESSAGES.filter(([, legacy]) => echoed[legacy] !== undefined).map(([member, legacy]) => [
        member,
        echoed[legacy],
      ]),
    ),
    ...(echoed["VerificationMessageTemplate"] as Record<string, unknown> | undefined),
  };
  echoed["VerificationMessageTemplate"] = merged;
  for (const [member, legacy] of LEGACY_MESSAGES) {
    if (merged[member] !== undefined) echoed[legacy] = merged[member];
  }
  return echoed;
}

/** The settings of a pool created with nothing but a name. */
export function defaultPoolSettings(): PoolSettings {
  return {
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY },
    schema: standardSchema(),
    usernameAttributes: [],
    aliasAttributes: [],
    autoVerifiedAttributes: [],
    caseSensitive: undefined,
    deletionProtection: "INACTIVE",
    tags: {},
    echoed: {},
  };
}

function readSettings(reader: RequestReader): PoolSettings {
  const aliasAttributes = (reader.optionalStringList("AliasAttributes") ?? []).map((value) =>
    reader.checkEnum("AliasAttributes", value, ["phone_number", "email", "preferred_username"] as const),
  );
  const usernameAttributes = (reader.optionalStringList("UsernameAttributes") ?? []).map((value) =>
    reader.checkEnum("UsernameAttributes", value, ["phone_number", "email"] as const),
  );
  const autoVerifiedAttributes = (reader.optionalStringList("AutoVerifiedAttributes") ?? []).map((value) =>
    reader.checkEnum("AutoVerifiedAttributes", value, ["phone_number", "email"] as const),
  );
  const usernameConfiguration = reader.optionalStruct("UsernameConfiguration");
  const deletionProtection = reader.optionalString("DeletionProtection") ?? "INACTIVE";
  return {
    passwordPolicy: readPasswordPolicy(reader),
    schema: [],
    usernameAttributes,
    aliasAttributes,
    autoVerifiedAttributes,
    caseSensitive: usernameConfiguration?.requiredBoolean("CaseSensitive"),
    deletionProtection: reader.checkEnum<DeletionProtection>("DeletionProtection", deletionProtection, [
      "ACTIVE",
      "INACTIVE",
    ]),
    tags: reader.optionalStringMap("UserPoolTags") ?? {},
    echoed: readEchoed(reader),
  };
}

export type CreateUserPoolTarget = (ctx: RequestContext, body: unknown) => CreateUserPoolResponse;

export const CreateUserPool =
  ({
    store,
    clock,
    ids,
    accountId,
  }: Pick<Services, "store" | "clock" | "ids" | "accountId">): CreateUserPoolTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const name = reader.requiredString("PoolName");
    reader.checkLength("PoolName", name, 1, 128);
    reader.checkPattern("PoolName", name, POOL_NAME_PATTERN);
    const settings = readSettings(reader);
    const schemaEntries = readSchemaEntries(reader);
    reader.validate();
    // A rule across members, judged once every member is known to be well formed (validate first).
    if (settings.aliasAttributes.length > 0 && settings.usernameAttributes.length > 0) {
      throw new InvalidParameterException(
        "Only one of AliasAttributes or UsernameAttributes can be specified.",
      );
    }
    settings.schema = schemaFrom(schemaEntries);
    let id = ids.poolId(ctx.region);
    while (store.findPool(id) !== undefined) id = ids.poolId(ctx.region);
    const now = clock.now();
    const pool = store.addPool({
      id,
      region: ctx.region,
      name,
      createdAt: now,
      lastModifiedAt: now,
      settings,
    });
    return { UserPool: userPoolType(pool, accountId) };
  };
