// DeleteUserPool: removes a pool with its identity providers and users, unless deletion protection is on.
import { InvalidParameterException } from "../errors";
import { readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import type { EmptyOutput } from "../responses";

export type DeleteUserPoolTarget = (ctx: RequestContext, body: unknown) => EmptyOutput;

export const DeleteUserPool =
  ({ store }: Pick<Services, "store">): DeleteUserPoolTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    if (pool.info.settings.deletionProtection === "ACTIVE") {
      throw new InvalidParameterException(
        "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.",
      );
    }
    store.deletePool(pool.id);
    return {};
  };
