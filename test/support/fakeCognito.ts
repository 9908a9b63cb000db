// A working in-memory Cognito behind the provider's CognitoApi, for unit tests: pools, users, links, and
// call counts; errors are thrown the SDK's way (an Error whose `name` is Cognito's error name).
import type { CognitoApi, Identifier, UserRecord } from "../../provider/cognito";
import type { ApiFactory } from "../../provider/session";

export interface FakeUser {
  status?: string;
  /** The `identities` entries: linked identities, or a federated user's own (primary). */
  identities?: { providerName: string; userId: string; primary?: boolean; providerType?: string }[];
  /** Other names AdminGetUser answers to with this user (an email alias, the sub). */
  aliases?: string[];
}

export interface FakePool {
  caseSensitive?: boolean;
  /** Identity providers by name: their type. */
  providers?: Record<string, string>;
  users?: Record<string, FakeUser>;
}

export type Operation = keyof CognitoApi;

export function cognitoError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

export class FakeCognito implements CognitoApi {
  readonly calls: { operation: Operation; args: unknown[] }[] = [];
  /** Throw this from the next calls of an operation (until cleared), before the fake answers. */
  readonly failing: Partial<Record<Operation, Error>> = {};
  /** Resolve getUser only when the test calls `release()` (to hold a read in flight). */
  private held: (() => void)[] = [];
  holdReads = false;

  constructor(readonly pools: Record<string, FakePool> = {}) {}

  count(operation: Operation): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  release(): void {
    this.held.splice(0).forEach((r) => r());
  }

  factory(): ApiFactory {
    return () => this;
  }

  private enter(operation: Operation, args: unknown[]): void {
    this.calls.push({ operation, args });
    const error = this.failing[operation];
    if (error) throw error;
  }

  private pool(userPoolId: string): FakePool {
    const pool = this.pools[userPoolId];
    if (!pool) throw cognitoError("ResourceNotFoundException", `User pool ${userPoolId} does not exist.`);
    return pool;
  }

  private find(pool: FakePool, username: string): [string, FakeUser] | undefined {
    const users = Object.entries(pool.users ?? {});
    const same = (a: string) =>
      pool.caseSensitive === false ? a.toLowerCase() === username.toLowerCase() : a === username;
    return users.find(([name]) => same(name)) ?? users.find(([, u]) => (u.aliases ?? []).includes(username));
  }

  async describeUserPool(userPoolId: string) {
    this.enter("describeUserPool", [userPoolId]);
    return { caseSensitive: this.pool(userPoolId).caseSensitive !== false };
  }

  async describeIdentityProvider(userPoolId: string, providerName: string) {
    this.enter("describeIdentityProvider", [userPoolId, providerName]);
    const type = this.pool(userPoolId).providers?.[providerName];
    if (type === undefined) {
      throw cognitoError("ResourceNotFoundException", `Identity provider ${providerName} does not exist.`);
    }
    return { providerType: type };
  }

  async getUser(userPoolId: string, username: string): Promise<UserRecord> {
    this.enter("getUser", [userPoolId, username]);
    if (this.holdReads) await new Promise<void>((r) => this.held.push(r));
    const found = this.find(this.pool(userPoolId), username);
    if (!found) throw cognitoError("UserNotFoundException", "User does not exist.");
    const [name, user] = found;
    const attributes: Record<string, string> = {};
    if (user.identities) {
      attributes.identities = JSON.stringify(
        user.identities.map((i) => ({ ...i, primary: i.primary ?? false, dateCreated: 1_700_000_000_000 })),
      );
    }
    return { username: name, status: user.status ?? "CONFIRMED", attributes };
  }

  async link(userPoolId: string, destination: Identifier, source: Identifier): Promise<void> {
    this.enter("link", [userPoolId, destination, source]);
    const found = this.find(this.pool(userPoolId), destination.providerAttributeValue);
    if (!found) throw cognitoError("UserNotFoundException", "User does not exist.");
    (found[1].identities ??= []).push({
      providerName: source.providerName,
      userId: source.providerAttributeValue,
    });
  }

  async disable(userPoolId: string, source: Identifier): Promise<void> {
    this.enter("disable", [userPoolId, source]);
    for (const user of Object.values(this.pool(userPoolId).users ?? {})) {
      user.identities = user.identities?.filter(
        (i) => !(i.providerName === source.providerName && i.userId === source.providerAttributeValue),
      );
    }
  }
}
