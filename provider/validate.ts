// Pure validation and normalization of a link's inputs: total, preview-aware, failures name the property path.
import {
  COGNITO_PROVIDER,
  COGNITO_SUBJECT,
  Link,
  LinkHints,
  LinkInputs,
  RedactableField,
  SourceUser,
  SOCIAL_PROVIDERS,
  UNKNOWN,
} from "./inputs";
import { COGNITO_AS_SOURCE } from "./messages";

export interface Failure {
  property: string;
  reason: string;
}

/**
 * The property a check failure names: the one place that decides it. The Pulumi CLI prints
 * `inputs[property]` beside each failure (the engine's issueCheckFailures): a top-level key prints that
 * input's whole value, secrets in plain text, while a dotted path matches no key and prints `{<nil>}`. So a
 * failure about a whole `destinationUser` or `sourceUser` whose value is secret (listed in `redacted`) is
 * reported on that value's own path, `<input>.providerAttributeValue`: it still names the input and the field
 * that matters, and prints nothing secret. Without a secret the input itself is named, so its value shows.
 */
export function failureProperty(property: string, redacted: readonly string[]): string {
  return redacted.includes(property) ? `${property}.providerAttributeValue` : property;
}

export interface Normalized {
  /** The inputs with defaults applied; fields still unknown in preview keep the unknown marker. */
  inputs: LinkInputs;
  failures: Failure[];
  /** True when no identifying field is the unknown marker. */
  known: boolean;
}

// Plain arrays, not Sets: the closure serializer copies module values and cannot rebuild a Set.
const TOP_LEVEL: readonly string[] = [
  "userPoolId",
  "destinationUser",
  "sourceUser",
  "redactInId",
  "dependenciesReady",
  "retainOnDelete",
  "__provider",
  // Outputs the resource class declares (as undefined) so the engine tracks them.
  "providerType",
  "linkedAt",
  "schemaVersion",
];
/** The keys of destinationUser and sourceUser (the same three). */
const USER_KEYS: readonly string[] = ["providerName", "providerAttributeName", "providerAttributeValue"];

/** `<region>_<alphanumerics>`, 1..55 characters (the API's pattern `[\w-]+_[0-9a-zA-Z]+`). */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_([0-9a-zA-Z]+)$/;
/** Control characters and white space never appear in Cognito usernames, provider names or subjects. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SPACE = /\s/;
/** Reported limit: federated usernames are `<provider>_<value>`, at most 128 characters. */
const MAX_SOURCE_LENGTH = 128;
const MAX_USERNAME_LENGTH = 128;

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

// Not `describe`: the closure serializer treats any name found on `global` as a built-in and does not capture
// it, so under mocha or jest (an Automation API program in a test) the serialized provider would call theirs.
function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string")
    return v === "" ? "an empty string" : `"${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  return `a ${typeof v}`;
}

/** The region a pool lives in, from its id (`us-east-1_AbC123` → `us-east-1`), or undefined when malformed. */
export function regionOfPool(userPoolId: string): string | undefined {
  return POOL_ID.exec(userPoolId)?.[1];
}

function isSocialProvider(providerName: string): boolean {
  return SOCIAL_PROVIDERS.includes(providerName);
}

/** A case-insensitive match: a source named like Cognito's native provider is refused whatever its case. */
export function isCognitoProvider(providerName: unknown): boolean {
  return (
    typeof providerName === "string" && providerName.trim().toLowerCase() === COGNITO_PROVIDER.toLowerCase()
  );
}

/** What a string input must be: `form` is the allowed form that every failure about it ends with. */
interface StringRule {
  required: boolean;
  max: number;
  noSpace?: boolean;
  form: string;
}

class Collector {
  readonly failures: Failure[] = [];
  private readonly secret: readonly string[];
  /** Inputs whose identifying value was a secret in the program: failures describe them without their value. */
  constructor(private readonly redacted: readonly string[] = []) {
    this.secret = redacted.flatMap((u) => [u, `${u}.providerAttributeValue`]);
  }
  private show(property: string, value: unknown): string {
    return this.secret.includes(property) ? "<secret>" : describeValue(value);
  }
  known = true;
  fail(property: string, reason: string): void {
    this.failures.push({ property: failureProperty(property, this.redacted), reason });
  }
  /** Returns the string, the unknown marker (and notes it), or undefined after recording a failure. */
  string(value: unknown, property: string, rule: StringRule): string | undefined {
    if (isUnknown(value)) {
      this.known = false;
      return UNKNOWN;
    }
    if (value === undefined || value === null) {
      if (rule.required) this.fail(property, `is required: ${rule.form}`);
      return undefined;
    }
    if (typeof value !== "string") {
      const hint = typeof value === "number" ? ` (pass it as a string, e.g. "${String(value)}")` : "";
      this.fail(
        property,
        `must be a string, got ${this.show(property, value)}${this.secret.includes(property) ? "" : hint}: ${rule.form}`,
      );
      return undefined;
    }
    if (value.length === 0) {
      this.fail(property, `must not be empty: ${rule.form}`);
      return undefined;
    }
    if (value.trim() !== value) {
      this.fail(
        property,
        `must not start or end with white space, got ${this.show(property, value)}: ${rule.form}`,
      );
      return undefined;
    }
    if (CONTROL.test(value)) {
      this.fail(property, `must not contain control characters: ${rule.form}`);
      return undefined;
    }
    if (rule.noSpace && SPACE.test(value)) {
      this.fail(property, `must not contain white space, got ${this.show(property, value)}: ${rule.form}`);
      return undefined;
    }
    if ([...value].length > rule.max) {
      this.fail(property, `must be at most ${rule.max} characters, got ${[...value].length}: ${rule.form}`);
      return undefined;
    }
    return value;
  }
  object(
    value: unknown,
    property: string,
    allowed: readonly string[],
    form: string,
  ): Record<string, unknown> | undefined {
    if (isUnknown(value)) {
      this.known = false;
      return undefined;
    }
    if (value === undefined || value === null) {
      this.fail(property, `is required: ${form}`);
      return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(property, `must be an object, got ${this.show(property, value)}: ${form}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        this.fail(`${property}.${key}`, `is not a property of ${property}; allowed: ${allowed.join(", ")}`);
      }
    }
    return record;
  }
}

