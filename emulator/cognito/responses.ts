// Records rendered as the SDK's output types (UserType, UserPoolType, IdentityProviderType, ...).
import type {
  AttributeType,
  IdentityProviderType,
  ProviderDescription,
  SchemaAttributeType,
  UserPoolDescriptionType,
  UserPoolType,
  UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { renderIdentities } from "./identities";
import { isStandardAttribute, type SchemaAttributeRecord, standardConstraints } from "./schema";
import type { IdentityProviderRecord, Pool, StoredUser } from "./store";

/** The account emulated resources belong to unless `--account-id` says otherwise (ARNs only). */
export const DEFAULT_ACCOUNT_ID = "000000000000";

/**
 * A user's attributes as Cognito lists them: `sub` first, then `identities` when the user has any
 * external identity (docs/cognito.md §4, row R1), then the rest in the order they were set.
 */
export function userAttributes(user: StoredUser, only?: readonly string[]): AttributeType[] {
  const all: AttributeType[] = [{ Name: "sub", Value: user.sub }];
  if (user.identities.length > 0) all.push({ Name: "identities", Value: renderIdentities(user.identities) });
  for (const [name, value] of Object.entries(user.attributes)) all.push({ Name: name, Value: value });
  return only === undefined ? all : all.filter((attribute) => only.includes(attribute.Name ?? ""));
}

export function userType(user: StoredUser, only?: readonly string[]): UserType {
  return {
    Username: user.username,
    Attributes: userAttributes(user, only),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function constraintsOf(attribute: SchemaAttributeRecord): SchemaAttributeType {
  const standard = isStandardAttribute(attribute.name)
    ? standardConstraints(attribute.name, attribute.dataType)
    : {};
  const strings = attribute.stringConstraints ?? standard.stringConstraints;
  const numbers = attribute.numberConstraints ?? standard.numberConstraints;
  return {
    ...(strings !== undefined
      ? { StringAttributeConstraints: { MinLength: strings.minLength, MaxLength: strings.maxLength } }
      : {}),
    ...(numbers !== undefined
      ? { NumberAttributeConstraints: { MinValue: numbers.minValue, MaxValue: numbers.maxValue } }
      : {}),
  };
}

function schemaAttributeType(pool: Pool): SchemaAttributeType[] {
  return pool.info.settings.schema.map((attribute) => ({
    Name: attribute.name,
    AttributeDataType: attribute.dataType,
    DeveloperOnlyAttribute: attribute.developerOnly,
    Mutable: attribute.mutable,
    Required: attribute.required,
    ...constraintsOf(attribute),
  }));
}

/** A member CreateUserPool was given, as it was given. */
function echoedObject(pool: Pool, name: string): Record<string, unknown> | undefined {
  const value = pool.info.settings.echoed[name];
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function userPoolType(pool: Pool, accountId: string): UserPoolType {
  const { info } = pool;
  const { settings } = info;
  const policy = settings.passwordPolicy;
  const policies = echoedObject(pool, "Policies") ?? {};
  const givenPasswordPolicy =
    typeof policies["PasswordPolicy"] === "object" ? (policies["PasswordPolicy"] as object) : {};
  return {
    // Whatever CreateUserPool was given and the emulator does not model, as given (defaults below).
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
    MfaConfiguration: "OFF",
    EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
    UserPoolTier: "ESSENTIALS",
    LambdaConfig: {},
    ...(settings.echoed as Partial<UserPoolType>),
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: policy.temporaryPasswordValidityDays,
      ...echoedObject(pool, "AdminCreateUserConfig"),
    },
    Id: info.id,
    Name: info.name,
    Arn: `arn:aws:cognito-idp:${info.region}:${accountId}:userpool/${info.id}`,
    Policies: {
      ...policies,
      PasswordPolicy: {
        ...givenPasswordPolicy,
        MinimumLength: policy.minimumLength,
        RequireUppercase: policy.requireUppercase,
        RequireLowercase: policy.requireLowercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
      },
    },
    DeletionProtection: settings.deletionProtection,
    LastModifiedDate: new Date(info.lastModifiedAt),
    CreationDate: new Date(info.createdAt),
    SchemaAttributes: schemaAttributeType(pool),
    AutoVerifiedAttributes: settings.autoVerifiedAttributes,
    ...(settings.aliasAttributes.length > 0 ? { AliasAttributes: settings.aliasAttributes } : {}),
    ...(settings.usernameAttributes.length > 0 ? { UsernameAttributes: settings.usernameAttributes } : {}),
    ...(settings.caseSensitive !== undefined
      ? { UsernameConfiguration: { CaseSensitive: settings.caseSensitive } }
      : {}),
    EstimatedNumberOfUsers: pool.userCount(),
    UserPoolTags: settings.tags,
  };
}

export function userPoolDescriptionType(pool: Pool): UserPoolDescriptionType {
  return {
    Id: pool.info.id,
    Name: pool.info.name,
    LambdaConfig: echoedObject(pool, "LambdaConfig") ?? {},
    LastModifiedDate: new Date(pool.info.lastModifiedAt),
    CreationDate: new Date(pool.info.createdAt),
  };
}

export function identityProviderType(pool: Pool, provider: IdentityProviderRecord): IdentityProviderType {
  return {
    UserPoolId: pool.id,
    ProviderName: provider.name,
    ProviderType: provider.type,
    ProviderDetails: provider.details,
    AttributeMapping: provider.attributeMapping,
    IdpIdentifiers: provider.idpIdentifiers,
    LastModifiedDate: new Date(provider.lastModifiedAt),
    CreationDate: new Date(provider.createdAt),
  };
}

export function providerDescription(provider: IdentityProviderRecord): ProviderDescription {
  return {
    ProviderName: provider.name,
    ProviderType: provider.type,
    LastModifiedDate: new Date(provider.lastModifiedAt),
    CreationDate: new Date(provider.createdAt),
  };
}

/** The output of operations whose model output is Unit (DeleteUserPool, AdminDeleteUser, ...): `{}`. */
export type EmptyOutput = Record<string, never>;
