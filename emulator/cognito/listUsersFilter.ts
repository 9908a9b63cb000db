// The ListUsers `Filter` expression: `attribute = "value"` or `attribute ^= "value"` on a few attributes.
import { InvalidParameterException } from "./errors";
import type { StoredUser } from "./store";

/**
 * The attributes Cognito can search (API reference of ListUsers). `identities` is not one of them
 * (docs/cognito.md row R1), nor is any custom attribute.
 */
const SEARCHABLE = [
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
] as const;
type SearchableAttribute = (typeof SEARCHABLE)[number];

export interface UserFilter {
  attribute: SearchableAttribute;
  prefix: boolean;
  value: string;
}

const EXPRESSION = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parses a filter; undefined for an absent or empty one, which lists every user. */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = EXPRESSION.exec(filter);
  if (match === null) throw new InvalidParameterException("Error while parsing filter.");
  const [, name = "", operator, quoted = ""] = match;
  const attribute = SEARCHABLE.find((candidate) => candidate === name);
  if (attribute === undefined) throw new InvalidParameterException(`Invalid search attribute: ${name}`);
  return { attribute, prefix: operator === "^=", value: quoted.replace(/\\(.)/g, "$1") };
}

function valueOf(user: StoredUser, attribute: SearchableAttribute): string | undefined {
  switch (attribute) {
    case "username":
      return user.username;
    case "sub":
      return user.sub;
    case "cognito:user_status":
      return user.status;
    case "status":
      return user.enabled ? "Enabled" : "Disabled";
    default:
      return user.attributes[attribute];
  }
}

/** Whether the user matches; `caseInsensitiveUsernames` follows the pool's UsernameConfiguration. */
export function matchesFilter(
  user: StoredUser,
  filter: UserFilter,
  caseInsensitiveUsernames: boolean,
): boolean {
  let actual = valueOf(user, filter.attribute);
  if (actual === undefined) return false;
  let wanted = filter.value;
  // cognito:user_status compares case-insensitively, and so do usernames of case-insensitive pools.
  if (
    filter.attribute === "cognito:user_status" ||
    (filter.attribute === "username" && caseInsensitiveUsernames)
  ) {
    actual = actual.toLowerCase();
    wanted = wanted.toLowerCase();
  }
  return filter.prefix ? actual.startsWith(wanted) : actual === wanted;
}
