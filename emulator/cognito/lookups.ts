// Lookups that fail with Cognito's own "does not exist" errors.
import { ResourceNotFoundException, UserNotFoundException } from "./errors";
import type { IdentityProviderRecord, Pool, StoredUser } from "./store";

export function requireProvider(pool: Pool, name: string): IdentityProviderRecord {
  const provider = pool.provider(name);
  if (provider === undefined) {
    throw new ResourceNotFoundException(`Identity provider ${name} does not exist in user pool ${pool.id}.`);
  }
  return provider;
}

/** The user an admin operation names by username, sub or alias (see Pool.findUser). */
export function requireUser(pool: Pool, username: string): StoredUser {
  const user = pool.findUser(username);
  if (user === undefined) throw new UserNotFoundException();
  return user;
}
