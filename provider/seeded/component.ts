// SeededUserLinks: many links from a list or a JSON/YAML file, checked as a whole before anything is registered.
//
// This is program-side code: it runs in the user's Pulumi program and is never captured into a link's
// serialized provider, so it may import @pulumi/pulumi, fs and js-yaml (the allow-list in conventions.md
// applies to the code under provider.ts). @pulumi/aws stays out: destination users are duck-typed.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { COGNITO_SUBJECT, MAX_IDENTITIES_PER_USER } from "../inputs";
import { MODULE, UserProviderLink } from "../resource";
import { seededPlanProvider } from "./plan";
import { isCognitoProvider } from "../validate";

/** The type token of the component: permanent API. */
export const SEEDED_USER_LINKS_TYPE = "cognito-links:index:SeededUserLinks";

/** One link, as written in `links` or in a links file. */
export interface SeededLinkEntry {
  /** The destination: the username of a native user of the pool. */
  username: string;
  /** The identity provider's name in the pool: Google, Facebook, LoginWithAmazon, SignInWithApple, or a SAML/OIDC provider. */
  provider: string;
  /** The identity's subject (`sub` / `id` / `user_id`, or a SAML NameID), linked by `Cognito_Subject`. */
  subject?: string;
  /** Instead of `subject`, for SAML/OIDC only: a claim mapped to a pool attribute, and its value. */
  attribute?: { name: string; value: string };
}

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

/** An entry that passed validation, with the name of the link it becomes. */
export interface PlannedLink {
  /** The child UserProviderLink's name (see {@link seededLinkName}). */
  name: string;
  /** Where the entry was written: `links[2]` or `<file>[2]` (zero-based). */
  where: string;
  username: string;
  provider: string;
  attributeName: string;
  value: string;
}

/** Entries as read, before validation, labelled by where they came from. */
export interface EntrySource {
  label: string;
  entries: unknown[];
}

const ENTRY_FIELDS: readonly string[] = ["username", "provider", "subject", "attribute"];
const ENTRY_FORM =
  "{ username, provider, subject } or, for SAML/OIDC, { username, provider, attribute: { name, value } }";
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

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "number") return `the number ${v} (quote it: numbers lose digits and leading zeros)`;
  return typeof v === "string" ? JSON.stringify(v) : `a ${typeof v}`;
}

/** `links[0] (username "alice", provider "Google", subject "1098765")`, with whatever fields are present. */
function describeEntry(where: string, raw: unknown): string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return where;
  const e = raw as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof e.username === "string") parts.push(`username ${JSON.stringify(e.username)}`);
  if (typeof e.provider === "string") parts.push(`provider ${JSON.stringify(e.provider)}`);
  if (typeof e.subject === "string") parts.push(`subject ${JSON.stringify(e.subject)}`);
  const a = e.attribute as Record<string, unknown> | undefined;
  if (a && typeof a === "object" && typeof a.name === "string" && typeof a.value === "string") {
    parts.push(`attribute ${a.name}=${JSON.stringify(a.value)}`);
  }
  return parts.length ? `${where} (${parts.join(", ")})` : where;
}

/** Checks one entry; returns the link it asks for, or undefined after adding its problems. */
function checkEntry(where: string, raw: unknown, problems: string[]): Omit<PlannedLink, "name"> | undefined {
  const at = describeEntry(where, raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${at}: must be an object ${ENTRY_FORM}, got ${describeValue(raw)}`);
    return undefined;
  }
  const e = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(e)) {
    if (!ENTRY_FIELDS.includes(key)) {
      problems.push(`${at}: unknown field "${key}"; the fields are ${ENTRY_FIELDS.join(", ")}`);
    }
  }
  const text = (value: unknown, field: string, alternative = ""): string | undefined => {
    if (value === undefined || value === null || value === "") {
      problems.push(`${at}: missing ${field}${alternative}`);
    } else if (typeof value !== "string") {
      problems.push(`${at}: ${field} must be a string, got ${describeValue(value)}`);
    } else {
      return value;
    }
    return undefined;
  };
  const username = text(e.username, "username");
  const provider = text(e.provider, "provider");
  if (provider !== undefined && isCognitoProvider(provider)) {
    problems.push(
      `${at}: provider "${provider}" is Cognito's own (native users): a native user can only be the ` +
        `destination (username); name an external identity provider of the pool`,
    );
  }
  let attributeName: string | undefined;
  let value: string | undefined;
  if (e.subject !== undefined && e.attribute !== undefined) {
    problems.push(`${at}: give subject or attribute, not both`);
  } else if (e.attribute !== undefined) {
    const a = e.attribute;
    if (typeof a !== "object" || a === null || Array.isArray(a)) {
      problems.push(`${at}: attribute must be an object { name, value }, got ${describeValue(a)}`);
    } else {
      const attr = a as Record<string, unknown>;
      const extra = Object.keys(attr).filter((k) => k !== "name" && k !== "value");
      if (extra.length)
        problems.push(`${at}: unknown field attribute.${extra[0]}; the fields are name, value`);
      attributeName = text(attr.name, "attribute.name");
      value = text(attr.value, "attribute.value");
    }
  } else {
    attributeName = COGNITO_SUBJECT;
    value = text(e.subject, "subject", " (or attribute { name, value } for a SAML/OIDC claim)");
  }
  if (problems.length > before || !username || !provider || !attributeName || !value) return undefined;
  return { where, username, provider, attributeName, value };
}