const POOL_FORM = "a user pool id such as us-east-1_AbCdEf123 (`<region>_<letters and digits>`)";
const PROVIDER_NAME_FORM = "1 to 32 characters, the name of an identity provider of the pool";
const VALUE_FORM = "the subject (or claim value) the identity provider reports for the user";
const DESTINATION_FORM = "{ providerAttributeValue: <username>, providerName?: 'Cognito' }";
const SOURCE_FORM =
  "{ providerName: 'Google', providerAttributeValue: <subject>, providerAttributeName?: 'Cognito_Subject' }";

/** The hints the resource class computes (inputs.ts LinkHints), kept only in the forms it sends. */
function hintsOf(root: Record<string, unknown>): LinkHints {
  const hints: LinkHints = {};
  if (Array.isArray(root.redactInId)) {
    hints.redactInId = root.redactInId.filter(
      (f): f is RedactableField => f === "destinationUser" || f === "sourceUser",
    );
  }
  if (root.retainOnDelete === true) hints.retainOnDelete = true;
  if (root.dependenciesReady === true) hints.dependenciesReady = true;
  else if (root.dependenciesReady === false || isUnknown(root.dependenciesReady))
    hints.dependenciesReady = false;
  return hints;
}

/**
 * Applies defaults and validates. Never throws; fields that are the unknown marker are kept and not judged,
 * so a preview with a pool created in the same stack passes.
 */
export function normalize(news: unknown): Normalized {
  const root =
    typeof news === "object" && news !== null && !Array.isArray(news)
      ? (news as Record<string, unknown>)
      : {};
  const secretUsers: unknown[] = Array.isArray(root.redactInId) ? root.redactInId : [];
  const c = new Collector(secretUsers.map(String));
  if (root !== news) c.fail("", `the inputs must be an object, got ${describeValue(news)}`);
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.includes(key)) {
      c.fail(key, "is not an input of UserProviderLink; inputs are userPoolId, destinationUser, sourceUser");
    }
  }
  const link: Link = {
    userPoolId: normalizePool(c, root.userPoolId),
    destinationUser: normalizeDestination(c, root.destinationUser),
    sourceUser: normalizeSource(c, root.sourceUser),
  };
  checkNotItself(c, link);
  return { inputs: { ...link, ...hintsOf(root) }, failures: c.failures, known: c.known };
}

function normalizePool(c: Collector, value: unknown): string {
  const userPoolId = c.string(value, "userPoolId", { required: true, max: 55, form: POOL_FORM });
  if (userPoolId !== undefined && userPoolId !== UNKNOWN && !POOL_ID.test(userPoolId)) {
    c.fail("userPoolId", `is not a user pool id, got ${describeValue(userPoolId)}: expected ${POOL_FORM}`);
  }
  return userPoolId ?? UNKNOWN;
}

type UserProperty = "destinationUser" | "sourceUser";

/**
 * The shape destinationUser and sourceUser share: one field of the user object, its default when absent
 * (`fallback`), else the string the rule accepts; undefined after recording a failure, or when an optional
 * field without a default is absent.
 */
function userField(
  c: Collector,
  user: Record<string, unknown>,
  property: UserProperty,
  key: keyof SourceUser & string,
  fallback: string | undefined,
  rule: StringRule,
): string | undefined {
  const value = user[key];
  if (value === undefined && fallback !== undefined) return fallback;
  return c.string(value, `${property}.${key}`, rule);
}

