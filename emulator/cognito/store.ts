// The emulator's in-memory Cognito: user pools, their identity providers and users, and its change counter.
import type {
  AliasAttributeType,
  UsernameAttributeType,
  UserStatusType,
  VerifiedAttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { ResourceNotFoundException } from "./errors";
import { regionOfPoolId } from "./ids";
import { type IdentityRecord, type ProviderType, sameIdentity } from "./identities";
import type { PasswordPolicyRecord } from "./passwordPolicy";
import type { SchemaAttributeRecord } from "./schema";

export type UserStatus = UserStatusType;

/** A user as the emulator keeps it (the provider's view of a user is another type, provider/cognito.ts). */
export interface StoredUser {
  username: string;
  sub: string;
  /** Every attribute but `sub` and `identities`, which are rendered from the fields below. */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  lastModifiedAt: number;
  identities: IdentityRecord[];
  /** Set by AdminDisableProviderForUser with ProviderName "Cognito" (docs/cognito.md row D4). */
  passwordSignInDisabled: boolean;
}

export interface IdentityProviderRecord {
  name: string;
  type: ProviderType;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  lastModifiedAt: number;
}

export type DeletionProtection = "ACTIVE" | "INACTIVE";

/** The part of a pool's configuration the emulator keeps and echoes in DescribeUserPool. */
export interface PoolSettings {
  passwordPolicy: PasswordPolicyRecord;
  schema: SchemaAttributeRecord[];
  usernameAttributes: UsernameAttributeType[];
  aliasAttributes: AliasAttributeType[];
  autoVerifiedAttributes: VerifiedAttributeType[];
  /** Undefined when CreateUserPool named no UsernameConfiguration: usernames are then case sensitive. */
  caseSensitive: boolean | undefined;
  deletionProtection: DeletionProtection;
  tags: Record<string, string>;
  /**
   * The other CreateUserPool members (LambdaConfig, AccountRecoverySetting, the verification messages,
   * MfaConfiguration, ...), by member name, as given: not modelled, only reported back.
   */
  echoed: Record<string, unknown>;
}

/** A pool as it is saved in the state file. */
export interface PoolRecord {
  id: string;
  region: string;
  name: string;
  createdAt: number;
  lastModifiedAt: number;
  settings: PoolSettings;
  identityProviders: IdentityProviderRecord[];
  users: StoredUser[];
}

export type PoolInfo = Omit<PoolRecord, "identityProviders" | "users">;

export interface StateDocument {
  format: "cognito-emulator-state";
  version: 1;
  pools: PoolRecord[];
}

export function poolNotFound(poolId: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
}

/** One user pool with its users (keyed by username, case-folded in case-insensitive pools). */
export class Pool {
  private readonly usersByKey = new Map<string, StoredUser>();
  private readonly providersByName = new Map<string, IdentityProviderRecord>();

  constructor(
    readonly info: PoolInfo,
    private readonly onChange: () => void,
  ) {}

  get id(): string {
    return this.info.id;
  }

  /** Records a change to this pool or to anything in it, so that the state gets saved. */
  changed(): void {
    this.onChange();
  }

  private key(username: string): string {
    return this.info.settings.caseSensitive === false ? username.toLowerCase() : username;
  }

  users(): StoredUser[] {
    return [...this.usersByKey.values()];
  }

  userCount(): number {
    return this.usersByKey.size;
  }

  /** The user with exactly this username (case-folded in case-insensitive pools). */
  userByUsername(username: string): StoredUser | undefined {
    return this.usersByKey.get(this.key(username));
  }

  /**
   * The user an admin operation's `Username` names: the username, else a local user's `sub`, else an
   * attribute the pool signs in with (UsernameAttributes) or a verified alias (AliasAttributes).
   */
  findUser(username: string): StoredUser | undefined {
    const byName = this.userByUsername(username);
    if (byName !== undefined) return byName;
    const users = this.users();
    const bySub = users.find((user) => user.sub === username && user.status !== "EXTERNAL_PROVIDER");
    if (bySub !== undefined) return bySub;
    const { usernameAttributes, aliasAttributes } = this.info.settings;
    for (const attribute of usernameAttributes) {
      const found = this.userWithAttribute(attribute, username);
      if (found !== undefined) return found;
    }
    for (const attribute of aliasAttributes) {
      const found = users.find(
        (user) =>
          sameAttributeValue(attribute, user.attributes[attribute], username) &&
          (attribute === "preferred_username" || user.attributes[`${attribute}_verified`] === "true"),
      );
      if (found !== undefined) return found;
    }
    return undefined;
  }

  userWithAttribute(attribute: string, value: string): StoredUser | undefined {
    return this.users().find((user) => sameAttributeValue(attribute, user.attributes[attribute], value));
  }

  addUser(user: StoredUser): void {
    this.usersByKey.set(this.key(user.username), user);
    this.changed();
  }

  deleteUser(user: StoredUser): void {
    this.usersByKey.delete(this.key(user.username));
    this.changed();
  }

  /** The user holding this external identity, linked (`primary: false`) or as its own (`primary: true`). */
  identityHolder(
    providerName: string,
    userId: string,
  ): { user: StoredUser; identity: IdentityRecord } | undefined {
    for (const user of this.usersByKey.values()) {
      const identity = user.identities.find((candidate) => sameIdentity(candidate, providerName, userId));
      if (identity !== undefined) return { user, identity };
    }
    return undefined;
  }

  providers(): IdentityProviderRecord[] {
    return [...this.providersByName.values()];
  }

  provider(name: string): IdentityProviderRecord | undefined {
    return this.providersByName.get(name);
  }

  putProvider(provider: IdentityProviderRecord): void {
    this.providersByName.set(provider.name, provider);
    this.changed();
  }

  deleteProvider(name: string): void {
    this.providersByName.delete(name);
    this.changed();
  }

  toRecord(): PoolRecord {
    return { ...this.info, identityProviders: this.providers(), users: this.users() };
  }
}

/** Emails compare case-insensitively, other attributes exactly. */
function sameAttributeValue(attribute: string, stored: string | undefined, wanted: string): boolean {
  if (stored === undefined) return false;
  return attribute === "email" ? stored.toLowerCase() === wanted.toLowerCase() : stored === wanted;
}

/** All pools of all regions. A pool is only ever reached through its own region (docs/cognito.md §1). */
export class Store {
  private readonly poolsById = new Map<string, Pool>();
  private changeCount = 0;

  /** Grows by one on every change; the server saves the state when it moved. */
  get changes(): number {
    return this.changeCount;
  }

  private readonly markChanged = (): void => {
    this.changeCount++;
  };

  static fromState(state: StateDocument): Store {
    const store = new Store();
    store.load(state);
    store.changeCount = 0;
    return store;
  }

  /**
   * Puts the store back to `state` (which it takes over), e.g. the last state saved when a save
   * failed, so that memory holds what the disk does. Counts as a change.
   */
  restore(state: StateDocument): void {
    this.load(state);
    this.markChanged();
  }

  private load(state: StateDocument): void {
    this.poolsById.clear();
    for (const record of state.pools) {
      const { identityProviders, users, ...info } = record;
      const pool = new Pool(info, this.markChanged);
      for (const provider of identityProviders) pool.putProvider(provider);
      for (const user of users) pool.addUser(user);
      this.poolsById.set(pool.id, pool);
    }
  }

  toState(): StateDocument {
    return {
      format: "cognito-emulator-state",
      version: 1,
      pools: [...this.poolsById.values()].map((pool) => pool.toRecord()),
    };
  }

  addPool(info: PoolInfo): Pool {
    const pool = new Pool(info, this.markChanged);
    this.poolsById.set(pool.id, pool);
    this.markChanged();
    return pool;
  }

  /** The pool, wherever it lives (for seeding and the emulator's own endpoints, which are unsigned). */
  findPool(poolId: string): Pool | undefined {
    return this.poolsById.get(poolId);
  }

  /**
   * The pool as seen from `region`'s endpoint: a pool of another region does not exist there, with
   * the same error as a pool that does not exist at all (docs/cognito.md §1, row L3).
   */
  pool(region: string, poolId: string): Pool {
    const pool = this.poolsById.get(poolId);
    if (pool === undefined || regionOfPoolId(poolId) !== region) throw poolNotFound(poolId);
    return pool;
  }

  poolsIn(region: string): Pool[] {
    return [...this.poolsById.values()].filter((pool) => pool.info.region === region);
  }

  deletePool(poolId: string): void {
    this.poolsById.delete(poolId);
    this.markChanged();
  }

  /** Removes every pool of every region (POST /_emulator/reset). */
  clear(): void {
    this.poolsById.clear();
    this.markChanged();
  }
}
