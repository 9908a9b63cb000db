// DescribeIdentityProvider: one identity provider of a pool.
import type { DescribeIdentityProviderResponse } from "@aws-sdk/client-cognito-identity-provider";
import { requireProvider } from "../lookups";
import { readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { identityProviderType } from "../responses";

export type DescribeIdentityProviderTarget = (
  ctx: RequestContext,
  body: unknown,
) => DescribeIdentityProviderResponse;

export const DescribeIdentityProvider =
  ({ store }: Pick<Services, "store">): DescribeIdentityProviderTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const name = reader.requiredString("ProviderName");
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    return { IdentityProvider: identityProviderType(pool, requireProvider(pool, name)) };
  };
