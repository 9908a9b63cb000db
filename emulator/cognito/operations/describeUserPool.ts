// DescribeUserPool: one pool's configuration, as far as the emulator models it.
import type { DescribeUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { userPoolType } from "../responses";

export type DescribeUserPoolTarget = (ctx: RequestContext, body: unknown) => DescribeUserPoolResponse;

export const DescribeUserPool =
  ({ store, accountId }: Pick<Services, "store" | "accountId">): DescribeUserPoolTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    return { UserPool: userPoolType(pool, accountId) };
  };
