// AdminGetUser: one user, its `identities` attribute included (docs/cognito.md row R1).
import type { AdminGetUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { requireUser } from "../lookups";
import { readUserPoolId, readUsername } from "../members";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { userAttributes } from "../responses";

export type AdminGetUserTarget = (ctx: RequestContext, body: unknown) => AdminGetUserResponse;

export const AdminGetUser =
  ({ store }: Pick<Services, "store">): AdminGetUserTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const username = readUsername(reader);
    reader.validate();
    const user = requireUser(store.pool(ctx.region, poolId), username);
    return {
      Username: user.username,
      UserAttributes: userAttributes(user),
      UserCreateDate: new Date(user.createdAt),
      UserLastModifiedDate: new Date(user.lastModifiedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  };
