// The link entries of a SeededUserLinks: each entry checked, then the set as a whole (pure, program-side).
import { COGNITO_SUBJECT, MAX_IDENTITIES_PER_USER } from "../inputs";
import { isCognitoProvider } from "../validate";
import { seededLinkName } from "./naming";

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
export const ENTRY_FORM =
  "{ username, provider, subject } or, for SAML/OIDC, { username, provider, attribute: { name, value } }";

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
