// SeededUserLinks: many links from a list or a JSON/YAML file, checked as a whole before anything is registered.
//
// This is program-side code: it runs in the user's Pulumi program and is never captured into a link's
// serialized provider, so it may import @pulumi/pulumi, fs and js-yaml (the allow-list in provider/README.md
// applies to the code under provider.ts). @pulumi/aws stays out: destination users are duck-typed.
import * as pulumi from "@pulumi/pulumi";
import { MODULE, UserProviderLink } from "../resource";
import { ENTRY_FORM, EntrySource, planSeededLinks, SeededLinkEntry } from "./entries";
import { readLinksFile } from "./file";
import { legacySeededLinkName } from "./naming";
import { seededPlanProvider } from "./plan";

/** The type token of the component: permanent API. */
export const SEEDED_USER_LINKS_TYPE = "cognito-links:index:SeededUserLinks";

/** What a destination user must offer; an `aws.cognito.User` does. */
export interface SeededUser {
  userPoolId: pulumi.Input<string>;
  username: pulumi.Input<string>;
}

export interface SeededUserLinksArgs {
  /** The pool of every link whose user is not in `users`. */
  userPoolId: pulumi.Input<string>;
  /** Link entries; may be combined with `file`. */
  links?: SeededLinkEntry[];
  /**
   * A `.json`, `.yaml` or `.yml` file holding a list of entries (or `{ links: [...] }`), resolved against the
   * working directory: pass `path.join(__dirname, "links.yaml")` to be independent of it. YAML is read with
   * the failsafe schema, so every value is a string and numeric subjects keep their exact digits.
   */
  file?: string;
  /**
   * Destination users by username, e.g. `aws.cognito.User` resources. A link to one of them takes its pool id
   * and username from that resource's outputs, so it waits for the user and follows a replacement.
   */
  users?: Record<string, SeededUser>;
}

function checkUsers(component: string, users: Record<string, SeededUser> | undefined): void {
  for (const [key, user] of Object.entries(users ?? {})) {
    if (typeof user !== "object" || user === null || user.userPoolId == null || user.username == null) {
      throw new Error(
        `SeededUserLinks ${component}: users["${key}"] must have userPoolId and username (an aws.cognito.User does)`,
      );
    }
  }
}

/**
 * Links many pool users to external identities at once: one UserProviderLink per entry, each a child of
 * this component and named by `seededLinkName` (naming.ts). The entries are checked together in the constructor,
 * before anything is registered (so also in a preview): duplicates, one identity given to two users, more
 * than five identities for one user, missing or unknown fields, and the `Cognito` provider are refused with
 * one error naming every offending entry. `dependsOn` given to the component applies to every link, so links
 * can wait for the `aws.cognito.IdentityProvider` resources they use.
 *
 * ```ts
 * new SeededUserLinks("test-users", {
 *   userPoolId: pool.id,
 *   users: { alice },                      // aws.cognito.User resources, by username
 *   links: [{ username: "alice", provider: "Google", subject: "109876543210" }],
 * }, { dependsOn: [google] });
 * ```
 */
export class SeededUserLinks extends pulumi.ComponentResource {
  /** The links by child resource name. */
  public readonly links: Record<string, UserProviderLink>;

  constructor(name: string, args: SeededUserLinksArgs, opts?: pulumi.ComponentResourceOptions) {
    if (!args || typeof args !== "object" || args.userPoolId == null) {
      throw new Error(`SeededUserLinks ${name}: args { userPoolId, links?, file?, users? } are required`);
    }
    if (args.links === undefined && args.file === undefined) {
      throw new Error(`SeededUserLinks ${name}: give links, file, or both`);
    }
    if (args.links !== undefined && !Array.isArray(args.links)) {
      throw new Error(`SeededUserLinks ${name}: links must be a list of entries ${ENTRY_FORM}`);
    }
    checkUsers(name, args.users);
    const sources: EntrySource[] = [];
    if (args.links) sources.push({ label: "links", entries: args.links });
    if (args.file !== undefined) sources.push({ label: args.file, entries: readLinksFile(args.file) });
    const planned = planSeededLinks(name, sources);

    super(SEEDED_USER_LINKS_TYPE, name, {}, opts);
    this.links = {};
    // Which new child takes over which removed child of the same user (plan.ts): registered under the
    // removed child's name, the new one replaces it, unlinking first, so a user at 5 links can exchange one.
    const plan = new SeededUserLinksPlan(
      `${name}-plan`,
      planned.map((l) => ({ username: l.username, name: l.name })),
      { parent: this },
    );
    for (const link of planned) {
      const user = ownUser(args.users, link.username);
      this.links[link.name] = new UserProviderLink(
        link.name,
        {
          userPoolId: user
            ? samePool(name, link.username, args.userPoolId, user.userPoolId)
            : args.userPoolId,
          destinationUser: {
            providerAttributeValue: user ? sameUsername(name, link.username, user.username) : link.username,
          },
          sourceUser: {
            providerName: link.provider,
            providerAttributeName: link.attributeName,
            providerAttributeValue: link.value,
          },
        },
        {
          parent: this,
          dependsOn: opts?.dependsOn,
          // The removed child this one takes over, else the name 0.1 gave it (with the username).
          aliases: [
            plan.exchanges.apply((x) => ({ name: x?.[link.name] ?? legacySeededLinkName(name, link) })),
          ],
        },
      );
    }
    this.registerOutputs({
      linkIds: Object.fromEntries(Object.entries(this.links).map(([k, l]) => [k, l.id])),
    });
  }
}

/**
 * `users[username]` when it is the map's own entry: a username such as `constructor` or `toString` must not
 * pick up Object.prototype's function (an Output that never resolves) and `__proto__` must not pick up the
 * prototype itself.
 */
function ownUser(users: Record<string, SeededUser> | undefined, username: string): SeededUser | undefined {
  return users !== undefined && Object.prototype.hasOwnProperty.call(users, username)
    ? users[username]
    : undefined;
}

/** The user's pool id, once it is known to be the component's pool: a user from another pool is a wiring mistake. */
function samePool(
  component: string,
  key: string,
  poolId: pulumi.Input<string>,
  userPoolId: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.all([poolId, userPoolId]).apply(([expected, actual]) => {
    if (expected !== actual) {
      throw new Error(
        `SeededUserLinks ${component}: users["${key}"] is in user pool ${actual}, not in ${expected}`,
      );
    }
    return actual;
  });
}

/** The user's username, once it is known to match the key the entries use. */
function sameUsername(component: string, key: string, username: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(username).apply((actual) => {
    if (actual !== key) {
      throw new Error(
        `SeededUserLinks ${component}: users["${key}"] has username "${actual}"; key users by their username`,
      );
    }
    return actual;
  });
}

/** The exchange plan of a SeededUserLinks (plan.ts): a dynamic resource that calls nothing. */
class SeededUserLinksPlan extends pulumi.dynamic.Resource {
  public readonly exchanges!: pulumi.Output<Record<string, string> | undefined>;

  constructor(
    name: string,
    entries: { username: string; name: string }[],
    opts: pulumi.CustomResourceOptions,
  ) {
    super(seededPlanProvider, name, { entries, exchanges: undefined }, opts, MODULE, "SeededUserLinksPlan");
  }
}
