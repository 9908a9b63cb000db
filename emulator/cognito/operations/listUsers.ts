// ListUsers: the users of a pool, filtered and a page at a time, each with its `identities` (docs/cognito.md row R1).
import type { ListUsersResponse } from "@aws-sdk/client-cognito-identity-provider";
import { matchesFilter, parseUserFilter } from "../listUsersFilter";
import { readUserPoolId } from "../members";
import { paginate } from "../pagination";
import { RequestReader } from "../../jsonReader";
import type { RequestContext, Services } from "../services";
import { userType } from "../responses";

const DEFAULT_LIMIT = 60;

export type ListUsersTarget = (ctx: RequestContext, body: unknown) => ListUsersResponse;

export const ListUsers =
  ({ store }: Pick<Services, "store">): ListUsersTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const attributesToGet = reader.optionalStringList("AttributesToGet");
    const limit = reader.optionalInteger("Limit") ?? DEFAULT_LIMIT;
    reader.checkRange("Limit", limit, 0, 60);
    const paginationToken = reader.optionalString("PaginationToken");
    const filterText = reader.optionalString("Filter");
    if (filterText !== undefined) reader.checkLength("Filter", filterText, 0, 256);
    reader.validate();
    const filter = parseUserFilter(filterText);

    const pool = store.pool(ctx.region, poolId);
    const caseInsensitive = pool.info.settings.caseSensitive === false;
    const users =
      filter === undefined
        ? pool.users()
        : pool.users().filter((user) => matchesFilter(user, filter, caseInsensitive));
    const page = paginate(
      users,
      (user) => user.username,
      limit === 0 ? DEFAULT_LIMIT : limit,
      paginationToken,
      "PaginationToken",
    );
    return {
      Users: page.items.map((user) => userType(user, attributesToGet)),
      ...(page.next !== undefined ? { PaginationToken: page.next } : {}),
    };
  };
