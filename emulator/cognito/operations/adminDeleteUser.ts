// AdminDeleteUser: removes a user; the identities linked to it go with it (docs/cognito.md row R4).
import { requireUser } from "../lookups";
import { readUserPoolId, readUsername } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import type { EmptyOutput } from "../responses";

export type AdminDeleteUserTarget = (ctx: RequestContext, body: unknown) => EmptyOutput;

export const AdminDeleteUser =
  ({ store }: Pick<Services, "store">): AdminDeleteUserTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const username = readUsername(reader);
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    // The links live in the user's own `identities`, so they are gone with it (docs/cognito.md row R4, assumed).
    pool.deleteUser(requireUser(pool, username));
    return {};
  };
