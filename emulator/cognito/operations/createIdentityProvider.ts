// CreateIdentityProvider: adds a SAML, OIDC or social identity provider to a pool.
import type { CreateIdentityProviderResponse } from "@aws-sdk/client-cognito-identity-provider";
import { DuplicateProviderException, InvalidParameterException } from "../errors";
import { isSocial, PROVIDER_TYPES, type ProviderType } from "../identities";
import { readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { identityProviderType } from "../responses";

/** The model's pattern: no leading underscore or space, at least three characters. */
export const PROVIDER_NAME_PATTERN = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;

/** The `username` mapping Cognito adds to each provider type's attribute mapping. */
const DEFAULT_USERNAME_CLAIM: Partial<Record<ProviderType, string>> = {
  Google: "sub",
  Facebook: "id",
  LoginWithAmazon: "user_id",
  SignInWithApple: "sub",
  OIDC: "sub",
};

/** The attribute mapping Cognito stores: the given one, plus the `username` mapping of the type. */
export function attributeMappingFor(
  type: ProviderType,
  mapping: Record<string, string>,
): Record<string, string> {
  const usernameClaim = DEFAULT_USERNAME_CLAIM[type];
  return usernameClaim === undefined ? mapping : { username: usernameClaim, ...mapping };
}

/** Social providers are named after their type (docs/cognito.md §2). */
export function checkSocialProviderName(name: string, type: ProviderType): void {
  if (isSocial(type) && name !== type) {
    throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
  }
}

export type CreateIdentityProviderTarget = (
  ctx: RequestContext,
  body: unknown,
) => CreateIdentityProviderResponse;

export const CreateIdentityProvider =
  ({ store, clock }: Pick<Services, "store" | "clock">): CreateIdentityProviderTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const name = reader.requiredString("ProviderName");
    reader.checkLength("ProviderName", name, 1, 32);
    reader.checkPattern("ProviderName", name, PROVIDER_NAME_PATTERN);
    const type = reader.checkEnum("ProviderType", reader.requiredString("ProviderType"), PROVIDER_TYPES);
    const details = reader.requiredStringMap("ProviderDetails");
    const mapping = reader.optionalStringMap("AttributeMapping") ?? {};
    const idpIdentifiers = reader.optionalStringList("IdpIdentifiers") ?? [];
    idpIdentifiers.forEach((identifier) => reader.checkLength("IdpIdentifiers", identifier, 1, 40));

    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    checkSocialProviderName(name, type);
    if (pool.provider(name) !== undefined) {
      // The text CloudTrail shows for this error (cloudformation-coverage-roadmap#1287).
      throw new DuplicateProviderException(`${name} already exists in user pool ${pool.id}`);
    }
    for (const identifier of idpIdentifiers) {
      if (pool.providers().some((provider) => provider.idpIdentifiers.includes(identifier))) {
        throw new DuplicateProviderException(
          `The identifier ${identifier} is already used by another provider.`,
        );
      }
    }
    const now = clock.now();
    const provider = {
      name,
      type,
      details,
      attributeMapping: attributeMappingFor(type, mapping),
      idpIdentifiers,
      createdAt: now,
      lastModifiedAt: now,
    };
    pool.putProvider(provider);
    return { IdentityProvider: identityProviderType(pool, provider) };
  };
