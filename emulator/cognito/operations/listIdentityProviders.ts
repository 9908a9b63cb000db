// ListIdentityProviders: the identity providers of a pool, a page at a time.
import type { ListIdentityProvidersResponse } from "@aws-sdk/client-cognito-identity-provider";
import { readUserPoolId } from "../members";
import { paginate } from "../pagination";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { providerDescription } from "../responses";

export type ListIdentityProvidersTarget = (
  ctx: RequestContext,
  body: unknown,
) => ListIdentityProvidersResponse;

export const ListIdentityProviders =
  ({ store }: Pick<Services, "store">): ListIdentityProvidersTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const maxResults = reader.optionalInteger("MaxResults") ?? 60;
    reader.checkRange("MaxResults", maxResults, 1, 60);
    const nextToken = reader.optionalString("NextToken");
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    const page = paginate(pool.providers(), (provider) => provider.name, maxResults, nextToken, "NextToken");
    return {
      Providers: page.items.map(providerDescription),
      ...(page.next !== undefined ? { NextToken: page.next } : {}),
    };
  };