function normalizeDestination(c: Collector, value: unknown): Link["destinationUser"] {
  const property = "destinationUser";
  const dest = c.object(value, property, USER_KEYS, DESTINATION_FORM);
  if (!dest) return { providerName: UNKNOWN, providerAttributeValue: UNKNOWN };
  const providerName = userField(c, dest, property, "providerName", COGNITO_PROVIDER, {
    required: false,
    max: 32,
    noSpace: true,
    form: `\`${COGNITO_PROVIDER}\` (the default) for a native user, or ${PROVIDER_NAME_FORM}`,
  });
  const native = providerName === COGNITO_PROVIDER;
  const attributeValue = userField(c, dest, property, "providerAttributeValue", undefined, {
    required: true,
    max: MAX_USERNAME_LENGTH,
    noSpace: native,
    form: native ? "the username of an existing user in the pool" : "the federated user's id at its provider",
  });
  // Cognito ignores a destination's attribute name (native or federated): it is checked for its type and
  // otherwise dropped, so changing it never replaces a link.
  userField(c, dest, property, "providerAttributeName", undefined, {
    required: false,
    max: 128,
    noSpace: true,
    form: `${COGNITO_SUBJECT} (ignored by Cognito)`,
  });
  return { providerName: providerName ?? UNKNOWN, providerAttributeValue: attributeValue ?? UNKNOWN };
}

function normalizeSource(c: Collector, value: unknown): Link["sourceUser"] {
  const property = "sourceUser";
  const src = c.object(value, property, USER_KEYS, SOURCE_FORM);
  if (!src) {
    return { providerName: UNKNOWN, providerAttributeName: UNKNOWN, providerAttributeValue: UNKNOWN };
  }
  let providerName = userField(c, src, property, "providerName", undefined, {
    required: true,
    max: 32,
    noSpace: true,
    form: PROVIDER_NAME_FORM,
  });
  if (isCognitoProvider(providerName)) {
    c.fail("sourceUser.providerName", COGNITO_AS_SOURCE);
    providerName = undefined;
  }
  const attributeName = userField(c, src, property, "providerAttributeName", COGNITO_SUBJECT, {
    required: false,
    max: 128,
    noSpace: true,
    form: `${COGNITO_SUBJECT} (the default), or for SAML/OIDC a claim mapped to a pool attribute`,
  });
  checkSocialAttribute(c, providerName, attributeName);
  const attributeValue = userField(c, src, property, "providerAttributeValue", undefined, {
    required: true,
    max: MAX_SOURCE_LENGTH,
    form: VALUE_FORM,
  });
  const source = {
    providerName: providerName ?? UNKNOWN,
    providerAttributeName: attributeName ?? UNKNOWN,
    providerAttributeValue: attributeValue ?? UNKNOWN,
  };
  if (providerName && attributeName && attributeValue) checkSourceLength(c, source);
  return source;
}

/** Social providers link by subject only. */
function checkSocialAttribute(
  c: Collector,
  providerName: string | undefined,
  attributeName: string | undefined,
): void {
  if (
    providerName !== undefined &&
    providerName !== UNKNOWN &&
    isSocialProvider(providerName) &&
    attributeName !== undefined &&
    attributeName !== UNKNOWN &&
    attributeName !== COGNITO_SUBJECT
  ) {
    c.fail(
      "sourceUser.providerAttributeName",
      `must be ${COGNITO_SUBJECT} for ${providerName}, got ${describeValue(attributeName)}: social providers link ` +
        `by subject only (the \`sub\`/\`id\`/\`user_id\` the provider reports); leave it unset`,
    );
  }
}

/** A federated username is `<provider>_<value>`: the source's three parts share Cognito's limit. */
function checkSourceLength(c: Collector, source: Link["sourceUser"]): void {
  const parts = [source.providerName, source.providerAttributeName, source.providerAttributeValue];
  const combined = parts.reduce((n, p) => n + [...p].length, 0);
  if (!parts.includes(UNKNOWN) && combined > MAX_SOURCE_LENGTH) {
    c.fail(
      "sourceUser",
      `providerName, providerAttributeName and providerAttributeValue together must be at most ` +
        `${MAX_SOURCE_LENGTH} characters (Cognito's limit for federated usernames), got ${combined}`,
    );
  }
}

function checkNotItself(c: Collector, link: Link): void {
  const d = link.destinationUser;
  const s = link.sourceUser;
  if (
    d.providerName === s.providerName &&
    d.providerAttributeValue === s.providerAttributeValue &&
    s.providerName !== UNKNOWN &&
    s.providerAttributeValue !== UNKNOWN
  ) {
    c.fail("sourceUser", "names the same identity as destinationUser: a user cannot be linked to itself");
  }
}