function listOf(links: PlannedLink[]): string {
  return links.map((l) => describeEntry(l.where, toEntry(l))).join(", ");
}

function toEntry(l: PlannedLink): SeededLinkEntry {
  return l.attributeName === COGNITO_SUBJECT
    ? { username: l.username, provider: l.provider, subject: l.value }
    : { username: l.username, provider: l.provider, attribute: { name: l.attributeName, value: l.value } };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * Validates every entry and the set as a whole, and names the links. Pure: throws one Error listing every
 * problem, each naming its entries by position and content, or returns the links in input order.
 */
export function planSeededLinks(component: string, sources: EntrySource[]): PlannedLink[] {
  const problems: string[] = [];
  const planned: PlannedLink[] = [];
  for (const source of sources) {
    source.entries.forEach((raw, i) => {
      const link = checkEntry(`${source.label}[${i}]`, raw, problems);
      if (link) planned.push({ ...link, name: seededLinkName(component, link) });
    });
  }

  // One identity (provider, attribute, value) links to at most one user, and only once.
  const byIdentity = groupBy(planned, (l) => JSON.stringify([l.provider, l.attributeName, l.value]));
  for (const group of byIdentity.values()) {
    if (group.length < 2) continue;
    const users = [...new Set(group.map((l) => l.username))];
    problems.push(
      users.length > 1
        ? `${listOf(group)}: one identity is given to ${users.length} users (${users.join(", ")}); an external identity links to one user only`
        : `${listOf(group)}: duplicate entries; keep one`,
    );
  }

  const distinct = [...byIdentity.values()].map((g) => g[0] as PlannedLink);
  // Counted per user without case: in a case-insensitive pool `alice` and `ALICE` are one user (docs/cognito.md R7), and
  // the component cannot tell which kind of pool it links in. Two users of a case-sensitive pool named alike
  // but for case go in two components.
  for (const links of groupBy(distinct, (l) => l.username.toLowerCase()).values()) {
    if (links.length > MAX_IDENTITIES_PER_USER) {
      const spellings = [...new Set(links.map((l) => l.username))];
      const who =
        spellings.length > 1
          ? `user "${spellings[0]}" (spelled ${spellings.join(", ")}: one user in a case-insensitive pool)`
          : `user "${spellings[0]}"`;
      problems.push(
        `${listOf(links)}: ${links.length} identities for ${who}; Cognito links at most ` +
          `${MAX_IDENTITIES_PER_USER} identities to one user`,
      );
    }
  }

  for (const group of groupBy(distinct, (l) => l.name).values()) {
    if (group.length > 1) {
      problems.push(
        `${listOf(group)}: these entries would share the link name "${group[0]?.name}" (characters other than ` +
          `letters, digits and . _ @ + = - become _); change one of them`,
      );
    }
  }

  if (problems.length) {
    throw new Error(
      `SeededUserLinks ${component}: ${problems.length} problem${problems.length > 1 ? "s" : ""} in the link ` +
        `entries; nothing was registered:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return planned;
}

interface Yaml {
  load(text: string, options: { filename: string; schema: unknown }): unknown;
  FAILSAFE_SCHEMA: unknown;
}

/** Reads a links file: a list of entries, or an object whose `links` is that list. */
export function readLinksFile(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`SeededUserLinks: cannot read links file ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    if (/\.json$/i.test(file)) {
      data = JSON.parse(text);
    } else if (/\.ya?ml$/i.test(file)) {
      // Loaded on demand: only programs that use a YAML file need it.
      const yaml = require("js-yaml") as Yaml;
      data = yaml.load(text, { filename: file, schema: yaml.FAILSAFE_SCHEMA });
    } else {
      throw new Error("the name must end in .json, .yaml or .yml");
    }
  } catch (e) {
    throw new Error(`SeededUserLinks: links file ${file} is not valid: ${(e as Error).message}`);
  }
  const list =
    typeof data === "object" && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>).links
      : data;
  if (!Array.isArray(list)) {
    throw new Error(
      `SeededUserLinks: links file ${file} must hold a list of entries ${ENTRY_FORM}, or { links: [...] }`,
    );
  }
  return list;
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
 * this component and named by {@link seededLinkName}. The entries are checked together in the constructor,
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
    // Which new child takes over which removed child of the same user (seededPlan.ts): registered under the
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

/** The exchange plan of a SeededUserLinks (seededPlan.ts): a dynamic resource that calls nothing. */
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
