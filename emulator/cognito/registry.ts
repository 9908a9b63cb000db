// The operations the emulator implements: one readable list, each with its quota category (docs/cognito.md §5).
import { AdminCreateUser } from "./operations/adminCreateUser";
import { AdminDeleteUser } from "./operations/adminDeleteUser";
import { AdminDisableProviderForUser } from "./operations/adminDisableProviderForUser";
import { AdminGetUser } from "./operations/adminGetUser";
import { AdminLinkProviderForUser } from "./operations/adminLinkProviderForUser";
import { CreateIdentityProvider } from "./operations/createIdentityProvider";
import { CreateUserPool } from "./operations/createUserPool";
import { DeleteIdentityProvider } from "./operations/deleteIdentityProvider";
import { DeleteUserPool } from "./operations/deleteUserPool";
import { DescribeIdentityProvider } from "./operations/describeIdentityProvider";
import { DescribeUserPool } from "./operations/describeUserPool";
import { ListIdentityProviders } from "./operations/listIdentityProviders";
import { ListUserPools } from "./operations/listUserPools";
import { ListUsers } from "./operations/listUsers";
import type { CognitoQuotaCategory } from "./quotaCategories";
import type { RequestContext, Services } from "./services";

/** A handler reads its own (untrusted) body and returns the SDK's output type for the operation. */
export type OperationHandler = (ctx: RequestContext, body: unknown) => object;

export interface OperationEntry {
  /** docs/cognito.md §5. Operations without one are never throttled. */
  category?: CognitoQuotaCategory;
  /** Builds the handler from the services; each factory's parameter names the ones it uses. */
  build: (services: Services) => OperationHandler;
}

export const operations = {
  CreateUserPool: { build: CreateUserPool },
  DescribeUserPool: { category: "UserPoolRead", build: DescribeUserPool },
  ListUserPools: { build: ListUserPools },
  DeleteUserPool: { build: DeleteUserPool },
  CreateIdentityProvider: { build: CreateIdentityProvider },
  DescribeIdentityProvider: { category: "UserPoolRead", build: DescribeIdentityProvider },
  ListIdentityProviders: { build: ListIdentityProviders },
  DeleteIdentityProvider: { build: DeleteIdentityProvider },
  AdminCreateUser: { category: "UserCreation", build: AdminCreateUser },
  AdminGetUser: { category: "UserRead", build: AdminGetUser },
  AdminDeleteUser: { build: AdminDeleteUser },
  ListUsers: { category: "UserList", build: ListUsers },
  AdminLinkProviderForUser: { category: "UserUpdate", build: AdminLinkProviderForUser },
  AdminDisableProviderForUser: { category: "UserUpdate", build: AdminDisableProviderForUser },
} as const satisfies Record<string, OperationEntry>;

export type OperationName = keyof typeof operations;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}

export function operationEntry(name: OperationName): OperationEntry {
  return operations[name];
}
