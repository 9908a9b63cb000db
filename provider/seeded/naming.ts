// The names of SeededUserLinks' child links: the identity names the child, never the user or the position.
import { COGNITO_SUBJECT } from "../inputs";
import type { PlannedLink } from "./entries";

/** Characters kept in child names; every other character becomes `_`. */
const NAME_UNSAFE = /[^A-Za-z0-9._@+=-]/g;

/**
 * The child link's name: `<component>-<provider>-<identity>`, where identity is the subject, or
 * `<attribute name>=<value>` for an attribute entry (an attribute named Cognito_Subject counts as a subject).
 * Characters other than letters, digits and `. _ @ + = -` become `_`. It names the identity, never the user
 * nor the entry's position: reordering entries renames nothing, and moving an identity to another user is a
 * change of the same child, which the engine replaces deleting first (unlink, then link to the new user).
 * Two entries that would get the same name are refused.
 */
export function seededLinkName(
  component: string,
  link: Pick<PlannedLink, "provider" | "attributeName" | "value">,
): string {
  return [component, link.provider, identityPart(link)].join("-").replace(NAME_UNSAFE, "_");
}

/**
 * The name 0.1 gave the child, with the username: `<component>-<username>-<provider>-<identity>`. Children
 * are registered with it as an alias, so stacks made by 0.1 keep their links (no Cognito call) on upgrade.
 */
export function legacySeededLinkName(
  component: string,
  link: Pick<PlannedLink, "username" | "provider" | "attributeName" | "value">,
): string {
  return [component, link.username, link.provider, identityPart(link)].join("-").replace(NAME_UNSAFE, "_");
}

function identityPart(link: Pick<PlannedLink, "attributeName" | "value">): string {
  return link.attributeName === COGNITO_SUBJECT ? link.value : `${link.attributeName}=${link.value}`;
}
