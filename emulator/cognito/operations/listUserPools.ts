// ListUserPools: the pools of the caller's region, a page at a time.
import type { ListUserPoolsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { paginate } from "../pagination";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { userPoolDescriptionType } from "../responses";

export type ListUserPoolsTarget = (ctx: RequestContext, body: unknown) => ListUserPoolsResponse;

export const ListUserPools =
  ({ store }: Pick<Services, "store">): ListUserPoolsTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const maxResults = reader.requiredInteger("MaxResults");
    reader.checkRange("MaxResults", maxResults, 1, 60);
    const nextToken = reader.optionalString("NextToken");
    reader.validate();
    const page = paginate(store.poolsIn(ctx.region), (pool) => pool.id, maxResults, nextToken, "NextToken");
    return {
      UserPools: page.items.map(userPoolDescriptionType),
      ...(page.next !== undefined ? { NextToken: page.next } : {}),
    };
  };
