// DeleteIdentityProvider: removes an identity provider; `identities` entries that name it stay (docs/cognito.md row R5).
import { requireProvider } from "../lookups";
import { readUserPoolId } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import type { EmptyOutput } from "../responses";

export type DeleteIdentityProviderTarget = (ctx: RequestContext, body: unknown) => EmptyOutput;

export const DeleteIdentityProvider =
  ({ store }: Pick<Services, "store">): DeleteIdentityProviderTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const name = reader.requiredString("ProviderName");
    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    // Linked and federated users keep their entries for this provider (docs/cognito.md row R5, assumed).
    pool.deleteProvider(requireProvider(pool, name).name);
    return {};
  };
